//! `scale-bench`: the plugin on large answers (issue 16), a benchmark and not a timed test. Each row times a
//! query through the plugin (QueryData over gRPC from the Grafana-host emulator, Arrow frames back, decoded
//! after the clock stops) against the same PromQL sent directly to Prometheus over HTTP, the whole answer read
//! as bytes and not parsed (what fetching it costs), the two interleaved and alternating which goes first:
//!
//! - `promql` of one gauge: 1 series × 1,000 points, 10 × 10,800 and 100 × 10,800 (45 h at 15 s), the series
//!   chosen by a regex on their `series` label; target ≤ 1.3× from 100 k values up, and the memory the queries
//!   take ≤ 2× the Arrow frames returned: the peak RSS over the RSS of the idle plugin (started, its data
//!   source's health checked and one small query answered, as Grafana leaves it once a panel has read it: about
//!   10 MiB of code, runtime, connection and allocator that no query adds to; the peak is reset to it through
//!   `/proc/<pid>/clear_refs`), less the code the row's first query pages in (file-backed pages of the binary,
//!   `RssFile`, printed apart: how many depends on what the kernel maps around each fault, not on the answer).
//!   Neither is judged below 100 k values, where start-up memory and fixed costs dominate;
//! - `scalingVerdict` as a table (instant) against its five constituent queries
//!   (`tumulte_policy::verdict::queries`) sent directly at once; target ≤ 1.25×;
//! - `scalingVerdict` as a timeline (`format: timeseries`) over 6 h, 7 d and 30 d for a 1,200-point panel
//!   (the plugin's grid: step = range ÷ 1,200, at least the 15 s interval) against its five range queries sent
//!   directly at once, on the same grid; target ≤ 1.25×.
//!
//! Every row gets a fresh plugin process, so its peak RSS (the kernel's high-water mark, `VmHWM`) is that
//! row's; its CPU per query is the plugin's user + system time (`/proc/<pid>/stat`) over the timed queries,
//! divided by their number. A row runs until its time budget is spent (at least 5 and at most 200 queries
//! each side). Medians.
//!
//! Prometheus holds, loaded by `promtool tsdb create-blocks-from openmetrics` through the demo's OpenMetrics
//! writer, with a 90-day retention (the runner's 30 days would delete the oldest blocks on load):
//! - `tumulte_bench_gauge{series="0".."99"}` every 15 s for 45 h ending at the scenario's end, integer values
//!   of up to 3 digits (so that its JSON has the size, about 19 bytes a value);
//! - the tests' scenario history (`tumulte_tests::scenario::Timeline`: five 40-minute segments at 15 s), and
//!   before it 31 days of the same five segments back to back, an hour each, scraped every 60 s: the signals the
//!   verdict's sustained subqueries read, at the coarsest interval that still leaves the 5-minute rate window
//!   several samples.
//!
//! Prometheus compacts the backfilled blocks a minute after it starts; the benchmark waits until it is idle.
//!
//! `cargo run --release -p tumulte-tests --bin scale-bench [-- [--runs N] [--quick] [--only TEXT] [BINARY]]` (needs
//! `prometheus` and `promtool` from apt): measures BINARY, else the shipped
//! `plugin/dist/gpx_tumulte_scaling_linux_amd64` when `plugin/scripts/dist.sh` has run, else this build's
//! binary; `--runs N` (default 3) repeats every row N times and prints each run's table, then each row's ratios
//! across the runs against its target; `--quick`: a smoke run of few queries; `--only TEXT`: the rows whose name
//! holds TEXT (`promql`, `verdict`, `verdict table`), with only the history they read (without the 7-day and
//! 30-day timelines, set-up takes about a minute). Exits 0 whether or not targets are met.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use futures::future::try_join_all;
use tumulte_test_kit::openmetrics::History;
use tumulte_tests::bench::{cpu_ms, fetch, median, ms, reset_peak_rss, settle};
use tumulte_tests::frames::decode;
use tumulte_tests::host::{grafana_env, Asker, DataSource, PluginProcess};
use tumulte_tests::pluginv2::{DataFrameFormat, DataQuery, DataResponse, QueryDataRequest};
use tumulte_tests::prometheus::PrometheusServer;
use tumulte_tests::scale::{
    add_gauge, thousands, warm_up, Direct, Kind, Row, PAST_DAYS, PAST_STEP, RETENTION, RSS_TARGET,
};
use tumulte_tests::scenario::Timeline;
use tumulte_tests::Error;

/// How long a row runs.
#[derive(Debug, Clone, Copy)]
struct Budget {
    min: usize,
    max: usize,
    time: Duration,
}

