import React, { useState } from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';

import { badgeClassOf, instanceSettings } from '../../test/fixtures';
import { DataSource } from '../datasource';
import { loadEngine } from '../engine';
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
  afterEach(() => vi.restoreAllMocks());

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
    expect(within(table).getByText('warning > 70% (here 60%), critical > 85%')).toBeTruthy();
    expect(within(table).getByText('warning > 500 ms, critical > 1 s')).toBeTruthy();
    expect(screen.getByText(/Tumulte's defaults, with cpuUsage\.warning = 60%/)).toBeTruthy();
    // Every level, in its colour, with what it asks.
    const levels = screen.getByLabelText('Levels');
    expect(Array.from(levels.children).map((c) => c.textContent)).toEqual([
      'ok nothing to do',
      'info plan ahead',
      'warning act soon',
      'critical act now',
    ]);
    expect(within(levels).getByTitle('warning: act soon').className).toBe(badgeClassOf('orange'));
    const overall = () => screen.getByRole('status', { name: 'Overall verdict' }).textContent;
    fireEvent.change(within(table).getByLabelText('cpuUsage value'), { target: { value: '91' } });
    expect(overall()).toMatch(/critical/);
    expect(overall()).toMatch(/Scale now/);
    const overallBadge = within(screen.getByRole('status', { name: 'Overall verdict' })).getByTitle('critical: act now');
    expect(overallBadge.className).toBe(badgeClassOf('red'));
    expect((within(table).getByLabelText('cpuUsage value').closest('tr') as HTMLElement).querySelector('[title="critical: act now"]')).toBeTruthy();
    fireEvent.change(within(table).getByLabelText('cpuUsage value'), { target: { value: '75' } });
    fireEvent.change(within(table).getByLabelText('latencyP95 value'), { target: { value: '0.2' } });
    expect(overall()).toMatch(/warning/);
    expect(overall()).toMatch(/Consider scaling/);
    fireEvent.change(within(table).getByLabelText('cpuUsage value'), { target: { value: '65' } });
    expect(overall()).toMatch(/warning/); // past this data source's 60, below Tumulte's default 70
    fireEvent.change(within(table).getByLabelText('cpuUsage value'), { target: { value: '10' } });
    expect(overall()).toMatch(/ok/);
    expect(within(screen.getByRole('status', { name: 'Overall verdict' })).getByTitle('ok: nothing to do').className).toBe(badgeClassOf('green'));
  });

  it('takes colours, level names and written values from the engine, not from TypeScript', async () => {
    // Were the preview to keep its own colours or write values itself, these stand-ins would not show.
    const engine = await loadEngine();
    const levels = engine.levels().map((l) => (l.name === 'critical' ? { ...l, color: 'purple', meaning: 'page someone' } : l));
    vi.spyOn(engine, 'levels').mockReturnValue(levels);
    vi.spyOn(engine, 'formatValue').mockImplementation((unit, value) => `<${value} in ${unit}>`);
    renderEditor({ refId: 'A', kind: 'scalingVerdict', format: 'table' });
    fireEvent.click(screen.getByText('Thresholds and verdict preview'));
    const table = await screen.findByRole('table', { name: 'Verdict preview' }, { timeout: 5000 });
    expect(within(table).getByText('warning > <0.5 in s>, critical > <1 in s>')).toBeTruthy();
    fireEvent.change(within(table).getByLabelText('latencyP95 value'), { target: { value: '2' } });
    const badge = within(screen.getByRole('status', { name: 'Overall verdict' })).getByTitle('critical: page someone');
    expect(badge.className).toBe(badgeClassOf('purple'));
    expect(badge.className).not.toBe(badgeClassOf('red'));
  });

  it("refuses a negative reading with the engine's words", async () => {
    const engine = await loadEngine();
    const verdict = vi.spyOn(engine, 'verdict');
    renderEditor({ refId: 'A', kind: 'scalingVerdict', format: 'table' });
    fireEvent.click(screen.getByText('Thresholds and verdict preview'));
    const table = await screen.findByRole('table', { name: 'Verdict preview' }, { timeout: 5000 });
    const input = within(table).getByLabelText('dbPoolUsage value') as HTMLInputElement;
    verdict.mockClear();
    fireEvent.change(input, { target: { value: '-3' } });
    // The value was put to the engine, which refused it in its words; the preview keeps "no data" for it.
    const refusals = verdict.mock.results.filter((r) => r.type === 'throw').map((r) => String(r.value));
    expect(refusals.some((m) => /signal dbPoolUsage is -3, below zero/.test(m))).toBe(true);
    const row = input.closest('tr') as HTMLElement;
    expect(within(row).getByText('No data')).toBeTruthy();
    fireEvent.change(input, { target: { value: '3' } });
    expect(within(row).getByText('No action')).toBeTruthy();
  });
});
