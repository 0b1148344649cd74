// Builds dist/module.js: the AMD module Grafana loads from public/plugins/tumulte-scaling-datasource/.
// react, react-dom and @grafana/* (and @emotion/css, rxjs, should they ever be imported) are externals: Grafana's
// SystemJS provides them. The WebAssembly verdict engine (target/wasm-pkg, built by scripts/build-wasm, or
// $TUMULTE_WASM_PKG) is inlined as base64: see src/engine.ts.
const path = require('path');
const fs = require('fs');

const wasmPkg = path.resolve(process.env.TUMULTE_WASM_PKG || path.join(__dirname, '../../target/wasm-pkg'));
const glue = path.join(wasmPkg, 'bundler/tumulte_dashboards_bg.js');
if (!fs.existsSync(glue)) {
  throw new Error(`${glue} is missing: run scripts/build-wasm (at the repository root) first, or set TUMULTE_WASM_PKG`);
}

const pluginId = 'tumulte-scaling-datasource';

module.exports = (_env, argv) => {
  const production = (argv.mode || 'production') === 'production';
  return {
    mode: production ? 'production' : 'development',
    target: ['web', 'es2020'],
    context: __dirname,
    entry: { module: './src/module.ts' },
    devtool: production ? 'source-map' : 'eval-source-map',
    output: {
      path: path.join(__dirname, 'dist'),
      filename: '[name].js',
      library: { type: 'amd' },
      // Where Grafana serves the plugin's files; nothing is loaded from it today (one file), but any future
      // asset would be.
      publicPath: `public/plugins/${pluginId}/`,
      uniqueName: pluginId,
      clean: true,
    },
    externals: ['react', 'react-dom', '@grafana/data', '@grafana/runtime', '@grafana/ui', '@grafana/schema', '@emotion/css', 'rxjs'],
    resolve: {
      extensions: ['.ts', '.tsx', '.js'],
      alias: { 'tumulte-wasm': wasmPkg },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: 'esbuild-loader',
          options: { target: 'es2020', tsconfig: path.join(__dirname, 'tsconfig.json') },
        },
        {
          // The wasm's bytes as a base64 string (no data: prefix), decoded and compiled by src/engine.ts.
          test: /\.wasm$/,
          resourceQuery: /base64/,
          type: 'asset/inline',
          generator: { dataUrl: (content) => content.toString('base64') },
        },
      ],
    },
    optimization: {
      minimize: production,
    },
    performance: { hints: false },
  };
};
