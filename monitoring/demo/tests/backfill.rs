//! History: the OpenMetrics file follows promtool's backfill rules, real promtool turns it into blocks, and a
//! real Prometheus answers the dashboard's queries over it — with the same series as its live scrape.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use common::{error_alert, level, now, parse, step};
use tumulte_demo::backfill::write_openmetrics;
use tumulte_demo::openmetrics::create_blocks;
use tumulte_demo::{BackfillSpec, DemoServer, Scenario, Simulation, Thresholds, Timeline};
use tumulte_policy::catalog::{Job, MetricType, CATALOG};
use tumulte_policy::Level;
use tumulte_policy::{promql::Scope, Policy, SignalId};
use tumulte_test_kit::http::urlencode;
use tumulte_test_kit::prometheus::{Component, Setup};

/// calm 0–30 min, busy 30–60, overload 60–90, outage 90–100, calm 100–120.
const TIMELINE: &str = "calm:30m,busy:30m,overload:30m,outage:10m,calm:20m";

fn spec(end: u64, instance: &str) -> BackfillSpec {
    let timeline: Timeline = TIMELINE.parse().expect("timeline");
    let seconds = timeline.total_seconds();
    let mut spec = BackfillSpec::new(timeline, end, seconds).expect("spec");
    spec.instance = instance.to_owned();
    spec
}

fn render(spec: &BackfillSpec) -> String {
    let mut out = Vec::new();
    write_openmetrics(&mut out, spec).expect("write");
    String::from_utf8(out).expect("utf-8")
}

/// (series without timestamp, value, timestamp) of a sample line.
fn split_sample(line: &str) -> (&str, &str, &str) {
    let mut parts = line.rsplitn(3, ' ');
    let ts = parts.next().expect("ts");
    let value = parts.next().expect("value");
    let series = parts.next().expect("series");
    (series, value, ts)
}

#[test]
fn backfill_follows_promtools_openmetrics_rules() {
    let end = 1_700_003_607; // not on a step: the last point must be at or before it
    let spec = spec(end, "127.0.0.1:3333");
    let text = render(&spec);
    assert!(text.ends_with("\n# EOF\n"), "no # EOF at the end");
    assert_eq!(text.matches("# EOF").count(), 1);

    let start = end - 7200;
    let mut family: Option<String> = None;
    let mut seen_families = BTreeSet::new();
    let mut last_ts: BTreeMap<String, u64> = BTreeMap::new();
    let mut les_by_family: BTreeSet<String> = BTreeSet::new();
    for line in text.lines().filter(|l| *l != "# EOF") {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let name = rest.split(' ').next().expect("name").to_owned();
            assert!(
                seen_families.insert(name.clone()),
                "family {name} appears twice: lines not together"
            );
            family = Some(name);
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let (series, _value, ts) = split_sample(line);
        let current = family.as_deref().expect("sample before any # TYPE");
        let name = series.split('{').next().expect("name");
        assert!(name.starts_with(current), "{name} outside its family {current}");

        // Seconds, on the 15 s grid, inside the window.
        let ts: u64 = ts
            .parse()
            .unwrap_or_else(|_| panic!("timestamp not integer seconds: {line}"));
        assert!(ts >= start && ts <= end && ts % 15 == 0, "timestamp {ts} of {line}");

        // Prometheus' target labels on every series.
        assert!(
            series.contains("{job=\"tumulte-backend\",instance=\"127.0.0.1:3333\""),
            "{series}"
        );
        // Each series' samples in increasing time order.
        if let Some(previous) = last_ts.insert(series.to_owned(), ts) {
            assert!(ts > previous, "{series} goes back from {previous} to {ts}");
        }
        if let Some(le) = series.split("le=\"").nth(1) {
            les_by_family.insert(le.split('"').next().expect("le").to_owned());
        }
    }
    // OpenMetrics names counter families without `_total`, their samples with it.
    assert!(seen_families.contains("tumulte_http_requests"));
    assert!(text.contains("\ntumulte_http_requests_total{"));
    assert!(seen_families.contains("up"));

    // The same `le` strings as the live exposition.
    let live = parse(
        &Simulation::new(Scenario::Calm, 1, Thresholds::tumulte_defaults().expect("thresholds"))
            .exposition()
            .expect("encode"),
    );
    let live_les: BTreeSet<String> = live
        .samples
        .iter()
        .filter_map(|s| s.labels.get("le").cloned())
        .collect();
    assert_eq!(les_by_family, live_les);

    // Deterministic: same spec, same bytes.
    assert_eq!(text, render(&spec));
}