/// One row of one run.
#[derive(Debug, Clone)]
struct Measured {
    json_bytes: usize,
    arrow_bytes: usize,
    direct_ms: f64,
    plugin_ms: f64,
    idle_mib: f64,
    peak_mib: f64,
    code_mib: f64,
    cpu_ms: f64,
    queries: usize,
}

impl Measured {
    fn ratio(&self) -> f64 {
        self.plugin_ms / self.direct_ms
    }

    /// The memory a row's queries took, per byte of Arrow returned: peak RSS over the RSS of the process
    /// started, warmed up and idle, less the code its first query paged in.
    fn rss_per_arrow(&self) -> f64 {
        (self.peak_mib - self.idle_mib - self.code_mib) * 1024.0 * 1024.0 / self.arrow_bytes as f64
    }
}

struct Bench {
    binary: PathBuf,
    ds: DataSource,
    url: String,
    http: reqwest::Client,
    to: i64,
    budget: Budget,
}

impl Bench {
    /// One row in a fresh plugin process.
    async fn row(&self, row: &Row) -> Result<Measured, Error> {
        let (q, direct) = self.requests(row)?;
        let plugin = PluginProcess::start_program(&self.binary, &[], &grafana_env()).await?;
        // Idle as Grafana leaves it once a data source is saved and a panel has read it: its instance made,
        // Prometheus reached, the query path's code paged in by a small query.
        plugin.check_health(&self.ds).await?;
        self.warm_up(&plugin).await?;
        let idle_kib = plugin.rss_kib().ok_or("the plugin's RSS is unreadable")?;
        let idle_file_kib = plugin
            .file_rss_kib()
            .ok_or("the plugin's file-backed RSS is unreadable")?;
        reset_peak_rss(plugin.pid()).map_err(|e| format!("cannot reset the plugin's peak RSS: {e}"))?;
        // Warm-up, and the check that the answers are what the row says.
        let (_, arrow_bytes) = self.through(&plugin, &q, row).await?;
        // The code this first query ran that the small one had not: read from the binary, not the answer's
        // memory. Read before the timed queries, so that nothing paged in later is taken off the peak.
        let code_kib = plugin
            .file_rss_kib()
            .ok_or("the plugin's file-backed RSS is unreadable")?
            .saturating_sub(idle_file_kib);
        let (_, json_bytes) = self.straight(&direct).await?;
        let (mut through, mut straight) = (Vec::new(), Vec::new());
        let cpu_before = cpu_ms(plugin.pid()).ok_or("the plugin's CPU time is unreadable")?;
        let started = Instant::now();
        let mut n = 0;
        while n < self.budget.min || (n < self.budget.max && started.elapsed() < self.budget.time) {
            // Which side goes first alternates, so that neither always meets a Prometheus just woken or busy.
            if n % 2 == 1 {
                straight.push(self.straight(&direct).await?.0);
            }
            through.push(self.through(&plugin, &q, row).await?.0);
            if n % 2 == 0 {
                straight.push(self.straight(&direct).await?.0);
            }
            n += 1;
        }
        let cpu = cpu_ms(plugin.pid()).ok_or("the plugin's CPU time is unreadable")? - cpu_before;
        let peak_kib = plugin.peak_rss_kib().ok_or("the plugin's peak RSS is unreadable")?;
        plugin.shutdown().await?;
        Ok(Measured {
            json_bytes,
            arrow_bytes,
            direct_ms: median(straight),
            plugin_ms: median(through),
            idle_mib: idle_kib as f64 / 1024.0,
            peak_mib: peak_kib as f64 / 1024.0,
            code_mib: code_kib as f64 / 1024.0,
            cpu_ms: cpu / n as f64,
            queries: n,
        })
    }

    /// A small query that pages in the query path's code ([`warm_up`]).
    async fn warm_up(&self, plugin: &PluginProcess) -> Result<(), Error> {
        self.ask(plugin, &warm_up(self.to), "the warm-up query").await.map(drop)
    }

    /// `q` sent to the plugin as Grafana sends it, alone in its request, timed up to the response's last byte.
    /// Returns the time and the answer, which must be a success (`what` names the query in the error).
    async fn ask(&self, plugin: &PluginProcess, q: &DataQuery, what: &str) -> Result<(f64, DataResponse), Error> {
        let request = QueryDataRequest {
            plugin_context: Some(self.ds.context(&Asker::Grafana)),
            headers: Default::default(),
            queries: vec![q.clone()],
            format: DataFrameFormat::Arrow as i32,
        };
        let started = Instant::now();
        let mut response = plugin.data().query_data(request).await?.into_inner();
        let elapsed = ms(started.elapsed());
        let answer = response
            .responses
            .remove(&q.ref_id)
            .ok_or_else(|| format!("{what}: no answer"))?;
        if answer.status != 200 {
            return Err(format!("{what}: the plugin answered {}: {}", answer.status, answer.error).into());
        }
        Ok((elapsed, answer))
    }

