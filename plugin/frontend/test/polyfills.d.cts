/** Installs the browser APIs @grafana/ui needs and jsdom lacks on `g` (a window or globalThis). */
export function installBrowserPolyfills(g: Record<string, unknown>): void;
