//! Faults under load: 64 concurrent mixed queries (`promql`, `cacheHitRate`, the verdict's table and timeline)
//! through the plugin, while a real Prometheus is killed and restarted, and while a [`FaultProxy`] in front of it
//! answers slower than the timeout, answers 503, or answers garbage. Two data sources share the load: one
//! straight to Prometheus, one through the proxy.
//!
//! What must hold, checked on every answer ([`Report::violations`]): it comes within the data source's timeout
//! plus a second; it succeeds when nothing is wrong, and when something is, its error names that fault; the
//! first query after Prometheus returns succeeds; the plugin never panics, and its memory stays bounded. The
//! end-to-end test runs one cycle of the faults (about a minute); `fault-bench` cycles them for ten minutes and
//! prints the figures.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use tumulte_test_kit::http;

use crate::host::{query, query_data, Asker, DataSource, PluginProcess};
use crate::pluginv2::{DataFrameFormat, DataQuery};
use crate::proxy::{FaultProxy, Mode};
use crate::scenario::Timeline;
use crate::Error;

/// The data sources' timeout (`jsonData.timeoutSeconds`).
pub const TIMEOUT: Duration = Duration::from_secs(2);

/// How late an answer may come: the timeout plus a second.
pub const DEADLINE: Duration = Duration::from_secs(3);

/// The queries in flight at any time.
pub const CONCURRENCY: usize = 64;

/// What is wrong during a phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fault {
    /// Nothing.
    Healthy,
    /// Prometheus killed (SIGKILL), then restarted at the end of the phase.
    Down,
    /// The proxy answers only after the timeout.
    Slow,
    /// The proxy answers 503.
    Failing,
    /// The proxy answers garbage.
    Garbage,
    /// Prometheus being killed: the queries in flight fail, the others may still be answered.
    Killing,
    /// Prometheus started again, not ready yet: it refuses, answers 503, or already answers.
    Restarting,
}

impl Fault {
    /// Its name in the figures.
    pub fn name(self) -> &'static str {
        match self {
            Fault::Healthy => "healthy",
            Fault::Down => "prometheus killed",
            Fault::Slow => "slower than the timeout",
            Fault::Failing => "503",
            Fault::Garbage => "garbage",
            Fault::Killing => "killing",
            Fault::Restarting => "restarting",
        }
    }

    /// The causes an answer may have during this fault, on the direct data source or through the proxy.
    fn allows(self, proxied: bool) -> &'static [Cause] {
        match (self, proxied) {
            (Fault::Healthy, _) | (Fault::Slow | Fault::Failing | Fault::Garbage, false) => &[Cause::Ok],
            // While it starts again Prometheus answers 503 until its storage is open.
            (Fault::Down, _) => &[Cause::Unreachable, Cause::Unavailable],
            (Fault::Slow, true) => &[Cause::Timeout],
            (Fault::Failing, true) => &[Cause::Unavailable],
            (Fault::Garbage, true) => &[Cause::Garbage],
            (Fault::Killing | Fault::Restarting, _) => &[Cause::Ok, Cause::Unreachable, Cause::Unavailable],
        }
    }
}

/// What an answer was, read from its status and the words of its error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cause {
    /// Frames.
    Ok,
    /// "cannot reach Prometheus".
    Unreachable,
    /// "did not answer within".
    Timeout,
    /// "answered HTTP 5xx".
    Unavailable,
    /// "does not answer like Prometheus's HTTP API".
    Garbage,
    /// Any other error: a violation.
    Other,
}

impl Cause {
    fn of(status: i32, error: &str) -> Cause {
        match status {
            200 if error.is_empty() => Cause::Ok,
            502 if error.starts_with("cannot reach Prometheus") => Cause::Unreachable,
            504 if error.contains("did not answer within") => Cause::Timeout,
            502 if error.contains("answered HTTP 5") => Cause::Unavailable,
            502 if error.contains("does not answer like Prometheus's HTTP API") => Cause::Garbage,
            _ => Cause::Other,
        }
    }

