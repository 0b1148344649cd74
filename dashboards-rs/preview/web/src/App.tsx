// The page: loads the frontend settings and the dashboard named by the URL (/d/{uid}), resolves its variables,
// and keeps the time range, refresh interval and variable selection in the URL as Grafana does.
import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { rangeUtil, type GrafanaTheme2, type InterpolateFunction, type RawTimeRange, type TimeRange } from '@grafana/data';
import { Alert, useStyles2 } from '@grafana/ui';
import type { Dashboard, FrontendSettings, Panel } from './dashboard';
import { DashboardGrid } from './DashboardGrid';
import { defaultFormat, interpolate, type Formatter } from './interpolate';
import { compact, toggleRow, visiblePanels } from './layout';
import { dashboardReady } from './status';
import { evaluate, toUrlValue } from './timeRange';
import { TopBar } from './TopBar';
import { byName, changeVariable, resolveVariables, type ResolveContext, type Variable } from './variables';

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    throw new Error(body?.message ?? `${url}: ${res.status} ${res.statusText}`);
  }
  return body as T;
}

/** Prometheus label values through the host's resource proxy (as Grafana's Prometheus data source asks them). */
function labelValuesFetcher(range: () => TimeRange) {
  return async (dsUid: string, label: string, match: string | undefined): Promise<string[]> => {
    const { from, to } = range();
    const params = new URLSearchParams();
    if (match) {
      params.append('match[]', match);
    }
    params.set('start', String(Math.floor(from.valueOf() / 1000)));
    params.set('end', String(Math.floor(to.valueOf() / 1000)));
    const body = await getJson<{ status: string; data?: string[]; error?: string }>(
      `/api/datasources/uid/${encodeURIComponent(dsUid)}/resources/api/v1/label/${encodeURIComponent(label)}/values?${params}`
    );
    if (body.status !== 'success' && body.error) {
      throw new Error(body.error);
    }
    return body.data ?? [];
  };
}

function urlVariables(params: URLSearchParams): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key.startsWith('var-')) {
      out.set(key.slice(4), [...(out.get(key.slice(4)) ?? []), value]);
    }
  }
  return out;
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ minHeight: '100vh', background: theme.colors.background.canvas }),
  body: css({ padding: theme.spacing(0, 2, 2) }),
  error: css({ padding: theme.spacing(2) }),
});

interface Loaded {
  dashboard: Dashboard;
  settings: FrontendSettings;
}

export function App({ theme }: { theme: GrafanaTheme2 }) {
  const styles = useStyles2(getStyles);
  const params = useMemo(() => new URLSearchParams(window.location.search), []);
  const uid = decodeURIComponent(/^\/d\/([^/]+)/.exec(window.location.pathname)?.[1] ?? '');
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();
  const [panels, setPanels] = useState<Panel[]>([]);
  const [variables, setVariables] = useState<Variable[]>([]);
  const [raw, setRaw] = useState<RawTimeRange>({ from: params.get('from') ?? 'now-6h', to: params.get('to') ?? 'now' });
  const [timeRange, setTimeRange] = useState<TimeRange>(() => evaluate(raw));
  const [refresh, setRefresh] = useState<string>(params.get('refresh') ?? '');
  const [refreshCount, setRefreshCount] = useState(0);

  const resolveCtx = useCallback(
    (settings: FrontendSettings, urlValues = new Map<string, string[]>()): ResolveContext => ({
      settings,
      urlValues,
      labelValues: labelValuesFetcher(() => timeRange),
    }),
    [timeRange]
  );

  useEffect(() => {
    let drawnIds: number[] = [];
    (async () => {
      if (!uid) {
        throw new Error('No dashboard in the URL: open /d/{uid}');
      }
      // Neither needs the other: ask for both at once.
      const [settings, { dashboard }] = await Promise.all([
        getJson<FrontendSettings>('/api/frontend/settings'),
        getJson<{ dashboard: Dashboard }>(`/api/dashboards/uid/${encodeURIComponent(uid)}`),
      ]);
      const time = { from: params.get('from') ?? dashboard.time?.from ?? 'now-6h', to: params.get('to') ?? dashboard.time?.to ?? 'now' };
      const range = evaluate(time);
      setRaw(time);
      setTimeRange(range);
      setRefresh(params.get('refresh') ?? (dashboard.refresh || ''));
      const resolved = await resolveVariables(dashboard.templating?.list ?? [], {
        settings,
        urlValues: urlVariables(params),
        labelValues: labelValuesFetcher(() => range),
      });
      document.title = `${dashboard.title} - Dashboards - Grafana`;
      setVariables(resolved);
      const drawn = compact(visiblePanels(dashboard.panels ?? []));
      drawnIds = drawn.filter((p) => p.type !== 'row').map((p) => p.id);
      setPanels(drawn);
      setLoaded({ dashboard, settings });
    })()
      .catch((e) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setTimeout(() => dashboardReady(drawnIds), 0));
  }, [uid, params]);

  // Grafana keeps the state of the page in its URL.
  useEffect(() => {
    if (!loaded) {
      return;
    }
    const url = new URLSearchParams();
    url.set('from', toUrlValue(raw.from));
    url.set('to', toUrlValue(raw.to));
    if (refresh) {
      url.set('refresh', refresh);
    }
    for (const v of variables) {
      if (v.type === 'constant') {
        continue;
      }
      for (const value of Array.isArray(v.value) ? v.value : [v.value]) {
        url.append(`var-${v.name}`, value);
      }
    }
    window.history.replaceState(null, '', `${window.location.pathname}?${url}`);
  }, [loaded, raw, refresh, variables]);

  const runRefresh = useCallback(() => {
    setTimeRange(evaluate(raw));
    setRefreshCount((c) => c + 1);
  }, [raw]);

  useEffect(() => {
    if (!loaded || !refresh || !rangeUtil.isValidTimeSpan(refresh)) {
      return;
    }
    const timer = setInterval(runRefresh, rangeUtil.intervalToMs(refresh));
    return () => clearInterval(timer);
  }, [loaded, refresh, runRefresh]);

  const variableMap = useMemo(() => byName(variables), [variables]);
  const replaceVariables: InterpolateFunction = useCallback(
    (value, _scopedVars, format) => interpolate(value, variableMap, (format as string | Formatter | undefined) ?? defaultFormat),
    [variableMap]
  );

  if (error) {
    return (
      <div className={styles.error}>
        <Alert severity="error" title="The dashboard could not be loaded">
          {error}
        </Alert>
      </div>
    );
  }
  if (!loaded) {
    return null;
  }
  const { dashboard, settings } = loaded;
  return (
    <div className={styles.page}>
      <TopBar
        title={dashboard.title}
        variables={variables}
        timeRange={timeRange}
        timeZone={dashboard.timezone || 'browser'}
        refresh={refresh}
        intervals={dashboard.timepicker?.refresh_intervals}
        loading={false}
        onVariableChange={async (name, value) => setVariables(await changeVariable(variables, name, value, resolveCtx(settings)))}
        onTimeRangeChange={(range) => {
          setRaw(range.raw);
          setTimeRange(evaluate(range.raw));
        }}
        onRefreshChange={setRefresh}
        onRefresh={runRefresh}
      />
      <div className={styles.body}>
        <DashboardGrid
          panels={panels}
          settings={settings}
          variables={variableMap}
          replaceVariables={replaceVariables}
          timeRange={timeRange}
          timeZone={dashboard.timezone || 'browser'}
          refreshCount={refreshCount}
          theme={theme}
          onToggleRow={(id) => setPanels((p) => toggleRow(p, id))}
        />
      </div>
    </div>
  );
}
