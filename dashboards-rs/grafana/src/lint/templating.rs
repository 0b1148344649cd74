//! The dashboard's variables (`templating.list`), its import inputs (`__inputs`) and Grafana's variable reference
//! syntax.

use serde_json::Value;

/// The variables a dashboard defines, and the inputs an exported dashboard asks for on import.
#[derive(Debug, Clone, Default)]
pub(super) struct Templating<'v> {
    variables: Vec<Variable<'v>>,
    /// `__inputs`: placeholders such as `${DS_PROMETHEUS}` that Grafana's import replaces by text.
    inputs: Vec<&'v Value>,
}

impl<'v> Templating<'v> {
    /// The variables of a dashboard's `templating.list` and its `__inputs`.
    pub(super) fn of(dashboard: &'v Value) -> Self {
        let list = |pointer: &str| {
            dashboard
                .pointer(pointer)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        };
        Templating {
            variables: list("/templating/list").map(|json| Variable { json }).collect(),
            inputs: list("/__inputs").collect(),
        }
    }

    /// Every variable, in dashboard order.
    pub(super) fn variables(&self) -> &[Variable<'v>] {
        &self.variables
    }

    /// The variable called `name`.
    pub(super) fn get(&self, name: &str) -> Option<Variable<'v>> {
        self.variables.iter().copied().find(|v| v.name() == name)
    }

    /// Whether `name` is a variable or an import input: a reference to it is no typo.
    pub(super) fn defines(&self, name: &str) -> bool {
        self.get(name).is_some() || self.input(name).is_some()
    }

    /// Whether the dashboard defines a variable of that name and of type `datasource`.
    pub(super) fn is_datasource(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| v.kind() == "datasource")
    }

    /// The variables of type `datasource`, in order.
    pub(super) fn datasources(&self) -> impl Iterator<Item = Variable<'v>> + '_ {
        self.variables.iter().copied().filter(|v| v.kind() == "datasource")
    }

    /// Whether the dashboard-linter conventions for Prometheus dashboards apply: its first datasource variable
    /// is for Prometheus (its `getTemplateDatasource(d).Query == "prometheus"`).
    pub(super) fn is_prometheus(&self) -> bool {
        self.datasources().next().is_some_and(|v| v.query() == "prometheus")
    }

    /// The import input called `name` (`__inputs[].name`).
    pub(super) fn input(&self, name: &str) -> Option<&'v Value> {
        self.inputs
            .iter()
            .copied()
            .find(|i| i.get("name").and_then(Value::as_str) == Some(name))
    }
}

/// One variable of `templating.list`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Variable<'v> {
    json: &'v Value,
}

impl<'v> Variable<'v> {
    fn str(&self, key: &str) -> &'v str {
        self.json.get(key).and_then(Value::as_str).unwrap_or("")
    }

    fn flag(&self, key: &str) -> bool {
        self.json.get(key).and_then(Value::as_bool).unwrap_or(false)
    }

    /// Its name, as referenced by `$name`.
    pub(super) fn name(&self) -> &'v str {
        self.str("name")
    }

    /// Its type: `datasource`, `query`, `custom`, `constant`, `interval`, `textbox`, `adhoc`, …
    pub(super) fn kind(&self) -> &'v str {
        self.str("type")
    }

    /// Its label, as shown above the picker.
    pub(super) fn label(&self) -> &'v str {
        self.str("label")
    }

    /// Its query: the plugin type of a datasource variable, the PromQL function of a query variable (also when
    /// Grafana 10 stores it as `{"query": …, "refId": …}`), the values of a custom one.
    pub(super) fn query(&self) -> &'v str {
        match self.json.get("query") {
            Some(Value::String(query)) => query,
            Some(object @ Value::Object(_)) => object.get("query").and_then(Value::as_str).unwrap_or(""),
            _ => "",
        }
    }

    /// Its data source reference, unless absent or null.
    pub(super) fn datasource(&self) -> Option<&'v Value> {
        self.json.get("datasource").filter(|d| !d.is_null())
    }

    /// Whether several values can be selected.
    pub(super) fn multi(&self) -> bool {
        self.flag("multi")
    }

    /// Whether it offers "All".
    pub(super) fn include_all(&self) -> bool {
        self.flag("includeAll")
    }

    /// Whether it can stand for more than one value: multi-select, or "All".
    pub(super) fn is_multi_valued(&self) -> bool {
        self.multi() || self.include_all()
    }

    /// The value "All" stands for, if set.
    pub(super) fn all_value(&self) -> Option<&'v str> {
        self.json.get("allValue").and_then(Value::as_str)
    }

    /// When Grafana refreshes its values: 0 never, 1 on load, 2 on time range change (an old `true` is 1).
    pub(super) fn refresh(&self) -> i64 {
        match self.json.get("refresh") {
            Some(Value::Bool(true)) => 1,
            Some(value) => value.as_i64().unwrap_or(0),
            None => 0,
        }
    }

    /// A sample of what it stands for: its current value (the first when several), else its first option, else
    /// what a constant, text box, custom or interval variable lists first.
    pub(super) fn sample_value(&self) -> Option<&'v str> {
        let first = |value: &'v Value| match value {
            Value::Array(values) => values.first().and_then(Value::as_str),
            other => other.as_str(),
        };
        let current = self.json.pointer("/current/value").and_then(first);
        let option = || self.json.pointer("/options/0/value").and_then(first);
        let listed = || match self.kind() {
            "constant" | "textbox" | "custom" | "interval" => {
                self.query().split(',').next().map(str::trim).filter(|v| !v.is_empty())
            }
            _ => None,
        };
        current.or_else(option).or_else(listed)
    }
}

