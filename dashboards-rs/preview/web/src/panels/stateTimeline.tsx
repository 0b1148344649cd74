// The state-timeline panel. Grafana draws it with its core TimelineChart, which no published package exports, so
// the preview draws the closest equivalent itself: one row per series, bands of merged equal values coloured and
// named by the field's own display processor (value mappings, thresholds), Grafana's row height and fill opacity,
// and the legend Grafana shows (value mappings, else thresholds) through @grafana/ui's VizLegend.
import React from 'react';
import {
  colorManipulator,
  dateTimeFormat,
  FieldType,
  formattedValueToString,
  getFieldDisplayName,
  type DataFrame,
  type Field,
  type GrafanaTheme2,
  type TimeZone,
} from '@grafana/data';
import { getTextColorForAlphaBackground, measureText, VizLegend, type VizLegendItem } from '@grafana/ui';
import type { PanelRenderProps } from './types';
import { NoData, noDataMessage } from './noData';

export const STATE_TIMELINE_NOTE = 'Drawn by the preview: Grafana publishes no state-timeline component';

interface Band {
  start: number;
  end: number;
  text: string;
  color: string;
}

interface Row {
  name: string;
  bands: Band[];
}

const FONT_SIZE = 12;
const AXIS_HEIGHT = 22;
const NOTE_HEIGHT = 18;
const LEGEND_HEIGHT = 28;

/** Consecutive points with the same value merged into one band (mergeValues), nulls leaving gaps. */
export function bands(times: number[], values: unknown[], end: number, merge: boolean): Array<{ start: number; end: number; value: unknown }> {
  const out: Array<{ start: number; end: number; value: unknown }> = [];
  for (let i = 0; i < times.length; i++) {
    const value = values[i];
    const stop = i + 1 < times.length ? times[i + 1] : end;
    if (value === null || value === undefined) {
      continue;
    }
    const last = out[out.length - 1];
    if (merge && last && last.value === value && last.end === times[i]) {
      last.end = stop;
    } else {
      out.push({ start: times[i], end: stop, value });
    }
  }
  return out;
}

function rowsOf(frames: DataFrame[], end: number, merge: boolean, fillOpacity: number): Row[] {
  const rows: Row[] = [];
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    if (!time) {
      continue;
    }
    const times = Array.from(time.values as ArrayLike<number>);
    for (const field of frame.fields) {
      if (field === time || field.config.custom?.hideFrom?.viz) {
        continue;
      }
      const display = field.display!;
      rows.push({
        name: getFieldDisplayName(field, frame, frames),
        bands: bands(times, Array.from(field.values as ArrayLike<unknown>), end, merge).map((b) => {
          const shown = display(b.value);
          return { start: b.start, end: b.end, text: formattedValueToString(shown), color: colorManipulator.alpha(shown.color ?? '#808080', fillOpacity / 100) };
        }),
      });
    }
  }
  return rows;
}

/** The legend Grafana's state timeline shows: the value mappings' texts and colours, else the thresholds. */
function legendItems(fields: Field[], theme: GrafanaTheme2): VizLegendItem[] {
  const field = fields[0];
  if (!field) {
    return [];
  }
  const items: VizLegendItem[] = [];
  for (const mapping of field.config.mappings ?? []) {
    const results = mapping.type === 'value' ? Object.values(mapping.options) : [mapping.options.result];
    for (const result of results) {
      if (result.text !== undefined || result.color) {
        items.push({ label: result.text ?? '', color: theme.visualization.getColorByName(result.color ?? 'gray'), yAxis: 1 });
      }
    }
  }
  if (items.length > 0 || field.config.color?.mode !== 'thresholds') {
    return items;
  }
  const steps = field.config.thresholds?.steps ?? [];
  return steps.map((step, i) => ({
    label: i === 0 ? `< ${steps[1]?.value ?? ''}` : `${step.value}+`,
    color: theme.visualization.getColorByName(step.color),
    yAxis: 1,
  }));
}

function timeTicks(from: number, to: number, width: number): number[] {
  const steps = [60e3, 5 * 60e3, 10 * 60e3, 15 * 60e3, 30 * 60e3, 3600e3, 2 * 3600e3, 3 * 3600e3, 6 * 3600e3, 12 * 3600e3, 86400e3];
  const wanted = Math.max(2, Math.floor(width / 90));
  const step = steps.find((s) => (to - from) / s <= wanted) ?? 86400e3 * Math.ceil((to - from) / wanted / 86400e3);
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    out.push(t);
  }
  return out;
}

