//! The scaling benchmark's world (`scale-bench`): the history it backfills beyond the scenario's (a gauge of 100
//! series over 45 h at 15 s) and its rows: what each asks the plugin, and the same PromQL sent directly to
//! Prometheus, on the plugin's grid.

use serde_json::json;
use tumulte_policy::verdict::queries;
use tumulte_policy::Policy;
use tumulte_test_kit::openmetrics::{target_labels, History};

use crate::host::query;
use crate::pluginv2::DataQuery;
use crate::scenario::STEP;
use crate::Error;

/// An HTTP form.
pub type Form = Vec<(&'static str, String)>;
/// A query sent directly to Prometheus: its API path and form.
pub type Direct = (&'static str, Form);

/// The gauge the promql rows read.
pub const GAUGE: &str = "tumulte_bench_gauge";
/// Its series (`series="0"` to `"99"`).
pub const GAUGE_SERIES: usize = 100;
/// The gauge's points per series: 45 h at [`STEP`].
pub const GAUGE_POINTS: i64 = 45 * 3600 / STEP;
/// Days of past before the scenario's segments: enough for a 30-day verdict timeline.
pub const PAST_DAYS: i64 = 31;
/// The past's scrape interval, seconds.
pub const PAST_STEP: i64 = 60;
/// Prometheus' retention: longer than the history, which the runner's 30 days would cut on load.
pub const RETENTION: &str = "90d";
/// A wide panel's `maxDataPoints` (about its width in pixels).
pub const PANEL_POINTS: i64 = 1_200;
/// Where the promql rows' targets start to apply.
pub const JUDGED_FROM_VALUES: usize = 100_000;
/// The promql rows' target: plugin ÷ direct.
pub const PROMQL_TARGET: f64 = 1.3;
/// The verdict rows' target: plugin ÷ its queries sent directly at once.
pub const VERDICT_TARGET: f64 = 1.25;
/// The promql rows' memory target: the plugin's peak RSS over its idle RSS ÷ the Arrow frames it returns.
pub const RSS_TARGET: f64 = 2.0;

/// What a row asks.
#[derive(Debug, Clone)]
pub enum Kind {
    /// `promql` of the gauge's series matching `regex`: `series` of them, `points` each.
    Promql {
        /// The regex on `series`.
        regex: &'static str,
        /// The series it matches.
        series: usize,
        /// Points per series.
        points: i64,
    },
    /// The verdict's table, at the scenario's end.
    VerdictTable,
    /// The verdict's timeline over `seconds` ending at the scenario's end.
    VerdictTimeline {
        /// The range, seconds.
        seconds: i64,
    },
}

/// A row of the table.
#[derive(Debug, Clone)]
pub struct Row {
    /// What the table calls it.
    pub name: String,
    /// What it asks.
    pub kind: Kind,
}

impl Row {
    /// Every row, in the table's order.
    pub fn all() -> Vec<Row> {
        let promql = |regex, series, points: i64| Row {
            name: format!("promql {series} × {}", thousands(points as usize)),
            kind: Kind::Promql { regex, series, points },
        };
        let timeline = |label: &str, seconds| Row {
            name: format!("verdict timeline {label}"),
            kind: Kind::VerdictTimeline { seconds },
        };
        vec![
            promql("0", 1, 1_000),
            promql("[0-9]", 10, GAUGE_POINTS),
            promql(".+", GAUGE_SERIES, GAUGE_POINTS),
            Row {
                name: "verdict table".into(),
                kind: Kind::VerdictTable,
            },
            timeline("6 h", 6 * 3600),
            timeline("7 d", 7 * 86_400),
            timeline("30 d", 30 * 86_400),
        ]
    }

    /// Whether the row reads the gauge (a `promql` row).
    pub fn reads_the_gauge(&self) -> bool {
        matches!(self.kind, Kind::Promql { .. })
    }

    /// Whether the row reads further back than the scenario (the verdict's 7-day and 30-day timelines).
    pub fn reads_the_past(&self) -> bool {
        matches!(self.kind, Kind::VerdictTimeline { seconds } if seconds > 86_400)
    }

    /// The values the row's promql answers, when it is a promql row.
    pub fn values(&self) -> Option<usize> {
        match self.kind {
            Kind::Promql { series, points, .. } => Some(series * points as usize),
            _ => None,
        }
    }

    /// The ratio's target, if this row is judged.
    pub fn target(&self) -> Option<f64> {
        match self.values() {
            Some(v) if v >= JUDGED_FROM_VALUES => Some(PROMQL_TARGET),
            Some(_) => None,
            None => Some(VERDICT_TARGET),
        }
    }

    /// Whether peak RSS ÷ Arrow size is judged.
    pub fn rss_judged(&self) -> bool {
        self.values().is_some_and(|v| v >= JUDGED_FROM_VALUES)
    }

    /// The query through the plugin, and the same PromQL sent directly: (API path, form) each, sent at once.
    pub fn requests(&self, to: i64) -> Result<(DataQuery, Vec<Direct>), Error> {
        let range = |exprs: Vec<String>, q: &DataQuery| -> Result<_, Error> {
            let time = q.time_range.as_ref().ok_or("a query without a time range")?;
            let grid =
                grafana_frames::Grid::new(time.from_epoch_ms, time.to_epoch_ms, q.interval_ms, q.max_data_points)?;
            Ok(exprs
                .into_iter()
                .map(|expr| {
                    let form = vec![
                        ("query", expr),
                        ("start", grid.start.to_string()),
                        ("end", grid.end.to_string()),
                        ("step", grid.step.to_string()),
                    ];
                    ("/api/v1/query_range", form)
                })
                .collect())
        };
        let verdict_exprs = || {
            queries(&Policy::default())
                .into_iter()
                .map(|q| q.expr)
                .collect::<Vec<_>>()
        };
        match self.kind {
            Kind::Promql { regex, points, .. } => {
                let expr = format!("{GAUGE}{{series=~\"{regex}\"}}");
                let from = to - (points - 1) * STEP;
                let q = query(
                    "P",
                    json!({"kind": "promql", "expr": expr}),
                    from,
                    to,
                    STEP * 1000,
                    11_000,
                );
                let direct = range(vec![expr], &q)?;
                Ok((q, direct))
            }
            Kind::VerdictTable => {
                let target = json!({"kind": "scalingVerdict", "format": "table"});
                let q = query("V", target, to - 3600, to, STEP * 1000, 500);
                let direct = verdict_exprs()
                    .into_iter()
                    .map(|expr| ("/api/v1/query", vec![("query", expr), ("time", to.to_string())]))
                    .collect();
                Ok((q, direct))
            }
            Kind::VerdictTimeline { seconds } => {
                let target = json!({"kind": "scalingVerdict", "format": "timeseries"});
                let q = query("V", target, to - seconds, to, STEP * 1000, PANEL_POINTS);
                let direct = range(verdict_exprs(), &q)?;
                Ok((q, direct))
            }
        }
    }
}

/// The query each row's plugin answers before its idle RSS is read: `promql` of `vector(1)`, 1,000 points
/// ending at `to`. A process's first query pages in the query path's code (file-backed pages that every later
/// query shares: 0.45 MiB of the shipped binary, 1.25 MiB of a release build), a fixed cost and not the
/// answer's memory, where the 10 × 10,800 row's target allows 2.0 MB in all.
pub fn warm_up(to: i64) -> DataQuery {
    let points = 1_000;
    query(
        "W",
        json!({"kind": "promql", "expr": "vector(1)"}),
        to - (points - 1) * STEP,
        to,
        STEP * 1000,
        points,
    )
}

/// Writes the gauge's history into `history`: [`GAUGE_SERIES`] series, [`GAUGE_POINTS`] points each, the last
/// at `to`.
pub fn add_gauge(history: &mut History, to: i64) -> Result<(), Error> {
    use std::fmt::Write as _;
    let target = target_labels("bench", "bench:9100");
    for k in (0..GAUGE_POINTS).rev() {
        let t = to - k * STEP;
        let mut scrape = format!("# HELP {GAUGE} A gauge of the scaling benchmark.\n# TYPE {GAUGE} gauge\n");
        for s in 0..GAUGE_SERIES as i64 {
            // Up to 3 digits, different across series and time, deterministic.
            let value = (t / STEP * 7 + s * 37).rem_euclid(997);
            writeln!(scrape, "{GAUGE}{{series=\"{s}\"}} {value}")?;
        }
        history.scrape(t as u64, &target, &scrape)?;
    }
    Ok(())
}

/// `n` with thousands separated by commas.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
