//! `Diagnostics.CheckHealth` ("Save & test"): OK naming Prometheus's version and which signals have data now;
//! ERROR saying what is wrong and what to do when Prometheus is unreachable, refuses the credentials, is not
//! Prometheus, or holds no `tumulte_*` series.

use std::time::{SystemTime, UNIX_EPOCH};

use grafana_plugin_sdk::pluginv2::check_health_response::HealthStatus;
use serde::{Serialize, Serializer};
use tumulte_policy::catalog::CATALOG;
use tumulte_policy::SignalId;

use crate::instance::Instance;
use crate::prometheus::PromError;
use crate::query::verdict::readings_at;

/// The outcome of a health check.
#[derive(Debug, Clone, PartialEq)]
pub struct Health {
    /// OK or ERROR.
    pub status: HealthStatus,
    /// The message Grafana shows.
    pub message: String,
    /// `jsonDetails`, when the check got that far.
    pub details: Option<Details>,
}

/// `jsonDetails` of a successful check.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Details {
    /// Prometheus's version.
    pub prometheus_version: String,
    /// The `tumulte_*` metrics Prometheus holds.
    pub metrics: Vec<String>,
    /// Whether each signal of the scaling table has data now, in the table's order.
    #[serde(serialize_with = "as_map")]
    pub signals: Vec<(SignalId, bool)>,
}

fn as_map<S: Serializer>(pairs: &[(SignalId, bool)], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_map(pairs.iter().map(|(id, has)| (id, has)))
}

impl Health {
    /// An ERROR.
    pub fn error(message: impl Into<String>) -> Self {
        Health {
            status: HealthStatus::Error,
            message: message.into(),
            details: None,
        }
    }

    /// `jsonDetails` as Grafana reads it: the details, or `{}`.
    pub fn json_details(&self) -> Vec<u8> {
        self.details
            .as_ref()
            .and_then(|d| serde_json::to_vec(d).ok())
            .unwrap_or_else(|| b"{}".to_vec())
    }
}

/// The selector of every `tumulte_*` series the catalog knows.
pub fn tumulte_selector() -> String {
    let names: Vec<String> = CATALOG
        .iter()
        .filter(|m| m.name.starts_with("tumulte_"))
        .flat_map(|m| m.series_names())
        .collect();
    format!("{{__name__=~\"{}\"}}", names.join("|"))
}

fn now_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn explain(e: &PromError, url: &str) -> String {
    match e {
        PromError::Status { code: 404, .. } | PromError::Garbage { .. } => format!(
            "{url} is not Prometheus: it does not serve Prometheus's HTTP API (/api/v1/status/buildinfo: {e}). \
             Set the URL to Prometheus's root (e.g. http://prometheus:9090), or to the Prometheus-compatible \
             API's root (VictoriaMetrics, Thanos, Mimir's /prometheus)"
        ),
        other => other.to_string(),
    }
}

/// Checks the data source.
pub async fn check(instance: &Instance) -> Health {
    let prometheus = &instance.prometheus;
    let url = prometheus.url();
    let version = match prometheus.build_info().await {
        Ok(info) => info.version,
        Err(e) => return Health::error(explain(&e, url)),
    };
    let names = match prometheus.metric_names(&tumulte_selector()).await {
        Ok(names) => names,
        Err(e) => return Health::error(explain(&e, url)),
    };
    if names.is_empty() {
        return Health::error(format!(
            "Prometheus {version} at {url} answers, but holds no tumulte_* series: check that it scrapes \
             Tumulte's backend (scrape job tumulte-backend on the backend's /metrics) and that the target is UP \
             on Prometheus's /targets page"
        ));
    }
    let policy = &instance.settings.policy;
    let (readings, _) = match readings_at(prometheus, policy, now_seconds()).await {
        Ok(r) => r,
        Err(e) => return Health::error(explain(&e, url)),
    };
    let mut with = Vec::new();
    let mut without = Vec::new();
    let mut signals = Vec::new();
    for s in policy.scaling_signals() {
        let has = readings.get(&s.id).copied().flatten().is_some();
        signals.push((s.id, has));
        if has {
            with.push(s.name.as_str());
        } else {
            without.push(s.name.as_str());
        }
    }
    let mut message = format!(
        "Prometheus {version} at {url}: {} tumulte_* metrics. Signals with data now: {}",
        names.len(),
        if with.is_empty() {
            "none".to_owned()
        } else {
            with.join(", ")
        }
    );
    if !without.is_empty() {
        message.push_str(&format!(
            ". Without data now: {} (their exporters may be down, or there is no traffic)",
            without.join(", ")
        ));
    }
    Health {
        status: HealthStatus::Ok,
        message,
        details: Some(Details {
            prometheus_version: version,
            metrics: names,
            signals,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selector_names_the_catalogs_series() {
        let s = tumulte_selector();
        assert!(s.contains("tumulte_cache_hits_total"));
        assert!(s.contains("tumulte_http_request_duration_seconds_bucket"));
        assert!(promql_parser::parser::parse(&s).is_ok(), "{s}");
    }

    #[test]
    fn details_name_the_signals_in_order_and_an_error_has_none() {
        let health = Health {
            status: HealthStatus::Ok,
            message: String::new(),
            details: Some(Details {
                prometheus_version: "2.53.0".into(),
                metrics: vec!["tumulte_cache_hits_total".into()],
                signals: vec![(SignalId::MemoryUsage, false), (SignalId::CpuUsage, true)],
            }),
        };
        assert_eq!(
            String::from_utf8(health.json_details()).expect("utf-8"),
            r#"{"prometheusVersion":"2.53.0","metrics":["tumulte_cache_hits_total"],"signals":{"memoryUsage":false,"cpuUsage":true}}"#
        );
        assert_eq!(Health::error("down").json_details(), b"{}");
    }
}
