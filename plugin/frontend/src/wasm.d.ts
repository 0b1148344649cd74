// Types of the WebAssembly package's files that the editors import (see src/engine.ts). The package ships
// `node/tumulte_dashboards.d.ts` with its functions and types (written by wasm-bindgen from the Rust crate); its
// bundler glue file exports the same functions but has no declaration of its own, so it borrows that one.
declare module 'tumulte-wasm/bundler/tumulte_dashboards_bg.js' {
  export * from 'tumulte-wasm/node/tumulte_dashboards';
  export function __wbg_set_wasm(exports: WebAssembly.Exports): void;
}

// webpack (asset/inline with a base64 generator) and the test config turn `x.wasm?base64` into x.wasm's bytes in
// base64. (The query also keeps TypeScript from typing the import with the package's `_bg.wasm.d.ts`.)
declare module '*.wasm?base64' {
  const base64: string;
  export default base64;
}
