import React, { useState } from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';

import { instanceSettings } from '../../test/fixtures';
import { DataSource } from '../datasource';
import { DEFAULT_PROMQL_EXPR, type TumulteQuery } from '../types';
import { QueryEditor } from './QueryEditor';

/** Renders the editor as a panel does: it owns the query, re-renders on change, counts runs. */
function renderEditor(initial: TumulteQuery, ds = new DataSource(instanceSettings())) {
  const changes: TumulteQuery[] = [];
  const runs = { count: 0 };
  function Host() {
    const [query, setQuery] = useState(initial);
    return (
      <QueryEditor
        query={query}
        datasource={ds}
        onChange={(next) => {
          changes.push(next);
          setQuery(next);
        }}
        onRunQuery={() => runs.count++}
      />
    );
  }
  render(<Host />);
  return { changes, runs, last: () => changes[changes.length - 1] };
}

describe('QueryEditor', () => {
  it('gives a query without a kind the verdict table', () => {
    const { last } = renderEditor({ refId: 'A' } as TumulteQuery);
    expect(last()).toEqual({ refId: 'A', kind: 'scalingVerdict', format: 'table' });
    expect((screen.getByLabelText('Scaling verdict') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Table') as HTMLInputElement).checked).toBe(true);
  });

  it('switches kind with a useful default and only that kind’s fields, then runs', () => {
    const datasource = { type: 'tumulte-scaling-datasource', uid: 'tumulte-scaling' };
    const { last, runs } = renderEditor({ refId: 'B', datasource, kind: 'scalingVerdict', format: 'timeseries' });
    fireEvent.click(screen.getByLabelText('PromQL'));
    expect(last()).toEqual({ refId: 'B', datasource, kind: 'promql', expr: DEFAULT_PROMQL_EXPR, legendFormat: '{{job}}' });
    expect(runs.count).toBe(1);
    fireEvent.click(screen.getByLabelText('Cache hit rate'));
    expect(last()).toEqual({ refId: 'B', datasource, kind: 'cacheHitRate' });
    expect(runs.count).toBe(2);
  });

  it('edits a PromQL query: expression, legend and instant', () => {
    const { last, runs } = renderEditor({ refId: 'A', kind: 'promql', expr: 'up' });
    const expr = screen.getByLabelText(/^Expression/);
    fireEvent.change(expr, { target: { value: 'sum(up)' } });
    expect(last()).toEqual({ refId: 'A', kind: 'promql', expr: 'sum(up)' });
    expect(runs.count).toBe(0);
    fireEvent.blur(expr);
    expect(runs.count).toBe(1);
    fireEvent.change(screen.getByLabelText(/^Legend/), { target: { value: '{{instance}}' } });
    expect(last().kind === 'promql' && last()).toMatchObject({ legendFormat: '{{instance}}' });
    fireEvent.click(screen.getByLabelText('Instant'));
    expect(last()).toEqual({ refId: 'A', kind: 'promql', expr: 'sum(up)', legendFormat: '{{instance}}', instant: true });
    fireEvent.click(screen.getByLabelText('Instant'));
    expect(last()).toEqual({ refId: 'A', kind: 'promql', expr: 'sum(up)', legendFormat: '{{instance}}' });
  });

  it('edits the cache hit rate grouping and flags what is not a label name', () => {
    const { last, runs } = renderEditor({ refId: 'A', kind: 'cacheHitRate' });
    const groupBy = screen.getByLabelText(/^Group by/);
    fireEvent.change(groupBy, { target: { value: 'cache' } });
    expect(last()).toEqual({ refId: 'A', kind: 'cacheHitRate', groupBy: 'cache' });
    fireEvent.blur(groupBy);
    expect(runs.count).toBe(1);
    fireEvent.change(groupBy, { target: { value: 'cache-name' } });
    expect(screen.getByText(/Not a label name/)).toBeTruthy();
    fireEvent.blur(groupBy);
    expect(runs.count).toBe(1);
    fireEvent.change(groupBy, { target: { value: '$label' } });
    expect(screen.queryByText(/Not a label name/)).toBeNull();
    fireEvent.change(groupBy, { target: { value: '' } });
    expect(last()).toEqual({ refId: 'A', kind: 'cacheHitRate' });
  });

  it('switches the verdict between table and time series', () => {
    const { last, runs } = renderEditor({ refId: 'A', kind: 'scalingVerdict', format: 'table' });
    fireEvent.click(screen.getByLabelText('Time series'));
    expect(last()).toEqual({ refId: 'A', kind: 'scalingVerdict', format: 'timeseries' });
    expect(runs.count).toBe(1);
  });

  it('previews the verdict live with the WebAssembly engine', async () => {
    const ds = new DataSource(instanceSettings({ thresholds: { cpuUsage: { warning: 60 } } }));
    renderEditor({ refId: 'A', kind: 'scalingVerdict', format: 'table' }, ds);
    fireEvent.click(screen.getByText('Thresholds and verdict preview'));
    const table = await screen.findByRole('table', { name: 'Verdict preview' }, { timeout: 5000 });
    expect(within(table).getByText(/warning > 70 %.*\(here 60\).*critical > 85 %/)).toBeTruthy();
    expect(screen.getByText(/the seed's, with cpuUsage\.warning = 60/)).toBeTruthy();
    const overall = () => screen.getByRole('status', { name: 'Overall verdict' }).textContent;
    fireEvent.change(within(table).getByLabelText('cpuUsage value'), { target: { value: '91' } });
    expect(overall()).toMatch(/critical/);
    expect(overall()).toMatch(/Scale now/);
    fireEvent.change(within(table).getByLabelText('cpuUsage value'), { target: { value: '75' } });
    fireEvent.change(within(table).getByLabelText('latencyP95 value'), { target: { value: '0.2' } });
    expect(overall()).toMatch(/warning/);
    expect(overall()).toMatch(/Consider scaling/);
    fireEvent.change(within(table).getByLabelText('cpuUsage value'), { target: { value: '65' } });
    expect(overall()).toMatch(/warning/); // past this data source's 60, below the seed's 70
    fireEvent.change(within(table).getByLabelText('cpuUsage value'), { target: { value: '10' } });
    expect(overall()).toMatch(/ok/);
  });
});
