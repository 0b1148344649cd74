//! History for dashboards: the simulation run over a past window, written as OpenMetrics for
//! `promtool tsdb create-blocks-from openmetrics`.
//!
//! The file follows what promtool needs (see `STACK-NOTES.md`, "History for dashboards, fast"):
//! - timestamps in **seconds**, one point per `step` (15 s, the scrape interval), all at or before `end`;
//! - each family's lines together, and within a family each metric's points (for a histogram: its buckets,
//!   `_sum` and `_count` at one timestamp) in increasing time order;
//! - the `job` and `instance` labels Prometheus attaches when it scrapes that target;
//! - the exposition's own `le` strings: each point is the live `/metrics` text of the simulation at that time
//!   ([`Simulation::exposition`]), re-labelled and time-stamped, so history and live scrape give the same series;
//! - `# EOF` last.
//!
//! Besides the `tumulte_*` families it writes `up` (1, or 0 while the timeline is in the outage scenario, when
//! no `tumulte_*` point is written), as Prometheus records a failed scrape.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use tumulte_policy::catalog::{Job, UP};

use crate::model::Simulation;
use crate::scenario::{Thresholds, Timeline};
use crate::{Error, DEFAULT_SEED};

/// What to write.
#[derive(Debug, Clone, PartialEq)]
pub struct BackfillSpec {
    /// The scenarios, laid from the window's start (the last one goes on to its end).
    pub timeline: Timeline,
    /// The end of the window, Unix seconds (the last point is at or before it).
    pub end: u64,
    /// The window's length, seconds.
    pub seconds: u64,
    /// Seconds between points (the scrape interval).
    pub step: u64,
    /// The `job` label (the scrape job's name).
    pub job: String,
    /// The `instance` label (the scrape target's `host:port`).
    pub instance: String,
    /// The seed of the randomness.
    pub seed: u64,
    /// The thresholds the scenarios are placed against.
    pub thresholds: Thresholds,
    /// Simulated seconds per tick of the simulation.
    pub tick: f64,
}

impl BackfillSpec {
    /// `seconds` of `timeline` ending at `end`: step 15 s, job `tumulte-backend`, instance `127.0.0.1:3333`,
    /// the default seed, the seed policy's thresholds, 1 s ticks.
    pub fn new(timeline: Timeline, end: u64, seconds: u64) -> Result<Self, Error> {
        Ok(BackfillSpec {
            timeline,
            end,
            seconds,
            step: 15,
            job: Job::TumulteBackend.name().into(),
            instance: format!("127.0.0.1:{}", Job::TumulteBackend.default_port()),
            seed: DEFAULT_SEED,
            thresholds: Thresholds::seed()?,
            tick: 1.0,
        })
    }

    /// The window's start, Unix seconds.
    pub fn start(&self) -> u64 {
        self.end.saturating_sub(self.seconds)
    }

    /// The points' timestamps: every multiple of `step` in `[start, end]`.
    pub fn timestamps(&self) -> impl Iterator<Item = u64> {
        let step = self.step.max(1);
        let first = self.start().div_ceil(step) * step;
        let last = self.end / step * step;
        (first..=last).step_by(usize::try_from(step).unwrap_or(usize::MAX))
    }

    fn check(&self) -> Result<(), Error> {
        if self.step == 0 {
            return Err(Error::Backfill("the step must be at least 1 s".into()));
        }
        if self.seconds < self.step {
            return Err(Error::Backfill("the window is shorter than one step".into()));
        }
        if self.end < self.seconds {
            return Err(Error::Backfill("the window starts before 1970".into()));
        }
        if self.end > 100_000_000_000 {
            return Err(Error::Backfill(format!(
                "--end {} is not in seconds (milliseconds?)",
                self.end
            )));
        }
        if self.job.is_empty() || self.instance.is_empty() {
            return Err(Error::Backfill("job and instance must not be empty".into()));
        }
        Ok(())
    }
}

/// What [`write_openmetrics`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackfillSummary {
    /// Families (with `up`).
    pub families: usize,
    /// Series.
    pub series: usize,
    /// Samples.
    pub samples: usize,
    /// Timestamps (points per series at most).
    pub points: usize,
    /// First timestamp, Unix seconds.
    pub first: u64,
    /// Last timestamp, Unix seconds.
    pub last: u64,
}

#[derive(Debug, Default)]
struct MetricOut {
    ids: Vec<String>,
    points: Vec<(u64, Vec<(usize, String)>)>,
}

#[derive(Debug)]
struct FamilyOut {
    name: String,
    kind: String,
    help: String,
    metrics: Vec<MetricOut>,
    /// Metric index by key (labels without `le`): the order they are written in.
    keys: BTreeMap<String, usize>,
}

