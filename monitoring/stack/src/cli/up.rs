//! `tumulte-stack up`: start the stack (leaving the preview out, with a line saying why, when it is only a
//! default and its files are missing), print what is ready, then return or (`--foreground`) supervise it until
//! SIGINT/SIGTERM or a component's death.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use signal_hook::consts::{SIGINT, SIGTERM};
use tumulte_stack::{repo, Component, History, Layout, PreviewInputs, RunningStack, Stack, StackConfig, StackError};

use super::args::UpArgs;

/// How often the foreground loop looks at the stop flag and the components.
const SUPERVISE_POLL: Duration = Duration::from_millis(200);

/// Runs `up`.
pub fn run(args: &UpArgs) -> Result<ExitCode, StackError> {
    let mut config = args.config();
    if args.preview_by_default() {
        if let Some(why) = preview_missing(&config) {
            config.components.remove(&Component::Preview);
            println!("preview not started: {why}");
        }
    }
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

/// Why the preview cannot start (a missing file, with its fix), if it cannot. A repository that cannot be found
/// is left for start-up to report.
fn preview_missing(config: &StackConfig) -> Option<String> {
    let root = repo::locate(config.root.as_deref()).ok()?;
    PreviewInputs::find(&root, config.plugin.as_deref())
        .err()
        .map(|e| e.to_string())
}

/// A flag set by SIGINT/SIGTERM; a second SIGINT/SIGTERM terminates at once.
pub fn stop_flag() -> Result<Arc<AtomicBool>, StackError> {
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
    let config = stack.config();
    if config.starts(Component::Demo) {
        let jobs: Vec<String> = config
            .backend_targets
            .iter()
            .map(|t| format!("{} {t}", tumulte_policy::catalog::Job::TumulteBackend))
            .chain(
                config
                    .frontend_targets
                    .iter()
                    .map(|t| format!("{} {t}", tumulte_policy::catalog::Job::TumulteFrontend)),
            )
            .collect();
        let history = match (stack.history(), config.demo_history) {
            (History::Written, Some(h)) => format!(", {} of history", tumulte_stack::duration::format_duration(h)),
            (History::Skipped(why), _) => format!("; no history written: {why}"),
            _ => String::new(),
        };
        println!(
            "demo: scenario {} for {}{history}",
            config.demo_scenario,
            jobs.join(", ")
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
    if let Some(url) = stack.preview_url() {
        println!("dashboard: {url}");
    }
    let layout = Layout::new(stack.run_dir());
    println!(
        "logs: {}/   state: {}",
        layout.logs().display(),
        layout.state_file().display()
    );
}
