//! OpenMetrics history for `promtool tsdb create-blocks-from openmetrics`, written from successive scrapes, and
//! the promtool step that turns it into TSDB blocks.
//!
//! A [`History`] takes scrapes — a Prometheus text exposition (format 0.0.4), the target it came from, a
//! timestamp — and writes what promtool needs (see `STACK-NOTES.md`, "History for dashboards, fast"):
//! - timestamps in **seconds**, as given;
//! - each family's lines together under one `# HELP` and `# TYPE`, and within a family each metric's points
//!   (for a histogram: its buckets, `_sum` and `_count` at one timestamp) in increasing time order;
//! - counter families named without `_total`, as OpenMetrics wants (their samples keep it);
//! - the target's labels (`job`, `instance`: what Prometheus attaches when it scrapes that target) first on
//!   every series, then the exposition's own labels and `le` strings, unchanged, so history and a live scrape
//!   of the same target give the same series;
//! - `# EOF` last.
//!
//! ```
//! use tumulte_demo::openmetrics::{target_labels, History};
//!
//! let mut history = History::new();
//! let target = target_labels("tumulte-backend", "127.0.0.1:3333");
//! for ts in [1_700_000_000, 1_700_000_015] {
//!     history.scrape(ts, &target, "# TYPE up gauge\nup 1\n")?;
//! }
//! let mut out = Vec::new();
//! let summary = history.write(&mut out)?;
//! assert_eq!((summary.series, summary.samples), (1, 2));
//! assert!(String::from_utf8_lossy(&out).ends_with(
//!     "up{job=\"tumulte-backend\",instance=\"127.0.0.1:3333\"} 1 1700000015\n# EOF\n"
//! ));
//! # Ok::<(), tumulte_demo::Error>(())
//! ```

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Error;

/// What [`History::write`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Families.
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

/// `job="…",instance="…"`: the labels Prometheus attaches to every series it scrapes from a target, escaped.
pub fn target_labels(job: &str, instance: &str) -> String {
    format!("job=\"{}\",instance=\"{}\"", escape_label(job), escape_label(instance))
}

/// A label value escaped for the exposition formats (`\\`, `\"`, `\n`).
fn escape_label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
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
    /// Metric index by key (target and labels without `le`): the order they are written in.
    keys: BTreeMap<String, usize>,
}

