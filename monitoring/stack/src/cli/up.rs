//! `tumulte-stack up`: start the stack, print what is ready, then return or (`--foreground`) supervise it until
//! SIGINT/SIGTERM or a component's death.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use signal_hook::consts::{SIGINT, SIGTERM};
use tumulte_stack::{Layout, RunningStack, Stack, StackError};

use super::args::UpArgs;

/// How often the foreground loop looks at the stop flag and the components.
const SUPERVISE_POLL: Duration = Duration::from_millis(200);

/// Runs `up`.
pub fn run(args: &UpArgs) -> Result<ExitCode, StackError> {
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
        thread::sleep(SUPERVISE_POLL);
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

/// Each component's URL and PID, what start-up waited for, the targets it did not, where the logs are.
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