    /// Its name in the figures.
    pub fn name(self) -> &'static str {
        match self {
            Cause::Ok => "ok",
            Cause::Unreachable => "unreachable",
            Cause::Timeout => "timeout",
            Cause::Unavailable => "HTTP 5xx",
            Cause::Garbage => "garbage",
            Cause::Other => "other",
        }
    }
}

/// The phases of one cycle, each with its length.
pub fn cycle(scale: f64) -> Vec<(Fault, Duration)> {
    let s = |secs: f64| Duration::from_secs_f64(secs * scale);
    vec![
        (Fault::Healthy, s(6.0)),
        (Fault::Down, s(8.0)),
        (Fault::Healthy, s(6.0)),
        (Fault::Slow, s(8.0)),
        (Fault::Failing, s(6.0)),
        (Fault::Garbage, s(6.0)),
        (Fault::Healthy, s(6.0)),
    ]
}

/// The figures of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// Queries answered.
    pub queries: usize,
    /// Answers by fault and cause.
    pub causes: BTreeMap<(Fault, Cause), usize>,
    /// Every answer's latency, ms, sorted.
    pub latencies_ms: Vec<f64>,
    /// Peak RSS of the plugin (VmHWM), MiB.
    pub peak_rss_mib: f64,
    /// RSS at the end of each healthy phase, MiB.
    pub healthy_rss_mib: Vec<f64>,
    /// Times Prometheus was killed and came back.
    pub restarts: usize,
    /// How long the first query after each return took, ms (each one succeeded, or it is a violation).
    pub first_after_return_ms: Vec<f64>,
    /// What broke the rules, first ones.
    pub violations: Vec<String>,
    /// How long the run took.
    pub elapsed: Duration,
}

impl Report {
    /// The latency at quantile `q` (0–1), ms.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        if self.latencies_ms.is_empty() {
            return f64::NAN;
        }
        let i = ((self.latencies_ms.len() - 1) as f64 * q).round() as usize;
        self.latencies_ms[i]
    }

    /// Answers by cause, over every phase.
    pub fn by_cause(&self) -> BTreeMap<Cause, usize> {
        let mut out = BTreeMap::new();
        for ((_, cause), n) in &self.causes {
            *out.entry(*cause).or_default() += n;
        }
        out
    }

    /// The figures, as the benchmark prints them.
    pub fn render(&self) -> String {
        let mut out = format!(
            "{} queries in {:.0} s ({:.0}/s), {} concurrent; Prometheus killed and restarted {} times\n",
            self.queries,
            self.elapsed.as_secs_f64(),
            self.queries as f64 / self.elapsed.as_secs_f64().max(1e-9),
            CONCURRENCY,
            self.restarts
        );
        out += "answers by cause: ";
        out += &self
            .by_cause()
            .iter()
            .map(|(c, n)| format!("{} {n}", c.name()))
            .collect::<Vec<_>>()
            .join(", ");
        out += "\n\n| fault | answers | causes |\n| --- | ---: | --- |\n";
        let mut faults: BTreeMap<Fault, Vec<(Cause, usize)>> = BTreeMap::new();
        for ((f, c), n) in &self.causes {
            faults.entry(*f).or_default().push((*c, *n));
        }
        for (fault, causes) in faults {
            let total: usize = causes.iter().map(|(_, n)| n).sum();
            let list: Vec<String> = causes.iter().map(|(c, n)| format!("{} {n}", c.name())).collect();
            out += &format!("| {} | {total} | {} |\n", fault.name(), list.join(", "));
        }
        out += &format!(
            "\nlatency: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (deadline {} ms)\n",
            self.quantile_ms(0.5),
            self.quantile_ms(0.99),
            self.latencies_ms.last().copied().unwrap_or(f64::NAN),
            DEADLINE.as_millis()
        );
        out += &format!(
            "plugin RSS: peak {:.1} MiB; at the end of each healthy phase {:?} MiB\n",
            self.peak_rss_mib,
            self.healthy_rss_mib
                .iter()
                .map(|m| (m * 10.0).round() / 10.0)
                .collect::<Vec<_>>()
        );
        out += &format!(
            "first query after Prometheus returned: {:?} ms\nviolations: {}\n",
            self.first_after_return_ms.iter().map(|m| m.round()).collect::<Vec<_>>(),
            self.violations.len()
        );
        for v in self.violations.iter().take(20) {
            out += &format!("  {v}\n");
        }
        out
    }
}

