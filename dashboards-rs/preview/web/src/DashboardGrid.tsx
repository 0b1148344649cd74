// The dashboard's panels and rows on Grafana's grid, as wide as the page.
import React, { useEffect, useRef, useState } from 'react';
import type { GrafanaTheme2, InterpolateFunction, TimeRange, TimeZone } from '@grafana/data';
import type { FrontendSettings, Panel } from './dashboard';
import type { VariableValue } from './interpolate';
import { gridHeight, placement } from './layout';
import { PanelView } from './PanelView';
import { RowHeader } from './RowHeader';

interface Props {
  panels: Panel[];
  settings: FrontendSettings;
  variables: Map<string, VariableValue>;
  replaceVariables: InterpolateFunction;
  timeRange: TimeRange;
  timeZone: TimeZone;
  refreshCount: number;
  theme: GrafanaTheme2;
  onToggleRow: (id: number) => void;
}

export function DashboardGrid(props: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current!;
    const observer = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    observer.observe(el);
    setWidth(Math.floor(el.clientWidth));
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className="react-grid-layout" style={{ position: 'relative', height: gridHeight(props.panels) }}>
      {width > 0 &&
        props.panels.map((panel) => {
          const box = placement(panel.gridPos, width);
          if (panel.type === 'row') {
            const title = props.replaceVariables(panel.title ?? '', {}, 'text');
            return <RowHeader key={`row-${panel.id}`} row={panel} box={box} title={title} onToggle={() => props.onToggleRow(panel.id)} />;
          }
          return (
            <PanelView
              key={panel.id}
              panel={panel}
              box={box}
              settings={props.settings}
              variables={props.variables}
              replaceVariables={props.replaceVariables}
              timeRange={props.timeRange}
              timeZone={props.timeZone}
              refreshCount={props.refreshCount}
              theme={props.theme}
            />
          );
        })}
    </div>
  );
}
