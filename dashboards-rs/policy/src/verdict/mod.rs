//! The verdict engine: signal values in, levels and advice out. Pure: no I/O, no clock.
//!
//! The plugin and `dash verdict` feed it the values they read from Prometheus with [`queries`] (taken as
//! [`reading`] and [`sustained_reading`] say); the WebAssembly build feeds it values a user typed. All get the
//! same answer because this is the only implementation.

use std::collections::BTreeMap;

use serde::Serialize;

pub use crate::level::Level;
use crate::policy::Policy;
use crate::signal::{Signal, SignalId, Step};

/// What the engine refuses, naming the signal and the fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VerdictError {
    /// A signal of the scaling table has no entry at all (use `None` for "no data").
    #[error("signal {key} is missing: give a number, or null when there is no data")]
    Missing {
        /// The signal's key.
        key: &'static str,
    },
    /// NaN or infinite.
    #[error("signal {key} is {value}: give a finite number, or null when there is no data")]
    NotFinite {
        /// The signal's key.
        key: &'static str,
        /// The value given.
        value: f64,
    },
    /// Below zero, which none of these quantities can be.
    #[error("signal {key} is {value}, below zero: it is a {what}, give 0 or more")]
    Negative {
        /// The signal's key.
        key: &'static str,
        /// The value given.
        value: f64,
        /// What kind of quantity it is.
        what: &'static str,
    },
    /// A key that names no signal.
    #[error("unknown signal {key:?}: expected one of {expected}")]
    Unknown {
        /// The key given.
        key: String,
        /// The known keys.
        expected: String,
    },
}

/// The verdict on one signal.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignalVerdict {
    /// Which signal.
    pub signal: SignalId,
    /// Its name for people.
    pub name: String,
    /// The sustained value, in `unit`; `None` when there was no data.
    pub value: Option<f64>,
    /// Grafana unit id of the value.
    pub unit: String,
    /// The warning threshold, if the scaling table has one.
    pub warning: Option<f64>,
    /// The critical threshold, if the scaling table has one.
    pub critical: Option<f64>,
    /// The info threshold, if the scaling table has one.
    pub info: Option<f64>,
    /// The level reached.
    pub level: Level,
    /// What the scaling table advises at that level ("No action" when ok, "No data" without a value).
    pub action: String,
}

/// The verdict on every signal of the scaling table, and overall.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// One entry per signal, in the scaling table's order.
    pub signals: Vec<SignalVerdict>,
    /// The worst level among the signals.
    pub overall: Level,
    /// The action of the worst signal (the first one, on a tie).
    pub action: String,
}

/// Signal values, by signal. `None` means Prometheus had no data for it.
pub type Readings = BTreeMap<SignalId, Option<f64>>;

/// The level and action of one signal at one value.
pub fn judge(signal: &Signal, value: Option<f64>) -> Result<(Level, String), VerdictError> {
    Ok(match (value, crossed(signal, value)?) {
        (None, _) => (Level::Ok, "No data".into()),
        (Some(_), Some(step)) => (step.level, step.action.clone()),
        (Some(_), None) => (Level::Ok, "No action".into()),
    })
}

/// The level of one signal at one value, as [`judge`] decides it, without the action: a verdict timeline judges
/// every signal at every point of its grid, and needs nothing allocated per point.
pub fn level(signal: &Signal, value: Option<f64>) -> Result<Level, VerdictError> {
    Ok(crossed(signal, value)?.map_or(Level::Ok, |step| step.level))
}

/// The worst step of the scaling table that `value` crosses: `None` without data or when it crosses none; an
/// error for a value no signal can take.
fn crossed(signal: &Signal, value: Option<f64>) -> Result<Option<&Step>, VerdictError> {
    let key = signal.id.key();
    let Some(value) = value else {
        return Ok(None);
    };
    if !value.is_finite() {
        return Err(VerdictError::NotFinite { key, value });
    }
    if value < 0.0 {
        let what = if signal.unit.symbol() == "%" {
            "percentage"
        } else {
            "non-negative quantity"
        };
        return Err(VerdictError::Negative { key, value, what });
    }
    Ok(signal
        .steps
        .iter()
        .filter(|step| signal.direction.crosses(value, step.value))
        .max_by_key(|step| step.level))
}

/// Evaluates every signal of the policy's scaling table.
pub fn evaluate(policy: &Policy, readings: &Readings) -> Result<Verdict, VerdictError> {
    let mut signals = Vec::new();
    for signal in policy.scaling_signals() {
        let value = *readings
            .get(&signal.id)
            .ok_or(VerdictError::Missing { key: signal.id.key() })?;
        let (level, action) = judge(signal, value)?;
        let at = |l: Level| signal.step(l).map(|s| s.value);
        signals.push(SignalVerdict {
            signal: signal.id,
            name: signal.name.clone(),
            value,
            unit: signal.unit.id().to_owned(),
            warning: at(Level::Warning),
            critical: at(Level::Critical),
            info: at(Level::Info),
            level,
            action,
        });
    }
    let worst = signals.iter().fold(None::<&SignalVerdict>, |acc, s| match acc {
        Some(a) if a.level >= s.level => Some(a),
        _ => Some(s),
    });
    let (overall, action) = match worst {
        Some(s) if s.level > Level::Ok => (s.level, format!("{}: {}", s.name, s.action)),
        _ => (Level::Ok, "No action".into()),
    };
    Ok(Verdict {
        signals,
        overall,
        action,
    })
}

/// One instant query of a verdict: a signal of the scaling table and the PromQL of its sustained value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignalQuery {
    /// Which signal.
    pub signal: SignalId,
    /// Its [`Signal::sustained_expr`] for the policy's DB pool size.
    pub expr: String,
}

/// The instant queries of a verdict, one per signal of the scaling table, in its order.
pub fn queries(policy: &Policy) -> Vec<SignalQuery> {
    policy
        .scaling_signals()
        .map(|s| SignalQuery {
            signal: s.id,
            expr: s.sustained_expr(policy.db_pool_size),
        })
        .collect()
}

/// A sample as the engine takes it: no data for NaN/±Inf; a percentage that rate extrapolation pushed just
/// below zero counts as zero.
pub fn reading(value: f64) -> Option<f64> {
    value.is_finite().then_some(value.max(0.0))
}

/// A signal's reading from the samples its sustained query answered (one per series): the largest reading,
/// `None` when no sample is a number. The query already took the worst across series, so there is one sample
/// unless Prometheus answers otherwise.
pub fn sustained_reading(samples: impl IntoIterator<Item = f64>) -> Option<f64> {
    samples.into_iter().filter_map(reading).reduce(f64::max)
}

/// Reads signal values keyed by their JSON key (`{"cpuUsage": 75, "latencyP95": null}`), as the WebAssembly
/// build and the plugin's `/verdict` resource receive them.
pub fn readings_from_keys<'a>(
    values: impl IntoIterator<Item = (&'a str, Option<f64>)>,
) -> Result<Readings, VerdictError> {
    let mut readings = Readings::new();
    for (key, value) in values {
        let id = SignalId::from_key(key).ok_or_else(|| VerdictError::Unknown {
            key: key.to_owned(),
            expected: SignalId::ALL.map(SignalId::key).join(", "),
        })?;
        readings.insert(id, value);
    }
    Ok(readings)
}

#[cfg(test)]
mod tests;
