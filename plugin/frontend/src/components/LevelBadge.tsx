import React from 'react';
import { Badge, type BadgeColor } from '@grafana/ui';

import type { LevelInfo } from '../engine';

/**
 * A level as a badge: its name, in the colour the engine gives it (`Level::color`, the colour dashboards and the
 * plugin's frames draw it in), with what it asks of people ("act soon") as its tooltip.
 */
export function LevelBadge({ level }: { level: LevelInfo }) {
  // Badge resolves its colour with theme.visualization.getColorByName, which knows every Grafana colour name; the
  // cast only widens @grafana/ui's declared five.
  return <Badge text={level.name} color={level.color as BadgeColor} title={`${level.name}: ${level.meaning}`} />;
}
