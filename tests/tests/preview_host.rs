//! The preview's Grafana host (`grafana-preview`) against the real parts: a real Prometheus holding the scenario
//! history, the real plugin binary, the real provisioning and dashboard files. Its answers are checked against
//! what they must equal: `grafana_frames::prometheus::wide` on Prometheus's own answer at Grafana's step, and
//! the plugin's Arrow frames read by the independent reader `tumulte_tests::frames::decode`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use grafana_frames::prometheus::{Layout, Style};
use grafana_frames::{FrameType, Grid, Meta};
use grafana_preview::host::{self, HostConfig, RunningHost};
use serde_json::{json, Value};
use tumulte_test_kit::prometheus::{Component, Engines, Setup};
use tumulte_tests::frames::{Column, DecodedFrame};
use tumulte_tests::host::{query_data, verdict_table_query, Asker, DataSource, PluginProcess, PLUGIN_ID};
use tumulte_tests::pluginv2::DataFrameFormat;
use tumulte_tests::prometheus;
use tumulte_tests::Error;

type Result<T = ()> = std::result::Result<T, Error>;

/// The repository's provisioning and dashboard files.
fn repo(relative: &str) -> PathBuf {
    tumulte_test_kit::repo::root().join(relative)
}

/// A page directory with a stand-in `index.html`: these tests read the API, not the page (which another
/// build may be rewriting).
fn web(dir: &Path) -> Result<PathBuf> {
    let web = dir.join("web");
    std::fs::create_dir_all(&web)?;
    std::fs::write(web.join("index.html"), "<!doctype html><title>preview</title>")?;
    Ok(web)
}

/// The host on a free loopback port with the repository's dashboard, `datasources`, and the real plugin.
async fn start(dir: &Path, datasources: PathBuf, prometheus: Option<String>) -> Result<RunningHost> {
    let plugins = HashMap::from([(PLUGIN_ID.to_owned(), tumulte_tests::host::plugin_binary()?)]);
    let config = HostConfig {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        dashboard: repo("provisioning/dashboards/tumulte/tumulte-overview.json"),
        datasources,
        prometheus,
        plugins,
        web: web(dir)?,
    };
    Ok(host::start(config).await?)
}

/// `POST /api/ds/query`: the HTTP status and the JSON answer.
async fn ds_query(host: &RunningHost, body: &Value) -> Result<(u16, Value)> {
    let response = prometheus::http_client()
        .post(format!("http://{}/api/ds/query", host.addr()))
        .header("content-type", "application/json")
        .body(serde_json::to_vec(body)?)
        .timeout(Duration::from_secs(60))
        .send()
        .await?;
    let status = response.status().as_u16();
    Ok((status, serde_json::from_slice(&response.bytes().await?)?))
}

async fn get(host: &RunningHost, path: &str) -> Result<(u16, String, String)> {
    let response = prometheus::http_client()
        .get(format!("http://{}{path}", host.addr()))
        .send()
        .await?;
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    Ok((status, kind, response.text().await?))
}

