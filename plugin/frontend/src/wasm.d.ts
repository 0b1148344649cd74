// Types of the WebAssembly package's files that the editors import (see src/engine.ts). The package itself ships
// `node/tumulte_dashboards.d.ts` with the Signal/Verdict types; its bundler glue file has no declaration of its own.
declare module 'tumulte-wasm/bundler/tumulte_dashboards_bg.js' {
  import type { Overrides, Readings, Signal, Verdict } from 'tumulte-wasm/node/tumulte_dashboards';
  export function __wbg_set_wasm(exports: WebAssembly.Exports): void;
  export function signals(): Signal[];
  export function verdict(readings: Readings, overrides?: Overrides | null): Verdict;
  export function overviewDashboard(): string;
}

// webpack (asset/inline with a base64 generator) and the test config turn `x.wasm?base64` into x.wasm's bytes in
// base64. (The query also keeps TypeScript from typing the import with the package's `_bg.wasm.d.ts`.)
declare module '*.wasm?base64' {
  const base64: string;
  export default base64;
}