function formatTick(t: number, from: number, to: number, timeZone: TimeZone): string {
  return dateTimeFormat(t, { format: to - from > 86400e3 ? 'MM/DD HH:mm' : 'HH:mm', timeZone });
}

export function StateTimelinePanel({ frames, fieldConfig, options, width, height, timeRange, timeZone, theme }: PanelRenderProps) {
  const from = timeRange.from.valueOf();
  const to = timeRange.to.valueOf();
  const fillOpacity = frames[0]?.fields.find((f) => f.type !== FieldType.time)?.config.custom?.fillOpacity ?? 70;
  const rows = rowsOf(frames, to, options.mergeValues !== false, fillOpacity);
  const showLegend = options.legend?.showLegend !== false;
  const note = (
    <div style={{ height: NOTE_HEIGHT, fontSize: 11, fontStyle: 'italic', color: theme.colors.text.secondary }} data-testid="state-timeline-note">
      {STATE_TIMELINE_NOTE}
    </div>
  );
  if (rows.length === 0) {
    return (
      <div style={{ height, width }}>
        {note}
        <div style={{ height: height - NOTE_HEIGHT }}>
          <NoData message={noDataMessage(fieldConfig)} />
        </div>
      </div>
    );
  }
  const labelWidth = Math.ceil(Math.max(...rows.map((r) => measureText(r.name, FONT_SIZE).width))) + 12;
  const plotWidth = Math.max(1, width - labelWidth - 4);
  const chartHeight = height - NOTE_HEIGHT - (showLegend ? LEGEND_HEIGHT : 0);
  const rowSpace = Math.max(1, (chartHeight - AXIS_HEIGHT) / rows.length);
  const bandHeight = rowSpace * (options.rowHeight ?? 0.9);
  const x = (t: number) => labelWidth + ((Math.min(Math.max(t, from), to) - from) / (to - from)) * plotWidth;
  const showValue = options.showValue ?? 'auto';
  const fields = frames.flatMap((f) => f.fields.filter((x) => x.type !== FieldType.time));
  return (
    <div style={{ width, height }}>
      {note}
      <svg width={width} height={chartHeight} style={{ display: 'block', fontFamily: theme.typography.fontFamily }}>
        {rows.map((row, r) => {
          const y = r * rowSpace + (rowSpace - bandHeight) / 2;
          return (
            <g key={r}>
              <text x={labelWidth - 8} y={r * rowSpace + rowSpace / 2} dominantBaseline="middle" textAnchor="end" fontSize={FONT_SIZE} fill={theme.colors.text.primary}>
                {row.name}
              </text>
              {row.bands.map((b, i) => {
                const left = x(b.start);
                const w = Math.max(0, x(b.end) - left);
                const fits = showValue === 'always' || (showValue === 'auto' && measureText(b.text, FONT_SIZE).width + 8 < w && bandHeight > FONT_SIZE);
                const align = options.alignValue ?? 'left';
                const tx = align === 'center' ? left + w / 2 : align === 'right' ? left + w - 4 : left + 4;
                return (
                  <g key={i}>
                    <rect x={left} y={y} width={w} height={bandHeight} fill={b.color}>
                      <title>{`${row.name}: ${b.text}`}</title>
                    </rect>
                    {fits && showValue !== 'never' && (
                      <text
                        x={tx}
                        y={y + bandHeight / 2}
                        dominantBaseline="middle"
                        textAnchor={align === 'center' ? 'middle' : align === 'right' ? 'end' : 'start'}
                        fontSize={FONT_SIZE}
                        fill={getTextColorForAlphaBackground(b.color, theme.isDark)}
                        pointerEvents="none"
                      >
                        {b.text}
                      </text>
                    )}
                  </g>
                );
              })}
            </g>
          );
        })}
        {timeTicks(from, to, plotWidth).map((t) => (
          <text key={t} x={x(t)} y={chartHeight - 6} textAnchor="middle" fontSize={FONT_SIZE} fill={theme.colors.text.secondary}>
            {formatTick(t, from, to, timeZone)}
          </text>
        ))}
      </svg>
      {showLegend && (
        <div style={{ height: LEGEND_HEIGHT, overflow: 'hidden' }}>
          <VizLegend items={legendItems(fields, theme)} displayMode={options.legend?.displayMode ?? 'list'} placement="bottom" readonly />
        </div>
      )}
    </div>
  );
}
