// The page's contract with tests: each drawn panel's state, `document.body.dataset.state` ("settled" once every
// visible panel has left "loading") and `window.grafanaPreview`.
import { decodeToPlain, type PlainFrame } from './frames';

export type PanelState = 'loading' | 'data' | 'empty' | 'error';

export interface PanelStatus {
  id: number;
  type: string;
  title: string;
  state: PanelState;
  error: string | null;
}

/** A threshold line of a time series as drawn: y in CSS pixels from the plot's top. */
export interface ThresholdLine {
  value: number;
  color: string;
  y: number;
  plotHeight: number;
  /** The share of the plot's width, at that y, in the step's colour. */
  drawnShare: number;
}

const panels = new Map<number, PanelStatus>();
/** The panels the dashboard draws: settled waits until each has reported, not only those mounted so far. */
let expected = new Set<number>();
const thresholdLines = new Map<number, ThresholdLine[]>();

/** A time series panel was drawn with these threshold lines. */
export function reportThresholdLines(id: number, lines: ThresholdLine[]): void {
  thresholdLines.set(id, lines);
}
let ready = false;

function update(): void {
  const settled =
    ready && [...expected].every((id) => panels.has(id)) && [...panels.values()].every((p) => p.state !== 'loading');
  document.body.dataset.state = settled ? 'settled' : 'loading';
}

/** A panel's state changed (or it appeared). */
export function report(status: PanelStatus): void {
  panels.set(status.id, status);
  update();
}

/** A panel is no longer drawn (its row collapsed). */
export function forget(id: number): void {
  panels.delete(id);
  expected.delete(id);
  thresholdLines.delete(id);
  update();
}

/** The dashboard has loaded (or failed to) and will draw the panels `ids`: settled once each has left loading. */
export function dashboardReady(ids: number[] = []): void {
  ready = true;
  expected = new Set(ids);
  update();
}

declare global {
  interface Window {
    grafanaPreview: {
      panels(): Array<PanelStatus & { thresholdLines?: ThresholdLine[] }>;
      decode(response: unknown): PlainFrame[];
    };
  }
}

window.grafanaPreview = {
  panels: () => [...panels.values()].map((p) => ({ ...p, thresholdLines: thresholdLines.get(p.id) })),
  decode: decodeToPlain,
};
