//! Queries ("targets") a panel runs: Prometheus PromQL, or a query of Tumulte's scaling plugin.

use serde::Serialize;
use serde_json::{Map, Value};

use super::datasource::DataSourceRef;
use crate::tumulte::query::ScalingQuery;

/// How Prometheus returns a query to Grafana.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PromFormat {
    /// One series per label set.
    TimeSeries,
    /// One row per series (instant queries in tables).
    Table,
}

/// A Prometheus target (`prometheus.jsonschema.json`'s dataquery).
#[derive(Debug, Clone, PartialEq)]
pub struct PrometheusTarget {
    /// The data source (normally the `${datasource}` variable).
    pub datasource: DataSourceRef,
    /// PromQL, with Grafana macros such as `$__rate_interval`.
    pub expr: String,
    /// Series name template, e.g. `{{route}} {{status_code}}`.
    pub legend_format: Option<String>,
    /// An instant query (last value only) rather than a range query.
    pub instant: bool,
    /// Time series or table.
    pub format: PromFormat,
    /// Assigned by the dashboard builder unless set.
    pub ref_id: Option<String>,
}

/// A target of Tumulte's scaling data source plugin.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalingTarget {
    /// The plugin data source.
    pub datasource: DataSourceRef,
    /// What to compute.
    pub query: ScalingQuery,
    /// Assigned by the dashboard builder unless set.
    pub ref_id: Option<String>,
}

/// A panel query.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// PromQL against Prometheus.
    Prometheus(PrometheusTarget),
    /// A computed query of the scaling plugin.
    Scaling(ScalingTarget),
}

impl Target {
    /// The refId, once assigned.
    pub fn ref_id(&self) -> Option<&str> {
        match self {
            Target::Prometheus(t) => t.ref_id.as_deref(),
            Target::Scaling(t) => t.ref_id.as_deref(),
        }
    }

    /// Sets the refId.
    pub fn set_ref_id(&mut self, ref_id: String) {
        match self {
            Target::Prometheus(t) => t.ref_id = Some(ref_id),
            Target::Scaling(t) => t.ref_id = Some(ref_id),
        }
    }

    /// The data source it queries.
    pub fn datasource(&self) -> &DataSourceRef {
        match self {
            Target::Prometheus(t) => &t.datasource,
            Target::Scaling(t) => &t.datasource,
        }
    }

    /// The target as Grafana stores it.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        let datasource = serde_json::to_value(self.datasource()).unwrap_or(Value::Null);
        match self {
            Target::Prometheus(t) => {
                m.insert("datasource".into(), datasource);
                m.insert("editorMode".into(), "code".into());
                m.insert("expr".into(), t.expr.clone().into());
                m.insert("format".into(), serde_json::to_value(t.format).unwrap_or(Value::Null));
                m.insert("instant".into(), t.instant.into());
                if let Some(legend) = &t.legend_format {
                    m.insert("legendFormat".into(), legend.clone().into());
                }
                m.insert("range".into(), (!t.instant).into());
                m.insert("refId".into(), t.ref_id.clone().unwrap_or_default().into());
            }
            Target::Scaling(t) => {
                m.insert("datasource".into(), datasource);
                if let Ok(Value::Object(query)) = serde_json::to_value(&t.query) {
                    m.extend(query);
                }
                m.insert("refId".into(), t.ref_id.clone().unwrap_or_default().into());
            }
        }
        Value::Object(m)
    }
}
