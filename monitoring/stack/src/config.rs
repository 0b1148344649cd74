//! What to start, where, and how: components, ports, run directory, binaries, the Tumulte app's scrape targets,
//! intervals, the demo and the preview; [`StackConfig::new`] holds Tumulte's defaults.

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tumulte_demo::Scenario;
use tumulte_policy::catalog::{Job, SCRAPE_INTERVAL};

use crate::component::Component;
use crate::error::StackError;
use crate::webhook::Webhook;

/// The run directory `tumulte-stack` uses unless `--run-dir` says otherwise.
pub const DEFAULT_RUN_DIR: &str = "/var/tmp/tumulte-stack";

/// The demo's scenario unless told otherwise: busy, where the dashboard has warnings to show.
pub const DEFAULT_DEMO_SCENARIO: Scenario = Scenario::Busy;

/// Prometheus' TSDB retention unless told otherwise: the compose stack's (`monitoring/docker-compose.yml`).
pub const DEFAULT_RETENTION: &str = "30d";

/// The loopback port of each component; by default [`Component::default_port`]. The demo has none of its own:
/// it listens on the Tumulte app's targets ([`StackConfig::addresses`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports {
    /// PostgreSQL.
    pub postgres: u16,
    /// Redis.
    pub redis: u16,
    /// prometheus-node-exporter.
    pub node_exporter: u16,
    /// prometheus-postgres-exporter.
    pub postgres_exporter: u16,
    /// prometheus-redis-exporter.
    pub redis_exporter: u16,
    /// Alertmanager.
    pub alertmanager: u16,
    /// Prometheus.
    pub prometheus: u16,
    /// VictoriaMetrics.
    pub victoria_metrics: u16,
    /// The dashboard preview.
    pub preview: u16,
}

impl Default for Ports {
    fn default() -> Self {
        Ports {
            postgres: Component::Postgres.default_port(),
            redis: Component::Redis.default_port(),
            node_exporter: Component::NodeExporter.default_port(),
            postgres_exporter: Component::PostgresExporter.default_port(),
            redis_exporter: Component::RedisExporter.default_port(),
            alertmanager: Component::Alertmanager.default_port(),
            prometheus: Component::Prometheus.default_port(),
            victoria_metrics: Component::VictoriaMetrics.default_port(),
            preview: Component::Preview.default_port(),
        }
    }
}

impl Ports {
    /// The components that have a port here: all but the demo.
    pub fn components() -> impl Iterator<Item = Component> {
        Component::ALL.into_iter().filter(|c| *c != Component::Demo)
    }

    /// The port of one component; `None` for the demo.
    pub fn get(&self, component: Component) -> Option<u16> {
        self.slot(component).copied()
    }

    /// Sets the port of one component; the demo has none (its addresses are the Tumulte targets), so nothing.
    pub fn set(&mut self, component: Component, port: u16) {
        if let Some(slot) = self.slot_mut(component) {
            *slot = port;
        }
    }

