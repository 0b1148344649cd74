import React, { useState } from 'react';
import { Alert, Button, FieldValidationMessage, LoadingPlaceholder, useTheme2 } from '@grafana/ui';

import { levelInfo, scalingSignals, useEngine, type Engine, type OverrideProblem, type Signal } from '../engine';
import type { StepLevel, ThresholdOverrides } from '../types';
import { LevelBadge } from './LevelBadge';
import { NumberInput, type NumberRule } from './NumberField';

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
  level: string,
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

/**
 * What the backend rejects of these overrides, as the engine says it (`checkOverrides`: the messages of the Rust
 * `Policy::apply_overrides`); `shape` when they are not `{signal: {level: number}}` at all.
 */
export function overrideProblems(engine: Engine, overrides: ThresholdOverrides | undefined): { problems: OverrideProblem[]; shape?: string } {
  try {
    return { problems: engine.checkOverrides(overrides) };
  } catch (e) {
    return { problems: [], shape: e instanceof Error ? e.message : String(e) };
  }
}

/** The overrides without those the backend rejects (a whole signal when the signal itself is unknown). */
function withoutProblems(overrides: ThresholdOverrides | undefined, problems: OverrideProblem[]): ThresholdOverrides | undefined {
  let next = overrides;
  for (const { signal, level } of problems) {
    if (level === null) {
      const rest: ThresholdOverrides = { ...next };
      delete rest[signal];
      next = Object.keys(rest).length > 0 ? rest : undefined;
    } else {
      next = setOverride(next, signal, level, undefined);
    }
  }
  return next;
}

/** A signal whose milder step is past its harsher one (with the overrides applied), which hides the milder level. */
export function misordered(overrides: ThresholdOverrides | undefined, signal: Signal): string | undefined {
  const effective = signal.steps.map((s) => ({ level: s.level, value: overrides?.[signal.id]?.[s.level] ?? s.value }));
  for (let i = 1; i < effective.length; i++) {
    const [mild, harsh] = [effective[i - 1], effective[i]];
    const wrong = signal.direction === 'above' ? mild.value >= harsh.value : mild.value <= harsh.value;
    if (wrong) {
      return `${signal.name}: ${mild.level} (${mild.value}) is not below ${harsh.level} (${harsh.value}) in the signal's direction, so ${mild.level} would never show on its own`;
    }
  }
  return undefined;
}

/** A threshold input with the engine's message under it when the backend would reject the value. */
function ThresholdInput(props: React.ComponentProps<typeof NumberInput>) {
  const [error, setError] = useState<string | undefined>();
  return (
    <>
      <NumberInput {...props} onError={setError} />
      {error && <FieldValidationMessage>{error}</FieldValidationMessage>}
    </>
  );
}

/**
 * The scaling table, read from the WebAssembly build of the Rust definitions: each signal's steps with Tumulte's
 * default value and action, and an input to override the value (empty = the default). A value is checked by the
 * engine, with the backend's own rules and words.
 */
export function ThresholdsEditor({ overrides, onChange }: Props) {
  const { engine, error } = useEngine();
  const theme = useTheme2();
  if (error) {
    return (
      <Alert severity="error" title="The scaling table could not be loaded">
        {error}. Overrides can still be written in the data source&apos;s JSON as jsonData.thresholds.
      </Alert>
    );
  }
  if (!engine) {
    return <LoadingPlaceholder text="Loading the scaling table…" />;
  }
  const signals = scalingSignals(engine);
  const { problems, shape } = overrideProblems(engine, overrides);
  /** The engine's message for this override, as the backend would give it; undefined when it is accepted. */
  const ruleFor =
    (key: string, level: StepLevel): NumberRule =>
    (value) => {
      const next = overrideProblems(engine, setOverride(overrides, key, level, value));
      return next.shape ?? next.problems.find((p) => p.signal === key && p.level === level)?.message;
    };
  const cell: React.CSSProperties = { padding: theme.spacing(0.5, 1), verticalAlign: 'middle', textAlign: 'left' };
  const muted: React.CSSProperties = { color: theme.colors.text.secondary };
  return (
    <div>
      <p style={muted}>
        The scaling table, as the backend evaluates it. A signal is at a level when its value stays past the
        threshold for the whole window. Leave a value empty to keep Tumulte&apos;s default; type one to override it
        for this data source (stored as jsonData.thresholds). Alerts and the overview dashboard keep Tumulte&apos;s
        defaults.
      </p>
      {shape && (
        <Alert severity="error" title="jsonData.thresholds cannot be read">
          {shape}
        </Alert>
      )}
      {problems.length > 0 && (
        <Alert severity="warning" title="Overrides the backend rejects">
          <ul style={{ margin: theme.spacing(0, 0, 1, 2) }}>
            {problems.map((p) => (
              <li key={`${p.signal}.${p.level ?? ''}`}>{p.message}</li>
            ))}
          </ul>
          <Button size="sm" variant="secondary" onClick={() => onChange(withoutProblems(overrides, problems))}>
            Remove them
          </Button>
        </Alert>
      )}
      <table style={{ borderCollapse: 'collapse', width: '100%' }} aria-label="Scaling thresholds">
        <thead>
          <tr style={muted}>
            <th style={cell}>Signal</th>
            <th style={cell}>Level</th>
            <th style={cell}>Default</th>
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
                  <td style={cell}>
                    <LevelBadge level={levelInfo(engine, level)} />
                  </td>
                  <td style={cell}>
                    {op} {engine.formatValue(signal.unit, step.value)}
                  </td>
                  <td style={cell}>
                    <ThresholdInput
                      aria-label={`${signal.id} ${level} threshold`}
                      value={value}
                      placeholder={String(step.value)}
                      suffix={engine.unitSymbol(signal.unit)}
                      width={20}
                      rule={ruleFor(signal.id, level)}
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
          Reset all to Tumulte&apos;s defaults
        </Button>
      )}
    </div>
  );
}
