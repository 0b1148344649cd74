//! History whose verdict is known in advance, as OpenMetrics for `promtool tsdb create-blocks-from openmetrics`,
//! written by the demo's OpenMetrics writer (`tumulte_demo::openmetrics::History`, through the test kit).
//!
//! Five segments of 40 minutes at a 15 s scrape interval, 20 minutes apart (more than the 10-minute sustain
//! window plus the 5-minute rate window, so no segment leaks into the next), the last ending a minute before
//! now. In each segment every signal holds a constant value, chosen against the scaling table of Tumulte's defaults:
//!
//! | segment | CPU % | memory % | p95 s | DB pool % | WebSockets | cache hit % | overall |
//! | --- | --- | --- | --- | --- | --- | --- | --- |
//! | `NoTraffic` | 20 ok | 40 ok | no requests: no data | 20 ok | 10 ok | no look-ups: null | ok |
//! | `Calm` | 35 ok | 50 ok | 0.2425 ok | 40 ok | 120 ok | 90 | ok |
//! | `Spike` | 30, then 95 for the last 4 min: not sustained, ok | 50 ok | 0.2425 ok | 40 ok | 120 ok | 90 | ok |
//! | `Warning` | 78 warning | 85 warning | 0.975 warning | 90 warning | 650 info | 70 | warning |
//! | `Critical` | 92 critical | 60 ok | 2.425 critical | 50 ok | 200 ok | 50 | critical |
//!
//! p95 is exact because every request of a segment falls in one histogram bucket, where `histogram_quantile`
//! interpolates linearly: 95 % of the way through (0.1, 0.25], (0.5, 1] or (1, 2.5].

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use tumulte_policy::catalog::{
    Job, Metric, MetricType, CACHE_HITS, CACHE_MISSES, DB_CONNECTIONS_ACTIVE, HTTP_REQUEST_DURATION, NODE_CPU_SECONDS,
    NODE_MEMORY_AVAILABLE, NODE_MEMORY_TOTAL, WEBSOCKET_CONNECTIONS,
};
use tumulte_policy::Level;
use tumulte_policy::SignalId;
use tumulte_test_kit::openmetrics::{target_labels, History};

/// The scrape interval of the history.
pub const STEP: i64 = 15;
/// A segment's length.
pub const SEGMENT: i64 = 40 * 60;
/// The distance between segment ends.
pub const PERIOD: i64 = 60 * 60;
/// Histogram bucket bounds.
pub const BUCKETS: [&str; 7] = ["0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf"];
/// Memory size.
const MEM_TOTAL: f64 = 8.0 * 1024.0 * 1024.0 * 1024.0;
/// Requests per second while there is traffic.
const RPS: f64 = 10.0;

/// A segment of the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// No requests, no cache look-ups.
    NoTraffic,
    /// Everything under its thresholds.
    Calm,
    /// CPU over the critical threshold only for the last 4 minutes (not sustained).
    Spike,
    /// Each signal at its warning step (WebSockets at info).
    Warning,
    /// CPU and latency past their critical steps.
    Critical,
}

impl Scenario {
    /// Every segment, in time order.
    pub const ALL: [Scenario; 5] = [
        Scenario::NoTraffic,
        Scenario::Calm,
        Scenario::Spike,
        Scenario::Warning,
        Scenario::Critical,
    ];

    fn params(self) -> Params {
        let base = Params {
            cpu: 35.0,
            cpu_tail: None,
            mem: 50.0,
            bucket: Some(1),
            db: 4.0,
            ws: 120.0,
            cache: Some((9.0, 1.0)),
        };
        match self {
            Scenario::NoTraffic => Params {
                cpu: 20.0,
                mem: 40.0,
                bucket: None,
                db: 2.0,
                ws: 10.0,
                cache: None,
                ..base
            },
            Scenario::Calm => base,
            Scenario::Spike => Params {
                cpu: 30.0,
                cpu_tail: Some((95.0, 4 * 60)),
                ..base
            },
            Scenario::Warning => Params {
                cpu: 78.0,
                mem: 85.0,
                bucket: Some(3),
                db: 9.0,
                ws: 650.0,
                cache: Some((7.0, 3.0)),
                ..base
            },
            Scenario::Critical => Params {
                cpu: 92.0,
                mem: 60.0,
                bucket: Some(4),
                db: 5.0,
                ws: 200.0,
                cache: Some((5.0, 5.0)),
                ..base
            },
        }
    }

