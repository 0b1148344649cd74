//! `tumulte-stack down`: stop the stack of a run directory by the PIDs of its state file, and say what was stopped.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use tumulte_stack::{stop_run_dir, StackError};

/// Runs `down`.
pub fn run(run_dir: &Path, grace: Duration) -> Result<ExitCode, StackError> {
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
