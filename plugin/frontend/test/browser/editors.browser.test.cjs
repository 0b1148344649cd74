// The editors in a real browser: builds test/browser/harness.tsx (the real ConfigEditor and QueryEditor from src/,
// React, @grafana/ui in Grafana's dark theme, the inlined WebAssembly engine) with webpack, serves it on 127.0.0.1,
// drives Debian's Chromium through playwright-core, checks what a user sees and does, and saves screenshots to
// docs/img/ (or $TUMULTE_SCREENSHOT_DIR). Run with `npm run test:browser`. Needs /usr/bin/chromium
// (`apt-get install -y --no-install-recommends chromium`) or $CHROMIUM_PATH; playwright-core downloads no browser.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const frontend = path.resolve(__dirname, '../..');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const screenshotDir = path.resolve(process.env.TUMULTE_SCREENSHOT_DIR || path.join(frontend, '../../docs/img'));
const iconsDir = path.join(path.dirname(require.resolve('@grafana/ui/package.json')), 'dist/public/img/icons');

// The flags Chromium needs as root in a container, and to stay off the network.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none',
];

const WIDTH = 1200;

/** Builds the harness bundle into `outDir` with webpack's Node API. */
function buildHarness(outDir) {
  const webpack = require('webpack');
  const config = require('./webpack.harness.config.js')(outDir);
  return new Promise((resolve, reject) =>
    webpack(config, (err, stats) => {
      if (err) {
        reject(err);
      } else if (stats.hasErrors()) {
        reject(new Error(`webpack failed to build the harness:\n${stats.toString('errors-only')}`));
      } else {
        resolve();
      }
    })
  );
}

const PAGE = `<!doctype html>
<html lang="en" class="theme-dark">
<head>
<meta charset="utf-8"><title>Tumulte Scaling editors</title>
<style>
  /* What Grafana's own stylesheet (public/sass/base/_reboot.scss) sets under every plugin and @grafana/ui's
     GlobalStyles do not: border-box sizing (Input's suffix relies on it) and bare fieldsets (FieldSet). */
  html { box-sizing: border-box; }
  *, *::before, *::after { box-sizing: inherit; }
  body { margin: 0; }
  h1, h2, h3, h4, h5, h6 { margin-top: 0; }
  p { margin-top: 0; margin-bottom: 1rem; }
  label { display: inline-block; }
  input, button, select, textarea { margin: 0; line-height: inherit; border-radius: 0; }
  fieldset { min-width: 0; padding: 0; margin: 0; border: 0; }
  legend { display: block; width: 100%; padding: 0; margin-bottom: 0.5rem; font-size: 1.5rem; line-height: inherit; }
  th { text-align: left; }
</style>
</head>
<body><div id="root"></div><script src="/harness.js"></script></body>
</html>`;

const SPINNER_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="currentColor" d="M12 2a10 10 0 1 0 10 10h-2a8 8 0 1 1-8-8z"/></svg>';