impl FamilyOut {
    fn new(name: &str, kind: &str, help: &str) -> Self {
        FamilyOut {
            name: name.into(),
            kind: kind.into(),
            help: help.into(),
            metrics: Vec::new(),
            keys: BTreeMap::new(),
        }
    }

    /// (metric, series) indexes of a new series.
    fn insert(&mut self, key: String, id: String) -> (usize, usize) {
        let next = self.metrics.len();
        let m = *self.keys.entry(key).or_insert(next);
        if m == next {
            self.metrics.push(MetricOut::default());
        }
        let metric = &mut self.metrics[m];
        metric.ids.push(id);
        (m, metric.ids.len() - 1)
    }

    fn push(&mut self, (m, idx): (usize, usize), ts: u64, value: String) {
        let metric = &mut self.metrics[m];
        match metric.points.last_mut() {
            Some((t, values)) if *t == ts => values.push((idx, value)),
            _ => metric.points.push((ts, vec![(idx, value)])),
        }
    }
}

/// Runs the simulation over the spec's window and writes it as OpenMetrics to `out`.
pub fn write_openmetrics<W: Write>(mut out: W, spec: &BackfillSpec) -> Result<BackfillSummary, Error> {
    spec.check()?;
    let start = spec.start();
    let target = format!(
        "job=\"{}\",instance=\"{}\"",
        escape_label(&spec.job),
        escape_label(&spec.instance)
    );
    let mut sim = Simulation::with_tick(spec.timeline.scenario_at(0.0), spec.seed, spec.thresholds, spec.tick);

    let mut families = vec![FamilyOut::new(UP.name, "gauge", UP.help)];
    let up_series = families[0].insert(String::new(), format!("up{{{target}}}"));
    let mut by_name: HashMap<String, usize> = HashMap::new();
    // Exposition series text → (family, metric, series): each series is parsed once.
    let mut known: HashMap<String, (usize, (usize, usize))> = HashMap::new();
    let (mut first, mut last, mut points) = (None, 0, 0);
    let mut previous = 0.0;
    for ts in spec.timestamps() {
        let offset = (ts - start) as f64;
        // The interval (previous, ts] runs in the scenario of its start.
        let scenario = spec.timeline.scenario_at(previous);
        if scenario != sim.scenario() {
            sim.set_scenario(scenario);
        }
        sim.advance_to(offset);
        previous = offset;
        first.get_or_insert(ts);
        last = ts;
        points += 1;

        let up = sim.scenario().is_up();
        families[0].push(up_series, ts, if up { "1" } else { "0" }.into());
        if !up {
            continue;
        }
        let text = sim.exposition()?;
        let mut current: Option<usize> = None;
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# HELP ") {
                let (name, help) = rest.split_once(' ').unwrap_or((rest, ""));
                let i = family_index(&mut families, &mut by_name, name);
                families[i].help = help.to_owned();
            } else if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').unwrap_or((rest, "untyped"));
                let i = family_index(&mut families, &mut by_name, name);
                families[i].kind = kind.trim().to_owned();
                if families[i].kind == "counter" {
                    // OpenMetrics names a counter family without `_total`; its samples keep it.
                    families[i].name = name.strip_suffix("_total").unwrap_or(name).to_owned();
                }
                current = Some(i);
            } else if line.starts_with('#') || line.trim().is_empty() {
                continue;
            } else {
                let (series, value) = line.rsplit_once(' ').unwrap_or((line, ""));
                if let Some(&(f, at)) = known.get(series) {
                    families[f].push(at, ts, value.to_owned());
                    continue;
                }
                let sample = parse_sample(line)
                    .ok_or_else(|| Error::Backfill(format!("unparsable exposition line {line:?}")))?;
                let f = match current {
                    Some(f) => f,
                    None => family_index(&mut families, &mut by_name, sample.name),
                };
                // A metric (one histogram, or one counter) is its labels without `le`.
                let key: String = sample
                    .labels
                    .iter()
                    .filter(|(n, _)| *n != "le")
                    .map(|(n, v)| format!("{n}=\"{v}\","))
                    .collect();
                let labels: String = sample.labels.iter().map(|(n, v)| format!(",{n}=\"{v}\"")).collect();
                let at = families[f].insert(key, format!("{}{{{target}{labels}}}", sample.name));
                families[f].push(at, ts, sample.value.to_owned());
                known.insert(series.to_owned(), (f, at));
            }
        }
    }
    let (Some(first), true) = (first, points > 0) else {
        return Err(Error::Backfill("the window holds no timestamp".into()));
    };

    let mut summary = BackfillSummary {
        families: 0,
        series: 0,
        samples: 0,
        points,
        first,
        last,
    };
    let mut buf = std::io::BufWriter::new(&mut out);
    for family in &families {
        summary.families += 1;
        let kind = if family.kind == "untyped" {
            "unknown"
        } else {
            &family.kind
        };
        writeln!(buf, "# HELP {} {}", family.name, family.help.replace('"', "\\\""))?;
        writeln!(buf, "# TYPE {} {kind}", family.name)?;
        for metric in family.keys.values().map(|&m| &family.metrics[m]) {
            summary.series += metric.ids.len();
            for (ts, values) in &metric.points {
                for (idx, value) in values {
                    writeln!(buf, "{} {value} {ts}", metric.ids[*idx])?;
                    summary.samples += 1;
                }
            }
        }
    }
    writeln!(buf, "# EOF")?;
    buf.flush()?;
    Ok(summary)
}

