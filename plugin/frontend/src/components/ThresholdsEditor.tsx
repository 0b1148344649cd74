import React from 'react';
import { Alert, Button, LoadingPlaceholder, useTheme2 } from '@grafana/ui';

import { formatValue, scalingSignals, unitLabel, useEngine, type Signal } from '../engine';
import type { StepLevel, ThresholdOverrides } from '../types';
import { NumberInput } from './NumberField';

interface Props {
  /** `jsonData.thresholds`. */
  overrides?: ThresholdOverrides;
  /** The new overrides; undefined when none is left. */
  onChange: (overrides: ThresholdOverrides | undefined) => void;
}

/** Sets (or with `undefined`, removes) one override, dropping signals left without any. */
export function setOverride(
  overrides: ThresholdOverrides | undefined,
  key: string,
  level: StepLevel,
  value: number | undefined
): ThresholdOverrides | undefined {
  const next: ThresholdOverrides = { ...overrides };
  const levels = { ...next[key] };
  if (value === undefined) {
    delete levels[level];
  } else {
    levels[level] = value;
  }
  if (Object.keys(levels).length > 0) {
    next[key] = levels;
  } else {
    delete next[key];
  }
  return Object.keys(next).length > 0 ? next : undefined;
}

/** Overrides the backend would reject: a signal or a step the seed's scaling table does not have. */
export function unknownOverrides(overrides: ThresholdOverrides | undefined, signals: Signal[]): string[] {
  const out: string[] = [];
  for (const [key, levels] of Object.entries(overrides ?? {})) {
    const signal = signals.find((s) => s.id === key);
    for (const level of Object.keys(levels ?? {})) {
      if (!signal || !signal.steps.some((s) => s.level === level)) {
        out.push(`${key}.${level}`);
      }
    }
  }
  return out;
}

/** Keeps only the overrides of steps the seed has. */
function knownOnly(overrides: ThresholdOverrides | undefined, signals: Signal[]): ThresholdOverrides | undefined {
  let next: ThresholdOverrides | undefined = overrides;
  for (const path of unknownOverrides(overrides, signals)) {
    const [key, level] = path.split('.') as [string, StepLevel];
    next = setOverride(next, key, level, undefined);
  }
  return next;
}

/** A signal whose milder step is past its harsher one (with the overrides applied), which hides the milder level. */
export function misordered(overrides: ThresholdOverrides | undefined, signal: Signal): string | undefined {
  const effective = signal.steps.map((s) => ({ level: s.level, value: overrides?.[signal.id]?.[s.level as StepLevel] ?? s.value }));
  for (let i = 1; i < effective.length; i++) {
    const [mild, harsh] = [effective[i - 1], effective[i]];
    const wrong = signal.direction === 'above' ? mild.value >= harsh.value : mild.value <= harsh.value;
    if (wrong) {
      return `${signal.name}: ${mild.level} (${mild.value}) is not below ${harsh.level} (${harsh.value}) in the signal's direction, so ${mild.level} would never show on its own`;
    }
  }
  return undefined;
}

const nonNegative = (v: number) => (v >= 0 ? undefined : 'Give a value of 0 or more, in the signal\'s unit');

/**
 * The seed's scaling table, read from the WebAssembly build of the Rust definitions: each signal's steps with the
 * seed's value and action, and an input to override the value (empty = the seed's).
 */
export function ThresholdsEditor({ overrides, onChange }: Props) {
  const { engine, error } = useEngine();
  const theme = useTheme2();
  if (error) {
    return (
      <Alert severity="error" title="The seed's scaling table could not be loaded">
        {error}. Overrides can still be written in the data source's JSON as jsonData.thresholds.
      </Alert>
    );
  }
  if (!engine) {
    return <LoadingPlaceholder text="Loading the seed's scaling table…" />;
  }
  const signals = scalingSignals(engine);
  const unknown = unknownOverrides(overrides, signals);
  const cell: React.CSSProperties = { padding: theme.spacing(0.5, 1), verticalAlign: 'middle', textAlign: 'left' };
  const muted: React.CSSProperties = { color: theme.colors.text.secondary };
  return (
    <div>
      <p style={muted}>
        The seed&apos;s scaling table, as the backend evaluates it. A signal is at a level when its value stays past
        the threshold for the whole window. Leave a value empty to keep the seed&apos;s; type one to override it for
        this data source (stored as jsonData.thresholds). Alerts and the overview dashboard keep the seed&apos;s values.
      </p>
      {unknown.length > 0 && (
        <Alert severity="warning" title="Overrides the backend rejects">
          {unknown.join(', ')}: the seed&apos;s scaling table has no such step.{' '}
          <Button size="sm" variant="secondary" onClick={() => onChange(knownOnly(overrides, signals))}>
            Remove them
          </Button>
        </Alert>
      )}
      <table style={{ borderCollapse: 'collapse', width: '100%' }} aria-label="Scaling thresholds">
        <thead>
          <tr style={muted}>
            <th style={cell}>Signal</th>
            <th style={cell}>Level</th>
            <th style={cell}>Seed</th>
            <th style={cell}>Threshold</th>
            <th style={cell}>Action</th>
          </tr>
        </thead>
        <tbody>
          {signals.flatMap((signal) =>
            signal.steps.map((step, i) => {
              const level = step.level as StepLevel;
              const value = overrides?.[signal.id]?.[level];
              const op = signal.direction === 'above' ? '>' : '<';
              return (
                <tr key={`${signal.id}.${level}`} style={{ borderTop: i === 0 ? `1px solid ${theme.colors.border.weak}` : undefined }}>
                  <td style={cell}>
                    {i === 0 && (
                      <>
                        <div>{signal.name}</div>
                        <div style={muted}>
                          <code>{signal.id}</code>, sustained {signal.sustain}
                        </div>
                      </>
                    )}
                  </td>
                  <td style={cell}>{level}</td>
                  <td style={cell}>
                    {op} {formatValue(step.value, signal.unit)}
                  </td>
                  <td style={cell}>
                    <NumberInput
                      aria-label={`${signal.id} ${level} threshold`}
                      value={value}
                      placeholder={String(step.value)}
                      suffix={unitLabel(signal.unit)}
                      width={20}
                      rule={nonNegative}
                      onChange={(v) => onChange(setOverride(overrides, signal.id, level, v))}
                    />
                  </td>
                  <td style={cell}>{step.action}</td>
                </tr>
              );
            })
          )}
        </tbody>
      </table>
      {signals.map((signal) => misordered(overrides, signal)).filter(Boolean).map((text) => (
        <Alert key={text} severity="warning" title="Steps out of order">
          {text}
        </Alert>
      ))}
      {overrides && Object.keys(overrides).length > 0 && (
        <Button variant="secondary" size="sm" icon="history" style={{ marginTop: theme.spacing(1) }} onClick={() => onChange(undefined)}>
          Reset all to the seed
        </Button>
      )}
    </div>
  );
}
