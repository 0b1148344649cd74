//! The stack's configuration judged by the real tools: promtool, amtool, the compose-spec schema and
//! `docker-compose config` (which resolves `.env` without an engine).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tumulte_test_kit::repo::root as repo;
use tumulte_test_kit::tools;

fn run(cmd: &mut Command) -> (bool, String) {
    let Output { status, stdout, stderr } = cmd.output().expect("the tool runs");
    (
        status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&stdout),
            String::from_utf8_lossy(&stderr)
        ),
    )
}

/// The Alertmanager template rendered with a harmless loopback URL.
fn rendered_alertmanager(dir: &Path) -> PathBuf {
    let template = std::fs::read_to_string(repo().join("monitoring/alertmanager/alertmanager.yml.tmpl")).expect("read");
    let path = dir.join("alertmanager.yml");
    std::fs::write(
        &path,
        template.replace("${DISCORD_WEBHOOK_URL}", "http://127.0.0.1:9/hook"),
    )
    .expect("write");
    path
}

fn amtool() -> Option<PathBuf> {
    tools::find("amtool", "prometheus-alertmanager")
}

fn route(amtool: &Path, config: &Path, labels: &[&str]) -> String {
    let (ok, out) = run(Command::new(amtool)
        .args(["config", "routes", "test", "--config.file"])
        .arg(config)
        .args(labels));
    assert!(ok, "{out}");
    out.lines()
        .filter(|l| !l.starts_with("Warning:"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn promtool_accepts_the_generated_prometheus_config() {
    let Some(promtool) = tools::find("promtool", "prometheus") else {
        return;
    };
    let (ok, out) = run(Command::new(promtool)
        .arg("check")
        .arg("config")
        .arg(repo().join("monitoring/prometheus/prometheus.yml")));
    assert!(ok, "{out}");
}

/// Each of `alerts` has a firing case with expected labels (`labelled`: the first label after the name) and a
/// quiet case in the promtool test file `file`, and promtool passes the file.
fn promtool_proves_both_ways(file: &str, alerts: &[String], labelled: &[&str]) {
    let tests = repo().join("monitoring/prometheus/tests").join(file);
    let text = std::fs::read_to_string(&tests).expect("read");
    for alert in alerts {
        assert!(
            labelled
                .iter()
                .any(|label| text.contains(&format!("alertname: {alert}, {label}"))),
            "{alert} has no firing case with expected labels"
        );
        assert!(
            text.contains(&format!("alertname: {alert}, exp_alerts: []")),
            "{alert} has no quiet case"
        );
    }
    let Some(promtool) = tools::find("promtool", "prometheus") else {
        return;
    };
    let (ok, out) = run(Command::new(promtool).args(["test", "rules"]).arg(&tests));
    assert!(ok && out.contains("SUCCESS"), "{out}");
}

#[test]
fn promtool_unit_tests_prove_every_alert_of_the_policy() {
    let policy = tumulte_policy::Policy::default();
    assert_eq!(policy.alerts.len(), 9, "the alert table's nine alerts");
    let alerts: Vec<String> = policy.alerts.iter().map(|a| a.name.clone()).collect();
    promtool_proves_both_ways("alerts.test.yml", &alerts, &["job", "instance"]);
}

#[test]
fn promtool_unit_tests_prove_every_burn_rate_alert_both_ways() {
    let policy = tumulte_policy::Policy::default();
    let alerts: Vec<String> = policy
        .slo
        .objectives
        .iter()
        .flat_map(|o| policy.slo.alerts.iter().map(|a| o.alert_name(a)))
        .collect();
    assert_eq!(alerts.len(), 8, "four burn-rate alerts per objective");
    promtool_proves_both_ways("slo.test.yml", &alerts, &["job"]);
}

#[test]
fn amtool_accepts_the_rendered_alertmanager_config() {
    let Some(amtool) = amtool() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let (ok, out) = run(Command::new(amtool)
        .arg("check-config")
        .arg(rendered_alertmanager(dir.path())));
    assert!(ok && out.contains("SUCCESS"), "{out}");
}

#[test]
fn critical_alerts_route_to_the_critical_discord_receiver() {
    let Some(amtool) = amtool() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let config = rendered_alertmanager(dir.path());
    assert_eq!(
        route(
            &amtool,
            &config,
            &["alertname=TumulteBackendDown", "severity=critical", "service=backend"]
        ),
        "discord-critical"
    );
}

#[test]
fn warnings_route_to_the_warning_discord_receiver() {
    let Some(amtool) = amtool() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let config = rendered_alertmanager(dir.path());
    assert_eq!(
        route(
            &amtool,
            &config,
            &["alertname=HighCpuUsage", "severity=warning", "service=host"]
        ),
        "discord-warning"
    );
}

#[test]
fn any_other_alert_reaches_the_catch_all_route() {
    let Some(amtool) = amtool() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let config = rendered_alertmanager(dir.path());
    assert_eq!(
        route(&amtool, &config, &["alertname=Watchdog", "severity=info"]),
        "discord-catch-all"
    );
    assert_eq!(route(&amtool, &config, &["alertname=NoSeverity"]), "discord-catch-all");
}

#[test]
fn the_alertmanager_template_holds_no_webhook_secret() {
    let template = std::fs::read_to_string(repo().join("monitoring/alertmanager/alertmanager.yml.tmpl")).expect("read");
    assert!(template.contains("webhook_url: '${DISCORD_WEBHOOK_URL}'"));
    assert!(
        !template.contains("discord.com/api/webhooks/"),
        "a real webhook URL is committed"
    );
}

fn docker_compose() -> Option<PathBuf> {
    tools::find("docker-compose", "docker-compose")
}

fn compose(docker_compose: &Path, env_file: &Path, files: &[&str]) -> (bool, String) {
    let dir = repo().join("monitoring");
    let mut cmd = Command::new(docker_compose);
    cmd.current_dir(&dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd.arg("--env-file").arg(env_file);
    for f in files {
        cmd.args(["-f", f]);
    }
    run(cmd.arg("config"))
}

fn filled_env(dir: &Path) -> PathBuf {
    let example = std::fs::read_to_string(repo().join("monitoring/.env.example")).expect("read");
    let filled = example
        .replace(
            "GF_SECURITY_ADMIN_PASSWORD=\n",
            "GF_SECURITY_ADMIN_PASSWORD=test-only\n",
        )
        .replace(
            "DATA_SOURCE_NAME=\n",
            "DATA_SOURCE_NAME=postgresql://u:p@host.docker.internal:5432/twitch_polls?sslmode=disable\n",
        )
        .replace(
            "DISCORD_WEBHOOK_URL=\n",
            "DISCORD_WEBHOOK_URL=http://127.0.0.1:9/hook\n",
        );
    let path = dir.join("test.env");
    std::fs::write(&path, filled).expect("write");
    path
}

#[test]
fn the_compose_files_follow_the_compose_spec() {
    let Some(check_jsonschema) = tools::venv("check-jsonschema") else {
        return;
    };
    let dir = repo().join("monitoring");
    let (ok, out) = run(Command::new(check_jsonschema)
        .args(["--builtin-schema", "vendor.compose-spec"])
        .arg(dir.join("docker-compose.yml"))
        .arg(dir.join("docker-compose.dev.yml")));
    assert!(ok, "{out}");
}

#[test]
fn compose_resolves_with_every_variable_of_env_example_filled() {
    let Some(docker_compose) = docker_compose() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let (ok, out) = compose(
        &docker_compose,
        &filled_env(dir.path()),
        &["docker-compose.yml", "docker-compose.dev.yml"],
    );
    assert!(ok, "{out}");
    assert!(!out.contains("test-only") || out.contains("GF_SECURITY_ADMIN_PASSWORD: test-only"));
}

#[test]
fn compose_refuses_to_start_without_the_admin_password_and_names_it() {
    let Some(docker_compose) = docker_compose() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let env = filled_env(dir.path());
    let text = std::fs::read_to_string(&env)
        .expect("read")
        .replace("GF_SECURITY_ADMIN_PASSWORD=test-only\n", "");
    std::fs::write(&env, text).expect("write");
    let (ok, out) = compose(&docker_compose, &env, &["docker-compose.yml"]);
    assert!(!ok);
    assert!(
        out.contains("set GF_SECURITY_ADMIN_PASSWORD in monitoring/.env"),
        "{out}"
    );
}

#[test]
fn compose_pins_tumultes_image_versions_and_binds_all_but_grafana_to_loopback() {
    let Some(docker_compose) = docker_compose() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let (ok, out) = compose(&docker_compose, &filled_env(dir.path()), &["docker-compose.yml"]);
    assert!(ok, "{out}");
    let config: serde_norway::Value = serde_norway::from_str(&out).expect("YAML");
    let services = config["services"].as_mapping().expect("services");
    let image = |s: &str| config["services"][s]["image"].as_str().unwrap_or_default().to_owned();
    assert_eq!(image("prometheus"), "prom/prometheus:v2.51.0");
    assert_eq!(image("grafana"), "grafana/grafana:10.4.1");
    assert_eq!(image("node-exporter"), "prom/node-exporter:v1.7.0");
    assert_eq!(
        image("postgres-exporter"),
        "prometheuscommunity/postgres-exporter:v0.15.0"
    );
    assert_eq!(image("redis-exporter"), "oliver006/redis_exporter:v1.58.0");
    assert!(serde_norway::to_string(&config["services"]["prometheus"]["command"])
        .expect("yaml")
        .contains("--storage.tsdb.retention.time=30d"));
    for (name, service) in services {
        let name = name.as_str().unwrap_or_default();
        for port in service["ports"].as_sequence().into_iter().flatten() {
            let text = serde_norway::to_string(port).expect("yaml");
            if name == "grafana" {
                assert!(text.contains("3001"), "{text}");
            } else {
                assert!(text.contains("127.0.0.1"), "{name} publishes {text} beyond loopback");
            }
        }
    }
    let grafana_env = serde_norway::to_string(&config["services"]["grafana"]["environment"]).expect("yaml");
    assert!(
        grafana_env.contains("GF_AUTH_ANONYMOUS_ENABLED: 'false'")
            || grafana_env.contains("GF_AUTH_ANONYMOUS_ENABLED: \"false\""),
        "{grafana_env}"
    );
    assert!(
        grafana_env.contains("GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS: tumulte-scaling-datasource"),
        "{grafana_env}"
    );
}

#[test]
fn compose_gives_grafana_the_webhook_and_the_alerting_provisioning() {
    // The verdict alert's contact point reads ${DISCORD_WEBHOOK_URL} from Grafana's environment, and Grafana
    // reads provisioning/alerting/ under the mounted provisioning folder.
    let Some(docker_compose) = docker_compose() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let (ok, out) = compose(&docker_compose, &filled_env(dir.path()), &["docker-compose.yml"]);
    assert!(ok, "{out}");
    let config: serde_norway::Value = serde_norway::from_str(&out).expect("YAML");
    let grafana = &config["services"]["grafana"];
    let variable = tumulte_policy::names::DISCORD_WEBHOOK_VARIABLE;
    assert_eq!(
        grafana["environment"][variable].as_str(),
        Some("http://127.0.0.1:9/hook")
    );
    let volumes = serde_norway::to_string(&grafana["volumes"]).expect("yaml");
    let mount = format!("{}:/etc/grafana/provisioning", repo().join("provisioning").display());
    assert!(volumes.contains(&mount), "{volumes}");
    assert!(
        repo()
            .join(tumulte_artefacts::alerting::ALERTING_PATH)
            .starts_with(repo().join("provisioning")),
        "the alerting file is under the mounted folder"
    );
}
