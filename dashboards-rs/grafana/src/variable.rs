//! Template variables (`templating.list`).

use serde_json::{json, Map, Value};

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

    /// The variable as Grafana stores it.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        match self {
            Variable::Datasource {
                name,
                label,
                plugin,
                current,
            } => {
                if let Some((text, value)) = current {
                    m.insert(
                        "current".into(),
                        json!({ "selected": false, "text": text, "value": value }),
                    );
                }
                m.insert("hide".into(), 0.into());
                m.insert("includeAll".into(), false.into());
                m.insert("label".into(), label.clone().into());
                m.insert("multi".into(), false.into());
                m.insert("name".into(), name.clone().into());
                m.insert("options".into(), Value::Array(Vec::new()));
                m.insert("query".into(), plugin.clone().into());
                m.insert("refresh".into(), 1.into());
                m.insert("regex".into(), "".into());
                m.insert("skipUrlSync".into(), false.into());
                m.insert("type".into(), "datasource".into());
            }
            Variable::Query {
                name,
                label,
                datasource,
                query,
                multi,
                refresh,
            } => {
                if *multi {
                    m.insert("allValue".into(), ".*".into());
                    m.insert(
                        "current".into(),
                        json!({ "selected": true, "text": ["All"], "value": ["$__all"] }),
                    );
                }
                m.insert(
                    "datasource".into(),
                    serde_json::to_value(datasource).unwrap_or(Value::Null),
                );
                m.insert("definition".into(), query.clone().into());
                m.insert("hide".into(), 0.into());
                m.insert("includeAll".into(), (*multi).into());
                m.insert("label".into(), label.clone().into());
                m.insert("multi".into(), (*multi).into());
                m.insert("name".into(), name.clone().into());
                m.insert("options".into(), Value::Array(Vec::new()));
                m.insert(
                    "query".into(),
                    json!({ "qryType": 1, "query": query, "refId": "PrometheusVariableQueryEditor-VariableQuery" }),
                );
                m.insert("refresh".into(), (*refresh as u8).into());
                m.insert("regex".into(), "".into());
                m.insert("skipUrlSync".into(), false.into());
                m.insert("sort".into(), 1.into());
                m.insert("type".into(), "query".into());
            }
            Variable::Custom {
                name,
                label,
                description,
                values,
            } => {
                let first = values.first().cloned().unwrap_or_default();
                let options: Vec<Value> = values
                    .iter()
                    .map(|v| json!({ "selected": *v == first, "text": v, "value": v }))
                    .collect();
                m.insert(
                    "current".into(),
                    json!({ "selected": true, "text": first, "value": first }),
                );
                m.insert("description".into(), description.clone().into());
                m.insert("hide".into(), 0.into());
                m.insert("includeAll".into(), false.into());
                m.insert("label".into(), label.clone().into());
                m.insert("multi".into(), false.into());
                m.insert("name".into(), name.clone().into());
                m.insert("options".into(), Value::Array(options));
                m.insert("query".into(), values.join(",").into());
                m.insert("skipUrlSync".into(), false.into());
                m.insert("type".into(), "custom".into());
            }
        }
        Value::Object(m)
    }
}
