//! The policy: every signal and alert with the thresholds in force (Tumulte's defaults are in `defaults.rs`).
//!
//! The dashboard, the rule files, the plugin and the WebAssembly build all read one [`Policy`], so changing
//! "p95 > 500 ms" is a one-line change in [`Policy::default`].

use serde::Serialize;

use crate::alert::{AlertSpec, Bound, Condition};
use crate::level::Level;
use crate::signal::{Signal, SignalId};
use crate::slo::SloPolicy;
use crate::verdict_alert::VerdictAlert;

/// Every signal and alert, with the thresholds in force. The single source of every threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    /// The signals, one per [`SignalId`], in [`SignalId::ALL`] order (so a signal is found by its index).
    pub(crate) signals: Vec<Signal>,
    /// The alerts.
    pub alerts: Vec<AlertSpec>,
    /// The backend's DB pool size (AdonisJS Lucid's default `max` is 10).
    pub db_pool_size: u32,
    /// The service-level objectives and their burn-rate alerts.
    pub slo: SloPolicy,
    /// The scaling verdict as a Grafana-managed alert.
    pub verdict_alert: VerdictAlert,
}

/// A policy whose parts do not fit together.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PolicyError {
    /// An alert reads a scaling step the signal does not have.
    #[error(
        "alert {alert} reads the {level} step of {signal}, which has none: add that step to the scaling table, or \
         give the alert a value of its own (Bound::Value)"
    )]
    MissingStep {
        /// The alert.
        alert: String,
        /// The signal's key.
        signal: &'static str,
        /// The step it reads.
        level: Level,
    },
}

impl Policy {
    /// The signal `id`.
    pub fn signal(&self, id: SignalId) -> &Signal {
        &self.signals[id as usize]
    }

    /// The signal `id`, to change its steps.
    pub fn signal_mut(&mut self, id: SignalId) -> &mut Signal {
        &mut self.signals[id as usize]
    }

    /// Every signal, in [`SignalId::ALL`] order.
    pub fn signals(&self) -> &[Signal] {
        &self.signals
    }

    /// The signals of the scaling table (those with steps), in table order.
    pub fn scaling_signals(&self) -> impl Iterator<Item = &Signal> {
        self.signals.iter().filter(|s| !s.steps.is_empty())
    }

    /// The alert called `name`.
    pub fn alert(&self, name: &str) -> Option<&AlertSpec> {
        self.alerts.iter().find(|a| a.name == name)
    }

    /// The threshold an alert compares with, resolved (a [`Bound::Step`] reads the signal's step).
    pub fn bound_value(&self, signal: SignalId, bound: Bound) -> Option<f64> {
        match bound {
            Bound::Value(v) => Some(v),
            Bound::Step(level) => self.signal(signal).step(level).map(|s| s.value),
        }
    }

    /// The threshold an alert compares its signal with (`None` for a "down" alert), in the signal's unit.
    pub fn alert_threshold(&self, alert: &AlertSpec) -> Result<Option<f64>, PolicyError> {
        match alert.condition {
            Condition::Down(_) => Ok(None),
            Condition::Signal { signal, bound } => self.resolve(alert, signal, bound).map(Some),
        }
    }

    /// The value of `bound` on `signal`, for `alert`: a [`Bound::Step`] the signal lacks is an error.
    pub fn resolve(&self, alert: &AlertSpec, signal: SignalId, bound: Bound) -> Result<f64, PolicyError> {
        self.bound_value(signal, bound).ok_or_else(|| PolicyError::MissingStep {
            alert: alert.name.clone(),
            signal: signal.key(),
            level: match bound {
                Bound::Step(level) => level,
                Bound::Value(_) => alert.severity,
            },
        })
    }

    /// An alert's description with its threshold (in the signal's unit) and its `for` duration (in words).
    pub fn alert_description(&self, alert: &AlertSpec) -> Result<String, PolicyError> {
        self.alert_text(alert, &alert.description)
    }

