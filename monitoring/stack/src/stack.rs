//! Starting the stack ([`Stack::start`]) and the running stack ([`RunningStack`]).
//!
//! Start-up checks everything it can before starting anything (binaries, the `postgres` user, the webhook, ports,
//! the rendered configurations through `promtool` and `amtool`); then starts the components in order, writing the
//! state file after each; then polls the APIs until every awaited target is UP and the rules are loaded. If any
//! step fails, what was started is stopped before the error is returned.

use std::fs;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::{chown, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::component::Component;
use crate::config::StackConfig;
use crate::error::StackError;
use crate::layout::Layout;
use crate::process::{describe, is_alive, kill_leftovers, log_tail, processes_of, start_time, Launch, Proc, User};
use crate::readiness::{self, EngineReport, Expectation};
use crate::render;
use crate::state::{remove_state, ProcessRecord, StackState};

/// How often start-up looks at the APIs.
const POLL: Duration = Duration::from_millis(100);
/// PostgreSQL's Unix socket path must fit in `sun_path` (108 bytes, NUL included).
const MAX_SOCKET_PATH: usize = 107;

/// Starts stacks.
#[derive(Debug, Clone, Copy)]
pub struct Stack;

/// What start-up saw when the stack became ready.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    /// Prometheus' targets and rule groups, if it was started.
    pub prometheus: Option<EngineReport>,
    /// VictoriaMetrics' targets, if it was started.
    pub victoria_metrics: Option<EngineReport>,
    /// How long start-up took.
    pub elapsed: Duration,
}

impl Readiness {
    /// How many targets start-up waited for (all UP), in Prometheus (else VictoriaMetrics).
    pub fn targets_up(&self) -> usize {
        self.prometheus
            .as_ref()
            .or(self.victoria_metrics.as_ref())
            .map_or(0, |r| r.targets.len())
    }
}

/// Paths and values resolved by the checks, before anything starts.
struct Plan {
    layout: Layout,
    rules_dir: PathBuf,
    template: PathBuf,
    webhook_url: Option<String>,
    postgres_user: Option<User>,
    /// The rule groups Prometheus must load (file, name).
    rule_groups: Vec<(PathBuf, String)>,
}

impl Stack {
    /// Starts the stack described by `config` and waits until it is ready.
    ///
    /// On error nothing that this call started is left running.
    pub fn start(config: StackConfig) -> Result<RunningStack, StackError> {
        Stack::start_cancellable(config, &AtomicBool::new(false))
    }

    /// [`Stack::start`], giving up with [`StackError::Interrupted`] (and stopping what started) as soon as
    /// `cancel` becomes true, e.g. from a SIGINT handler.
    pub fn start_cancellable(config: StackConfig, cancel: &AtomicBool) -> Result<RunningStack, StackError> {
        let began = Instant::now();
        let plan = preflight(&config)?;
        let mut stack = RunningStack {
            state: StackState {
                run_dir: plan.layout.run_dir.clone(),
                runner_pid: std::process::id(),
                processes: Vec::new(),
            },
            config,
            layout: plan.layout.clone(),
            procs: Vec::new(),
            readiness: Readiness::default(),
            done: false,
        };
        // From here on, an early return drops `stack`, which stops whatever was started.
        for component in Component::ALL {
            if !stack.config.starts(component) {
                continue;
            }
            if cancel.load(Ordering::SeqCst) {
                return Err(StackError::Interrupted);
            }
            stack.start_component(component, &plan)?;
        }
        stack.wait_ready(&plan, began, cancel)?;
        Ok(stack)
    }
}

