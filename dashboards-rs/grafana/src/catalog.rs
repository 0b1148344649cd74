//! Metric catalogs: the metric families a dashboard or a rule file may read, typed.
//!
//! A caller that knows its metrics (their names and Prometheus types) hands a catalog to the linter, which then
//! reports a misspelt name (`unknown-metric`) and a counter read without `rate` (`target-counter-agg`). The
//! type, not the name's suffix, decides what is a counter: exporters do name gauges `…_total`.
//!
//! ```
//! use grafana_dashboards::catalog::{Metric, MetricType};
//!
//! const LATENCY: Metric = Metric::new("http_request_duration_seconds", MetricType::Histogram)
//!     .labels(&["route"])
//!     .help("Time to serve an HTTP request, in seconds.");
//! assert_eq!(LATENCY.bucket(), "http_request_duration_seconds_bucket");
//! assert!(LATENCY.is_counter_series("http_request_duration_seconds_count"));
//! ```

use std::fmt;

/// The Prometheus metric type of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricType {
    /// Monotonic; only meaningful inside `rate`, `irate` or `increase`.
    Counter,
    /// A value that goes up and down.
    Gauge,
    /// Buckets (`_bucket`, with `le`), `_sum` and `_count`.
    Histogram,
}

/// One metric family: its exposed name, type, labels (besides `job` and `instance`) and meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metric {
    /// The family name as exposed (for a histogram, without `_bucket`/`_sum`/`_count`).
    pub name: &'static str,
    /// Its Prometheus type.
    pub kind: MetricType,
    /// The labels the exporter sets, `le` excluded.
    pub labels: &'static [&'static str],
    /// What it measures, in a sentence.
    pub help: &'static str,
}

impl Metric {
    /// A family of `kind` called `name`, without labels or help.
    pub const fn new(name: &'static str, kind: MetricType) -> Self {
        Metric {
            name,
            kind,
            labels: &[],
            help: "",
        }
    }

    /// With the labels its exporter sets.
    pub const fn labels(mut self, labels: &'static [&'static str]) -> Self {
        self.labels = labels;
        self
    }

    /// With its help text.
    pub const fn help(mut self, help: &'static str) -> Self {
        self.help = help;
        self
    }

    /// `<name>_bucket`, for a histogram.
    pub fn bucket(&self) -> String {
        format!("{}_bucket", self.name)
    }

    /// `<name>_count`, for a histogram.
    pub fn count(&self) -> String {
        format!("{}_count", self.name)
    }

    /// `<name>_sum`, for a histogram.
    pub fn sum(&self) -> String {
        format!("{}_sum", self.name)
    }

    /// Every series name this family exposes.
    pub fn series_names(&self) -> Vec<String> {
        match self.kind {
            MetricType::Histogram => vec![self.bucket(), self.sum(), self.count()],
            MetricType::Counter | MetricType::Gauge => vec![self.name.to_owned()],
        }
    }

    /// Whether a series name is one of this family's counters (a counter, or a histogram's parts).
    pub fn is_counter_series(&self, series: &str) -> bool {
        match self.kind {
            MetricType::Counter => series == self.name,
            MetricType::Histogram => series != self.name && self.series_names().iter().any(|s| s == series),
            MetricType::Gauge => false,
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// The family in `catalog` that a series name belongs to (`…_bucket` resolves to its histogram).
pub fn lookup<'a>(catalog: &'a [Metric], series: &str) -> Option<&'a Metric> {
    catalog.iter().find(|m| m.series_names().iter().any(|s| s == series))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUESTS: Metric = Metric::new("http_requests_total", MetricType::Counter);
    const LATENCY: Metric = Metric::new("http_request_duration_seconds", MetricType::Histogram);
    const OPEN: Metric = Metric::new("connections_open_total", MetricType::Gauge);

    #[test]
    fn a_histogram_bucket_resolves_to_its_family() {
        let catalog = [REQUESTS, LATENCY];
        assert_eq!(lookup(&catalog, "http_request_duration_seconds_bucket"), Some(&LATENCY));
        assert_eq!(lookup(&catalog, "http_request_duration_seconds"), None);
    }

    #[test]
    fn a_gauge_named_total_is_not_a_counter() {
        assert!(!OPEN.is_counter_series("connections_open_total"));
        assert!(REQUESTS.is_counter_series("http_requests_total"));
        assert!(LATENCY.is_counter_series("http_request_duration_seconds_bucket"));
    }
}
