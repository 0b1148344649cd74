//! Scenarios, the thresholds they are placed against, and timelines of scenarios.
//!
//! Every target is a multiple of a threshold read from a [`Policy`] (Tumulte's defaults, `Policy::default()`,
//! unless told otherwise), never a number of its own: change "p95 > 500 ms" in `Policy::default()` and the
//! scenarios move with it.

use std::fmt;
use std::str::FromStr;

use tumulte_policy::Level;
use tumulte_policy::{Condition, Policy, SignalId};

use crate::Error;

/// What the simulated backend is going through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scenario {
    /// Low traffic: every signal well below its thresholds.
    Calm,
    /// A big stream voting: p95 between the warning and critical latency, DB pool past its warning, WebSockets
    /// past the per-instance info step; errors still below the alert.
    Busy,
    /// More than the backend can take: p95 past the critical latency, 5xx past the error alert, pool saturated.
    Overload,
    /// The backend is down: `/metrics` and `/health` answer 503, so Prometheus records `up == 0`.
    Outage,
}

impl Scenario {
    /// Every scenario, mildest first.
    pub const ALL: [Scenario; 4] = [Scenario::Calm, Scenario::Busy, Scenario::Overload, Scenario::Outage];

    /// Its name on the command line and in `POST /scenario/<name>`.
    pub const fn name(self) -> &'static str {
        match self {
            Scenario::Calm => "calm",
            Scenario::Busy => "busy",
            Scenario::Overload => "overload",
            Scenario::Outage => "outage",
        }
    }

    /// Whether the backend answers (`false` only for [`Scenario::Outage`]).
    pub const fn is_up(self) -> bool {
        !matches!(self, Scenario::Outage)
    }

    /// The values this scenario steers the signals towards, placed against `thresholds`.
    pub fn targets(self, t: &Thresholds) -> Targets {
        let pool = f64::from(t.pool_size);
        match self {
            Scenario::Calm => Targets {
                p95_seconds: 0.3 * t.latency_warning,
                error_ratio: 0.02 * t.error_ratio,
                db_active: 0.25 * pool,
                db_jitter: 0.14 * pool,
                db_idle: 3.0,
                websockets: 0.15 * t.websockets,
                cache_hit_ratio: 0.95,
            },
            Scenario::Busy => Targets {
                p95_seconds: 0.5 * (t.latency_warning + t.latency_critical),
                error_ratio: 0.2 * t.error_ratio,
                // Half-way between the warning and a full pool; the jitter never rounds it onto either.
                db_active: 0.5 * (t.pool_warning_percent / 100.0 + 1.0) * pool,
                db_jitter: 0.45,
                db_idle: 1.0,
                websockets: 1.3 * t.websockets,
                cache_hit_ratio: 0.9,
            },
            Scenario::Overload => Targets {
                p95_seconds: 2.0 * t.latency_critical,
                error_ratio: 2.0 * t.error_ratio,
                // Above the pool size: clamped to it, so the pool reads saturated whatever the jitter.
                db_active: pool + 1.0,
                db_jitter: 0.45,
                db_idle: 0.0,
                websockets: 2.2 * t.websockets,
                cache_hit_ratio: 0.75,
            },
            Scenario::Outage => Targets {
                p95_seconds: 0.3 * t.latency_warning,
                error_ratio: 0.0,
                db_active: 0.0,
                db_jitter: 0.0,
                db_idle: 0.0,
                websockets: 0.0,
                cache_hit_ratio: 0.95,
            },
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Scenario {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Scenario::ALL
            .into_iter()
            .find(|sc| sc.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Error::UnknownScenario(s.to_owned()))
    }
}

/// What a scenario steers the simulation towards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Targets {
    /// The true 95th percentile of request latency, in seconds (the histogram's estimate is close to it).
    pub p95_seconds: f64,
    /// The share of all requests answered 5xx.
    pub error_ratio: f64,
    /// Mean DB connections in use (clamped to the pool size).
    pub db_active: f64,
    /// How far the connections in use wander from the mean, at most.
    pub db_jitter: f64,
    /// DB connections open and idle (at most what the pool has left).
    pub db_idle: f64,
    /// Open WebSockets on the instance.
    pub websockets: f64,
    /// Share of cache look-ups that hit.
    pub cache_hit_ratio: f64,
}

/// The thresholds of the policy that the scenarios are placed against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// p95 latency warning step, seconds (Tumulte's default: 0.5).
    pub latency_warning: f64,
    /// p95 latency critical step, seconds (Tumulte's default: 1).
    pub latency_critical: f64,
    /// 5xx ratio of the error-rate alert (Tumulte's default: 0.05).
    pub error_ratio: f64,
    /// DB pool usage warning step, percent (Tumulte's default: 80).
    pub pool_warning_percent: f64,
    /// DB pool size, connections (Tumulte's default: 10).
    pub pool_size: u32,
    /// WebSockets per instance info step (Tumulte's default: 500).
    pub websockets: f64,
}

