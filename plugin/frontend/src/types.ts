/**
 * The query and settings model of the Tumulte Scaling data source, field for field what the Rust backend reads:
 * `dashboards-rs/src/tumulte/query.rs` (`ScalingQuery`, tagged by `kind`) and `plugin/src/settings.rs`.
 */
import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

/** The JSON field `kind` of a query. */
export type QueryKind = 'promql' | 'cacheHitRate' | 'scalingVerdict';

/** How the scaling verdict is returned (`VerdictFormat`, default `table`). */
export type VerdictFormat = 'table' | 'timeseries';

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

/** `{kind: "scalingVerdict", format}`: the seed's scaling table, evaluated. */
export interface ScalingVerdictQuery extends DataQuery {
  kind: 'scalingVerdict';
  /** Table (one row per signal, then overall) or time series (the level over time). */
  format?: VerdictFormat;
}

/** A query of the data source. */
export type TumulteQuery = PromqlQuery | CacheHitRateQuery | ScalingVerdictQuery;

/** The levels a scaling step can have (`verdict::Level` without `ok`). */
export type StepLevel = 'info' | 'warning' | 'critical';

/** `jsonData.thresholds`: overrides of the seed's steps, `{"cpuUsage": {"warning": 60, "critical": 80}}`. */
export type ThresholdOverrides = Record<string, Partial<Record<StepLevel, number>>>;

/** `jsonData` (the URL and basic auth are Grafana's own top-level settings fields). */
export interface TumulteOptions extends DataSourceJsonData {
  /** Bound on each request to Prometheus, in seconds (> 0); default 30. */
  timeoutSeconds?: number;
  /** The backend's DB pool size (an integer ≥ 1); default the seed's 10. */
  dbPoolSize?: number;
  /** Overrides of the seed's scaling steps. Only steps the seed has may be overridden. */
  thresholds?: ThresholdOverrides;
  /** Accept any certificate from Prometheus (testing only). */
  tlsSkipVerify?: boolean;
  /** Trust only `secureJsonData.tlsCACert` for Prometheus's certificate. */
  tlsAuthWithCACert?: boolean;
  /** Present `secureJsonData.tlsClientCert` and `tlsClientKey` to Prometheus. */
  tlsAuth?: boolean;
  /** The name Prometheus's certificate must carry, when the URL's host differs. */
  serverName?: string;
  /** Custom headers, Grafana's keys: `httpHeaderName1`, `httpHeaderName2`, … (values in secureJsonData). */
  [httpHeaderName: `httpHeaderName${number}`]: string | undefined;
}

/** `secureJsonData`: write-only; Grafana never sends it back, only `secureJsonFields` saying what is set. */
export interface TumulteSecureJsonData {
  /** The basic auth password (with `basicAuth` on and `basicAuthUser`). */
  basicAuthPassword?: string;
  /** Sent as `Authorization: Bearer …` when basic auth is off. */
  bearerToken?: string;
  /** The CA certificate, PEM (with `tlsAuthWithCACert`). */
  tlsCACert?: string;
  /** The client certificate, PEM (with `tlsAuth`). */
  tlsClientCert?: string;
  /** The client certificate's private key, PEM (with `tlsAuth`). */
  tlsClientKey?: string;
  /** Custom header values: `httpHeaderValue1`, … */
  [httpHeaderValue: `httpHeaderValue${number}`]: string | undefined;
}

/** The default timeout of the backend (`settings::DEFAULT_TIMEOUT`). */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** The query a new panel gets: the verdict table, useful at once. */
export const DEFAULT_QUERY: Partial<ScalingVerdictQuery> = { kind: 'scalingVerdict', format: 'table' };

/** A PromQL query that shows something on any Prometheus, with Grafana's rate interval. */
export const DEFAULT_PROMQL_EXPR = 'sum by (job) (rate(tumulte_http_requests_total[$__rate_interval]))';

/** The query kinds, in the order the editor offers them. */
export const QUERY_KINDS: ReadonlyArray<{ value: QueryKind; label: string; description: string }> = [
  {
    value: 'scalingVerdict',
    label: 'Scaling verdict',
    description: "The seed's scaling table evaluated: per signal its sustained value, thresholds, level and action",
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
