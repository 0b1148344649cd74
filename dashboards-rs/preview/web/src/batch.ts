// Panels' requests to `/api/ds/query`, sent together. Grafana over HTTP/2 sends every panel's request at once;
// over the preview's HTTP/1.1 a browser would queue them six at a time (an origin's connections), and Grafana's
// own page queues them five at a time. So the requests the panels post in one tick go to the host as one, each
// query's refId prefixed by its request's place, and each panel gets back the answer it would have had alone.
import type { QueryRequest } from './query';

/** The host's answer to one panel's request: the HTTP status and the JSON body (`undefined` if not JSON). */
export interface Answer {
  status: number;
  statusText: string;
  body: unknown;
}

interface Pending {
  request: QueryRequest;
  resolve: (answer: Answer) => void;
  reject: (error: unknown) => void;
}

let pending: Pending[] = [];

/** Sends `request` with the others posted in this tick. */
export function enqueue(request: QueryRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    if (pending.length === 0) {
      setTimeout(flush, 0);
    }
    pending.push({ request, resolve, reject });
  });
}

function flush(): void {
  const batch = pending;
  pending = [];
  // One request has one time range: panels with their own (timeFrom, timeShift) go apart.
  const byRange = new Map<string, Pending[]>();
  for (const p of batch) {
    const key = `${p.request.from}|${p.request.to}`;
    byRange.set(key, [...(byRange.get(key) ?? []), p]);
  }
  for (const group of byRange.values()) {
    void send(group);
  }
}

/** The part of a batched answer that is request `index`'s, refIds as that request wrote them. */
export function unbatch(results: Record<string, any>, index: number): Record<string, any> {
  const prefix = `${index}:`;
  const own: Record<string, any> = {};
  for (const [key, result] of Object.entries(results)) {
    if (!key.startsWith(prefix)) {
      continue;
    }
    const refId = key.slice(prefix.length);
    const frames = (result?.frames ?? []).map((f: any) => (f?.schema ? { ...f, schema: { ...f.schema, refId } } : f));
    own[refId] = { ...result, frames };
  }
  return own;
}

async function send(group: Pending[]): Promise<void> {
  const { from, to } = group[0].request;
  const queries = group.flatMap((p, i) => p.request.queries.map((q) => ({ ...q, refId: `${i}:${q.refId}` })));
  try {
    const res = await fetch('/api/ds/query', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ queries, from, to }),
    });
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    const results = (body as { results?: Record<string, any> } | undefined)?.results;
    group.forEach((p, i) => {
      if (!results) {
        p.resolve({ status: res.status, statusText: res.statusText, body });
        return;
      }
      const own = unbatch(results, i);
      // As the host would have answered this request alone: 200 unless one of its own queries failed.
      const failed = Object.values(own).some((r: any) => r?.error);
      p.resolve({ status: failed ? res.status : 200, statusText: failed ? res.statusText : 'OK', body: { results: own } });
    });
  } catch (e) {
    group.forEach((p) => p.reject(e));
  }
}
