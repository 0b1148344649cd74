//! `plugin-bench`: the plugin's benchmark (not a timed test). Prints, as medians of several runs on this
//! machine: spawn-to-handshake time; idle RSS and peak RSS under 64 concurrent verdict requests; p50 of a
//! `promql` query through the plugin against the same PromQL sent directly over HTTP (target ≤ 1.10×); p50 of
//! `scalingVerdict` against its slowest constituent query sent directly (target ≤ 1.25×), with the CPU time
//! Prometheus and the plugin spend per verdict, which bounds that ratio on this machine: five queries evaluated
//! at once cannot finish before Prometheus's CPU time for them divided by the cores it has.
//!
//! Run it in release: `cargo run --release -p tumulte-tests --bin plugin-bench [-- BINARY]` (needs `prometheus`
//! and `promtool` from apt, like the end-to-end tests). It measures BINARY, else the shipped
//! `plugin/dist/gpx_tumulte_scaling_linux_amd64` when `plugin/scripts/dist.sh` has run, else this build's binary.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tumulte_tests::bench::{cpu_ns, direct, median, ms, rss_kib};
use tumulte_tests::host::{grafana_env, query, query_data, verdict_table_query, Asker, DataSource, PluginProcess};
use tumulte_tests::pluginv2::{DataFrameFormat, DataQuery};
use tumulte_tests::prometheus::PrometheusServer;
use tumulte_tests::scenario::Timeline;
use tumulte_tests::Error;

