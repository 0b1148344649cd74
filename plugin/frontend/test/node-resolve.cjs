// What @grafana/* need of Node that a bundler gives them (Grafana bundles them with webpack). Used by the unit
// tests' setup and the AMD loader test.
'use strict';
const Module = require('module');

// @grafana/runtime 10.4's CommonJS build does require('systemjs/dist/system') and require('systemjs/dist/extras/amd'),
// which systemjs 6's "exports" map ("./dist/*": "./dist/*") resolves to files without their .js extension. Webpack
// does not mind; Node does. Map those two requests to the files that exist.
const original = Module._resolveFilename;
if (!original.__tumultePatched) {
  const patched = function resolveFilename(request, ...rest) {
    if (/^systemjs\/dist\/(system|extras\/amd)$/.test(request)) {
      return original.call(this, `${request}.js`, ...rest);
    }
    return original.call(this, request, ...rest);
  };
  patched.__tumultePatched = true;
  Module._resolveFilename = patched;
}

// @grafana/ui 13's CommonJS build requires stylesheets for their side effect (uplot's, @rc-component/slider's,
// @grafana/react-data-grid's), which Grafana's webpack turns into <style>; Node would parse them as JavaScript.
// Here a stylesheet is an empty module: jsdom lays nothing out, and the tests do not look at styles.
if (!Module._extensions['.css']) {
  Module._extensions['.css'] = function loadStylesheet(module) {
    module.exports = {};
  };
}
