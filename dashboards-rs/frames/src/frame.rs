//! The data frame model of Grafana's data-plane contract.
//!
//! A [`Frame`] has a name, the query's `refId`, a [`Meta`] (data-plane `type` with `typeVersion`,
//! `executedQueryString`, notices, anything else Grafana's meta holds) and [`Field`]s. A field carries both its
//! `labels` and its `config` (Grafana's Rust SDK 0.5.0 drops the labels when there is a config; this does not).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::floats::Floats;
use crate::times::Times;

/// A data-plane frame type (Grafana's `data.FrameType`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FrameType {
    /// One frame: a time field, then one numeric field per series (labels on each).
    #[serde(rename = "timeseries-wide")]
    TimeseriesWide,
    /// One frame per series: a time field and one numeric field.
    #[serde(rename = "timeseries-multi")]
    TimeseriesMulti,
    /// A time field, string fields for the dimensions, numeric fields for the values.
    #[serde(rename = "timeseries-long")]
    TimeseriesLong,
    /// One frame of one row: one numeric field per series (labels on each).
    #[serde(rename = "numeric-wide")]
    NumericWide,
    /// One frame per series, of one numeric field of one row.
    #[serde(rename = "numeric-multi")]
    NumericMulti,
    /// String fields for the dimensions, numeric fields for the values.
    #[serde(rename = "numeric-long")]
    NumericLong,
    /// A table.
    #[serde(rename = "table")]
    Table,
    /// Any other type Grafana knows (`log-lines`, `heatmap-cells`, …), kept as written.
    #[serde(untagged)]
    Other(String),
}

/// How loud a [`Notice`] is, as Grafana's data frame notices name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// `info`.
    Info,
    /// `warning`.
    Warning,
    /// `error`.
    Error,
}

/// A notice shown on the panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// How loud it is.
    pub severity: Severity,
    /// The text.
    pub text: String,
}

/// A frame's `meta`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// The data-plane type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<FrameType>,
    /// The data-plane type version; Grafana reads a missing one as `[0, 0]`.
    #[serde(default, skip_serializing_if = "is_unversioned")]
    pub type_version: [u32; 2],
    /// The query as the data source ran it, shown by the query inspector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executed_query_string: Option<String>,
    /// Notices shown on the panel.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<Notice>,
    /// What the data source adds to Grafana's meta.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Value>,
    /// Every other key of Grafana's meta (`preferredVisualisationType`, `stats`, …), kept as written.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

fn is_unversioned(version: &[u32; 2]) -> bool {
    *version == [0, 0]
}

impl Meta {
    /// The meta of a frame of `kind`, version `[0, 1]`.
    pub fn new(kind: FrameType) -> Self {
        Meta {
            kind: Some(kind),
            type_version: [0, 1],
            ..Meta::default()
        }
    }

    /// With the executed query.
    pub fn executed(mut self, query: impl Into<String>) -> Self {
        self.executed_query_string = Some(query.into());
        self
    }
}

/// A column's values.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Times, never null: milliseconds since the epoch, held as the nanoseconds Arrow sends.
    Time(Times),
    /// Floats, laid out as Arrow lays them out.
    F64(Floats),
    /// Integers; `None` is null.
    I64(Vec<Option<i64>>),
    /// Strings; `None` is null.
    Str(Vec<Option<String>>),
    /// Booleans; `None` is null.
    Bool(Vec<Option<bool>>),
}

impl Values {
    /// The number of rows.
    pub fn len(&self) -> usize {
        match self {
            Values::Time(v) => v.len(),
            Values::F64(v) => v.len(),
            Values::I64(v) => v.len(),
            Values::Str(v) => v.len(),
            Values::Bool(v) => v.len(),
        }
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A column.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Its name.
    pub name: String,
    /// Its values.
    pub values: Values,
    /// Its labels (series identity).
    pub labels: BTreeMap<String, String>,
    /// Its config (`unit`, `displayNameFromDS`, `min`, `max`, `mappings`, …), if any.
    pub config: Option<Value>,
}

impl Field {
    /// A field without labels or config.
    pub fn new(name: impl Into<String>, values: Values) -> Self {
        Field {
            name: name.into(),
            values,
            labels: BTreeMap::new(),
            config: None,
        }
    }

    /// With labels.
    pub fn labels(mut self, labels: BTreeMap<String, String>) -> Self {
        self.labels = labels;
        self
    }

    /// With a config.
    pub fn config(mut self, config: Value) -> Self {
        self.config = Some(config);
        self
    }
}

/// A data frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// Its name.
    pub name: String,
    /// The query's refId.
    pub ref_id: String,
    /// Its meta.
    pub meta: Meta,
    /// Its columns, all of one length.
    pub fields: Vec<Field>,
}

impl Frame {
    /// An empty frame of `kind` ("no data", still typed for the data plane).
    pub fn empty(name: impl Into<String>, ref_id: impl Into<String>, meta: Meta) -> Self {
        Frame {
            name: name.into(),
            ref_id: ref_id.into(),
            meta,
            fields: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn meta_writes_grafanas_names() {
        let mut meta = Meta::new(FrameType::TimeseriesWide).executed("up");
        meta.custom = Some(json!({"stepSeconds": 15}));
        meta.notices.push(Notice {
            severity: Severity::Warning,
            text: "partial".into(),
        });
        assert_eq!(
            serde_json::to_value(&meta).expect("serialises"),
            json!({
                "type": "timeseries-wide",
                "typeVersion": [0, 1],
                "executedQueryString": "up",
                "notices": [{"severity": "warning", "text": "partial"}],
                "custom": {"stepSeconds": 15}
            })
        );
    }

    #[test]
    fn meta_keeps_what_it_does_not_model() {
        let written =
            json!({"type": "log-lines", "preferredVisualisationType": "logs", "stats": [{"displayName": "n"}]});
        let meta: Meta = serde_json::from_value(written.clone()).expect("parses");
        assert_eq!(meta.kind, Some(FrameType::Other("log-lines".into())));
        assert_eq!(serde_json::to_value(&meta).expect("serialises"), written);
    }
}
