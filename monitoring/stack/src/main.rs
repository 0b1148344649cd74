//! `tumulte-stack`: runs the Tumulte monitoring stack natively (no Docker) on loopback ports.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use signal_hook::consts::{SIGINT, SIGTERM};
use tumulte_stack::duration::parse_duration;
use tumulte_stack::readiness::fetch_targets;
use tumulte_stack::{
    status, stop_run_dir, Component, Layout, RunningStack, Stack, StackConfig, StackError, Webhook, DEFAULT_RUN_DIR,
};

/// Run the Tumulte monitoring stack natively (no Docker): PostgreSQL 15, Redis, the node/postgres/redis
/// exporters, Alertmanager and Prometheus from Debian's packages, on 127.0.0.1, all files in one run directory.
#[derive(Debug, Parser)]
#[command(name = "tumulte-stack", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const AFTER_HELP: &str = "\
Packages (apt-get install): prometheus prometheus-alertmanager prometheus-node-exporter
  prometheus-postgres-exporter prometheus-redis-exporter redis-server postgresql-15 [victoria-metrics]
Run directory: rendered configs, data, logs/COMPONENT.log, state.json (PIDs). Stop with `tumulte-stack down`.";

#[derive(Debug, Subcommand)]
enum Command {
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
        #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
        grace: Duration,
    },
    /// Show each component of the stack of a run directory: PID, running, listening, URL; and Prometheus' targets.
    /// Exits 1 if a component is not running.
    Status {
        /// The run directory of the stack.
        #[arg(long, value_name = "DIR", default_value = DEFAULT_RUN_DIR)]
        run_dir: PathBuf,
    },
}

#[derive(Debug, Args)]
struct UpArgs {
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

    /// Also start VictoriaMetrics, scraping the same prometheus.yml (to compare engines).
    #[arg(long)]
    victoria_metrics: bool,
    /// Start only these components (comma-separated): postgres, redis, node-exporter, postgres-exporter,
    /// redis-exporter, alertmanager, prometheus, victoria-metrics.
    #[arg(long, value_name = "LIST", value_delimiter = ',', conflicts_with = "skip")]
    only: Vec<Component>,
    /// Do not start these components (comma-separated).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    skip: Vec<Component>,

    /// A target of the tumulte-backend job (repeatable) [default: 127.0.0.1:3333].
    #[arg(long, value_name = "HOST:PORT")]
    backend: Vec<String>,
    /// A target of the tumulte-frontend job (repeatable) [default: 127.0.0.1:3000].
    #[arg(long, value_name = "HOST:PORT")]
    frontend: Vec<String>,
    /// Leave the tumulte-backend and tumulte-frontend jobs out of prometheus.yml.
    #[arg(long, conflicts_with_all = ["backend", "frontend", "wait_app"])]
    no_app: bool,
    /// Also wait for the Tumulte backend/frontend targets to be UP (they are not started by tumulte-stack).
    #[arg(long)]
    wait_app: bool,

    /// Prometheus' scrape interval.
    #[arg(long, value_name = "DURATION", default_value = "15s", value_parser = parse_duration)]
    scrape_interval: Duration,
    /// Prometheus' rule evaluation interval.
    #[arg(long, value_name = "DURATION", default_value = "15s", value_parser = parse_duration)]
    evaluation_interval: Duration,
    /// Prometheus' TSDB retention (--storage.tsdb.retention.time).
    #[arg(long, value_name = "DURATION", default_value = "30d")]
    retention: String,
    /// How long start-up may take before giving up (and stopping everything).
    #[arg(long, value_name = "DURATION", default_value = "90s", value_parser = parse_duration)]
    timeout: Duration,
    /// How long each component has to exit on stop before SIGKILL.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    grace: Duration,

    /// Do not notify Discord: render a loopback blackhole URL instead of DISCORD_WEBHOOK_URL (which is otherwise
    /// required; its value is never printed).
    #[arg(long)]
    no_discord: bool,
    /// Stay in the foreground; Ctrl-C (SIGINT) or SIGTERM stops everything. A component that dies stops the rest.
    #[arg(long)]
    foreground: bool,
}

fn port(text: &str) -> Result<u16, String> {
    match text.parse::<u16>() {
        Ok(port) if port > 0 => Ok(port),
        _ => Err(format!("{text:?} is not a port (1-65535)")),
    }
}

