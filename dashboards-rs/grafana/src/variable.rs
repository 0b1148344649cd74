//! Template variables (`templating.list`).

use serde::Serialize;

use crate::datasource::DataSourceRef;

/// When a query variable refreshes its options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    /// When the dashboard loads.
    OnLoad = 1,
    /// When the time range changes.
    OnTimeRangeChange = 2,
}

/// A dashboard variable.
#[derive(Debug, Clone, PartialEq)]
pub enum Variable {
    /// Picks a data source of one plugin type; targets reference it as `${name}`.
    Datasource {
        /// Variable name.
        name: String,
        /// Label shown on the dashboard.
        label: String,
        /// Data source plugin id.
        plugin: String,
        /// Preselected data source: (name, uid).
        current: Option<(String, String)>,
    },
    /// Options from a PromQL label query such as `label_values(up, job)`.
    Query {
        /// Variable name.
        name: String,
        /// Label shown on the dashboard.
        label: String,
        /// Data source the query runs on.
        datasource: DataSourceRef,
        /// The query.
        query: String,
        /// Several values may be picked; `All` is offered and means `.*`.
        multi: bool,
        /// When options refresh.
        refresh: Refresh,
    },
    /// A fixed set of values, the first preselected.
    Custom {
        /// Variable name.
        name: String,
        /// Label shown on the dashboard.
        label: String,
        /// What the variable means.
        description: String,
        /// The values.
        values: Vec<String>,
    },
}

impl Variable {
    /// The variable's name.
    pub fn name(&self) -> &str {
        match self {
            Variable::Datasource { name, .. } | Variable::Query { name, .. } | Variable::Custom { name, .. } => name,
        }
    }
}

/// One option of a variable, or its current value: `text` and `value` are a name or a list of names.
#[derive(Serialize)]
struct OptionWire<T> {
    selected: bool,
    text: T,
    value: T,
}

/// Grafana's `current` of a multi-value variable that starts on "All".
const ALL: OptionWire<[&str; 1]> = OptionWire {
    selected: true,
    text: ["All"],
    value: ["$__all"],
};

/// A data source variable as Grafana stores it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DatasourceWire<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<OptionWire<&'a str>>,
    hide: u8,
    include_all: bool,
    label: &'a str,
    multi: bool,
    name: &'a str,
    /// Grafana fills the options in itself when the dashboard loads, so none are stored.
    options: &'a [OptionWire<&'a str>],
    query: &'a str,
    refresh: u8,
    regex: &'static str,
    skip_url_sync: bool,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// The query of a Prometheus query variable, as the variable query editor writes it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PrometheusQueryWire<'a> {
    /// 1: a `label_values(…)`-style query written as text.
    qry_type: u8,
    query: &'a str,
    ref_id: &'static str,
}

/// A query variable as Grafana stores it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct QueryWire<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    all_value: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<OptionWire<[&'static str; 1]>>,
    datasource: &'a DataSourceRef,
    definition: &'a str,
    hide: u8,
    include_all: bool,
    label: &'a str,
    multi: bool,
    name: &'a str,
    /// Grafana fills the options in itself when the dashboard loads, so none are stored.
    options: &'a [OptionWire<&'a str>],
    query: PrometheusQueryWire<'a>,
    refresh: u8,
    regex: &'static str,
    skip_url_sync: bool,
    sort: u8,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// A custom variable as Grafana stores it: its options listed, the first one current.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CustomWire<'a> {
    current: OptionWire<&'a str>,
    description: &'a str,
    hide: u8,
    include_all: bool,
    label: &'a str,
    multi: bool,
    name: &'a str,
    options: Vec<OptionWire<&'a str>>,
    query: String,
    skip_url_sync: bool,
    #[serde(rename = "type")]
    kind: &'static str,
}

impl Serialize for Variable {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Variable::Datasource {
                name,
                label,
                plugin,
                current,
            } => DatasourceWire {
                current: current.as_ref().map(|(text, value)| OptionWire {
                    selected: false,
                    text: text.as_str(),
                    value: value.as_str(),
                }),
                hide: 0,
                include_all: false,
                label,
                multi: false,
                name,
                options: &[],
                query: plugin,
                refresh: Refresh::OnLoad as u8,
                regex: "",
                skip_url_sync: false,
                kind: "datasource",
            }
            .serialize(serializer),
            Variable::Query {
                name,
                label,
                datasource,
                query,
                multi,
                refresh,
            } => QueryWire {
                all_value: multi.then_some(".*"),
                current: multi.then_some(ALL),
                datasource,
                definition: query,
                hide: 0,
                include_all: *multi,
                label,
                multi: *multi,
                name,
                options: &[],
                query: PrometheusQueryWire {
                    qry_type: 1,
                    query,
                    ref_id: "PrometheusVariableQueryEditor-VariableQuery",
                },
                refresh: *refresh as u8,
                regex: "",
                skip_url_sync: false,
                sort: 1,
                kind: "query",
            }
            .serialize(serializer),
            Variable::Custom {
                name,
                label,
                description,
                values,
            } => {
                let first = values.first().map_or("", String::as_str);
                CustomWire {
                    current: OptionWire {
                        selected: true,
                        text: first,
                        value: first,
                    },
                    description,
                    hide: 0,
                    include_all: false,
                    label,
                    multi: false,
                    name,
                    options: values
                        .iter()
                        .map(String::as_str)
                        .map(|v| OptionWire {
                            selected: v == first,
                            text: v,
                            value: v,
                        })
                        .collect(),
                    query: values.join(","),
                    skip_url_sync: false,
                    kind: "custom",
                }
                .serialize(serializer)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_multi_value_query_variable_starts_on_all() {
        let variable = |multi| Variable::Query {
            name: "job".into(),
            label: "Job".into(),
            datasource: DataSourceRef::variable("prometheus", "datasource"),
            query: "label_values(up, job)".into(),
            multi,
            refresh: Refresh::OnTimeRangeChange,
        };
        let multi = serde_json::to_value(variable(true)).expect("serialises");
        assert_eq!(multi["allValue"], ".*");
        assert_eq!(multi["current"]["value"], json!(["$__all"]));
        assert_eq!(multi["refresh"], 2);
        let single = serde_json::to_value(variable(false)).expect("serialises");
        assert!(single.get("allValue").is_none() && single.get("current").is_none());
    }

    #[test]
    fn a_custom_variable_lists_its_values_and_starts_on_the_first() {
        let variable = Variable::Custom {
            name: "size".into(),
            label: "Size".into(),
            description: String::new(),
            values: vec!["10".into(), "20".into()],
        };
        let json = serde_json::to_value(variable).expect("serialises");
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
}
