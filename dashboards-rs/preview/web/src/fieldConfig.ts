// Field config and overrides applied by @grafana/data's applyFieldOverrides, with a field config registry built by
// @grafana/data's createFieldConfigRegistry: Grafana's standard options (the list Grafana's core registers in
// standardFieldConfigEditorRegistry, which @grafana/data ships empty) with @grafana/data's own processors, plus the
// panel's `custom` options, which Grafana's panel plugins would declare and which pass through unchanged.
import React from 'react';
import {
  applyFieldOverrides,
  booleanOverrideProcessor,
  createFieldConfigRegistry,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  FieldType,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardFieldConfigEditorRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  unitOverrideProcessor,
  valueMappingsOverrideProcessor,
  type DataFrame,
  type Field,
  type FieldConfigPropertyItem,
  type FieldConfigSource,
  type GrafanaTheme2,
  type InterpolateFunction,
  type TimeZone,
} from '@grafana/data';

// The preview edits nothing: every option's editor is empty.
const NoEditor: React.ComponentType<any> = () => null;

const isNumber = (field: Field) => field.type === FieldType.number;
const always = () => true;

function item(id: string, process: FieldConfigPropertyItem['process'], shouldApply: (field: Field) => boolean, settings: object = {}) {
  return { id, path: id, name: id, editor: NoEditor, override: NoEditor, process, shouldApply, settings } as FieldConfigPropertyItem;
}

// Grafana 10.4's getAllStandardFieldConfigs (public/app/core/components/OptionsUI/registry.tsx): ids, processors and
// which fields each applies to.
standardFieldConfigEditorRegistry.setInit(() => [
  item('displayName', displayNameOverrideProcessor, always, { expandTemplateVars: true }),
  item('unit', unitOverrideProcessor, always, { expandTemplateVars: true }),
  item('fieldMinMax', booleanOverrideProcessor, isNumber),
  item('min', numberOverrideProcessor, isNumber),
  item('max', numberOverrideProcessor, isNumber),
  item('decimals', numberOverrideProcessor, isNumber, { min: 0, max: 15, integer: true }),
  item('thresholds', thresholdsOverrideProcessor, always),
  item('mappings', valueMappingsOverrideProcessor, always),
  item('color', identityOverrideProcessor, always, { byValueSupport: true, preferThresholdsMode: true }),
  item('links', dataLinksOverrideProcessor, always),
  item('noValue', stringOverrideProcessor, always),
  item('filterable', booleanOverrideProcessor, always),
]);

/** The `custom.*` keys a panel's field config uses, in its defaults and its overrides. */
function customKeys(fieldConfig: FieldConfigSource): string[] {
  const keys = new Set(Object.keys(fieldConfig.defaults.custom ?? {}));
  for (const override of fieldConfig.overrides) {
    for (const prop of override.properties) {
      if (prop.id.startsWith('custom.')) {
        keys.add(prop.id.slice('custom.'.length));
      }
    }
  }
  return [...keys];
}

export function fieldConfigRegistry(type: string, fieldConfig: FieldConfigSource) {
  return createFieldConfigRegistry(
    {
      useCustomConfig: (builder) => {
        for (const key of customKeys(fieldConfig)) {
          builder.addGenericEditor({ path: key, name: key, id: key } as never, NoEditor as never);
        }
      },
    },
    type
  );
}

export interface FieldContext {
  type: string;
  fieldConfig: FieldConfigSource;
  theme: GrafanaTheme2;
  replaceVariables: InterpolateFunction;
  timeZone: TimeZone;
}

/** The frames with the panel's field config and overrides applied (display processors, colours, …). */
export function withFieldConfig(frames: DataFrame[], ctx: FieldContext): DataFrame[] {
  return applyFieldOverrides({
    data: frames,
    fieldConfig: ctx.fieldConfig,
    fieldConfigRegistry: fieldConfigRegistry(ctx.type, ctx.fieldConfig),
    replaceVariables: ctx.replaceVariables,
    theme: ctx.theme,
    timeZone: ctx.timeZone,
  });
}
