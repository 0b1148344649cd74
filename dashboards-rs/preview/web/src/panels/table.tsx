// The table panel as Grafana 10.4's TablePanel draws it: @grafana/ui's Table over the frame options.frameIndex
// names, with a frame picker under it when there are several.
import React, { useState } from 'react';
import { getFrameDisplayName } from '@grafana/data';
import { Select, Table } from '@grafana/ui';
import type { PanelRenderProps } from './types';
import { NoData, noDataMessage } from './noData';

const PICKER_HEIGHT = 40;

export function TablePanel({ frames, fieldConfig, options, width, height, timeRange }: PanelRenderProps) {
  const [picked, setPicked] = useState<number | undefined>(undefined);
  if (frames.length === 0 || frames.every((f) => f.fields.length === 0)) {
    return <NoData message={noDataMessage(fieldConfig)} />;
  }
  const index = Math.min(picked ?? options.frameIndex ?? 0, frames.length - 1);
  const several = frames.length > 1;
  const table = (
    <Table
      height={several ? height - PICKER_HEIGHT : height}
      width={width}
      data={frames[index]}
      noHeader={!options.showHeader}
      resizable={true}
      initialSortBy={options.sortBy}
      footerOptions={options.footer}
      enablePagination={options.footer?.enablePagination}
      cellHeight={options.cellHeight}
      timeRange={timeRange}
    />
  );
  if (!several) {
    return table;
  }
  const choices = frames.map((f, i) => ({ label: getFrameDisplayName(f, i), value: i }));
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height }}>
      {table}
      <div style={{ height: PICKER_HEIGHT, paddingTop: 8 }}>
        <Select options={choices} value={index} onChange={(v) => setPicked(v.value)} />
      </div>
    </div>
  );
}
