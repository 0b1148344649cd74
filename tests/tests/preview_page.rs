//! `dash preview`'s page in real Chromium (Debian's package), against the real parts: the native runner's
//! Prometheus, exporters, PostgreSQL and Redis, six hours of the demo's history backfilled into Prometheus's
//! TSDB, the demo backend scraped live, and the real plugin binary spoken to over Grafana's plugin protocol.

use std::collections::BTreeMap;
use std::time::Duration;

use grafana_preview::browser::Page;
use grafana_preview::screenshot::{self, PanelState, Shot};
use serde_json::{json, Value};
use tumulte_policy::catalog::Job;
use tumulte_policy::names::{PLUGIN_ID, PLUGIN_UID};
use tumulte_policy::Policy;
use tumulte_test_kit::prometheus::Component;
use tumulte_test_kit::repo;
use tumulte_tests::frames::{Column, DecodedFrame};
use tumulte_tests::host::{query_data, verdict_table_query, Asker, DataSource, PluginProcess};
use tumulte_tests::pluginv2::DataFrameFormat;
use tumulte_tests::preview::{browser, now, web_dir, World, LIVE_FOR};
use tumulte_tests::Error;

type Result<T = ()> = std::result::Result<T, Error>;

/// The overview as served, for what each panel expects.
fn overview() -> Result<Value> {
    let path = repo::root().join(tumulte_artefacts::provisioning::overview_path());
    Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
}

/// Every drawn panel of a dashboard (rows' own panels included), by id.
fn panels(dashboard: &Value) -> BTreeMap<i64, Value> {
    let mut out = BTreeMap::new();
    for panel in dashboard["panels"].as_array().into_iter().flatten() {
        for p in std::iter::once(panel).chain(panel["panels"].as_array().into_iter().flatten()) {
            if p["type"] != "row" {
                out.insert(p["id"].as_i64().unwrap_or_default(), p.clone());
            }
        }
    }
    out
}

/// The panels that read cAdvisor, which the native stack cannot run.
fn reads_cadvisor(panel: &Value) -> bool {
    let cadvisor = format!("job=\"{}\"", Job::Cadvisor);
    panel["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|t| t["expr"].as_str().is_some_and(|e| e.contains(&cadvisor)))
}

fn check_states(shot: &Shot, dashboard: &Value) -> Result {
    let expected = panels(dashboard);
    let got: BTreeMap<i64, PanelState> = shot.panels.iter().map(|p| (p.id, p.state)).collect();
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "the page draws every panel of the overview"
    );
    for report in &shot.panels {
        let want = if reads_cadvisor(&expected[&report.id]) {
            PanelState::Empty
        } else {
            PanelState::Data
        };
        assert_eq!(
            report.state, want,
            "panel {} \"{}\": {:?}",
            report.id, report.title, report.error
        );
    }
    Ok(())
}

/// The visible text of one panel.
fn panel_text(page: &Page, id: i64) -> Result<String> {
    let text = page.evaluate(&format!("document.querySelector('[data-panel-id=\"{id}\"]').innerText"))?;
    Ok(text.as_str().unwrap_or_default().to_owned())
}

/// The verdict as the plugin gives it when asked directly, as Grafana would: signal → level.
async fn verdict_from_plugin(prometheus: &str, at: i64) -> Result<Vec<(String, String)>> {
    let plugin = PluginProcess::start().await?;
    let ds = DataSource::new(prometheus);
    let q = verdict_table_query(at);
    let mut answers = query_data(&plugin, &ds, &Asker::User("Viewer"), DataFrameFormat::Arrow, vec![q]).await?;
    let answer = answers.remove("V").ok_or("no answer for V")?;
    let frame = answer.frames.first().ok_or("no frame")?;
    let signals = frame.field("Signal").ok_or("no Signal")?.strings();
    let levels = frame.field("Level").ok_or("no Level")?.strings();
    plugin.shutdown().await?;
    Ok(signals
        .into_iter()
        .zip(levels)
        .map(|(s, l)| (s.unwrap_or_default(), l.unwrap_or_default()))
        .collect())
}

/// The verdict table's rows as the page draws them: cells' text by row.
fn verdict_on_page(page: &Page, id: i64) -> Result<Vec<Vec<String>>> {
    let rows = page.evaluate(&format!(
        "[...document.querySelectorAll('[data-panel-id=\"{id}\"] [role=\"row\"]')]\
         .map(r => [...r.querySelectorAll('[role=\"cell\"]')].map(c => c.innerText.trim()))\
         .filter(r => r.length > 0)"
    ))?;
    Ok(serde_json::from_value(rows)?)
}

