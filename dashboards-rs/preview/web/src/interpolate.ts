// Grafana's TemplateSrv.replace for the dashboard's variables: `$var`, `${var}`, `${var:format}`, `[[var]]`, with
// Grafana's value formats and the Prometheus data source's own formatting of regex-matched multi values.

export const ALL_VALUE = '$__all';

/** A variable as interpolation sees it: its selection and what `All` stands for. */
export interface VariableValue {
  name: string;
  value: string | string[];
  text: string | string[];
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string | null;
  /** Every option's value but `$__all` (what `All` means without an allValue). */
  allValues: string[];
}

/** Formats a value as the consumer needs it; `variable` is the variable being formatted. */
export type Formatter = (value: string | string[], variable: VariableValue) => string;

// TemplateSrv's variableRegex: $var, [[var]] and [[var:fmt]], ${var}, ${var.fieldPath} and ${var:fmt}.
const VARIABLE_REGEX = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/g;

function regexEscape(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
}

function luceneEscape(value: string): string {
  return value.replace(/([!*+\-=<>\s&|()[\]{}^~?:\\/"])/g, '\\$1');
}

function asArray(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

/** Grafana's named formats (FormatRegistryID). */
const FORMATS: Record<string, (value: string | string[], variable: VariableValue) => string> = {
  raw: (v) => asArray(v).join(','),
  regex: (v) => {
    const values = asArray(v);
    return values.length === 1 ? regexEscape(values[0]) : `(${values.map(regexEscape).join('|')})`;
  },
  pipe: (v) => asArray(v).join('|'),
  csv: (v) => asArray(v).join(','),
  distributed: (v, variable) => {
    const [first, ...rest] = asArray(v);
    return [first, ...rest.map((x) => `${variable.name}=${x}`)].join(',');
  },
  glob: (v) => (Array.isArray(v) && v.length > 1 ? `{${v.join(',')}}` : asArray(v).join(',')),
  json: (v) => JSON.stringify(v),
  lucene: (v) => {
    const values = asArray(v);
    return values.length === 1 ? luceneEscape(values[0]) : `(${values.map((x) => `"${luceneEscape(x)}"`).join(' OR ')})`;
  },
  percentencode: (v) => encodeURIComponent(Array.isArray(v) ? `{${v.join(',')}}` : v),
  singlequote: (v) => asArray(v).map((x) => `'${x.replace(/'/g, "\\'")}'`).join(','),
  doublequote: (v) => asArray(v).map((x) => `"${x.replace(/"/g, '\\"')}"`).join(','),
  sqlstring: (v) => asArray(v).map((x) => `'${x.replace(/'/g, "''")}'`).join(','),
  queryparam: (v, variable) => asArray(v).map((x) => `var-${variable.name}=${encodeURIComponent(x)}`).join('&'),
};

/** Grafana's default format (no format given): a multi value as a glob `{a,b}`, a single one as is. */
export const defaultFormat: Formatter = (value) =>
  Array.isArray(value) ? (value.length === 1 ? value[0] : `{${value.join(',')}}`) : value;

function prometheusRegularEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
}

function prometheusSpecialRegexEscape(value: string): string {
  return value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
}

/**
 * The Prometheus data source's interpolateQueryExpr: a variable that can hold several values is regex-escaped
 * (doubled backslashes, inside a PromQL string) and several values become `(a|b)`.
 */
export const prometheusFormat: Formatter = (value, variable) => {
  if (!variable.multi && !variable.includeAll) {
    return prometheusRegularEscape(asArray(value).join(','));
  }
  if (typeof value === 'string') {
    return prometheusSpecialRegexEscape(value);
  }
  const escaped = value.map(prometheusSpecialRegexEscape);
  return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
};

function isAll(value: string | string[]): boolean {
  return Array.isArray(value) ? value.includes(ALL_VALUE) : value === ALL_VALUE;
}

/**
 * Replaces the variables in `target`. `format` is a format name (`text`, `regex`, …) or a data source's formatter;
 * `${var:format}` in the text wins over it. Unknown variables stay as written (`$__rate_interval` is the host's).
 */
export function interpolate(
  target: string,
  variables: Map<string, VariableValue>,
  format: string | Formatter = defaultFormat
): string {
  return target.replace(VARIABLE_REGEX, (match, var1, var2, fmt2, var3, _fieldPath, fmt3) => {
    const name: string = var1 || var2 || var3;
    const explicit: string | undefined = fmt2 || fmt3;
    const variable = variables.get(name);
    if (!variable) {
      return match;
    }
    let value = variable.value;
    let text = variable.text;
    if (isAll(value)) {
      text = 'All';
      if (variable.allValue) {
        // TemplateSrv leaves a custom all value unformatted unless the text asks for a format.
        if (!explicit) {
          return variable.allValue;
        }
        value = variable.allValue;
      } else {
        value = variable.allValues;
      }
    }
    const wanted = explicit ?? format;
    if (wanted === 'text') {
      return asArray(text).join(' + ');
    }
    if (typeof wanted === 'function') {
      return wanted(value, variable);
    }
    const named = FORMATS[wanted.split(':')[0]];
    return named ? named(value, variable) : defaultFormat(value, variable);
  });
}

/** Whether `text` names the variable `name` (to find which variables depend on which). */
export function mentions(text: string, name: string): boolean {
  for (const m of text.matchAll(VARIABLE_REGEX)) {
    if ((m[1] || m[2] || m[4]) === name) {
      return true;
    }
  }
  return false;
}
