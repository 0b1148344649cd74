//! The plugin's own metrics, served through `Diagnostics.CollectMetrics` in Prometheus text format (Grafana
//! exposes them at `/metrics/plugins/tumulte-scaling-datasource`).
//!
//! - `grafana_plugin_request_total{endpoint, status}`: gRPC calls by endpoint (`queryData`, `checkHealth`,
//!   `callResource`, `collectMetrics`: [`Endpoint`]) and status (`ok`, `error`, `panic`: [`Outcome`]).
//! - `grafana_plugin_query_duration_seconds{kind}`: a histogram of the time to answer one query, by kind.
//! - `grafana_plugin_queries_total{kind, origin}`: queries answered (or failed), by kind and by what asked:
//!   `dashboard` or `alerting` (Grafana's alert evaluations, header `FromAlert`: [`crate::context::Origin`]).
//! - `grafana_plugin_prometheus_errors_total{kind}`: failed calls to Prometheus, by kind (`unreachable`,
//!   `timeout`, `credentials`, `status`, `garbage`, `badQuery`, `execution`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

use crate::context::Origin;

/// Upper bounds of the duration histogram, in seconds.
pub const BUCKETS: [f64; 12] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

/// A gRPC endpoint the plugin serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `Data.QueryData`.
    QueryData,
    /// `Diagnostics.CheckHealth`.
    CheckHealth,
    /// `Diagnostics.CollectMetrics`.
    CollectMetrics,
    /// `Resource.CallResource`.
    CallResource,
}

impl Endpoint {
    /// Its name, as the `endpoint` label and the logs write it.
    pub const fn name(self) -> &'static str {
        match self {
            Endpoint::QueryData => "queryData",
            Endpoint::CheckHealth => "checkHealth",
            Endpoint::CollectMetrics => "collectMetrics",
            Endpoint::CallResource => "callResource",
        }
    }
}

/// How a gRPC call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It answered.
    Ok,
    /// It answered with an error status.
    Error,
    /// It panicked (the panic was caught and answered as `INTERNAL`).
    Panic,
}

impl Outcome {
    /// Its name, as the `status` label writes it.
    pub const fn name(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Error => "error",
            Outcome::Panic => "panic",
        }
    }
}

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Debug, Default)]
struct Inner {
    requests: BTreeMap<(&'static str, &'static str), u64>,
    durations: BTreeMap<&'static str, Histogram>,
    prometheus_errors: BTreeMap<&'static str, u64>,
    queries: BTreeMap<(&'static str, &'static str), u64>,
}

/// The counters, shared by every service.
#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

impl Metrics {
    fn with<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        let mut guard = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut guard)
    }

    /// Counts a gRPC call.
    pub fn request(&self, endpoint: Endpoint, outcome: Outcome) {
        self.with(|m| *m.requests.entry((endpoint.name(), outcome.name())).or_default() += 1);
    }

    /// Records how long one query of `kind` took.
    pub fn query_duration(&self, kind: &'static str, took: Duration) {
        let secs = took.as_secs_f64();
        self.with(|m| {
            let h = m.durations.entry(kind).or_default();
            for (i, bound) in BUCKETS.iter().enumerate() {
                if secs <= *bound {
                    h.counts[i] += 1;
                }
            }
            h.count += 1;
            h.sum += secs;
        });
    }

    /// Counts a query of `kind` (`unknown` when it did not parse) from `origin`.
    pub fn query(&self, kind: &'static str, origin: Origin) {
        self.with(|m| *m.queries.entry((kind, origin.name())).or_default() += 1);
    }

    /// Counts a failed call to Prometheus.
    pub fn prometheus_error(&self, kind: &'static str) {
        self.with(|m| *m.prometheus_errors.entry(kind).or_default() += 1);
    }

    /// The metrics in Prometheus text exposition format.
    pub fn render(&self) -> String {
        self.with(|m| {
            let mut out = String::new();
            out.push_str("# HELP grafana_plugin_request_total gRPC calls from Grafana, by endpoint and status.\n");
            out.push_str("# TYPE grafana_plugin_request_total counter\n");
            for ((endpoint, status), n) in &m.requests {
                let _ = writeln!(
                    out,
                    "grafana_plugin_request_total{{endpoint=\"{endpoint}\",status=\"{status}\"}} {n}"
                );
            }
            out.push_str("# HELP grafana_plugin_query_duration_seconds Time to answer one query, by kind.\n");
            out.push_str("# TYPE grafana_plugin_query_duration_seconds histogram\n");
            for (kind, h) in &m.durations {
                for (bound, count) in BUCKETS.iter().zip(h.counts) {
                    let _ = writeln!(
                        out,
                        "grafana_plugin_query_duration_seconds_bucket{{kind=\"{kind}\",le=\"{bound}\"}} {count}"
                    );
                }
                let _ = writeln!(
                    out,
                    "grafana_plugin_query_duration_seconds_bucket{{kind=\"{kind}\",le=\"+Inf\"}} {}",
                    h.count
                );
                let _ = writeln!(
                    out,
                    "grafana_plugin_query_duration_seconds_sum{{kind=\"{kind}\"}} {}",
                    h.sum
                );
                let _ = writeln!(
                    out,
                    "grafana_plugin_query_duration_seconds_count{{kind=\"{kind}\"}} {}",
                    h.count
                );
            }
            out.push_str("# HELP grafana_plugin_prometheus_errors_total Failed calls to Prometheus, by kind.\n");
            out.push_str("# TYPE grafana_plugin_prometheus_errors_total counter\n");
            for (kind, n) in &m.prometheus_errors {
                let _ = writeln!(out, "grafana_plugin_prometheus_errors_total{{kind=\"{kind}\"}} {n}");
            }
            out.push_str(
                "# HELP grafana_plugin_queries_total Queries answered, by kind and origin (dashboard, alerting).\n",
            );
            out.push_str("# TYPE grafana_plugin_queries_total counter\n");
            for ((kind, origin), n) in &m.queries {
                let _ = writeln!(
                    out,
                    "grafana_plugin_queries_total{{kind=\"{kind}\",origin=\"{origin}\"}} {n}"
                );
            }
            out
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_histograms() {
        let m = Metrics::default();
        m.request(Endpoint::QueryData, Outcome::Ok);
        m.request(Endpoint::QueryData, Outcome::Ok);
        m.query_duration("promql", Duration::from_millis(20));
        m.prometheus_error("timeout");
        let text = m.render();
        assert!(text.contains("grafana_plugin_request_total{endpoint=\"queryData\",status=\"ok\"} 2\n"));
        assert!(text.contains("grafana_plugin_query_duration_seconds_bucket{kind=\"promql\",le=\"0.025\"} 1\n"));
        assert!(text.contains("grafana_plugin_query_duration_seconds_bucket{kind=\"promql\",le=\"0.01\"} 0\n"));
        assert!(text.contains("grafana_plugin_prometheus_errors_total{kind=\"timeout\"} 1\n"));
    }

    #[test]
    fn queries_are_counted_by_kind_and_origin() {
        let m = Metrics::default();
        m.query("scalingVerdict", Origin::Alerting);
        m.query("scalingVerdict", Origin::Alerting);
        m.query("scalingVerdict", Origin::Dashboard);
        let text = m.render();
        assert!(text.contains("grafana_plugin_queries_total{kind=\"scalingVerdict\",origin=\"alerting\"} 2\n"));
        assert!(text.contains("grafana_plugin_queries_total{kind=\"scalingVerdict\",origin=\"dashboard\"} 1\n"));
    }
}