    /// A distinct free loopback port for every component that has one, as the kernel hands them out now.
    ///
    /// The ports are free when this returns; another process could take one before the stack starts, which
    /// [`crate::Stack::start`] then reports as [`StackError::PortTaken`].
    pub fn free() -> Result<Ports, StackError> {
        let listeners = Ports::components()
            .map(|_| TcpListener::bind("127.0.0.1:0"))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|source| StackError::io("picking free loopback ports", source))?;
        let mut ports = Ports::default();
        for (component, listener) in Ports::components().zip(&listeners) {
            let port = listener
                .local_addr()
                .map_err(|source| StackError::io("picking free loopback ports", source))?
                .port();
            ports.set(component, port);
        }
        Ok(ports)
    }

    fn slot(&self, component: Component) -> Option<&u16> {
        Some(match component {
            Component::Postgres => &self.postgres,
            Component::Redis => &self.redis,
            Component::NodeExporter => &self.node_exporter,
            Component::PostgresExporter => &self.postgres_exporter,
            Component::RedisExporter => &self.redis_exporter,
            Component::Alertmanager => &self.alertmanager,
            Component::Prometheus => &self.prometheus,
            Component::VictoriaMetrics => &self.victoria_metrics,
            Component::Preview => &self.preview,
            Component::Demo => return None,
        })
    }

    fn slot_mut(&mut self, component: Component) -> Option<&mut u16> {
        Some(match component {
            Component::Postgres => &mut self.postgres,
            Component::Redis => &mut self.redis,
            Component::NodeExporter => &mut self.node_exporter,
            Component::PostgresExporter => &mut self.postgres_exporter,
            Component::RedisExporter => &mut self.redis_exporter,
            Component::Alertmanager => &mut self.alertmanager,
            Component::Prometheus => &mut self.prometheus,
            Component::VictoriaMetrics => &mut self.victoria_metrics,
            Component::Preview => &mut self.preview,
            Component::Demo => return None,
        })
    }
}

/// The executables the stack runs; the defaults are where Debian 12's packages install them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binaries {
    /// `/usr/lib/postgresql/15/bin/initdb` (postgresql-15).
    pub initdb: PathBuf,
    /// `/usr/lib/postgresql/15/bin/pg_ctl` (postgresql-15).
    pub pg_ctl: PathBuf,
    /// `/usr/lib/postgresql/15/bin/postgres` (postgresql-15), which `pg_ctl` starts.
    pub postgres: PathBuf,
    /// `/usr/bin/redis-server` (redis-server).
    pub redis_server: PathBuf,
    /// `/usr/bin/prometheus-node-exporter`.
    pub node_exporter: PathBuf,
    /// `/usr/bin/prometheus-postgres-exporter`.
    pub postgres_exporter: PathBuf,
    /// `/usr/bin/prometheus-redis-exporter`.
    pub redis_exporter: PathBuf,
    /// `/usr/bin/prometheus-alertmanager`.
    pub alertmanager: PathBuf,
    /// `/usr/bin/amtool` (prometheus-alertmanager), which checks the rendered configuration first.
    pub amtool: PathBuf,
    /// `/usr/bin/prometheus`.
    pub prometheus: PathBuf,
    /// `/usr/bin/promtool` (prometheus), which checks the rendered configuration and the rules first.
    pub promtool: PathBuf,
    /// `/usr/bin/victoria-metrics`.
    pub victoria_metrics: PathBuf,
    /// The `tumulte-stack` binary, which serves the demo (`serve-demo`) and the preview (`serve-preview`).
    /// Default: the running executable, which is that binary when `tumulte-stack up` runs; a test that starts
    /// them through the library sets it (`env!("CARGO_BIN_EXE_tumulte-stack")`).
    pub runner: PathBuf,
}

impl Default for Binaries {
    fn default() -> Self {
        let pg = |name: &str| PathBuf::from(format!("/usr/lib/postgresql/15/bin/{name}"));
        let bin = |name: &str| PathBuf::from(format!("/usr/bin/{name}"));
        Binaries {
            initdb: pg("initdb"),
            pg_ctl: pg("pg_ctl"),
            postgres: pg("postgres"),
            redis_server: bin("redis-server"),
            node_exporter: bin("prometheus-node-exporter"),
            postgres_exporter: bin("prometheus-postgres-exporter"),
            redis_exporter: bin("prometheus-redis-exporter"),
            alertmanager: bin("prometheus-alertmanager"),
            amtool: bin("amtool"),
            prometheus: bin("prometheus"),
            promtool: bin("promtool"),
            victoria_metrics: bin("victoria-metrics"),
            runner: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("tumulte-stack")),
        }
    }
}

