// Grafana's dashboard grid (react-grid-layout as Grafana 10.4's DashboardGrid configures it) and its rows
// (DashboardModel.toggleRow), as pure functions of the panels' gridPos.
import type { GridPos, Panel } from './dashboard';

export const GRID_COLUMN_COUNT = 24;
export const GRID_CELL_HEIGHT = 30;
export const GRID_CELL_VMARGIN = 8;

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where react-grid-layout puts an item (calcGridItemPosition with margin [8, 8] and no container padding). */
export function placement(pos: GridPos, containerWidth: number): Box {
  const colWidth = (containerWidth - GRID_CELL_VMARGIN * (GRID_COLUMN_COUNT - 1)) / GRID_COLUMN_COUNT;
  return {
    left: Math.round((colWidth + GRID_CELL_VMARGIN) * pos.x),
    top: Math.round((GRID_CELL_HEIGHT + GRID_CELL_VMARGIN) * pos.y),
    width: Math.round(colWidth * pos.w + Math.max(0, pos.w - 1) * GRID_CELL_VMARGIN),
    height: Math.round(GRID_CELL_HEIGHT * pos.h + Math.max(0, pos.h - 1) * GRID_CELL_VMARGIN),
  };
}

/** The grid's height in pixels: react-grid-layout's containerHeight. */
export function gridHeight(panels: Panel[]): number {
  const rows = panels.reduce((max, p) => Math.max(max, p.gridPos.y + p.gridPos.h), 0);
  return rows === 0 ? 0 : rows * GRID_CELL_HEIGHT + (rows - 1) * GRID_CELL_VMARGIN;
}

/** DashboardModel.sortPanelsByGridPos: top to bottom, then left to right. */
export function sortByGridPos(panels: Panel[]): Panel[] {
  return [...panels].sort((a, b) => (a.gridPos.y === b.gridPos.y ? a.gridPos.x - b.gridPos.x : a.gridPos.y - b.gridPos.y));
}

function collides(a: GridPos, b: GridPos): boolean {
  return !(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y);
}

/**
 * react-grid-layout's vertical compaction (compactType "vertical", which Grafana uses): every item, top to bottom,
 * rises until it touches the one above it. This is what closes the gap a collapsed row leaves.
 */
export function compact(panels: Panel[]): Panel[] {
  const placed: GridPos[] = [];
  const moved = new Map<Panel, Panel>();
  for (const panel of sortByGridPos(panels)) {
    const pos = { ...panel.gridPos };
    const bottom = placed.reduce((max, p) => Math.max(max, p.y + p.h), 0);
    pos.y = Math.min(bottom, pos.y);
    while (pos.y > 0 && !placed.some((p) => collides(p, { ...pos, y: pos.y - 1 }))) {
      pos.y--;
    }
    for (let hit = placed.find((p) => collides(p, pos)); hit; hit = placed.find((p) => collides(p, pos))) {
      pos.y = hit.y + hit.h;
    }
    placed.push(pos);
    moved.set(panel, { ...panel, gridPos: pos });
  }
  return panels.map((p) => moved.get(p)!);
}

/** The panels of the row at `index`: those after it up to the next row (DashboardModel.getRowPanels). */
function rowPanels(panels: Panel[], index: number): Panel[] {
  const out: Panel[] = [];
  for (const panel of panels.slice(index + 1)) {
    if (panel.type === 'row') {
      break;
    }
    out.push(panel);
  }
  return out;
}

/**
 * DashboardModel.toggleRow: collapsing moves the row's panels into `row.panels`; expanding puts them back under the
 * row (shifted to where the row is now) and pushes the panels below down by their height.
 */
export function toggleRow(panels: Panel[], rowId: number): Panel[] {
  const sorted = sortByGridPos(panels);
  const index = sorted.findIndex((p) => p.id === rowId && p.type === 'row');
  if (index < 0) {
    return panels;
  }
  const row = sorted[index];
  if (!row.collapsed) {
    const inside = rowPanels(sorted, index);
    const rest = sorted.filter((p) => !inside.includes(p));
    return compact(rest.map((p) => (p === row ? { ...row, collapsed: true, panels: inside } : p)));
  }
  const inside = row.panels ?? [];
  if (inside.length === 0) {
    return compact(sorted.map((p) => (p === row ? { ...row, collapsed: false, panels: [] } : p)));
  }
  const yDiff = inside[0].gridPos.y - (row.gridPos.y + row.gridPos.h);
  let yMax = row.gridPos.y;
  const restored = inside.map((p) => {
    const gridPos = { ...p.gridPos, y: p.gridPos.y - yDiff };
    yMax = Math.max(yMax, gridPos.y + gridPos.h);
    return { ...p, gridPos };
  });
  const pushDown = yMax - row.gridPos.y - 1;
  const before = sorted.slice(0, index);
  const after = sorted.slice(index + 1).map((p) => ({ ...p, gridPos: { ...p.gridPos, y: p.gridPos.y + pushDown } }));
  return compact(sortByGridPos([...before, { ...row, collapsed: false, panels: [] }, ...restored, ...after]));
}

/** The panels a dashboard draws: top-level ones (a collapsed row keeps its panels inside, hidden). */
export function visiblePanels(panels: Panel[]): Panel[] {
  return sortByGridPos(panels);
}
