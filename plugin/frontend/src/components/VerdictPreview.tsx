import React, { useState } from 'react';
import { Alert, Collapse, LoadingPlaceholder, useTheme2 } from '@grafana/ui';

import { levelInfo, scalingSignals, useEngine, type Engine, type Readings, type Signal, type SignalKey, type Verdict } from '../engine';
import type { StepLevel, ThresholdOverrides } from '../types';
import { LevelBadge } from './LevelBadge';
import { NumberInput } from './NumberField';

interface Props {
  /** The data source's threshold overrides, to show beside Tumulte's defaults. */
  overrides?: ThresholdOverrides;
  /** Open at first (tests, or a user who opened it before). */
  defaultOpen?: boolean;
}

/**
 * The scaling thresholds and a live verdict: type values for the signals, see each signal's level and action and
 * the overall verdict, computed by the same Rust engine as the backend (WebAssembly), which also gives the levels'
 * colours and writes the values in their units.
 */
export function VerdictPreview({ overrides, defaultOpen = false }: Props) {
  const [open, setOpen] = useState(defaultOpen);
  // `collapsible` draws the chevron on Grafana 10.4's Collapse. Grafana 13's always draws it (a button with
  // aria-expanded) and ignores the prop, which its types mark deprecated: when they drop it, the Grafana 13
  // type-check (npm run typecheck:grafana13) fails here.
  return (
    <Collapse label="Thresholds and verdict preview" isOpen={open} onToggle={() => setOpen(!open)} collapsible>
      {open && <PreviewBody overrides={overrides} />}
    </Collapse>
  );
}

/** What the engine says of one reading on its own (the others no data): its error message, or undefined. */
function readingError(engine: Engine, signals: Signal[], key: SignalKey, value: number): string | undefined {
  const readings: Readings = Object.fromEntries(signals.map((s) => [s.id, s.id === key ? value : null]));
  try {
    engine.verdict(readings);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function PreviewBody({ overrides }: { overrides?: ThresholdOverrides }) {
  const { engine, error } = useEngine();
  const [readings, setReadings] = useState<Partial<Record<SignalKey, number>>>({});
  const theme = useTheme2();
  if (error) {
    return <Alert severity="error" title="The verdict engine could not be loaded">{error}</Alert>;
  }
  if (!engine) {
    return <LoadingPlaceholder text="Loading the verdict engine…" />;
  }
  const signals = scalingSignals(engine);
  const input: Readings = {};
  for (const s of signals) {
    input[s.id] = readings[s.id] ?? null;
  }
  let verdict: Verdict | undefined;
  let verdictError: string | undefined;
  try {
    verdict = engine.verdict(input, overrides);
  } catch (e) {
    verdictError = e instanceof Error ? e.message : String(e);
  }
  const inUnit = (key: string, value: number) => {
    const signal = signals.find((s) => s.id === key);
    return signal ? engine.formatValue(signal.unit, value) : String(value);
  };
  const overridden = Object.entries(overrides ?? {}).flatMap(([key, levels]) =>
    Object.entries(levels ?? {}).map(([level, value]) => `${key}.${level} = ${value === undefined ? '' : inUnit(key, value)}`)
  );
  const cell: React.CSSProperties = { padding: theme.spacing(0.5, 1), verticalAlign: 'middle', textAlign: 'left' };
  const muted: React.CSSProperties = { color: theme.colors.text.secondary };
  return (
    <div>
      <p style={muted}>
        Type the sustained value of each signal (empty = no data) to see the verdict the panel would show, with the
        thresholds this data source applies
        {overridden.length > 0 ? ` (Tumulte's defaults, with ${overridden.join(', ')})` : ` (Tumulte's defaults)`}.
      </p>
      <table style={{ borderCollapse: 'collapse', width: '100%' }} aria-label="Verdict preview">
        <thead>
          <tr style={muted}>
            <th style={cell}>Signal</th>
            <th style={cell}>Thresholds</th>
            <th style={cell}>Value</th>
            <th style={cell}>Level</th>
            <th style={cell}>Action</th>
          </tr>
        </thead>
        <tbody>
          {signals.map((signal) => {
            const row = verdict?.signals.find((v) => v.signal === signal.id);
            const op = signal.direction === 'above' ? '>' : '<';
            return (
              <tr key={signal.id}>
                <td style={cell}>
                  {signal.name} <span style={muted}>({signal.sustain})</span>
                </td>
                <td style={cell}>
                  {signal.steps
                    .map((step) => {
                      const override = overrides?.[signal.id]?.[step.level as StepLevel];
                      const text = `${step.level} ${op} ${engine.formatValue(signal.unit, step.value)}`;
                      return override === undefined ? text : `${text} (here ${engine.formatValue(signal.unit, override)})`;
                    })
                    .join(', ')}
                </td>
                <td style={cell}>
                  <NumberInput
                    aria-label={`${signal.id} value`}
                    value={readings[signal.id]}
                    placeholder="no data"
                    suffix={engine.unitSymbol(signal.unit)}
                    width={18}
                    rule={(v) => readingError(engine, signals, signal.id, v)}
                    onChange={(v) =>
                      setReadings((r) => {
                        const next = { ...r };
                        if (v === undefined) {
                          delete next[signal.id];
                        } else {
                          next[signal.id] = v;
                        }
                        return next;
                      })
                    }
                  />
                </td>
                <td style={cell}>{row ? <LevelBadge level={levelInfo(engine, row.level)} /> : null}</td>
                <td style={cell}>{row?.action}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {verdict && (
        <div role="status" aria-label="Overall verdict" style={{ marginTop: theme.spacing(1) }}>
          Overall: <LevelBadge level={levelInfo(engine, verdict.overall)} /> {verdict.action}
        </div>
      )}
      {verdictError && <Alert severity="error" title="No verdict">{verdictError}</Alert>}
      <div aria-label="Levels" style={{ ...muted, marginTop: theme.spacing(1), display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2) }}>
        {engine.levels().map((level) => (
          <span key={level.name}>
            <LevelBadge level={level} /> {level.meaning}
          </span>
        ))}
      </div>
    </div>
  );
}
