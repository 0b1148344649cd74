// One panel: its queries (re-run when the request, the time range or the refresh count changes), its frames through
// the transformations and field config, drawn by its renderer inside @grafana/ui's PanelChrome, its state reported
// for tests (`data-state`, window.grafanaPreview).
import React, { useEffect, useMemo, useState } from 'react';
import { LoadingState, type DataFrame, type GrafanaTheme2, type InterpolateFunction, type TimeRange, type TimeZone } from '@grafana/data';
import { ErrorBoundaryAlert, PanelChrome } from '@grafana/ui';
import type { FrontendSettings, Panel } from './dashboard';
import { withFieldConfig } from './fieldConfig';
import type { VariableValue } from './interpolate';
import type { Box } from './layout';
import { withPluginDefaults } from './pluginDefaults';
import { buildRequest, runQuery, type QueryRequest } from './query';
import { PANEL_KINDS } from './panels/registry';
import { UnsupportedPanel, unsupportedMessage } from './panels/unsupported';
import { forget, report, type PanelState } from './status';
import { applyTransformations } from './transformations';

interface Props {
  panel: Panel;
  box: Box;
  settings: FrontendSettings;
  variables: Map<string, VariableValue>;
  replaceVariables: InterpolateFunction;
  timeRange: TimeRange;
  timeZone: TimeZone;
  refreshCount: number;
  theme: GrafanaTheme2;
}

interface Result {
  state: PanelState;
  frames: DataFrame[];
  error?: string;
}

function hasRows(frames: DataFrame[]): boolean {
  return frames.some((f) => f.length > 0 && f.fields.length > 0);
}

/** The request, or why there is none; its key leaves out what only the panel's width changes. */
function prepare(props: Props): { request?: QueryRequest; error?: string; key: string } {
  const { panel, box, timeRange, settings, variables } = props;
  try {
    const request = buildRequest(panel, box.width, timeRange, settings, variables);
    const key = request ? JSON.stringify({ ...request, queries: request.queries.map(({ intervalMs, maxDataPoints, ...q }) => q) }) : 'none';
    return { request, key };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { error, key: `error:${error}` };
  }
}

export function PanelView(props: Props) {
  const { panel, box, replaceVariables, timeRange, timeZone, theme, refreshCount } = props;
  const kind = PANEL_KINDS[panel.type];
  const { options, fieldConfig } = useMemo(() => withPluginDefaults(panel), [panel.type, panel.options, panel.fieldConfig]);
  const prepared = kind?.queries ? prepare(props) : { key: 'none' };
  const [result, setResult] = useState<Result>({ state: 'loading', frames: [] });
  const title = replaceVariables(panel.title ?? '', {}, 'text');

  useEffect(() => {
    if (!kind) {
      setResult({ state: 'error', frames: [], error: unsupportedMessage(panel.type) });
      return;
    }
    if (!kind.queries) {
      setResult({ state: 'data', frames: [] });
      return;
    }
    if (prepared.error || !prepared.request) {
      setResult({ state: prepared.error ? 'error' : 'empty', frames: [], error: prepared.error });
      return;
    }
    const abort = new AbortController();
    setResult((r) => ({ ...r, state: 'loading' }));
    runQuery(prepared.request, abort.signal)
      .then(async ({ frames, error }) => {
        const transformed = await applyTransformations(frames, panel.transformations, replaceVariables);
        const shown = withFieldConfig(transformed, { type: panel.type, fieldConfig, theme, replaceVariables, timeZone });
        if (!abort.signal.aborted) {
          setResult({ state: error ? 'error' : hasRows(shown) ? 'data' : 'empty', frames: shown, error });
        }
      })
      .catch((e) => {
        if (!abort.signal.aborted) {
          setResult({ state: 'error', frames: [], error: e instanceof Error ? e.message : String(e) });
        }
      });
    return () => abort.abort();
    // The key stands for the request; a refresh re-runs it even when it did not change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [prepared.key, refreshCount, fieldConfig]);

  useEffect(() => {
    report({ id: panel.id, type: panel.type, title, state: result.state, error: result.error ?? null });
  }, [panel.id, panel.type, title, result.state, result.error]);
  useEffect(() => () => forget(panel.id), [panel.id]);

  const Render = kind?.render ?? UnsupportedPanel;
  return (
    <div
      data-panel-id={panel.id}
      data-panel-type={panel.type}
      data-state={result.state}
      style={{ position: 'absolute', left: box.left, top: box.top, width: box.width, height: box.height }}
    >
      <PanelChrome
        width={box.width}
        height={box.height}
        title={title}
        description={panel.description ? () => replaceVariables(panel.description ?? '', {}, 'text') : undefined}
        loadingState={result.state === 'loading' ? LoadingState.Loading : undefined}
        statusMessage={result.error}
        padding={kind?.padding ?? 'md'}
        hoverHeader={!title}
      >
        {(innerWidth, innerHeight) =>
          result.state === 'loading' && result.frames.length === 0 && kind?.queries ? null : (
            <ErrorBoundaryAlert>
              <Render
                panel={panel}
                frames={result.frames}
                options={options}
                fieldConfig={fieldConfig}
                width={innerWidth}
                height={innerHeight}
                timeRange={timeRange}
                timeZone={timeZone}
                theme={theme}
                replaceVariables={replaceVariables}
              />
            </ErrorBoundaryAlert>
          )
        }
      </PanelChrome>
    </div>
  );
}
