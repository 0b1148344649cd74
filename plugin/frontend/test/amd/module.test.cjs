// Loads the built dist/module.js as Grafana does: through an AMD loader (requirejs), with the externals mapped to
// the real react, react-dom and @grafana/* packages, in a jsdom window. Run `npm run build` first.
//
// Which Grafana provides the externals: by default this package's own (Grafana 10.4's @grafana/* and React 18);
// with GRAFANA_PACKAGES=compat/grafana-13 (a folder relative to plugin/frontend, with its own package.json and
// node_modules), that folder's. Everything Grafana provides is required from there, transitive dependencies
// included (createRequire resolves from the folder); the loader, jsdom and the bundle are this package's.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');
const { JSDOM } = require('jsdom');

const frontend = path.resolve(__dirname, '../..');
const dist = path.join(frontend, 'dist');
const moduleFile = path.join(dist, 'module.js');
const packages = path.resolve(frontend, process.env.GRAFANA_PACKAGES || '.');
const packageJson = path.join(packages, 'package.json');
if (!fs.existsSync(packageJson) || !fs.existsSync(path.join(packages, 'node_modules'))) {
  throw new Error(`${packages} has no package.json or no node_modules: run npm ci there (GRAFANA_PACKAGES selects it)`);
}
/** `require` as if from the Grafana folder's package.json: its node_modules, and theirs for what they require. */
const requireProvided = createRequire(packageJson);

// --- a browser window, before anything of @grafana/* is loaded -------------------------------------------------
const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
  url: 'http://localhost:3000/',
  pretendToBeVisual: true,
});
require('../polyfills.cjs').installBrowserPolyfills(dom.window);
for (const key of ['window', 'self', 'document', 'navigator']) {
  Object.defineProperty(globalThis, key, { configurable: true, writable: true, value: key === 'window' || key === 'self' ? dom.window : dom.window[key] });
}
for (const key of Object.getOwnPropertyNames(dom.window)) {
  // Node has its own Event, EventTarget, AbortController…; jsdom's nodes accept only jsdom's.
  const domClass = /Event$|^EventTarget$|^DOMException$|^Abort(Controller|Signal)$/.test(key);
  if (!(key in globalThis) || domClass) {
    Object.defineProperty(globalThis, key, { configurable: true, get: () => dom.window[key] });
  }
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;
// What Grafana's index page sets before anything loads (@grafana/runtime reads its config from it; 13 reports its
// absence on console.error). The values @grafana/runtime falls back to without it.
dom.window.grafanaBootData = { assets: { dark: '', light: '' }, settings: {}, user: {}, navTree: [] };
require('../node-resolve.cjs');

// Whatever React or @grafana/* report on console.error (a removed React API, a failed render, a key warning) fails
// the last test; it is still printed where it happens.
const consoleErrors = [];
const consoleError = console.error;
console.error = (...args) => {
  consoleErrors.push(args.map(String).join(' '));
  consoleError(...args);
};

// --- what Grafana provides ------------------------------------------------------------------------------------
const providedNames = ['react', 'react-dom', '@grafana/data', '@grafana/runtime', '@grafana/ui', '@grafana/schema'];
const provided = Object.fromEntries(providedNames.map((name) => [name, requireProvided(name)]));
const { createRoot } = requireProvided('react-dom/client');
// React 19 has act in react (react-dom/test-utils keeps only a deprecated alias); React 18.2 only in react-dom/test-utils.
const act = provided.react.act ?? requireProvided('react-dom/test-utils').act;

function loadPlugin() {
  const requirejs = require('requirejs');
  requirejs.config({ baseUrl: dist, nodeRequire: require, paths: { 'tumulte-scaling-datasource': 'module' } });
  for (const [name, value] of Object.entries(provided)) {
    requirejs.define(name, [], () => value);
  }
  return new Promise((resolve, reject) => requirejs(['tumulte-scaling-datasource'], resolve, reject));
}

async function waitFor(check, what, timeoutMs = 10000) {
  const start = Date.now();
  for (;;) {
    let ok = false;
    await act(async () => {
      ok = check();
      if (!ok) {
        await new Promise((r) => setTimeout(r, 25));
      }
    });
    if (ok) {
      return;
    }
    if (Date.now() - start > timeoutMs) {
      throw new Error(`timed out waiting for ${what}; page text: ${document.body.textContent.slice(0, 500)}`);
    }
  }
}

/** Renders `Editor` as Grafana does: the host owns the value (`valueProp`) and re-renders on `changeProp`. */
async function render(Editor, initial, valueProp, changeProp, props = {}) {
  const React = provided.react;
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  const changes = [];
  function Host() {
    const [value, setValue] = React.useState(initial);
    const change = (next) => {
      changes.push(next);
      setValue(next);
    };
    return React.createElement(Editor, { ...props, [valueProp]: value, [changeProp]: change });
  }
  await act(async () => root.render(React.createElement(Host)));
  return {
    container,
    changes,
    unmount: async () => {
      await act(async () => root.unmount());
      container.remove();
    },
  };
}

/** Types `text` into an input or text area as a user does: React sees an input event with the new value. */
async function type(element, text) {
  assert.ok(element, 'the field to type in');
  const proto = element.tagName === 'TEXTAREA' ? window.HTMLTextAreaElement.prototype : window.HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(element, text);
    element.dispatchEvent(new window.Event('input', { bubbles: true }));
  });
}