/// Every check that needs no process started; creates the run directory and renders the configurations.
fn preflight(config: &StackConfig) -> Result<Plan, StackError> {
    validate(config)?;
    let root = crate::repo::locate(config.root.as_deref())?;
    let rules_dir = config
        .rules_dir
        .clone()
        .unwrap_or_else(|| root.join("monitoring/prometheus/rules"));
    let template = config
        .alertmanager_template
        .clone()
        .unwrap_or_else(|| root.join("monitoring/alertmanager/alertmanager.yml.tmpl"));
    for component in &config.components {
        for binary in config.binaries.needed_by(*component) {
            if !is_executable(binary) {
                return Err(StackError::MissingBinary {
                    component: *component,
                    binary: binary.to_path_buf(),
                    package: component.package(),
                });
            }
        }
    }
    let postgres_user = if config.starts(Component::Postgres) {
        let user = User::lookup("postgres").ok_or(StackError::NoPostgresUser)?;
        let me = rustix::process::geteuid().as_raw();
        if me != 0 && me != user.uid {
            return Err(StackError::InvalidConfig(
                "PostgreSQL runs as the user postgres, which needs root (or to be that user); run as root or pass \
                 --skip postgres,postgres-exporter"
                    .into(),
            ));
        }
        Some(user)
    } else {
        None
    };
    let webhook_url = if config.starts(Component::Alertmanager) {
        Some(render::alertmanager::resolve_webhook(&config.webhook)?)
    } else {
        None
    };

    let layout = prepare_run_dir(&config.run_dir, postgres_user.is_some())?;
    let mut running = processes_of(&layout.run_dir, &[]);
    if let Ok(state) = StackState::load(&layout.run_dir) {
        running.extend(
            state
                .processes
                .iter()
                .filter(|p| is_alive(p.pid) && start_time(p.pid) == Some(p.start_time))
                .map(|p| p.pid),
        );
        running.sort_unstable();
        running.dedup();
    }
    if !running.is_empty() {
        let pids: Vec<String> = running.iter().map(u32::to_string).collect();
        return Err(StackError::AlreadyRunning {
            run_dir: layout.run_dir.clone(),
            pids: pids.join(", "),
        });
    }
    for component in &config.components {
        let port = config.ports.get(*component);
        if TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).is_err() {
            return Err(StackError::PortTaken {
                port,
                component: *component,
                flag: component.port_flag(),
            });
        }
    }

    let plan = Plan {
        layout,
        rules_dir,
        template,
        webhook_url,
        postgres_user,
        rule_groups: Vec::new(),
    };
    render_configs(config, &plan)?;
    let rule_groups = if config.starts(Component::Prometheus) {
        render::prometheus::expected_rule_groups(&plan.rules_dir)?
    } else {
        Vec::new()
    };
    Ok(Plan { rule_groups, ..plan })
}

fn validate(config: &StackConfig) -> Result<(), StackError> {
    let mut seen: Vec<Component> = Vec::new();
    for component in &config.components {
        let port = config.ports.get(*component);
        if port == 0 {
            return Err(StackError::InvalidConfig(format!(
                "{component} has port 0; give it a port with {} PORT",
                component.port_flag()
            )));
        }
        if let Some(first) = seen.iter().find(|c| config.ports.get(**c) == port) {
            return Err(StackError::PortClash {
                port,
                first: *first,
                second: *component,
                flag: component.port_flag(),
            });
        }
        seen.push(*component);
    }
    for (job, targets) in [
        ("tumulte-backend (--backend)", &config.backend_targets),
        ("tumulte-frontend (--frontend)", &config.frontend_targets),
    ] {
        for target in targets {
            let valid = target
                .rsplit_once(':')
                .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok_and(|p| p > 0));
            if !valid {
                return Err(StackError::InvalidConfig(format!(
                    "target {target:?} of {job} is not HOST:PORT"
                )));
            }
        }
    }
    for (name, interval) in [
        ("the scrape interval", config.scrape_interval),
        ("the evaluation interval", config.evaluation_interval),
    ] {
        if interval < Duration::from_millis(100) {
            return Err(StackError::InvalidConfig(format!("{name} must be at least 100ms")));
        }
    }
    if config.components.is_empty() {
        return Err(StackError::InvalidConfig("no component to start".into()));
    }
    Ok(())
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn create_dir(path: &Path) -> Result<(), StackError> {
    fs::create_dir_all(path).map_err(|e| StackError::io(format!("creating {}", path.display()), e))
}

fn set_mode(path: &Path, mode: u32) -> Result<(), StackError> {
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(|e| StackError::io(format!("setting the mode of {}", path.display()), e))
}

fn give_to(path: &Path, user: User) -> Result<(), StackError> {
    chown(path, Some(user.uid), Some(user.gid)).map_err(|e| StackError::io(format!("chown {}", path.display()), e))
}

