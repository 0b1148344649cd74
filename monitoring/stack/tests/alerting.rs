//! The alerting path end to end, on the native runner: the demo backend is scraped by a real Prometheus with the
//! generated rules; alerts go through a real Alertmanager, with the committed routing, receivers and message
//! templates, to its Discord integration aimed at a webhook receiver on loopback.
//!
//! Only the Alertmanager timings (group wait and interval) are shortened, so that a resolution is delivered in
//! seconds rather than after five minutes; Prometheus evaluates the rules as generated, `for` durations included.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use tumulte_demo::{DemoServer, Scenario};
use tumulte_stack::{Component, RunningStack, Stack, Webhook};
use tumulte_test_kit::http::{self, Reply, Server};
use tumulte_test_kit::prometheus::{self, Api};
use tumulte_test_kit::repo;

/// The kit's HTTP server on loopback, recording every body POSTed to it and answering 204, as Discord does.
struct WebhookReceiver {
    url: String,
    bodies: Arc<Mutex<Vec<String>>>,
    _server: Server,
}

impl WebhookReceiver {
    fn start() -> Self {
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let store = Arc::clone(&bodies);
        let server = Server::start(move |request| {
            store.lock().expect("lock").push(request.text());
            Reply::empty(204)
        })
        .expect("bind the webhook receiver");
        WebhookReceiver {
            url: format!("{}/api/webhooks/1/test-token", server.url()),
            bodies,
            _server: server,
        }
    }

    /// Waits until a received message contains every one of `needles`; returns it.
    fn wait_for(&self, needles: &[&str], timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            if let Some(body) = self
                .bodies
                .lock()
                .expect("lock")
                .iter()
                .find(|b| needles.iter().all(|n| b.contains(n)))
            {
                return body.clone();
            }
            assert!(
                start.elapsed() < timeout,
                "no webhook message with {needles:?} within {timeout:?}; received: {:#?}",
                self.bodies.lock().expect("lock")
            );
            thread::sleep(Duration::from_millis(500));
        }
    }

    fn received(&self) -> Vec<String> {
        self.bodies.lock().expect("lock").clone()
    }
}

/// The committed Alertmanager template with its group timings shortened for a test.
fn fast_alertmanager_template(dir: &std::path::Path) -> std::path::PathBuf {
    let root = repo::root();
    let template = std::fs::read_to_string(root.join("monitoring/alertmanager/alertmanager.yml.tmpl")).expect("read");
    // Criticals go out at once. A warning (the root's group_wait, which the warning route inherits) waits a
    // minute: in the overload test the latency warning and the error critical have the same `for: 5m` and start
    // together, so either may fire first, and the critical that inhibits the warning gets that minute to fire.
    let fast = template
        .replace("group_wait: 30s", "group_wait: 60s")
        .replace("group_wait: 10s", "group_wait: 1s")
        .replace("group_interval: 5m", "group_interval: 2s");
    assert_ne!(fast, template, "the template's timings moved: update this test");
    let path = dir.join("alertmanager.yml.tmpl");
    std::fs::write(&path, fast).expect("write");
    path
}

/// Prometheus and Alertmanager only, scraping `backends`, alerting to `webhook`; `None` when they are not installed
/// (the test kit's rule).
fn alerting_stack(dir: &std::path::Path, backends: Vec<String>, webhook: &WebhookReceiver) -> Option<RunningStack> {
    let mut config = prometheus::config(&dir.join("run"), &[Component::Prometheus, Component::Alertmanager])?;
    config.backend_targets = backends;
    config.wait_for_app_targets = true;
    config.alertmanager_template = Some(fast_alertmanager_template(dir));
    config.webhook = Webhook::Url(webhook.url.clone());
    Some(Stack::start(config).expect("the stack starts"))
}

