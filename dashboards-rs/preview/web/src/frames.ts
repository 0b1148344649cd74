// The `/api/ds/query` answer decoded by @grafana/runtime's toDataQueryResponse (as Grafana's
// DataSourceWithBackend does), and its frames as plain JSON for `window.grafanaPreview.decode`.
import type { DataFrame, DataQueryResponse } from '@grafana/data';
import { toDataQueryResponse, type BackendDataSourceResponse } from '@grafana/runtime';

export function decodeResponse(body: unknown, status = 200): DataQueryResponse {
  return toDataQueryResponse({ data: body as BackendDataSourceResponse, status } as Parameters<typeof toDataQueryResponse>[0]);
}

export interface PlainFrame {
  name?: string;
  refId?: string;
  meta?: unknown;
  fields: Array<{ name: string; type: string; labels?: Record<string, string>; config: unknown; values: unknown[] }>;
}

export function toPlain(frame: DataFrame): PlainFrame {
  return JSON.parse(
    JSON.stringify({
      name: frame.name,
      refId: frame.refId,
      meta: frame.meta,
      fields: frame.fields.map((f) => ({ name: f.name, type: f.type, labels: f.labels, config: f.config, values: Array.from(f.values) })),
    })
  );
}

export function decodeToPlain(body: unknown): PlainFrame[] {
  return (decodeResponse(body).data as DataFrame[]).map(toPlain);
}
