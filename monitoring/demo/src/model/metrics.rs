//! The simulated backend's metric families, registered with `prometheus-client` under their catalog names
//! ([`tumulte_policy::catalog`]) with the catalog's type, help and labels, and their exposition.
//!
//! The exposition is the Prometheus text format 0.0.4 — what Tumulte's `prom-client` serves — so counters are
//! named `…_total` in `# TYPE` lines and `le` values are written as Go and JavaScript write them (`0.5`, `1`,
//! `+Inf`). The demo and the real backend give the same series.

use prometheus_client::encoding::prometheus_text;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use tumulte_policy::catalog::{self as catalog, Metric, MetricType};

use super::latency::LATENCY_BUCKETS;
use super::routes::{CACHES, ROUTES, SERVER_ERROR};
use crate::Error;

/// `Content-Type` of the exposition (Prometheus text format 0.0.4).
pub const CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;

/// The name to register a catalog family under: `prometheus-client` appends `_total` to counters itself.
pub fn registered_name(metric: &Metric) -> &'static str {
    match metric.kind {
        MetricType::Counter => metric.name.strip_suffix("_total").unwrap_or(metric.name),
        MetricType::Gauge | MetricType::Histogram => metric.name,
    }
}

type Labels = Vec<(&'static str, &'static str)>;

/// The catalog's label names of `metric`, paired in order with `values`.
fn labels(metric: &Metric, values: &[&'static str]) -> Labels {
    debug_assert_eq!(metric.labels.len(), values.len(), "labels of {}", metric.name);
    metric.labels.iter().copied().zip(values.iter().copied()).collect()
}

fn register(registry: &mut Registry, metric: &Metric, value: impl prometheus_client::registry::Metric) {
    // The registry appends a full stop to the help text; the catalog's has one already.
    registry.register(registered_name(metric), metric.help.trim_end_matches('.'), value);
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// How a request was answered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Outcome {
    Success,
    ClientError,
    ServerError,
}

/// The counter and histogram of one (route, status code).
#[derive(Debug)]
pub(crate) struct RequestSeries {
    /// Index in [`ROUTES`].
    pub route: usize,
    pub outcome: Outcome,
    pub requests: Counter,
    pub duration: Histogram,
}

/// Every family, registered; every series exists from the start (zero until used).
#[derive(Debug)]
pub(crate) struct Metrics {
    pub registry: Registry,
    pub requests: Vec<RequestSeries>,
    pub websockets: Gauge,
    pub polls_launched: Counter,
    pub polls_active: Gauge,
    pub votes: Counter,
    pub db_active: Gauge,
    pub db_idle: Gauge,
    /// (hits, misses) of each of [`CACHES`].
    pub cache: Vec<(Counter, Counter)>,
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::default();

        let http_requests = Family::<Labels, Counter>::default();
        let http_duration = Family::<Labels, Histogram>::new_with_constructor(latency_histogram as fn() -> Histogram);
        let mut requests = Vec::new();
        for (i, route) in ROUTES.iter().enumerate() {
            for status in route.statuses() {
                let values = [route.method, route.path, status];
                let outcome = if status == route.success {
                    Outcome::Success
                } else if status == SERVER_ERROR {
                    Outcome::ServerError
                } else {
                    Outcome::ClientError
                };
                requests.push(RequestSeries {
                    route: i,
                    outcome,
                    requests: http_requests.get_or_create_owned(&labels(&catalog::HTTP_REQUESTS, &values)),
                    duration: http_duration.get_or_create_owned(&labels(&catalog::HTTP_REQUEST_DURATION, &values)),
                });
            }
        }
        let cache_hits = Family::<Labels, Counter>::default();
        let cache_misses = Family::<Labels, Counter>::default();
        let cache = CACHES
            .iter()
            .map(|(name, _)| {
                (
                    cache_hits.get_or_create_owned(&labels(&catalog::CACHE_HITS, &[name])),
                    cache_misses.get_or_create_owned(&labels(&catalog::CACHE_MISSES, &[name])),
                )
            })
            .collect();
        let (websockets, polls_active, db_active, db_idle) =
            (Gauge::default(), Gauge::default(), Gauge::default(), Gauge::default());
        let (polls_launched, votes) = (Counter::default(), Counter::default());

        // Catalog order.
        register(&mut registry, &catalog::HTTP_REQUESTS, http_requests);
        register(&mut registry, &catalog::HTTP_REQUEST_DURATION, http_duration);
        register(&mut registry, &catalog::WEBSOCKET_CONNECTIONS, websockets.clone());
        register(&mut registry, &catalog::POLLS_LAUNCHED, polls_launched.clone());
        register(&mut registry, &catalog::POLLS_ACTIVE, polls_active.clone());
        register(&mut registry, &catalog::VOTES_RECEIVED, votes.clone());
        register(&mut registry, &catalog::DB_CONNECTIONS_ACTIVE, db_active.clone());
        register(&mut registry, &catalog::DB_CONNECTIONS_IDLE, db_idle.clone());
        register(&mut registry, &catalog::CACHE_HITS, cache_hits);
        register(&mut registry, &catalog::CACHE_MISSES, cache_misses);

        Metrics {
            registry,
            requests,
            websockets,
            polls_launched,
            polls_active,
            votes,
            db_active,
            db_idle,
            cache,
        }
    }

    /// The exposition, Prometheus text format 0.0.4 ([`CONTENT_TYPE`]).
    pub fn encode(&self) -> Result<String, Error> {
        let mut out = String::new();
        prometheus_text::encode(&mut out, &self.registry).map_err(|_| Error::Encode)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Simulation;
    use crate::scenario::{Scenario, Thresholds};
    use crate::Error;

    #[test]
    fn counters_are_registered_without_total_and_exposed_with_it() -> Result<(), Error> {
        let thresholds = Thresholds::tumulte_defaults().expect("Tumulte's defaults have every threshold");
        let text = Simulation::new(Scenario::Calm, 1, thresholds).exposition()?;
        assert!(text.contains("# TYPE tumulte_http_requests_total counter\n"));
        assert!(text.contains("# TYPE tumulte_websocket_connections_total gauge\n"));
        assert!(!text.contains("_total_total"));
        assert!(text.contains("le=\"0.5\"") && text.contains("le=\"1\"") && text.contains("le=\"+Inf\""));
        Ok(())
    }
}
