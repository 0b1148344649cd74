//! Template variables (`templating.list`): every kind Grafana 10.4 has, one model.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::datasource::DataSourceRef;
use crate::Extra;

/// The kind of a variable (`type`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum VariableKind {
    /// Options from a data source query.
    #[default]
    Query,
    /// A fixed, comma-separated list.
    Custom,
    /// A hidden fixed value.
    Constant,
    /// Time intervals, optionally one chosen from the time range.
    Interval,
    /// Free text.
    Textbox,
    /// Ad hoc label filters added to every query of a data source.
    Adhoc,
    /// A data source of one plugin type.
    Datasource,
    /// Any other kind (a newer Grafana's), kept as read.
    #[serde(untagged)]
    Other(String),
}

int_enum! {
    /// When a query variable refreshes its options.
    Refresh {
        /// Never: the options are stored in the dashboard.
        Never = 0,
        /// When the dashboard loads.
        OnLoad = 1,
        /// When the time range changes.
        OnTimeRangeChange = 2,
    }
}

int_enum! {
    /// What of a variable the dashboard shows.
    Hide {
        /// The label and the picker.
        Nothing = 0,
        /// The picker only.
        Label = 1,
        /// Nothing: the variable is hidden.
        Variable = 2,
    }
}

int_enum! {
    /// How a query variable's options are sorted.
    Sort {
        /// As the query returns them.
        Disabled = 0,
        /// Alphabetical, ascending.
        AlphabeticalAsc = 1,
        /// Alphabetical, descending.
        AlphabeticalDesc = 2,
        /// Numerical, ascending.
        NumericalAsc = 3,
        /// Numerical, descending.
        NumericalDesc = 4,
        /// Alphabetical ignoring case, ascending.
        AlphabeticalCaseInsensitiveAsc = 5,
        /// Alphabetical ignoring case, descending.
        AlphabeticalCaseInsensitiveDesc = 6,
        /// Natural order, ascending.
        NaturalAsc = 7,
        /// Natural order, descending.
        NaturalDesc = 8,
    }
}

/// The text or value of an option: one name, or several for a multi-value selection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(untagged)]
pub enum OptionText {
    /// One name.
    One(String),
    /// Several names.
    Many(Vec<String>),
    /// Anything else an older Grafana stored, kept as read.
    Other(Value),
}

impl Default for OptionText {
    fn default() -> Self {
        OptionText::One(String::new())
    }
}

impl From<&str> for OptionText {
    fn from(text: &str) -> Self {
        OptionText::One(text.into())
    }
}

/// One option of a variable, or its current value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct VariableOption {
    /// Whether it is selected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected: Option<bool>,
    /// What the picker shows.
    pub text: OptionText,
    /// What `$name` becomes.
    pub value: OptionText,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl VariableOption {
    /// An option whose text is its value.
    pub fn new(value: &str, selected: bool) -> Self {
        VariableOption {
            selected: Some(selected),
            text: value.into(),
            value: value.into(),
            extra: Extra::new(),
        }
    }
}

/// The query of a query variable as Prometheus's variable editor stores it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct PrometheusVariableQuery {
    /// 1: a `label_values(…)`-style query written as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qry_type: Option<u8>,
    /// The query.
    pub query: String,
    /// The editor's refId.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ref_id: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A variable's `query`: text for most kinds and data sources, an object for some variable editors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(untagged)]
pub enum VariableQuery {
    /// Text: a query, a custom list, a plugin id, an interval list.
    Text(String),
    /// Prometheus's variable editor.
    Prometheus(PrometheusVariableQuery),
    /// Another editor's object, kept as read.
    Other(Value),
}

impl VariableQuery {
    /// The query text, from whichever form.
    pub fn text(&self) -> Option<&str> {
        match self {
            VariableQuery::Text(text) => Some(text),
            VariableQuery::Prometheus(q) => Some(&q.query),
            VariableQuery::Other(value) => value.get("query").and_then(Value::as_str),
        }
    }
}

