//! `scalingVerdict`: every signal of the scaling table, evaluated by the policy's verdict engine on values read
//! from Prometheus.
//!
//! The scaling table's "constant" means sustained: a signal counts as over a threshold only if it stayed over it
//! for the signal's `sustain` window ([`Signal::sustain`]). The value judged is therefore, for a signal that is
//! worse when above, the minimum over that window (the level it never went below), and the worst such value
//! across series (instances, jobs). Each signal's PromQL is the policy's [`Signal::sustained_expr`]:
//! `max(min_over_time((EXPR >= -Inf)[SUSTAIN:RESOLUTION]))`, where `EXPR` is the signal's own expression with
//! the rules' rate window ([`RULE_WINDOW`](tumulte_policy::promql::RULE_WINDOW)) and the data source's pool
//! size, `RESOLUTION` is [`SUSTAIN_RESOLUTION`](tumulte_policy::promql::SUSTAIN_RESOLUTION), and `>= -Inf`
//! drops NaN points (a histogram without traffic) so that they read as no data. The queries of one verdict run
//! concurrently.

use futures::future::try_join_all;
use serde_json::{json, Value};
use tumulte_policy::query::{columns, VerdictFormat, VerdictSeries};
use tumulte_policy::verdict::{evaluate, level, queries, reading, sustained_reading, Level, Readings, Verdict};
use tumulte_policy::{Direction, Policy, Signal};

use grafana_frames::{Field, Frame, FrameType, Grid, Meta, Values};

use crate::instance::Instance;
use crate::meta::Custom;
use crate::prometheus::{PromError, Prometheus};

use super::{QueryError, Request};

/// The signals' readings at `at` (Unix seconds) and the PromQL used; the queries run concurrently. (One query
/// for every signal, each labelled and joined with `or`, reads the same but costs as much: Prometheus evaluates
/// it on one core where it spreads the five over its cores; measured in plugin/README.md, "Scaling".)
pub async fn readings_at(
    prometheus: &Prometheus,
    policy: &Policy,
    at: i64,
) -> Result<(Readings, Vec<String>), PromError> {
    let queries = queries(policy);
    let results = try_join_all(queries.iter().map(|q| prometheus.instant(&q.expr, at))).await?;
    let readings = queries
        .iter()
        .zip(&results)
        .map(|(q, answer)| (q.signal, sustained_reading(answer.latest_values())))
        .collect();
    Ok((readings, queries.into_iter().map(|q| q.expr).collect()))
}

/// The current verdict at `at` (Unix seconds).
pub async fn verdict_at(
    prometheus: &Prometheus,
    policy: &Policy,
    at: i64,
) -> Result<(Verdict, Vec<String>), QueryError> {
    let (readings, exprs) = readings_at(prometheus, policy, at).await?;
    let verdict = evaluate(policy, &readings).map_err(|e| QueryError::internal(format!("verdict engine: {e}")))?;
    Ok((verdict, exprs))
}

/// Answers a `scalingVerdict` query.
pub async fn run(
    instance: &Instance,
    request: &Request,
    format: VerdictFormat,
    series: VerdictSeries,
) -> Result<Vec<Frame>, QueryError> {
    let policy = &instance.settings.policy;
    match format {
        VerdictFormat::Table => {
            let at = request.to_ms.div_euclid(1000);
            let (verdict, exprs) = verdict_at(&instance.prometheus, policy, at).await?;
            Ok(vec![table(&verdict, policy, &request.ref_id, &exprs.join("\n"))])
        }
        VerdictFormat::Timeseries => {
            let grid = request.grid()?;
            timeseries(&instance.prometheus, policy, &grid, &request.ref_id, series).await
        }
    }
}

/// The `signal` label of the overall level's field.
pub const OVERALL_KEY: &str = "overall";

