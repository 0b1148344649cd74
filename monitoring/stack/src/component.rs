//! The components the runner starts, and what each one needs: its Debian package, its default port, the flag that
//! changes that port, and the Prometheus job that scrapes it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use tumulte_policy::catalog::Job;

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
}

impl Component {
    /// Every component, in start order (stopped in the reverse order).
    pub const ALL: [Component; 8] = [
        Component::Postgres,
        Component::Redis,
        Component::NodeExporter,
        Component::PostgresExporter,
        Component::RedisExporter,
        Component::Alertmanager,
        Component::Prometheus,
        Component::VictoriaMetrics,
    ];

    /// What `up` starts unless told otherwise: everything but VictoriaMetrics.
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
        }
    }

    /// The Debian package that provides it.
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
        }
    }

    /// The Prometheus scrape job whose target it is (PostgreSQL and Redis are scraped through their exporters).
    pub const fn job(self) -> Option<Job> {
        match self {
            Component::Postgres | Component::Redis | Component::VictoriaMetrics => None,
            Component::NodeExporter => Some(Job::Node),
            Component::PostgresExporter => Some(Job::Postgres),
            Component::RedisExporter => Some(Job::Redis),
            Component::Alertmanager => Some(Job::Alertmanager),
            Component::Prometheus => Some(Job::Prometheus),
        }
    }

    /// The port it listens on by default: a scrape job's port in the compose stack ([`Job::default_port`]), else
    /// the usual one (PostgreSQL, Redis, VictoriaMetrics).
    pub const fn default_port(self) -> u16 {
        match self {
            Component::Postgres => 5432,
            Component::Redis => 6379,
            Component::VictoriaMetrics => 8428,
            Component::NodeExporter => Job::Node.default_port(),
            Component::PostgresExporter => Job::Postgres.default_port(),
            Component::RedisExporter => Job::Redis.default_port(),
            Component::Alertmanager => Job::Alertmanager.default_port(),
            Component::Prometheus => Job::Prometheus.default_port(),
        }
    }

    /// The `tumulte-stack up` flag that sets its port.
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
#[error("unknown component {0:?}: expected one of postgres, redis, node-exporter, postgres-exporter, redis-exporter, alertmanager, prometheus, victoria-metrics")]
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