/// The state (`pending`, `firing`) of an alert in Prometheus, if it is active.
fn alert_state(stack: &RunningStack, alertname: &str) -> Option<String> {
    let port = stack.port(Component::Prometheus).expect("prometheus");
    let data = Api::new(port).get("alerts").ok()?;
    data["alerts"]
        .as_array()?
        .iter()
        .find(|a| a["labels"]["alertname"] == alertname)
        .and_then(|a| a["state"].as_str().map(str::to_owned))
}

fn wait_for_state(stack: &RunningStack, alertname: &str, state: &str, timeout: Duration) -> Instant {
    let start = Instant::now();
    loop {
        if alert_state(stack, alertname).as_deref() == Some(state) {
            return Instant::now();
        }
        assert!(start.elapsed() < timeout, "{alertname} not {state} within {timeout:?}");
        thread::sleep(Duration::from_millis(500));
    }
}

#[test]
fn a_stopped_backend_fires_tumulte_backend_down_to_discord_then_resolves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let webhook = WebhookReceiver::start();
    let backend = DemoServer::start("127.0.0.1:0", Scenario::Calm).expect("demo backend");
    let addr = backend.addr();
    let Some(stack) = alerting_stack(dir.path(), vec![addr.to_string()], &webhook) else {
        return;
    };

    backend.shutdown();
    let pending = wait_for_state(&stack, "TumulteBackendDown", "pending", Duration::from_secs(30));
    let firing = wait_for_state(&stack, "TumulteBackendDown", "firing", Duration::from_secs(120));
    assert!(
        firing - pending >= Duration::from_secs(50),
        "for: 1m is honoured ({:?})",
        firing - pending
    );

    let message = webhook.wait_for(&["CRITICAL", "TumulteBackendDown"], Duration::from_secs(60));
    assert!(
        message.contains(&format!("Tumulte backend {addr} is down")),
        "{message}"
    );
    assert!(message.contains("runbook.md#tumultebackenddown"), "{message}");

    let _back = DemoServer::start(addr, Scenario::Calm).expect("the backend comes back on its address");
    let resolved = webhook.wait_for(&["RESOLVED", "TumulteBackendDown"], Duration::from_secs(90));
    assert!(
        resolved.contains("embeds"),
        "Alertmanager's Discord integration posts embeds: {resolved}"
    );
    stack.stop().expect("stops");
}

#[test]
fn an_overloaded_backend_fires_the_latency_and_error_alerts_and_the_warning_is_inhibited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let webhook = WebhookReceiver::start();
    let backend = DemoServer::start("127.0.0.1:0", Scenario::Overload).expect("demo backend");
    let Some(stack) = alerting_stack(dir.path(), vec![backend.addr().to_string()], &webhook) else {
        return;
    };

    let pending = wait_for_state(&stack, "HighRequestLatency", "pending", Duration::from_secs(60));
    let firing = wait_for_state(&stack, "HighRequestLatency", "firing", Duration::from_secs(420));
    assert!(
        firing - pending >= Duration::from_secs(290),
        "for: 5m is honoured ({:?})",
        firing - pending
    );
    wait_for_state(&stack, "HighErrorRate", "firing", Duration::from_secs(60));

    // The critical HighErrorRate reaches Discord; the backend's latency warning is held back while it fires.
    let critical = webhook.wait_for(&["CRITICAL", "HighErrorRate"], Duration::from_secs(60));
    assert!(critical.contains("responses are 5xx"), "{critical}");
    let port = stack.port(Component::Alertmanager).expect("alertmanager");
    let alerts = http::request(
        port,
        "GET",
        "/api/v2/alerts?filter=alertname%3D%22HighRequestLatency%22",
        &[],
        Duration::from_secs(5),
    )
    .expect("alertmanager answers");
    assert!(
        alerts.body.contains("\"suppressed\""),
        "HighRequestLatency is inhibited: {}",
        alerts.body
    );
    assert!(
        !webhook.received().iter().any(|b| b.contains("HighRequestLatency")),
        "an inhibited warning was delivered"
    );
    stack.stop().expect("stops");
}
