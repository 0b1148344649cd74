// Loads the built dist/module.js as Grafana does: through an AMD loader (requirejs), with the externals mapped to
// the real react, react-dom and @grafana/* packages, in a jsdom window. Run `npm run build` first.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { JSDOM } = require('jsdom');

const dist = path.resolve(__dirname, '../../dist');
const moduleFile = path.join(dist, 'module.js');

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
require('../node-resolve.cjs');

// --- what Grafana provides ------------------------------------------------------------------------------------
const provided = {
  react: require('react'),
  'react-dom': require('react-dom'),
  '@grafana/data': require('@grafana/data'),
  '@grafana/runtime': require('@grafana/runtime'),
  '@grafana/ui': require('@grafana/ui'),
  '@grafana/schema': require('@grafana/schema'),
};
const { createRoot } = require('react-dom/client');
const { act } = require('react-dom/test-utils');

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

  await t.test("the config editor renders, with Tumulte's default thresholds from the inlined wasm", async () => {
    const React = provided.react;
    const container = document.createElement('div');
    document.body.appendChild(container);
    const root = createRoot(container);
    const changes = [];
    const options = { ...settings, url: '', basicAuth: false, basicAuthUser: '', secureJsonFields: { bearerToken: true } };
    await act(async () => {
      root.render(React.createElement(plugin.components.ConfigEditor, { options, onOptionsChange: (o) => changes.push(o) }));
    });
    assert.match(container.textContent, /Prometheus/);
    assert.ok(container.querySelector('#tumulte-url'), 'URL input');
    assert.equal(container.querySelector('#tumulte-bearer-token').value, 'configured');
    await waitFor(() => /Consider scaling/.test(container.textContent), 'the scaling actions');
    assert.match(container.textContent, /Scale now/);
    // Written by the wasm engine in the signal's unit.
    assert.match(container.textContent, /> 500 ms/);
    await act(async () => root.unmount());
    container.remove();
  });

  await t.test('the query editor renders and changes the kind', async () => {
    const React = provided.react;
    const container = document.createElement('div');
    document.body.appendChild(container);
    const root = createRoot(container);
    const changes = [];
    let runs = 0;
    await act(async () => {
      root.render(
        React.createElement(plugin.components.QueryEditor, {
          query: { refId: 'A', kind: 'scalingVerdict', format: 'table' },
          datasource: ds,
          onChange: (q) => changes.push(q),
          onRunQuery: () => runs++,
        })
      );
    });
    const promql = [...container.querySelectorAll('input[type="radio"]')].find((i) => i.labels?.[0]?.textContent.trim() === 'PromQL');
    assert.ok(promql, 'a PromQL choice');
    await act(async () => promql.click());
    assert.equal(changes.at(-1).kind, 'promql');
    assert.equal(runs, 1);
    await act(async () => root.unmount());
    container.remove();
  });
});
