//! End-to-end test of the native path as a user runs it: `tumulte-stack up` with Prometheus, the demo backend
//! (with history) and the dashboard preview (with the real plugin), a query through the preview, then `down`
//! leaving nothing running, the plugin included.

mod fixture;

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fixture::{assert_nothing_running, text, tumulte_stack};
use serde_json::{json, Value};
use tumulte_policy::names::{PLUGIN_EXECUTABLE, PROMETHEUS_UID};
use tumulte_stack::{http, processes_of, Component, StackConfig, StackState};
use tumulte_test_kit::{prometheus, repo, tools};

const TIMEOUT: Duration = Duration::from_secs(30);

/// The plugin binary, built by cargo for this test binary's profile (the test kit's).
fn plugin_binary() -> PathBuf {
    tumulte_test_kit::plugin::binary().unwrap_or_else(|e| panic!("the plugin binary: {e}"))
}

/// `n` distinct loopback ports, free right now.
fn free_ports<const N: usize>() -> [u16; N] {
    let listeners: Vec<TcpListener> = (0..N)
        .map(|_| TcpListener::bind("127.0.0.1:0").expect("a free port"))
        .collect();
    std::array::from_fn(|i| listeners[i].local_addr().expect("its address").port())
}

/// `POST /api/ds/query` on the preview, as the page sends it.
fn ds_query(port: u16, query: Value) -> Value {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_millis();
    let body = json!({
        "queries": [query],
        "from": (now - 600_000).to_string(),
        "to": now.to_string(),
    })
    .to_string();
    let host = format!("127.0.0.1:{port}");
    let stream = TcpStream::connect(&host).expect("connect to the preview");
    stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    let response = http::exchange(
        stream,
        &host,
        "POST",
        "/api/ds/query",
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
    .expect("query the preview");
    assert_eq!(response.status, 200, "{}", response.body);
    serde_json::from_str(&response.body).expect("JSON")
}

/// Every number in every field of every frame of the answer's `A`.
/// A query string's value, percent-encoded.
fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn values(answer: &Value) -> Vec<f64> {
    answer["results"]["A"]["frames"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|frame| frame["data"]["values"].as_array().cloned().unwrap_or_default())
        .flat_map(|field| field.as_array().cloned().unwrap_or_default())
        .filter_map(|v| v.as_f64())
        .collect()
}

#[test]
fn up_serves_the_demo_and_the_dashboard_preview_and_down_stops_them_plugin_included() {
    let page = repo::root().join("dashboards-rs/preview/web/dist/index.html");
    if !page.is_file() {
        tools::skip(format!(
            "{} is missing: npm --prefix dashboards-rs/preview/web ci && npm --prefix dashboards-rs/preview/web \
             run build",
            page.display()
        ));
        return;
    }
    if !prometheus::installed(&[Component::Prometheus]) {
        return;
    }
    let plugin = plugin_binary();
    let dir = tempfile::tempdir().expect("tempdir");
    let run_dir = fs::canonicalize(dir.path()).expect("run dir");
    let [prometheus_port, preview, backend, frontend] = free_ports();
    let arg = |s: &str| s.to_owned();
    let mut args: Vec<String> = ["up", "--only", "prometheus,demo,preview", "--demo", "busy"]
        .map(arg)
        .into();
    args.extend([
        arg("--demo-history"),
        arg("30m"),
        arg("--run-dir"),
        run_dir.display().to_string(),
        arg("--port-prometheus"),
        prometheus_port.to_string(),
        arg("--port-preview"),
        preview.to_string(),
        arg("--backend"),
        format!("127.0.0.1:{backend}"),
        arg("--frontend"),
        format!("127.0.0.1:{frontend}"),
        arg("--plugin"),
        plugin.display().to_string(),
        arg("--scrape-interval"),
        arg("1s"),
        arg("--evaluation-interval"),
        arg("1s"),
        arg("--timeout"),
        arg("60s"),
        arg("--no-discord"),
    ]);

    let up = tumulte_stack(&args);
    let stdout = text(&up.stdout);
    assert!(up.status.success(), "up failed: {stdout}{}", text(&up.stderr));
    let dashboard = format!("http://127.0.0.1:{preview}/d/tumulte-overview");
    assert!(stdout.contains(&dashboard), "{stdout}");
    assert!(stdout.contains("all 3 targets UP"), "{stdout}");
    let state = StackState::load(&run_dir).expect("state file written");
    let pids: Vec<u32> = state.processes.iter().map(|p| p.pid).collect();
    let components: Vec<Component> = state.processes.iter().map(|p| p.component).collect();
    assert_eq!(components, [Component::Demo, Component::Prometheus, Component::Preview]);

    let health = http::get(preview, "/api/health", TIMEOUT).expect("preview health");
    assert_eq!(health.status, 200, "{}", health.body);

    let answer = ds_query(
        preview,
        json!({
            "refId": "A",
            "datasource": {"type": "prometheus", "uid": PROMETHEUS_UID},
            "expr": "up{job=\"tumulte-backend\"}",
            "instant": true,
            "range": false,
            "intervalMs": 1000,
            "maxDataPoints": 100,
        }),
    );
    assert_eq!(values(&answer), [1.0], "{answer}");

    // The history is in Prometheus: 30 minutes at the catalog's 15 s step, far more than the live scrapes.
    let history = http::get(
        prometheus_port,
        "/api/v1/query?query=count_over_time(up%7Bjob%3D%22tumulte-frontend%22%7D%5B30m%5D)",
        TIMEOUT,
    )
    .expect("query Prometheus");
    let history: Value = serde_json::from_str(&history.body).expect("JSON");
    let count: f64 = history["data"]["result"][0]["value"][1]
        .as_str()
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    assert!(count >= 100.0, "{history}");

    // The recording rules were evaluated over that history too; Prometheus loads their blocks within a minute.
    let recorded = |window: &str| -> f64 {
        let query = format!(
            "count_over_time(job:tumulte_availability_errors:ratio_rate1h{{job=\"tumulte-frontend\"}}[{window}])"
        );
        let path = format!("/api/v1/query?query={}", urlencode(&query));
        let answer = http::get(prometheus_port, &path, TIMEOUT).expect("query Prometheus");
        let answer: Value = serde_json::from_str(&answer.body).expect("JSON");
        answer["data"]["result"][0]["value"][1]
            .as_str()
            .and_then(|v| v.parse().ok())
            .unwrap_or_default()
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while recorded("30m") < 1000.0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_secs(2));
    }
    // One evaluation a second: 30 minutes of them, against the few since Prometheus started.
    assert!(recorded("30m") >= 1000.0, "the recorded SLO ratio has no history");

    // A query on the plugin's data source starts the plugin under the preview.
    let answer = ds_query(
        preview,
        json!({
            "refId": "A",
            "datasource": {"type": tumulte_policy::names::PLUGIN_ID, "uid": tumulte_policy::names::PLUGIN_UID},
            "kind": "promql",
            "expr": "up",
            "intervalMs": 15000,
            "maxDataPoints": 100,
        }),
    );
    assert_eq!(answer["results"]["A"]["status"], 200, "{answer}");
    let running = processes_of(&run_dir, &pids);
    let plugin_running = running
        .iter()
        .any(|pid| fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == plugin));
    assert!(plugin_running, "no plugin process among {running:?}");

    let down = tumulte_stack(&["down".into(), "--run-dir".into(), run_dir.display().to_string()]);
    assert!(down.status.success(), "{}{}", text(&down.stdout), text(&down.stderr));
    assert!(text(&down.stdout).contains("stopped preview"), "{}", text(&down.stdout));
    let mut config = StackConfig::new(&run_dir);
    config.components = components.into_iter().collect();
    config.ports.prometheus = prometheus_port;
    config.ports.preview = preview;
    config.backend_targets = vec![format!("127.0.0.1:{backend}")];
    config.frontend_targets = vec![format!("127.0.0.1:{frontend}")];
    assert_nothing_running(&config, &run_dir, &pids);
    assert!(
        !tumulte_test_kit::http::listening(frontend),
        "the demo's frontend port still listening"
    );
}

/// `up` with the preview asked for, but no plugin binary at the given path: one line naming it and the fix,
/// nothing started.
#[test]
fn a_missing_plugin_is_named_with_the_fix_before_anything_starts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run_dir = fs::canonicalize(dir.path()).expect("run dir");
    let [preview] = free_ports();
    let missing = Path::new("/nonexistent").join(PLUGIN_EXECUTABLE);
    let up = tumulte_stack(&[
        "up".into(),
        "--only".into(),
        "preview".into(),
        "--run-dir".into(),
        run_dir.display().to_string(),
        "--port-preview".into(),
        preview.to_string(),
        "--plugin".into(),
        missing.display().to_string(),
    ]);
    assert!(!up.status.success());
    let stderr = text(&up.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    for part in [
        "tumulte-stack: preview:",
        missing.to_str().expect("utf-8"),
        "cargo build -p tumulte-plugin",
        "--skip preview",
    ] {
        assert!(stderr.contains(part), "{part:?} not in {stderr}");
    }
    assert!(!run_dir.join("state.json").exists());
    assert!(!tumulte_test_kit::http::listening(preview));
}
