//! The command line: the commands and their arguments, their defaults (Tumulte's, from [`StackConfig`]), and what
//! `up`'s arguments make of a [`StackConfig`].

use std::collections::BTreeSet;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use tumulte_demo::Scenario;
use tumulte_policy::catalog::Job;
use tumulte_stack::duration::{format_duration, parse_duration};
use tumulte_stack::{Component, StackConfig, Webhook, DEFAULT_DEMO_SCENARIO, DEFAULT_RUN_DIR};

/// Run the Tumulte monitoring stack natively (no Docker): PostgreSQL 15, Redis, the node/postgres/redis
/// exporters, Alertmanager and Prometheus from Debian's packages, the dashboard preview and (--demo) a demo Tumulte
/// backend, on 127.0.0.1, all files in one run directory.
#[derive(Debug, Parser)]
#[command(name = "tumulte-stack", version, after_help = after_help())]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The packages to install and where the files go, after `--help`.
fn after_help() -> String {
    let mut packages: Vec<String> = Component::DEFAULT.iter().map(|c| c.package().to_owned()).collect();
    packages.extend(
        Component::PACKAGED
            .iter()
            .filter(|c| !Component::DEFAULT.contains(c))
            .map(|c| format!("[{}]", c.package())),
    );
    let mut text = String::from("Packages (apt-get install):");
    let mut line = text.len();
    for package in packages {
        if line + 1 + package.len() > 100 {
            text.push_str("\n ");
            line = 1;
        }
        text.push(' ');
        text.push_str(&package);
        line += 1 + package.len();
    }
    text + "\nRun directory: rendered configs, data, logs/COMPONENT.log, state.json (PIDs). Stop with \
            `tumulte-stack down`.\nThe preview needs the built page (npm --prefix dashboards-rs/preview/web ci && \
            npm --prefix dashboards-rs/preview/web run build) and the plugin (cargo build -p tumulte-plugin)."
}

/// Tumulte's defaults, which the command line's defaults are.
fn defaults() -> StackConfig {
    StackConfig::default()
}

// The commands: the doc comment of each is its help.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the stack, wait until every target is UP and the rules are loaded, print the URLs.
    ///
    /// Everything is checked before anything starts: binaries, ports, DISCORD_WEBHOOK_URL, the rendered
    /// prometheus.yml and rule files (promtool) and alertmanager.yml (amtool). On any failure nothing is left
    /// running. Without --foreground the stack keeps running after the command returns.
    Up(Box<UpArgs>),
    /// Stop the stack of a run directory, by the PIDs of its state file (SIGTERM, SIGINT for PostgreSQL; SIGKILL
    /// after the grace period), then any leftover process of that directory.
    Down {
        /// The run directory of the stack.
        #[arg(long, value_name = "DIR", default_value = DEFAULT_RUN_DIR)]
        run_dir: PathBuf,
        /// How long each component has to exit before SIGKILL.
        #[arg(long, value_name = "DURATION", default_value_t = DurationArg(defaults().stop_grace))]
        grace: DurationArg,
    },
    /// Show each component of the stack of a run directory: PID, running, listening, URL; and Prometheus' targets.
    /// Exits 1 if a component is not running.
    Status {
        /// The run directory of the stack.
        #[arg(long, value_name = "DIR", default_value = DEFAULT_RUN_DIR)]
        run_dir: PathBuf,
    },
    /// Serve the demo Tumulte backend (how `up --demo` runs it).
    #[command(hide = true)]
    ServeDemo(ServeDemoArgs),
    /// Serve the dashboard preview (how `up` runs it).
    #[command(hide = true)]
    ServePreview(ServePreviewArgs),
}

/// The arguments of `serve-demo`.
#[derive(Debug, Args)]
pub struct ServeDemoArgs {
    /// An address to serve on (repeatable: one simulated backend per address).
    #[arg(long, value_name = "HOST:PORT", required = true)]
    pub listen: Vec<String>,
    /// calm, busy, overload or outage.
    #[arg(long, value_name = "SCENARIO", default_value_t = DEFAULT_DEMO_SCENARIO)]
    pub scenario: Scenario,
}