#[test]
fn the_overview_is_drawn_from_live_data_as_grafana_would() -> Result {
    let Some(web) = web_dir() else { return Ok(()) };
    let Some(browser) = browser()? else { return Ok(()) };
    let Some(world) = World::start(web, &World::OVERVIEW)? else {
        return Ok(());
    };
    let dashboard = overview()?;
    // The exporters have no history: the page's last point on a 6 h range (a step of about 30 s, aligned down)
    // and a rate over $__rate_interval need them scraped for two steps.
    std::thread::sleep(LIVE_FOR);
    let shot = screenshot::capture(&browser, &world.url(), 1600, Duration::from_secs(120))?;
    std::fs::create_dir_all(repo::root().join("target/screenshots"))?;
    std::fs::write(repo::root().join("target/screenshots/preview-overview.png"), &shot.png)?;

    // Every panel has data, but those whose exporter the native stack cannot run, which say why.
    check_states(&shot, &dashboard)?;
    let page = browser.new_page(1600, 900)?;
    // The page asks for the verdict at some moment while it loads: live signals (this machine's CPU) may cross
    // a threshold in between, so the page's level is compared with the plugin's at both ends of that span.
    let asked_from = now() as i64;
    page.goto(&world.url())?;
    page.wait_until(screenshot::SETTLED, Duration::from_secs(120))?;
    let asked_until = now() as i64 + 1;
    for (id, panel) in panels(&dashboard).iter().filter(|(_, p)| reads_cadvisor(p)) {
        let why = panel["fieldConfig"]["defaults"]["noValue"]
            .as_str()
            .ok_or("no noValue")?;
        assert!(panel_text(&page, *id)?.contains(why), "panel {id} says why it is empty");
    }

    // The verdict table shows the levels the plugin computes from this history.
    let verdict_id = panels(&dashboard)
        .iter()
        .find(|(_, p)| p["type"] == "table")
        .map(|(id, _)| *id)
        .ok_or("no verdict table")?;
    let prometheus = world.engines.url(Component::Prometheus);
    let before = world.runtime.block_on(verdict_from_plugin(&prometheus, asked_from))?;
    let after = world.runtime.block_on(verdict_from_plugin(&prometheus, asked_until))?;
    let rows = verdict_on_page(&page, verdict_id)?;
    let mut compared = 0;
    for ((signal, level), (_, later)) in before.iter().zip(&after) {
        // The table scrolls: a row below its fold is not drawn.
        let Some(row) = rows.iter().find(|r| r.first() == Some(signal)) else {
            continue;
        };
        let shown = row.get(1).map(|cell| cell.to_lowercase()).unwrap_or_default();
        assert!(
            shown == level.to_lowercase() || shown == later.to_lowercase(),
            "{signal}: the page shows {row:?}, the plugin says {level} before the page asked and {later} after"
        );
        compared += 1;
    }
    assert!(
        compared >= 4,
        "the page draws the plugin's signals: {rows:?} against {before:?}"
    );
    // The demo's busy scenario puts p95 latency between its warning and critical steps.
    let latency = Policy::default()
        .signal(tumulte_policy::SignalId::LatencyP95)
        .name
        .clone();
    assert!(
        after
            .iter()
            .any(|(s, l)| *s == latency && l == tumulte_policy::Level::Warning.name()),
        "busy history implies a latency warning: {after:?}"
    );

    // The latency panel's threshold lines sit at the policy's p95 steps, drawn on the plot in their colours.
    let policy = Policy::default();
    let steps: Vec<f64> = policy
        .thresholds_of(tumulte_policy::SignalId::LatencyP95)
        .iter()
        .map(|(v, _)| *v)
        .collect();
    let (latency_id, _) = panels(&dashboard)
        .into_iter()
        .find(|(_, p)| p["title"].as_str().is_some_and(|t| t.starts_with("Request latency")))
        .ok_or("no latency panel")?;
    let lines = threshold_lines(&page, latency_id)?;
    let values: Vec<f64> = lines.iter().map(|l| l.value).collect();
    assert_eq!(
        values, steps,
        "the latency panel's threshold lines are the policy's p95 steps"
    );
    for line in &lines {
        assert!(
            (0.0..=line.plot_height).contains(&line.y) && line.drawn_share > 0.2,
            "a dashed line in {} at {} is drawn across the plot: {line:?}",
            line.color,
            line.value
        );
    }
    assert!(
        lines.windows(2).all(|w| w[1].y < w[0].y),
        "higher steps sit higher: {lines:?}"
    );
    world.runtime.block_on(world.host.shutdown());
    Ok(())
}

/// A threshold line as the page measured it on the plot's canvas.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ThresholdLine {
    value: f64,
    color: String,
    y: f64,
    plot_height: f64,
    drawn_share: f64,
}

