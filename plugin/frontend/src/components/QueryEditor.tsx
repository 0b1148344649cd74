import React, { useEffect } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Field, InlineSwitch, Input, RadioButtonGroup, TextArea } from '@grafana/ui';

import type { DataSource } from '../datasource';
import {
  QUERY_KINDS,
  queryOfKind,
  withDefaults,
  type CacheHitRateQuery,
  type PromqlQuery,
  type ScalingVerdictQuery,
  type TumulteOptions,
  type TumulteQuery,
  type VerdictFormat,
} from '../types';
import { VerdictPreview } from './VerdictPreview';

export type Props = QueryEditorProps<DataSource, TumulteQuery, TumulteOptions>;

const FORMATS: Array<{ value: VerdictFormat; label: string; description: string }> = [
  {
    value: 'table',
    label: 'Table',
    description: 'One row per signal (value, unit, window, thresholds, level, action), then an overall row',
  },
  {
    value: 'timeseries',
    label: 'Time series',
    description: 'The level over time (0 ok, 1 info, 2 warning, 3 critical) per signal and overall: for a state timeline or an alert rule',
  },
];

/** A label name as the backend accepts it, or a template variable to be interpolated. */
export function groupByError(groupBy: string): string | undefined {
  if (groupBy === '' || groupBy.includes('$') || /^[A-Za-z_][A-Za-z0-9_]*$/.test(groupBy)) {
    return undefined;
  }
  return 'Not a label name: use letters, digits and _ (e.g. cache or job), or leave it empty';
}

/** Picks the query kind, then that kind's options. */
export function QueryEditor({ query: raw, onChange, onRunQuery, datasource }: Props) {
  const query = withDefaults(raw);
  // A query saved without a kind (or by hand) is given the default one, once.
  useEffect(() => {
    if (query !== raw) {
      onChange(query);
    }
  }, [query, raw, onChange]);

  const change = (next: TumulteQuery, run: boolean) => {
    onChange(next);
    if (run) {
      onRunQuery();
    }
  };
  const kind = QUERY_KINDS.find((k) => k.value === query.kind);

  return (
    <div>
      <Field label="Query" description={kind?.description}>
        <RadioButtonGroup options={[...QUERY_KINDS]} value={query.kind} onChange={(k) => change(queryOfKind(query, k), true)} />
      </Field>
      {query.kind === 'promql' && <PromqlFields query={query} change={change} onRunQuery={onRunQuery} />}
      {query.kind === 'cacheHitRate' && <CacheHitRateFields query={query} change={change} onRunQuery={onRunQuery} />}
      {query.kind === 'scalingVerdict' && (
        <VerdictFields query={query} change={change} overrides={datasource?.options?.thresholds} />
      )}
    </div>
  );
}

interface FieldsProps<Q> {
  query: Q;
  change: (next: TumulteQuery, run: boolean) => void;
  onRunQuery: () => void;
}

function PromqlFields({ query, change, onRunQuery }: FieldsProps<PromqlQuery>) {
  return (
    <>
      <Field
        label="Expression"
        htmlFor={`tumulte-expr-${query.refId}`}
        description="PromQL sent to Prometheus as is. Dashboard variables ($job, multi-value as a regex) and $__interval, $__rate_interval are replaced first. Runs when the field loses focus (or Shift+Enter)."
      >
        <TextArea
          id={`tumulte-expr-${query.refId}`}
          rows={3}
          value={query.expr ?? ''}
          placeholder="sum by (job) (rate(tumulte_http_requests_total[$__rate_interval]))"
          onChange={(e) => change({ ...query, expr: e.currentTarget.value }, false)}
          onBlur={onRunQuery}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && e.shiftKey) {
              e.preventDefault();
              onRunQuery();
            }
          }}
          style={{ fontFamily: 'monospace' }}
        />
      </Field>
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
        <Field label="Legend" htmlFor={`tumulte-legend-${query.refId}`} description="Series name: {{label}} is replaced by the label's value, e.g. {{job}}.">
          <Input
            id={`tumulte-legend-${query.refId}`}
            width={30}
            value={query.legendFormat ?? ''}
            placeholder="{{job}}"
            onChange={(e) => {
              const legendFormat = e.currentTarget.value;
              const next: PromqlQuery = { ...query, legendFormat };
              if (legendFormat === '') {
                delete next.legendFormat;
              }
              change(next, false);
            }}
            onBlur={onRunQuery}
          />
        </Field>
        <Field label="Instant" description="One value per series at the end of the range (for a stat, gauge or table).">
          <InlineSwitch
            aria-label="Instant"
            value={Boolean(query.instant)}
            onChange={(e) => {
              const next: PromqlQuery = { ...query, instant: e.currentTarget.checked };
              if (!next.instant) {
                delete next.instant;
              }
              change(next, true);
            }}
          />
        </Field>
      </div>
    </>
  );
}

function CacheHitRateFields({ query, change, onRunQuery }: FieldsProps<CacheHitRateQuery>) {
  const error = groupByError(query.groupBy ?? '');
  return (
    <Field
      label="Group by"
      htmlFor={`tumulte-group-by-${query.refId}`}
      invalid={error !== undefined}
      error={error}
      description="A label to split the hit rate by (e.g. cache or job), one series per value; empty for one series over all caches. Unit percent, no point where there was no traffic."
    >
      <Input
        id={`tumulte-group-by-${query.refId}`}
        width={30}
        value={query.groupBy ?? ''}
        placeholder="(all caches)"
        onChange={(e) => {
          const groupBy = e.currentTarget.value.trim();
          const next: CacheHitRateQuery = { ...query, groupBy };
          if (groupBy === '') {
            delete next.groupBy;
          }
          change(next, false);
        }}
        onBlur={() => {
          if (!error) {
            onRunQuery();
          }
        }}
      />
    </Field>
  );
}

function VerdictFields({
  query,
  change,
  overrides,
}: Omit<FieldsProps<ScalingVerdictQuery>, 'onRunQuery'> & { overrides?: TumulteOptions['thresholds'] }) {
  const format = FORMATS.find((f) => f.value === (query.format ?? 'table'));
  return (
    <>
      <Field label="Format" description={format?.description}>
        <RadioButtonGroup options={FORMATS} value={query.format ?? 'table'} onChange={(f) => change({ ...query, format: f }, true)} />
      </Field>
      <VerdictPreview overrides={overrides} />
    </>
  );
}