const STARTS: usize = 7;
const ROUNDS: usize = 5;
const ITERATIONS: usize = 200;
const CONCURRENCY: usize = 64;
const BACK_TO_BACK: usize = 300;
const PROMQL: &str =
    "histogram_quantile(0.95, sum by (job, le) (rate(tumulte_http_request_duration_seconds_bucket[5m])))";

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Error> {
    // reqwest is built with the plugin's TLS features (rustls without a provider): give it ring, as the plugin does.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let binary = tumulte_test_kit::plugin::benched(std::env::args_os().nth(1).map(std::path::PathBuf::from))?;
    let env = grafana_env();
    let start = || PluginProcess::start_program(&binary, &[], &env);
    let timeline = Timeline::ending_now();
    let prom = PrometheusServer::start(Some(timeline.clone()))?
        .ok_or("prometheus is not installed: apt-get install --no-install-recommends prometheus")?;
    let url = prom.url();
    let ds = DataSource::new(url.clone());
    let (from, to) = (timeline.start(), timeline.end);

    // Start-up and idle memory.
    let mut startups = Vec::new();
    let mut idle = Vec::new();
    for _ in 0..STARTS {
        let plugin = start().await?;
        startups.push(ms(plugin.startup));
        tokio::time::sleep(Duration::from_millis(500)).await;
        idle.push(plugin.rss_kib().unwrap_or(0) as f64 / 1024.0);
        plugin.shutdown().await?;
    }

    let plugin = start().await?;
    let verdict_query = || verdict_table_query(to);
    let promql_query = || query("P", json!({"kind": "promql", "expr": PROMQL}), from, to, 15_000, 11_000);
    let ask = |q| query_data(&plugin, &ds, &Asker::Grafana, DataFrameFormat::Arrow, vec![q]);

    // Warm-up, and the verdict's constituent PromQL from its executedQueryString.
    let answers = query_data(
        &plugin,
        &ds,
        &Asker::Grafana,
        DataFrameFormat::Arrow,
        vec![verdict_query(), promql_query()],
    )
    .await?;
    let verdict = answers.get("V").ok_or("no verdict")?;
    let constituents: Vec<String> = verdict
        .frames
        .first()
        .and_then(|f| f.meta["executedQueryString"].as_str())
        .ok_or("no executedQueryString")?
        .lines()
        .map(str::to_owned)
        .collect();
    let promql_points = answers.get("P").and_then(|a| a.frames.first()).map_or(0, |f| f.rows());

    // RSS under 64 concurrent verdict requests.
    let mut peaks = Vec::new();
    for _ in 0..ROUNDS {
        let peak = Arc::new(AtomicU64::new(0));
        let running = Arc::new(AtomicBool::new(true));
        let pid = plugin.pid();
        let sampler = {
            let (peak, running) = (peak.clone(), running.clone());
            tokio::spawn(async move {
                while running.load(Ordering::Relaxed) {
                    if let Some(kib) = rss_kib(pid) {
                        peak.fetch_max(kib, Ordering::Relaxed);
                    }
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            })
        };
        let requests = (0..CONCURRENCY).map(|_| ask(verdict_query()));
        for r in futures::future::join_all(requests).await {
            let a = r?;
            if a.get("V").is_none_or(|v| v.status != 200) {
                return Err("a concurrent verdict failed".into());
            }
        }
        running.store(false, Ordering::Relaxed);
        sampler.await?;
        peaks.push(peak.load(Ordering::Relaxed) as f64 / 1024.0);
    }

    // Latency, interleaved so that both sides see the same Prometheus.
    let http = reqwest::Client::new();
    let range_form = |expr: &str| {
        vec![
            ("query", expr.to_owned()),
            ("start", (from.div_euclid(15) * 15).to_string()),
            (
                "end",
                (to.div_euclid(15) * 15 + if to % 15 == 0 { 0 } else { 15 }).to_string(),
            ),
            ("step", "15".to_owned()),
        ]
    };
    let mut through = Vec::new();
    let mut straight = Vec::new();
    let mut verdicts = Vec::new();
    let mut parts: Vec<Vec<f64>> = vec![Vec::new(); constituents.len()];
    let mut together = Vec::new();
    for i in 0..ITERATIONS {
        // Which side goes first alternates, so that neither always meets a Prometheus just woken or just busy.
        if i % 2 == 1 {
            straight.push(ms(
                direct(&http, &url, "/api/v1/query_range", &range_form(PROMQL)).await?
            ));
        }
        let started = Instant::now();
        let a = ask(promql_query()).await?;
        if a.get("P").is_none_or(|p| p.status != 200) {
            return Err("promql through the plugin failed".into());
        }
        through.push(ms(started.elapsed()));
        if i % 2 == 0 {
            straight.push(ms(
                direct(&http, &url, "/api/v1/query_range", &range_form(PROMQL)).await?
            ));
        }

        let started = Instant::now();
        let a = ask(verdict_query()).await?;
        if a.get("V").is_none_or(|v| v.status != 200) {
            return Err("verdict through the plugin failed".into());
        }
        verdicts.push(ms(started.elapsed()));
        let forms: Vec<Vec<(&str, String)>> = constituents
            .iter()
            .map(|expr| vec![("query", expr.clone()), ("time", to.to_string())])
            .collect();
        for (i, form) in forms.iter().enumerate() {
            parts[i].push(ms(direct(&http, &url, "/api/v1/query", form).await?));
        }
        // The same queries sent directly at once, as the plugin sends them: what concurrency itself costs here.
        let started = Instant::now();
        futures::future::try_join_all(forms.iter().map(|form| direct(&http, &url, "/api/v1/query", form))).await?;
        together.push(ms(started.elapsed()));
    }
    // CPU time per request: Prometheus's (a verdict's five queries) and the plugin's. The promql row sets the
    // plugin's CPU against the overhead it adds to the direct query.
    let (prom_cpu, plugin_cpu) = cpu_per_request(&plugin, &ds, prom.pid(), verdict_query()).await?;
    let (prom_cpu_promql, plugin_cpu_promql) = cpu_per_request(&plugin, &ds, prom.pid(), promql_query()).await?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    let (p_through, p_straight) = (median(through), median(straight));
    let p_verdict = median(verdicts);
    let part_medians: Vec<f64> = parts.into_iter().map(median).collect();
    let slowest = part_medians.iter().copied().fold(0.0, f64::max);
    let p_together = median(together);

    println!("binary: {}\n", binary.display());
    println!("| measure | value |");
    println!("| --- | --- |");
    println!(
        "| spawn to handshake (median of {STARTS}) | {:.1} ms |",
        median(startups)
    );
    println!("| idle RSS (median of {STARTS}) | {:.1} MiB |", median(idle));
    println!(
        "| peak RSS under {CONCURRENCY} concurrent verdicts (median of {ROUNDS}) | {:.1} MiB |",
        median(peaks)
    );
    println!(
        "| promql p50, {promql_points} points: plugin / direct HTTP (median of {ITERATIONS}) | {p_through:.2} ms / {p_straight:.2} ms = {:.2}× (target ≤ 1.10×) |",
        p_through / p_straight
    );
    println!(
        "| scalingVerdict p50 / slowest of its {} queries direct | {p_verdict:.2} ms / {slowest:.2} ms = {:.2}× (target ≤ 1.25×) |",
        constituents.len(),
        p_verdict / slowest
    );
    println!(
        "| scalingVerdict p50 / its {} queries sent directly at once | {p_verdict:.2} ms / {p_together:.2} ms = {:.2}× |",
        constituents.len(),
        p_verdict / p_together
    );
    println!(
        "| CPU per verdict ({BACK_TO_BACK} back to back): Prometheus / plugin | {prom_cpu:.2} ms / {plugin_cpu:.2} ms |"
    );
    println!(
        "| CPU per promql query ({BACK_TO_BACK} back to back): Prometheus / plugin | {prom_cpu_promql:.2} ms / {plugin_cpu_promql:.2} ms |"
    );
    println!(
        "| floor on {cores} cores: Prometheus's CPU per verdict / cores / slowest query | {prom_cpu:.2} ms / {cores} / {slowest:.2} ms = {:.2}× |",
        prom_cpu / cores as f64 / slowest
    );
    plugin.shutdown().await?;
    Ok(())
}

/// The CPU time Prometheus and the plugin spend per request, in ms, over `query` sent [`BACK_TO_BACK`] times in
/// a row.
async fn cpu_per_request(
    plugin: &PluginProcess,
    ds: &DataSource,
    prom_pid: u32,
    query: DataQuery,
) -> Result<(f64, f64), Error> {
    let (prom_before, plugin_before) = (cpu_ns(prom_pid), cpu_ns(plugin.pid()));
    for _ in 0..BACK_TO_BACK {
        query_data(plugin, ds, &Asker::Grafana, DataFrameFormat::Arrow, vec![query.clone()]).await?;
    }
    let per = |before: Option<u64>, after: Option<u64>| match (before, after) {
        (Some(b), Some(a)) => a.saturating_sub(b) as f64 / 1e6 / BACK_TO_BACK as f64,
        _ => f64::NAN,
    };
    Ok((
        per(prom_before, cpu_ns(prom_pid)),
        per(plugin_before, cpu_ns(plugin.pid())),
    ))
}