fn threshold_lines(page: &Page, id: i64) -> Result<Vec<ThresholdLine>> {
    let lines = format!("window.grafanaPreview.panels().find(p => p.id === {id})?.thresholdLines");
    page.wait_until(&format!("({lines} ?? []).length > 0"), Duration::from_secs(30))?;
    let answer = page.evaluate(&lines)?;
    serde_json::from_value(answer.clone()).map_err(|e| format!("thresholdLines {answer}: {e}").into())
}

/// The frames of one `/api/ds/query` answer as `@grafana/runtime`'s `toDataQueryResponse` decodes them in the
/// page, against the plugin's Arrow frames decoded by an independent Arrow reader.
#[test]
fn the_page_decodes_the_plugins_frames_as_the_plugin_encoded_them() -> Result {
    let Some(web) = web_dir() else { return Ok(()) };
    let Some(browser) = browser()? else { return Ok(()) };
    let Some(world) = World::start(web, &[Component::Prometheus])? else {
        return Ok(());
    };
    // Within the history, so the live scrapes between the two askings change nothing.
    let to = world.history_end as i64;
    let prometheus = world.engines.url(Component::Prometheus);
    for target in [
        json!({"kind": "scalingVerdict", "format": "table"}),
        json!({"kind": "scalingVerdict", "format": "timeseries"}),
        json!({"kind": "cacheHitRate", "groupBy": "cache"}),
    ] {
        let mut query = target.clone();
        query["refId"] = "A".into();
        query["datasource"] = json!({"type": PLUGIN_ID, "uid": PLUGIN_UID});
        query["intervalMs"] = 15_000.into();
        query["maxDataPoints"] = 500.into();
        let body = json!({"queries": [query], "from": ((to - 3600) * 1000).to_string(), "to": (to * 1000).to_string()});
        let answer = tumulte_test_kit::http::post(world.host.addr(), "/api/ds/query", body.to_string().as_bytes())?;
        assert_eq!(answer.status, 200, "{}", answer.body);

        let page = browser.new_page(800, 600)?;
        page.goto(&world.host.url())?;
        page.wait_until("typeof window.grafanaPreview === 'object'", Duration::from_secs(30))?;
        let decoded = page.evaluate(&format!("window.grafanaPreview.decode({})", answer.body))?;

        let direct = tumulte_tests::host::query("A", target.clone(), to - 3600, to, 15_000, 500);
        let arrow = world.runtime.block_on(async {
            let plugin = PluginProcess::start().await?;
            let ds = DataSource::new(&prometheus);
            let mut answers = query_data(
                &plugin,
                &ds,
                &Asker::User("Viewer"),
                DataFrameFormat::Arrow,
                vec![direct],
            )
            .await?;
            plugin.shutdown().await?;
            answers.remove("A").ok_or_else(|| Error::from("no answer for A"))
        })?;
        assert_same_frames(&decoded, &arrow.frames, &target)?;
    }
    world.runtime.block_on(world.host.shutdown());
    Ok(())
}

fn assert_same_frames(decoded: &Value, arrow: &[DecodedFrame], what: &Value) -> Result {
    let frames = decoded.as_array().ok_or("decode() answers a list of frames")?;
    assert_eq!(frames.len(), arrow.len(), "{what}: frame count");
    for (page, frame) in frames.iter().zip(arrow) {
        assert_eq!(page["refId"], frame.ref_id, "{what}: refId");
        let fields = page["fields"].as_array().ok_or("fields")?;
        assert_eq!(fields.len(), frame.fields.len(), "{what}: field count");
        for (pf, af) in fields.iter().zip(&frame.fields) {
            assert_eq!(pf["name"], af.name, "{what}: field name");
            let labels: BTreeMap<String, String> = serde_json::from_value(pf["labels"].clone()).unwrap_or_default();
            assert_eq!(labels, af.labels, "{what}: {} labels", af.name);
            if let Some(config) = &af.config {
                for (key, value) in config.as_object().into_iter().flatten() {
                    assert_eq!(&pf["config"][key], value, "{what}: {} config.{key}", af.name);
                }
            }
            let values = pf["values"].as_array().ok_or("values")?;
            match &af.column {
                Column::Str(v) => {
                    let page: Vec<Option<String>> = values.iter().map(|x| x.as_str().map(str::to_owned)).collect();
                    assert_eq!(&page, v, "{what}: {} values", af.name);
                }
                // JavaScript has one number type: compare every numeric column as floats, times in milliseconds.
                column => {
                    let page: Vec<Option<f64>> = values.iter().map(Value::as_f64).collect();
                    let arrow: Vec<Option<f64>> = match column {
                        Column::Time(v) => v.iter().map(|t| t.map(|ns| (ns / 1_000_000) as f64)).collect(),
                        _ => af.numbers(),
                    };
                    assert_eq!(page, arrow, "{what}: {} values", af.name);
                }
            }
        }
    }
    Ok(())
}

