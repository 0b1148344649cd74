// The dashboard's controls: its title, its variables, and @grafana/ui's TimeRangePicker and RefreshPicker.
import React from 'react';
import { css } from '@emotion/css';
import { dateTime, type GrafanaTheme2, type TimeRange, type TimeZone } from '@grafana/data';
import { defaultIntervals, RefreshPicker, TimeRangePicker, useStyles2 } from '@grafana/ui';
import type { Variable } from './variables';
import { VariablePicker } from './VariablePicker';

interface Props {
  title: string;
  variables: Variable[];
  timeRange: TimeRange;
  timeZone: TimeZone;
  refresh: string;
  intervals?: string[];
  loading: boolean;
  onVariableChange: (name: string, value: string | string[]) => void;
  onTimeRangeChange: (range: TimeRange) => void;
  onRefreshChange: (interval: string) => void;
  onRefresh: () => void;
}

const getStyles = (theme: GrafanaTheme2) => ({
  toolbar: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(1.5, 2),
    background: theme.colors.background.primary,
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  title: css({
    flexGrow: 1,
    margin: 0,
    fontSize: theme.typography.h4.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  variables: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(0, 1),
    padding: theme.spacing(2, 2, 1),
  }),
});

function absolute(from: number, to: number): TimeRange {
  return { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } };
}

/** Time range shifted by half its span, as Grafana's "move backward/forward". */
function shift(range: TimeRange, direction: -1 | 1): TimeRange {
  const span = range.to.valueOf() - range.from.valueOf();
  const from = range.from.valueOf() + (direction * span) / 2;
  const to = range.to.valueOf() + (direction * span) / 2;
  return absolute(from, to);
}

/** Time range twice as wide around its centre, as Grafana's "zoom out". */
function zoomOut(range: TimeRange): TimeRange {
  const span = range.to.valueOf() - range.from.valueOf();
  return absolute(range.from.valueOf() - span / 2, range.to.valueOf() + span / 2);
}

export function TopBar(props: Props) {
  const styles = useStyles2(getStyles);
  const { timeRange } = props;
  return (
    <>
      <div className={styles.toolbar}>
        <h1 className={styles.title}>{props.title}</h1>
        <TimeRangePicker
          value={timeRange}
          timeZone={props.timeZone}
          onChange={props.onTimeRangeChange}
          onChangeTimeZone={() => undefined}
          onMoveBackward={() => props.onTimeRangeChange(shift(timeRange, -1))}
          onMoveForward={() => props.onTimeRangeChange(shift(timeRange, 1))}
          onZoom={() => props.onTimeRangeChange(zoomOut(timeRange))}
        />
        <RefreshPicker
          value={props.refresh}
          intervals={props.intervals ?? defaultIntervals}
          onRefresh={props.onRefresh}
          onIntervalChanged={props.onRefreshChange}
          isLoading={props.loading}
          tooltip="Refresh dashboard"
        />
      </div>
      {props.variables.some((v) => v.hide !== 2) && (
        <div className={styles.variables} data-testid="variables">
          {props.variables
            .filter((v) => v.hide !== 2)
            .map((v) => (
              <VariablePicker key={v.name} variable={v} onChange={(value) => props.onVariableChange(v.name, value)} />
            ))}
        </div>
      )}
    </>
  );
}
