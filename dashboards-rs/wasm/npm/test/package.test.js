// The built npm package, loaded as a user would (`require` of the package directory), checked against the
// committed provisioned dashboard and the verdict table the Rust engine's test also reads.
// Run by scripts/build-wasm --test: node --test dashboards-rs/wasm/npm/test/
"use strict";
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const test = require("node:test");

const repo = path.resolve(__dirname, "../../../..");
const pkgDir = process.env.TUMULTE_WASM_PKG || path.join(repo, "target/wasm-pkg");
const pkg = require(pkgDir);
const table = JSON.parse(fs.readFileSync(path.join(repo, "dashboards-rs/policy/tests/verdict-cases.json"), "utf8"));

const scaling = ["cpuUsage", "memoryUsage", "latencyP95", "dbPoolUsage", "websocketsPerInstance"];
const calm = () => Object.fromEntries(scaling.map((k) => [k, 0]));

test("the dashboard is byte-identical to the committed provisioned file", () => {
  const committed = fs.readFileSync(path.join(repo, "provisioning/dashboards/tumulte/tumulte-overview.json"), "utf8");
  assert.equal(pkg.overviewDashboard(), committed);
});

test("signals carry the seed's thresholds, units and actions", () => {
  const cpu = pkg.signals().find((s) => s.id === "cpuUsage");
  assert.equal(cpu.unit, "percent");
  assert.equal(cpu.sustain, "10m");
  assert.deepEqual(cpu.steps.map((s) => [s.level, s.value, s.action]), [
    ["warning", 70, "Consider scaling"],
    ["critical", 85, "Scale now"],
  ]);
});

test("the verdict matches the shared table on every case", () => {
  assert.ok(table.cases.length >= 15);
  for (const c of table.cases) {
    const readings = { ...calm(), [c.signal]: c.value };
    const v = pkg.verdict(readings);
    const got = v.signals.find((s) => s.signal === c.signal);
    assert.deepEqual([got.level, got.action], [c.level, c.action], `${c.signal} at ${c.value}`);
  }
});

test("overall is the worst signal, with its action", () => {
  const v = pkg.verdict({ ...calm(), cpuUsage: 75, latencyP95: 1.2 });
  assert.equal(v.overall, "critical");
  assert.equal(v.action, "Latency p95: Scale the backend");
  assert.equal(v.signals.find((s) => s.signal === "latencyP95").critical, 1);
});

test("no data is null in and null out", () => {
  const v = pkg.verdict({ ...calm(), latencyP95: null });
  const latency = v.signals.find((s) => s.signal === "latencyP95");
  assert.equal(latency.value, null);
  assert.equal(latency.action, "No data");
});

test("every error case of the shared table throws an Error naming the signal", () => {
  for (const c of table.errors) {
    assert.throws(() => pkg.verdict(c.readings), (e) => e instanceof Error && e.message.includes(c.message));
  }
});

test("a data source's overrides move the thresholds the verdict applies", () => {
  const readings = { ...calm(), cpuUsage: 65 };
  assert.equal(pkg.verdict(readings).overall, "ok");
  assert.equal(pkg.verdict(readings, null).overall, "ok");
  const v = pkg.verdict(readings, { cpuUsage: { warning: 60 } });
  assert.equal(v.overall, "warning");
  assert.equal(v.signals.find((s) => s.signal === "cpuUsage").warning, 60);
});

test("an override of a step the seed lacks is refused, naming the steps it has", () => {
  assert.throws(() => pkg.verdict(calm(), { dbPoolUsage: { critical: 95 } }), /the seed has no critical step for dbPoolUsage; it has warning/);
  assert.throws(() => pkg.verdict(calm(), { cpuUsage: { warning: "high" } }), /overrides must look like/);
});

test("NaN is refused, not turned into a level", () => {
  assert.throws(() => pkg.verdict({ ...calm(), cpuUsage: NaN }), /signal cpuUsage is NaN: give a finite number/);
});

test("a reading that is not a number is refused with the shape to use", () => {
  assert.throws(() => pkg.verdict({ ...calm(), cpuUsage: "high" }), /readings must be an object of signal keys to numbers or null/);
  assert.throws(() => pkg.verdict(42), /readings must be an object/);
});

test("the bundler build loads as an ES module with WebAssembly imports, as bundlers do", async () => {
  const { spawnSync } = require("node:child_process");
  const entry = path.join(pkgDir, "bundler/tumulte_dashboards.js");
  const script = `import(${JSON.stringify(entry)}).then(m => { const v = m.verdict({cpuUsage: 99, memoryUsage: 1, latencyP95: 0.1, dbPoolUsage: 1, websocketsPerInstance: 1}); console.log(v.overall); })`;
  const run = spawnSync(process.execPath, ["--experimental-wasm-modules", "--no-warnings", "--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), "critical");
});
