//! The state file (`RUN_DIR/state.json`): which processes a stack runs, so that another invocation
//! (`tumulte-stack down`, `status`) can find and stop them by PID.

use std::fs;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::component::Component;
use crate::error::StackError;
use crate::layout::Layout;
use crate::process::{is_alive, kill_leftovers, start_time, Proc};

/// One process of a stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessRecord {
    /// Which component.
    pub component: Component,
    /// Its process id (for PostgreSQL, the postmaster's).
    pub pid: u32,
    /// When it started, in clock ticks after boot (`/proc/PID/stat`): tells it from a later process with its PID.
    pub start_time: u64,
    /// Its loopback port.
    pub port: u16,
    /// Where to reach it: `http://127.0.0.1:PORT`, `postgresql://…`, `redis://…`.
    pub url: String,
    /// Its log file.
    pub log: PathBuf,
}

/// What `state.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StackState {
    /// The run directory (absolute).
    pub run_dir: PathBuf,
    /// The process that started the stack.
    pub runner_pid: u32,
    /// Its processes, in start order.
    pub processes: Vec<ProcessRecord>,
}

impl StackState {
    /// Reads `RUN_DIR/state.json`.
    pub fn load(run_dir: &Path) -> Result<StackState, StackError> {
        let path = Layout::new(run_dir).state_file();
        let no_state = |reason: String| StackError::NoState {
            path: path.clone(),
            reason,
        };
        let text = fs::read_to_string(&path).map_err(|e| no_state(e.to_string()))?;
        serde_json::from_str(&text).map_err(|e| no_state(format!("unreadable: {e}")))
    }

    /// Writes it atomically (temporary file, then rename).
    pub(crate) fn save(&self) -> Result<(), StackError> {
        let path = Layout::new(&self.run_dir).state_file();
        let tmp = path.with_extension("json.tmp");
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| StackError::InvalidConfig(format!("serialising the state: {e}")))?
            + "\n";
        fs::write(&tmp, text).map_err(|e| StackError::io(format!("writing {}", tmp.display()), e))?;
        fs::rename(&tmp, &path).map_err(|e| StackError::io(format!("writing {}", path.display()), e))
    }

    /// The record of one component.
    pub fn process(&self, component: Component) -> Option<&ProcessRecord> {
        self.processes.iter().find(|p| p.component == component)
    }
}

/// Removes the state file, if any.
pub(crate) fn remove_state(run_dir: &Path) {
    let _ = fs::remove_file(Layout::new(run_dir).state_file());
}

/// What [`stop_run_dir`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StopReport {
    /// The processes of the state file that were running and were stopped.
    pub stopped: Vec<(Component, u32)>,
    /// Processes of the run directory found without a state entry (e.g. PostgreSQL backends) and killed.
    pub leftovers: usize,
    /// Whether there was a state file.
    pub had_state: bool,
}

/// Stops the stack of `run_dir` from another process (`tumulte-stack down`): each process of the state file in
/// reverse start order, by PID (only if it still carries the stack's marker: PIDs are reused), SIGTERM (SIGINT
/// for PostgreSQL), `grace`, SIGKILL; then every leftover process of the run directory; then removes the state.
pub fn stop_run_dir(run_dir: &Path, grace: Duration) -> Result<StopReport, StackError> {
    let run_dir = fs::canonicalize(run_dir).unwrap_or_else(|_| run_dir.to_path_buf());
    let mut report = StopReport::default();
    let mut first_error = None;
    if let Ok(state) = StackState::load(&run_dir) {
        report.had_state = true;
        for record in state.processes.iter().rev() {
            let mut proc = Proc {
                component: record.component,
                pid: record.pid,
                child: None,
                start_time: Some(record.start_time),
                log: record.log.clone(),
            };
            if !(is_alive(record.pid) && proc.is_ours(&run_dir)) {
                continue;
            }
            match proc.stop(grace, &run_dir) {
                Ok(()) => report.stopped.push((record.component, record.pid)),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
    }
    report.leftovers = kill_leftovers(&run_dir);
    match first_error {
        Some(e) => Err(e),
        None => {
            remove_state(&run_dir);
            Ok(report)
        }
    }
}

/// One component as `tumulte-stack status` sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentStatus {
    /// Its state-file record.
    pub record: ProcessRecord,
    /// Whether its process runs.
    pub running: bool,
    /// Whether its port accepts connections.
    pub listening: bool,
}

/// The components of the stack of `run_dir`, from its state file.
pub fn status(run_dir: &Path) -> Result<Vec<ComponentStatus>, StackError> {
    let run_dir = fs::canonicalize(run_dir).unwrap_or_else(|_| run_dir.to_path_buf());
    let state = StackState::load(&run_dir)?;
    Ok(state
        .processes
        .into_iter()
        .map(|record| {
            let running = is_alive(record.pid) && start_time(record.pid) == Some(record.start_time);
            let addr = SocketAddr::from(([127, 0, 0, 1], record.port));
            let listening = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok();
            ComponentStatus {
                record,
                running,
                listening,
            }
        })
        .collect())
}
