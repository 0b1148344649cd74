//! The alert table: a condition on a signal (or a service being down), a severity and a `for` duration.

use grafana_dashboards::PromDuration;
use serde::Serialize;

use crate::catalog::Job;
use crate::level::Level;
use crate::signal::SignalId;

/// A service whose unavailability the alert table alerts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Service {
    /// Tumulte's backend.
    Backend,
    /// Tumulte's frontend.
    Frontend,
    /// PostgreSQL (through its exporter).
    Postgres,
    /// Redis (through its exporter).
    Redis,
}

impl Service {
    /// Every service.
    pub const ALL: [Service; 4] = [Service::Backend, Service::Frontend, Service::Postgres, Service::Redis];

    /// Its name for people.
    pub const fn name(self) -> &'static str {
        match self {
            Service::Backend => "Backend",
            Service::Frontend => "Frontend",
            Service::Postgres => "PostgreSQL",
            Service::Redis => "Redis",
        }
    }

    /// The `service` label of its alerts (`backend`, `postgres`, …).
    pub const fn key(self) -> &'static str {
        match self {
            Service::Backend => "backend",
            Service::Frontend => "frontend",
            Service::Postgres => "postgres",
            Service::Redis => "redis",
        }
    }

    /// The scrape job that watches it.
    pub const fn job(self) -> Job {
        match self {
            Service::Backend => Job::TumulteBackend,
            Service::Frontend => Job::TumulteFrontend,
            Service::Postgres => Job::Postgres,
            Service::Redis => Job::Redis,
        }
    }
}

/// Where an alert's threshold comes from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Bound {
    /// Its own value, in the signal's unit.
    Value(f64),
    /// The value of the signal's scaling step at this level (one fact, two uses).
    Step(Level),
}

/// What makes an alert fire.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Condition {
    /// The signal is past a bound in its direction.
    Signal {
        /// Which signal.
        signal: SignalId,
        /// The bound.
        bound: Bound,
    },
    /// The service is unreachable.
    Down(Service),
}

/// A row of the alert table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertSpec {
    /// The alert name, as Tumulte's alert table names it.
    pub name: String,
    /// `warning` or `critical`.
    pub severity: Level,
    /// When it fires.
    pub condition: Condition,
    /// How long the condition must hold (Prometheus `for`).
    pub for_duration: PromDuration,
    /// One line for the notification title.
    pub summary: String,
    /// What it means and what to do; `{threshold}` stands for the bound, written in the signal's unit, and `{for}`
    /// for the `for` duration in words.
    pub description: String,
    /// What to do, step by step, as Markdown: the alert's section of the runbook (`docs/runbook.md`), after a
    /// first line the runbook writes from the condition. `{threshold}` and `{for}` as in the description.
    pub runbook: String,
}

impl AlertSpec {
    /// The `service` label: which part of Tumulte the alert is about. Alertmanager inhibits a service's
    /// warnings while one of its critical alerts fires.
    pub fn service(&self) -> &'static str {
        match self.condition {
            Condition::Down(service) => service.key(),
            Condition::Signal { signal, .. } => signal.service(),
        }
    }
}