/// Creates the run directory and its layout; PostgreSQL (another user) must be able to reach it.
fn prepare_run_dir(run_dir: &Path, postgres: bool) -> Result<Layout, StackError> {
    create_dir(run_dir)?;
    let run_dir =
        fs::canonicalize(run_dir).map_err(|e| StackError::io(format!("resolving {}", run_dir.display()), e))?;
    let layout = Layout::new(run_dir);
    for dir in [
        layout.logs(),
        layout.prometheus_data(),
        layout.alertmanager_data(),
        layout.redis_dir(),
        layout.node_textfile(),
        layout.victoria_metrics_data(),
    ] {
        create_dir(&dir)?;
    }
    if postgres {
        let mode = fs::metadata(layout.root())
            .map_err(|e| StackError::io(format!("reading {}", layout.root().display()), e))?
            .permissions()
            .mode();
        set_mode(layout.root(), (mode & 0o7777) | 0o711)?;
        set_mode(&layout.logs(), 0o755)?;
        for ancestor in layout.root().ancestors().skip(1) {
            let searchable = fs::metadata(ancestor).is_ok_and(|m| m.permissions().mode() & 0o001 != 0);
            if !searchable {
                return Err(StackError::InvalidConfig(format!(
                    "PostgreSQL (user postgres) cannot reach {}: {} is not searchable by others; chmod o+x it or \
                     choose another --run-dir",
                    layout.root().display(),
                    ancestor.display()
                )));
            }
        }
        let socket = layout.postgres_socket().join(".s.PGSQL.65535");
        if socket.as_os_str().len() > MAX_SOCKET_PATH {
            return Err(StackError::InvalidConfig(format!(
                "the run directory {} is too long for PostgreSQL's Unix socket path; choose a shorter --run-dir",
                layout.root().display()
            )));
        }
        if layout.root().to_string_lossy().contains('\'') {
            return Err(StackError::InvalidConfig(format!(
                "the run directory {} holds a quote, which pg_ctl's command line cannot carry; choose another \
                 --run-dir",
                layout.root().display()
            )));
        }
    }
    Ok(layout)
}

fn render_configs(config: &StackConfig, plan: &Plan) -> Result<(), StackError> {
    let layout = &plan.layout;
    if config.starts(Component::Prometheus) || config.starts(Component::VictoriaMetrics) {
        create_dir(&layout.prometheus_data())?;
        let setup = render::prometheus::scrape_setup(config, &plan.rules_dir);
        // Without Prometheus (VictoriaMetrics alone) promtool is not required; VictoriaMetrics checks its input.
        let promtool = config
            .starts(Component::Prometheus)
            .then_some(config.binaries.promtool.as_path());
        render::prometheus::write_and_check(&setup, &layout.prometheus_config(), promtool, layout.root())?;
    }
    if let Some(url) = &plan.webhook_url {
        render::alertmanager::write_and_check(
            &plan.template,
            url,
            &layout.alertmanager_config(),
            &config.binaries.amtool,
            layout.root(),
        )?;
    }
    Ok(())
}

/// A started stack. Dropping it stops every component (unless it was [`RunningStack::detach`]ed).
#[derive(Debug)]
pub struct RunningStack {
    config: StackConfig,
    layout: Layout,
    procs: Vec<Proc>,
    state: StackState,
    readiness: Readiness,
    /// Stopped or detached: nothing left to do on drop.
    done: bool,
}

impl RunningStack {
    /// The run directory (absolute, canonical): configurations, data, `logs/`, `state.json`.
    pub fn run_dir(&self) -> &Path {
        self.layout.root()
    }

    /// The configuration it was started with.
    pub fn config(&self) -> &StackConfig {
        &self.config
    }

    /// The port of a started component.
    pub fn port(&self, component: Component) -> Option<u16> {
        self.config.starts(component).then(|| self.config.ports.get(component))
    }

    /// Where to reach a started component: `http://127.0.0.1:PORT` (exporters, Alertmanager, Prometheus,
    /// VictoriaMetrics), `postgresql://postgres@127.0.0.1:PORT/postgres`, `redis://127.0.0.1:PORT`.
    pub fn url(&self, component: Component) -> Option<String> {
        self.port(component).map(|port| url_of(component, port))
    }

    /// `http://127.0.0.1:PORT` of Prometheus.
    pub fn prometheus_url(&self) -> Option<String> {
        self.url(Component::Prometheus)
    }

    /// `http://127.0.0.1:PORT` of Alertmanager.
    pub fn alertmanager_url(&self) -> Option<String> {
        self.url(Component::Alertmanager)
    }