    /// A text about an alert with `{threshold}` (in the signal's unit) and `{for}` (in words) filled in.
    pub fn alert_text(&self, alert: &AlertSpec, template: &str) -> Result<String, PolicyError> {
        let mut text = template.replace("{for}", &alert.for_duration.words());
        if let (Some(value), Condition::Signal { signal, .. }) = (self.alert_threshold(alert)?, &alert.condition) {
            text = text.replace("{threshold}", &self.signal(*signal).unit.format(value));
        }
        Ok(text)
    }

    /// Every threshold shown on a signal's panel: its scaling steps and the alerts on it, as (value, level).
    pub fn thresholds_of(&self, id: SignalId) -> Vec<(f64, Level)> {
        let mut out: Vec<(f64, Level)> = self.signal(id).steps.iter().map(|s| (s.value, s.level)).collect();
        for a in &self.alerts {
            if let Condition::Signal { signal, bound } = a.condition {
                if signal == id {
                    if let Some(v) = self.bound_value(signal, bound) {
                        if !out.iter().any(|(x, _)| *x == v) {
                            out.push((v, a.severity));
                        }
                    }
                }
            }
        }
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::promql::{Scope, RULE_WINDOW};

    #[test]
    fn the_defaults_have_the_nine_alerts_of_the_alert_table() {
        let names: Vec<_> = Policy::default().alerts.iter().map(|a| a.name.clone()).collect();
        assert_eq!(
            names,
            [
                "TumulteBackendDown",
                "TumulteFrontendDown",
                "HighRequestLatency",
                "HighErrorRate",
                "HighCpuUsage",
                "LowMemoryAvailable",
                "DiskSpaceLow",
                "PostgresDown",
                "RedisDown"
            ]
        );
    }

    #[test]
    fn the_default_scaling_table_has_seven_steps_over_five_signals() {
        let policy = Policy::default();
        assert_eq!(policy.scaling_signals().count(), 5);
        assert_eq!(policy.scaling_signals().map(|s| s.steps.len()).sum::<usize>(), 7);
    }

    #[test]
    fn latency_alert_reads_the_critical_scaling_step() {
        let mut policy = Policy::default();
        assert_eq!(
            policy.bound_value(SignalId::LatencyP95, Bound::Step(Level::Critical)),
            Some(1.0)
        );
        if let Some(step) = policy.signal_mut(SignalId::LatencyP95).step_mut(Level::Critical) {
            step.value = 2.0;
        }
        assert_eq!(
            policy.bound_value(SignalId::LatencyP95, Bound::Step(Level::Critical)),
            Some(2.0)
        );
    }

    #[test]
    fn cpu_panel_thresholds_merge_scaling_steps_and_the_alert() {
        let t = Policy::default().thresholds_of(SignalId::CpuUsage);
        assert_eq!(
            t,
            vec![(70.0, Level::Warning), (80.0, Level::Warning), (85.0, Level::Critical)]
        );
    }

    #[test]
    fn cpu_is_judged_on_its_minimum_over_ten_minutes() {
        let e = Policy::default().signal(SignalId::CpuUsage).sustained_expr(10);
        assert!(e.starts_with("max(min_over_time(((1 - avg by (instance)"), "{e}");
        assert!(e.ends_with(" >= -Inf)[10m:1m]))"), "{e}");
    }

    #[test]
    fn signal_keys_round_trip() {
        for id in SignalId::ALL {
            assert_eq!(SignalId::from_key(id.key()), Some(id));
        }
    }

    #[test]
    fn ratios_never_divide_by_zero() {
        let scope = Scope::fixed(RULE_WINDOW, 10);
        assert!(SignalId::ErrorRate.expr(&scope).contains("> 0)"));
        assert!(SignalId::CacheHitRate.expr(&scope).contains("> 0)"));
    }
}