impl Binaries {
    /// Every executable a component needs, first the one it runs.
    pub fn needed_by(&self, component: Component) -> Vec<&Path> {
        match component {
            Component::Postgres => vec![&self.pg_ctl, &self.initdb, &self.postgres],
            Component::Redis => vec![&self.redis_server],
            Component::NodeExporter => vec![&self.node_exporter],
            Component::PostgresExporter => vec![&self.postgres_exporter],
            Component::RedisExporter => vec![&self.redis_exporter],
            Component::Alertmanager => vec![&self.alertmanager, &self.amtool],
            Component::Prometheus => vec![&self.prometheus, &self.promtool],
            Component::VictoriaMetrics => vec![&self.victoria_metrics],
            Component::Demo | Component::Preview => vec![&self.runner],
        }
    }
}

/// Everything [`crate::Stack::start`] needs to know.
#[derive(Debug, Clone)]
pub struct StackConfig {
    /// Where the rendered configurations, the data, the logs (`logs/`) and the state file go. Created if missing;
    /// reused (data kept) if it exists. PostgreSQL must be able to reach it: its parents need `o+x`.
    pub run_dir: PathBuf,
    /// The repository (the directory holding `dashboards-rs/` and `monitoring/`). `None`: the checkout this crate
    /// was built from, else the first parent of the current directory that holds `Cargo.toml`, `dashboards-rs/` and
    /// `monitoring/`.
    pub root: Option<PathBuf>,
    /// The directory of the rule files Prometheus loads (`*.yml`). `None`: `<root>/monitoring/prometheus/rules`.
    pub rules_dir: Option<PathBuf>,
    /// The Alertmanager configuration template. `None`: `<root>/monitoring/alertmanager/alertmanager.yml.tmpl`.
    pub alertmanager_template: Option<PathBuf>,
    /// Which components to start. `prometheus.yml` scrapes the started components and the Tumulte targets.
    pub components: BTreeSet<Component>,
    /// The loopback port of each component.
    pub ports: Ports,
    /// The executables.
    pub binaries: Binaries,
    /// Targets (`host:port`) of the `tumulte-backend` job; empty leaves the job out. Default: loopback on the
    /// job's port in the compose stack ([`Job::default_port`]).
    pub backend_targets: Vec<String>,
    /// Targets (`host:port`) of the `tumulte-frontend` job; empty leaves the job out. Default: loopback on the
    /// job's port in the compose stack ([`Job::default_port`]).
    pub frontend_targets: Vec<String>,
    /// Whether start-up also waits for the Tumulte targets to be UP (always, when the demo serves them and is not
    /// in its outage scenario).
    pub wait_for_app_targets: bool,
    /// The demo's scenario ([`Component::Demo`]). Default: busy, where the dashboard shows something to see.
    pub demo_scenario: Scenario,
    /// How much history of the demo to put in Prometheus' TSDB before Prometheus starts (for both Tumulte jobs'
    /// targets, ending now); `None`: none.
    pub demo_history: Option<Duration>,
    /// The Tumulte Scaling plugin binary the preview runs. `None`: the newest of `plugin/dist/` and cargo's
    /// `target/` (`tumulte_artefacts::provisioning::newest_plugin_binary`).
    pub plugin: Option<PathBuf>,
    /// Where the Discord receivers post.
    pub webhook: Webhook,
    /// How often Prometheus scrapes. Default: Tumulte's scrape interval ([`SCRAPE_INTERVAL`]).
    pub scrape_interval: Duration,
    /// How often Prometheus evaluates the rules. Default: Tumulte's scrape interval ([`SCRAPE_INTERVAL`]).
    pub evaluation_interval: Duration,
    /// `--storage.tsdb.retention.time` of Prometheus. Default: the compose stack's, [`DEFAULT_RETENTION`].
    pub retention: String,
    /// How long start-up may take, from the first process to every target UP and the rules loaded.
    pub start_timeout: Duration,
    /// How long a component has to exit after SIGTERM before it gets SIGKILL.
    pub stop_grace: Duration,
}