impl UpArgs {
    fn config(&self) -> StackConfig {
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
        ] {
            config.ports.set(component, port);
        }
        let mut components: BTreeSet<Component> = if self.only.is_empty() {
            config.components.clone()
        } else {
            self.only.iter().copied().collect()
        };
        if self.victoria_metrics {
            components.insert(Component::VictoriaMetrics);
        }
        for skipped in &self.skip {
            components.remove(skipped);
        }
        config.components = components;
        if self.no_app {
            config.backend_targets.clear();
            config.frontend_targets.clear();
        }
        if !self.backend.is_empty() {
            config.backend_targets = self.backend.clone();
        }
        if !self.frontend.is_empty() {
            config.frontend_targets = self.frontend.clone();
        }
        config.wait_for_app_targets = self.wait_app;
        config.scrape_interval = self.scrape_interval;
        config.evaluation_interval = self.evaluation_interval;
        config.retention = self.retention.clone();
        config.start_timeout = self.timeout;
        config.stop_grace = self.grace;
        if self.no_discord {
            config.webhook = Webhook::Blackhole;
        }
        config
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Up(args) => up(&args),
        Command::Down { run_dir, grace } => down(&run_dir, grace),
        Command::Status { run_dir } => show_status(&run_dir),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tumulte-stack: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A flag set by SIGINT/SIGTERM; a second SIGINT/SIGTERM terminates at once.
fn stop_flag() -> Result<Arc<AtomicBool>, StackError> {
    let flag = Arc::new(AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&flag))
            .and_then(|_| signal_hook::flag::register(signal, Arc::clone(&flag)))
            .map_err(|e| StackError::io("installing the SIGINT/SIGTERM handlers", e))?;
    }
    Ok(flag)
}

fn up(args: &UpArgs) -> Result<ExitCode, StackError> {
    let config = args.config();
    let stop = stop_flag()?;
    let mut stack = Stack::start_cancellable(config, &stop)?;
    print_ready(&stack);
    if !args.foreground {
        let state = stack.detach();
        println!("stop with: tumulte-stack down --run-dir {}", state.run_dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    println!("running in the foreground: Ctrl-C stops everything");
    loop {
        if stop.load(Ordering::SeqCst) {
            println!("stopping…");
            stack.stop()?;
            println!("stopped");
            return Ok(ExitCode::SUCCESS);
        }
        if let Some((component, how)) = stack.exited() {
            let log = stack.log(component);
            eprintln!(
                "tumulte-stack: {component} stopped unexpectedly ({how}); see {}; stopping the others",
                log.display()
            );
            stack.stop()?;
            return Ok(ExitCode::FAILURE);
        }
        thread::sleep(Duration::from_millis(200));
    }
}

fn print_ready(stack: &RunningStack) {
    for record in &stack.state().processes {
        println!(
            "  {:<18} {:<48} pid {}",
            record.component.name(),
            record.url,
            record.pid
        );
    }
    let readiness = stack.readiness();
    let seconds = readiness.elapsed.as_secs_f64();
    match (&readiness.prometheus, &readiness.victoria_metrics) {
        (Some(prometheus), _) => println!(
            "all {} targets UP, {} rule groups loaded ({seconds:.1} s)",
            readiness.targets_up(),
            prometheus.rule_groups.len()
        ),
        (None, Some(_)) => println!("all {} targets UP ({seconds:.1} s)", readiness.targets_up()),
        (None, None) => println!(
            "all {} components listening ({seconds:.1} s)",
            stack.state().processes.len()
        ),
    }
    if let Some(report) = &readiness.prometheus {
        for target in &report.other_targets {
            let why = if target.last_error.is_empty() {
                String::new()
            } else {
                format!(": {}", target.last_error)
            };
            println!(
                "  not awaited (--wait-app): {} {} is {}{why}",
                target.job, target.instance, target.health
            );
        }
    }
    let layout = Layout::new(stack.run_dir());
    println!(
        "logs: {}/   state: {}",
        layout.logs().display(),
        layout.state_file().display()
    );
}

fn down(run_dir: &std::path::Path, grace: Duration) -> Result<ExitCode, StackError> {
    let report = stop_run_dir(run_dir, grace)?;
    if !report.had_state && report.leftovers == 0 {
        println!("nothing running in {}", run_dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    for (component, pid) in &report.stopped {
        println!("  stopped {component} (pid {pid})");
    }
    if report.leftovers > 0 {
        println!(
            "  killed {} leftover process(es) of {}",
            report.leftovers,
            run_dir.display()
        );
    }
    println!("stopped the stack in {}", run_dir.display());
    Ok(ExitCode::SUCCESS)
}

fn show_status(run_dir: &std::path::Path) -> Result<ExitCode, StackError> {
    let components = match status(run_dir) {
        Ok(components) => components,
        Err(StackError::NoState { .. }) => {
            println!("no stack in {} (no state.json)", run_dir.display());
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(e),
    };
    let mut all_running = true;
    for c in &components {
        all_running &= c.running;
        println!(
            "  {:<18} {:<48} pid {:<8} {}{}",
            c.record.component.name(),
            c.record.url,
            c.record.pid,
            if c.running { "running" } else { "NOT RUNNING" },
            if c.listening { ", listening" } else { ", not listening" },
        );
    }
    if let Some(prometheus) = components
        .iter()
        .find(|c| c.record.component == Component::Prometheus && c.running)
    {
        match fetch_targets(prometheus.record.port) {
            Ok(targets) => {
                let up = targets.iter().filter(|t| t.is_up()).count();
                println!("prometheus: {up} of {} targets UP", targets.len());
                for t in targets.iter().filter(|t| !t.is_up()) {
                    println!("  {} {} is {}: {}", t.job, t.instance, t.health, t.last_error);
                }
            }
            Err(e) => println!("prometheus: targets unavailable ({e})"),
        }
    }
    Ok(if all_running {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
