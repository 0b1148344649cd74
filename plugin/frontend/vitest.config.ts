import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The WebAssembly package, as webpack.config.js finds it.
const wasmPkg = path.resolve(process.env.TUMULTE_WASM_PKG || path.join(__dirname, '../../target/wasm-pkg'));

export default defineConfig({
  resolve: { alias: { 'tumulte-wasm': wasmPkg } },
  esbuild: { jsx: 'transform' },
  plugins: [
    {
      // As webpack's asset/inline rule: `x.wasm?base64` is x.wasm's bytes in base64.
      name: 'wasm-base64',
      enforce: 'pre',
      load(id) {
        if (id.endsWith('.wasm?base64')) {
          const file = id.slice(0, -'?base64'.length);
          return `export default ${JSON.stringify(fs.readFileSync(file).toString('base64'))};`;
        }
        return undefined;
      },
    },
  ],
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