impl FamilyOut {
    fn new(name: &str) -> Self {
        FamilyOut {
            name: name.into(),
            kind: "untyped".into(),
            help: String::new(),
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

/// Where a series of a scrape goes: (family, (metric, series)).
type Slot = (usize, (usize, usize));

/// History built from scrapes, written as OpenMetrics by [`History::write`].
#[derive(Debug, Default)]
pub struct History {
    families: Vec<FamilyOut>,
    by_name: HashMap<String, usize>,
    /// Target labels → exposition series text → slot: each series is parsed once.
    known: HashMap<String, HashMap<String, Slot>>,
    first: Option<u64>,
    last: Option<u64>,
    points: usize,
}

impl History {
    /// An empty history.
    pub fn new() -> Self {
        History::default()
    }

    /// Whether no scrape was added.
    pub fn is_empty(&self) -> bool {
        self.points == 0
    }

    /// Adds a scrape of the target labelled `target` ([`target_labels`]) at `ts` (Unix seconds, never before the
    /// previous scrape of that target): `exposition` in the Prometheus text format, without timestamps.
    pub fn scrape(&mut self, ts: u64, target: &str, exposition: &str) -> Result<(), Error> {
        if self.last != Some(ts) {
            self.points += 1;
        }
        self.first.get_or_insert(ts);
        self.last = Some(ts);
        let mut known = self.known.remove(target).unwrap_or_default();
        let result = self.parse(ts, target, exposition, &mut known);
        self.known.insert(target.to_owned(), known);
        result
    }

    fn parse(
        &mut self,
        ts: u64,
        target: &str,
        exposition: &str,
        known: &mut HashMap<String, Slot>,
    ) -> Result<(), Error> {
        let mut current: Option<usize> = None;
        for line in exposition.lines() {
            if let Some(rest) = line.strip_prefix("# HELP ") {
                let (name, help) = rest.split_once(' ').unwrap_or((rest, ""));
                let i = self.family(name);
                self.families[i].help = help.to_owned();
            } else if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').unwrap_or((rest, "untyped"));
                let i = self.family(name);
                let family = &mut self.families[i];
                family.kind = kind.trim().to_owned();
                if family.kind == "counter" {
                    // OpenMetrics names a counter family without `_total`; its samples keep it.
                    family.name = name.strip_suffix("_total").unwrap_or(name).to_owned();
                }
                current = Some(i);
            } else if line.starts_with('#') || line.trim().is_empty() {
                continue;
            } else {
                let (series, value) = line.rsplit_once(' ').unwrap_or((line, ""));
                if let Some(&(f, at)) = known.get(series) {
                    self.families[f].push(at, ts, value.to_owned());
                    continue;
                }
                let sample = parse_sample(line).ok_or_else(|| Error::Exposition(line.to_owned()))?;
                let f = match current {
                    Some(f) => f,
                    None => self.family(sample.name),
                };
                // A metric (one histogram, or one counter) is its target and labels without `le`.
                let key: String = std::iter::once(format!("{target},"))
                    .chain(
                        sample
                            .labels
                            .iter()
                            .filter(|(n, _)| *n != "le")
                            .map(|(n, v)| format!("{n}=\"{v}\",")),
                    )
                    .collect();
                let labels: String = sample.labels.iter().map(|(n, v)| format!(",{n}=\"{v}\"")).collect();
                let at = self.families[f].insert(key, format!("{}{{{target}{labels}}}", sample.name));
                self.families[f].push(at, ts, sample.value.to_owned());
                known.insert(series.to_owned(), (f, at));
            }
        }
        Ok(())
    }

    fn family(&mut self, name: &str) -> usize {
        if let Some(&i) = self.by_name.get(name) {
            return i;
        }
        self.families.push(FamilyOut::new(name));
        self.by_name.insert(name.to_owned(), self.families.len() - 1);
        self.families.len() - 1
    }

    /// Writes the history as OpenMetrics to `out`.
    pub fn write<W: Write>(&self, mut out: W) -> Result<Summary, Error> {
        let (Some(first), Some(last)) = (self.first, self.last) else {
            return Err(Error::Backfill("the history holds no scrape".into()));
        };
        let mut summary = Summary {
            families: 0,
            series: 0,
            samples: 0,
            points: self.points,
            first,
            last,
        };
        let mut buf = std::io::BufWriter::new(&mut out);
        for family in &self.families {
            summary.families += 1;
            let kind = if family.kind == "untyped" {
                "unknown"
            } else {
                &family.kind
            };
            if !family.help.is_empty() {
                writeln!(buf, "# HELP {} {}", family.name, family.help.replace('"', "\\\""))?;
            }
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
    fn scrapes_of_two_targets_keep_each_family_together_and_each_metric_in_time_order() -> Result<(), Error> {
        let mut history = History::new();
        let (a, b) = (target_labels("a", "a:1"), target_labels("b", "b:1"));
        for ts in [10, 20] {
            history.scrape(ts, &a, "# TYPE x_total counter\nx_total 1\n# TYPE g gauge\ng 2\n")?;
            history.scrape(ts, &b, "# TYPE g gauge\ng{k=\"v\"} 3\n")?;
        }
        let mut out = Vec::new();
        let summary = history.write(&mut out)?;
        assert_eq!(
            (summary.families, summary.series, summary.samples, summary.points),
            (2, 3, 6, 2)
        );
        let text = String::from_utf8(out).map_err(|e| Error::Backfill(e.to_string()))?;
        assert_eq!(
            text,
            "# TYPE x counter\n\
             x_total{job=\"a\",instance=\"a:1\"} 1 10\nx_total{job=\"a\",instance=\"a:1\"} 1 20\n\
             # TYPE g gauge\n\
             g{job=\"a\",instance=\"a:1\"} 2 10\ng{job=\"a\",instance=\"a:1\"} 2 20\n\
             g{job=\"b\",instance=\"b:1\",k=\"v\"} 3 10\ng{job=\"b\",instance=\"b:1\",k=\"v\"} 3 20\n\
             # EOF\n"
        );
        Ok(())
    }
}
