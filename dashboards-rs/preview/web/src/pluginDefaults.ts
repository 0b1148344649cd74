// What Grafana 10.4's panel plugins put in a panel's options and field config when the dashboard leaves them out
// (getPanelOptionsWithDefaults with each plugin's defaults): the dashboard's own values always win.
import type { FieldConfigSource } from '@grafana/data';
import type { Panel } from './dashboard';

const reduceOptions = { values: false, calcs: ['lastNotNull'], fields: '' };
const legend = { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] };
// The thresholds standard option's default, which every panel with thresholds gets.
const thresholds = { mode: 'absolute', steps: [{ value: -Infinity, color: 'green' }, { value: 80, color: 'red' }] };

interface Defaults {
  options: Record<string, unknown>;
  fieldConfig: FieldConfigSource['defaults'];
}

const DEFAULTS: Record<string, Defaults> = {
  timeseries: {
    options: { legend, tooltip: { mode: 'single', sort: 'none' } },
    fieldConfig: {
      color: { mode: 'palette-classic' as never },
      thresholds: thresholds as never,
      mappings: [],
      custom: {
        drawStyle: 'line',
        lineInterpolation: 'linear',
        barAlignment: 0,
        lineWidth: 1,
        fillOpacity: 0,
        gradientMode: 'none',
        spanNulls: false,
        insertNulls: false,
        showPoints: 'auto',
        pointSize: 5,
        stacking: { mode: 'none', group: 'A' },
        axisPlacement: 'auto',
        axisLabel: '',
        axisColorMode: 'text',
        axisBorderShow: false,
        axisCenteredZero: false,
        scaleDistribution: { type: 'linear' },
        hideFrom: { tooltip: false, viz: false, legend: false },
        thresholdsStyle: { mode: 'off' },
      },
    },
  },
  stat: {
    options: {
      reduceOptions,
      orientation: 'auto',
      textMode: 'auto',
      wideLayout: true,
      colorMode: 'value',
      graphMode: 'area',
      justifyMode: 'auto',
      showPercentChange: false,
    },
    fieldConfig: { color: { mode: 'thresholds' as never }, thresholds: thresholds as never, mappings: [] },
  },
  gauge: {
    options: {
      reduceOptions,
      orientation: 'auto',
      showThresholdLabels: false,
      showThresholdMarkers: true,
      sizing: 'auto',
      minVizWidth: 75,
      minVizHeight: 75,
    },
    fieldConfig: { color: { mode: 'thresholds' as never }, thresholds: thresholds as never, mappings: [] },
  },
  bargauge: {
    options: {
      reduceOptions,
      orientation: 'auto',
      displayMode: 'gradient',
      valueMode: 'color',
      namePlacement: 'auto',
      showUnfilled: true,
      sizing: 'auto',
      minVizWidth: 8,
      minVizHeight: 16,
      maxVizHeight: 300,
    },
    fieldConfig: { color: { mode: 'thresholds' as never }, thresholds: thresholds as never, mappings: [] },
  },
  table: {
    options: { showHeader: true, cellHeight: 'sm', frameIndex: 0, footer: { show: false, reducer: ['sum'], countRows: false } },
    fieldConfig: {
      color: { mode: 'thresholds' as never },
      thresholds: thresholds as never,
      mappings: [],
      custom: { align: 'auto', cellOptions: { type: 'auto' }, inspect: false },
    },
  },
  'state-timeline': {
    options: { showValue: 'auto', alignValue: 'left', mergeValues: true, rowHeight: 0.9, legend, tooltip: { mode: 'single', sort: 'none' } },
    fieldConfig: {
      color: { mode: 'continuous-GrYlRd' as never },
      thresholds: thresholds as never,
      mappings: [],
      custom: { lineWidth: 0, fillOpacity: 70, hideFrom: { tooltip: false, viz: false, legend: false } },
    },
  },
  text: { options: { mode: 'markdown', content: '' }, fieldConfig: {} },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** `base` with `own` on top, objects merged key by key, anything else (arrays too) taken from `own`. */
export function mergeDefaults<T>(base: T, own: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(own)) {
    return (own === undefined ? base : own) as T;
  }
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(own)) {
    out[key] = mergeDefaults(out[key], value);
  }
  return out as T;
}

/** The panel's options and field config with its plugin's defaults filled in. */
export function withPluginDefaults(panel: Panel): { options: Record<string, unknown>; fieldConfig: FieldConfigSource } {
  const defaults = DEFAULTS[panel.type] ?? { options: {}, fieldConfig: {} };
  return {
    options: mergeDefaults(defaults.options, panel.options ?? {}),
    fieldConfig: {
      defaults: mergeDefaults(defaults.fieldConfig, panel.fieldConfig?.defaults ?? {}),
      overrides: panel.fieldConfig?.overrides ?? [],
    },
  };
}