/// A dashboard variable (`templating.list[]`), of any kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct Variable {
    /// What `$__all` means (e.g. `.*`), for variables that include "All".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all_value: Option<String>,
    /// The current selection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<VariableOption>,
    /// The data source a query or ad hoc variable runs on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasource: Option<DataSourceRef>,
    /// The query as the editor shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    /// What the variable means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the dashboard shows of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide: Option<Hide>,
    /// "All" is offered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_all: Option<bool>,
    /// Label shown on the dashboard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Several values may be picked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multi: Option<bool>,
    /// Its name: queries reference it as `$name`.
    pub name: String,
    /// The options (stored for custom, constant and interval variables; Grafana fills query ones in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<VariableOption>>,
    /// The query, list, plugin id or value, by kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<VariableQuery>,
    /// When its options refresh.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh: Option<Refresh>,
    /// A regex that filters (and may rename) the options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// Keep it out of the URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_url_sync: Option<bool>,
    /// Option order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<Sort>,
    /// The kind.
    #[serde(rename = "type")]
    pub kind: VariableKind,
    /// Keys this crate does not model (`auto`, `filters`, …), kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Variable {
    /// A variable of `kind` named `name`, with Grafana's defaults for the keys every variable has.
    fn new(kind: VariableKind, name: &str, label: &str) -> Self {
        Variable {
            hide: Some(Hide::Nothing),
            label: (!label.is_empty()).then(|| label.to_owned()),
            name: name.into(),
            skip_url_sync: Some(false),
            kind,
            ..Variable::default()
        }
    }

    /// Picks a data source of one plugin type; targets reference it as `${name}`.
    pub fn datasource(name: &str, label: &str, plugin: &str) -> Self {
        Variable {
            include_all: Some(false),
            multi: Some(false),
            // Grafana fills the options in itself when the dashboard loads, so none are stored.
            options: Some(Vec::new()),
            query: Some(VariableQuery::Text(plugin.into())),
            refresh: Some(Refresh::OnLoad),
            regex: Some(String::new()),
            ..Variable::new(VariableKind::Datasource, name, label)
        }
    }

    /// Options from a Prometheus label query such as `label_values(up, job)`, refreshed on load.
    pub fn query(name: &str, label: &str, datasource: DataSourceRef, query: &str) -> Self {
        Variable {
            datasource: Some(datasource),
            definition: Some(query.into()),
            include_all: Some(false),
            multi: Some(false),
            options: Some(Vec::new()),
            query: Some(VariableQuery::Prometheus(PrometheusVariableQuery {
                qry_type: Some(1),
                query: query.into(),
                ref_id: Some("PrometheusVariableQueryEditor-VariableQuery".into()),
                extra: Extra::new(),
            })),
            refresh: Some(Refresh::OnLoad),
            regex: Some(String::new()),
            sort: Some(Sort::AlphabeticalAsc),
            ..Variable::new(VariableKind::Query, name, label)
        }
    }

    /// A fixed set of values, the first preselected.
    pub fn custom(name: &str, label: &str, values: &[&str]) -> Self {
        let first = values.first().copied().unwrap_or("");
        Variable {
            current: Some(VariableOption::new(first, true)),
            include_all: Some(false),
            multi: Some(false),
            options: Some(values.iter().map(|v| VariableOption::new(v, *v == first)).collect()),
            query: Some(VariableQuery::Text(values.join(","))),
            ..Variable::new(VariableKind::Custom, name, label)
        }
    }

    /// A hidden fixed value.
    pub fn constant(name: &str, value: &str) -> Self {
        Variable {
            query: Some(VariableQuery::Text(value.into())),
            hide: Some(Hide::Variable),
            ..Variable::new(VariableKind::Constant, name, "")
        }
    }

    /// A choice of time intervals (`1m,10m,1h`), the first preselected.
    pub fn interval(name: &str, label: &str, intervals: &[&str]) -> Self {
        Variable {
            kind: VariableKind::Interval,
            ..Variable::custom(name, label, intervals)
        }
    }

    /// Free text, starting as `default`.
    pub fn textbox(name: &str, label: &str, default: &str) -> Self {
        Variable {
            current: Some(VariableOption::new(default, true)),
            query: Some(VariableQuery::Text(default.into())),
            ..Variable::new(VariableKind::Textbox, name, label)
        }
    }

    /// Ad hoc label filters on every query of `datasource`.
    pub fn adhoc(name: &str, label: &str, datasource: DataSourceRef) -> Self {
        Variable {
            datasource: Some(datasource),
            ..Variable::new(VariableKind::Adhoc, name, label)
        }
    }

    /// Several values may be picked; "All" is offered, is selected at first, and means `.+` (any value, as
    /// Grafana's dashboard-linter asks: `.*` would also match series without the label).
    pub fn multi(mut self) -> Self {
        self.multi = Some(true);
        self.include_all = Some(true);
        self.all_value = Some(".+".into());
        self.current = Some(VariableOption {
            selected: Some(true),
            text: OptionText::Many(vec!["All".into()]),
            value: OptionText::Many(vec!["$__all".into()]),
            extra: Extra::new(),
        });
        self
    }

    /// When the options refresh.
    pub fn refresh(mut self, refresh: Refresh) -> Self {
        self.refresh = Some(refresh);
        self
    }

    /// What the variable means.
    pub fn description(mut self, text: &str) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Preselects an option: `text` shown, `value` substituted.
    pub fn current(mut self, text: &str, value: &str) -> Self {
        self.current = Some(VariableOption {
            selected: Some(false),
            text: text.into(),
            value: value.into(),
            extra: Extra::new(),
        });
        self
    }

    /// The variable's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether several values can be selected at once (multi-value, or "All" included).
    pub fn selects_several(&self) -> bool {
        self.multi == Some(true) || self.include_all == Some(true)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_multi_value_query_variable_starts_on_all() {
        let variable = |multi: bool| {
            let v = Variable::query(
                "job",
                "Job",
                DataSourceRef::variable("prometheus", "datasource"),
                "label_values(up, job)",
            )
            .refresh(Refresh::OnTimeRangeChange);
            if multi {
                v.multi()
            } else {
                v
            }
        };
        let multi = serde_json::to_value(variable(true)).expect("serialises");
        assert_eq!(multi["allValue"], ".+");
        assert_eq!(multi["current"]["value"], json!(["$__all"]));
        assert_eq!(multi["refresh"], 2);
        let single = serde_json::to_value(variable(false)).expect("serialises");
        assert!(single.get("allValue").is_none() && single.get("current").is_none());
    }

    #[test]
    fn a_custom_variable_lists_its_values_and_starts_on_the_first() {
        let json = serde_json::to_value(Variable::custom("size", "Size", &["10", "20"])).expect("serialises");
        assert_eq!(json["current"]["value"], "10");
        assert_eq!(json["query"], "10,20");
        assert_eq!(
            json["options"],
            json!([
                {"selected": true, "text": "10", "value": "10"},
                {"selected": false, "text": "20", "value": "20"},
            ])
        );
    }

    #[test]
    fn every_kind_reads_and_writes_back_unchanged() {
        for kind in [
            "query",
            "custom",
            "constant",
            "interval",
            "textbox",
            "adhoc",
            "datasource",
        ] {
            let stored = json!({"name": "v", "type": kind, "hide": 2, "query": "x", "auto_min": "10s"});
            let variable: Variable = serde_json::from_value(stored.clone()).expect("reads");
            assert_ne!(variable.kind, VariableKind::Other(kind.into()), "{kind} is typed");
            assert_eq!(serde_json::to_value(&variable).expect("writes"), stored);
        }
    }

    #[test]
    fn an_old_boolean_refresh_reads_as_what_it_meant() {
        let variable: Variable =
            serde_json::from_value(json!({"name": "v", "type": "query", "refresh": true})).expect("reads");
        assert_eq!(variable.refresh, Some(Refresh::OnLoad));
    }
}
