// A panel's queries as Grafana 10.4 sends them to `POST /api/ds/query` (PanelQueryRunner + DataSourceWithBackend):
// the non-hidden targets with their data source resolved, interval and max data points, variables interpolated.
import { rangeUtil, type DataFrame, type DataQueryError, type TimeRange } from '@grafana/data';
import type { DataSourceRef, FrontendSettings, Panel, Target } from './dashboard';
import { enqueue } from './batch';
import { decodeResponse } from './frames';
import { defaultFormat, interpolate, prometheusFormat, type VariableValue } from './interpolate';
import { findDatasource } from './variables';

export interface QueryRequest {
  queries: Array<Record<string, unknown> & { refId: string; datasource: { type: string; uid: string }; intervalMs: number; maxDataPoints: number }>;
  from: string;
  to: string;
}

function refOf(ref: DataSourceRef | string | null | undefined): string | undefined {
  return typeof ref === 'string' ? ref : ref?.uid ?? undefined;
}

/** The data source of a target: its own, else the panel's, else the first target's, else the default one. */
export function targetDatasource(panel: Panel, target: Target, settings: FrontendSettings, variables: Map<string, VariableValue>) {
  const ref = refOf(target.datasource) ?? refOf(panel.datasource) ?? refOf(panel.targets?.find((t) => t.datasource)?.datasource);
  const ds = findDatasource(settings, ref ? interpolate(ref, variables) : undefined);
  if (!ds) {
    throw new Error(`Datasource ${ref ?? 'default'} was not found`);
  }
  return ds;
}

/** Interpolates every string in a target, as the data sources' applyTemplateVariables do. */
function interpolateDeep(value: unknown, variables: Map<string, VariableValue>, format: typeof defaultFormat): unknown {
  if (typeof value === 'string') {
    return interpolate(value, variables, format);
  }
  if (Array.isArray(value)) {
    return value.map((v) => interpolateDeep(v, variables, format));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, variables, format)]));
  }
  return value;
}

/**
 * The request for a panel `width` pixels wide: maxDataPoints is panel.maxDataPoints or the width, intervalMs
 * rangeUtil.calculateInterval's with panel.interval (or the data source's jsonData.timeInterval) as its floor.
 * Undefined when the panel has nothing to query.
 */
export function buildRequest(
  panel: Panel,
  width: number,
  range: TimeRange,
  settings: FrontendSettings,
  variables: Map<string, VariableValue>
): QueryRequest | undefined {
  const targets = (panel.targets ?? []).filter((t) => !t.hide);
  if (targets.length === 0) {
    return undefined;
  }
  const maxDataPoints = panel.maxDataPoints ?? Math.max(1, Math.round(width));
  const queries = targets.map((target) => {
    const ds = targetDatasource(panel, target, settings, variables);
    const minInterval = panel.interval ? interpolate(panel.interval, variables) : (ds.jsonData?.timeInterval as string | undefined);
    const { intervalMs } = rangeUtil.calculateInterval(range, maxDataPoints, minInterval || undefined);
    const { datasource: _ignored, ...rest } = target;
    // Prometheus' applyTemplateVariables formats multi values as regexes; other data sources get Grafana's default.
    const format = ds.type === 'prometheus' ? prometheusFormat : defaultFormat;
    const body = interpolateDeep(rest, variables, format) as Record<string, unknown>;
    return { ...body, refId: target.refId, datasource: { type: ds.type, uid: ds.uid }, intervalMs, maxDataPoints };
  });
  return { queries, from: String(range.from.valueOf()), to: String(range.to.valueOf()) };
}

export interface QueryResult {
  frames: DataFrame[];
  error?: string;
}

function errorText(errors: DataQueryError[] | undefined, error: DataQueryError | undefined): string | undefined {
  const all = errors && errors.length > 0 ? errors : error ? [error] : [];
  const messages = all.map((e) => e.message ?? e.data?.message ?? 'Query error');
  return messages.length === 0 ? undefined : messages.length === 1 ? messages[0] : `Multiple errors found: ${messages.join('; ')}`;
}

/** Runs a request (with the others of its tick, see `batch.ts`); errors (HTTP, per query) come back as `error`,
 * with whatever frames did arrive. */
export async function runQuery(request: QueryRequest, signal?: AbortSignal): Promise<QueryResult> {
  const answer = await enqueue(request);
  if (signal?.aborted) {
    throw new DOMException('The panel no longer wants this answer', 'AbortError');
  }
  const { status, statusText, body } = answer;
  if (body === undefined) {
    return { frames: [], error: `${status} ${statusText}` };
  }
  const results = (body as { results?: unknown })?.results;
  if (!results) {
    const message = (body as { message?: string })?.message ?? `${status} ${statusText}`;
    return { frames: [], error: message };
  }
  const response = decodeResponse(body, status);
  return { frames: response.data as DataFrame[], error: errorText(response.errors, response.error) };
}
