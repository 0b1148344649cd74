// The timeseries panel: @grafana/ui's TimeSeries (uPlot, legend with calcs, thresholds drawn from
// custom.thresholdsStyle) with the tooltip Grafana 10.4 shows by default (TooltipPlugin; TooltipPlugin2 is behind
// the newVizTooltips feature toggle).
import React from 'react';
import { FieldType, type DataFrame } from '@grafana/data';
import { KeyboardPlugin, TimeSeries, TooltipPlugin } from '@grafana/ui';
import type { PanelRenderProps } from './types';
import { NoData, noDataMessage } from './noData';
import { ThresholdProbe } from './thresholdProbe';

/** Frames a time series can draw: a time field and at least one number field (prepareGraphableFields' test). */
export function graphable(frames: DataFrame[]): DataFrame[] {
  return frames.filter(
    (f) => f.length > 0 && f.fields.some((x) => x.type === FieldType.time) && f.fields.some((x) => x.type === FieldType.number)
  );
}

export function TimeSeriesPanel({ panel, frames, fieldConfig, options, width, height, timeRange, timeZone, theme }: PanelRenderProps) {
  const series = graphable(frames);
  if (series.length === 0) {
    const hasRows = frames.some((f) => f.length > 0);
    return <NoData message={hasRows ? 'Data does not have a time field' : noDataMessage(fieldConfig)} />;
  }
  return (
    <TimeSeries frames={series} width={width} height={height} timeRange={timeRange} timeZone={timeZone} legend={options.legend} options={options}>
      {(config, alignedFrame) => (
        <>
          <KeyboardPlugin config={config} />
          <ThresholdProbe panelId={panel.id} config={config} frames={series} theme={theme} />
          <TooltipPlugin
            config={config}
            data={alignedFrame}
            frames={series}
            mode={options.tooltip?.mode}
            sortOrder={options.tooltip?.sort}
            timeZone={timeZone}
          />
        </>
      )}
    </TimeSeries>
  );
}
