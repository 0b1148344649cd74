//! What each scenario's signals settle at, computed from the model without simulating: what
//! `tumulte-demo scenarios` prints and what the tests hold the simulation to.

use super::latency::{components, histogram_quantile, mixture_cdf, mixture_quantile, LATENCY_BUCKETS};
use super::params::Params;
use crate::scenario::{Scenario, Targets, Thresholds};

/// What a scenario's signals settle at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Expected {
    /// Requests per second.
    pub request_rate: f64,
    /// True p95 latency, seconds.
    pub p95_seconds: f64,
    /// p95 as `histogram_quantile` estimates it from [`LATENCY_BUCKETS`], seconds.
    pub p95_histogram: f64,
    /// Share of requests answered 5xx.
    pub error_ratio: f64,
    /// DB connections in use, percent of the pool (mean).
    pub db_pool_percent: f64,
    /// Open WebSockets.
    pub websockets: f64,
    /// Cache hits, percent of look-ups.
    pub cache_hit_percent: f64,
}

/// The settled signals of `scenario` (all NaN or zero for the outage, which exposes nothing).
pub fn expected(scenario: Scenario, thresholds: &Thresholds) -> Expected {
    let p = Params::of(scenario, thresholds);
    let targets: Targets = scenario.targets(thresholds);
    let comps = components(scenario, p.load);
    let cumulative: Vec<f64> = LATENCY_BUCKETS
        .iter()
        .map(|&b| mixture_cdf(b, &comps))
        .chain(std::iter::once(1.0))
        .collect();
    let total: f64 = p.rates.iter().sum();
    let pool = f64::from(thresholds.pool_size);
    Expected {
        request_rate: total,
        p95_seconds: mixture_quantile(0.95, &comps),
        p95_histogram: histogram_quantile(0.95, &LATENCY_BUCKETS, &cumulative),
        error_ratio: if total > 0.0 { targets.error_ratio } else { f64::NAN },
        db_pool_percent: targets.db_active.clamp(0.0, pool) / pool * 100.0,
        websockets: targets.websockets,
        cache_hit_percent: targets.cache_hit_ratio * 100.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_factor_puts_the_true_p95_on_target() {
        let t = Thresholds::tumulte_defaults().expect("Tumulte's defaults have every threshold");
        for s in [Scenario::Calm, Scenario::Busy, Scenario::Overload] {
            let e = expected(s, &t);
            let want = s.targets(&t).p95_seconds;
            assert!(
                (e.p95_seconds - want).abs() < 1e-6 * want,
                "{s}: {} vs {want}",
                e.p95_seconds
            );
        }
    }
}
