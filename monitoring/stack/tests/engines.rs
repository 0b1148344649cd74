//! Users who outgrow one Prometheus move to a Prometheus-compatible engine. Every Prometheus query of the
//! overview dashboard runs against a real Prometheus and a real VictoriaMetrics scraping the same targets (the
//! demo backend in the busy scenario, the exporters, PostgreSQL and Redis), and both engines answer alike. A
//! panel that reads a recorded series (the objectives' row) is compared on the rule's own expression: rules are
//! Prometheus's to evaluate here (on VictoriaMetrics, vmalert would evaluate the same rule files).

use std::collections::BTreeMap;
use std::thread;
use std::time::{Duration, Instant};

use grafana_dashboards::rules::Rule;
use tumulte_artefacts::overview::overview;
use tumulte_demo::{DemoServer, Scenario};
use tumulte_policy::Policy;
use tumulte_stack::{Component, Stack};
use tumulte_test_kit::prometheus::{self, Api};

/// Grafana's macros and the dashboard's variables, as Grafana would substitute them for this test's data.
fn substitute(expr: &str) -> String {
    expr.replace("$__rate_interval", "30s")
        .replace("$job", ".+")
        .replace("$instance", ".+")
        .replace("$db_pool_size", "10")
}

/// Every recording rule of the policy (recorded name, expression), the longest name first so that no name is
/// replaced inside a longer one.
fn recording_rules(policy: &Policy) -> Vec<(String, String)> {
    let recording = tumulte_artefacts::rules::recording_rules(policy);
    let slo = tumulte_artefacts::slo::slo_rules(policy);
    let mut records: Vec<(String, String)> = recording
        .rules()
        .chain(slo.rules())
        .filter_map(|r| match r {
            Rule::Record(r) => Some((r.record.clone(), r.expr.clone())),
            Rule::Alert(_) => None,
        })
        .collect();
    records.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    records
}

/// Each recorded series `expr` reads (with the no-op `{job=~".+"}` the dashboard's `$job` becomes) replaced by
/// its rule's expression, the recorded ones it reads replaced in turn.
fn expand_recorded(expr: &str, records: &[(String, String)]) -> String {
    let mut out = expr.to_owned();
    while let Some((name, rule)) = records.iter().find(|(name, _)| out.contains(name.as_str())) {
        out = out
            .replace(&format!("{name}{{job=~\".+\"}}"), &format!("({rule})"))
            .replace(name.as_str(), &format!("({rule})"));
    }
    out
}

/// The instant query's result at `time` (Unix seconds; now when `None`): label set (without `__name__`) → value.
fn query(port: u16, expr: &str, time: Option<f64>) -> Result<BTreeMap<String, f64>, String> {
    let result = Api::new(port).query(expr, time).map_err(|e| e.to_string())?;
    let mut out = BTreeMap::new();
    for series in &result {
        let mut labels: Vec<String> = series["metric"]
            .as_object()
            .into_iter()
            .flatten()
            // VictoriaMetrics stores the config's external labels on every series; Prometheus adds them only on
            // the way out (alerts, federation, remote write).
            .filter(|(k, _)| *k != "__name__" && *k != "monitor")
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
            .collect();
        labels.sort();
        let value = series["value"][1]
            .as_str()
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN);
        out.insert(labels.join(","), value);
    }
    Ok(out)
}

#[test]
fn every_dashboard_query_answers_alike_on_prometheus_and_victoria_metrics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = DemoServer::start("127.0.0.1:0", Scenario::Busy).expect("demo backend");
    // Every component, VictoriaMetrics included.
    let Some(mut config) = prometheus::config(dir.path(), &Component::PACKAGED) else {
        return;
    };
    config.backend_targets = vec![backend.addr().to_string()];
    config.wait_for_app_targets = true;
    let stack = Stack::start(config).expect("the stack starts");
    let prometheus = stack.port(Component::Prometheus).expect("prometheus");
    let victoria = stack.port(Component::VictoriaMetrics).expect("victoria-metrics");

    let dashboard = overview(&Policy::default()).expect("builds").to_json();
    let records = &recording_rules(&Policy::default());
    let exprs: Vec<(String, String)> = dashboard["panels"]
        .as_array()
        .expect("panels")
        .iter()
        .flat_map(|p| {
            let title = p["title"].as_str().unwrap_or_default().to_owned();
            p["targets"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter_map(move |t| {
                    let expr = t["expr"].as_str().filter(|_| t["datasource"]["type"] == "prometheus")?;
                    Some((title.clone(), expand_recorded(&substitute(expr), records)))
                })
        })
        .collect();
    assert!(exprs.len() > 30, "the dashboard's Prometheus queries: {}", exprs.len());

    // Both engines hold samples for a whole 30 s rate window (1 s scrapes).
    let busy = "histogram_quantile(0.95, sum by (le) (rate(tumulte_http_request_duration_seconds_bucket[30s])))";
    let start = Instant::now();
    while query(prometheus, busy, None).map(|r| r.is_empty()).unwrap_or(true) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no latency data on Prometheus"
        );
        thread::sleep(Duration::from_secs(1));
    }
    // VictoriaMetrics answers "now" 30 s in the past (-search.latencyOffset): compare both at one instant that
    // lies a whole rate window after the first samples and 35 s before the present.
    thread::sleep(Duration::from_secs(70));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock");
    let at = now.as_secs_f64() - 35.0;

    let mut answered = 0;
    for (title, expr) in &exprs {
        let on_prometheus =
            query(prometheus, expr, Some(at)).unwrap_or_else(|e| panic!("Prometheus refuses {title}: {expr}: {e}"));
        let on_victoria =
            query(victoria, expr, Some(at)).unwrap_or_else(|e| panic!("VictoriaMetrics refuses {title}: {expr}: {e}"));
        // cAdvisor does not run natively: its panels are empty on both.
        assert_eq!(
            on_prometheus.keys().collect::<Vec<_>>(),
            on_victoria.keys().collect::<Vec<_>>(),
            "{title}: the engines return different series for {expr}"
        );
        // VictoriaMetrics' rate does not extrapolate and the engines scrape a moment apart: two answers agree when
        // they differ by at most 25 % of the value, 5 % of the panel's largest value (the same graph), or, for a
        // rate, three events over the 30 s window (a slow counter's increments at the window's edges), else two
        // units (a gauge moving between the engines' scrapes, up to a second apart).
        let scale = on_prometheus.values().fold(0.0_f64, |m, v| m.max(v.abs()));
        let events = if expr.contains("rate(") { 3.0 / 30.0 } else { 2.0 };
        for (series, p) in &on_prometheus {
            let v = on_victoria[series];
            let close = (p - v).abs() <= 0.25 * p.abs().max(v.abs()) + 0.05 * scale + events + 1e-3
                || (p.is_nan() && v.is_nan());
            assert!(
                close,
                "{title}: {series}: Prometheus {p}, VictoriaMetrics {v} for {expr}"
            );
        }
        if !on_prometheus.is_empty() {
            answered += 1;
        }
    }
    assert!(
        answered + 3 >= exprs.len(),
        "only {answered} of {} queries returned data",
        exprs.len()
    );
    stack.stop().expect("stops");
}