/// Value mappings that name and colour the levels on a state timeline.
pub fn level_mappings() -> Value {
    let options: serde_json::Map<String, Value> = Level::ALL
        .iter()
        .enumerate()
        .map(|(i, level)| {
            (
                level.number().to_string(),
                json!({"text": level.name(), "color": level.color(), "index": i}),
            )
        })
        .collect();
    json!([{"type": "value", "options": options}])
}

/// The table: one row per signal, then the overall row.
pub fn table(verdict: &Verdict, policy: &Policy, ref_id: &str, executed: &str) -> Frame {
    let mut signal = Vec::new();
    let mut key = Vec::new();
    let mut value = Vec::new();
    let mut unit = Vec::new();
    let mut sustain = Vec::new();
    let mut info = Vec::new();
    let mut warning = Vec::new();
    let mut critical = Vec::new();
    let mut level = Vec::new();
    let mut level_value = Vec::new();
    let mut action = Vec::new();
    for s in &verdict.signals {
        signal.push(Some(s.name.clone()));
        key.push(Some(s.signal.key().to_owned()));
        value.push(s.value);
        unit.push(Some(s.unit.to_owned()));
        sustain.push(Some(policy.signal(s.signal).sustain.to_string()));
        info.push(s.info);
        warning.push(s.warning);
        critical.push(s.critical);
        level.push(Some(s.level.name().to_owned()));
        level_value.push(Some(i64::from(s.level.number())));
        action.push(Some(s.action.clone()));
    }
    signal.push(Some("Overall".to_owned()));
    key.push(Some(OVERALL_KEY.to_owned()));
    value.push(None);
    unit.push(None);
    sustain.push(None);
    info.push(None);
    warning.push(None);
    critical.push(None);
    level.push(Some(verdict.overall.name().to_owned()));
    level_value.push(Some(i64::from(verdict.overall.number())));
    action.push(Some(verdict.action.clone()));
    let mut meta = Meta::new(FrameType::Table).executed(executed);
    meta.custom = Some(
        Custom::Verdict {
            overall: verdict.overall,
        }
        .into(),
    );
    Frame {
        name: "Scaling verdict".into(),
        ref_id: ref_id.into(),
        meta,
        fields: vec![
            // What a person reads first (the signal, its level), then the evidence, then what machines use.
            Field::new(columns::SIGNAL, Values::Str(signal)),
            Field::new(columns::LEVEL, Values::Str(level)),
            Field::new(columns::VALUE, Values::F64(value.into()))
                .config(json!({"displayName": columns::VALUE_DISPLAY, "decimals": 2})),
            Field::new(columns::UNIT, Values::Str(unit)),
            Field::new(columns::SUSTAINED_OVER, Values::Str(sustain)),
            Field::new(columns::INFO, Values::F64(info.into())),
            Field::new(columns::WARNING, Values::F64(warning.into())),
            Field::new(columns::CRITICAL, Values::F64(critical.into())),
            Field::new(columns::ACTION, Values::Str(action)),
            Field::new(columns::KEY, Values::Str(key)),
            Field::new(columns::LEVEL_VALUE, Values::I64(level_value))
                .config(json!({"min": 0, "max": 3, "mappings": level_mappings()})),
        ],
    }
}