    /// `http://127.0.0.1:PORT` of VictoriaMetrics.
    pub fn victoria_metrics_url(&self) -> Option<String> {
        self.url(Component::VictoriaMetrics)
    }

    /// The process id of each running component (for PostgreSQL, the postmaster).
    pub fn pids(&self) -> Vec<(Component, u32)> {
        self.procs.iter().map(|p| (p.component, p.pid)).collect()
    }

    /// The log file of a component.
    pub fn log(&self, component: Component) -> PathBuf {
        self.layout.log(component)
    }

    /// What start-up saw once ready: targets, rule groups, time taken.
    pub fn readiness(&self) -> &Readiness {
        &self.readiness
    }

    /// What the state file holds.
    pub fn state(&self) -> &StackState {
        &self.state
    }

    /// The first component that has exited since start-up, with how (for a supervisor loop).
    pub fn exited(&mut self) -> Option<(Component, String)> {
        self.procs.iter_mut().find_map(|p| {
            p.exited()
                .map(|status| (p.component, status.map_or_else(|| "exited".to_owned(), describe)))
        })
    }

    /// Stops every component in reverse start order (SIGTERM, SIGINT for PostgreSQL; the grace period; SIGKILL),
    /// reaps them, kills any leftover process of the run directory and removes the state file.
    pub fn stop(mut self) -> Result<(), StackError> {
        self.stop_all()
    }

    /// Leaves the stack running (e.g. `tumulte-stack up` without `--foreground`) and returns its state; stop it
    /// later with [`crate::stop_run_dir`].
    pub fn detach(mut self) -> StackState {
        self.done = true;
        self.state.clone()
    }

    fn stop_all(&mut self) -> Result<(), StackError> {
        self.done = true;
        let mut first_error = None;
        for proc in self.procs.iter_mut().rev() {
            if let Err(e) = proc.stop(self.config.stop_grace, self.layout.root()) {
                first_error.get_or_insert(e);
            }
        }
        kill_leftovers(self.layout.root());
        self.procs.clear();
        remove_state(self.layout.root());
        first_error.map_or(Ok(()), Err)
    }

    fn record(&mut self, proc: Proc) -> Result<(), StackError> {
        let port = self.config.ports.get(proc.component);
        self.state.processes.push(ProcessRecord {
            component: proc.component,
            pid: proc.pid,
            start_time: proc.start_time.unwrap_or_default(),
            port,
            url: url_of(proc.component, port),
            log: proc.log.clone(),
        });
        self.procs.push(proc);
        self.state.save()
    }