/// A Prometheus this harness can kill and start again on the same port and storage.
struct Restartable {
    binary: PathBuf,
    args: Vec<String>,
    port: u16,
    child: Option<Child>,
}

impl Restartable {
    fn start(&mut self) -> Result<(), Error> {
        let child = Command::new(&self.binary)
            .args(&self.args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e}", self.binary.display()))?;
        self.child = Some(child);
        Ok(())
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    async fn ready(&self) -> Result<(), Error> {
        let deadline = Instant::now() + Duration::from_secs(60);
        let port = self.port;
        loop {
            let ok = tokio::task::spawn_blocking(move || http::get(port, "/-/ready").is_ok_and(|r| r.status == 200))
                .await
                .unwrap_or(false);
            if ok {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err("Prometheus was not ready within a minute of its start".into());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Restartable {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Everything a run needs: Prometheus with the scenario history, the proxy, the plugin.
pub struct Bench {
    prometheus: Restartable,
    proxy: FaultProxy,
    plugin: Arc<PluginProcess>,
    direct: DataSource,
    proxied: DataSource,
    timeline: Timeline,
    _dir: tempfile::TempDir,
}

/// The query a worker sends on its `n`th turn, over the history's last hour.
fn mixed_query(n: usize, to: i64) -> DataQuery {
    let from = to - 3600;
    match n % 4 {
        0 => query(
            "A",
            json!({"kind": "promql", "expr": "sum by (job) (rate(tumulte_http_requests_total[5m]))"}),
            from,
            to,
            15_000,
            240,
        ),
        1 => query("A", json!({"kind": "cacheHitRate"}), from, to, 15_000, 240),
        2 => query(
            "A",
            json!({"kind": "scalingVerdict", "format": "table"}),
            from,
            to,
            15_000,
            240,
        ),
        _ => query(
            "A",
            json!({"kind": "scalingVerdict", "format": "timeseries"}),
            from,
            to,
            15_000,
            240,
        ),
    }
}

/// One answer, as a worker saw it.
struct Seen {
    started: Instant,
    took: Duration,
    proxied: bool,
    cause: Cause,
    error: String,
}

/// The phase in force at each instant: the start of each phase and its fault.
#[derive(Default)]
struct Schedule {
    phases: Vec<(Instant, Fault)>,
}

impl Schedule {
    /// How long after the start of the phase in force at `at`.
    fn since_phase_start(&self, at: Instant) -> Duration {
        self.phases
            .iter()
            .rev()
            .find(|(start, _)| *start <= at)
            .map_or(Duration::ZERO, |(start, _)| at - *start)
    }

    /// The faults in force between `from` and `to`.
    fn between(&self, from: Instant, to: Instant) -> Vec<Fault> {
        let mut out = Vec::new();
        for (i, (start, fault)) in self.phases.iter().enumerate() {
            let end = self.phases.get(i + 1).map(|(s, _)| *s);
            if *start <= to && end.is_none_or(|e| e >= from) {
                out.push(*fault);
            }
        }
        out
    }
}

/// KiB as MiB, 0 when unknown.
fn mib(kib: Option<u64>) -> f64 {
    kib.map_or(0.0, |k| k as f64 / 1024.0)
}

impl Bench {
    /// Starts Prometheus holding the scenario history, the proxy and `plugin`; `None` when Prometheus is not
    /// installed (the kit's rule).
    pub async fn start(plugin: PluginProcess) -> Result<Option<Bench>, Error> {
        let Some(binary) = tumulte_test_kit::tools::find("prometheus", "prometheus") else {
            return Ok(None);
        };
        let dir = tempfile::tempdir()?;
        let timeline = Timeline::ending_now();
        let data = dir.path().join("data");
        tumulte_test_kit::openmetrics::backfill(&timeline.openmetrics(), dir.path(), &data)?;
        let config = dir.path().join("prometheus.yml");
        std::fs::write(&config, "global:\n  scrape_interval: 15s\n")?;
        let port = http::free_port()?;
        let mut prometheus = Restartable {
            binary,
            args: vec![
                format!("--config.file={}", config.display()),
                format!("--storage.tsdb.path={}", data.display()),
                format!("--web.listen-address=127.0.0.1:{port}"),
                "--storage.tsdb.retention.time=30d".into(),
                "--log.level=error".into(),
            ],
            port,
            child: None,
        };
        prometheus.start()?;
        prometheus.ready().await?;
        let proxy = FaultProxy::start(port, TIMEOUT + Duration::from_millis(1500)).await?;
        let source = |url: String, uid: &str| {
            let mut ds = DataSource::new(url);
            ds.uid = uid.into();
            ds.json = json!({"timeoutSeconds": TIMEOUT.as_secs()});
            ds
        };
        Ok(Some(Bench {
            direct: source(format!("http://127.0.0.1:{port}"), "faults-direct"),
            proxied: source(proxy.url(), "faults-proxied"),
            prometheus,
            proxy,
            plugin: Arc::new(plugin),
            timeline,
            _dir: dir,
        }))
    }

    /// Runs the `phases` again and again until `length` has passed (at least once through), under
    /// [`CONCURRENCY`] workers, and reports.
    pub async fn run(&mut self, phases: &[(Fault, Duration)], length: Duration) -> Result<Report, Error> {
        let started = Instant::now();
        let stop = Arc::new(AtomicBool::new(false));
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let turn = Arc::new(AtomicUsize::new(0));
        let to = self.timeline.end;
        let workers: Vec<_> = (0..CONCURRENCY)
            .map(|w| {
                let (plugin, stop, seen, turn) = (self.plugin.clone(), stop.clone(), seen.clone(), turn.clone());
                let sources = [self.direct.clone(), self.proxied.clone()];
                tokio::spawn(async move {
                    while !stop.load(Ordering::Relaxed) {
                        let n = turn.fetch_add(1, Ordering::Relaxed);
                        let proxied = (n + w) % 2 == 1;
                        let ds = &sources[usize::from(proxied)];
                        let began = Instant::now();
                        let answer = tokio::time::timeout(
                            DEADLINE * 4,
                            query_data(
                                &plugin,
                                ds,
                                &Asker::Grafana,
                                DataFrameFormat::Arrow,
                                vec![mixed_query(n, to)],
                            ),
                        )
                        .await;
                        let took = began.elapsed();
                        let (cause, error) = match answer {
                            Ok(Ok(answers)) => match answers.get("A") {
                                Some(a) => (Cause::of(a.status, &a.error), a.error.clone()),
                                None => (Cause::Other, "no answer for refId A".to_owned()),
                            },
                            Ok(Err(e)) => (Cause::Other, format!("the request failed: {e}")),
                            Err(_) => (Cause::Other, "no answer at all".to_owned()),
                        };
                        if let Ok(mut s) = seen.lock() {
                            s.push(Seen {
                                started: began,
                                took,
                                proxied,
                                cause,
                                error,
                            });
                        }
                    }
                })
            })
            .collect();

        let mut report = Report::default();
        let mut schedule = Schedule::default();
        loop {
            for (fault, length_of) in phases {
                // A fault is in force from the moment it is made until the moment it is undone; killing and
                // restarting Prometheus take a while, and are phases of their own.
                match fault {
                    Fault::Slow => self.proxy.set(Mode::Slow),
                    Fault::Failing => self.proxy.set(Mode::Failing),
                    Fault::Garbage => self.proxy.set(Mode::Garbage),
                    Fault::Healthy | Fault::Down | Fault::Killing | Fault::Restarting => self.proxy.set(Mode::Pass),
                }
                if *fault == Fault::Down {
                    schedule.phases.push((Instant::now(), Fault::Killing));
                    self.prometheus.kill();
                }
                schedule.phases.push((Instant::now(), *fault));
                tokio::time::sleep(*length_of).await;
                if *fault == Fault::Down {
                    self.prometheus.start()?;
                    schedule.phases.push((Instant::now(), Fault::Restarting));
                    self.prometheus.ready().await?;
                    schedule.phases.push((Instant::now(), Fault::Healthy));
                    // Prometheus is back: the very next query must succeed.
                    let began = Instant::now();
                    let answer = query_data(
                        &self.plugin,
                        &self.direct,
                        &Asker::Grafana,
                        DataFrameFormat::Arrow,
                        vec![mixed_query(2, to)],
                    )
                    .await?;
                    report.restarts += 1;
                    report
                        .first_after_return_ms
                        .push(began.elapsed().as_secs_f64() * 1000.0);
                    match answer.get("A") {
                        Some(a) if a.status == 200 => {}
                        Some(a) => report.violations.push(format!(
                            "the first query after Prometheus returned failed: {} {}",
                            a.status, a.error
                        )),
                        None => report
                            .violations
                            .push("the first query after Prometheus returned had no answer".into()),
                    }
                }
                if *fault == Fault::Healthy {
                    report.healthy_rss_mib.push(mib(self.plugin.rss_kib()));
                }
                if let Ok(mut log) = self.plugin.stderr.lock() {
                    if let Some(line) = log.iter().find(|l| l.contains("panicked")) {
                        report.violations.push(format!("the plugin panicked: {line}"));
                    }
                    // The log is read as it goes: a ten-minute run keeps none of it.
                    log.clear();
                }
            }
            if started.elapsed() >= length {
                break;
            }
        }
        stop.store(true, Ordering::Relaxed);
        for w in workers {
            w.await.map_err(|e| format!("a worker failed: {e}"))?;
        }
        report.elapsed = started.elapsed();
        report.peak_rss_mib = mib(self.plugin.peak_rss_kib());

        let seen = std::mem::take(&mut *seen.lock().map_err(|_| "poisoned")?);
        report.queries = seen.len();
        for s in &seen {
            let faults = schedule.between(s.started, s.started + s.took);
            // In the figures, an answer counts under the fault in force when it was asked.
            let fault = faults.first().copied().unwrap_or(Fault::Healthy);
            *report.causes.entry((fault, s.cause)).or_default() += 1;
            report.latencies_ms.push(s.took.as_secs_f64() * 1000.0);
            let via = if s.proxied { "through the proxy" } else { "direct" };
            if s.took > DEADLINE {
                report.violations.push(format!(
                    "{via}, {}: answered after {:?} ({}: {})",
                    fault.name(),
                    s.took,
                    s.cause.name(),
                    s.error
                ));
            }
            if !faults.iter().any(|f| f.allows(s.proxied).contains(&s.cause)) {
                let names: Vec<_> = faults.iter().map(|f| f.name()).collect();
                report.violations.push(format!(
                    "{via}, asked {:.1} s into {}: {} ({})",
                    schedule.since_phase_start(s.started).as_secs_f64(),
                    names.join(" then "),
                    s.cause.name(),
                    if s.error.is_empty() { "frames" } else { &s.error }
                ));
            }
        }
        report.latencies_ms.sort_by(f64::total_cmp);
        if !self.plugin_alive() {
            report.violations.push("the plugin exited".into());
        }
        Ok(report)
    }

    fn plugin_alive(&self) -> bool {
        std::fs::read_to_string(format!("/proc/{}/status", self.plugin.pid()))
            .is_ok_and(|s| s.lines().any(|l| l.starts_with("State:") && !l.contains("zombie")))
    }
}