/// The levels over time, 0 ok … 3 critical: one field per signal and one overall, or (`series: overall`) the
/// overall one alone.
pub async fn timeseries(
    prometheus: &Prometheus,
    policy: &Policy,
    grid: &Grid,
    ref_id: &str,
    series_asked: VerdictSeries,
) -> Result<Vec<Frame>, QueryError> {
    let signals: Vec<&Signal> = policy.scaling_signals().collect();
    let exprs: Vec<String> = signals.iter().map(|s| s.sustained_expr(policy.db_pool_size)).collect();
    let results = try_join_all(exprs.iter().map(|e| prometheus.range(e, grid))).await?;
    let points = grid.points();
    // Each signal's reading at each point: the worst across its series.
    let readings: Vec<Vec<Option<f64>>> = signals
        .iter()
        .zip(results)
        .map(|(signal, answer)| {
            let mut values = vec![None; points];
            for column in &answer.series {
                for (i, v) in column.values.iter().enumerate() {
                    if let Some(v) = v.and_then(reading) {
                        values[i] = Some(values[i].map_or(v, |old: f64| worst(signal.direction, old, v)));
                    }
                }
            }
            values
        })
        .collect();
    // The verdict engine's levels, point by point; overall is the worst, as `evaluate` has it.
    let engine = |e| QueryError::internal(format!("verdict engine: {e}"));
    let mut levels: Vec<Vec<Option<i64>>> = vec![Vec::with_capacity(points); signals.len() + 1];
    for i in 0..points {
        let mut overall = Level::Ok;
        for (j, (signal, values)) in signals.iter().zip(&readings).enumerate() {
            let level = level(signal, values[i]).map_err(engine)?;
            levels[j].push(Some(i64::from(level.number())));
            overall = overall.max(level);
        }
        levels[signals.len()].push(Some(i64::from(overall.number())));
    }
    let config = |name: &str| json!({"displayNameFromDS": name, "min": 0, "max": 3, "decimals": 0, "mappings": level_mappings()});
    let mut fields = vec![Field::new("Time", Values::Time(grid.times()))];
    let names = signals
        .iter()
        .map(|s| (s.id.key(), s.name.as_str()))
        .chain([(OVERALL_KEY, "Overall")]);
    for ((key, name), values) in names.zip(levels) {
        let values = match series_asked {
            VerdictSeries::All => Values::I64(values),
            VerdictSeries::Overall if key == OVERALL_KEY => {
                // The series an alert rule reduces, as float64: the value type server-side expressions take as
                // it is (`mathexp.SeriesFromFrame`); only newer Grafanas convert integer fields themselves.
                Values::F64(values.into_iter().map(|l| l.map(|n| n as f64)).collect())
            }
            VerdictSeries::Overall => continue,
        };
        fields.push(
            Field::new("level", values)
                .labels([("signal".to_owned(), key.to_owned())].into())
                .config(config(name)),
        );
    }
    let mut meta = crate::meta::range(&exprs.join("\n"), grid);
    meta.kind = Some(FrameType::TimeseriesWide);
    Ok(vec![Frame {
        name: "Scaling level".into(),
        ref_id: ref_id.into(),
        meta,
        fields,
    }])
}

fn worst(direction: Direction, a: f64, b: f64) -> f64 {
    match direction {
        Direction::Above => a.max(b),
        Direction::Below => a.min(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tumulte_policy::promql::SUSTAIN_RESOLUTION;
    use tumulte_policy::SignalId;

    #[test]
    fn every_sustained_expression_parses() {
        let policy = Policy::default();
        for s in policy.scaling_signals() {
            let e = s.sustained_expr(policy.db_pool_size);
            assert!(promql_parser::parser::parse(&e).is_ok(), "{e}");
            assert!(e.contains(&format!("[{}:{SUSTAIN_RESOLUTION}]", s.sustain)), "{e}");
        }
        let cpu = policy.signal(SignalId::CpuUsage);
        let e = cpu.sustained_expr(policy.db_pool_size);
        assert!(e.starts_with("max(min_over_time(("), "{e}");
        assert!(e.ends_with(&format!("[{}:{SUSTAIN_RESOLUTION}]))", cpu.sustain)), "{e}");
    }

    #[test]
    fn the_table_has_a_row_per_signal_and_overall() {
        let policy = Policy::default();
        let readings: Readings = policy.scaling_signals().map(|s| (s.id, Some(0.0))).collect();
        let verdict = evaluate(&policy, &readings).expect("valid");
        let frame = table(&verdict, &policy, "A", "q");
        assert!(frame.fields.iter().all(|f| f.values.len() == 6));
        assert_eq!(frame.meta.kind, Some(FrameType::Table));
    }
}
