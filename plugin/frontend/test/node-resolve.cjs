// @grafana/runtime 10.4's CommonJS build does require('systemjs/dist/system') and require('systemjs/dist/extras/amd'),
// which systemjs 6's "exports" map ("./dist/*": "./dist/*") resolves to files without their .js extension. Grafana
// bundles it with webpack, which does not mind; Node does. Map those two requests to the files that exist.
'use strict';
const Module = require('module');

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
