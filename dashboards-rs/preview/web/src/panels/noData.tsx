// Grafana's PanelDataErrorView as a panel without data shows it: the message, centred.
import React from 'react';
import type { FieldConfigSource } from '@grafana/data';
import { useTheme2 } from '@grafana/ui';

/** What an empty panel says: its `noValue` when the dashboard sets one (PanelDataErrorView's rule), else "No data". */
export function noDataMessage(fieldConfig: FieldConfigSource | undefined): string {
  return fieldConfig?.defaults?.noValue ?? 'No data';
}

export function NoData({ message = 'No data' }: { message?: string }) {
  const theme = useTheme2();
  return (
    <div
      className="panel-empty"
      style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', height: '100%', width: '100%', color: theme.colors.text.secondary }}
    >
      <p style={{ marginBottom: 0 }}>{message}</p>
    </div>
  );
}
