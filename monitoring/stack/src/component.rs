//! The components the runner starts, and what each one needs: its Debian package (or this crate's binary, for the
//! demo backend and the dashboard preview), its default port, the flag that changes that port, and the Prometheus
//! job that scrapes it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use tumulte_policy::catalog::Job;
use tumulte_policy::names::GRAFANA_PORT;

/// One process of the stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Component {
    /// PostgreSQL 15, the database `prometheus-postgres-exporter` watches.
    Postgres,
    /// Redis, the cache `prometheus-redis-exporter` watches.
    Redis,
    /// `prometheus-node-exporter`: the host's CPU, memory, disks, network.
    NodeExporter,
    /// `prometheus-postgres-exporter`, pointed at the loopback PostgreSQL.
    PostgresExporter,
    /// `prometheus-redis-exporter`, pointed at the loopback Redis.
    RedisExporter,
    /// Alertmanager, with the rendered Discord configuration.
    Alertmanager,
    /// Prometheus, with the rendered `prometheus.yml` and the repository's rule files.
    Prometheus,
    /// VictoriaMetrics, scraping the same `prometheus.yml` (optional: for comparing engines).
    VictoriaMetrics,
    /// The demo Tumulte backend (`tumulte-demo`), on the Tumulte app's scrape targets (optional: `--demo`).
    Demo,
    /// The dashboard preview (`grafana-preview`'s host, with the Tumulte Scaling plugin), reading Prometheus.
    Preview,
}

impl Component {
    /// Every component, in start order (stopped in the reverse order): the demo before Prometheus so that its
    /// first scrape finds it, the preview last as it reads Prometheus.
    pub const ALL: [Component; 10] = [
        Component::Postgres,
        Component::Redis,
        Component::NodeExporter,
        Component::PostgresExporter,
        Component::RedisExporter,
        Component::Alertmanager,
        Component::Demo,
        Component::Prometheus,
        Component::VictoriaMetrics,
        Component::Preview,
    ];

    /// The components from Debian's packages, in start order.
    pub const PACKAGED: [Component; 8] = [
        Component::Postgres,
        Component::Redis,
        Component::NodeExporter,
        Component::PostgresExporter,
        Component::RedisExporter,
        Component::Alertmanager,
        Component::Prometheus,
        Component::VictoriaMetrics,
    ];

    /// What [`crate::StackConfig::new`] starts: every packaged component but VictoriaMetrics. (`tumulte-stack up`
    /// adds the preview when its inputs exist; the demo only with `--demo`.)
    pub const DEFAULT: [Component; 7] = [
        Component::Postgres,
        Component::Redis,
        Component::NodeExporter,
        Component::PostgresExporter,
        Component::RedisExporter,
        Component::Alertmanager,
        Component::Prometheus,
    ];

