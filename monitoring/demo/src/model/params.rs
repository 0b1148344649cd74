//! The continuous state a scenario pulls the simulation towards: route rates, load factor, error share, gauges,
//! cache hit ratio; the simulation follows a change of scenario by blending towards the new one.

use super::latency::{components, mixture_quantile};
use super::routes::ROUTES;
use crate::scenario::{Scenario, Thresholds};

/// Where a scenario steers every signal, for the thresholds its targets are placed against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Params {
    pub rates: [f64; ROUTES.len()],
    pub load: f64,
    pub server_error_share: f64,
    pub websockets: f64,
    pub db_active: f64,
    pub db_jitter: f64,
    pub db_idle: f64,
    pub hit_ratio: f64,
}

impl Params {
    pub fn of(scenario: Scenario, thresholds: &Thresholds) -> Params {
        let targets = scenario.targets(thresholds);
        let rates = ROUTES.map(|r| r.rate(scenario));
        // The outage has no traffic; its latency is calm's, for the requests that follow a recovery.
        let shape = if scenario.is_up() { scenario } else { Scenario::Calm };
        let load = targets.p95_seconds / mixture_quantile(0.95, &components(shape, 1.0));
        let total: f64 = rates.iter().sum();
        let failing: f64 = ROUTES
            .iter()
            .zip(rates)
            .filter(|(r, _)| r.can_fail)
            .map(|(_, x)| x)
            .sum();
        let server_error_share = if failing > 0.0 {
            (targets.error_ratio * total / failing).min(1.0)
        } else {
            0.0
        };
        Params {
            rates,
            load,
            server_error_share,
            websockets: targets.websockets,
            db_active: targets.db_active,
            db_jitter: targets.db_jitter,
            db_idle: targets.db_idle,
            hit_ratio: targets.cache_hit_ratio,
        }
    }

    /// Moves every value the share `alpha` of the way towards `target`'s.
    pub fn blend(&mut self, target: &Params, alpha: f64) {
        let mix = |a: &mut f64, b: f64| *a += (b - *a) * alpha;
        for (a, b) in self.rates.iter_mut().zip(target.rates) {
            mix(a, b);
        }
        mix(&mut self.load, target.load);
        mix(&mut self.server_error_share, target.server_error_share);
        mix(&mut self.websockets, target.websockets);
        mix(&mut self.db_active, target.db_active);
        mix(&mut self.db_jitter, target.db_jitter);
        mix(&mut self.db_idle, target.db_idle);
        mix(&mut self.hit_ratio, target.hit_ratio);
    }
}
