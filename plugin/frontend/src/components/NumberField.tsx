import React, { useEffect, useState } from 'react';
import { Field, Input } from '@grafana/ui';

/** How a typed number is checked: an error message, or undefined when it is acceptable. */
export type NumberRule = (value: number) => string | undefined;

/** Parses the text of a number input: `undefined` for empty, an error message for a bad number. */
export function parseNumber(text: string, rule?: NumberRule): { value?: number; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') {
    return {};
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value)) {
    return { error: `${JSON.stringify(trimmed)} is not a number` };
  }
  const error = rule?.(value);
  return error ? { error } : { value };
}

interface NumberInputProps {
  id?: string;
  /** The stored value; undefined means "not set" (the default applies). */
  value: number | undefined;
  /** Called with a valid number, or undefined when the input is emptied. Invalid text is not stored. */
  onChange: (value: number | undefined) => void;
  rule?: NumberRule;
  placeholder?: string;
  width?: number;
  suffix?: string;
  'aria-label'?: string;
  /** Reports the current error (or undefined) to a parent that shows it. */
  onError?: (error: string | undefined) => void;
}

/**
 * A number input that keeps what the user types (so "0." or "-" are not rewritten while typing) and stores only
 * valid numbers. When the stored value changes from outside (a reset), the text follows.
 */
export function NumberInput({ id, value, onChange, rule, placeholder, width, suffix, onError, ...rest }: NumberInputProps) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    setText((current) => {
      const parsed = parseNumber(current, rule);
      return parsed.error === undefined && parsed.value === value ? current : value === undefined ? '' : String(value);
    });
    // Only an outside change of the stored value re-syncs the text.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const parsed = parseNumber(text, rule);
  useEffect(() => onError?.(parsed.error), [parsed.error, onError]);
  return (
    <Input
      id={id}
      type="text"
      inputMode="decimal"
      value={text}
      placeholder={placeholder}
      width={width}
      suffix={suffix}
      invalid={parsed.error !== undefined}
      aria-label={rest['aria-label']}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        const p = parseNumber(next, rule);
        if (p.error === undefined && p.value !== value) {
          onChange(p.value);
        }
      }}
    />
  );
}

interface NumberFieldProps extends Omit<NumberInputProps, 'onError'> {
  id: string;
  label: string;
  description: React.ReactNode;
}

/** A labelled number input with its description and its error. */
export function NumberField({ label, description, ...input }: NumberFieldProps) {
  const [error, setError] = useState<string | undefined>();
  return (
    <Field label={label} description={description} invalid={error !== undefined} error={error} htmlFor={input.id}>
      <NumberInput {...input} onError={setError} />
    </Field>
  );
}
