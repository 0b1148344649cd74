//! End-to-end tests of the library: the real components from the machine's Debian packages, on free loopback ports.

mod fixture;

use std::fs;
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::Duration;

use fixture::{assert_nothing_running, metrics_server};
use tumulte_stack::{Component, Layout, Stack, StackError, StackState};
use tumulte_test_kit::http::{self, listening};
use tumulte_test_kit::prometheus::{self, installed};

#[test]
fn whole_stack_reaches_every_target_up_with_rules_loaded_then_stops_without_leaving_a_process() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Every component, VictoriaMetrics included.
    let Some(mut config) = prometheus::config(dir.path(), &Component::PACKAGED) else {
        return;
    };
    // The Tumulte app: two backend instances and a frontend, awaited like the rest.
    let app = [metrics_server(), metrics_server(), metrics_server()];
    config.backend_targets = vec![app[0].addr().to_string(), app[1].addr().to_string()];
    config.frontend_targets = vec![app[2].addr().to_string()];
    config.wait_for_app_targets = true;
    let expected = config.clone();

    let stack = Stack::start(config).expect("the stack starts");
    let run_dir = stack.run_dir().to_path_buf();
    let readiness = stack.readiness().clone();
    let prometheus = readiness.prometheus.as_ref().expect("prometheus report");
    assert_eq!(
        readiness.targets_up(),
        8,
        "5 components + 3 app targets: {prometheus:?}"
    );
    assert!(prometheus.targets.iter().all(|t| t.is_up()));
    for group in ["tumulte-alerts", "tumulte-recording"] {
        assert!(prometheus.rule_groups.iter().any(|g| g == group), "{group} loaded");
    }
    let victoria = readiness.victoria_metrics.as_ref().expect("victoria-metrics report");
    assert_eq!(victoria.targets.len(), 8);

    // The URLs answer; the exporters reach their databases; the state file lists every process.
    let port = |c| stack.port(c).expect("started");
    let ready = http::request(
        port(Component::Alertmanager),
        "GET",
        "/-/ready",
        &[],
        Duration::from_secs(2),
    )
    .expect("alertmanager");
    assert_eq!(ready.status, 200);
    let pg_up = http::request(
        port(Component::Prometheus),
        "GET",
        "/api/v1/query?query=pg_up",
        &[],
        Duration::from_secs(2),
    )
    .expect("query pg_up");
    assert!(pg_up.body.contains(r#""1"]"#), "pg_up is 1: {}", pg_up.body);
    assert_eq!(
        stack.prometheus_url(),
        Some(format!("http://127.0.0.1:{}", expected.ports.prometheus))
    );
    let state = StackState::load(&run_dir).expect("state file");
    assert_eq!(state.processes.len(), 8);
    let pids: Vec<u32> = stack.pids().into_iter().map(|(_, pid)| pid).collect();
    assert!(pids.iter().all(|pid| tumulte_stack::is_alive(*pid)));
    assert!(Layout::new(&run_dir).log(Component::Prometheus).is_file());

    stack.stop().expect("stops");
    assert_nothing_running(&expected, &run_dir, &pids);
    assert!(!Layout::new(&run_dir).state_file().exists(), "state file removed");
}

#[test]
fn a_taken_port_is_named_with_its_component_and_flag_and_nothing_starts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(config) = prometheus::config(dir.path(), &Component::DEFAULT) else {
        return;
    };
    let squatter = TcpListener::bind(("127.0.0.1", config.ports.alertmanager)).expect("take the port");
    let expected = config.clone();

    let error = Stack::start(config).expect_err("the port is taken");
    let message = error.to_string();
    assert!(
        matches!(
            error,
            StackError::PortTaken {
                component: Component::Alertmanager,
                flag: "--port-alertmanager",
                ..
            }
        ),
        "{message}"
    );
    assert!(message.contains(&expected.ports.alertmanager.to_string()), "{message}");
    assert!(
        message.contains("alertmanager") && message.contains("--port-alertmanager"),
        "{message}"
    );
    drop(squatter);
    assert_nothing_running(&expected, &fs::canonicalize(dir.path()).expect("run dir"), &[]);
}

#[test]
fn two_components_on_one_port_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(mut config) = prometheus::config(dir.path(), &Component::DEFAULT) else {
        return;
    };
    config.ports.redis = config.ports.postgres;
    let error = Stack::start(config).expect_err("a port clash");
    assert!(matches!(error, StackError::PortClash { .. }), "{error}");
    assert!(error.to_string().contains("--port-redis"), "{error}");
}

