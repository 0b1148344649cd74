import { CoreApp, type ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, setTemplateSrv, type TemplateSrv } from '@grafana/runtime';

import { instanceSettings } from '../test/fixtures';
import { DataSource, SCRAPE_INTERVAL_MS, escapeForRegex, interpolatePromql, withRateInterval } from './datasource';
import { loadEngine } from './engine';
import type { TumulteQuery } from './types';

interface Variable {
  name: string;
  current: string | string[];
  multi?: boolean;
  includeAll?: boolean;
}

/** Grafana's template service, reduced to what applyTemplateVariables uses: `$var` / `${var}` from scopedVars or
 * dashboard variables, through the format function. */
function fakeTemplateSrv(variables: Variable[]): TemplateSrv {
  return {
    getVariables: () => [],
    containsTemplate: (t?: string) => Boolean(t && t.includes('$')),
    updateTimeRange: () => {},
    replace(target?: string, scopedVars?: ScopedVars, format?: string | Function) {
      return (target ?? '').replace(/\$\{(\w+)\}|\$(\w+)/g, (match, braced, bare) => {
        const name = braced ?? bare;
        const scoped = scopedVars?.[name];
        if (scoped) {
          return String(scoped.value);
        }
        const v = variables.find((x) => x.name === name);
        if (!v) {
          return match;
        }
        return typeof format === 'function' ? format(v.current, v) : Array.isArray(v.current) ? v.current.join(',') : v.current;
      });
    },
  } as unknown as TemplateSrv;
}

describe('DataSource', () => {
  const ds = new DataSource(instanceSettings({ thresholds: { cpuUsage: { warning: 60 } } }));

  it('extends DataSourceWithBackend and keeps its jsonData', () => {
    expect(ds).toBeInstanceOf(DataSourceWithBackend);
    expect(ds.options.thresholds).toEqual({ cpuUsage: { warning: 60 } });
  });

  it('gives a new query the verdict table', () => {
    expect(ds.getDefaultQuery(CoreApp.PanelEditor)).toEqual({ kind: 'scalingVerdict', format: 'table' });
  });

  it('does not send hidden queries or PromQL without an expression', () => {
    expect(ds.filterQuery({ refId: 'A', kind: 'scalingVerdict' })).toBe(true);
    expect(ds.filterQuery({ refId: 'A', kind: 'scalingVerdict', hide: true })).toBe(false);
    expect(ds.filterQuery({ refId: 'A', kind: 'promql', expr: '  ' })).toBe(false);
    expect(ds.filterQuery({ refId: 'A', kind: 'promql', expr: 'up' })).toBe(true);
    expect(ds.filterQuery({ refId: 'A', kind: 'cacheHitRate' })).toBe(true);
  });

  it('interpolates template variables in expr, legendFormat and groupBy before sending', () => {
    setTemplateSrv(
      fakeTemplateSrv([
        { name: 'job', current: ['tumulte-backend', 'api.v2'], multi: true },
        { name: 'instance', current: 'host:9100' },
        { name: 'label', current: 'cache' },
      ])
    );
    const scoped: ScopedVars = { __interval_ms: { text: '30000', value: 30000 }, __interval: { text: '30s', value: '30s' } };
    const promql: TumulteQuery = {
      refId: 'A',
      kind: 'promql',
      expr: 'sum by (job) (rate(x{job=~"$job", instance="$instance"}[$__rate_interval])) / $__interval',
      legendFormat: '{{job}} on $instance',
    };
    expect(ds.applyTemplateVariables(promql, scoped)).toEqual({
      refId: 'A',
      kind: 'promql',
      expr: 'sum by (job) (rate(x{job=~"(tumulte-backend|api\\\\.v2)", instance="host:9100"}[60s])) / 30s',
      legendFormat: '{{job}} on host:9100',
    });
    expect(ds.applyTemplateVariables({ refId: 'B', kind: 'cacheHitRate', groupBy: '$label' }, {})).toEqual({
      refId: 'B',
      kind: 'cacheHitRate',
      groupBy: 'cache',
    });
    const verdict: TumulteQuery = { refId: 'C', kind: 'scalingVerdict', format: 'timeseries' };
    expect(ds.applyTemplateVariables(verdict, {})).toEqual(verdict);
  });

  it('interpolates the queries Explore copies', () => {
    setTemplateSrv(fakeTemplateSrv([{ name: 'instance', current: 'a' }]));
    const [q] = ds.interpolateVariablesInQueries([{ refId: 'A', kind: 'promql', expr: 'up{instance="$instance"}' }], {});
    expect(q).toMatchObject({ expr: 'up{instance="a"}', datasource: { uid: 'tumulte-scaling', type: 'tumulte-scaling-datasource' } });
  });
});

describe('template variable formats', () => {
  it("assumes the policy's scrape interval, as the engine gives it", async () => {
    expect(SCRAPE_INTERVAL_MS).toBe((await loadEngine()).defaults().scrapeIntervalMs);
  });

  it('computes $__rate_interval as Grafana does with a 15 s scrape interval', () => {
    expect(withRateInterval({}).__rate_interval?.value).toBe('60s');
    expect(withRateInterval({ __interval_ms: { text: '', value: 60000 } }).__rate_interval?.value).toBe('75s');
    expect(withRateInterval({ __interval_ms: { text: '', value: 1500 } }).__rate_interval?.value).toBe('60s');
    const given = { __rate_interval: { text: '2m', value: '2m' } };
    expect(withRateInterval(given)).toBe(given);
  });

  it('escapes single values for a string and multi values for a regex', () => {
    expect(interpolatePromql('a"b\\c', {})).toBe('a\\"b\\\\c');
    expect(interpolatePromql(['a.b'], { multi: true })).toBe('a\\\\.b');
    expect(interpolatePromql(['a', 'b|c'], { includeAll: true })).toBe('(a|b\\\\|c)');
    expect(interpolatePromql(5, { multi: true })).toBe('5');
    expect(escapeForRegex('x+')).toBe('x\\\\+');
  });
});
