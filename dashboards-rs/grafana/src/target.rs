//! Queries ("targets") a panel runs: Prometheus PromQL, or the query of any other data source plugin.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::datasource::DataSourceRef;

/// How Prometheus returns a query to Grafana.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PromFormat {
    /// One series per label set.
    TimeSeries,
    /// One row per series (instant queries in tables).
    Table,
}

/// A Prometheus target (`prometheus.jsonschema.json`'s dataquery), written in code mode.
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

/// A Prometheus target as Grafana stores it: keys in Grafana's order, `range` the opposite of `instant`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PrometheusWire<'a> {
    datasource: &'a DataSourceRef,
    editor_mode: &'static str,
    expr: &'a str,
    format: PromFormat,
    instant: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    legend_format: Option<&'a str>,
    range: bool,
    ref_id: &'a str,
}

impl Serialize for PrometheusTarget {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        PrometheusWire {
            datasource: &self.datasource,
            editor_mode: "code",
            expr: &self.expr,
            format: self.format,
            instant: self.instant,
            legend_format: self.legend_format.as_deref(),
            range: !self.instant,
            ref_id: self.ref_id.as_deref().unwrap_or_default(),
        }
        .serialize(serializer)
    }
}

fn ref_id_or_empty<S: serde::Serializer>(ref_id: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(ref_id.as_deref().unwrap_or_default())
}

impl PrometheusTarget {
    /// A range query of `expr` on `datasource`, as time series, without a legend.
    pub fn new(datasource: DataSourceRef, expr: impl Into<String>) -> Self {
        PrometheusTarget {
            datasource,
            expr: expr.into(),
            legend_format: None,
            instant: false,
            format: PromFormat::TimeSeries,
            ref_id: None,
        }
    }

    /// With a series name template (`{{job}}`); an empty one is left out.
    pub fn legend(mut self, legend: &str) -> Self {
        self.legend_format = (!legend.is_empty()).then(|| legend.to_owned());
        self
    }

    /// As an instant query (last value only).
    pub fn instant(mut self) -> Self {
        self.instant = true;
        self
    }
}

/// A target of any other data source plugin: its data source and the query fields the plugin reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PluginTarget {
    /// The plugin's data source.
    pub datasource: DataSourceRef,
    /// The plugin's own query fields, written between `datasource` and `refId`.
    #[serde(flatten)]
    pub query: Map<String, Value>,
    /// Assigned by the dashboard builder unless set.
    #[serde(serialize_with = "ref_id_or_empty")]
    pub ref_id: Option<String>,
}

/// What can go wrong turning a typed plugin query into a target.
#[derive(Debug, thiserror::Error)]
pub enum PluginQueryError {
    /// The query serialises to something other than a JSON object.
    #[error("a plugin query must serialise to a JSON object of fields, not {0}")]
    NotAnObject(Value),
    /// The query does not serialise at all.
    #[error("the plugin query cannot be serialised: {0}")]
    Serialize(#[from] serde_json::Error),
}

impl PluginTarget {
    /// A target of `datasource` carrying `query`'s fields (a struct or a `kind`-tagged enum that serialises to an
    /// object).
    pub fn new(datasource: DataSourceRef, query: &impl Serialize) -> Result<Self, PluginQueryError> {
        match serde_json::to_value(query)? {
            Value::Object(query) => Ok(PluginTarget {
                datasource,
                query,
                ref_id: None,
            }),
            other => Err(PluginQueryError::NotAnObject(other)),
        }
    }
}

/// A panel query.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Target {
    /// PromQL against Prometheus.
    Prometheus(PrometheusTarget),
    /// A query of another data source plugin.
    Plugin(PluginTarget),
}

impl Target {
    /// The refId, once assigned.
    pub fn ref_id(&self) -> Option<&str> {
        match self {
            Target::Prometheus(t) => t.ref_id.as_deref(),
            Target::Plugin(t) => t.ref_id.as_deref(),
        }
    }

    /// Sets the refId.
    pub fn set_ref_id(&mut self, ref_id: String) {
        match self {
            Target::Prometheus(t) => t.ref_id = Some(ref_id),
            Target::Plugin(t) => t.ref_id = Some(ref_id),
        }
    }

    /// The data source it queries.
    pub fn datasource(&self) -> &DataSourceRef {
        match self {
            Target::Prometheus(t) => &t.datasource,
            Target::Plugin(t) => &t.datasource,
        }
    }
}

impl From<PrometheusTarget> for Target {
    fn from(target: PrometheusTarget) -> Self {
        Target::Prometheus(target)
    }
}

impl From<PluginTarget> for Target {
    fn from(target: PluginTarget) -> Self {
        Target::Plugin(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prometheus_target_is_written_in_code_mode_with_range_opposite_instant() {
        let target = PrometheusTarget::new(DataSourceRef::uid("prometheus", "p"), "up").legend("{{job}}");
        let json = serde_json::to_value(&target).expect("serialises");
        assert_eq!(json["editorMode"], "code");
        assert_eq!(
            (json["instant"].as_bool(), json["range"].as_bool()),
            (Some(false), Some(true))
        );
        let json = serde_json::to_value(target.instant()).expect("serialises");
        assert_eq!(
            (json["instant"].as_bool(), json["range"].as_bool()),
            (Some(true), Some(false))
        );
    }

    #[test]
    fn a_plugin_query_that_is_not_an_object_is_refused() {
        let err = PluginTarget::new(DataSourceRef::uid("x", "y"), &"text").expect_err("not an object");
        assert!(err.to_string().contains("JSON object"), "{err}");
    }
}