/// A variable reference found in a string: the variable's name and how many chars the reference spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reference {
    pub(super) name: String,
    pub(super) len: usize,
}

/// The reference starting at `chars[start]`: `$name`, `${name}`, `${name:fmt}`, `${name.field}` or `[[name]]`,
/// `[[name:fmt]]`, as Grafana recognises them. A name must be word characters and not start with a digit, so
/// the `$1` of a `label_replace` is not a reference.
pub(super) fn reference_at(chars: &[char], start: usize) -> Option<Reference> {
    let rest = chars.get(start..)?;
    let (inner, len) = match rest {
        ['$', '{', ..] => {
            let close = rest.iter().position(|&c| c == '}')?;
            (&rest[2..close], close + 1)
        }
        ['$', ..] => {
            let word = rest[1..].iter().take_while(|c| is_word(**c)).count();
            (&rest[1..=word], word + 1)
        }
        ['[', '[', ..] => {
            let close = rest.windows(2).position(|w| w == [']', ']'])?;
            (&rest[2..close], close + 2)
        }
        _ => return None,
    };
    let name: String = inner.iter().take_while(|c| **c != ':' && **c != '.').collect();
    let valid = name.chars().all(is_word) && name.chars().next().is_some_and(|c| !c.is_ascii_digit());
    valid.then_some(Reference { name, len })
}

/// The variable a whole string refers to, if the string is exactly one reference (`${datasource}`).
pub(super) fn whole_reference(s: &str) -> Option<String> {
    let chars: Vec<char> = s.trim().chars().collect();
    reference_at(&chars, 0).filter(|r| r.len == chars.len()).map(|r| r.name)
}

/// The import input a whole string names (`${DS_PROMETHEUS}`, `${DS__VICTORIAMETRICS-PROD}`): Grafana's import
/// replaces these by text, so their names need not be words.
pub(super) fn input_reference(s: &str) -> Option<&str> {
    s.trim()
        .strip_prefix("${")?
        .strip_suffix('}')
        .filter(|name| !name.contains(['{', '}', '$']))
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn name_at(s: &str) -> Option<(String, usize)> {
        let chars: Vec<char> = s.chars().collect();
        reference_at(&chars, 0).map(|r| (r.name, r.len))
    }

    #[test]
    fn every_grafana_reference_syntax_is_recognised() {
        assert_eq!(name_at("$job}"), Some(("job".into(), 4)));
        assert_eq!(name_at("${job}x"), Some(("job".into(), 6)));
        assert_eq!(name_at("${job:regex}"), Some(("job".into(), 12)));
        assert_eq!(name_at("${ds.uid}"), Some(("ds".into(), 9)));
        assert_eq!(name_at("[[job]]"), Some(("job".into(), 7)));
        assert_eq!(name_at("[[job:csv]]"), Some(("job".into(), 11)));
    }

    #[test]
    fn a_capture_group_backreference_is_not_a_variable() {
        assert_eq!(name_at("$1"), None);
        assert_eq!(name_at("${1}"), None);
        assert_eq!(name_at("$ "), None);
    }

    #[test]
    fn a_whole_string_reference_names_its_variable() {
        assert_eq!(whole_reference("${datasource}"), Some("datasource".into()));
        assert_eq!(whole_reference("$datasource"), Some("datasource".into()));
        assert_eq!(whole_reference("${datasource}-x"), None);
        assert_eq!(whole_reference("P1809F7CD0C75ACF3"), None);
    }

    #[test]
    fn an_import_input_name_may_hold_dashes() {
        assert_eq!(input_reference("${DS__VM-PROD}"), Some("DS__VM-PROD"));
        assert_eq!(input_reference("$DS"), None);
    }

    #[test]
    fn a_variable_samples_its_current_value_then_its_options_then_its_query() {
        let d = json!({"templating": {"list": [
            {"name": "a", "type": "query", "current": {"value": ["x", "y"]}},
            {"name": "b", "type": "query", "current": {}, "options": [{"value": "o"}]},
            {"name": "c", "type": "custom", "query": "5m, 10m"},
            {"name": "d", "type": "query", "query": "label_values(up, job)"},
        ]}});
        let t = Templating::of(&d);
        let sample = |name: &str| t.get(name).and_then(|v| v.sample_value());
        assert_eq!(
            [sample("a"), sample("b"), sample("c"), sample("d")],
            [Some("x"), Some("o"), Some("5m"), None]
        );
    }

    #[test]
    fn a_query_variable_stored_as_an_object_has_its_query_read() {
        let d = json!({"templating": {"list": [
            {"name": "job", "type": "query", "query": {"query": "label_values(job)", "refId": "A"}},
        ]}});
        assert_eq!(
            Templating::of(&d).get("job").map(|v| v.query()),
            Some("label_values(job)")
        );
    }
}
