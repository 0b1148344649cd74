//! Data frames as Grafana's data-plane contract wants them, and their Arrow IPC encoding.
//!
//! A [`Frame`] has a name, the query's `refId`, a [`Meta`] (data-plane `type` with `typeVersion` `[0, 1]`,
//! `executedQueryString`, notices) and [`Field`]s. A field carries both its `labels` and its `config`, each as
//! JSON in the Arrow field's metadata (the SDK 0.5.0 drops the labels when there is a config; this does not).

mod arrow;
pub mod series;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use tumulte_policy::Level;

pub use self::arrow::{encode, EncodeError};

/// The data-plane frame types this plugin emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FrameType {
    /// One frame: a time field, then one numeric field per series (labels on each).
    #[serde(rename = "timeseries-wide")]
    TimeseriesWide,
    /// One frame of one row: one numeric field per series (labels on each).
    #[serde(rename = "numeric-wide")]
    NumericWide,
    /// A table.
    #[serde(rename = "table")]
    Table,
}

/// How loud a [`Notice`] is, as Grafana's data frame notices name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    /// How loud it is.
    pub severity: Severity,
    /// The text.
    pub text: String,
}

/// A frame's `meta`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// The data-plane type.
    #[serde(rename = "type")]
    pub kind: FrameType,
    /// The data-plane type version, `[0, 1]`.
    pub type_version: [u32; 2],
    /// The PromQL, shown by the query inspector.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub executed_query_string: Option<String>,
    /// Notices shown on the panel.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<Notice>,
    /// Plugin-specific facts (e.g. the step used).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom: Option<Custom>,
}

/// A frame's `meta.custom`: what the plugin adds to Grafana's meta.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged, rename_all_fields = "camelCase")]
pub enum Custom {
    /// A range query's: the step of its grid.
    Range {
        /// Seconds between points.
        step_seconds: i64,
    },
    /// A verdict table's: the overall level.
    Verdict {
        /// The worst level of any signal.
        overall: Level,
    },
}

impl Meta {
    /// The meta of a frame of `kind`, version `[0, 1]`.
    pub fn new(kind: FrameType) -> Self {
        Meta {
            kind,
            type_version: [0, 1],
            executed_query_string: None,
            notices: Vec::new(),
            custom: None,
        }
    }

    /// With the executed PromQL.
    pub fn executed(mut self, query: impl Into<String>) -> Self {
        self.executed_query_string = Some(query.into());
        self
    }
}

/// A column's values.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Times in milliseconds since the epoch, never null (encoded as nanosecond timestamps).
    Time(Vec<i64>),
    /// Floats; `None` is null.
    F64(Vec<Option<f64>>),
    /// Integers; `None` is null.
    I64(Vec<Option<i64>>),
    /// Strings; `None` is null.
    Str(Vec<Option<String>>),
}

impl Values {
    /// The number of rows.
    pub fn len(&self) -> usize {
        match self {
            Values::Time(v) => v.len(),
            Values::F64(v) => v.len(),
            Values::I64(v) => v.len(),
            Values::Str(v) => v.len(),
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
        meta.custom = Some(Custom::Range { step_seconds: 15 });
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
        let custom = Custom::Verdict {
            overall: Level::Critical,
        };
        assert_eq!(
            serde_json::to_value(custom).expect("serialises"),
            json!({"overall": Level::Critical.name()})
        );
    }
}
