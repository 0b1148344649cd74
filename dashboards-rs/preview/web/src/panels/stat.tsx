// The stat panel as Grafana 10.4's StatPanel draws it: getFieldDisplayValues, one BigValue per value in a
// VizRepeater grid.
import React from 'react';
import { getDisplayValueAlignmentFactors, getFieldDisplayValues, type FieldDisplay } from '@grafana/data';
import { BigValue, BigValueGraphMode, BigValueTextMode, VizRepeater, type VizRepeaterRenderValueProps } from '@grafana/ui';
import type { PanelRenderProps } from './types';

export function StatPanel(props: PanelRenderProps) {
  const { panel, frames, options, fieldConfig, width, height, timeRange, timeZone, theme, replaceVariables } = props;
  // StatPanel.getTextMode: a display name or no title makes "auto" show the name too.
  const textMode =
    options.textMode === BigValueTextMode.Auto && (fieldConfig.defaults.displayName || !panel.title)
      ? BigValueTextMode.ValueAndName
      : options.textMode;
  const getValues = () =>
    getFieldDisplayValues({
      fieldConfig,
      reduceOptions: options.reduceOptions,
      replaceVariables,
      theme,
      data: frames,
      sparkline: options.graphMode !== BigValueGraphMode.None,
      percentChange: options.showPercentChange,
      timeZone,
    });
  const renderValue = ({ value, alignmentFactors, width, height, count }: VizRepeaterRenderValueProps<FieldDisplay, any>) => {
    const sparkline = value.sparkline ? { ...value.sparkline, timeRange } : undefined;
    return (
      <BigValue
        value={value.display}
        count={count}
        sparkline={sparkline}
        colorMode={options.colorMode}
        graphMode={options.graphMode}
        justifyMode={options.justifyMode}
        textMode={textMode}
        alignmentFactors={alignmentFactors}
        text={options.text}
        width={width}
        height={height}
        theme={theme}
        disableWideLayout={!options.wideLayout}
      />
    );
  };
  return (
    <VizRepeater
      getValues={getValues}
      getAlignmentFactors={getDisplayValueAlignmentFactors}
      renderValue={renderValue}
      width={width}
      height={height}
      source={frames}
      itemSpacing={3}
      renderCounter={0}
      autoGrid={true}
      orientation={options.orientation}
    />
  );
}
