//! The plugin driven as Grafana drives it, against a real Prometheus loaded with history whose verdict is
//! known in advance.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tumulte_policy::Level;
use tumulte_policy::SignalId;
use tumulte_test_kit::http::free_port;
use tumulte_tests::frames::{check_dataplane, Column, DecodedFrame};
use tumulte_tests::host::{
    grafana_env, query, query_data, test_env, verdict_table_query, Answer, Asker, DataSource, PluginProcess,
};
use tumulte_tests::pluginv2::{
    check_health_response::HealthStatus, CallResourceRequest, CheckHealthRequest, CollectMetricsRequest,
    DataFrameFormat,
};
use tumulte_tests::prometheus::{self, PrometheusServer};
use tumulte_tests::scenario::{Scenario, Timeline};
use tumulte_tests::upstream::{fake, Behaviour, Unconnectable};
use tumulte_tests::Error;

type Result<T = ()> = std::result::Result<T, Error>;

async fn one(plugin: &PluginProcess, ds: &DataSource, q: tumulte_tests::pluginv2::DataQuery) -> Result<Answer> {
    let ref_id = q.ref_id.clone();
    let mut answers = query_data(plugin, ds, &Asker::User("Viewer"), DataFrameFormat::Arrow, vec![q]).await?;
    answers.remove(&ref_id).ok_or_else(|| "no answer for the refId".into())
}

/// The shared Prometheus, its history, a started plugin, and a data source pointing at that Prometheus.
type Setup = (std::sync::Arc<PrometheusServer>, Timeline, PluginProcess, DataSource);

/// What most tests start from: the shared Prometheus and its history of known verdicts, a started plugin, and a
/// data source pointing at that Prometheus. The Prometheus handle keeps the server alive while a test runs.
/// `None` when Prometheus is not installed (the test kit's rule: the test is skipped, or fails under
/// `TUMULTE_REQUIRE_TOOLS=1`).
async fn setup() -> Result<Option<Setup>> {
    let Some(prom) = prometheus::shared()? else {
        return Ok(None);
    };
    let t = prom.timeline.clone().ok_or("no history")?;
    let plugin = PluginProcess::start().await?;
    let ds = DataSource::new(prom.url());
    Ok(Some((prom, t, plugin, ds)))
}

fn only_frame(a: &Answer) -> Result<&DecodedFrame> {
    if a.status != 200 {
        return Err(format!("status {}: {}", a.status, a.error).into());
    }
    let [frame] = a.frames.as_slice() else {
        return Err(format!("{} frames, expected 1", a.frames.len()).into());
    };
    check_dataplane(frame)?;
    Ok(frame)
}

fn table_rows(frame: &DecodedFrame) -> Result<Vec<(String, Option<f64>, String)>> {
    let keys = frame.field("Key").ok_or("no Key field")?.strings();
    let values = frame.field("Value").ok_or("no Value field")?.numbers();
    let levels = frame.field("Level").ok_or("no Level field")?.strings();
    Ok(keys
        .into_iter()
        .zip(values)
        .zip(levels)
        .map(|((k, v), l)| (k.unwrap_or_default(), v, l.unwrap_or_default()))
        .collect())
}

