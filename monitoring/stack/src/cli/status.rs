//! `tumulte-stack status`: each component of a run directory's stack (PID, running, listening, URL) and
//! Prometheus' targets; exits 1 if a component is not running.

use std::path::Path;
use std::process::ExitCode;

use tumulte_stack::readiness::fetch_targets;
use tumulte_stack::{status, Component, StackError};

/// Runs `status`.
pub fn run(run_dir: &Path) -> Result<ExitCode, StackError> {
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
