//! `preview-bench`: the dashboard preview's benchmark (not a timed test). For the overview on a 6 h range against
//! the native stack holding six hours of the demo's history, it prints, as medians of several rounds on this
//! machine, the time from navigating to the page until every panel has settled, set side by side with the same
//! queries (the very bodies the page posted to `/api/ds/query`, recorded in the page) sent directly, all at
//! once, to Prometheus (with Grafana's interval rules applied, as the host applies them) and to the plugin over
//! gRPC. Target: the page within 1.5× of the direct queries.
//!
//! Run it in release: `cargo run --release -p tumulte-tests --bin preview-bench` (needs the Debian packages of
//! the end-to-end tests, Chromium, and the built page: `npm --prefix dashboards-rs/preview/web run build`).

use std::time::{Duration, Instant};

use futures::future::join_all;
use grafana_preview::datasource::DataSources;
use grafana_preview::prometheus::plan;
use grafana_preview::query::QueryRequest;
use grafana_preview::screenshot::SETTLED;
use serde_json::{json, Value};
use tumulte_policy::names::PLUGIN_ID;
use tumulte_test_kit::prometheus::Component;
use tumulte_test_kit::repo;
use tumulte_tests::host::{query, query_data, Asker, DataSource, PluginProcess};
use tumulte_tests::pluginv2::DataFrameFormat;
use tumulte_tests::preview::{browser, web_dir, World, LIVE_FOR};
use tumulte_tests::Error;

/// Rounds of each side, after one warm-up round.
const ROUNDS: usize = 7;

/// Records, in the page, every body it posts to `/api/ds/query` (installed before the page's own scripts run).
const RECORD_QUERIES: &str = r#"
window.__dsQueries = [];
const fetchBefore = window.fetch;
window.fetch = function (input, init) {
  const url = typeof input === 'string' ? input : input.url;
  if (url.includes('/api/ds/query') && init && typeof init.body === 'string') {
    window.__dsQueries.push(JSON.parse(init.body));
  }
  return fetchBefore.apply(this, arguments);
};
"#;

/// When, after navigation, the page's first `/api/ds/query` began and its last answer ended (ms).
const QUERY_SPAN: &str = "(() => { const q = performance.getEntriesByType('resource')\
    .filter(e => e.name.includes('/api/ds/query')); \
    return { start: Math.min(...q.map(e => e.startTime)), end: Math.max(...q.map(e => e.responseEnd)) }; })()";

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// One query sent directly: to Prometheus with Grafana's plan, or to the plugin over gRPC.
async fn direct(
    http: &reqwest::Client,
    prometheus_url: &str,
    sources: &DataSources,
    plugin: &PluginProcess,
    plugin_ds: &DataSource,
    body: &QueryRequest,
    q: &grafana_preview::query::Query,
) -> Result<(), Error> {
    let now_ms = chrono_now_ms();
    let range = body.range(now_ms)?;
    let uid = q.datasource.as_ref().and_then(|d| d.key()).unwrap_or_default();
    // The page resolved every `${datasource}` before posting: each query names its data source's uid.
    let ds = sources.by_uid(uid).ok_or_else(|| format!("no data source {uid}"))?;
    if ds.kind == PLUGIN_ID {
        let target = q.json();
        let one = query(
            &q.ref_id,
            target,
            range.from_ms / 1000,
            range.to_ms / 1000,
            q.interval_ms(),
            q.max_data_points(),
        );
        query_data(
            plugin,
            plugin_ds,
            &Asker::User("Viewer"),
            DataFrameFormat::Arrow,
            vec![one],
        )
        .await?;
        return Ok(());
    }
    let p = plan(q, ds, range).map_err(|e| e.to_string())?;
    let mut form = vec![("query", p.expr.clone())];
    let path = match (p.grid, p.instant_at) {
        (Some(grid), _) => {
            form.push(("start", grid.start.to_string()));
            form.push(("end", grid.end.to_string()));
            form.push(("step", grid.step.to_string()));
            "/api/v1/query_range"
        }
        (None, Some(at)) => {
            form.push(("time", at.to_string()));
            "/api/v1/query"
        }
        (None, None) => return Err("a plan with neither a grid nor a time".into()),
    };
    let answer: Value = http
        .post(format!("{prometheus_url}{path}"))
        .form(&form)
        .send()
        .await?
        .json()
        .await?;
    if answer["status"] != "success" {
        return Err(format!("{}: {answer}", p.expr).into());
    }
    Ok(())
}

fn chrono_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn main() -> Result<(), Error> {
    let Some(web) = web_dir() else {
        return Err("the preview page is not built".into());
    };
    let browser = browser()?.ok_or("no Chromium")?;
    let world = World::start(web, &World::OVERVIEW)?.ok_or("the stack's components are not installed")?;
    std::thread::sleep(LIVE_FOR);
    let page = browser.new_page(1600, 900)?;
    page.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": RECORD_QUERIES }),
    )?;

    let mut page_ms = Vec::new();
    let (mut before_ms, mut queries_ms) = (Vec::new(), Vec::new());
    let mut bodies = Vec::new();
    for round in 0..=ROUNDS {
        let started = Instant::now();
        page.goto(&world.url())?;
        page.wait_until(SETTLED, Duration::from_secs(120))?;
        if round > 0 {
            page_ms.push(ms(started.elapsed()));
            let span = page.evaluate(QUERY_SPAN)?;
            before_ms.push(span["start"].as_f64().unwrap_or(f64::NAN));
            queries_ms.push(span["end"].as_f64().unwrap_or(f64::NAN) - span["start"].as_f64().unwrap_or(f64::NAN));
        }
        bodies = serde_json::from_value(page.evaluate("window.__dsQueries")?)?;
    }
    let queries: usize = bodies.iter().map(|b: &QueryRequest| b.queries.len()).sum();

    let prometheus_url = world.engines.url(Component::Prometheus);
    let provisioned = repo::root().join(tumulte_artefacts::provisioning::DATASOURCES_PATH);
    let mut sources = DataSources::load(&provisioned)?;
    sources.override_prometheus(&prometheus_url, &provisioned)?;
    // With the plugin in the same build, reqwest leaves the TLS provider to the program.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let direct_ms = world.runtime.block_on(async {
        let plugin = PluginProcess::start().await?;
        let plugin_ds = DataSource::new(&prometheus_url);
        let mut out = Vec::new();
        for round in 0..=ROUNDS {
            let started = Instant::now();
            let all = bodies.iter().flat_map(|body| {
                body.queries
                    .iter()
                    .map(|q| direct(&http, &prometheus_url, &sources, &plugin, &plugin_ds, body, q))
            });
            for result in join_all(all).await {
                result?;
            }
            if round > 0 {
                out.push(ms(started.elapsed()));
            }
        }
        plugin.shutdown().await?;
        Ok::<_, Error>(out)
    })?;

    let (page, direct) = (median(page_ms), median(direct_ms));
    println!(
        "preview-bench: the overview on a 6 h range, {queries} queries in {} requests, median of {ROUNDS} rounds",
        bodies.len()
    );
    println!("  page load to every panel settled:              {page:8.0} ms");
    println!(
        "    of which: before the first query {:.0} ms, queries {:.0} ms, drawing after the last answer the rest",
        median(before_ms),
        median(queries_ms)
    );
    println!("  the same queries, directly and all at once:     {direct:8.0} ms");
    println!("  ratio: {:.2}× (target ≤ 1.5×)", page / direct);
    world.runtime.block_on(world.host.shutdown());
    Ok(())
}