#[test]
fn refuses_to_start_without_the_magic_cookie() -> Result {
    let binary = tumulte_tests::host::plugin_binary()?;
    let out = std::process::Command::new(binary).env_clear().output()?;
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "no handshake without the cookie");
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains("grafana_plugin_type=datasource"), "{message}");
    assert!(message.contains("let Grafana start it"), "{message}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn handshake_logs_and_shutdown_follow_go_plugin() -> Result {
    // As go-plugin's own plugins on Unix: a Unix socket, in the directory Grafana names, removed on shutdown.
    let dir = tempfile::tempdir()?;
    let mut env = test_env();
    env.push(("PLUGIN_UNIX_SOCKET_DIR", dir.path().display().to_string()));
    let plugin = PluginProcess::start_with(&env).await?;
    let socket = match plugin.handshake.split('|').collect::<Vec<_>>().as_slice() {
        ["1", "2", "unix", path, "grpc"] => std::path::PathBuf::from(path),
        _ => return Err(format!("not go-plugin's Unix handshake: {}", plugin.handshake).into()),
    };
    assert_eq!(socket.parent(), Some(dir.path()));
    assert!(socket.exists());
    // A call, so that something is logged, then Grafana's shutdown.
    let ds = DataSource::new("http://127.0.0.1:9");
    let _ = plugin
        .diagnostics()
        .check_health(CheckHealthRequest {
            plugin_context: Some(ds.context(&Asker::Grafana)),
            ..Default::default()
        })
        .await?;
    let log = plugin.log();
    assert!(!log.is_empty());
    for line in &log {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("stderr line {line:?} is not JSON: {e}"))?;
        assert!(
            v["@level"].is_string() && v["@message"].is_string() && v["@timestamp"].is_string(),
            "{line}"
        );
    }
    let started = Instant::now();
    assert!(
        plugin.shutdown().await?,
        "the plugin exits 0 on GRPCController.Shutdown"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(!socket.exists(), "the socket's file is removed on shutdown");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn promql_range_and_instant_keep_labels_and_config() -> Result {
    let Some((_prom, t, plugin, ds)) = setup().await? else {
        return Ok(());
    };
    let (from, to) = (t.start_of(Scenario::Calm), t.end_of(Scenario::Calm));
    let expr = "tumulte_db_connections_active";
    let a = one(
        &plugin,
        &ds,
        query(
            "A",
            json!({"kind": "promql", "expr": expr, "legendFormat": "{{job}} on {{instance}}"}),
            from,
            to,
            15_000,
            1000,
        ),
    )
    .await?;
    let frame = only_frame(&a)?;
    assert_eq!(frame.meta["type"], "timeseries-wide");
    assert_eq!(frame.meta["executedQueryString"], expr);
    assert_eq!(frame.ref_id, "A");
    let value = &frame.fields[1];
    assert_eq!(value.name, "tumulte_db_connections_active");
    assert_eq!(value.labels.get("job").map(String::as_str), Some("tumulte-backend"));
    let config = value.config.as_ref().ok_or("no config")?;
    assert_eq!(config["displayNameFromDS"], "tumulte-backend on backend:3333");
    assert!(value.numbers().iter().flatten().all(|v| (*v - 4.0).abs() < 1e-9));
    assert_eq!(frame.rows(), ((to - from) / 15 + 1) as usize);

    let a = one(
        &plugin,
        &ds,
        query(
            "B",
            json!({"kind": "promql", "expr": "sum by (job) (tumulte_websocket_connections_total)", "instant": true}),
            from,
            to,
            15_000,
            1000,
        ),
    )
    .await?;
    let frame = only_frame(&a)?;
    assert_eq!(frame.meta["type"], "numeric-wide");
    assert_eq!(frame.fields.len(), 1);
    assert_eq!(frame.fields[0].numbers(), vec![Some(120.0)]);
    assert_eq!(
        frame.fields[0].labels.get("job").map(String::as_str),
        Some("tumulte-backend")
    );
    Ok(())
}

/// Past 4 kB a query string no longer goes in the URL: the plugin POSTs it as a form, and the answer is the same.
#[tokio::test(flavor = "multi_thread")]
async fn a_long_expression_is_posted_and_answered_like_a_short_one() -> Result {
    let Some((_prom, t, plugin, ds)) = setup().await? else {
        return Ok(());
    };
    let (from, to) = (t.start_of(Scenario::Calm), t.end_of(Scenario::Calm));
    let expr = format!("tumulte_db_connections_active{{job!=\"{}\"}}", "x".repeat(4_200));
    assert!(expr.len() > 4_096);
    for instant in [false, true] {
        let target = json!({"kind": "promql", "expr": expr, "instant": instant});
        let a = one(&plugin, &ds, query("L", target, from, to, 15_000, 1000)).await?;
        let frame = only_frame(&a)?;
        let values = frame.fields.last().ok_or("no field")?.numbers();
        assert!(!values.is_empty());
        assert!(
            values.iter().all(|v| v.is_some_and(|v| (v - 4.0).abs() < 1e-9)),
            "{values:?}"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn scaling_verdict_table_gives_the_known_levels() -> Result {
    let Some((_prom, t, plugin, ds)) = setup().await? else {
        return Ok(());
    };
    for scenario in Scenario::ALL {
        let to = t.end_of(scenario);
        let a = one(&plugin, &ds, verdict_table_query(to)).await?;
        let frame = only_frame(&a)?;
        assert_eq!(frame.meta["type"], "table");
        let executed = frame.meta["executedQueryString"]
            .as_str()
            .ok_or("no executedQueryString")?;
        assert!(executed.contains("min_over_time"), "{executed}");
        let rows = table_rows(frame)?;
        assert_eq!(rows.len(), 6, "{rows:?}");
        for (signal, value, level) in scenario.expected() {
            let (_, got, got_level) = rows
                .iter()
                .find(|r| r.0 == signal.key())
                .ok_or_else(|| format!("{scenario:?}: no row for {}", signal.key()))?;
            assert_eq!(got_level, level.name(), "{scenario:?} {}: value {got:?}", signal.key());
            match (value, got) {
                (Some(v), Some(g)) => assert!(
                    (v - g).abs() < 0.01 * v.max(1.0),
                    "{scenario:?} {}: {g} vs {v}",
                    signal.key()
                ),
                (None, None) => {}
                other => return Err(format!("{scenario:?} {}: {other:?}", signal.key()).into()),
            }
        }
        let overall = rows.last().ok_or("no rows")?;
        assert_eq!(overall.0, "overall");
        assert_eq!(overall.2, scenario.overall().name(), "{scenario:?}");
        let actions = frame.field("Action").ok_or("no Action")?.strings();
        if scenario == Scenario::Critical {
            assert_eq!(
                actions.last().cloned().flatten().as_deref(),
                Some("CPU usage: Scale now")
            );
        }
        if scenario == Scenario::NoTraffic {
            let latency = rows
                .iter()
                .position(|r| r.0 == SignalId::LatencyP95.key())
                .ok_or("latency")?;
            assert_eq!(actions[latency].as_deref(), Some("No data"));
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn scaling_verdict_timeseries_gives_levels_over_time() -> Result {
    let Some((_prom, t, plugin, ds)) = setup().await? else {
        return Ok(());
    };
    let a = one(
        &plugin,
        &ds,
        query(
            "T",
            json!({"kind": "scalingVerdict", "format": "timeseries"}),
            t.start(),
            t.end,
            60_000,
            2000,
        ),
    )
    .await?;
    let frame = only_frame(&a)?;
    assert_eq!(frame.meta["type"], "timeseries-wide");
    let Column::Time(times) = &frame.fields[0].column else {
        return Err("no time field".into());
    };
    assert_eq!(frame.fields.len(), 1 + 5 + 1);
    let overall = frame
        .fields
        .iter()
        .find(|f| f.labels.get("signal").map(String::as_str) == Some("overall"))
        .ok_or("no overall field")?;
    assert!(overall.config.as_ref().is_some_and(|c| c["mappings"].is_array()));
    let at = |ts: i64| -> Result<f64> {
        let i = times
            .iter()
            .position(|x| *x == Some(ts * 1_000_000_000))
            .ok_or(format!("no point at {ts}"))?;
        overall.numbers()[i].ok_or_else(|| "null level".into())
    };
    for scenario in Scenario::ALL {
        let end = t.end_of(scenario).div_euclid(60) * 60;
        assert_eq!(at(end)? as u8, scenario.overall().number(), "{scenario:?} at {end}");
    }
    assert!(overall.numbers().iter().flatten().all(|v| (0.0..=3.0).contains(v)));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn cache_hit_rate_is_null_without_traffic_never_nan() -> Result {
    let Some((_prom, t, plugin, ds)) = setup().await? else {
        return Ok(());
    };
    let (from, to) = (t.start_of(Scenario::NoTraffic), t.end_of(Scenario::Calm));
    for group in [None, Some("cache")] {
        let mut target = json!({"kind": "cacheHitRate"});
        if let Some(g) = group {
            target["groupBy"] = json!(g);
        }
        let a = one(&plugin, &ds, query("C", target, from, to, 60_000, 1000)).await?;
        let frame = only_frame(&a)?;
        assert_eq!(frame.fields.len(), 2, "{group:?}");
        let field = &frame.fields[1];
        assert_eq!(field.config.as_ref().ok_or("no config")?["unit"], "percent");
        if group.is_some() {
            assert_eq!(field.labels.get("cache").map(String::as_str), Some("polls"));
        }
        let Column::Time(times) = &frame.fields[0].column else {
            return Err("no time field".into());
        };
        let values = field.numbers();
        assert!(values.iter().flatten().all(|v| v.is_finite()), "never NaN or Inf");
        let value_at = |ts: i64| {
            times
                .iter()
                .position(|x| *x == Some(ts * 1_000_000_000))
                .and_then(|i| values[i])
        };
        let quiet = t.end_of(Scenario::NoTraffic).div_euclid(60) * 60;
        assert_eq!(value_at(quiet), None, "no traffic is null");
        let busy = t.end_of(Scenario::Calm).div_euclid(60) * 60;
        let rate = value_at(busy).ok_or("no value with traffic")?;
        assert!((rate - 90.0).abs() < 0.01, "{rate}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn every_asker_and_both_request_formats_are_answered() -> Result {
    let Some((_prom, t, plugin, ds)) = setup().await? else {
        return Ok(());
    };
    let to = t.end_of(Scenario::Warning);
    for asker in [
        Asker::User("None"),
        Asker::User(""),
        Asker::User("Admin"),
        Asker::Grafana,
    ] {
        for format in [DataFrameFormat::Arrow, DataFrameFormat::Json] {
            let q = query("A", json!({"kind": "scalingVerdict"}), to - 600, to, 15_000, 100);
            let answers = query_data(&plugin, &ds, &asker, format, vec![q]).await?;
            let a = answers.get("A").ok_or("no answer")?;
            let frame = only_frame(a).map_err(|e| format!("{asker:?} {format:?}: {e}"))?;
            assert_eq!(table_rows(frame)?.last().map(|r| r.2.clone()), Some("warning".into()));
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_queries_fail_alone_with_a_downstream_400_naming_the_field() -> Result {
    let Some((_prom, t, plugin, ds)) = setup().await? else {
        return Ok(());
    };
    let to = t.end_of(Scenario::Calm);
    let mut malformed = query("M", json!({}), to - 600, to, 15_000, 100);
    malformed.json = b"{\"kind\": \"promql\", ".to_vec();
    let queries = vec![
        malformed,
        query("K", json!({"kind": "cpu"}), to - 600, to, 15_000, 100),
        query(
            "P",
            json!({"kind": "promql", "expr": "sum(rate(x[5m])"}),
            to - 600,
            to,
            15_000,
            100,
        ),
        query("E", json!({"kind": "promql", "expr": "up"}), to, to, 15_000, 100),
        query("R", json!({"kind": "cacheHitRate"}), to, to - 600, 15_000, 100),
        query(
            "G",
            json!({"kind": "cacheHitRate", "groupBy": "a b"}),
            to - 600,
            to,
            15_000,
            100,
        ),
        query("OK", json!({"kind": "scalingVerdict"}), to - 600, to, 15_000, 100),
    ];
    let answers = query_data(&plugin, &ds, &Asker::User("Viewer"), DataFrameFormat::Arrow, queries).await?;
    let expect = [
        ("M", "not valid JSON"),
        ("K", "unknown kind \"cpu\""),
        ("P", "field expr is not valid PromQL"),
        ("E", "timeRange is empty"),
        ("R", "timeRange is reversed"),
        ("G", "field groupBy"),
    ];
    for (ref_id, text) in expect {
        let a = answers.get(ref_id).ok_or(format!("no answer for {ref_id}"))?;
        assert_eq!(a.status, 400, "{ref_id}: {}", a.error);
        assert!(a.error.contains(text), "{ref_id}: {}", a.error);
        // The query is at fault, not the plugin: Grafana must not count it against the plugin.
        assert_eq!(a.error_source, "downstream", "{ref_id}");
        assert!(a.frames.is_empty());
    }
    let ok = answers.get("OK").ok_or("no OK")?;
    assert_eq!(ok.error_source, "", "a successful answer blames nobody");
    only_frame(ok)?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn upstream_faults_are_downstream_502_or_504_in_bounded_time() -> Result {
    let plugin = PluginProcess::start().await?;
    let silent = fake(Behaviour::Silent)?;
    let unavailable = fake(Behaviour::Unavailable)?;
    let garbage = fake(Behaviour::Garbage)?;
    let down = format!("http://127.0.0.1:{}", free_port()?);
    let unconnectable = Unconnectable::start()?;
    let cases = [
        (down.clone(), 502, "cannot reach Prometheus"),
        (silent.url(), 504, "did not answer within"),
        (unconnectable.url(), 504, "no connection to Prometheus"),
        (unavailable.url(), 502, "HTTP 503"),
        (garbage.url(), 502, "does not answer like Prometheus"),
    ];
    for (i, (url, status, text)) in cases.into_iter().enumerate() {
        let mut ds = DataSource::new(url.clone());
        // One data source per case: an instance is rebuilt only when its uid or lastUpdatedMS changes.
        ds.uid = format!("fault-{i}");
        ds.json = json!({"timeoutSeconds": 1});
        let now = Timeline::ending_now().end;
        let started = Instant::now();
        let queries = vec![
            query(
                "A",
                json!({"kind": "promql", "expr": "up"}),
                now - 600,
                now,
                15_000,
                100,
            ),
            query("B", json!({"kind": "scalingVerdict"}), now - 600, now, 15_000, 100),
            query("C", json!({"kind": "cacheHitRate"}), now - 600, now, 15_000, 100),
        ];
        let answers = query_data(&plugin, &ds, &Asker::Grafana, DataFrameFormat::Arrow, queries).await?;
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{url}: {:?}",
            started.elapsed()
        );
        for ref_id in ["A", "B", "C"] {
            let a = answers.get(ref_id).ok_or("missing")?;
            assert_eq!(a.status, status, "{url} {ref_id}: {}", a.error);
            assert!(a.error.contains(text), "{url} {ref_id}: {}", a.error);
            assert_eq!(a.error_source, "downstream", "{url} {ref_id}");
        }
    }
    Ok(())
}

async fn health(plugin: &PluginProcess, ds: &DataSource) -> Result<(i32, String, Value)> {
    let r = plugin.check_health(ds).await?;
    let details = if r.json_details.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&r.json_details)?
    };
    Ok((r.status, r.message, details))
}

#[tokio::test(flavor = "multi_thread")]
async fn health_names_the_version_and_the_signals_with_data() -> Result {
    let Some(prom) = prometheus::shared()? else {
        return Ok(());
    };
    let plugin = PluginProcess::start().await?;
    let (status, message, details) = health(&plugin, &DataSource::new(prom.url())).await?;
    assert_eq!(status, HealthStatus::Ok as i32, "{message}");
    assert!(message.starts_with("Prometheus 2."), "{message}");
    assert!(message.contains("CPU usage"), "{message}");
    assert_eq!(details["signals"]["cpuUsage"], true);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn health_errors_say_what_is_wrong_and_what_to_do_without_secrets() -> Result {
    let Some(empty) = PrometheusServer::start(None)? else {
        return Ok(());
    };
    let plugin = PluginProcess::start().await?;
    let unauthorized = fake(Behaviour::Unauthorized)?;
    let garbage = fake(Behaviour::Garbage)?;
    let password = "pa55-w0rd-never-shown";
    let token = "t0ken-never-shown";
    let mut basic = DataSource::new(unauthorized.url());
    basic.basic_auth_user = Some("grafana".into());
    basic.secure.insert("basicAuthPassword".into(), password.into());
    let mut bearer = DataSource::new(unauthorized.url());
    bearer.secure.insert("bearerToken".into(), token.into());
    // The health check goes through reqwest, queries to a plain-HTTP Prometheus through hyper: each case's
    // failure must read the same on both.
    let unconnectable = Unconnectable::start()?;
    let mut dropped = DataSource::new(unconnectable.url());
    dropped.json = json!({"timeoutSeconds": 1});
    // The data source, what its health check says, and what a verdict query's error says (an empty Prometheus
    // answers the query).
    let cases = [
        (
            DataSource::new(format!("http://127.0.0.1:{}", free_port()?)),
            "cannot reach Prometheus",
            Some("cannot reach Prometheus"),
        ),
        (
            dropped,
            "no connection to Prometheus",
            Some("no connection to Prometheus"),
        ),
        (basic, "refused the credentials", Some("refused the credentials")),
        (bearer, "refused the credentials", Some("refused the credentials")),
        (
            DataSource::new(garbage.url()),
            "is not Prometheus",
            Some("does not answer like Prometheus"),
        ),
        (DataSource::new(empty.url()), "holds no tumulte_* series", None),
    ];
    for (i, (mut ds, text, query_text)) in cases.into_iter().enumerate() {
        ds.uid = format!("health-{i}");
        let (status, message, _) = health(&plugin, &ds).await?;
        assert_eq!(status, HealthStatus::Error as i32, "{message}");
        assert!(message.contains(text), "{message}");
        assert!(!message.contains(password) && !message.contains(token), "{message}");
        let to = Timeline::ending_now().end;
        let q = query("A", json!({"kind": "scalingVerdict"}), to - 60, to, 15_000, 100);
        let answers = query_data(&plugin, &ds, &Asker::User("Viewer"), DataFrameFormat::Arrow, vec![q]).await?;
        let error = &answers.get("A").ok_or("missing")?.error;
        assert!(!error.contains(password) && !error.contains(token), "{error}");
        match query_text {
            Some(query_text) => assert!(error.contains(query_text), "{error}"),
            None => assert!(error.is_empty(), "{error}"),
        }
    }
    let log = plugin.log().join("\n");
    assert!(
        !log.contains(password) && !log.contains(token),
        "a secret reached the log"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn resources_give_the_thresholds_and_the_current_verdict() -> Result {
    let Some(prom) = prometheus::shared()? else {
        return Ok(());
    };
    let plugin = PluginProcess::start().await?;
    let mut ds = DataSource::new(prom.url());
    ds.json = json!({"thresholds": {"cpuUsage": {"warning": 60}}, "dbPoolSize": 20});
    let call = |path: &str, method: &str| CallResourceRequest {
        plugin_context: Some(ds.context(&Asker::User("None"))),
        path: path.into(),
        method: method.into(),
        url: format!("/{path}"),
        ..Default::default()
    };
    let client = plugin.resource();
    let get = |req| {
        let mut client = client.clone();
        async move {
            let mut stream = client.call_resource(req).await?.into_inner();
            let r = stream.message().await?.ok_or("no response")?;
            Ok::<_, Error>((r.code, serde_json::from_slice::<Value>(&r.body)?))
        }
    };
    let (code, signals) = get(call("signals", "GET")).await?;
    assert_eq!(code, 200);
    assert_eq!(signals["dbPoolSize"], 20);
    let cpu = &signals["signals"][0];
    assert_eq!(cpu["id"], "cpuUsage");
    assert_eq!(cpu["sustain"], "10m");
    assert_eq!(cpu["steps"][0]["value"], 60.0);
    assert_eq!(cpu["steps"][1]["action"], "Scale now");
    let (code, verdict) = get(call("verdict", "GET")).await?;
    assert_eq!(code, 200, "{verdict}");
    // Now is a minute after the critical segment.
    assert_eq!(verdict["verdict"]["overall"], "critical", "{verdict}");
    assert_eq!(get(call("nope", "GET")).await?.0, 404);
    assert_eq!(get(call("verdict", "POST")).await?.0, 405);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn threshold_overrides_and_settings_updates_change_the_verdict() -> Result {
    let Some(prom) = prometheus::shared()? else {
        return Ok(());
    };
    let t = prom.timeline.clone().ok_or("no history")?;
    let plugin = PluginProcess::start().await?;
    let mut ds = DataSource::new(prom.url());
    let to = t.end_of(Scenario::Calm);
    let q = || query("A", json!({"kind": "scalingVerdict"}), to - 600, to, 15_000, 100);
    let level = |a: &Answer| -> Result<String> {
        Ok(table_rows(only_frame(a)?)?
            .last()
            .map(|r| r.2.clone())
            .unwrap_or_default())
    };
    assert_eq!(level(&one(&plugin, &ds, q()).await?)?, Level::Ok.name());
    ds.json = json!({"thresholds": {"cpuUsage": {"warning": 30}}});
    ds.last_updated_ms += 1;
    assert_eq!(level(&one(&plugin, &ds, q()).await?)?, Level::Warning.name());
    ds.json = json!({"thresholds": {"cpu": {"warning": 30}}});
    ds.last_updated_ms += 1;
    let a = one(&plugin, &ds, q()).await?;
    assert_eq!(a.status, 400);
    assert!(a.error.contains("jsonData.thresholds.cpu"), "{}", a.error);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn collect_metrics_counts_requests_queries_and_prometheus_errors() -> Result {
    let plugin = PluginProcess::start_with(&grafana_env()).await?;
    let ds = DataSource::new(format!("http://127.0.0.1:{}", free_port()?));
    let now = Timeline::ending_now().end;
    let q = query("A", json!({"kind": "promql", "expr": "up"}), now - 60, now, 15_000, 100);
    query_data(&plugin, &ds, &Asker::Grafana, DataFrameFormat::Arrow, vec![q]).await?;
    let r = plugin
        .diagnostics()
        .collect_metrics(CollectMetricsRequest {
            plugin_context: Some(ds.context(&Asker::Grafana)),
        })
        .await?
        .into_inner();
    let text = String::from_utf8(r.metrics.ok_or("no metrics")?.prometheus)?;
    assert!(
        text.contains("grafana_plugin_request_total{endpoint=\"queryData\",status=\"ok\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("grafana_plugin_prometheus_errors_total{kind=\"unreachable\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("# TYPE grafana_plugin_query_duration_seconds histogram"),
        "{text}"
    );
    Ok(())
}