async function click(element) {
  assert.ok(element, 'the element to click');
  await act(async () => element.click());
}

/** The innermost element whose text is `text`. */
function elementWithText(container, text) {
  return [...container.querySelectorAll('*')].reverse().find((e) => e.textContent.trim() === text);
}

const settings = {
  id: 1,
  uid: 'tumulte-scaling',
  type: 'tumulte-scaling-datasource',
  name: 'Tumulte Scaling',
  access: 'proxy',
  readOnly: false,
  jsonData: {},
  meta: { id: 'tumulte-scaling-datasource', name: 'Tumulte Scaling', backend: true },
};

test(`the externals are the packages pinned in ${path.relative(frontend, packageJson) || 'package.json'}, each loaded once from there`, () => {
  const pinned = JSON.parse(fs.readFileSync(packageJson, 'utf8')).dependencies;
  const root = path.join(packages, 'node_modules') + path.sep;
  for (const name of providedNames) {
    assert.ok(requireProvided.resolve(name).startsWith(root), `${name} resolves inside ${root}`);
    const installed = requireProvided(`${name}/package.json`).version;
    assert.equal(installed, pinned[name], `${name}: installed ${installed}, package.json pins ${pinned[name]} (run npm ci in ${packages})`);
  }
  // One React: @grafana/ui's own require('react') is the react given to the plugin (two would break hooks).
  const requireFromUi = createRequire(requireProvided.resolve('@grafana/ui'));
  assert.equal(requireFromUi('react'), provided.react, "@grafana/ui's react is the provided react");
  assert.equal(requireFromUi('react-dom'), provided['react-dom'], "@grafana/ui's react-dom is the provided react-dom");
  assert.equal(provided.react.version, pinned.react);
  assert.equal(provided['react-dom'].version, pinned['react-dom']);
});

test("plugin.json's grafanaDependency admits the Grafana whose packages these are", () => {
  const semver = require('semver');
  const pluginJson = JSON.parse(fs.readFileSync(path.resolve(frontend, '../plugin.json'), 'utf8'));
  const range = pluginJson.dependencies.grafanaDependency;
  const grafana = JSON.parse(fs.readFileSync(packageJson, 'utf8')).dependencies['@grafana/data'];
  assert.ok(semver.validRange(range), `${range} is a semver range`);
  assert.ok(semver.satisfies(grafana, range), `Grafana ${grafana} is tested, but plugin.json's grafanaDependency ${range} excludes it`);
});

test('dist/module.js is one AMD module whose only dependencies are modules Grafana provides', () => {
  assert.ok(fs.existsSync(moduleFile), `${moduleFile} is missing: run npm run build`);
  const source = fs.readFileSync(moduleFile, 'utf8');
  const match = /^define\((\[[^\]]*\])/.exec(source);
  assert.ok(match, 'module.js starts with an AMD define([...], factory)');
  const deps = JSON.parse(match[1]);
  const allowed = ['react', 'react-dom', '@grafana/data', '@grafana/runtime', '@grafana/ui', '@grafana/schema', '@emotion/css', 'rxjs'];
  for (const dep of deps) {
    assert.ok(allowed.includes(dep), `module.js depends on ${dep}, which Grafana does not provide`);
  }
  // React's elements are made by the React Grafana provides (React.createElement, JSX compiled in the classic
  // mode): a JSX runtime inlined into the bundle would make React 18's elements, which React 19 (Grafana 13.2 and
  // later) refuses to render. Its element type symbols are the trace it would leave.
  assert.doesNotMatch(source, /react\.(transitional\.)?element/, 'no inlined JSX runtime or React');
  assert.deepEqual(
    fs.readdirSync(dist).filter((f) => f !== 'module.js.map'),
    ['module.js'],
    'the wasm is inlined: no other file to serve'
  );
});