impl Thresholds {
    /// Reads the thresholds from a policy; fails if the policy lacks one of them.
    pub fn from_policy(policy: &Policy) -> Result<Self, Error> {
        let step = |id: SignalId, level: Level| {
            policy
                .signal(id)
                .step(level)
                .map(|s| s.value)
                .ok_or_else(|| Error::Policy(format!("no {level:?} step on {}", id.key())))
        };
        let error_ratio = policy
            .alerts
            .iter()
            .find_map(|a| match a.condition {
                Condition::Signal {
                    signal: SignalId::ErrorRate,
                    bound,
                } => policy.bound_value(SignalId::ErrorRate, bound),
                _ => None,
            })
            .ok_or_else(|| Error::Policy("no alert on the error rate".into()))?;
        Ok(Thresholds {
            latency_warning: step(SignalId::LatencyP95, Level::Warning)?,
            latency_critical: step(SignalId::LatencyP95, Level::Critical)?,
            error_ratio,
            pool_warning_percent: step(SignalId::DbPoolUsage, Level::Warning)?,
            pool_size: policy.db_pool_size,
            websockets: step(SignalId::WebsocketsPerInstance, Level::Info)?,
        })
    }

    /// The thresholds of Tumulte's defaults (`Policy::default()`).
    pub fn tumulte_defaults() -> Result<Self, Error> {
        Thresholds::from_policy(&Policy::default())
    }
}

/// Scenarios one after the other, e.g. `calm:3h,busy:2h,overload:1h`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    segments: Vec<(Scenario, u64)>,
}

impl Timeline {
    /// One scenario for ever.
    pub fn constant(scenario: Scenario) -> Self {
        Timeline {
            segments: vec![(scenario, u64::MAX)],
        }
    }

    /// The segments, as (scenario, seconds).
    pub fn segments(&self) -> &[(Scenario, u64)] {
        &self.segments
    }

    /// The sum of the segments' durations, in seconds (saturating for a constant timeline).
    pub fn total_seconds(&self) -> u64 {
        self.segments.iter().fold(0u64, |acc, (_, d)| acc.saturating_add(*d))
    }

    /// The scenario `offset` seconds after the start; past the end, the last segment goes on.
    pub fn scenario_at(&self, offset: f64) -> Scenario {
        let mut end = 0.0;
        for (scenario, duration) in &self.segments {
            end += *duration as f64;
            if offset < end {
                return *scenario;
            }
        }
        self.segments.last().map_or(Scenario::Calm, |(s, _)| *s)
    }
}

impl FromStr for Timeline {
    type Err = Error;

    /// `scenario:duration[,scenario:duration…]`, durations as `90s`, `30m` or `3h`.
    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = |why: &str| Error::Timeline(format!("{s:?}: {why}"));
        let mut segments = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, duration) = part.split_once(':').ok_or_else(|| bad("expected scenario:duration"))?;
            let duration = duration.trim();
            let (number, unit) = duration.split_at(duration.len().saturating_sub(1));
            let factor = match unit {
                "s" => 1.0,
                "m" => 60.0,
                "h" => 3600.0,
                _ => return Err(bad("durations end in s, m or h")),
            };
            let number: f64 = number.parse().map_err(|_| bad("bad duration"))?;
            let seconds = (number * factor).round();
            if !seconds.is_finite() || seconds < 1.0 {
                return Err(bad("durations must be positive"));
            }
            segments.push((name.parse()?, seconds as u64));
        }
        if segments.is_empty() {
            return Err(bad("no segment"));
        }
        Ok(Timeline { segments })
    }
}

impl fmt::Display for Timeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (scenario, seconds)) in self.segments.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            if *seconds == u64::MAX {
                write!(f, "{scenario}")?;
            } else {
                write!(f, "{scenario}:{seconds}s")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenarios_parse_by_name() {
        for s in Scenario::ALL {
            assert_eq!(s.name().parse::<Scenario>().ok(), Some(s));
        }
        assert!("panic".parse::<Scenario>().is_err());
    }

    #[test]
    fn tumulte_defaults_are_the_scaling_table_and_the_alert_table() -> Result<(), Error> {
        let t = Thresholds::tumulte_defaults()?;
        assert_eq!((t.latency_warning, t.latency_critical, t.error_ratio), (0.5, 1.0, 0.05));
        assert_eq!((t.pool_warning_percent, t.pool_size, t.websockets), (80.0, 10, 500.0));
        Ok(())
    }

    #[test]
    fn timeline_parses_and_locates() -> Result<(), Error> {
        let t: Timeline = "calm:3h, busy:90m,overload:30s".parse()?;
        assert_eq!(
            t.segments(),
            &[
                (Scenario::Calm, 10_800),
                (Scenario::Busy, 5_400),
                (Scenario::Overload, 30)
            ]
        );
        assert_eq!(t.total_seconds(), 16_230);
        assert_eq!(t.scenario_at(0.0), Scenario::Calm);
        assert_eq!(t.scenario_at(10_800.0), Scenario::Busy);
        assert_eq!(t.scenario_at(1e9), Scenario::Overload);
        assert!("calm".parse::<Timeline>().is_err());
        assert!("calm:3d".parse::<Timeline>().is_err());
        assert!("calm:0m".parse::<Timeline>().is_err());
        Ok(())
    }
}
