// Which renderer draws which panel type, and whether that type queries data.
import type React from 'react';
import { BarGaugePanel } from './bargauge';
import { GaugePanel } from './gauge';
import { StatPanel } from './stat';
import { StateTimelinePanel } from './stateTimeline';
import { TablePanel } from './table';
import { TextPanel } from './text';
import { TimeSeriesPanel } from './timeseries';
import type { PanelRenderProps } from './types';

export interface PanelKind {
  render: React.ComponentType<PanelRenderProps>;
  /** Whether the panel runs its targets (a text panel has none). */
  queries: boolean;
  /** PanelChrome padding: Grafana's table plugin sets noPadding. */
  padding: 'none' | 'md';
}

export const PANEL_KINDS: Record<string, PanelKind> = {
  timeseries: { render: TimeSeriesPanel, queries: true, padding: 'md' },
  stat: { render: StatPanel, queries: true, padding: 'md' },
  gauge: { render: GaugePanel, queries: true, padding: 'md' },
  bargauge: { render: BarGaugePanel, queries: true, padding: 'md' },
  table: { render: TablePanel, queries: true, padding: 'none' },
  text: { render: TextPanel, queries: false, padding: 'md' },
  'state-timeline': { render: StateTimelinePanel, queries: true, padding: 'md' },
};