    /// Its name: in messages, log file names, the state file and `--only`/`--skip`.
    pub const fn name(self) -> &'static str {
        match self {
            Component::Postgres => "postgres",
            Component::Redis => "redis",
            Component::NodeExporter => "node-exporter",
            Component::PostgresExporter => "postgres-exporter",
            Component::RedisExporter => "redis-exporter",
            Component::Alertmanager => "alertmanager",
            Component::Prometheus => "prometheus",
            Component::VictoriaMetrics => "victoria-metrics",
            Component::Demo => "demo",
            Component::Preview => "preview",
        }
    }

    /// Whether it comes from a Debian package (the demo and the preview are this workspace's Rust code).
    pub const fn is_packaged(self) -> bool {
        !matches!(self, Component::Demo | Component::Preview)
    }

    /// The Debian package that provides it; for the demo and the preview, this crate, whose binary serves them.
    pub const fn package(self) -> &'static str {
        match self {
            Component::Postgres => "postgresql-15",
            Component::Redis => "redis-server",
            Component::NodeExporter => "prometheus-node-exporter",
            Component::PostgresExporter => "prometheus-postgres-exporter",
            Component::RedisExporter => "prometheus-redis-exporter",
            Component::Alertmanager => "prometheus-alertmanager",
            Component::Prometheus => "prometheus",
            Component::VictoriaMetrics => "victoria-metrics",
            Component::Demo | Component::Preview => "tumulte-stack",
        }
    }

    /// The Prometheus scrape job whose target it is (PostgreSQL and Redis are scraped through their exporters; the
    /// demo is the target of the Tumulte app's jobs, which follow `--backend`/`--frontend`, not the component).
    pub const fn job(self) -> Option<Job> {
        match self {
            Component::Postgres
            | Component::Redis
            | Component::VictoriaMetrics
            | Component::Demo
            | Component::Preview => None,
            Component::NodeExporter => Some(Job::Node),
            Component::PostgresExporter => Some(Job::Postgres),
            Component::RedisExporter => Some(Job::Redis),
            Component::Alertmanager => Some(Job::Alertmanager),
            Component::Prometheus => Some(Job::Prometheus),
        }
    }

    /// The port it listens on by default: a scrape job's port in the compose stack ([`Job::default_port`]), else
    /// the usual one (PostgreSQL, Redis, VictoriaMetrics), Grafana's (the preview), the backend's (the demo, which
    /// listens on every Tumulte target: see [`crate::StackConfig::addresses`]).
    pub const fn default_port(self) -> u16 {
        match self {
            Component::Postgres => 5432,
            Component::Redis => 6379,
            Component::VictoriaMetrics => 8428,
            Component::Preview => GRAFANA_PORT,
            Component::Demo => Job::TumulteBackend.default_port(),
            Component::NodeExporter => Job::Node.default_port(),
            Component::PostgresExporter => Job::Postgres.default_port(),
            Component::RedisExporter => Job::Redis.default_port(),
            Component::Alertmanager => Job::Alertmanager.default_port(),
            Component::Prometheus => Job::Prometheus.default_port(),
        }
    }

    /// The `tumulte-stack up` flag that sets its port (the demo's addresses are the Tumulte targets').
    pub const fn port_flag(self) -> &'static str {
        match self {
            Component::Postgres => "--port-postgres",
            Component::Redis => "--port-redis",
            Component::NodeExporter => "--port-node-exporter",
            Component::PostgresExporter => "--port-postgres-exporter",
            Component::RedisExporter => "--port-redis-exporter",
            Component::Alertmanager => "--port-alertmanager",
            Component::Prometheus => "--port-prometheus",
            Component::VictoriaMetrics => "--port-victoria-metrics",
            Component::Preview => "--port-preview",
            Component::Demo => "--backend/--frontend",
        }
    }

    /// Whether it serves HTTP (its URL is `http://127.0.0.1:PORT`); PostgreSQL and Redis speak their own protocols.
    pub const fn is_http(self) -> bool {
        !matches!(self, Component::Postgres | Component::Redis)
    }
}

impl fmt::Display for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A component name that is not one of [`Component::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown component {0:?}: expected one of postgres, redis, node-exporter, postgres-exporter, redis-exporter, alertmanager, prometheus, victoria-metrics, demo, preview")]
pub struct UnknownComponent(pub String);

impl FromStr for Component {
    type Err = UnknownComponent;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Component::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| UnknownComponent(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Component::ALL {
            assert_eq!(c.name().parse::<Component>(), Ok(c));
        }
        assert!("grafana".parse::<Component>().is_err());
        let unknown = "grafana".parse::<Component>().expect_err("unknown").to_string();
        assert!(Component::ALL.iter().all(|c| unknown.contains(c.name())), "{unknown}");
        assert!(Component::PACKAGED
            .iter()
            .all(|c| c.is_packaged() && Component::ALL.contains(c)));
    }

    #[test]
    fn a_scraped_component_listens_on_its_jobs_port_and_no_two_share_one() {
        for c in Component::ALL {
            if let Some(job) = c.job() {
                assert_eq!(c.default_port(), job.default_port(), "{c}");
            }
        }
        let mut ports: Vec<u16> = Component::ALL.iter().map(|c| c.default_port()).collect();
        ports.sort_unstable();
        ports.dedup();
        assert_eq!(ports.len(), Component::ALL.len());
    }
}
