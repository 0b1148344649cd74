//! The live exposition and the HTTP endpoints: checked by promtool and against the metric catalog.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use common::{get, parse, post};
use tumulte_demo::{DemoServer, Scenario};
use tumulte_policy::catalog::{MetricType, CATALOG};
use tumulte_test_kit::http::{self, Response};
use tumulte_test_kit::tools;

fn tumulte_catalog() -> Vec<&'static tumulte_policy::catalog::Metric> {
    CATALOG.iter().filter(|m| m.name.starts_with("tumulte_")).collect()
}

#[test]
fn promtool_check_metrics_flags_only_the_two_gauges_named_total() {
    let Some(promtool) = tools::find("promtool", "prometheus") else {
        return;
    };
    let server = DemoServer::start("127.0.0.1:0", Scenario::Busy).expect("start");
    let Response { status, body: text } = get(&server.addr().to_string(), "/metrics");
    assert_eq!(status, 200);

    let mut child = Command::new(promtool)
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("promtool output");
    let mut complaints: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .chain(String::from_utf8_lossy(&out.stderr).lines())
        .map(str::to_owned)
        .filter(|l| !l.trim().is_empty())
        .collect();
    complaints.sort();

    // The catalog's gauges whose names end in `_total`, and nothing else.
    let mut expected: Vec<String> = tumulte_catalog()
        .into_iter()
        .filter(|m| m.kind == MetricType::Gauge && m.name.ends_with("_total"))
        .map(|m| format!("{} non-counter metrics should not have \"_total\" suffix", m.name))
        .collect();
    expected.sort();
    assert_eq!(expected.len(), 2);
    assert_eq!(complaints, expected);
    // promtool's exit code for lint problems (as opposed to 1 for a parse error).
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn exposition_holds_exactly_the_catalog_tumulte_metrics_with_their_types_labels_and_help() {
    let server = DemoServer::start("127.0.0.1:0", Scenario::Calm).expect("start");
    let Response { status, body: text } = get(&server.addr().to_string(), "/metrics");
    assert_eq!(status, 200);
    let expo = parse(&text);

    let exposed: BTreeSet<&str> = expo.types.keys().map(String::as_str).collect();
    let catalog: BTreeSet<&str> = tumulte_catalog().iter().map(|m| m.name).collect();
    assert_eq!(exposed, catalog, "families");

    for metric in tumulte_catalog() {
        let kind = match metric.kind {
            MetricType::Counter => "counter",
            MetricType::Gauge => "gauge",
            MetricType::Histogram => "histogram",
        };
        assert_eq!(expo.types[metric.name], kind, "{}", metric.name);
        assert_eq!(expo.helps[metric.name], metric.help, "{}", metric.name);

        let samples: Vec<_> = expo
            .samples
            .iter()
            .filter(|s| metric.series_names().contains(&s.name))
            .collect();
        assert!(!samples.is_empty(), "{} has no sample", metric.name);
        let names: BTreeSet<&str> = samples.iter().map(|s| s.name.as_str()).collect();
        let want_names: BTreeSet<String> = metric.series_names().into_iter().collect();
        assert_eq!(
            names,
            want_names.iter().map(String::as_str).collect(),
            "{} series",
            metric.name
        );
        for s in samples {
            let mut want: BTreeSet<&str> = metric.labels.iter().copied().collect();
            if s.name.ends_with("_bucket") {
                want.insert("le");
            }
            let got: BTreeSet<&str> = s.labels.keys().map(String::as_str).collect();
            assert_eq!(got, want, "labels of {}", s.name);
        }
    }
    // Nothing but the catalog's series.
    let all_series: BTreeSet<String> = tumulte_catalog().iter().flat_map(|m| m.series_names()).collect();
    assert!(expo.samples.iter().all(|s| all_series.contains(&s.name)));

    // The histogram's bounds resolve both latency thresholds.
    let les: BTreeSet<&str> = expo
        .samples
        .iter()
        .filter_map(|s| s.labels.get("le").map(String::as_str))
        .collect();
    for le in ["0.5", "1", "+Inf"] {
        assert!(les.contains(le), "le={le} in {les:?}");
    }
}

#[test]
fn http_endpoints_health_scenario_switch_outage_and_shutdown() {
    let server = DemoServer::start("127.0.0.1:0", Scenario::Calm).expect("start");
    let addr = server.addr().to_string();
    let server_port = server.addr().port();

    let Response { status, body } = get(&addr, "/health");
    assert_eq!(status, 200);
    let health: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(health["status"], "ok");
    assert_eq!(health["scenario"], "calm");

    assert_eq!(post(&addr, "/scenario/panic").status, 400);
    assert_eq!(server.scenario(), Scenario::Calm);

    let Response { status, body } = post(&addr, "/scenario/outage");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"previous\":\"calm\""));
    assert_eq!(server.scenario(), Scenario::Outage);
    assert_eq!(get(&addr, "/metrics").status, 503);
    assert_eq!(get(&addr, "/health").status, 503);

    assert_eq!(post(&addr, "/scenario/busy").status, 200);
    assert_eq!(get(&addr, "/metrics").status, 200);
    assert_eq!(get(&addr, "/scenario").body.trim(), "{\"scenario\":\"busy\"}");
    assert_eq!(get(&addr, "/nowhere").status, 404);

    server.set_scenario(Scenario::Overload);
    assert_eq!(get(&addr, "/scenario").body.trim(), "{\"scenario\":\"overload\"}");

    server.shutdown();
    assert!(!http::listening(server_port), "the port is still open after shutdown");
}
