/**
 * The query and settings model of the Tumulte Scaling data source, field for field what the Rust backend reads:
 * `dashboards-rs/policy/src/query.rs` (`ScalingQuery`, tagged by `kind`) and, through the WebAssembly package's
 * `JsonData` and `SecureJsonData`, `dashboards-rs/policy/src/settings.rs`.
 */
import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import type { JsonData, Level, SecureJsonData } from 'tumulte-wasm/node/tumulte_dashboards';

/** The JSON field `kind` of a query. */
export type QueryKind = 'promql' | 'cacheHitRate' | 'scalingVerdict';

/** How the scaling verdict is returned (`VerdictFormat`, default `table`). */
export type VerdictFormat = 'table' | 'timeseries';

/** Which levels a `timeseries` verdict carries (`VerdictSeries`, default `all`); `overall` is what the
 * Grafana-managed verdict alert asks for. */
export type VerdictSeries = 'all' | 'overall';

/** `{kind: "promql", expr, legendFormat?, instant?}`: PromQL passed through to Prometheus. */
export interface PromqlQuery extends DataQuery {
  kind: 'promql';
  /** The expression. */
  expr: string;
  /** Series name template, e.g. `{{job}}`. */
  legendFormat?: string;
  /** An instant query (at the range's end) rather than a range query. */
  instant?: boolean;
}

/** `{kind: "cacheHitRate", groupBy?}`: hits / (hits + misses) in percent, null where there was no traffic. */
export interface CacheHitRateQuery extends DataQuery {
  kind: 'cacheHitRate';
  /** A label to split by (e.g. `cache`): letters, digits and `_`. */
  groupBy?: string;
}

/** `{kind: "scalingVerdict", format}`: the scaling table, evaluated. */
export interface ScalingVerdictQuery extends DataQuery {
  kind: 'scalingVerdict';
  /** Table (one row per signal, then overall) or time series (the level over time). */
  format?: VerdictFormat;
  /** With `timeseries`: every signal's level and the overall one, or the overall one alone. */
  series?: VerdictSeries;
}

/** A query of the data source. */
export type TumulteQuery = PromqlQuery | CacheHitRateQuery | ScalingVerdictQuery;

/** The levels a scaling step can have (`verdict::Level` without `ok`). */
export type StepLevel = Exclude<Level, 'ok'>;

/** `jsonData.thresholds`: overrides of the scaling table's steps, `{"cpuUsage": {"warning": 60, "critical": 80}}`. */
export type ThresholdOverrides = NonNullable<JsonData['thresholds']>;

/**
 * `jsonData`: Grafana's own fields plus the keys of `JsonData`, declared by the WebAssembly package next to the Rust
 * struct the backend reads (`tumulte_policy::settings::JsonData`, checked key for key by the package's tests). The
 * URL and basic auth are Grafana's own top-level settings fields.
 */
export interface TumulteOptions extends DataSourceJsonData, JsonData {}

/**
 * `secureJsonData` (`tumulte_policy::settings::secure`), declared by the WebAssembly package: write-only; Grafana
 * never sends it back, only `secureJsonFields` saying what is set.
 */
export type TumulteSecureJsonData = SecureJsonData;

/** The query a new panel gets: the verdict table, useful at once. */
export const DEFAULT_QUERY: Partial<ScalingVerdictQuery> = { kind: 'scalingVerdict', format: 'table' };

/** A PromQL query that shows something on any Prometheus, with Grafana's rate interval. */
export const DEFAULT_PROMQL_EXPR = 'sum by (job) (rate(tumulte_http_requests_total[$__rate_interval]))';

/** The query kinds, in the order the editor offers them. */
export const QUERY_KINDS: ReadonlyArray<{ value: QueryKind; label: string; description: string }> = [
  {
    value: 'scalingVerdict',
    label: 'Scaling verdict',
    description: 'The scaling table evaluated: per signal its sustained value, thresholds, level and action',
  },
  {
    value: 'cacheHitRate',
    label: 'Cache hit rate',
    description: 'hits / (hits + misses) in percent over the panel interval; no point where there was no traffic',
  },
  { value: 'promql', label: 'PromQL', description: 'Any PromQL expression, passed through to Prometheus' },
];

/** The shape of a new query of `kind`, keeping only Grafana's own fields of `query` (refId, datasource, hide…). */
export function queryOfKind(query: DataQuery, kind: QueryKind): TumulteQuery {
  const { refId, datasource, hide, key, queryType } = query;
  const base: DataQuery = { refId };
  if (datasource !== undefined) {
    base.datasource = datasource;
  }
  if (hide !== undefined) {
    base.hide = hide;
  }
  if (key !== undefined) {
    base.key = key;
  }
  if (queryType !== undefined) {
    base.queryType = queryType;
  }
  switch (kind) {
    case 'promql':
      return { ...base, kind, expr: DEFAULT_PROMQL_EXPR, legendFormat: '{{job}}' };
    case 'cacheHitRate':
      return { ...base, kind };
    case 'scalingVerdict':
      return { ...base, kind, format: 'table' };
  }
}

/** A query with a kind: a query saved without one (or by hand) gets the default. */
export function withDefaults(query: DataQuery & Partial<TumulteQuery>): TumulteQuery {
  if (query.kind === 'promql' || query.kind === 'cacheHitRate' || query.kind === 'scalingVerdict') {
    return query as TumulteQuery;
  }
  return queryOfKind(query, 'scalingVerdict');
}
