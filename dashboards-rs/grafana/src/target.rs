//! Queries ("targets") a panel runs: Prometheus PromQL, or the query of any other data source plugin.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::datasource::DataSourceRef;
use crate::Extra;

/// How Prometheus returns a query to Grafana.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "snake_case")]
pub enum PromFormat {
    /// One series per label set.
    #[default]
    TimeSeries,
    /// One row per series (instant queries in tables).
    Table,
    /// Buckets for a heatmap.
    Heatmap,
}

/// How the query was written in Grafana's editor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum EditorMode {
    /// As PromQL text.
    #[default]
    Code,
    /// With the query builder.
    Builder,
}

/// A Prometheus target (`prometheus.jsonschema.json`'s dataquery).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct PrometheusTarget {
    /// The data source (normally the `${datasource}` variable); absent, the panel's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasource: Option<DataSourceRef>,
    /// How the query was written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub editor_mode: Option<EditorMode>,
    /// Whether exemplars are queried too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exemplar: Option<bool>,
    /// PromQL, with Grafana macros such as `$__rate_interval`.
    pub expr: String,
    /// Time series, table or heatmap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<PromFormat>,
    /// Whether the query is disabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide: Option<bool>,
    /// An instant query (last value only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instant: Option<bool>,
    /// Minimum step (e.g. `1m`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    /// Series name template, e.g. `{{route}} {{status_code}}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legend_format: Option<String>,
    /// A range query.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<bool>,
    /// The query's id within its panel; assigned by the dashboard builder unless set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ref_id: Option<String>,
    /// Keys this crate does not model (`intervalFactor`, `step`, …), kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PrometheusTarget {
    /// A range query of `expr` on `datasource`, as time series, without a legend, in code mode.
    pub fn new(datasource: DataSourceRef, expr: impl Into<String>) -> Self {
        PrometheusTarget {
            datasource: Some(datasource),
            editor_mode: Some(EditorMode::Code),
            expr: expr.into(),
            format: Some(PromFormat::TimeSeries),
            instant: Some(false),
            range: Some(true),
            ..PrometheusTarget::default()
        }
    }

    /// With a series name template (`{{job}}`); an empty one is left out.
    pub fn legend(mut self, legend: &str) -> Self {
        self.legend_format = (!legend.is_empty()).then(|| legend.to_owned());
        self
    }

    /// As an instant query (last value only).
    pub fn instant(mut self) -> Self {
        self.instant = Some(true);
        self.range = Some(false);
        self
    }

    /// With this format.
    pub fn format(mut self, format: PromFormat) -> Self {
        self.format = Some(format);
        self
    }

    /// With a fixed refId.
    pub fn ref_id(mut self, ref_id: &str) -> Self {
        self.ref_id = Some(ref_id.into());
        self
    }

    /// Whether it asks for the last value only.
    pub fn is_instant(&self) -> bool {
        self.instant == Some(true)
    }
}

/// A target of any other data source plugin: its data source and the query fields the plugin reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct PluginTarget {
    /// The plugin's data source; absent, the panel's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasource: Option<DataSourceRef>,
    /// The plugin's own query fields.
    #[serde(flatten)]
    pub query: Map<String, Value>,
    /// The query's id within its panel; assigned by the dashboard builder unless set.
    #[serde(skip_serializing_if = "Option::is_none")]
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
            Value::Object(mut query) => {
                // A query field that repeats a key of the target itself is the target's, written once.
                query.remove("datasource");
                let ref_id = query.remove("refId").and_then(|r| r.as_str().map(str::to_owned));
                Ok(PluginTarget {
                    datasource: Some(datasource),
                    query,
                    ref_id,
                })
            }
            other => Err(PluginQueryError::NotAnObject(other)),
        }
    }
}

/// A panel query.
#[derive(Debug, Clone, PartialEq, Serialize, ToRust)]
#[serde(untagged)]
pub enum Target {
    /// PromQL against Prometheus.
    Prometheus(PrometheusTarget),
    /// A query of another data source plugin.
    Plugin(PluginTarget),
}

impl<'de> Deserialize<'de> for Target {
    /// A target with a PromQL `expr` on a Prometheus data source (or on one the target does not name: the
    /// panel's, or an exported dashboard's `${DS_…}` input) reads as a [`PrometheusTarget`]; any other as a
    /// [`PluginTarget`].
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fields = Map::<String, Value>::deserialize(deserializer)?;
        let kind = fields
            .get("datasource")
            .and_then(|d| d.get("type"))
            .and_then(Value::as_str);
        let promql = fields.get("expr").is_some_and(Value::is_string) && kind.is_none_or(|k| k == "prometheus");
        let value = Value::Object(fields);
        if promql {
            if let Ok(target) = PrometheusTarget::deserialize(&value) {
                return Ok(Target::Prometheus(target));
            }
        }
        PluginTarget::deserialize(&value)
            .map(Target::Plugin)
            .map_err(serde::de::Error::custom)
    }
}

impl Target {
    /// The refId, once assigned.
    pub fn ref_id(&self) -> Option<&str> {
        match self {
            Target::Prometheus(t) => t.ref_id.as_deref(),
            Target::Plugin(t) => t.ref_id.as_deref(),
        }
    }

    /// Removes the refId (the builder then assigns one).
    pub fn clear_ref_id(&mut self) {
        match self {
            Target::Prometheus(t) => t.ref_id = None,
            Target::Plugin(t) => t.ref_id = None,
        }
    }

    /// Sets the refId.
    pub fn set_ref_id(&mut self, ref_id: String) {
        match self {
            Target::Prometheus(t) => t.ref_id = Some(ref_id),
            Target::Plugin(t) => t.ref_id = Some(ref_id),
        }
    }

    /// The data source it queries, when it names one.
    pub fn datasource(&self) -> Option<&DataSourceRef> {
        match self {
            Target::Prometheus(t) => t.datasource.as_ref(),
            Target::Plugin(t) => t.datasource.as_ref(),
        }
    }
}

/// Gives targets without a refId the first free letters A, B, C, … as Grafana does when it loads a panel, and
/// returns the refIds used twice.
pub fn assign_ref_ids(targets: &mut [Target]) -> Vec<String> {
    let mut used = std::collections::BTreeSet::new();
    let mut twice = Vec::new();
    for ref_id in targets.iter().filter_map(Target::ref_id) {
        if !used.insert(ref_id.to_owned()) {
            twice.push(ref_id.to_owned());
        }
    }
    let mut free = (0..).map(ref_id_name).filter(|name| !used.contains(name));
    for target in targets.iter_mut().filter(|t| t.ref_id().is_none()) {
        if let Some(name) = free.next() {
            target.set_ref_id(name);
        }
    }
    twice
}

/// The `n`th refId (from 0): A, B, …, Z, AA, AB, …, Grafana's own sequence.
pub fn ref_id_name(mut n: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
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