#[test]
fn a_missing_binary_is_named_with_its_apt_package_and_nothing_starts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(mut config) = prometheus::config(dir.path(), &Component::DEFAULT) else {
        return;
    };
    config.binaries.node_exporter = PathBuf::from("/nonexistent/prometheus-node-exporter");
    let expected = config.clone();

    let error = Stack::start(config).expect_err("the binary is missing");
    let message = error.to_string();
    assert!(matches!(error, StackError::MissingBinary { .. }), "{message}");
    assert!(message.contains("/nonexistent/prometheus-node-exporter"), "{message}");
    assert!(
        message.contains("apt-get install prometheus-node-exporter"),
        "{message}"
    );
    assert!(!message.contains('\n'));
    assert_nothing_running(&expected, &fs::canonicalize(dir.path()).expect("run dir"), &[]);
}

#[test]
fn a_rule_file_promtool_rejects_is_reported_with_promtools_message_and_nothing_starts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = tempfile::tempdir().expect("rules dir");
    fs::write(
        rules.path().join("broken.yml"),
        "groups:\n- name: broken\n  rules:\n  - alert: Broken\n    expr: sum(rate(http_requests_total[5m]) by\n",
    )
    .expect("write the broken rule");
    let Some(mut config) = prometheus::config(dir.path(), &Component::DEFAULT) else {
        return;
    };
    config.rules_dir = Some(rules.path().to_path_buf());
    let expected = config.clone();

    let error = Stack::start(config).expect_err("promtool rejects the rule");
    let message = error.to_string();
    assert!(matches!(error, StackError::PromtoolRejected { .. }), "{message}");
    assert!(message.contains("broken.yml"), "{message}");
    assert!(
        message.contains("could not parse expression"),
        "promtool's own words: {message}"
    );
    assert!(!message.contains('\n'));
    assert_nothing_running(&expected, &fs::canonicalize(dir.path()).expect("run dir"), &[]);
}

#[test]
fn a_component_dying_at_start_stops_everything_started_before_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(mut config) = prometheus::config(dir.path(), &Component::DEFAULT) else {
        return;
    };
    // Prometheus exits at once: PostgreSQL, Redis, the exporters and Alertmanager are already running then.
    config.binaries.prometheus = PathBuf::from("/bin/false");
    let expected = config.clone();

    let error = Stack::start(config).expect_err("prometheus dies");
    assert!(
        matches!(
            error,
            StackError::ChildExited {
                component: Component::Prometheus,
                ..
            }
        ),
        "{error}"
    );
    let run_dir = fs::canonicalize(dir.path()).expect("run dir");
    assert_nothing_running(&expected, &run_dir, &[]);
    assert!(!Layout::new(&run_dir).state_file().exists(), "state file removed");
    assert!(!listening(expected.ports.postgres));
}

#[test]
fn the_packages_are_installed() {
    installed(&Component::PACKAGED);
}

#[test]
fn a_target_that_never_comes_up_times_out_naming_it_and_stops_everything() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(mut config) = prometheus::config(dir.path(), &Component::DEFAULT) else {
        return;
    };
    config.components = [Component::Prometheus].into_iter().collect();
    // Nothing listens there (VictoriaMetrics' free port; it is not started).
    config.backend_targets = vec![format!("127.0.0.1:{}", config.ports.victoria_metrics)];
    config.wait_for_app_targets = true;
    config.start_timeout = Duration::from_secs(8);
    let expected = config.clone();

    let error = Stack::start(config).expect_err("the backend never comes up");
    let message = error.to_string();
    assert!(matches!(error, StackError::StartTimeout { .. }), "{message}");
    assert!(message.contains("tumulte-backend"), "{message}");
    assert_nothing_running(&expected, &fs::canonicalize(dir.path()).expect("run dir"), &[]);
}

#[test]
fn an_alertmanager_config_amtool_rejects_is_reported_and_nothing_starts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let template = dir.path().join("bad.yml.tmpl");
    fs::write(
        &template,
        "route:\n  receiver: nobody\nreceivers:\n  - name: discord\n    discord_configs:\n      - webhook_url: '${DISCORD_WEBHOOK_URL}'\n",
    )
    .expect("write the template");
    let Some(mut config) = prometheus::config(dir.path(), &Component::DEFAULT) else {
        return;
    };
    config.alertmanager_template = Some(template);
    config.webhook = tumulte_stack::Webhook::Url("https://discord.example/api/webhooks/1/SECRET".into());
    let expected = config.clone();

    let error = Stack::start(config).expect_err("amtool rejects it");
    let message = error.to_string();
    assert!(matches!(error, StackError::AmtoolRejected { .. }), "{message}");
    assert!(
        message.contains("undefined receiver \"nobody\""),
        "amtool's words: {message}"
    );
    assert!(!message.contains("SECRET"), "the webhook URL is never shown: {message}");
    assert_nothing_running(&expected, &fs::canonicalize(dir.path()).expect("run dir"), &[]);
}
