//! The simulated backend advanced in fixed ticks of simulated time with seeded randomness: traffic on each
//! route, latency, DB pool, WebSockets, polls and caches, written into its [`metrics`](super::metrics).

use prometheus_client::registry::Registry;

use super::latency::SIGMA;
use super::metrics::{Metrics, Outcome};
use super::params::Params;
use super::routes::{Effect, CACHES, ROUTES};
use crate::rng::Rng;
use crate::scenario::{Scenario, Thresholds};
use crate::Error;

/// The live server's tick, in simulated seconds.
pub const LIVE_TICK_SECONDS: f64 = 0.25;

/// Time constant with which the signals follow a change of scenario, simulated seconds.
const SMOOTHING_SECONDS: f64 = 40.0;
/// Correlation time of the gauges' wobble, simulated seconds.
const WOBBLE_SECONDS: f64 = 20.0;
/// Cache look-ups per API request.
const LOOKUPS_PER_REQUEST: f64 = 1.5;
/// How long a poll runs, simulated seconds (uniform).
const POLL_SECONDS: (f64, f64) = (60.0, 180.0);

/// The simulated backend and its metrics.
#[derive(Debug)]
pub struct Simulation {
    metrics: Metrics,
    rng: Rng,
    thresholds: Thresholds,
    scenario: Scenario,
    target: Params,
    params: Params,
    wobble: [f64; 2],
    polls: Vec<f64>,
    tick: f64,
    ticks: u64,
}

impl Simulation {
    /// A backend that has just started in `scenario`, with the live tick ([`LIVE_TICK_SECONDS`]).
    pub fn new(scenario: Scenario, seed: u64, thresholds: Thresholds) -> Self {
        Simulation::with_tick(scenario, seed, thresholds, LIVE_TICK_SECONDS)
    }

    /// As [`Simulation::new`], advancing `tick` simulated seconds at a time (clamped to 1 ms … 15 s).
    pub fn with_tick(scenario: Scenario, seed: u64, thresholds: Thresholds, tick: f64) -> Self {
        let target = Params::of(scenario, &thresholds);
        let mut sim = Simulation {
            metrics: Metrics::new(),
            rng: Rng::new(seed),
            thresholds,
            scenario,
            target,
            params: target,
            wobble: [0.0; 2],
            polls: Vec::new(),
            tick: tick.clamp(0.001, 15.0),
            ticks: 0,
        };
        sim.set_gauges();
        sim
    }

    /// The scenario it is in.
    pub fn scenario(&self) -> Scenario {
        self.scenario
    }

    /// Moves to another scenario; the signals follow within a minute or two of simulated time.
    pub fn set_scenario(&mut self, scenario: Scenario) {
        self.scenario = scenario;
        self.target = Params::of(scenario, &self.thresholds);
    }

    /// The thresholds its scenarios are placed against.
    pub fn thresholds(&self) -> &Thresholds {
        &self.thresholds
    }

    /// Simulated seconds since it started.
    pub fn elapsed(&self) -> f64 {
        self.ticks as f64 * self.tick
    }

    /// Runs every whole tick up to `elapsed` simulated seconds since the start (never backwards).
    pub fn advance_to(&mut self, elapsed: f64) {
        while (self.ticks + 1) as f64 * self.tick <= elapsed + 1e-9 {
            self.step();
            self.ticks += 1;
        }
    }

    /// The `prometheus-client` registry holding the metrics.
    pub fn registry(&self) -> &Registry {
        &self.metrics.registry
    }

    /// The exposition, Prometheus text format 0.0.4 ([`CONTENT_TYPE`](super::CONTENT_TYPE)).
    pub fn exposition(&self) -> Result<String, Error> {
        self.metrics.encode()
    }

    fn step(&mut self) {
        let dt = self.tick;
        let now = self.elapsed() + dt;
        self.params.blend(&self.target, 1.0 - (-dt / SMOOTHING_SECONDS).exp());
        let p = self.params;
        let m = &self.metrics;

        let mut api_requests = 0u64;
        for series in &m.requests {
            let route = &ROUTES[series.route];
            let client_share = route.client_error.map_or(0.0, |(_, share)| share);
            let server_share = if route.can_fail { p.server_error_share } else { 0.0 };
            let share = match series.outcome {
                Outcome::Success => (1.0 - client_share - server_share).max(0.0),
                Outcome::ClientError => client_share,
                Outcome::ServerError => server_share,
            };
            let n = self.rng.poisson(p.rates[series.route] * share * dt);
            if n == 0 {
                continue;
            }
            series.requests.inc_by(n);
            let median = route.median_seconds * p.load;
            for _ in 0..n {
                series.duration.observe(median * (SIGMA * self.rng.normal()).exp());
            }
            if route.can_fail {
                api_requests += n;
            }
            if series.outcome == Outcome::Success {
                match route.effect {
                    Effect::None => {}
                    Effect::Vote => {
                        m.votes.inc_by(n);
                    }
                    Effect::LaunchPoll => {
                        m.polls_launched.inc_by(n);
                        for _ in 0..n {
                            let length = POLL_SECONDS.0 + (POLL_SECONDS.1 - POLL_SECONDS.0) * self.rng.uniform();
                            self.polls.push(now + length);
                        }
                    }
                }
            }
        }
        self.polls.retain(|&end| end > now);

        let lookups = api_requests as f64 * LOOKUPS_PER_REQUEST;
        for ((hits, misses), (_, share)) in m.cache.iter().zip(CACHES) {
            hits.inc_by(self.rng.poisson(lookups * share * p.hit_ratio));
            misses.inc_by(self.rng.poisson(lookups * share * (1.0 - p.hit_ratio)));
        }

        let rho = (-dt / WOBBLE_SECONDS).exp();
        for w in &mut self.wobble {
            *w = rho * *w + (1.0 - rho * rho).sqrt() * self.rng.normal();
        }
        self.set_gauges();
    }

    fn set_gauges(&mut self) {
        let p = self.params;
        let m = &self.metrics;
        let [u0, u1] = self.wobble.map(|w| (w / 1.5).clamp(-1.0, 1.0));
        let pool = i64::from(self.thresholds.pool_size);
        let active = ((p.db_active + p.db_jitter * u1).round() as i64).clamp(0, pool);
        m.websockets
            .set(((p.websockets * (1.0 + 0.05 * u0)).round() as i64).max(0));
        m.db_active.set(active);
        m.db_idle.set((p.db_idle.round() as i64).clamp(0, pool - active));
        m.polls_active.set(self.polls.len() as i64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_exposition() -> Result<(), Error> {
        let run = || -> Result<String, Error> {
            let thresholds = Thresholds::tumulte_defaults()?;
            let mut sim = Simulation::new(Scenario::Busy, 42, thresholds);
            sim.advance_to(60.0);
            sim.exposition()
        };
        let (a, b) = (run()?, run()?);
        let sorted = |s: &str| {
            let mut lines: Vec<_> = s.lines().map(str::to_owned).collect();
            lines.sort();
            lines
        };
        assert_eq!(sorted(&a), sorted(&b));
        Ok(())
    }
}