fn family_index(families: &mut Vec<FamilyOut>, by_name: &mut HashMap<String, usize>, name: &str) -> usize {
    if let Some(&i) = by_name.get(name) {
        return i;
    }
    families.push(FamilyOut::new(name, "untyped", ""));
    by_name.insert(name.to_owned(), families.len() - 1);
    families.len() - 1
}

struct Sample<'a> {
    name: &'a str,
    /// (name, value as escaped in the exposition)
    labels: Vec<(&'a str, &'a str)>,
    value: &'a str,
}

/// `name{a="x",b="y"} value` (label values kept escaped; no timestamp in a live exposition).
fn parse_sample(line: &str) -> Option<Sample<'_>> {
    let name_end = line.find(['{', ' '])?;
    let name = &line[..name_end];
    let mut labels = Vec::new();
    let mut rest = &line[name_end..];
    if let Some(inner) = rest.strip_prefix('{') {
        let mut s = inner;
        loop {
            s = s.trim_start_matches([',', ' ']);
            if let Some(after) = s.strip_prefix('}') {
                rest = after;
                break;
            }
            let eq = s.find('=')?;
            let label = s[..eq].trim();
            let quoted = s[eq + 1..].strip_prefix('"')?;
            let mut end = None;
            let mut escaped = false;
            for (i, c) in quoted.char_indices() {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let end = end?;
            labels.push((label, &quoted[..end]));
            s = &quoted[end + 1..];
        }
    }
    let value = rest.split_whitespace().next()?;
    Some(Sample { name, labels, value })
}

/// A label value escaped for the exposition formats (`\\`, `\"`, `\n`).
fn escape_label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// The promtool to run: `$PROMTOOL`, else `promtool` on the `PATH`.
pub fn promtool() -> PathBuf {
    std::env::var_os("PROMTOOL").map_or_else(|| PathBuf::from("promtool"), PathBuf::from)
}

/// Runs `promtool tsdb create-blocks-from openmetrics <openmetrics> <tsdb_dir>`; returns its output.
///
/// To feed a running Prometheus, pass its `--storage.tsdb.path`: it picks the blocks up within a minute.
pub fn create_blocks(openmetrics: &Path, tsdb_dir: &Path) -> Result<String, Error> {
    let promtool = promtool();
    let output = Command::new(&promtool)
        .args(["tsdb", "create-blocks-from", "openmetrics"])
        .arg(openmetrics)
        .arg(tsdb_dir)
        .output()
        .map_err(|e| {
            Error::Promtool(format!(
                "cannot run {}: {e} (install Debian's `prometheus` package, or set PROMTOOL)",
                promtool.display()
            ))
        })?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.status.success() {
        Ok(text)
    } else {
        Err(Error::Promtool(format!("{} failed: {text}", promtool.display())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    #[test]
    fn samples_parse_with_escapes() {
        let s = parse_sample(r#"x_bucket{a="q\"}",le="0.5"} 12"#).expect("parses");
        assert_eq!(s.name, "x_bucket");
        assert_eq!(s.labels, vec![("a", r#"q\"}"#), ("le", "0.5")]);
        assert_eq!(s.value, "12");
        let s = parse_sample("up 1").expect("parses");
        assert_eq!((s.name, s.labels.len(), s.value), ("up", 0, "1"));
    }

    #[test]
    fn timestamps_are_aligned_and_end_at_or_before_end() -> Result<(), Error> {
        let spec = BackfillSpec::new(Timeline::constant(Scenario::Calm), 1_000_007, 60)?;
        let ts: Vec<u64> = spec.timestamps().collect();
        assert_eq!(ts, vec![999_960, 999_975, 999_990, 1_000_005]);
        Ok(())
    }

    #[test]
    fn milliseconds_are_refused() -> Result<(), Error> {
        let spec = BackfillSpec::new(Timeline::constant(Scenario::Calm), 1_700_000_000_000, 3600)?;
        assert!(matches!(write_openmetrics(Vec::new(), &spec), Err(Error::Backfill(_))));
        Ok(())
    }
}