test('the AMD loader finds plugin, a DataSourcePlugin with its config and query editors', async (t) => {
  const exports = await loadPlugin();
  const { plugin } = exports;
  assert.ok(plugin instanceof provided['@grafana/data'].DataSourcePlugin, 'plugin is a DataSourcePlugin');
  assert.equal(typeof plugin.components.ConfigEditor, 'function', 'config editor set');
  assert.equal(typeof plugin.components.QueryEditor, 'function', 'query editor set');
  const DataSource = plugin.DataSourceClass;
  assert.ok(DataSource.prototype instanceof provided['@grafana/runtime'].DataSourceWithBackend, 'extends DataSourceWithBackend');
  const ds = new DataSource(settings);
  assert.deepEqual(ds.getDefaultQuery('panel-editor'), { kind: 'scalingVerdict', format: 'table' });
  assert.equal(ds.filterQuery({ refId: 'A', kind: 'promql', expr: '' }), false);

  await t.test("the config editor renders, with Tumulte's default thresholds from the inlined wasm, and edits", async () => {
    const options = { ...settings, url: '', basicAuth: false, basicAuthUser: '', secureJsonFields: { bearerToken: true } };
    const { container, changes, unmount } = await render(plugin.components.ConfigEditor, options, 'options', 'onOptionsChange');
    assert.match(container.textContent, /Prometheus/);
    assert.ok(container.querySelector('#tumulte-url'), 'URL input');
    assert.equal(container.querySelector('#tumulte-bearer-token').value, 'configured');
    await waitFor(() => /Consider scaling/.test(container.textContent), 'the scaling actions');
    assert.match(container.textContent, /Scale now/);
    // Written by the wasm engine in the signal's unit.
    assert.match(container.textContent, /> 500 ms/);

    // A threshold override, checked by the engine, reaches jsonData.
    await type(container.querySelector('input[aria-label="cpuUsage warning threshold"]'), '60');
    assert.deepEqual(changes.at(-1).jsonData, { thresholds: { cpuUsage: { warning: 60 } } });
    // A switch (@grafana/ui Switch) shows the certificate field it guards.
    assert.equal(container.querySelector('#tumulte-tlsCACert'), null);
    await click(container.querySelector('#tumulte-tlsAuthWithCACert'));
    assert.equal(changes.at(-1).jsonData.tlsAuthWithCACert, true);
    assert.ok(container.querySelector('#tumulte-tlsCACert'), 'the CA certificate field');
    // Reset (@grafana/ui SecretInput) clears the stored token, which Grafana then deletes on save.
    const reset = [...container.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Reset');
    await click(reset);
    assert.equal(changes.at(-1).secureJsonFields.bearerToken, false);
    assert.equal(container.querySelector('#tumulte-bearer-token').value, '');
    await unmount();
  });

  await t.test('the query editor previews a verdict with the wasm engine and changes the kind', async () => {
    const overridden = new DataSource({ ...settings, jsonData: { thresholds: { cpuUsage: { warning: 60 } } } });
    const query = { refId: 'A', kind: 'scalingVerdict', format: 'table' };
    let runs = 0;
    const { container, changes, unmount } = await render(plugin.components.QueryEditor, query, 'query', 'onChange', {
      datasource: overridden,
      onRunQuery: () => runs++,
    });
    // The preview (in a @grafana/ui Collapse) lists the thresholds this data source applies, and computes a verdict.
    await click(elementWithText(container, 'Thresholds and verdict preview'));
    await waitFor(() => container.querySelector('table[aria-label="Verdict preview"]'), 'the verdict preview');
    assert.match(container.textContent, /warning > 70% \(here 60%\), critical > 85%/);
    const overall = () => container.querySelector('[role="status"][aria-label="Overall verdict"]').textContent;
    await type(container.querySelector('input[aria-label="cpuUsage value"]'), '91');
    assert.match(overall(), /critical/);
    assert.match(overall(), /Scale now/);
    await type(container.querySelector('input[aria-label="cpuUsage value"]'), '65');
    assert.match(overall(), /warning/, "past this data source's 60, below Tumulte's 70");
    assert.equal(changes.length, 0, 'the preview changes no query');

    const promql = [...container.querySelectorAll('input[type="radio"]')].find((i) => i.labels?.[0]?.textContent.trim() === 'PromQL');
    assert.ok(promql, 'a PromQL choice');
    await click(promql);
    assert.equal(changes.at(-1).kind, 'promql');
    assert.equal(runs, 1);
    const expr = container.querySelector('#tumulte-expr-A');
    assert.match(expr.value, /tumulte_http_requests_total/);
    await type(expr, 'sum(up)');
    assert.deepEqual(changes.at(-1), { refId: 'A', kind: 'promql', expr: 'sum(up)', legendFormat: '{{job}}' });
    await unmount();
  });
});

test('nothing was reported on console.error while loading, rendering and editing', () => {
  assert.deepEqual(consoleErrors, []);
});
