import type { CoreApp, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';

import { DEFAULT_QUERY, type TumulteOptions, type TumulteQuery } from './types';

/**
 * The scrape interval `$__rate_interval` assumes. Query interpolation is synchronous, so it cannot wait for the
 * WebAssembly engine; `datasource.test.ts` holds this copy equal to the engine's `defaults().scrapeIntervalMs`
 * (the policy's `catalog::SCRAPE_INTERVAL`).
 */
export const SCRAPE_INTERVAL_MS = 15_000;

/**
 * The Tumulte Scaling data source. Queries go to the Rust backend (`gpx_tumulte_scaling`) through Grafana's
 * `/api/ds/query`; "Save & test" calls its CheckHealth. The frontend only interpolates template variables.
 */
export class DataSource extends DataSourceWithBackend<TumulteQuery, TumulteOptions> {
  /** The data source's jsonData (threshold overrides shown in the query editor). */
  readonly options: TumulteOptions;

  constructor(instanceSettings: DataSourceInstanceSettings<TumulteOptions>) {
    super(instanceSettings);
    this.options = instanceSettings.jsonData ?? {};
  }

  /** A new query: the scaling verdict as a table. */
  getDefaultQuery(_app: CoreApp): Partial<TumulteQuery> {
    return DEFAULT_QUERY;
  }

  /** Hidden queries and PromQL queries without an expression are not sent. */
  filterQuery(query: TumulteQuery): boolean {
    if (query.hide) {
      return false;
    }
    if (query.kind === 'promql') {
      return typeof query.expr === 'string' && query.expr.trim() !== '';
    }
    return true;
  }

  /** Dashboard and built-in variables in `expr`, `legendFormat` and `groupBy`, before the query is sent. */
  applyTemplateVariables(query: TumulteQuery, scopedVars: ScopedVars): TumulteQuery {
    const templateSrv = getTemplateSrv();
    const vars = withRateInterval(scopedVars);
    switch (query.kind) {
      case 'promql': {
        const out: TumulteQuery = { ...query, expr: templateSrv.replace(query.expr ?? '', vars, interpolatePromql) };
        if (query.legendFormat !== undefined) {
          out.legendFormat = templateSrv.replace(query.legendFormat, vars);
        }
        return out;
      }
      case 'cacheHitRate':
        return query.groupBy ? { ...query, groupBy: templateSrv.replace(query.groupBy, vars).trim() } : query;
      default:
        return query;
    }
  }

  /** Explore and "copy to another data source" see the interpolated queries. */
  interpolateVariablesInQueries(queries: TumulteQuery[], scopedVars: ScopedVars): TumulteQuery[] {
    return queries.map((q) => ({ ...this.applyTemplateVariables(q, scopedVars), datasource: this.getRef() }));
  }
}

/**
 * Adds `$__rate_interval` (Prometheus's data source computes it; Grafana's template service does not):
 * max(`$__interval` + scrape interval, 4 × scrape interval), with a 15 s scrape interval.
 */
export function withRateInterval(scopedVars: ScopedVars): ScopedVars {
  if (scopedVars.__rate_interval) {
    return scopedVars;
  }
  const raw = scopedVars.__interval_ms?.value;
  const intervalMs = typeof raw === 'number' ? raw : Number(raw);
  const ms = Math.max((Number.isFinite(intervalMs) ? intervalMs : 0) + SCRAPE_INTERVAL_MS, 4 * SCRAPE_INTERVAL_MS);
  const text = ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.ceil(ms)}ms`;
  return { ...scopedVars, __rate_interval: { text, value: text } };
}

/** Escapes a value put inside a PromQL string literal. */
export function escapeForString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/"/g, '\\"');
}

/** Escapes a value put inside a PromQL regex matcher (`=~"…"`): regex metacharacters, then the string escapes. */
export function escapeForRegex(value: string): string {
  return escapeForString(value.replace(/[\\^$*+?.()|[\]{}]/g, '\\$&'));
}

/**
 * How a variable's value is written into PromQL, as Grafana's Prometheus data source does: a single-value
 * variable as is (escaped for a string literal); a multi-value or "include All" variable as a regex alternation
 * `(a|b)` of escaped values, for `label=~"$var"`.
 */
export function interpolatePromql(value: string | string[] | number, variable: { multi?: boolean; includeAll?: boolean }): string {
  if (typeof value === 'number') {
    return String(value);
  }
  if (!variable.multi && !variable.includeAll) {
    return Array.isArray(value) ? value.map(escapeForString).join(',') : escapeForString(value);
  }
  if (typeof value === 'string') {
    return escapeForRegex(value);
  }
  const escaped = value.map(escapeForRegex);
  return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
}