/// Prometheus alone, on `port` if given (to bring it back where the host expects it).
fn own_prometheus(port: Option<u16>) -> Result<Option<tumulte_test_kit::prometheus::Engines>> {
    let Some(mut setup) = tumulte_test_kit::prometheus::Setup::new(&[Component::Prometheus])? else {
        return Ok(None);
    };
    if let Some(port) = port {
        setup.config.ports.set(Component::Prometheus, port);
    }
    Ok(Some(setup.start()?))
}

/// A dashboard of three panels: one that works, one whose PromQL does not parse, one of a kind the preview
/// does not draw. It refreshes itself every 5 s, Grafana's shortest refresh.
fn faults_dashboard() -> Value {
    let target =
        |expr: &str| json!([{"refId": "A", "expr": expr, "datasource": {"type": "prometheus", "uid": "prometheus"}}]);
    json!({
        "uid": "faults", "title": "Faults", "schemaVersion": 39, "refresh": "5s",
        "time": {"from": "now-15m", "to": "now"},
        "panels": [
            {"id": 1, "type": "timeseries", "title": "Works", "gridPos": {"x": 0, "y": 0, "w": 8, "h": 6}, "targets": target("vector(1)")},
            {"id": 2, "type": "timeseries", "title": "Broken PromQL", "gridPos": {"x": 8, "y": 0, "w": 8, "h": 6}, "targets": target("sum(")},
            {"id": 3, "type": "piechart", "title": "Pie", "gridPos": {"x": 16, "y": 0, "w": 8, "h": 6}, "targets": target("vector(2)")}
        ]
    })
}

fn state_of(page: &Page, id: i64) -> Result<(String, String)> {
    let panel = page.evaluate(&format!("window.grafanaPreview.panels().find(p => p.id === {id})"))?;
    Ok((
        panel["state"].as_str().unwrap_or_default().to_owned(),
        panel["error"].as_str().unwrap_or_default().to_owned(),
    ))
}

#[test]
fn errors_show_in_their_panel_and_the_page_recovers_when_prometheus_is_back() -> Result {
    let Some(web) = web_dir() else { return Ok(()) };
    let Some(browser) = browser()? else { return Ok(()) };
    let Some(prometheus) = own_prometheus(None)? else {
        return Ok(());
    };
    let port = prometheus.port(Component::Prometheus);
    let dir = tempfile::tempdir()?;
    let dashboard = dir.path().join("faults.json");
    std::fs::write(&dashboard, faults_dashboard().to_string())?;
    let datasources = dir.path().join("datasources.yml");
    std::fs::write(
        &datasources,
        "apiVersion: 1\ndatasources:\n- {name: Prometheus, uid: prometheus, type: prometheus, url: 'http://prometheus:9090', isDefault: true}\n",
    )?;
    let runtime = tokio::runtime::Runtime::new()?;
    let host = runtime.block_on(grafana_preview::host::start(grafana_preview::host::HostConfig {
        listen: "127.0.0.1:0".parse()?,
        dashboard,
        datasources,
        prometheus: Some(prometheus.url(Component::Prometheus)),
        plugins: Default::default(),
        web,
    }))?;
    let page = browser.new_page(1200, 600)?;
    page.goto(&host.url())?;
    page.wait_until(screenshot::SETTLED, Duration::from_secs(60))?;

    // A query error is that panel's error corner; a kind the preview does not draw is named; the rest is drawn.
    assert_eq!(state_of(&page, 1)?.0, "data");
    let (state, error) = state_of(&page, 2)?;
    assert_eq!(state, "error");
    assert!(error.contains("parse error") || error.contains("bad_data"), "{error}");
    let (state, error) = state_of(&page, 3)?;
    assert_eq!(state, "error");
    assert!(error.contains("piechart"), "{error}");
    assert!(
        panel_text(&page, 3)?.contains("piechart"),
        "the placeholder names the kind"
    );

    // Prometheus stopped: the next refresh puts the working panel in error, naming Prometheus.
    drop(prometheus);
    page.wait_until(
        "window.grafanaPreview.panels().find(p => p.id === 1).state === 'error'",
        Duration::from_secs(30),
    )?;
    let (_, error) = state_of(&page, 1)?;
    assert!(error.contains("cannot reach Prometheus"), "{error}");

    // Back on its port: the page recovers at its next refresh, without a reload.
    let Some(_again) = own_prometheus(Some(port))? else {
        return Err("Prometheus was installed a moment ago".into());
    };
    page.wait_until(
        "window.grafanaPreview.panels().find(p => p.id === 1).state === 'data'",
        Duration::from_secs(60),
    )?;
    runtime.block_on(host.shutdown());
    Ok(())
}
