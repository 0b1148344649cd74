// The bar gauge panel as Grafana 10.4's BarGaugePanel draws it: getFieldDisplayValues, one BarGauge per value.
import React from 'react';
import { getDisplayValueAlignmentFactors, getFieldDisplayValues, type FieldDisplay } from '@grafana/data';
import { BarGauge, VizRepeater, type VizRepeaterRenderValueProps } from '@grafana/ui';
import type { PanelRenderProps } from './types';

export function BarGaugePanel({ frames, options, fieldConfig, width, height, timeZone, theme, replaceVariables }: PanelRenderProps) {
  const itemSpacing = options.displayMode === 'lcd' ? 2 : 10;
  const getValues = () =>
    getFieldDisplayValues({ fieldConfig, reduceOptions: options.reduceOptions, replaceVariables, theme, data: frames, timeZone });
  const renderValue = ({ value, alignmentFactors, orientation, width, height, count }: VizRepeaterRenderValueProps<FieldDisplay, any>) => {
    const processor = value.view && value.colIndex !== undefined ? value.view.getFieldDisplayProcessor(value.colIndex) : undefined;
    return (
      <BarGauge
        value={value.display}
        width={width}
        height={height}
        orientation={orientation}
        field={value.field}
        text={options.text}
        display={processor}
        theme={theme}
        itemSpacing={itemSpacing}
        displayMode={options.displayMode}
        alignmentFactors={count > 1 ? alignmentFactors : undefined}
        showUnfilled={options.showUnfilled}
        valueDisplayMode={options.valueMode}
        namePlacement={options.namePlacement}
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
      itemSpacing={itemSpacing}
      renderCounter={0}
      orientation={options.orientation}
      minVizHeight={options.minVizHeight}
      minVizWidth={options.minVizWidth}
      maxVizHeight={options.maxVizHeight}
    />
  );
}
