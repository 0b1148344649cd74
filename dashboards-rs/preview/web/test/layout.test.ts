import type { Panel } from '../src/dashboard';
import { compact, gridHeight, placement, toggleRow } from '../src/layout';

const panel = (id: number, type: string, x: number, y: number, w: number, h: number, extra: Partial<Panel> = {}): Panel => ({
  id,
  type,
  gridPos: { x, y, w, h },
  ...extra,
});

describe('placement', () => {
  it('puts gridPos on 24 columns of a 1208 px grid with 30 px cells and 8 px margins', () => {
    // (1208 - 23 * 8) / 24 = 42.667 px a column.
    expect(placement({ x: 6, y: 1, w: 6, h: 4 }, 1208)).toEqual({ left: 304, top: 38, width: 296, height: 144 });
  });

  it('makes a grid as high as its lowest panel', () => {
    expect(gridHeight([panel(1, 'row', 0, 0, 24, 1), panel(2, 'stat', 0, 1, 6, 4)])).toBe(5 * 30 + 4 * 8);
  });
});

describe('rows', () => {
  const dashboard = [
    panel(1, 'row', 0, 0, 24, 1),
    panel(2, 'stat', 0, 1, 12, 4),
    panel(3, 'stat', 12, 1, 12, 4),
    panel(4, 'row', 0, 5, 24, 1),
    panel(5, 'timeseries', 0, 6, 24, 8),
  ];

  it('collapsing a row moves its panels into it and closes the gap', () => {
    const collapsed = toggleRow(dashboard, 1);
    expect(collapsed.map((p) => p.id)).toEqual([1, 4, 5]);
    expect(collapsed[0].panels?.map((p) => p.id)).toEqual([2, 3]);
    expect(collapsed.find((p) => p.id === 4)?.gridPos.y).toBe(1);
    expect(collapsed.find((p) => p.id === 5)?.gridPos.y).toBe(2);
  });

  it('expanding a collapsed row puts its panels back under it and pushes the rest down', () => {
    const expanded = toggleRow(toggleRow(dashboard, 1), 1);
    expect(expanded.map((p) => [p.id, p.gridPos.y])).toEqual([
      [1, 0],
      [2, 1],
      [3, 1],
      [4, 5],
      [5, 6],
    ]);
  });

  it('compaction lifts a panel into the space above it', () => {
    expect(compact([panel(1, 'stat', 0, 3, 6, 2)])[0].gridPos.y).toBe(0);
  });
});