    fn requests(&self, row: &Row) -> Result<(DataQuery, Vec<Direct>), Error> {
        row.requests(self.to)
    }

    /// The query through the plugin, timed up to the response's last byte; then its frames decoded and
    /// checked. Returns the time and the frames' Arrow size.
    async fn through(&self, plugin: &PluginProcess, q: &DataQuery, row: &Row) -> Result<(f64, usize), Error> {
        let (elapsed, answer) = self.ask(plugin, q, &row.name).await?;
        let frames = answer.frames.iter().map(|f| decode(f)).collect::<Result<Vec<_>, _>>()?;
        if let Kind::Promql { series, points, .. } = row.kind {
            let values: usize = frames.iter().map(|f| f.rows() * f.fields.len().saturating_sub(1)).sum();
            if values != series * points as usize {
                return Err(format!("{}: {values} values through the plugin", row.name).into());
            }
        }
        Ok((elapsed, answer.frames.iter().map(Vec::len).sum()))
    }

    /// The direct queries, sent at once, timed until the last answer's last byte. Returns the time and the
    /// answers' total size.
    async fn straight(&self, direct: &[Direct]) -> Result<(f64, usize), Error> {
        let started = Instant::now();
        let answers = try_join_all(
            direct
                .iter()
                .map(|(path, form)| fetch(&self.http, &self.url, path, form)),
        )
        .await?;
        Ok((ms(started.elapsed()), answers.iter().map(|a| a.1).sum()))
    }
}

fn size(bytes: usize) -> String {
    if bytes >= 100_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.1} kB", bytes as f64 / 1e3)
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "meets"
    } else {
        "**misses**"
    }
}