    fn start_component(&mut self, component: Component, plan: &Plan) -> Result<(), StackError> {
        if component == Component::Postgres {
            return self.start_postgres(plan);
        }
        let layout = &plan.layout;
        let ports = self.config.ports;
        let bins = &self.config.binaries;
        let listen = format!(
            "--web.listen-address={}",
            render::prometheus::loopback(ports.get(component))
        );
        let path = |p: PathBuf| p.to_string_lossy().into_owned();
        let mut env = Vec::new();
        let (program, args): (&Path, Vec<String>) = match component {
            Component::Postgres | Component::Redis => (
                &bins.redis_server,
                vec![
                    "--bind".into(),
                    "127.0.0.1".into(),
                    "--port".into(),
                    ports.redis.to_string(),
                    "--save".into(),
                    String::new(),
                    "--appendonly".into(),
                    "no".into(),
                    "--dir".into(),
                    path(layout.redis_dir()),
                    // Keeps its environment (and so the stack's marker) readable in /proc: a process title
                    // longer than the command line would be written over it.
                    "--set-proc-title".into(),
                    "no".into(),
                ],
            ),
            Component::NodeExporter => (
                &bins.node_exporter,
                vec![
                    listen,
                    // The systemd collector logs a D-Bus error on every scrape where systemd does not run.
                    "--no-collector.systemd".into(),
                    format!("--collector.textfile.directory={}", path(layout.node_textfile())),
                ],
            ),
            Component::PostgresExporter => {
                env.push((
                    "DATA_SOURCE_NAME",
                    format!(
                        "postgresql://postgres@127.0.0.1:{}/postgres?sslmode=disable",
                        ports.postgres
                    ),
                ));
                (&bins.postgres_exporter, vec![listen])
            }
            Component::RedisExporter => (
                &bins.redis_exporter,
                vec![format!("--redis.addr=redis://127.0.0.1:{}", ports.redis), listen],
            ),
            Component::Alertmanager => (
                &bins.alertmanager,
                vec![
                    format!("--config.file={}", path(layout.alertmanager_config())),
                    format!("--storage.path={}", path(layout.alertmanager_data())),
                    listen,
                    // A single node: no gossip listener on 0.0.0.0:9094.
                    "--cluster.listen-address=".into(),
                ],
            ),
            Component::Prometheus => (
                &bins.prometheus,
                vec![
                    format!("--config.file={}", path(layout.prometheus_config())),
                    format!("--storage.tsdb.path={}", path(layout.prometheus_data())),
                    format!("--storage.tsdb.retention.time={}", self.config.retention),
                    listen,
                    "--web.enable-lifecycle".into(),
                ],
            ),
            Component::VictoriaMetrics => (
                &bins.victoria_metrics,
                vec![
                    format!("-httpListenAddr=127.0.0.1:{}", ports.victoria_metrics),
                    format!("-promscrape.config={}", path(layout.prometheus_config())),
                    // prometheus.yml also holds `rule_files`, `alerting`, `evaluation_interval`.
                    "-promscrape.config.strictParse=false".into(),
                    format!("-storageDataPath={}", path(layout.victoria_metrics_data())),
                ],
            ),
        };
        let launch = Launch {
            component,
            program,
            args,
            env,
            run_dir: layout.root(),
            log: &layout.log(component),
            user: None,
        };
        let child = launch.spawn()?;
        let proc = Proc {
            component,
            pid: child.id(),
            start_time: start_time(child.id()),
            child: Some(child),
            log: layout.log(component),
        };
        self.record(proc)
    }

