// A panel type the preview does not draw: a placeholder naming it, so the rest of the dashboard still shows.
import React from 'react';
import type { PanelRenderProps } from './types';
import { NoData } from './noData';

export function unsupportedMessage(type: string): string {
  return `Panel type "${type}" is not drawn by the preview`;
}

export function UnsupportedPanel({ panel }: PanelRenderProps) {
  return <NoData message={unsupportedMessage(panel.type)} />;
}
