//! The policy: every signal and alert with the thresholds in force, and Tumulte's defaults.
//!
//! The dashboard, the rule files, the plugin and the WebAssembly build all read one [`Policy`], so changing
//! "p95 > 500 ms" is a one-line change in [`Policy::default`].

use grafana_dashboards::{PromDuration, Unit};
use serde::Serialize;

use crate::alert::{AlertSpec, Bound, Condition, Service};
use crate::level::Level;
use crate::signal::{Direction, Signal, SignalId, Step};

/// Every signal and alert, with the thresholds in force. The single source of every threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    /// The signals, one per [`SignalId`], in [`SignalId::ALL`] order (so a signal is found by its index).
    signals: Vec<Signal>,
    /// The alerts.
    pub alerts: Vec<AlertSpec>,
    /// The backend's DB pool size (AdonisJS Lucid's default `max` is 10).
    pub db_pool_size: u32,
}

fn signal(
    id: SignalId,
    name: &str,
    unit: Unit,
    direction: Direction,
    sustain: PromDuration,
    steps: &[(Level, f64, &str)],
) -> Signal {
    Signal {
        id,
        name: name.into(),
        unit,
        direction,
        sustain,
        steps: steps
            .iter()
            .map(|(level, value, action)| Step {
                level: *level,
                value: *value,
                action: (*action).into(),
            })
            .collect(),
    }
}