#[test]
fn prometheus_reads_the_backfilled_history_and_the_live_scrape_as_the_same_series() {
    // The test kit's Prometheus: the native runner's, in its own run directory.
    let Some(mut setup) = Setup::new(&[Component::Prometheus]).expect("a run directory") else {
        return;
    };
    let data = setup.prometheus_data();

    // The live target, whose address becomes the `instance` label.
    let live = DemoServer::start("127.0.0.1:0", Scenario::Busy).expect("start");
    let instance = live.addr().to_string();

    // History that ends two minutes before Prometheus starts scraping.
    let end = now() - 120;
    let spec = spec(end, &instance);
    let file = setup.run_dir().join("history.om");
    write_openmetrics(std::fs::File::create(&file).expect("create"), &spec).expect("write");
    let output = create_blocks(&file, &data).unwrap_or_else(|e| panic!("{e}"));
    let blocks = std::fs::read_dir(&data)
        .expect("data dir")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("meta.json").is_file())
        .count();
    assert!(blocks >= 1, "promtool wrote no block: {output}");

    // Prometheus scrapes the live demo every second as the tumulte-backend job.
    let job = Job::TumulteBackend.name();
    setup.config.backend_targets = vec![instance.clone()];
    let engines = setup.start().expect("Prometheus starts");
    let prom = engines.api(Component::Prometheus);
    let scalar = |expr: &str, time: f64| {
        prom.scalar(expr, Some(time))
            .unwrap_or_else(|e| panic!("{e}\n{}", engines.log(Component::Prometheus)))
    };
    let query = |expr: &str, time: f64| prom.query(expr, Some(time)).unwrap_or_else(|e| panic!("{e}"));
    let api = |path: &str| prom.get(path).unwrap_or_else(|e| panic!("{e}"));

    // History: the dashboard's own PromQL for each signal, at the middle of each phase.
    let policy = Policy::default();
    let scope = Scope::fixed(tumulte_policy::promql::RULE_WINDOW, policy.db_pool_size);
    let at = |minutes: u64| (spec.start() + minutes * 60) as f64;
    let signal = |id: SignalId, minutes: u64| scalar(&id.expr(&scope), at(minutes));
    let p95 = |m| signal(SignalId::LatencyP95, m);
    let pool = |m| signal(SignalId::DbPoolUsage, m);
    let ws = |m| signal(SignalId::WebsocketsPerInstance, m);
    let errors = |m| signal(SignalId::ErrorRate, m);
    for (phase, m) in [("calm", 20), ("busy", 50), ("overload", 80)] {
        eprintln!(
            "history {phase}: p95 {:.3} s, 5xx {:.4}, pool {} %, websockets {}",
            p95(m),
            errors(m),
            pool(m),
            ws(m)
        );
    }

    assert_eq!(
        level(&policy, SignalId::LatencyP95, p95(20)),
        Level::Ok,
        "calm p95 {}",
        p95(20)
    );
    assert_eq!(level(&policy, SignalId::DbPoolUsage, pool(20)), Level::Ok);
    assert_eq!(level(&policy, SignalId::WebsocketsPerInstance, ws(20)), Level::Ok);
    assert!(errors(20) < error_alert(&policy));

    assert_eq!(
        level(&policy, SignalId::LatencyP95, p95(50)),
        Level::Warning,
        "busy p95 {}",
        p95(50)
    );
    assert_eq!(level(&policy, SignalId::DbPoolUsage, pool(50)), Level::Warning);
    assert_eq!(level(&policy, SignalId::WebsocketsPerInstance, ws(50)), Level::Info);
    assert!(errors(50) < error_alert(&policy));

    let overload_p95 = scalar(
        "histogram_quantile(0.95, sum by (le) (rate(tumulte_http_request_duration_seconds_bucket[5m])))",
        at(80),
    );
    assert!(
        overload_p95 > step(&policy, SignalId::LatencyP95, Level::Critical),
        "overload p95 {overload_p95}"
    );
    assert_eq!(level(&policy, SignalId::LatencyP95, p95(80)), Level::Critical);
    assert!(errors(80) > error_alert(&policy), "overload errors {}", errors(80));
    assert_eq!(pool(80), 100.0);

    // The outage: `up` is 0 and no tumulte_* sample is left once the 5-minute look-back has passed.
    let up = format!("up{{job=\"{job}\",instance=\"{instance}\"}}");
    assert_eq!(scalar(&up, at(99)), 0.0);
    assert_eq!(scalar(&up, at(80)), 1.0);
    assert!(query("tumulte_http_requests_total", at(99)).is_empty());
    assert_eq!(level(&policy, SignalId::LatencyP95, p95(118)), Level::Ok, "calm again");

    // Live: wait for two scrapes of the running demo.
    let deadline = Instant::now() + Duration::from_secs(20);
    while query(&format!("count_over_time({up}[1m]) >= 2"), now() as f64).is_empty() {
        assert!(
            Instant::now() < deadline,
            "no live scrape:\n{}",
            engines.log(Component::Prometheus)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let live_time = now() as f64;
    assert_eq!(scalar(&up, live_time), 1.0);

    // Same target labels and `le` strings in history and live.
    let labelsets = |expr: &str, time: f64| -> BTreeSet<String> {
        query(expr, time).iter().map(|r| r["metric"].to_string()).collect()
    };
    let le_sets = "group by (job, instance, le) (tumulte_http_request_duration_seconds_bucket)";
    let history_les = labelsets(le_sets, at(50));
    assert_eq!(history_les.len(), 13, "{history_les:?}");
    assert_eq!(history_les, labelsets(le_sets, live_time));
    let series = "group by (job, instance, method, route, status_code) (tumulte_http_requests_total)";
    assert_eq!(labelsets(series, at(50)), labelsets(series, live_time));

    // Prometheus' own parser typed the live families as the catalog does.
    let metadata = api(&format!(
        "targets/metadata?match_target={}",
        urlencode(&format!("{{job=\"{job}\"}}"))
    ));
    let types: BTreeMap<String, String> = metadata
        .as_array()
        .expect("metadata")
        .iter()
        .map(|m| {
            (
                m["metric"].as_str().expect("metric").to_owned(),
                m["type"].as_str().expect("type").to_owned(),
            )
        })
        .filter(|(name, _)| name.starts_with("tumulte_"))
        .collect();
    let want: BTreeMap<String, String> = CATALOG
        .iter()
        .filter(|m| m.name.starts_with("tumulte_"))
        .map(|m| {
            let kind = match m.kind {
                MetricType::Counter => "counter",
                MetricType::Gauge => "gauge",
                MetricType::Histogram => "histogram",
            };
            (m.name.to_owned(), kind.to_owned())
        })
        .collect();
    assert_eq!(types, want);

    // And the catalog's labels on every live series (plus job, instance, and le on buckets).
    let found = api(&format!(
        "series?match[]={}&start={}",
        urlencode(&format!("{{job=\"{job}\",__name__=~\"tumulte_.*\"}}")),
        live_time - 30.0
    ));
    for s in found.as_array().expect("series") {
        let name = s["__name__"].as_str().expect("name");
        let metric = tumulte_policy::catalog::lookup(name).unwrap_or_else(|| panic!("{name}"));
        let mut want: BTreeSet<&str> = metric.labels.iter().copied().collect();
        want.extend(["__name__", "job", "instance"]);
        if name.ends_with("_bucket") {
            want.insert("le");
        }
        let got: BTreeSet<&str> = s.as_object().expect("labels").keys().map(String::as_str).collect();
        assert_eq!(got, want, "{name}");
    }
    drop(engines);
    live.shutdown();
}