/// The arguments of `serve-preview`.
#[derive(Debug, Args)]
pub struct ServePreviewArgs {
    /// The address to serve on.
    #[arg(long, value_name = "ADDR")]
    pub listen: std::net::SocketAddr,
    /// Prometheus' URL.
    #[arg(long, value_name = "URL")]
    pub prometheus: String,
    /// The Tumulte Scaling plugin binary.
    #[arg(long, value_name = "PATH")]
    pub plugin: PathBuf,
    /// The repository (the dashboard, the data sources, the built page).
    #[arg(long, value_name = "DIR")]
    pub root: PathBuf,
}

// The arguments of `up`: the doc comment of each is its help.
#[derive(Debug, Args)]
pub struct UpArgs {
    /// Where rendered configurations, data, logs (logs/) and the state file go; created if missing, reused (data
    /// kept) if it exists. The user postgres must be able to reach it.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_RUN_DIR)]
    run_dir: PathBuf,
    /// The repository (holding dashboards-rs/ and monitoring/); default: the checkout this binary was built from,
    /// else the first parent of the current directory that is one.
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Rule files directory (*.yml); default: ROOT/monitoring/prometheus/rules.
    #[arg(long, value_name = "DIR")]
    rules_dir: Option<PathBuf>,

    /// Prometheus port.
    #[arg(long, value_name = "PORT", default_value_t = Component::Prometheus.default_port(), value_parser = port)]
    port_prometheus: u16,
    /// Alertmanager port.
    #[arg(long, value_name = "PORT", default_value_t = Component::Alertmanager.default_port(), value_parser = port)]
    port_alertmanager: u16,
    /// prometheus-node-exporter port.
    #[arg(long, value_name = "PORT", default_value_t = Component::NodeExporter.default_port(), value_parser = port)]
    port_node_exporter: u16,
    /// prometheus-postgres-exporter port.
    #[arg(long, value_name = "PORT", default_value_t = Component::PostgresExporter.default_port(), value_parser = port)]
    port_postgres_exporter: u16,
    /// prometheus-redis-exporter port.
    #[arg(long, value_name = "PORT", default_value_t = Component::RedisExporter.default_port(), value_parser = port)]
    port_redis_exporter: u16,
    /// PostgreSQL port.
    #[arg(long, value_name = "PORT", default_value_t = Component::Postgres.default_port(), value_parser = port)]
    port_postgres: u16,
    /// Redis port.
    #[arg(long, value_name = "PORT", default_value_t = Component::Redis.default_port(), value_parser = port)]
    port_redis: u16,
    /// VictoriaMetrics port (with --victoria-metrics).
    #[arg(long, value_name = "PORT", default_value_t = Component::VictoriaMetrics.default_port(), value_parser = port)]
    port_victoria_metrics: u16,
    /// Dashboard preview port (Grafana's in the compose stack).
    #[arg(long, value_name = "PORT", default_value_t = Component::Preview.default_port(), value_parser = port)]
    port_preview: u16,

    /// Also start VictoriaMetrics, scraping the same prometheus.yml (to compare engines).
    #[arg(long)]
    victoria_metrics: bool,
    /// Start only these components (comma-separated): postgres, redis, node-exporter, postgres-exporter,
    /// redis-exporter, alertmanager, prometheus, victoria-metrics, demo, preview.
    #[arg(long, value_name = "LIST", value_delimiter = ',', conflicts_with = "skip")]
    only: Vec<Component>,
    /// Do not start these components (comma-separated).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    skip: Vec<Component>,