/** A loopback server for the page, the bundle and @grafana/ui's icons (what Grafana serves under public/). */
function serve(outDir) {
  const notFound = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file;
    let type;
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    } else if (url.pathname === '/harness.js') {
      [file, type] = [path.join(outDir, 'harness.js'), 'text/javascript; charset=utf-8'];
    } else if (url.pathname.startsWith('/public/img/icons/')) {
      const rel = path.normalize(decodeURIComponent(url.pathname.slice('/public/img/icons/'.length)));
      if (!rel.startsWith('..') && rel.endsWith('.svg')) {
        [file, type] = [path.join(iconsDir, rel), 'image/svg+xml'];
      }
    }
    if (url.pathname === '/public/img/icons/unicons/spinner.svg' && !(file && fs.existsSync(file))) {
      // Grafana serves its spinner from its own public/ (LoadingPlaceholder's, shown while the wasm compiles);
      // @grafana/ui 10.4's package does not ship it: a stand-in arc.
      res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(SPINNER_SVG);
      return;
    }
    if (file && fs.existsSync(file)) {
      res.writeHead(200, { 'content-type': type });
      fs.createReadStream(file).pipe(res);
    } else {
      notFound.push(url.pathname);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, notFound, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

test('the config and query editors in Chromium', { timeout: 180_000 }, async (t) => {
  assert.ok(
    fs.existsSync(chromiumPath),
    `${chromiumPath} is missing: install Debian's Chromium with \`apt-get install -y --no-install-recommends chromium\` ` +
      '(or set CHROMIUM_PATH); playwright-core downloads no browser'
  );
  const { chromium } = require('playwright-core');

  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tumulte-harness-'));
  t.after(() => fs.rmSync(outDir, { recursive: true, force: true }));
  await buildHarness(outDir);

  const { server, notFound, origin } = await serve(outDir);
  t.after(() => new Promise((resolve) => server.close(resolve)));

  // playwright-core gives the browser a fresh temporary --user-data-dir of its own and removes it on close.
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  t.after(() => browser.close());
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, deviceScaleFactor: 1, colorScheme: 'dark' });
  // Nothing but the loopback server: no font, icon or telemetry request leaves the machine.
  await context.route((url) => !url.href.startsWith(origin), (route) => route.abort());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console.error: ${m.text()}`));

  await page.goto(`${origin}/`, { waitUntil: 'load' });
  const config = page.locator('#config-editor');
  const query = page.locator('#query-editor');

  await t.test('the config editor shows the saved settings and the scaling table from the wasm engine', async () => {
    const thresholds = config.getByRole('table', { name: 'Scaling thresholds' });
    // The engine is compiled asynchronously (WebAssembly.compile of the inlined base64) when the editor mounts.
    await thresholds.locator('tbody tr').first().waitFor({ timeout: 30_000 });
    assert.ok((await thresholds.locator('tbody tr').count()) >= 7, 'one row per scaling step');
    assert.match(await thresholds.innerText(), /cpuUsage[\s\S]*Consider scaling[\s\S]*Scale now/);
    // Defaults written in their unit by the engine, levels drawn in the engine's colours.
    assert.match(await thresholds.innerText(), /> 500 ms/);
    await assertLevelColours(thresholds);

    assert.equal(await config.getByLabel(/^URL/).inputValue(), 'http://prometheus:9090');
    assert.equal(await config.getByLabel(/^User/).inputValue(), 'grafana');
    assert.equal(await config.getByRole('radio', { name: 'Basic auth' }).isChecked(), true);
    // The saved override is in its input, the others show Tumulte's default as a placeholder.
    assert.equal(await thresholds.getByLabel('cpuUsage warning threshold').inputValue(), '60');
    assert.equal(await thresholds.getByLabel('cpuUsage critical threshold').inputValue(), '');
    assert.equal(await thresholds.getByLabel('cpuUsage critical threshold').getAttribute('placeholder'), '85');
  });

  await t.test('the saved password shows as configured and no secret is in the page', async () => {
    const password = config.locator('#tumulte-basic-password');
    assert.equal(await password.inputValue(), 'configured');
    assert.equal(await password.isDisabled(), true);
    assert.equal(await password.getAttribute('type'), 'text');
    assert.equal(await config.getByRole('button', { name: 'Reset', exact: true }).count(), 1);
    // No password input is rendered at all, and no input holds anything but the known, non-secret values.
    assert.equal(await page.locator('input[type="password"]').count(), 0);
    const values = await page.locator('input:not([type="radio"]):not([type="checkbox"])').evaluateAll((inputs) => inputs.map((i) => i.value).filter((v) => v !== ''));
    for (const value of values) {
      assert.ok(['http://prometheus:9090', '20', 'grafana', 'configured', '60', 'basic', 'none', 'bearer', 'table', 'timeseries', 'scalingVerdict', 'cacheHitRate', 'promql'].includes(value), `unexpected input value ${JSON.stringify(value)}`);
    }
    const html = await page.content();
    assert.doesNotMatch(html, /basicAuthPassword|secureJsonData/);
  });

  await t.test('typing a threshold override goes to onOptionsChange as jsonData.thresholds', async () => {
    const input = config.getByLabel('latencyP95 critical threshold');
    await input.click({ position: { x: 12, y: 10 } }); // the left: @grafana/ui's suffix ("seconds") covers the right half
    await input.pressSequentially('0.8', { delay: 20 });
    const last = await page.evaluate(() => {
      const changes = window.__harness.optionsChanges;
      return changes[changes.length - 1];
    });
    assert.deepEqual(last.jsonData.thresholds, { cpuUsage: { warning: 60 }, latencyP95: { critical: 0.8 } });
    assert.equal(last.jsonData.timeoutSeconds, 20);
    assert.equal(last.url, 'http://prometheus:9090');
    // A threshold edit keeps the stored password (Grafana clears a secret whose secureJsonFields entry is false).
    assert.deepEqual(last.secureJsonFields, { basicAuthPassword: true });
    assert.equal(last.secureJsonData, undefined);
    // "Reset all to Tumulte's defaults" appears with overrides; an out-of-order step would be flagged (none here).
    assert.equal(await config.getByRole('button', { name: "Reset all to Tumulte's defaults" }).count(), 1);
    assert.equal(await config.getByText('Steps out of order').count(), 0);
    await page.mouse.click(WIDTH - 5, 5); // blur, so no focus ring in the screenshot
  });

  await t.test('screenshot: the config editor', async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    await waitForIcons(page);
    const file = path.join(screenshotDir, 'config-editor.png');
    await config.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    assertPng(file);
  });

  await t.test('the query editor previews a verdict with the wasm engine', async () => {
    assert.equal(await query.getByRole('radio', { name: 'Scaling verdict' }).isChecked(), true);
    assert.equal(await query.getByRole('radio', { name: 'Table' }).isChecked(), true);
    await query.getByText('Thresholds and verdict preview').click();
    const preview = query.getByRole('table', { name: 'Verdict preview' });
    await preview.locator('tbody tr').first().waitFor({ timeout: 30_000 });
    assert.match(await preview.innerText(), /warning > 70% \(here 60%\)/);
    assert.match(await preview.innerText(), /warning > 500 ms, critical > 1 s/);

    const type = async (signal, value) => {
      const input = preview.getByLabel(`${signal} value`);
      await input.click({ position: { x: 12, y: 10 } }); // not on the unit suffix, which takes no click
      await input.pressSequentially(value, { delay: 10 });
    };
    await type('cpuUsage', '78');
    await type('memoryUsage', '55');
    await type('latencyP95', '1.4');
    await type('dbPoolUsage', '40');
    await type('websocketsPerInstance', '620');
    await page.mouse.click(WIDTH - 5, 5);

    const overall = query.getByRole('status', { name: 'Overall verdict' });
    assert.match(await overall.innerText(), /critical/);
    assert.match(await overall.innerText(), /Scale the backend/);
    const rowOf = (name) => preview.locator('tbody tr', { hasText: name });
    assert.match(await rowOf('CPU').innerText(), /warning/);
    assert.match(await rowOf('Latency').innerText(), /critical/);
    await assertLevelColours(query);
    // The preview changes nothing in the query.
    const changes = await page.evaluate(() => window.__harness.queryChanges.length);
    assert.equal(changes, 0);
  });

  await t.test('screenshot: the query editor', async () => {
    await waitForIcons(page);
    const file = path.join(screenshotDir, 'query-editor.png');
    await query.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    assertPng(file);
  });

  await t.test('no error in the page, nothing missing from the server', async () => {
    assert.deepEqual(notFound, []);
    assert.deepEqual(errors, []);
  });
});

/**
 * Every level badge under `scope` (found by its tooltip, the engine's meaning of the level) is drawn in the hue of
 * the colour the policy gives its level (Level::color: ok green, info blue, warning orange, critical red), as
 * Badge renders Grafana's colour of that name in the dark theme.
 */
async function assertLevelColours(scope) {
  const badges = await scope.locator('[title$=": nothing to do"], [title$=": plan ahead"], [title$=": act soon"], [title$=": act now"]').evaluateAll((els) =>
    els.map((el) => ({ title: el.getAttribute('title'), color: getComputedStyle(el).color }))
  );
  assert.ok(badges.length > 0, 'level badges are shown');
  const hue = (rgb) => {
    const [r, g, b] = rgb.match(/\d+/g).slice(0, 3).map(Number);
    return r >= g && r >= b ? (g > b + 40 ? 'orange' : 'red') : g >= b ? 'green' : 'blue';
  };
  const expected = { ok: 'green', info: 'blue', warning: 'orange', critical: 'red' };
  for (const { title, color } of badges) {
    const level = title.split(':')[0];
    assert.equal(hue(color), expected[level], `${title} is drawn in ${color}`);
  }
}

/** Waits until @grafana/ui's icons (inline SVGs fetched from public/img/icons/) and the fonts are in. */
async function waitForIcons(page) {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready);
}

/** A PNG of the expected width, not blank, and small enough for the docs. */
function assertPng(file) {
  const png = fs.readFileSync(file);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${file} is not a PNG`);
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.equal(width, WIDTH, `${file}: width`);
  assert.ok(height > 300, `${file}: height ${height}`);
  assert.ok(png.length > 20_000, `${file}: ${png.length} bytes, blank?`);
  assert.ok(png.length < 400_000, `${file}: ${png.length} bytes, too large for the docs`);
}
