//! References to data sources, as panels and targets carry them.

use serde::Serialize;

/// `{"type": …, "uid": …}`: a data source by plugin type and uid (or `${variable}`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct DataSourceRef {
    /// The data source plugin id (`prometheus`, `grafana-testdata-datasource`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// The uid, or a `${variable}` reference.
    pub uid: String,
}

impl DataSourceRef {
    /// A data source of this plugin type chosen by a dashboard variable (`${name}`).
    pub fn variable(kind: &str, variable: &str) -> Self {
        DataSourceRef {
            kind: kind.into(),
            uid: format!("${{{variable}}}"),
        }
    }

    /// A data source by its fixed uid.
    pub fn uid(kind: &str, uid: &str) -> Self {
        DataSourceRef {
            kind: kind.into(),
            uid: uid.into(),
        }
    }

    /// Grafana's pseudo data source that lets each target name its own.
    pub fn mixed() -> Self {
        DataSourceRef {
            kind: "datasource".into(),
            uid: "-- Mixed --".into(),
        }
    }

    /// Grafana's built-in annotation source.
    pub fn grafana() -> Self {
        DataSourceRef {
            kind: "grafana".into(),
            uid: "-- Grafana --".into(),
        }
    }
}