    /// The expected sustained value and level of each signal of the scaling table.
    pub fn expected(self) -> Vec<(SignalId, Option<f64>, Level)> {
        use Level::*;
        use SignalId::*;
        let p = self.params();
        let latency = p.bucket.map(|b| {
            let lo: f64 = if b == 0 {
                0.0
            } else {
                BUCKETS[b - 1].parse().unwrap_or(0.0)
            };
            let hi: f64 = BUCKETS[b].parse().unwrap_or(0.0);
            lo + (hi - lo) * 0.95
        });
        match self {
            Scenario::NoTraffic => vec![
                (CpuUsage, Some(20.0), Ok),
                (MemoryUsage, Some(40.0), Ok),
                (LatencyP95, None, Ok),
                (DbPoolUsage, Some(20.0), Ok),
                (WebsocketsPerInstance, Some(10.0), Ok),
            ],
            Scenario::Calm => vec![
                (CpuUsage, Some(35.0), Ok),
                (MemoryUsage, Some(50.0), Ok),
                (LatencyP95, latency, Ok),
                (DbPoolUsage, Some(40.0), Ok),
                (WebsocketsPerInstance, Some(120.0), Ok),
            ],
            Scenario::Spike => vec![
                (CpuUsage, Some(30.0), Ok),
                (MemoryUsage, Some(50.0), Ok),
                (LatencyP95, latency, Ok),
                (DbPoolUsage, Some(40.0), Ok),
                (WebsocketsPerInstance, Some(120.0), Ok),
            ],
            Scenario::Warning => vec![
                (CpuUsage, Some(78.0), Warning),
                (MemoryUsage, Some(85.0), Warning),
                (LatencyP95, latency, Warning),
                (DbPoolUsage, Some(90.0), Warning),
                (WebsocketsPerInstance, Some(650.0), Info),
            ],
            Scenario::Critical => vec![
                (CpuUsage, Some(92.0), Critical),
                (MemoryUsage, Some(60.0), Ok),
                (LatencyP95, latency, Critical),
                (DbPoolUsage, Some(50.0), Ok),
                (WebsocketsPerInstance, Some(200.0), Ok),
            ],
        }
    }

    /// The expected overall level.
    pub fn overall(self) -> Level {
        self.expected().iter().map(|e| e.2).max().unwrap_or(Level::Ok)
    }

    /// The expected cache hit rate, percent (`None`: no look-ups).
    pub fn cache_hit_rate(self) -> Option<f64> {
        self.params().cache.map(|(h, m)| h / (h + m) * 100.0)
    }
}

#[derive(Debug, Clone, Copy)]
struct Params {
    cpu: f64,
    cpu_tail: Option<(f64, i64)>,
    mem: f64,
    /// The bucket every request falls in; `None`: no requests.
    bucket: Option<usize>,
    db: f64,
    ws: f64,
    /// Hits and misses per second; `None`: no look-ups.
    cache: Option<(f64, f64)>,
}

/// The history: the segments' times.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// The end of the last segment (Unix seconds, a multiple of [`STEP`]).
    pub end: i64,
}

impl Timeline {
    /// A history whose last segment ends a minute before now.
    pub fn ending_now() -> Self {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Timeline {
            end: (now - 60).div_euclid(STEP) * STEP,
        }
    }

    /// The end of a segment (its last sample).
    pub fn end_of(&self, s: Scenario) -> i64 {
        let i = Scenario::ALL.iter().position(|x| *x == s).unwrap_or(0) as i64;
        self.end - (Scenario::ALL.len() as i64 - 1 - i) * PERIOD
    }

    /// The start of a segment.
    pub fn start_of(&self, s: Scenario) -> i64 {
        self.end_of(s) - SEGMENT
    }

    /// The start of the whole history.
    pub fn start(&self) -> i64 {
        self.start_of(Scenario::ALL[0])
    }

    /// The five segments at [`STEP`].
    fn segments(&self) -> Vec<Stretch> {
        Scenario::ALL
            .into_iter()
            .map(|scenario| Stretch {
                scenario,
                start: self.start_of(scenario),
                end: self.end_of(scenario),
                step: STEP,
            })
            .collect()
    }

    /// The history as OpenMetrics text (timestamps in seconds, families together, `# EOF` at the end), written by
    /// the demo's OpenMetrics writer from one scrape of each target per sample time: the node exporter's and
    /// Tumulte's backend's.
    pub fn openmetrics(&self) -> String {
        let mut history = History::new();
        write_stretches(&mut history, &self.segments());
        written(&history)
    }

    /// Adds to `history` the five segments preceded by `days` of past sampled every `step` seconds: the segments
    /// again, back to back an hour each in the same order, the last ending [`PERIOD`] − [`SEGMENT`] before the
    /// first segment (so that the past leaks into no segment's window). Long ranges (a verdict timeline over 30
    /// days) then read the same signals as the segments, at a coarser scrape interval that keeps the history
    /// small: 60 s still leaves the 5-minute rate window several samples.
    pub fn add_with_past(&self, history: &mut History, days: i64, step: i64) {
        let hours = days * 24;
        let past_end = self.start() - (PERIOD - SEGMENT);
        let mut stretches: Vec<Stretch> = (0..hours)
            .map(|k| {
                let start = past_end - (hours - k) * 3600;
                Stretch {
                    scenario: Scenario::ALL[(k % Scenario::ALL.len() as i64) as usize],
                    start,
                    end: start + 3600 - step,
                    step,
                }
            })
            .collect();
        stretches.extend(self.segments());
        write_stretches(history, &stretches);
    }
}

/// Part of a history: every signal at `scenario`'s values from `start` to `end`, sampled every `step` seconds.
#[derive(Debug, Clone, Copy)]
struct Stretch {
    scenario: Scenario,
    start: i64,
    end: i64,
    step: i64,
}

