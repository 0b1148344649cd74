//! The simulated backend: routes, traffic, latency, DB pool, WebSockets, polls and caches, advanced in fixed
//! ticks of simulated time with seeded randomness, and exposed through `prometheus-client`.
//!
//! Every family is registered under its catalog name ([`tumulte_policy::catalog`]) with the
//! catalog's type, help and labels. The exposition is the Prometheus text format 0.0.4 — what Tumulte's
//! `prom-client` serves — so counters are named `…_total` in `# TYPE` lines and `le` values are written as Go
//! and JavaScript write them (`0.5`, `1`, `+Inf`). The demo and the real backend give the same series.

use prometheus_client::encoding::prometheus_text;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use tumulte_policy::catalog::{self as catalog, Metric, MetricType};

use crate::rng::Rng;
use crate::scenario::{Scenario, Targets, Thresholds};
use crate::Error;

/// Upper bounds of the request-duration histogram, seconds: `prom-client`'s defaults plus 0.75, so the p95
/// is resolved on both sides of the 0.5 s warning and the 1 s critical step.
pub const LATENCY_BUCKETS: [f64; 12] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 10.0];

/// `Content-Type` of the exposition (Prometheus text format 0.0.4).
pub const CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;

/// The live server's tick, in simulated seconds.
pub const LIVE_TICK_SECONDS: f64 = 0.25;

/// Caches, with their share of look-ups.
pub const CACHES: [(&str, f64); 3] = [("polls", 0.5), ("sessions", 0.35), ("streamers", 0.15)];

/// `status_code` of a server error.
pub const SERVER_ERROR: &str = "500";

/// Spread of each route's latency (σ of its log-normal).
const SIGMA: f64 = 0.7;
/// Time constant with which the signals follow a change of scenario, simulated seconds.
const SMOOTHING_SECONDS: f64 = 40.0;
/// Correlation time of the gauges' wobble, simulated seconds.
const WOBBLE_SECONDS: f64 = 20.0;
/// Cache look-ups per API request.
const LOOKUPS_PER_REQUEST: f64 = 1.5;
/// How long a poll runs, simulated seconds (uniform).
const POLL_SECONDS: (f64, f64) = (60.0, 180.0);

/// What a successful request does besides answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing.
    None,
    /// Counts a vote.
    Vote,
    /// Launches a poll.
    LaunchPoll,
}

/// A route of the simulated backend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Route {
    /// `method` label.
    pub method: &'static str,
    /// `route` label (the AdonisJS route pattern).
    pub path: &'static str,
    /// Median latency with no load, seconds (scaled by the scenario's load factor).
    pub median_seconds: f64,
    /// `status_code` of a success.
    pub success: &'static str,
    /// `status_code` and share of the client error it can answer, if any.
    pub client_error: Option<(&'static str, f64)>,
    /// Whether it can answer [`SERVER_ERROR`] (the health check never does while the process is up).
    pub can_fail: bool,
    /// What a success does.
    pub effect: Effect,
    /// Requests per second in calm, busy and overload.
    pub rates: [f64; 3],
}

impl Route {
    /// Requests per second in a scenario.
    pub fn rate(&self, scenario: Scenario) -> f64 {
        match scenario {
            Scenario::Calm => self.rates[0],
            Scenario::Busy => self.rates[1],
            Scenario::Overload => self.rates[2],
            Scenario::Outage => 0.0,
        }
    }

    /// Every `status_code` it can answer.
    pub fn statuses(&self) -> Vec<&'static str> {
        let mut out = vec![self.success];
        out.extend(self.client_error.map(|(code, _)| code));
        if self.can_fail {
            out.push(SERVER_ERROR);
        }
        out
    }
}

