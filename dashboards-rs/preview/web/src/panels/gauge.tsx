// The gauge panel as Grafana 10.4's GaugePanel draws it: getFieldDisplayValues, one Gauge per value.
import React from 'react';
import { getFieldDisplayValues, type FieldDisplay } from '@grafana/data';
import { Gauge, VizRepeater, type VizRepeaterRenderValueProps } from '@grafana/ui';
import type { PanelRenderProps } from './types';

export function GaugePanel({ frames, options, fieldConfig, width, height, timeZone, theme, replaceVariables }: PanelRenderProps) {
  const getValues = () =>
    getFieldDisplayValues({ fieldConfig, reduceOptions: options.reduceOptions, replaceVariables, theme, data: frames, timeZone });
  const renderValue = ({ value, width, height }: VizRepeaterRenderValueProps<FieldDisplay>) => (
    <Gauge
      value={value.display}
      width={width}
      height={height}
      field={value.field}
      text={options.text}
      showThresholdLabels={options.showThresholdLabels}
      showThresholdMarkers={options.showThresholdMarkers}
      theme={theme}
      orientation={options.orientation}
    />
  );
  const sized = options.sizing === 'manual';
  return (
    <VizRepeater
      getValues={getValues}
      renderValue={renderValue}
      width={width}
      height={height}
      source={frames}
      autoGrid={true}
      renderCounter={0}
      orientation={options.orientation}
      minVizHeight={sized ? options.minVizHeight : undefined}
      minVizWidth={sized ? options.minVizWidth : undefined}
    />
  );
}
