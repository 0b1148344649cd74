// The dashboard's template variables: their options (data sources, Prometheus label values, comma lists,
// constants, text boxes) and their selection, as Grafana 10.4's variable adapters compute them.
import type { DataSourceSettings, FrontendSettings, VariableModel, VariableOption } from './dashboard';
import { ALL_VALUE, interpolate, mentions, prometheusFormat, type VariableValue } from './interpolate';

/** A variable once resolved: its options and current selection. */
export interface Variable extends VariableValue {
  type: string;
  label?: string;
  description?: string;
  /** 0 label and picker, 1 picker only, 2 hidden (Grafana's VariableHide). */
  hide: number;
  options: VariableOption[];
  /** Why its options could not be loaded, if they could not. */
  error?: string;
  model: VariableModel;
}

/** `label_values(metric, label)` / `label_values(label)` (the Prometheus variable query this preview supports). */
export function parseLabelValues(query: string): { match?: string; label: string } | undefined {
  const m = /^\s*label_values\s*\(\s*(?:(.+?)\s*,\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/.exec(query);
  if (!m) {
    return undefined;
  }
  return m[1] ? { match: m[1], label: m[2] } : { label: m[2] };
}

/** Grafana's stringToJsRegex: `/pattern/flags` or a bare pattern. */
function toRegex(text: string): RegExp {
  const m = /^\/(.*)\/([gimsuy]*)$/.exec(text);
  return m ? new RegExp(m[1], m[2]) : new RegExp(text);
}

/**
 * The variable's `regex` applied as Grafana's metricNamesToVariableValues does: values that do not match are
 * dropped, a capture group (or the named groups `text` and `value`) picks what is kept; duplicates removed.
 */
export function applyRegex(values: VariableOption[], regex?: string): VariableOption[] {
  if (!regex) {
    return values;
  }
  const re = toRegex(regex);
  const out: VariableOption[] = [];
  for (const option of values) {
    re.lastIndex = 0;
    const m = re.exec(option.value);
    if (!m) {
      continue;
    }
    let { text, value } = option;
    if (m.groups && (m.groups.text !== undefined || m.groups.value !== undefined)) {
      value = m.groups.value ?? m.groups.text;
      text = m.groups.text ?? m.groups.value;
    } else if (m.length > 1) {
      value = m[1];
      text = m[1];
    }
    if (!out.some((o) => o.value === value)) {
      out.push({ text, value });
    }
  }
  return out;
}

/** Grafana's sortVariableValues (VariableSort 0 … 8). */
export function sortOptions(options: VariableOption[], sort = 0): VariableOption[] {
  if (!sort) {
    return options;
  }
  const kind = Math.ceil(sort / 2);
  const number = (text: string): number => {
    const m = /.*?(\d+).*/.exec(text);
    return m ? parseInt(m[1], 10) : -1;
  };
  const byKey = <K extends string | number>(key: (o: VariableOption) => K) =>
    [...options].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  let sorted: VariableOption[];
  if (kind === 1) {
    sorted = byKey((o) => o.text);
  } else if (kind === 2) {
    sorted = byKey((o) => number(o.text));
  } else if (kind === 3) {
    sorted = byKey((o) => o.text.toLowerCase());
  } else {
    sorted = [...options].sort((a, b) => a.text.localeCompare(b.text, undefined, { numeric: true, sensitivity: 'base' }));
  }
  return sort % 2 === 0 ? sorted.reverse() : sorted;
}

/** A custom variable's `query`: comma separated (`\,` escapes a comma), each `text : value` or a value. */
export function parseCustom(query: string): VariableOption[] {
  const parts = query.match(/(?:\\,|[^,])+/g) ?? [];
  return parts.map((part) => {
    const item = part.replace(/\\,/g, ',').trim();
    const m = /^\s*(.+?)\s+:\s+(.+)$/.exec(item);
    return m ? { text: m[1].trim(), value: m[2].trim() } : { text: item, value: item };
  });
}

/**
 * Which options are selected: the URL's `var-NAME` values first, then the saved `current` if its values are still
 * options, else the first option (Grafana's validateVariableSelectionState).
 */
export function selectCurrent(
  options: VariableOption[],
  wanted: string[] | undefined,
  multi: boolean
): { value: string | string[]; text: string | string[] } {
  const found = (wanted ?? []).map((w) => options.find((o) => o.value === w || o.text === w)).filter((o): o is VariableOption => !!o);
  const chosen = found.length > 0 ? (multi ? found : found.slice(0, 1)) : options.slice(0, 1);
  if (chosen.length === 0) {
    return { value: multi ? [] : '', text: multi ? [] : '' };
  }
  return multi
    ? { value: chosen.map((o) => o.value), text: chosen.map((o) => o.text) }
    : { value: chosen[0].value, text: chosen[0].text };
}

function toArray(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** How the page reaches Prometheus label values: `GET …/resources/api/v1/label/{label}/values`. */
export type LabelValuesFetcher = (dsUid: string, label: string, match: string | undefined) => Promise<string[]>;

export interface ResolveContext {
  settings: FrontendSettings;
  /** `var-NAME` values from the URL, by name. */
  urlValues: Map<string, string[]>;
  labelValues: LabelValuesFetcher;
}

/** The data source a variable's or target's reference names, after interpolation (uid, name or "default"). */
export function findDatasource(settings: FrontendSettings, ref: string | undefined): DataSourceSettings | undefined {
  const all = Object.values(settings.datasources);
  if (!ref || ref === 'default') {
    return all.find((d) => d.isDefault) ?? (settings.defaultDatasource ? settings.datasources[settings.defaultDatasource] : undefined);
  }
  return all.find((d) => d.uid === ref) ?? all.find((d) => d.name === ref) ?? settings.datasources[ref];
}

async function loadOptions(model: VariableModel, resolved: Map<string, VariableValue>, ctx: ResolveContext): Promise<VariableOption[]> {
  switch (model.type) {
    case 'datasource': {
      const type = typeof model.query === 'string' ? model.query : '';
      const sources = Object.values(ctx.settings.datasources)
        .filter((d) => d.type === type)
        .sort((a, b) => a.name.localeCompare(b.name));
      const options = applyRegex(
        sources.map((d) => ({ text: d.name, value: d.uid })),
        model.regex ? interpolate(model.regex, resolved, 'regex') : undefined
      );
      // Grafana offers "default" when the default data source is of the variable's type.
      const def = findDatasource(ctx.settings, 'default');
      return def && def.type === type ? [...options, { text: 'default', value: 'default' }] : options;
    }
    case 'query': {
      const query = typeof model.query === 'string' ? model.query : model.query?.query ?? model.definition ?? '';
      const parsed = parseLabelValues(interpolate(query, resolved, prometheusFormat));
      if (!parsed) {
        throw new Error(`the preview resolves only label_values(metric, label) and label_values(label): ${query}`);
      }
      const ref = typeof model.datasource === 'string' ? model.datasource : model.datasource?.uid;
      const ds = findDatasource(ctx.settings, ref ? interpolate(ref, resolved) : undefined);
      if (!ds) {
        throw new Error(`data source ${ref ?? 'default'} not found`);
      }
      const values = await ctx.labelValues(ds.uid, parsed.label, parsed.match);
      return sortOptions(applyRegex(values.map((v) => ({ text: v, value: v })), model.regex), model.sort);
    }
    case 'custom':
      return parseCustom(typeof model.query === 'string' ? model.query : '');
    case 'constant':
    case 'textbox': {
      const query = typeof model.query === 'string' ? model.query : '';
      return [{ text: query, value: query }];
    }
    default:
      return (model.options ?? []).map(({ text, value }) => ({ text: String(text), value: String(value) }));
  }
}

/** Resolves one variable against those before it (`resolved`). */
export async function resolveVariable(
  model: VariableModel,
  resolved: Map<string, VariableValue>,
  ctx: ResolveContext,
  previous?: Variable
): Promise<Variable> {
  let options: VariableOption[] = [];
  let error: string | undefined;
  try {
    options = await loadOptions(model, resolved, ctx);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const multi = !!model.multi;
  const includeAll = !!model.includeAll && model.type !== 'constant' && model.type !== 'textbox';
  const allValues = options.map((o) => o.value);
  if (includeAll) {
    options = [{ text: 'All', value: ALL_VALUE }, ...options];
  }
  const url = ctx.urlValues.get(model.name);
  let current: { value: string | string[]; text: string | string[] };
  if (model.type === 'textbox' && (url || previous)) {
    const value = url?.[0] ?? (previous!.value as string);
    current = { value, text: value };
  } else {
    const wanted = url ?? (previous ? toArray(previous.value) : toArray(model.current?.value));
    current = selectCurrent(options, wanted, multi);
  }
  return {
    name: model.name,
    type: model.type,
    label: model.label,
    description: model.description,
    hide: model.type === 'constant' ? 2 : model.hide ?? 0,
    multi,
    includeAll,
    allValue: model.allValue,
    allValues,
    options,
    error,
    model,
    ...current,
  };
}

/** Resolves every variable in order, each seeing the ones before it. */
export async function resolveVariables(models: VariableModel[], ctx: ResolveContext): Promise<Variable[]> {
  const out: Variable[] = [];
  const resolved = new Map<string, VariableValue>();
  for (const model of models) {
    const v = await resolveVariable(model, resolved, ctx);
    out.push(v);
    resolved.set(v.name, v);
  }
  return out;
}

/** The variables whose options depend on `name` (their query, data source or regex mention it). */
export function dependsOn(model: VariableModel, name: string): boolean {
  const texts = [
    typeof model.query === 'string' ? model.query : model.query?.query ?? '',
    typeof model.datasource === 'string' ? model.datasource : model.datasource?.uid ?? '',
    model.regex ?? '',
  ];
  return texts.some((t) => mentions(t, name));
}

/**
 * After `name` changed to `value`: the variables with the new selection, those after it that depend on it
 * (directly or through another) re-resolved, keeping their selection where it is still an option.
 */
export async function changeVariable(
  variables: Variable[],
  name: string,
  value: string | string[],
  ctx: ResolveContext
): Promise<Variable[]> {
  const out: Variable[] = [];
  const resolved = new Map<string, VariableValue>();
  const changed = new Set([name]);
  for (const v of variables) {
    let next = v;
    if (v.name === name) {
      const values = toArray(value);
      const text = values.map((x) => v.options.find((o) => o.value === x)?.text ?? x);
      next = { ...v, value: Array.isArray(value) ? values : value, text: Array.isArray(value) ? text : text[0] ?? '' };
    } else if ([...changed].some((c) => dependsOn(v.model, c))) {
      next = await resolveVariable(v.model, resolved, { ...ctx, urlValues: new Map() }, v);
      changed.add(v.name);
    }
    out.push(next);
    resolved.set(next.name, next);
  }
  return out;
}

/** Grafana's All handling: picking All drops the others, picking another drops All, nothing picked means All. */
export function nextMultiValue(previous: string[], picked: string[], includeAll: boolean): string[] {
  const addedAll = picked.includes(ALL_VALUE) && !previous.includes(ALL_VALUE);
  if (addedAll) {
    return [ALL_VALUE];
  }
  const rest = picked.filter((v) => v !== ALL_VALUE);
  if (rest.length > 0) {
    return rest;
  }
  return includeAll ? [ALL_VALUE] : picked;
}

/** The variables by name, for interpolation. */
export function byName(variables: Variable[]): Map<string, VariableValue> {
  return new Map(variables.map((v) => [v.name, v]));
}