    // The Tumulte app's jobs are named by the policy: their help is worded from it.
    #[arg(
        long,
        value_name = "HOST:PORT",
        default_values_t = defaults().backend_targets,
        help = format!("A target of the {} job (repeatable)", Job::TumulteBackend),
    )]
    backend: Vec<String>,
    #[arg(
        long,
        value_name = "HOST:PORT",
        default_values_t = defaults().frontend_targets,
        help = format!("A target of the {} job (repeatable)", Job::TumulteFrontend),
    )]
    frontend: Vec<String>,
    #[arg(
        long,
        conflicts_with_all = ["backend", "frontend", "wait_app"],
        help = format!("Leave the {} and {} jobs out of prometheus.yml", Job::TumulteBackend, Job::TumulteFrontend),
    )]
    no_app: bool,
    /// Also wait for the Tumulte backend/frontend targets to be UP (tumulte-stack starts them only with --demo).
    #[arg(long)]
    wait_app: bool,
    /// Also start the demo Tumulte backend in this scenario (calm, busy, overload, outage), serving every
    /// --backend and --frontend target.
    #[arg(
        long,
        value_name = "SCENARIO",
        num_args = 0..=1,
        default_missing_value = DEFAULT_DEMO_SCENARIO.name(),
        conflicts_with = "no_app",
    )]
    demo: Option<Scenario>,
    /// Put this much of the demo's history (e.g. 6h), ending now, in Prometheus' TSDB before it starts.
    #[arg(long, value_name = "DURATION", requires = "demo")]
    demo_history: Option<DurationArg>,
    /// The Tumulte Scaling plugin binary the preview runs; default: the newest of plugin/dist/ and target/.
    #[arg(long, value_name = "PATH")]
    plugin: Option<PathBuf>,

    /// Prometheus' scrape interval (Tumulte's).
    #[arg(long, value_name = "DURATION", default_value_t = DurationArg(defaults().scrape_interval))]
    scrape_interval: DurationArg,
    /// Prometheus' rule evaluation interval (Tumulte's scrape interval).
    #[arg(long, value_name = "DURATION", default_value_t = DurationArg(defaults().evaluation_interval))]
    evaluation_interval: DurationArg,
    /// Prometheus' TSDB retention (--storage.tsdb.retention.time).
    #[arg(long, value_name = "DURATION", default_value_t = defaults().retention)]
    retention: String,
    /// How long start-up may take before giving up (and stopping everything).
    #[arg(long, value_name = "DURATION", default_value_t = DurationArg(defaults().start_timeout))]
    timeout: DurationArg,
    /// How long each component has to exit on stop before SIGKILL.
    #[arg(long, value_name = "DURATION", default_value_t = DurationArg(defaults().stop_grace))]
    grace: DurationArg,

    /// Do not notify Discord: render a loopback blackhole URL instead of DISCORD_WEBHOOK_URL (which is otherwise
    /// required; its value is never printed).
    #[arg(long)]
    no_discord: bool,
    /// Stay in the foreground; Ctrl-C (SIGINT) or SIGTERM stops everything. A component that dies stops the rest.
    #[arg(long)]
    pub foreground: bool,
}

/// A port on the command line: 1-65535.
fn port(text: &str) -> Result<u16, String> {
    match text.parse::<u16>() {
        Ok(port) if port > 0 => Ok(port),
        _ => Err(format!("{text:?} is not a port (1-65535)")),
    }
}

/// A duration on the command line: read by [`parse_duration`], shown (as a default) by [`format_duration`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationArg(Duration);

impl DurationArg {
    /// The duration.
    pub fn get(self) -> Duration {
        self.0
    }
}

impl FromStr for DurationArg {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_duration(text).map(DurationArg)
    }
}

impl fmt::Display for DurationArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_duration(self.0))
    }
}

