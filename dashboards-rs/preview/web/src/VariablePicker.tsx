// A template variable in the dashboard's controls, as Grafana shows it: its label, then a drop-down of its options
// (several at once for a multi-value variable, "All" exclusive of the others), or a text box.
import React, { useEffect, useState } from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, Input, MultiSelect, Select } from '@grafana/ui';
import { nextMultiValue, type Variable } from './variables';

export function VariablePicker({ variable, onChange }: { variable: Variable; onChange: (value: string | string[]) => void }) {
  const [text, setText] = useState(String(variable.value));
  useEffect(() => setText(String(variable.value)), [variable.value]);
  const label = variable.hide === 1 ? undefined : variable.label || variable.name;
  const options: Array<SelectableValue<string>> = variable.options.map((o) => ({ label: o.text, value: o.value }));
  let control: React.ReactElement;
  if (variable.type === 'textbox') {
    control = (
      <Input
        width={20}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onBlur={() => onChange(text)}
        onKeyDown={(e) => e.key === 'Enter' && onChange(text)}
      />
    );
  } else if (variable.multi) {
    const values = Array.isArray(variable.value) ? variable.value : [variable.value];
    control = (
      <MultiSelect
        options={options}
        value={values}
        width="auto"
        minWidth={12}
        onChange={(picked) => onChange(nextMultiValue(values, picked.map((p) => p.value!), !!variable.includeAll))}
        aria-label={`Variable ${variable.name}`}
      />
    );
  } else {
    control = (
      <Select
        options={options}
        value={String(variable.value)}
        width="auto"
        minWidth={12}
        onChange={(picked) => onChange(picked.value!)}
        aria-label={`Variable ${variable.name}`}
      />
    );
  }
  return (
    <div data-variable={variable.name}>
      <InlineField label={label} tooltip={variable.description} invalid={!!variable.error} error={variable.error}>
        {control}
      </InlineField>
    </div>
  );
}
