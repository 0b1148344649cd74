//! The checks start-up makes before it starts anything, and the [`Plan`] they resolve: paths, the webhook URL,
//! the `postgres` user, the preview's files, the rendered configurations, the rule groups Prometheus must load.

use std::fs;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tumulte_policy::catalog::Job;

use super::run_dir::{create_dir, prepare_run_dir};
use crate::component::Component;
use crate::config::StackConfig;
use crate::error::StackError;
use crate::layout::Layout;
use crate::preview::PreviewInputs;
use crate::process::{is_alive, processes_of, start_time, User};
use crate::render;
use crate::state::StackState;

/// The shortest scrape or evaluation interval start-up accepts.
const MIN_INTERVAL: Duration = Duration::from_millis(100);

/// Paths and values resolved by the checks, before anything starts.
pub(super) struct Plan {
    pub layout: Layout,
    /// The repository.
    pub root: PathBuf,
    /// What the preview serves, if it is started.
    pub preview: Option<PreviewInputs>,
    pub rules_dir: PathBuf,
    pub template: PathBuf,
    pub webhook_url: Option<String>,
    pub postgres_user: Option<User>,
    /// The rule groups Prometheus must load (file, name).
    pub rule_groups: Vec<(PathBuf, String)>,
}

/// Every check that needs no process started; creates the run directory and renders the configurations.
pub(super) fn preflight(config: &StackConfig) -> Result<Plan, StackError> {
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
    let preview = if config.starts(Component::Preview) {
        Some(PreviewInputs::find(&root, config.plugin.as_deref())?)
    } else {
        None
    };
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
        for address in config.addresses(*component) {
            if let Err(e) = TcpListener::bind(address.as_str()) {
                return Err(match config.ports.get(*component) {
                    Some(port) => StackError::PortTaken {
                        port,
                        component: *component,
                        flag: component.port_flag(),
                    },
                    None => {
                        let (job, flag) = app_job_of(config, &address);
                        StackError::AddressTaken {
                            address,
                            job: job.name(),
                            flag,
                            reason: e.to_string(),
                        }
                    }
                });
            }
        }
    }

    let plan = Plan {
        layout,
        root,
        preview,
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

/// The job whose target `address` is, and the flag that sets that job's targets.
fn app_job_of(config: &StackConfig, address: &str) -> (Job, &'static str) {
    if config.backend_targets.iter().any(|t| t == address) {
        (Job::TumulteBackend, "--backend")
    } else {
        (Job::TumulteFrontend, "--frontend")
    }
}

/// An address as far as clashes go: its port, and its host with every loopback or wildcard spelling made one
/// (a demo target on `0.0.0.0:9090` clashes with Prometheus on `127.0.0.1:9090`).
fn clash_key(address: &str) -> Option<(&str, u16)> {
    let (host, port) = address.rsplit_once(':')?;
    let host = match host {
        "127.0.0.1" | "localhost" | "0.0.0.0" | "[::]" | "[::1]" => "local",
        other => other,
    };
    Some((host, port.parse().ok()?))
}

/// The checks on the configuration alone: ports, the Tumulte app's targets, intervals, something to start, what
/// the demo needs.
fn validate(config: &StackConfig) -> Result<(), StackError> {
    let mut seen: Vec<(Component, (&str, u16))> = Vec::new();
    let addresses: Vec<(Component, Vec<String>)> =
        config.components.iter().map(|c| (*c, config.addresses(*c))).collect();
    for (component, listens) in &addresses {
        if config.ports.get(*component) == Some(0) {
            return Err(StackError::InvalidConfig(format!(
                "{component} has port 0; give it a port with {} PORT",
                component.port_flag()
            )));
        }
        for key in listens.iter().filter_map(|a| clash_key(a)) {
            if let Some((first, _)) = seen.iter().find(|(c, k)| *k == key && c != component) {
                return Err(StackError::PortClash {
                    port: key.1,
                    first: *first,
                    second: *component,
                    flag: component.port_flag(),
                });
            }
            seen.push((*component, key));
        }
    }
    if config.starts(Component::Demo) && config.addresses(Component::Demo).is_empty() {
        return Err(StackError::InvalidConfig(
            "the demo serves the Tumulte app's targets, and there are none (--no-app); drop --no-app, or --demo".into(),
        ));
    }
    if config.demo_history.is_some() && !(config.starts(Component::Demo) && config.starts(Component::Prometheus)) {
        return Err(StackError::InvalidConfig(
            "--demo-history puts the demo's history in Prometheus: it needs both started (--demo, and prometheus not \
             skipped)"
                .into(),
        ));
    }
    for (job, flag, targets) in [
        (Job::TumulteBackend, "--backend", &config.backend_targets),
        (Job::TumulteFrontend, "--frontend", &config.frontend_targets),
    ] {
        for target in targets {
            let valid = target
                .rsplit_once(':')
                .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok_and(|p| p > 0));
            if !valid {
                return Err(StackError::InvalidConfig(format!(
                    "target {target:?} of {job} ({flag}) is not HOST:PORT"
                )));
            }
        }
    }
    for (name, interval) in [
        ("the scrape interval", config.scrape_interval),
        ("the evaluation interval", config.evaluation_interval),
    ] {
        if interval < MIN_INTERVAL {
            return Err(StackError::InvalidConfig(format!(
                "{name} must be at least {}ms",
                MIN_INTERVAL.as_millis()
            )));
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

/// Renders `prometheus.yml` and `alertmanager.yml` into the run directory, each checked by its tool.
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