    /// `initdb` (first time only) and `pg_ctl start`, as the user postgres, with trust authentication on loopback
    /// and the socket in the run directory. `pg_ctl` daemonises the postmaster: its PID comes from
    /// `postmaster.pid`.
    fn start_postgres(&mut self, plan: &Plan) -> Result<(), StackError> {
        let layout = &plan.layout;
        let user = plan.postgres_user.ok_or(StackError::NoPostgresUser)?;
        let data = layout.postgres_data();
        let socket = layout.postgres_socket();
        let log = layout.log(Component::Postgres);
        let bins = self.config.binaries.clone();
        for dir in [layout.postgres_dir(), socket.clone(), data.clone()] {
            create_dir(&dir)?;
            give_to(&dir, user)?;
        }
        set_mode(&data, 0o700)?;
        fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .map_err(|e| StackError::io(format!("creating {}", log.display()), e))?;
        give_to(&log, user)?;
        let lossy = |p: &Path| p.to_string_lossy().into_owned();
        if !data.join("PG_VERSION").exists() {
            Launch {
                component: Component::Postgres,
                program: &bins.initdb,
                args: vec![
                    "-D".into(),
                    lossy(&data),
                    "-U".into(),
                    "postgres".into(),
                    "--auth=trust".into(),
                    "--encoding=UTF8".into(),
                    "--locale=C.UTF-8".into(),
                    "--no-sync".into(),
                ],
                env: Vec::new(),
                run_dir: layout.root(),
                log: &layout.step_log("initdb"),
                user: Some(user),
            }
            .run("initdb")?;
        }
        let timeout = self.config.start_timeout.as_secs().max(1).to_string();
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k '{}'",
            self.config.ports.postgres,
            lossy(&socket)
        );
        let started = Launch {
            component: Component::Postgres,
            program: &bins.pg_ctl,
            args: vec![
                "-D".into(),
                lossy(&data),
                "-w".into(),
                "-t".into(),
                timeout,
                "-l".into(),
                lossy(&log),
                "-o".into(),
                options,
                "start".into(),
            ],
            env: Vec::new(),
            run_dir: layout.root(),
            log: &layout.step_log("pg_ctl"),
            user: Some(user),
        }
        .run("pg_ctl start");
        if let Err(e) = started {
            // The postmaster's own log says why (a taken port, a bad option).
            return Err(match e {
                StackError::StepFailed {
                    component,
                    step,
                    status,
                    ..
                } => StackError::StepFailed {
                    component,
                    step,
                    status,
                    tail: log_tail(&log),
                    log,
                },
                other => other,
            });
        }
        let pid_file = data.join("postmaster.pid");
        let pid = fs::read_to_string(&pid_file)
            .ok()
            .and_then(|text| text.lines().next()?.trim().parse::<u32>().ok())
            .ok_or_else(|| StackError::StepFailed {
                component: Component::Postgres,
                step: "pg_ctl start",
                status: format!("no PID in {}", pid_file.display()),
                tail: log_tail(&log),
                log: log.clone(),
            })?;
        self.record(Proc {
            component: Component::Postgres,
            pid,
            start_time: start_time(pid),
            child: None,
            log,
        })
    }

    fn expectation(&self, plan: &Plan, with_rules: bool) -> Expectation {
        let mut jobs: Vec<(String, usize)> = self
            .config
            .components
            .iter()
            .filter_map(|c| c.job())
            .map(|job| (job.name().to_owned(), 1))
            .collect();
        if self.config.wait_for_app_targets {
            use tumulte_policy::catalog::Job;
            for (job, targets) in [
                (Job::TumulteBackend, &self.config.backend_targets),
                (Job::TumulteFrontend, &self.config.frontend_targets),
            ] {
                if !targets.is_empty() {
                    jobs.push((job.name().to_owned(), targets.len()));
                }
            }
        }
        let mut ones = Vec::new();
        if with_rules {
            let starts = |c| self.config.starts(c);
            if starts(Component::Postgres) && starts(Component::PostgresExporter) {
                ones.push(("pg_up", "postgres-exporter cannot reach PostgreSQL"));
            }
            if starts(Component::Redis) && starts(Component::RedisExporter) {
                ones.push(("redis_up", "redis-exporter cannot reach Redis"));
            }
        }
        Expectation {
            jobs,
            rule_groups: if with_rules {
                plan.rule_groups.clone()
            } else {
                Vec::new()
            },
            ones,
        }
    }

    fn wait_ready(&mut self, plan: &Plan, began: Instant, cancel: &AtomicBool) -> Result<(), StackError> {
        let prometheus = self
            .config
            .starts(Component::Prometheus)
            .then(|| self.expectation(plan, true));
        let victoria = self
            .config
            .starts(Component::VictoriaMetrics)
            .then(|| self.expectation(plan, false));
        let deadline = began + self.config.start_timeout;
        loop {
            if cancel.load(Ordering::SeqCst) {
                return Err(StackError::Interrupted);
            }
            for proc in &mut self.procs {
                if let Some(status) = proc.exited() {
                    return Err(StackError::ChildExited {
                        component: proc.component,
                        status: status.map_or_else(|| "exited".to_owned(), describe),
                        log: proc.log.clone(),
                        tail: log_tail(&proc.log),
                    });
                }
            }
            let mut pending = Vec::new();
            for component in &self.config.components {
                let addr = SocketAddr::from(([127, 0, 0, 1], self.config.ports.get(*component)));
                if TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err() {
                    pending.push(format!("{component} not listening on {addr} yet"));
                }
            }
            if pending.is_empty() {
                if let Some(expected) = &prometheus {
                    match readiness::check(self.config.ports.prometheus, expected) {
                        Ok(report) => self.readiness.prometheus = Some(report),
                        Err(why) => pending.push(format!("prometheus: {why}")),
                    }
                }
                if let Some(expected) = &victoria {
                    match readiness::check(self.config.ports.victoria_metrics, expected) {
                        Ok(report) => self.readiness.victoria_metrics = Some(report),
                        Err(why) => pending.push(format!("victoria-metrics: {why}")),
                    }
                }
            }
            if pending.is_empty() {
                self.readiness.elapsed = began.elapsed();
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(StackError::StartTimeout {
                    waited: self.config.start_timeout,
                    pending: pending.join("; "),
                    logs: self.layout.logs(),
                });
            }
            thread::sleep(POLL);
        }
    }
}

impl Drop for RunningStack {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.stop_all();
        }
    }
}

fn url_of(component: Component, port: u16) -> String {
    match component {
        Component::Postgres => format!("postgresql://postgres@127.0.0.1:{port}/postgres"),
        Component::Redis => format!("redis://127.0.0.1:{port}"),
        _ => format!("http://127.0.0.1:{port}"),
    }
}