fn print_table(rows: &[Row], run: &[Measured]) {
    println!("| row | values | JSON | Arrow | direct | plugin | ratio (target) | plugin peak RSS (idle) | code paged in | growth ÷ Arrow | plugin CPU / query | queries |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
    for (row, m) in rows.iter().zip(run) {
        let target = match row.target() {
            Some(t) => format!("{:.2}× (≤ {t}×, {})", m.ratio(), verdict(m.ratio() <= t)),
            None => format!("{:.2}× (not judged)", m.ratio()),
        };
        let rss = if row.rss_judged() {
            format!(
                "{:.1}× (≤ {RSS_TARGET}×, {})",
                m.rss_per_arrow(),
                verdict(m.rss_per_arrow() <= RSS_TARGET)
            )
        } else {
            format!("{:.1}×", m.rss_per_arrow())
        };
        println!(
            "| {} | {} | {} | {} | {:.2} ms | {:.2} ms | {target} | {:.1} MiB ({:.1}) | {:.2} MiB | {rss} | {:.2} ms | {} |",
            row.name,
            row.values().map_or("—".into(), thousands),
            size(m.json_bytes),
            size(m.arrow_bytes),
            m.direct_ms,
            m.plugin_ms,
            m.peak_mib,
            m.idle_mib,
            m.code_mib,
            m.cpu_ms,
            m.queries,
        );
    }
}

fn print_summary(rows: &[Row], runs: &[Vec<Measured>]) {
    println!("## Summary over {} run(s)\n", runs.len());
    for (i, row) in rows.iter().enumerate() {
        let ratios: Vec<f64> = runs.iter().map(|r| r[i].ratio()).collect();
        let list = ratios.iter().map(|r| format!("{r:.2}×")).collect::<Vec<_>>().join(", ");
        let judged = match row.target() {
            Some(t) => {
                let met = ratios.iter().filter(|r| **r <= t).count();
                format!(
                    "target ≤ {t}×: met in {met} of {} runs, {}",
                    ratios.len(),
                    verdict(met == ratios.len())
                )
            }
            None => "not judged (under 100 k values)".into(),
        };
        let mut line = format!("- {}: ratio {list}; {judged}", row.name);
        if row.rss_judged() {
            let per: Vec<f64> = runs.iter().map(|r| r[i].rss_per_arrow()).collect();
            let met = per.iter().filter(|r| **r <= RSS_TARGET).count();
            let list = per.iter().map(|r| format!("{r:.1}×")).collect::<Vec<_>>().join(", ");
            line.push_str(&format!(
                "; RSS growth ÷ Arrow {list}, target ≤ {RSS_TARGET}×: met in {met} of {} runs, {}",
                per.len(),
                verdict(met == per.len())
            ));
        }
        println!("{line}");
    }
}

/// The command line, as `--help` prints it.
const USAGE: &str = "scale-bench [--runs N] [--quick] [--only TEXT] [BINARY]";

struct Args {
    runs: usize,
    quick: bool,
    only: Option<String>,
    binary: Option<PathBuf>,
}

fn args() -> Result<Args, Error> {
    let mut parsed = Args {
        runs: 3,
        quick: false,
        only: None,
        binary: None,
    };
    let mut it = std::env::args_os().skip(1);
    while let Some(arg) = it.next() {
        match arg.to_str() {
            Some("--quick") => parsed.quick = true,
            Some("--only") => {
                let text = it.next().and_then(|g| g.into_string().ok());
                parsed.only = Some(text.ok_or("--only needs part of a row's name, e.g. promql or \"verdict table\"")?);
            }
            Some("--runs") => {
                let n = it.next().ok_or("--runs needs a number")?;
                parsed.runs = n.to_str().ok_or("--runs needs a number")?.parse()?;
            }
            Some("--help" | "-h") => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            Some(flag) if flag.starts_with('-') => {
                return Err(format!("unknown option {flag:?}; usage: {USAGE}").into())
            }
            _ if parsed.binary.is_none() => parsed.binary = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument {arg:?}; usage: {USAGE}").into()),
        }
    }
    if let Some(binary) = parsed.binary.as_ref().filter(|path| !path.is_file()) {
        return Err(format!(
            "{} is not a file: name the plugin binary to measure, or none for the shipped one",
            binary.display()
        )
        .into());
    }
    Ok(parsed)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Error> {
    // reqwest is built with the plugin's TLS features (rustls without a provider): give it ring, as the plugin does.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let args = args()?;
    let binary = tumulte_test_kit::plugin::benched(args.binary)?;
    let timeline = Timeline::ending_now();
    let to = timeline.end;
    let rows: Vec<Row> = Row::all()
        .into_iter()
        .filter(|row| args.only.as_deref().is_none_or(|text| row.name.contains(text)))
        .collect();
    if rows.is_empty() {
        return Err(format!(
            "--only {:?} names no row: try promql, verdict, \"verdict table\"",
            args.only
        )
        .into());
    }

    let started = Instant::now();
    let mut history = History::new();
    // The month of past (most of the set-up's time) only for the rows that read it.
    let past_days = if rows.iter().any(Row::reads_the_past) {
        PAST_DAYS
    } else {
        0
    };
    timeline.add_with_past(&mut history, past_days, PAST_STEP);
    if rows.iter().any(Row::reads_the_gauge) {
        add_gauge(&mut history, to)?;
    }
    let mut text = Vec::new();
    let summary = history.write(&mut text)?;
    let text = String::from_utf8(text)?;
    eprintln!(
        "history written in {:.0} s: {summary:?}",
        started.elapsed().as_secs_f64()
    );
    let prom = PrometheusServer::start_with_history(&text, timeline, RETENTION)?
        .ok_or("prometheus is not installed: apt-get install --no-install-recommends prometheus")?;
    drop(text);
    eprintln!(
        "Prometheus loaded and ready after {:.0} s",
        started.elapsed().as_secs_f64()
    );
    // Its compaction of the backfilled blocks starts a minute after it opens them.
    let first = if args.quick {
        Duration::from_secs(2)
    } else {
        Duration::from_secs(70)
    };
    let idle = settle(
        prom.pid(),
        first,
        Duration::from_secs(3),
        0.05,
        Duration::from_secs(900),
    )
    .await;
    eprintln!(
        "Prometheus {} after {:.0} s",
        if idle { "idle" } else { "still busy" },
        started.elapsed().as_secs_f64()
    );

    let budget = if args.quick {
        Budget {
            min: 2,
            max: 10,
            time: Duration::from_secs(1),
        }
    } else {
        Budget {
            min: 5,
            max: 200,
            time: Duration::from_secs(10),
        }
    };
    let bench = Bench {
        binary,
        ds: DataSource::new(prom.url()),
        url: prom.url(),
        http: reqwest::Client::new(),
        to,
        budget,
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut runs = Vec::new();
    for run in 1..=args.runs {
        let begun = Instant::now();
        let mut measured = Vec::new();
        for row in &rows {
            measured.push(bench.row(row).await?);
        }
        println!(
            "## Run {run} of {}: {} on {cores} cores ({:.0} s)\n",
            args.runs,
            bench.binary.display(),
            begun.elapsed().as_secs_f64()
        );
        print_table(&rows, &measured);
        println!();
        runs.push(measured);
    }
    print_summary(&rows, &runs);
    Ok(())
}
