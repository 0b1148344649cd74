// Builds the browser harness (test/browser/harness.tsx): the plugin's real ConfigEditor and QueryEditor with
// React, ReactDOM, @grafana/ui and @grafana/data bundled in (no externals: there is no Grafana to provide them),
// as one classic <script>. Reuses the main config's resolve (the `tumulte-wasm` alias) and loaders (esbuild for
// TS/TSX, the wasm inlined as base64). Used by editors.browser.test.cjs; the output goes to a temp dir.
'use strict';

const path = require('path');
const mainConfig = require('../../webpack.config.js');

/** @param {string} outDir where harness.js is written */
module.exports = function harnessConfig(outDir) {
  const main = mainConfig({}, { mode: 'production' });
  return {
    mode: 'production',
    target: main.target,
    context: main.context,
    entry: { harness: path.join(__dirname, 'harness.tsx') },
    devtool: false,
    output: { path: outDir, filename: '[name].js', publicPath: '/', clean: true },
    resolve: main.resolve,
    module: main.module,
    // Tree shaking on (@grafana/ui is `sideEffects: false`), minification off: a small, fast build.
    optimization: { minimize: false, splitChunks: false, runtimeChunk: false },
    performance: { hints: false },
    stats: 'errors-warnings',
    infrastructureLogging: { level: 'error' },
  };
};