/// The history's OpenMetrics text.
fn written(history: &History) -> String {
    let mut out = Vec::new();
    history.write(&mut out).expect("the history is written to memory");
    String::from_utf8(out).expect("OpenMetrics is UTF-8")
}

/// Adds `stretches` (in time order) to `history`, one scrape of each target per sample time; counters run on
/// across stretches and stand still over a stretch's first sample, so that a gap reads as no traffic.
fn write_stretches(history: &mut History, stretches: &[Stretch]) {
    let node = target_labels(Job::Node.name(), "node:9100");
    let app = target_labels(Job::TumulteBackend.name(), "backend:3333");
    let mut idle = 0.0;
    let mut counts = [0.0_f64; BUCKETS.len()];
    let (mut total, mut sum) = (0.0, 0.0);
    let mut cache = [0.0_f64; 2];
    for stretch in stretches {
        let p = stretch.scenario.params();
        let step = stretch.step as f64;
        let mut t = stretch.start;
        while t <= stretch.end {
            let first = t == stretch.start;

            // CPU: the idle counter grows at (1 - cpu) seconds per second.
            let cpu = match p.cpu_tail {
                Some((tail, secs)) if t > stretch.end - secs => tail,
                _ => p.cpu,
            };
            if !first {
                idle += (1.0 - cpu / 100.0) * step;
            }
            let available = MEM_TOTAL * (1.0 - p.mem / 100.0);
            let mut scrape = String::new();
            family(&mut scrape, &NODE_CPU_SECONDS);
            let _ = writeln!(scrape, "{}{{cpu=\"0\",mode=\"idle\"}} {idle}", NODE_CPU_SECONDS.name);
            family(&mut scrape, &NODE_MEMORY_TOTAL);
            let _ = writeln!(scrape, "{} {MEM_TOTAL}", NODE_MEMORY_TOTAL.name);
            family(&mut scrape, &NODE_MEMORY_AVAILABLE);
            let _ = writeln!(scrape, "{} {available}", NODE_MEMORY_AVAILABLE.name);
            history
                .scrape(t as u64, &node, &scrape)
                .expect("a node exporter's exposition");

            // Latency: every request in one bucket; buckets are cumulative.
            if let (Some(b), false) = (p.bucket, first) {
                let n = RPS * step;
                for (i, c) in counts.iter_mut().enumerate() {
                    if i >= b {
                        *c += n;
                    }
                }
                total += n;
                sum += n * BUCKETS[b].parse::<f64>().unwrap_or(5.0).min(5.0);
            }
            if let (Some(rates), false) = (p.cache, first) {
                cache[0] += rates.0 * step;
                cache[1] += rates.1 * step;
            }
            let mut scrape = String::new();
            let h = HTTP_REQUEST_DURATION.name;
            family(&mut scrape, &HTTP_REQUEST_DURATION);
            for (le, c) in BUCKETS.iter().zip(counts) {
                let _ = writeln!(scrape, "{h}_bucket{{le=\"{le}\"}} {c}");
            }
            let _ = writeln!(scrape, "{h}_count {total}");
            let _ = writeln!(scrape, "{h}_sum {sum}");
            family(&mut scrape, &DB_CONNECTIONS_ACTIVE);
            let _ = writeln!(scrape, "{} {}", DB_CONNECTIONS_ACTIVE.name, p.db);
            family(&mut scrape, &WEBSOCKET_CONNECTIONS);
            let _ = writeln!(scrape, "{} {}", WEBSOCKET_CONNECTIONS.name, p.ws);
            for (metric, value) in [(CACHE_HITS, cache[0]), (CACHE_MISSES, cache[1])] {
                family(&mut scrape, &metric);
                let _ = writeln!(scrape, "{}{{cache=\"polls\"}} {value}", metric.name);
            }
            history.scrape(t as u64, &app, &scrape).expect("a backend's exposition");
            t += stretch.step;
        }
    }
}

/// A family's `# HELP` and `# TYPE` lines, as an exporter writes them (a counter's with `_total`).
fn family(out: &mut String, metric: &Metric) {
    let kind = match metric.kind {
        MetricType::Counter => "counter",
        MetricType::Gauge => "gauge",
        MetricType::Histogram => "histogram",
    };
    let _ = writeln!(out, "# HELP {} {}", metric.name, metric.help);
    let _ = writeln!(out, "# TYPE {} {kind}", metric.name);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_do_not_overlap_and_end_before_now() {
        let t = Timeline::ending_now();
        for w in Scenario::ALL.windows(2) {
            assert!(t.start_of(w[1]) - t.end_of(w[0]) >= 15 * 60);
        }
        assert!(t.openmetrics().ends_with("# EOF\n"));
    }

    #[test]
    fn expected_overall_levels() {
        assert_eq!(Scenario::Warning.overall(), Level::Warning);
        assert_eq!(Scenario::Critical.overall(), Level::Critical);
        assert_eq!(Scenario::Spike.overall(), Level::Ok);
    }
}
