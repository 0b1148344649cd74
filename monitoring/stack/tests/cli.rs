//! End-to-end tests of the `tumulte-stack` binary: `up` (in the background), `status`, `down` by PID, and its
//! one-line errors.

mod fixture;

use std::fs;
use std::path::Path;

use fixture::{assert_nothing_running, text, tumulte_stack};
use tumulte_stack::{Component, Ports, StackConfig, StackState};
use tumulte_test_kit::prometheus;

/// `up` arguments for `config`'s run directory and ports, with 1 s intervals and no Tumulte targets.
fn up_args(config: &StackConfig, run_dir: &Path) -> Vec<String> {
    let mut args: Vec<String> = [
        "up",
        "--no-app",
        "--scrape-interval",
        "1s",
        "--evaluation-interval",
        "1s",
    ]
    .map(String::from)
    .into();
    args.extend(["--run-dir".into(), run_dir.display().to_string()]);
    for component in Ports::components() {
        if let Some(port) = config.ports.get(component) {
            args.extend([component.port_flag().to_owned(), port.to_string()]);
        }
    }
    args
}

#[test]
fn up_reports_every_target_up_then_status_and_down_by_pid_leave_nothing_running() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(config) = prometheus::config(dir.path(), &Component::DEFAULT) else {
        return;
    };
    let run_dir = fs::canonicalize(dir.path()).expect("run dir");
    let mut args = up_args(&config, &run_dir);
    // The packaged components only: the preview has its own test (`native.rs`).
    args.extend(["--no-discord".into(), "--skip".into(), "preview".into()]);

    let up = tumulte_stack(&args);
    let stdout = text(&up.stdout);
    assert!(up.status.success(), "up failed: {}{}", stdout, text(&up.stderr));
    assert!(stdout.contains("all 5 targets UP"), "{stdout}");
    assert!(
        stdout.contains(&format!("http://127.0.0.1:{}", config.ports.prometheus)),
        "{stdout}"
    );
    let state = StackState::load(&run_dir).expect("state file written");
    let pids: Vec<u32> = state.processes.iter().map(|p| p.pid).collect();
    assert_eq!(pids.len(), 7);

    let status = tumulte_stack(&["status".into(), "--run-dir".into(), run_dir.display().to_string()]);
    let status_out = text(&status.stdout);
    assert!(status.status.success(), "{status_out}");
    assert!(status_out.contains("prometheus: 5 of 5 targets UP"), "{status_out}");

    let down = tumulte_stack(&["down".into(), "--run-dir".into(), run_dir.display().to_string()]);
    assert!(down.status.success(), "{}{}", text(&down.stdout), text(&down.stderr));
    assert!(text(&down.stdout).contains("stopped prometheus"));
    assert_nothing_running(&config, &run_dir, &pids);

    let again = tumulte_stack(&["status".into(), "--run-dir".into(), run_dir.display().to_string()]);
    assert!(!again.status.success());
}

#[test]
fn a_missing_webhook_url_names_the_variable_on_one_line_and_nothing_starts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(config) = prometheus::config(dir.path(), &Component::DEFAULT) else {
        return;
    };
    let run_dir = fs::canonicalize(dir.path()).expect("run dir");

    let up = tumulte_stack(&up_args(&config, &run_dir));
    assert!(!up.status.success());
    let stderr = text(&up.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.starts_with("tumulte-stack: DISCORD_WEBHOOK_URL is not set"),
        "{stderr}"
    );
    assert!(stderr.contains("--no-discord"), "{stderr}");
    assert_nothing_running(&config, &run_dir, &[]);
}

#[test]
fn a_bad_flag_value_is_refused_before_anything_starts() {
    let up = tumulte_stack(&["up".into(), "--port-prometheus".into(), "0".into()]);
    assert!(!up.status.success());
    assert!(text(&up.stderr).contains("--port-prometheus"));
}