impl UpArgs {
    /// The configuration these arguments describe.
    pub fn config(&self) -> StackConfig {
        let mut config = StackConfig::new(&self.run_dir);
        config.root = self.root.clone();
        config.rules_dir = self.rules_dir.clone();
        for (component, port) in [
            (Component::Prometheus, self.port_prometheus),
            (Component::Alertmanager, self.port_alertmanager),
            (Component::NodeExporter, self.port_node_exporter),
            (Component::PostgresExporter, self.port_postgres_exporter),
            (Component::RedisExporter, self.port_redis_exporter),
            (Component::Postgres, self.port_postgres),
            (Component::Redis, self.port_redis),
            (Component::VictoriaMetrics, self.port_victoria_metrics),
            (Component::Preview, self.port_preview),
        ] {
            config.ports.set(component, port);
        }
        let mut components: BTreeSet<Component> = if self.only.is_empty() {
            // The preview is how native users see the dashboard; `up` drops it if its files are missing
            // (`preview_by_default`).
            let mut defaults = config.components.clone();
            defaults.insert(Component::Preview);
            defaults
        } else {
            self.only.iter().copied().collect()
        };
        if self.victoria_metrics {
            components.insert(Component::VictoriaMetrics);
        }
        if let Some(scenario) = self.demo {
            components.insert(Component::Demo);
            config.demo_scenario = scenario;
        }
        config.demo_history = self.demo_history.map(DurationArg::get);
        // The preview runs from the run directory: a path relative to here must not change meaning there.
        config.plugin = self
            .plugin
            .as_deref()
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()));
        for skipped in &self.skip {
            components.remove(skipped);
        }
        config.components = components;
        if self.no_app {
            config.backend_targets.clear();
            config.frontend_targets.clear();
        } else {
            config.backend_targets = self.backend.clone();
            config.frontend_targets = self.frontend.clone();
        }
        config.wait_for_app_targets = self.wait_app;
        config.scrape_interval = self.scrape_interval.get();
        config.evaluation_interval = self.evaluation_interval.get();
        config.retention = self.retention.clone();
        config.start_timeout = self.timeout.get();
        config.stop_grace = self.grace.get();
        if self.no_discord {
            config.webhook = Webhook::Blackhole;
        }
        config
    }

    /// Whether the preview is started only because it is a default (not named by --only): then `up` leaves it
    /// out, saying why, when its files are missing, instead of failing.
    pub fn preview_by_default(&self) -> bool {
        self.only.is_empty() && !self.skip.contains(&Component::Preview)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn up(args: &[&str]) -> StackConfig {
        let cli = Cli::try_parse_from(["tumulte-stack", "up"].iter().chain(args)).expect("parses");
        match cli.command {
            Command::Up(args) => args.config(),
            other => panic!("not up: {other:?}"),
        }
    }

    #[test]
    fn without_arguments_up_starts_tumultes_defaults() {
        let config = up(&[]);
        let defaults = StackConfig::default();
        assert_eq!(config.ports, defaults.ports);
        let mut components = defaults.components.clone();
        components.insert(Component::Preview);
        assert_eq!(config.components, components);
        assert!(!config.starts(Component::Demo));
        assert_eq!(config.demo_history, None);
        assert_eq!(config.plugin, None);
        assert_eq!(config.backend_targets, defaults.backend_targets);
        assert_eq!(config.frontend_targets, defaults.frontend_targets);
        assert_eq!(config.scrape_interval, defaults.scrape_interval);
        assert_eq!(config.evaluation_interval, defaults.evaluation_interval);
        assert_eq!(config.retention, defaults.retention);
        assert_eq!(config.start_timeout, defaults.start_timeout);
        assert_eq!(config.stop_grace, defaults.stop_grace);
        assert_eq!(config.webhook, Webhook::FromEnv);
    }

    #[test]
    fn app_targets_are_replaced_or_left_out() {
        let config = up(&[
            "--backend",
            "10.0.0.1:1",
            "--backend",
            "10.0.0.2:1",
            "--scrape-interval",
            "1s",
        ]);
        assert_eq!(config.backend_targets, ["10.0.0.1:1", "10.0.0.2:1"]);
        assert_eq!(config.frontend_targets, StackConfig::default().frontend_targets);
        assert_eq!(config.scrape_interval, Duration::from_secs(1));
        let config = up(&["--no-app", "--victoria-metrics", "--skip", "redis"]);
        assert!(config.backend_targets.is_empty() && config.frontend_targets.is_empty());
        assert!(config.starts(Component::VictoriaMetrics) && !config.starts(Component::Redis));
        assert!(Cli::try_parse_from(["tumulte-stack", "up", "--no-app", "--backend", "h:1"]).is_err());
    }

    #[test]
    fn the_demo_and_the_preview_are_asked_for_by_their_flags() {
        let config = up(&["--demo"]);
        assert!(config.starts(Component::Demo) && config.starts(Component::Preview));
        assert_eq!(config.demo_scenario, Scenario::Busy);
        assert_eq!(config.ports.preview, tumulte_policy::names::GRAFANA_PORT);
        let config = up(&[
            "--demo",
            "overload",
            "--demo-history",
            "6h",
            "--port-preview",
            "4001",
            "--plugin",
            "/opt/gpx",
            "--backend",
            "127.0.0.1:4333",
        ]);
        assert_eq!(config.demo_scenario, Scenario::Overload);
        assert_eq!(config.demo_history, Some(Duration::from_secs(6 * 3600)));
        assert_eq!(config.ports.preview, 4001);
        assert_eq!(config.plugin, Some(PathBuf::from("/opt/gpx")));
        assert_eq!(config.addresses(Component::Demo), ["127.0.0.1:4333", "127.0.0.1:3000"]);
        let config = up(&["--only", "prometheus,demo,preview", "--demo"]);
        let only: BTreeSet<Component> = [Component::Prometheus, Component::Demo, Component::Preview].into();
        assert_eq!(config.components, only);
        let config = up(&["--skip", "preview", "--demo", "calm"]);
        assert!(!config.starts(Component::Preview) && config.demo_scenario == Scenario::Calm);
        for refused in [
            &["--demo-history", "6h"][..],
            &["--demo", "--no-app"],
            &["--demo", "stormy"],
            &["--port-preview", "0"],
        ] {
            let args = ["tumulte-stack", "up"].iter().chain(refused);
            assert!(Cli::try_parse_from(args).is_err(), "{refused:?}");
        }
        let parse = |args: &[&str]| match Cli::try_parse_from(["tumulte-stack", "up"].iter().chain(args)) {
            Ok(Cli {
                command: Command::Up(args),
            }) => args.preview_by_default(),
            other => panic!("not up: {other:?}"),
        };
        assert!(parse(&[]) && !parse(&["--skip", "preview"]) && !parse(&["--only", "preview"]));
    }

    #[test]
    fn the_hidden_commands_parse_and_stay_out_of_the_help() {
        use clap::CommandFactory;
        let cli = Cli::try_parse_from([
            "tumulte-stack",
            "serve-demo",
            "--listen",
            "127.0.0.1:3333",
            "--listen",
            "127.0.0.1:3000",
        ])
        .expect("parses");
        match cli.command {
            Command::ServeDemo(args) => {
                assert_eq!(args.listen, ["127.0.0.1:3333", "127.0.0.1:3000"]);
                assert_eq!(args.scenario, DEFAULT_DEMO_SCENARIO);
            }
            other => panic!("not serve-demo: {other:?}"),
        }
        let cli = Cli::try_parse_from([
            "tumulte-stack",
            "serve-preview",
            "--listen",
            "127.0.0.1:3001",
            "--prometheus",
            "http://127.0.0.1:9090",
            "--plugin",
            "/p",
            "--root",
            "/r",
        ])
        .expect("parses");
        assert!(matches!(cli.command, Command::ServePreview(_)));
        let help = Cli::command().render_long_help().to_string();
        assert!(
            !help.contains("serve-demo") && !help.contains("serve-preview"),
            "{help}"
        );
    }

    #[test]
    fn the_help_shows_the_defaults_and_the_packages() {
        use clap::CommandFactory;
        let help = Cli::command()
            .find_subcommand_mut("up")
            .expect("up")
            .render_long_help()
            .to_string();
        let interval = format_duration(StackConfig::default().scrape_interval);
        assert!(help.contains(&format!("[default: {interval}]")), "{help}");
        assert!(
            help.contains(&format!("A target of the {} job", Job::TumulteBackend)),
            "{help}"
        );
        let after = after_help();
        assert!(
            Component::PACKAGED.iter().all(|c| after.contains(c.package())),
            "{after}"
        );
    }
}