fn alert(
    name: &str,
    severity: Level,
    condition: Condition,
    for_duration: PromDuration,
    summary: &str,
    description: &str,
    runbook: &str,
) -> AlertSpec {
    AlertSpec {
        name: name.into(),
        severity,
        condition,
        for_duration,
        summary: summary.into(),
        description: description.into(),
        runbook: runbook.into(),
    }
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

impl Default for Policy {
    /// Tumulte's defaults: the scaling table and the alert table of its monitoring specification.
    fn default() -> Self {
        use Direction::{Above, Below};
        use Level::{Critical, Info, Warning};
        let signals = vec![
            signal(
                SignalId::CpuUsage,
                "CPU usage",
                Unit::Percent,
                Above,
                PromDuration::minutes(10),
                &[(Warning, 70.0, "Consider scaling"), (Critical, 85.0, "Scale now")],
            ),
            signal(
                SignalId::MemoryUsage,
                "Memory usage",
                Unit::Percent,
                Above,
                PromDuration::minutes(5),
                &[(Warning, 80.0, "Add RAM or instances")],
            ),
            signal(
                SignalId::MemoryAvailable,
                "Memory available",
                Unit::Percent,
                Below,
                PromDuration::minutes(5),
                &[],
            ),
            signal(
                SignalId::DiskAvailable,
                "Disk available",
                Unit::Percent,
                Below,
                PromDuration::minutes(5),
                &[],
            ),
            signal(
                SignalId::LatencyP95,
                "Latency p95",
                Unit::Seconds,
                Above,
                PromDuration::minutes(5),
                &[
                    (Warning, 0.5, "Optimise or scale"),
                    (Critical, 1.0, "Scale the backend"),
                ],
            ),
            signal(
                SignalId::ErrorRate,
                "Error rate (5xx)",
                Unit::PercentUnit,
                Above,
                PromDuration::minutes(5),
                &[],
            ),
            signal(
                SignalId::DbPoolUsage,
                "DB pool usage",
                Unit::Percent,
                Above,
                PromDuration::minutes(5),
                &[(Warning, 80.0, "Grow the pool or add read replicas")],
            ),
            signal(
                SignalId::WebsocketsPerInstance,
                "WebSockets per instance",
                Unit::Short,
                Above,
                PromDuration::minutes(5),
                &[(Info, 500.0, "Plan horizontal scaling")],
            ),
            signal(
                SignalId::CacheHitRate,
                "Cache hit rate",
                Unit::Percent,
                Below,
                PromDuration::minutes(5),
                &[],
            ),
        ];
        let on = |signal, bound| Condition::Signal { signal, bound };
        let alerts = vec![
            alert(
                "TumulteBackendDown",
                Critical,
                Condition::Down(Service::Backend),
                PromDuration::minutes(1),
                "Tumulte backend {{ $labels.instance }} is down",
                "Prometheus has not scraped the backend at {{ $labels.instance }} for over {for}: the API and \
                 live polls are unavailable. Check the process and its logs, then `curl /metrics` on it.",
                "1. Is the process running? Check the container or service and its logs.\n\
                 2. `curl http://HOST:3333/metrics` from the Prometheus host: a timeout is a network problem, a 404 \
                 means the `/metrics` route is not registered.\n\
                 3. In Docker on Linux, `host.docker.internal` needs `extra_hosts: host.docker.internal:host-gateway`.",
            ),
            alert(
                "TumulteFrontendDown",
                Critical,
                Condition::Down(Service::Frontend),
                PromDuration::minutes(1),
                "Tumulte frontend {{ $labels.instance }} is down",
                "Prometheus has not scraped the frontend at {{ $labels.instance }} for over {for}: viewers \
                 cannot load the site. Check the Nuxt process and its logs.",
                "Same steps as for TumulteBackendDown, on the frontend's port.",
            ),
            alert(
                "HighRequestLatency",
                Warning,
                on(SignalId::LatencyP95, Bound::Step(Critical)),
                PromDuration::minutes(5),
                "p95 latency of {{ $labels.job }} is {{ $value | humanizeDuration }}",
                "The p95 latency of {{ $labels.job }} has been above {threshold} for {for}: one request in \
                 twenty is slower. Look at the slow routes on the overview, then optimise or scale the backend.",
                "1. On \"Tumulte - Overview\", find the routes whose latency rose (\"Requests per second by route and \
                 status\").\n\
                 2. Check \"DB pool connections\" and \"PostgreSQL transactions and locks\": a saturated pool or lock \
                 waits show here.\n\
                 3. If CPU is also high, scale the backend (see the scaling verdict); otherwise optimise the slow route.",
            ),
            alert(
                "HighErrorRate",
                Critical,
                on(SignalId::ErrorRate, Bound::Value(0.05)),
                PromDuration::minutes(5),
                "{{ $value | humanizePercentage }} of {{ $labels.job }} responses are 5xx",
                "More than {threshold} of the requests to {{ $labels.job }} failed with a server error for \
                 {for}. Check the backend's logs and its dependencies (PostgreSQL, Redis).",
                "No traffic never fires it (the ratio is not computed when there are no requests).\n\n\
                 1. Read the backend's logs for the failing routes.\n\
                 2. Check PostgresDown and RedisDown: a dependency down is the usual cause.",
            ),
            alert(
                "HighCpuUsage",
                Warning,
                on(SignalId::CpuUsage, Bound::Value(80.0)),
                PromDuration::minutes(10),
                "CPU of {{ $labels.instance }} at {{ $value | humanize }}%",
                "The host {{ $labels.instance }} has been over {threshold} CPU for {for}. The scaling \
                 verdict says whether to scale now.",
                "The scaling verdict says whether it is sustained past the \"scale now\" step.",
            ),
            alert(
                "LowMemoryAvailable",
                Critical,
                on(SignalId::MemoryAvailable, Bound::Value(10.0)),
                PromDuration::minutes(5),
                "Only {{ $value | humanize }}% memory available on {{ $labels.instance }}",
                "For {for}, less than {threshold} of the memory of {{ $labels.instance }} has been available: the \
                 OOM killer is near. Find the process using it, add RAM or instances.",
                "The OOM killer is near. Find the process (`ps aux --sort=-rss | head`), then add RAM or instances.",
            ),
            alert(
                "DiskSpaceLow",
                Warning,
                on(SignalId::DiskAvailable, Bound::Value(15.0)),
                PromDuration::minutes(5),
                "{{ $labels.mountpoint }} on {{ $labels.instance }} has {{ $value | humanize }}% free",
                "For {for}, less than {threshold} of {{ $labels.mountpoint }} on {{ $labels.instance }} has been \
                 free. Clean up (logs, old images, Prometheus retention) or grow the disk.",
                "Clean logs and unused images, lower Prometheus' retention (30 days by default), or grow the disk.",
            ),
            alert(
                "PostgresDown",
                Critical,
                Condition::Down(Service::Postgres),
                PromDuration::minutes(1),
                "PostgreSQL is unreachable",
                "postgres-exporter at {{ $labels.instance }} cannot reach PostgreSQL, or is itself down, for \
                 over {for}. Tumulte cannot read or write polls. Check the database server.",
                "Check the database server, then the exporter's `DATA_SOURCE_NAME`.",
            ),
            alert(
                "RedisDown",
                Critical,
                Condition::Down(Service::Redis),
                PromDuration::minutes(1),
                "Redis is unreachable",
                "redis-exporter at {{ $labels.instance }} cannot reach Redis, or is itself down, for over \
                 {for}. Caching and live updates are degraded. Check the Redis server.",
                "Check the Redis server, then the exporter's `REDIS_ADDR` and `REDIS_PASSWORD`.",
            ),
        ];
        debug_assert!(signals.iter().map(|s| s.id).eq(SignalId::ALL));
        Policy {
            signals,
            alerts,
            db_pool_size: 10,
        }
    }
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