/// The simulated routes.
pub const ROUTES: [Route; 6] = [
    Route {
        method: "GET",
        path: "/health",
        median_seconds: 0.002,
        success: "200",
        client_error: None,
        can_fail: false,
        effect: Effect::None,
        rates: [1.0, 1.0, 1.0],
    },
    Route {
        method: "GET",
        path: "/api/polls",
        median_seconds: 0.03,
        success: "200",
        client_error: None,
        can_fail: true,
        effect: Effect::None,
        rates: [4.0, 15.0, 25.0],
    },
    Route {
        method: "POST",
        path: "/api/polls",
        median_seconds: 0.06,
        success: "201",
        client_error: Some(("422", 0.04)),
        can_fail: true,
        effect: Effect::LaunchPoll,
        rates: [0.01, 0.05, 0.06],
    },
    Route {
        method: "POST",
        path: "/api/votes",
        median_seconds: 0.02,
        success: "201",
        client_error: Some(("409", 0.02)),
        can_fail: true,
        effect: Effect::Vote,
        rates: [3.0, 40.0, 80.0],
    },
    Route {
        method: "GET",
        path: "/api/auth/twitch",
        median_seconds: 0.08,
        success: "302",
        client_error: None,
        can_fail: true,
        effect: Effect::None,
        rates: [0.2, 1.0, 1.5],
    },
    Route {
        method: "GET",
        path: "/api/auth/twitch/callback",
        median_seconds: 0.25,
        success: "302",
        client_error: Some(("401", 0.03)),
        can_fail: true,
        effect: Effect::None,
        rates: [0.15, 0.8, 1.2],
    },
];

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

#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Success,
    ClientError,
    ServerError,
}

#[derive(Debug)]
struct RequestSeries {
    route: usize,
    outcome: Outcome,
    requests: Counter,
    duration: Histogram,
}

/// The continuous state a scenario pulls the simulation towards.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Params {
    rates: [f64; ROUTES.len()],
    load: f64,
    server_error_share: f64,
    websockets: f64,
    db_active: f64,
    db_jitter: f64,
    db_idle: f64,
    hit_ratio: f64,
}