/// A Prometheus target as the page posts it.
fn prometheus_query(expr: &str, from_s: i64, to_s: i64) -> Value {
    json!({
        "queries": [{"refId": "A", "datasource": {"type": "prometheus", "uid": "prometheus"}, "expr": expr,
                     "legendFormat": "{{job}}", "range": true, "instant": false, "intervalMs": 15000, "maxDataPoints": 500}],
        "from": (from_s * 1000).to_string(),
        "to": (to_s * 1000).to_string(),
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_prometheus_query_is_the_frame_grafana_frames_makes_at_grafanas_step() -> Result {
    let Some(prom) = prometheus::shared()? else {
        return Ok(());
    };
    let t = prom.timeline.clone().ok_or("no history")?;
    let dir = tempfile::tempdir()?;
    let host = start(
        dir.path(),
        repo("provisioning/datasources/tumulte.yml"),
        Some(prom.url()),
    )
    .await?;
    let to = t.end_of(tumulte_tests::scenario::Scenario::Calm) + 7;
    let from = to - 3600;
    let metric = format!("{}_count", tumulte_policy::catalog::HTTP_REQUEST_DURATION.name);
    let expr = format!("sum by (job) (rate({metric}[$__rate_interval]))");
    let (status, answer) = ds_query(&host, &prometheus_query(&expr, from, to)).await?;
    assert_eq!(status, 200, "{answer}");
    let result = &answer["results"]["A"];
    assert_eq!(result["status"], 200, "{result}");

    // Grafana's step: an hour over 500 points is 7.2 s, under the 15 s interval, so 15 s; $__rate_interval is
    // max(15 s + 15 s scrape interval, 4 × 15 s) = 1m0s; the range is aligned down on the step.
    let interpolated = format!("sum by (job) (rate({metric}[1m0s]))");
    let grid = Grid {
        start: from.div_euclid(15) * 15,
        end: to.div_euclid(15) * 15,
        step: 15,
    };
    let form = [
        ("query", interpolated.clone()),
        ("start", grid.start.to_string()),
        ("end", grid.end.to_string()),
        ("step", "15".to_owned()),
    ];
    let response = prometheus::http_client()
        .post(format!("{}/api/v1/query_range", prom.url()))
        .form(&form)
        .send()
        .await?;
    let answer = grafana_frames::prometheus::from_slice(&response.bytes().await?, Layout::Grid(&grid))?;
    let meta = Meta::new(FrameType::TimeseriesWide).executed(format!("Expr: {interpolated}\nStep: 15s"));
    let style = Style {
        legend: Some("{{job}}"),
        config: None,
        name: "Value",
        finite_only: false,
    };
    let expected = grafana_frames::prometheus::wide(answer, &grid, "A", meta, &style);
    assert!(!expected.fields.is_empty(), "the history has requests in that hour");
    assert_eq!(result["frames"], json!([expected]));
    host.shutdown().await;
    Ok(())
}

/// A decoded Arrow frame as the JSON Grafana would send a browser: type names and values per field.
fn as_json(frame: &DecodedFrame) -> Value {
    let fields: Vec<Value> = frame
        .fields
        .iter()
        .map(|f| {
            let (kind, values) = match &f.column {
                Column::Time(v) => (
                    "time",
                    json!(v.iter().map(|t| t.map(|ns| ns / 1_000_000)).collect::<Vec<_>>()),
                ),
                Column::F64(v) => ("number", json!(v)),
                Column::I64(v) => ("number", json!(v)),
                Column::Str(v) => ("string", json!(v)),
            };
            json!({"name": f.name, "type": kind, "labels": f.labels, "config": f.config, "values": values})
        })
        .collect();
    json!({"name": frame.name, "refId": frame.ref_id, "meta": frame.meta, "fields": fields})
}

/// The host's JSON frame in the same shape as [`as_json`].
fn host_json(frame: &Value) -> Value {
    let schema = &frame["schema"];
    let empty = Vec::new();
    let fields: Vec<Value> = schema["fields"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let labels = if f["labels"].is_null() {
                json!({})
            } else {
                f["labels"].clone()
            };
            json!({"name": f["name"], "type": f["type"], "labels": labels, "config": f["config"],
                   "values": frame["data"]["values"][i]})
        })
        .collect();
    let name = schema["name"].as_str().unwrap_or_default();
    json!({"name": name, "refId": schema["refId"], "meta": schema["meta"], "fields": fields})
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plugin_query_is_the_plugins_arrow_frame_as_json() -> Result {
    let Some(prom) = prometheus::shared()? else {
        return Ok(());
    };
    let t = prom.timeline.clone().ok_or("no history")?;
    let to = t.end_of(tumulte_tests::scenario::Scenario::Calm);
    let dir = tempfile::tempdir()?;
    let host = start(
        dir.path(),
        repo("provisioning/datasources/tumulte.yml"),
        Some(prom.url()),
    )
    .await?;
    let body = json!({
        "queries": [{"refId": "V", "datasource": {"type": PLUGIN_ID, "uid": tumulte_policy::names::PLUGIN_UID},
                     "kind": "scalingVerdict", "format": "table", "intervalMs": 15000, "maxDataPoints": 500}],
        "from": ((to - 3600) * 1000).to_string(),
        "to": (to * 1000).to_string(),
    });
    let (status, answer) = ds_query(&host, &body).await?;
    assert_eq!(status, 200, "{answer}");
    let frames = answer["results"]["V"]["frames"].as_array().cloned().unwrap_or_default();

    // The same query, asked of the plugin directly by the emulator, with the provisioned jsonData.
    let plugin = PluginProcess::start().await?;
    let mut ds = DataSource::new(prom.url());
    ds.json = json!({"dbPoolSize": 10, "timeoutSeconds": 10});
    let mut direct = query_data(
        &plugin,
        &ds,
        &Asker::User("Admin"),
        DataFrameFormat::Arrow,
        vec![verdict_table_query(to)],
    )
    .await?;
    let direct = direct.remove("V").ok_or("no answer for V")?;
    assert_eq!(direct.status, 200, "{}", direct.error);
    let expected: Vec<Value> = direct.frames.iter().map(as_json).collect();
    let got: Vec<Value> = frames.iter().map(host_json).collect();
    assert!(!expected.is_empty());
    assert_eq!(got, expected);
    plugin.shutdown().await?;
    host.shutdown().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_promql_syntax_error_is_that_querys_400_and_the_host_keeps_answering() -> Result {
    let Some(prom) = prometheus::shared()? else {
        return Ok(());
    };
    let t = prom.timeline.clone().ok_or("no history")?;
    let to = t.end_of(tumulte_tests::scenario::Scenario::Calm);
    let dir = tempfile::tempdir()?;
    let host = start(
        dir.path(),
        repo("provisioning/datasources/tumulte.yml"),
        Some(prom.url()),
    )
    .await?;
    let mut body = prometheus_query("sum(rate(up[5m])", to - 600, to);
    body["queries"]
        .as_array_mut()
        .ok_or("queries")?
        .push(json!({"refId": "B", "datasource": {"uid": "prometheus"}, "expr": "vector(1)", "intervalMs": 15000}));
    let (status, answer) = ds_query(&host, &body).await?;
    assert_eq!(status, 400, "Grafana 10.4 answers 400 when a query failed: {answer}");
    let a = &answer["results"]["A"];
    assert_eq!(
        (a["status"].as_i64(), a["errorSource"].as_str()),
        (Some(400), Some("downstream")),
        "{a}"
    );
    let message = a["error"].as_str().unwrap_or_default();
    assert!(
        message.contains("bad_data") && message.contains(&prom.url()),
        "{message}"
    );
    assert_eq!(answer["results"]["B"]["status"], 200, "the other query still answers");

    let (status, answer) = ds_query(&host, &prometheus_query("vector(1)", to - 600, to)).await?;
    assert_eq!(status, 200, "{answer}");
    let (status, _, health) = get(&host, "/api/health").await?;
    assert_eq!(status, 200, "{health}");
    host.shutdown().await;
    Ok(())
}

/// A Prometheus of its own (the test stops it), on `port` when given; `None` when Prometheus is not installed.
fn own_prometheus(port: Option<u16>) -> Result<Option<Engines>> {
    let Some(mut setup) = Setup::new(&[Component::Prometheus])? else {
        return Ok(None);
    };
    if let Some(port) = port {
        setup.config.ports.set(Component::Prometheus, port);
    }
    Ok(Some(setup.start()?))
}

#[tokio::test(flavor = "multi_thread")]
async fn prometheus_down_is_a_502_naming_it_and_the_same_query_works_once_it_is_back() -> Result {
    let Some(engines) = tokio::task::block_in_place(|| own_prometheus(None))? else {
        return Ok(());
    };
    let port = engines.port(Component::Prometheus);
    let url = engines.url(Component::Prometheus);
    let dir = tempfile::tempdir()?;
    let datasources = dir.path().join("ds.yml");
    std::fs::write(
        &datasources,
        format!("apiVersion: 1\ndatasources:\n- {{name: Prometheus, uid: prometheus, type: prometheus, url: '{url}', isDefault: true, jsonData: {{timeInterval: 15s}}}}\n"),
    )?;
    let host = start(dir.path(), datasources, None).await?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    let body = prometheus_query("vector(1)", now - 600, now);
    let (status, answer) = ds_query(&host, &body).await?;
    assert_eq!(status, 200, "{answer}");

    tokio::task::block_in_place(|| drop(engines));
    let (status, answer) = ds_query(&host, &body).await?;
    assert_eq!(status, 400, "{answer}");
    let a = &answer["results"]["A"];
    assert_eq!(a["status"], 502, "{a}");
    let message = a["error"].as_str().unwrap_or_default();
    assert!(
        message.contains(&format!("cannot reach Prometheus at {url}")),
        "{message}"
    );

    let Some(again) = tokio::task::block_in_place(|| own_prometheus(Some(port)))? else {
        return Err("Prometheus was installed a moment ago".into());
    };
    let (status, answer) = ds_query(&host, &body).await?;
    assert_eq!(status, 200, "the query works again once Prometheus is back: {answer}");
    host.shutdown().await;
    tokio::task::block_in_place(|| drop(again));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn secrets_never_reach_the_browser() -> Result {
    let dir = tempfile::tempdir()?;
    let datasources = dir.path().join("ds.yml");
    std::fs::write(
        &datasources,
        "apiVersion: 1\ndatasources:\n\
         - {name: Prometheus, uid: prometheus, type: prometheus, url: 'http://scraper:pw-in-url-3@127.0.0.1:9', isDefault: true,\n\
         \x20  basicAuth: true, basicAuthUser: ana, secureJsonData: {basicAuthPassword: pw-secret-1, httpHeaderValue1: pw-header-2},\n\
         \x20  jsonData: {httpHeaderName1: X-Token, timeInterval: 15s}}\n",
    )?;
    let host = start(dir.path(), datasources, None).await?;
    let (status, kind, settings) = get(&host, "/api/frontend/settings").await?;
    assert_eq!(status, 200);
    assert!(kind.starts_with("application/json"), "{kind}");
    let v: Value = serde_json::from_str(&settings)?;
    assert_eq!(v["datasources"]["Prometheus"]["uid"], "prometheus");
    assert_eq!(v["defaultDatasource"], "Prometheus");
    // A query that fails against that URL does not show its secrets either.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    let (_, answer) = ds_query(&host, &prometheus_query("up", now - 600, now)).await?;
    let (_, page_kind, _) = get(&host, "/d/tumulte-overview").await?;
    assert!(page_kind.starts_with("text/html"), "{page_kind}");
    for text in [settings, answer.to_string()] {
        for secret in ["pw-secret-1", "pw-header-2", "pw-in-url-3"] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
    }
    host.shutdown().await;
    Ok(())
}
