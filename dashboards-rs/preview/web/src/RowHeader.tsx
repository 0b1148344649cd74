// A dashboard row as Grafana 10.4's DashboardRow draws it: a chevron and the title, "(N panels)" while collapsed;
// clicking the title toggles it.
import React from 'react';
import { css } from '@emotion/css';
import { Icon, useStyles2 } from '@grafana/ui';
import type { GrafanaTheme2 } from '@grafana/data';
import type { Panel } from './dashboard';
import type { Box } from './layout';

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({
    position: 'absolute',
    display: 'flex',
    alignItems: 'center',
    height: '100%',
    '&:hover button': { color: theme.colors.text.primary },
  }),
  title: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    background: 'transparent',
    border: 'none',
    padding: 0,
    cursor: 'pointer',
    fontSize: theme.typography.h5.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    color: theme.colors.text.primary,
  }),
  count: css({
    paddingLeft: theme.spacing(2),
    color: theme.colors.text.secondary,
    fontStyle: 'italic',
    fontSize: theme.typography.size.sm,
    fontWeight: 'normal',
  }),
  collapsed: css({
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
});

export function RowHeader({ row, box, title, onToggle }: { row: Panel; box: Box; title: string; onToggle: () => void }) {
  const styles = useStyles2(getStyles);
  const count = row.panels?.length ?? 0;
  return (
    <div
      className={`${styles.row} ${row.collapsed ? styles.collapsed : ''}`}
      data-row-id={row.id}
      data-collapsed={row.collapsed ? 'true' : 'false'}
      style={{ left: box.left, top: box.top, width: box.width, height: box.height }}
    >
      <button type="button" className={styles.title} onClick={onToggle} aria-expanded={!row.collapsed} data-testid="dashboard-row-title">
        <Icon name={row.collapsed ? 'angle-right' : 'angle-down'} />
        {title}
        {row.collapsed && (
          <span className={styles.count}>
            ({count} {count === 1 ? 'panel' : 'panels'})
          </span>
        )}
      </button>
    </div>
  );
}
