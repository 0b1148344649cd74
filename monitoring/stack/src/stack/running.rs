//! The started stack ([`RunningStack`]): what it holds, what it tells (URLs, PIDs, logs, readiness), and the
//! state file it keeps up to date as components start.

use std::path::{Path, PathBuf};

use tumulte_policy::names::DASHBOARD_UID;

use super::report::Readiness;
use crate::component::Component;
use crate::config::StackConfig;
use crate::error::StackError;
use crate::layout::Layout;
use crate::process::{describe, Proc};
use crate::state::{ProcessRecord, StackState};

/// A started stack. Dropping it stops every component (unless it was [`RunningStack::detach`]ed).
#[derive(Debug)]
pub struct RunningStack {
    pub(super) config: StackConfig,
    pub(super) layout: Layout,
    pub(super) procs: Vec<Proc>,
    pub(super) state: StackState,
    pub(super) readiness: Readiness,
    pub(super) history: super::history::History,
    /// Stopped or detached: nothing left to do on drop.
    pub(super) done: bool,
}

impl RunningStack {
    /// What became of the demo's history (`--demo-history`).
    pub fn history(&self) -> &super::history::History {
        &self.history
    }

    /// A stack of `config` in the prepared `layout`, nothing started yet.
    pub(super) fn new(config: StackConfig, layout: Layout) -> Self {
        RunningStack {
            state: StackState {
                run_dir: layout.run_dir.clone(),
                runner_pid: std::process::id(),
                processes: Vec::new(),
            },
            config,
            layout,
            procs: Vec::new(),
            readiness: Readiness::default(),
            history: super::history::History::None,
            done: false,
        }
    }

    /// The run directory (absolute, canonical): configurations, data, `logs/`, `state.json`.
    pub fn run_dir(&self) -> &Path {
        self.layout.root()
    }

    /// The configuration it was started with.
    pub fn config(&self) -> &StackConfig {
        &self.config
    }

    /// The port of a started component (the demo's: that of its first address).
    pub fn port(&self, component: Component) -> Option<u16> {
        self.config
            .starts(component)
            .then(|| self.config.port(component))
            .flatten()
    }

    /// Where to reach a started component: `http://127.0.0.1:PORT` (exporters, Alertmanager, Prometheus,
    /// VictoriaMetrics), `postgresql://postgres@127.0.0.1:PORT/postgres`, `redis://127.0.0.1:PORT`, the
    /// overview's page `http://127.0.0.1:PORT/d/tumulte-overview` (the preview), `http://HOST:PORT` of the demo's
    /// first address.
    pub fn url(&self, component: Component) -> Option<String> {
        self.config
            .starts(component)
            .then(|| url_of(&self.config, component))
            .flatten()
    }

    /// The overview's page in the preview.
    pub fn preview_url(&self) -> Option<String> {
        self.url(Component::Preview)
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

    /// Records a started process: keeps it (to stop it) and writes it to the state file (for `down`, `status`).
    pub(super) fn record(&mut self, proc: Proc) -> Result<(), StackError> {
        let port = self.config.port(proc.component).unwrap_or_default();
        self.state.processes.push(ProcessRecord {
            component: proc.component,
            pid: proc.pid,
            start_time: proc.start_time.unwrap_or_default(),
            port,
            url: url_of(&self.config, proc.component).unwrap_or_default(),
            log: proc.log.clone(),
        });
        self.procs.push(proc);
        self.state.save()
    }
}

/// Where to reach `component` as `config` places it.
fn url_of(config: &StackConfig, component: Component) -> Option<String> {
    let port = config.ports.get(component);
    Some(match component {
        Component::Postgres => format!("postgresql://postgres@127.0.0.1:{}/postgres", port?),
        Component::Redis => format!("redis://127.0.0.1:{}", port?),
        Component::Preview => format!("http://127.0.0.1:{}/d/{DASHBOARD_UID}", port?),
        Component::Demo => format!("http://{}", config.addresses(component).first()?),
        _ => format!("http://127.0.0.1:{}", port?),
    })
}