impl StackConfig {
    /// Tumulte's defaults (the compose stack's ports, Tumulte's scrape interval, every component but
    /// VictoriaMetrics) in `run_dir`.
    pub fn new(run_dir: impl Into<PathBuf>) -> Self {
        StackConfig {
            run_dir: run_dir.into(),
            root: None,
            rules_dir: None,
            alertmanager_template: None,
            components: Component::DEFAULT.into_iter().collect(),
            ports: Ports::default(),
            binaries: Binaries::default(),
            backend_targets: app_targets(Job::TumulteBackend),
            frontend_targets: app_targets(Job::TumulteFrontend),
            wait_for_app_targets: false,
            demo_scenario: DEFAULT_DEMO_SCENARIO,
            demo_history: None,
            plugin: None,
            webhook: Webhook::FromEnv,
            scrape_interval: SCRAPE_INTERVAL.to_std(),
            evaluation_interval: SCRAPE_INTERVAL.to_std(),
            retention: DEFAULT_RETENTION.into(),
            start_timeout: Duration::from_secs(90),
            stop_grace: Duration::from_secs(10),
        }
    }

    /// The same configuration with a free loopback port for every component ([`Ports::free`]).
    pub fn free_ports(mut self) -> Result<Self, StackError> {
        self.ports = Ports::free()?;
        Ok(self)
    }

    /// Whether `component` is started.
    pub fn starts(&self, component: Component) -> bool {
        self.components.contains(&component)
    }

    /// Where `component` listens (`host:port`): `127.0.0.1:PORT`, or for the demo every target of the Tumulte
    /// app's jobs (backend then frontend, each once), so that those jobs scrape it.
    pub fn addresses(&self, component: Component) -> Vec<String> {
        match self.ports.get(component) {
            Some(port) => vec![format!("127.0.0.1:{port}")],
            None => {
                let mut addresses: Vec<String> = Vec::new();
                for target in self.backend_targets.iter().chain(&self.frontend_targets) {
                    if !addresses.contains(target) {
                        addresses.push(target.clone());
                    }
                }
                addresses
            }
        }
    }

    /// The port of `component`: its own, or (the demo) that of its first address.
    pub fn port(&self, component: Component) -> Option<u16> {
        self.ports.get(component).or_else(|| {
            self.addresses(component)
                .first()
                .and_then(|a| a.rsplit_once(':')?.1.parse().ok())
        })
    }
}

/// The default targets of one of the Tumulte app's jobs: loopback, on the job's port.
fn app_targets(job: Job) -> Vec<String> {
    vec![format!("127.0.0.1:{}", job.default_port())]
}

impl Default for StackConfig {
    fn default() -> Self {
        StackConfig::new(DEFAULT_RUN_DIR)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_ports_are_distinct_and_nonzero() {
        let ports = Ports::free().expect("free ports");
        let all: BTreeSet<u16> = Ports::components().filter_map(|c| ports.get(c)).collect();
        assert_eq!(all.len(), Component::ALL.len() - 1);
        assert!(!all.contains(&0));
    }

    #[test]
    fn the_demo_listens_on_every_tumulte_target_once() {
        let mut config = StackConfig::default();
        config.frontend_targets.push(config.backend_targets[0].clone());
        assert_eq!(config.addresses(Component::Demo), ["127.0.0.1:3333", "127.0.0.1:3000"]);
        assert_eq!(config.port(Component::Demo), Some(3333));
        assert_eq!(config.addresses(Component::Preview), ["127.0.0.1:3001"]);
    }

    #[test]
    fn the_webhook_url_never_shows_in_debug_output() {
        let config = StackConfig {
            webhook: Webhook::Url("https://discord.com/api/webhooks/1/secret".into()),
            ..StackConfig::default()
        };
        assert!(!format!("{config:?}").contains("secret"));
    }
}