impl Params {
    fn of(scenario: Scenario, thresholds: &Thresholds) -> Params {
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

    fn blend(&mut self, target: &Params, alpha: f64) {
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

/// The latency mixture of a scenario: (weight, median) of each route, at load factor `load`.
fn components(scenario: Scenario, load: f64) -> Vec<(f64, f64)> {
    ROUTES
        .iter()
        .map(|r| (r.rate(scenario), r.median_seconds * load))
        .collect()
}

/// `erfc`, Numerical Recipes' Chebyshev fit (relative error below 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98 + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// Share of a latency mixture at or below `x` seconds.
fn mixture_cdf(x: f64, components: &[(f64, f64)]) -> f64 {
    let total: f64 = components.iter().map(|(w, _)| w).sum();
    if total <= 0.0 || x <= 0.0 {
        return 0.0;
    }
    let cdf = |median: f64| 0.5 * erfc(-(x / median).ln() / (SIGMA * std::f64::consts::SQRT_2));
    components.iter().map(|(w, m)| w * cdf(*m)).sum::<f64>() / total
}

/// The `q` quantile of a latency mixture, seconds (bisection on the logarithm).
fn mixture_quantile(q: f64, components: &[(f64, f64)]) -> f64 {
    let (mut lo, mut hi) = (1e-7f64.ln(), 1e4f64.ln());
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mixture_cdf(mid.exp(), components) < q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (0.5 * (lo + hi)).exp()
}

/// Prometheus' `histogram_quantile` on one histogram: `bounds` are the finite upper bounds in order,
/// `cumulative` the matching cumulative counts followed by the `+Inf` count. NaN without observations.
pub fn histogram_quantile(q: f64, bounds: &[f64], cumulative: &[f64]) -> f64 {
    let Some(&total) = cumulative.last() else {
        return f64::NAN;
    };
    if total <= 0.0 || cumulative.len() != bounds.len() + 1 {
        return f64::NAN;
    }
    let rank = q * total;
    let b = cumulative[..bounds.len()]
        .iter()
        .position(|&c| c >= rank)
        .unwrap_or(bounds.len());
    if b == bounds.len() {
        return bounds.last().copied().unwrap_or(f64::NAN);
    }
    let (start, below) = if b == 0 {
        (0.0, 0.0)
    } else {
        (bounds[b - 1], cumulative[b - 1])
    };
    let in_bucket = cumulative[b] - below;
    start + (bounds[b] - start) * (rank - below) / in_bucket
}

/// What a scenario's signals settle at, computed from the model without simulating.
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

/// The simulated backend and its metrics.
#[derive(Debug)]
pub struct Simulation {
    registry: Registry,
    requests: Vec<RequestSeries>,
    websockets: Gauge,
    polls_launched: Counter,
    polls_active: Gauge,
    votes: Counter,
    db_active: Gauge,
    db_idle: Gauge,
    cache: Vec<(Counter, Counter)>,
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

        let target = Params::of(scenario, &thresholds);
        let mut sim = Simulation {
            registry,
            requests,
            websockets,
            polls_launched,
            polls_active,
            votes,
            db_active,
            db_idle,
            cache,
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
        &self.registry
    }

    /// The exposition, Prometheus text format 0.0.4 ([`CONTENT_TYPE`]).
    pub fn exposition(&self) -> Result<String, Error> {
        let mut out = String::new();
        prometheus_text::encode(&mut out, &self.registry).map_err(|_| Error::Encode)?;
        Ok(out)
    }

    fn step(&mut self) {
        let dt = self.tick;
        let now = self.elapsed() + dt;
        self.params.blend(&self.target, 1.0 - (-dt / SMOOTHING_SECONDS).exp());
        let p = self.params;

        let mut api_requests = 0u64;
        for series in &self.requests {
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
                        self.votes.inc_by(n);
                    }
                    Effect::LaunchPoll => {
                        self.polls_launched.inc_by(n);
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
        for ((hits, misses), (_, share)) in self.cache.iter().zip(CACHES) {
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
        let [u0, u1] = self.wobble.map(|w| (w / 1.5).clamp(-1.0, 1.0));
        let pool = i64::from(self.thresholds.pool_size);
        let active = ((p.db_active + p.db_jitter * u1).round() as i64).clamp(0, pool);
        self.websockets
            .set(((p.websockets * (1.0 + 0.05 * u0)).round() as i64).max(0));
        self.db_active.set(active);
        self.db_idle.set((p.db_idle.round() as i64).clamp(0, pool - active));
        self.polls_active.set(self.polls.len() as i64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed_thresholds() -> Thresholds {
        Thresholds::seed().expect("the seed policy has every threshold")
    }

    #[test]
    fn erfc_matches_known_values() {
        for (x, want) in [
            (0.0, 1.0),
            (0.5, 0.479_500_122),
            (1.0, 0.157_299_207),
            (-1.0, 1.842_700_793),
        ] {
            assert!((erfc(x) - want).abs() < 1e-6, "erfc({x}) = {}", erfc(x));
        }
    }

    #[test]
    fn load_factor_puts_the_true_p95_on_target() {
        let t = seed_thresholds();
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

    #[test]
    fn histogram_quantile_interpolates_like_prometheus() {
        let bounds = [0.5, 1.0];
        // 100 observations: 50 ≤ 0.5, 40 in (0.5, 1], 10 above.
        assert!((histogram_quantile(0.5, &bounds, &[50.0, 90.0, 100.0]) - 0.5).abs() < 1e-12);
        assert!((histogram_quantile(0.7, &bounds, &[50.0, 90.0, 100.0]) - 0.75).abs() < 1e-12);
        assert_eq!(histogram_quantile(0.95, &bounds, &[50.0, 90.0, 100.0]), 1.0);
        assert!(histogram_quantile(0.95, &bounds, &[0.0, 0.0, 0.0]).is_nan());
    }

    #[test]
    fn same_seed_same_exposition() -> Result<(), Error> {
        let run = || -> Result<String, Error> {
            let mut sim = Simulation::new(Scenario::Busy, 42, seed_thresholds());
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

    #[test]
    fn counters_are_registered_without_total_and_exposed_with_it() -> Result<(), Error> {
        let text = Simulation::new(Scenario::Calm, 1, seed_thresholds()).exposition()?;
        assert!(text.contains("# TYPE tumulte_http_requests_total counter\n"));
        assert!(text.contains("# TYPE tumulte_websocket_connections_total gauge\n"));
        assert!(!text.contains("_total_total"));
        assert!(text.contains("le=\"0.5\"") && text.contains("le=\"1\"") && text.contains("le=\"+Inf\""));
        Ok(())
    }
}
