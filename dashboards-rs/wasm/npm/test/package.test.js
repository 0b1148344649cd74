// The built npm package, loaded as a user would (`require` of the package directory), checked against the
// committed provisioned dashboard, the verdict table the Rust engine's test also reads, and its own TypeScript
// declarations.
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

test("signals carry Tumulte's default thresholds, units and actions", () => {
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

test("an override of a step the scaling table lacks is refused, naming the steps it has", () => {
  assert.throws(() => pkg.verdict(calm(), { dbPoolUsage: { critical: 95 } }), /thresholds\.dbPoolUsage\.critical: .*no critical step for dbPoolUsage; it has warning/);
  assert.throws(() => pkg.verdict(calm(), { cpuUsage: { warning: "high" } }), /overrides must look like/);
});

test("NaN is refused, not turned into a level", () => {
  assert.throws(() => pkg.verdict({ ...calm(), cpuUsage: NaN }), /signal cpuUsage is NaN: give a finite number/);
});

test("a reading that is not a number is refused with the shape to use", () => {
  assert.throws(() => pkg.verdict({ ...calm(), cpuUsage: "high" }), /readings must be an object of signal keys to numbers or null/);
  assert.throws(() => pkg.verdict(42), /readings must be an object/);
});

test("levels come with their number, Grafana colour and meaning, mildest first", () => {
  assert.deepEqual(pkg.levels(), [
    { name: "ok", number: 0, color: "green", meaning: "nothing to do" },
    { name: "info", number: 1, color: "blue", meaning: "plan ahead" },
    { name: "warning", number: 2, color: "orange", meaning: "act soon" },
    { name: "critical", number: 3, color: "red", meaning: "act now" },
  ]);
  // The colours are those the committed dashboard draws the levels in.
  const dashboard = pkg.overviewDashboard();
  for (const level of pkg.levels()) {
    assert.match(dashboard, new RegExp(`"color": "${level.color}"`), level.name);
  }
});

test("values are written in their unit as the Rust side writes them", () => {
  assert.equal(pkg.formatValue("s", 0.5), "500 ms");
  assert.equal(pkg.formatValue("s", 1.2), "1.2 s");
  assert.equal(pkg.formatValue("percent", 70), "70%");
  assert.equal(pkg.formatValue("percentunit", 0.05), "5%");
  assert.equal(pkg.formatValue("short", 500), "500");
  assert.equal(pkg.unitSymbol("percent"), "%");
  assert.equal(pkg.unitSymbol("s"), "s");
  assert.equal(pkg.unitSymbol("short"), "");
  for (const s of pkg.signals()) {
    assert.equal(typeof pkg.formatValue(s.unit, 1), "string", `${s.id}'s unit ${s.unit} is known`);
  }
  assert.throws(() => pkg.formatValue("seconds", 1), /unknown unit "seconds": give a Grafana unit id/);
});

test("checkOverrides lists every override the backend rejects, with the verdict's own message", () => {
  assert.deepEqual(pkg.checkOverrides({ cpuUsage: { warning: 60 }, latencyP95: { critical: 0.8 } }), []);
  assert.deepEqual(pkg.checkOverrides(null), []);
  assert.deepEqual(pkg.checkOverrides(undefined), []);
  const problems = pkg.checkOverrides({ cpu: { warning: 60, critical: 80 }, cpuUsage: { warning: -1 }, dbPoolUsage: { critical: 95, warning: 70 } });
  assert.deepEqual(problems.map((p) => [p.signal, p.level]), [["cpu", null], ["cpuUsage", "warning"], ["dbPoolUsage", "critical"]]);
  assert.equal(problems[1].message, "thresholds.cpuUsage.warning is -1: give a finite number of 0 or more, in the signal's unit");
  // Each message is the one Policy::apply_overrides gives when the verdict applies that override alone.
  const alone = [{ cpu: { warning: 60 } }, { cpuUsage: { warning: -1 } }, { dbPoolUsage: { critical: 95 } }];
  alone.forEach((overrides, i) => {
    assert.throws(() => pkg.verdict(calm(), overrides), (e) => e instanceof Error && e.message === problems[i].message);
  });
  assert.throws(() => pkg.checkOverrides({ cpuUsage: { warning: "high" } }), /overrides must look like/);
});

test("Tumulte's defaults are those the backend applies", () => {
  assert.deepEqual(pkg.defaults(), { timeoutSeconds: 30, dbPoolSize: 10, scrapeIntervalMs: 15000 });
});

/** The property names of `export interface <name> { … }` in the package's TypeScript declarations. */
function declaredKeys(dts, name) {
  const start = dts.indexOf(`export interface ${name} {`);
  assert.ok(start >= 0, `interface ${name} is declared`);
  const body = dts.slice(start, dts.indexOf("\n}", start));
  return {
    keys: [...body.matchAll(/^\s*(\w+)\?:/gm)].map((m) => m[1]).sort(),
    templates: [...body.matchAll(/`(\w+)\$\{number\}`/g)].map((m) => m[1]),
  };
}

test("the TypeScript JsonData and SecureJsonData declare exactly the keys the Rust side writes", () => {
  const keys = pkg.jsonDataKeys();
  assert.ok(keys.jsonData.includes("tlsAuthWithCACert") && keys.jsonData.includes("thresholds"), keys.jsonData.join());
  for (const dir of ["node", "bundler"]) {
    const dts = fs.readFileSync(path.join(pkgDir, dir, "tumulte_dashboards.d.ts"), "utf8");
    const jsonData = declaredKeys(dts, "JsonData");
    assert.deepEqual(jsonData.keys, [...keys.jsonData].sort(), `${dir}: JsonData`);
    assert.deepEqual(jsonData.templates, [keys.headerName], `${dir}: JsonData's numbered header names`);
    const secure = declaredKeys(dts, "SecureJsonData");
    assert.deepEqual(secure.keys, [...keys.secureJsonData].sort(), `${dir}: SecureJsonData`);
    assert.deepEqual(secure.templates, [keys.headerValue], `${dir}: SecureJsonData's numbered header values`);
  }
});

test("the bundler build loads as an ES module with WebAssembly imports, as bundlers do", async () => {
  const { spawnSync } = require("node:child_process");
  const entry = path.join(pkgDir, "bundler/tumulte_dashboards.js");
  const script = `import(${JSON.stringify(entry)}).then(m => { const v = m.verdict({cpuUsage: 99, memoryUsage: 1, latencyP95: 0.1, dbPoolUsage: 1, websocketsPerInstance: 1}); console.log(v.overall); })`;
  const run = spawnSync(process.execPath, ["--experimental-wasm-modules", "--no-warnings", "--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), "critical");
});
