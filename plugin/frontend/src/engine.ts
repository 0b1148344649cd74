/**
 * Tumulte's policy, from the WebAssembly build of the Rust crates (`scripts/build-wasm` → `target/wasm-pkg`, npm
 * name `@tumulte/dashboards`): the signals and the verdict engine the backend runs, and the facts the editors show —
 * levels with their colours and meanings, values written in their unit, what an override may be, Tumulte's
 * defaults. Nothing of it is written in TypeScript: the editors ask the engine.
 *
 * How the wasm reaches the browser: the build inlines `tumulte_dashboards_bg.wasm` into module.js as base64
 * (webpack `asset/inline`), and this module compiles it asynchronously (`WebAssembly.instantiate`) the first time
 * an editor asks for it. No second file, no fetch, so no dependence on Grafana's public path
 * (`public/plugins/tumulte-scaling-datasource/`), a sub-path `root_url` or a CDN; nothing is compiled on the main
 * thread synchronously (browsers refuse that for modules over a few KB), and nothing is loaded until an editor opens.
 */
import { useEffect, useState } from 'react';

// wasm-bindgen's "bundler" glue: plain ES functions that call into the instance given to __wbg_set_wasm.
import * as bindings from 'tumulte-wasm/bundler/tumulte_dashboards_bg.js';
import wasmBase64 from 'tumulte-wasm/bundler/tumulte_dashboards_bg.wasm?base64';
import type {
  Defaults,
  JsonData,
  JsonDataKeys,
  Level,
  LevelInfo,
  OverrideProblem,
  Overrides,
  Readings,
  SecureJsonData,
  Signal,
  SignalKey,
  SignalVerdict,
  Step,
  StoredOverrides,
  Verdict,
} from 'tumulte-wasm/node/tumulte_dashboards';

export type {
  Defaults,
  JsonData,
  JsonDataKeys,
  Level,
  LevelInfo,
  OverrideProblem,
  Overrides,
  Readings,
  SecureJsonData,
  Signal,
  SignalKey,
  SignalVerdict,
  Step,
  StoredOverrides,
  Verdict,
};

/** The package's functions the editors use; their types and documentation are the package's own (Rust doc). */
const ENGINE_FUNCTIONS = [
  'signals',
  'verdict',
  'levels',
  'formatValue',
  'unitSymbol',
  'checkOverrides',
  'jsonDataKeys',
  'defaults',
] as const;

/** What the editors use of the WebAssembly package: see each function's documentation in the package. */
export type Engine = Pick<typeof bindings, (typeof ENGINE_FUNCTIONS)[number]>;

let loading: Promise<Engine> | undefined;

/** The engine, compiled once; a failed attempt is retried at the next call. */
export function loadEngine(): Promise<Engine> {
  if (!loading) {
    loading = instantiate().catch((e: unknown) => {
      loading = undefined;
      throw e;
    });
  }
  return loading;
}

function decodeBase64(text: string): ArrayBuffer {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes.buffer;
}

async function instantiate(): Promise<Engine> {
  const module = await WebAssembly.compile(decodeBase64(wasmBase64));
  // wasm-bindgen names the glue module as the import namespace ("./tumulte_dashboards_bg.js"); read it from the
  // module rather than hard-coding it.
  const imports: WebAssembly.Imports = {};
  for (const { module: name } of WebAssembly.Module.imports(module)) {
    imports[name] = bindings as unknown as WebAssembly.ModuleImports;
  }
  const instance = await WebAssembly.instantiate(module, imports);
  bindings.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start === 'function') {
    start();
  }
  // A plain object of the package's functions: one place to look for what the editors call (and to spy on in tests).
  return Object.fromEntries(ENGINE_FUNCTIONS.map((name) => [name, bindings[name]])) as unknown as Engine;
}

/** The engine in a component: `undefined` while it loads, or the error that stopped it. */
export function useEngine(): { engine?: Engine; error?: string } {
  const [state, setState] = useState<{ engine?: Engine; error?: string }>({});
  useEffect(() => {
    let live = true;
    loadEngine().then(
      (engine) => live && setState({ engine }),
      (e: unknown) => live && setState({ error: e instanceof Error ? e.message : String(e) })
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** The signals of the scaling table (those with steps), in table order. */
export function scalingSignals(engine: Engine): Signal[] {
  return engine.signals().filter((s) => s.steps.length > 0);
}

/** The level `name` as the engine describes it (colour, meaning); every level the engine names is in `levels()`. */
export function levelInfo(engine: Engine, name: Level): LevelInfo {
  const info = engine.levels().find((l) => l.name === name);
  if (!info) {
    throw new Error(`the engine has no level ${JSON.stringify(name)}`);
  }
  return info;
}
