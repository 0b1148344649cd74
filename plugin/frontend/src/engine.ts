/**
 * The seed's signals and the verdict engine, from the WebAssembly build of `tumulte-dashboards`
 * (`scripts/build-wasm` → `target/wasm-pkg`, npm name `@tumulte/dashboards`): the same Rust code as the backend's
 * verdict, so the editors show the seed's thresholds and actions without copying a number into TypeScript.
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
  Level,
  Overrides,
  Readings,
  Signal,
  SignalKey,
  SignalVerdict,
  Step,
  Verdict,
} from 'tumulte-wasm/node/tumulte_dashboards';

export type { Level, Overrides, Readings, Signal, SignalKey, SignalVerdict, Step, Verdict };

/** What the editors use of the WebAssembly package. */
export interface Engine {
  /** Every signal with its unit, direction, "constant" window and scaling steps. */
  signals(): Signal[];
  /**
   * The verdict for these readings, with the seed's thresholds or a data source's overrides of them (the same
   * `jsonData.thresholds` the backend applies); throws an Error naming the signal for a bad reading or override.
   */
  verdict(readings: Readings, overrides?: Overrides | null): Verdict;
}

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
  return { signals: bindings.signals, verdict: bindings.verdict };
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

/** The signals of the seed's scaling table (those with steps), in table order. */
export function scalingSignals(engine: Engine): Signal[] {
  return engine.signals().filter((s) => s.steps.length > 0);
}

/** A value in a signal's unit, for people: `70 %`, `0.5 s`, `500`. */
export function formatValue(value: number, unit: string): string {
  switch (unit) {
    case 'percent':
      return `${value} %`;
    case 'percentunit':
      return `${value} (ratio)`;
    case 's':
      return `${value} s`;
    default:
      return `${value}`;
  }
}

/** The unit's name next to an input: `%`, `seconds`, `ratio`, or nothing for a count. */
export function unitLabel(unit: string): string {
  switch (unit) {
    case 'percent':
      return '%';
    case 'percentunit':
      return 'ratio';
    case 's':
      return 'seconds';
    default:
      return '';
  }
}
