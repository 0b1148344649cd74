//! The verdict alert as Grafana evaluates it: the rule's query A, read from the generated
//! `provisioning/alerting/tumulte-verdict.yml`, sent to the real plugin process the way Grafana's alerting sends
//! it (header `FromAlert: true`, a `PluginContext` without user, the relative time range resolved against the
//! evaluation time, the model's `intervalMs` and `maxDataPoints` defaulted as alerting stores them), against the
//! real Prometheus with the scenario history; then the rule's B (reduce) and C (threshold) applied to the
//! answer as its models say.

use std::collections::HashMap;

use grafana_dashboards::alerting::expr::{Expression, ExpressionKind, Reducer};
use grafana_dashboards::alerting::{Provisioning, Query, QueryModel, Rule};
use serde_json::Value;
use tumulte_artefacts::alerting::ALERTING_PATH;
use tumulte_policy::names::{PLUGIN_UID, VERDICT_RULE_UID};
use tumulte_policy::Level;
use tumulte_tests::frames::{check_dataplane, Column, DecodedField};
use tumulte_tests::host::{query_data_with_headers, Answer, Asker, DataSource, PluginProcess};
use tumulte_tests::pluginv2::{CollectMetricsRequest, DataFrameFormat, DataQuery, TimeRange};
use tumulte_tests::prometheus;
use tumulte_tests::scenario::{Scenario, Timeline};
use tumulte_tests::Error;

type Result<T = ()> = std::result::Result<T, Error>;

/// What Grafana's alerting writes into a query's model when the rule is stored, if the model has none
/// (`pkg/services/ngalert/models/alert_query.go`: `defaultIntervalMS`, `defaultMaxDataPoints`).
const DEFAULT_INTERVAL_MS: i64 = 1_000;
/// See [`DEFAULT_INTERVAL_MS`].
const DEFAULT_MAX_DATA_POINTS: i64 = 43_200;

/// The verdict rule, from the generated file in the repository (what Grafana's provisioning reads).
fn verdict_rule() -> Result<Rule> {
    let path = tumulte_test_kit::repo::root().join(ALERTING_PATH);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}; run `dash build`", path.display()))?;
    let file: Provisioning = serde_norway::from_str(&text)?;
    file.groups
        .into_iter()
        .flat_map(|g| g.rules)
        .find(|r| r.uid == VERDICT_RULE_UID)
        .ok_or_else(|| format!("no rule {VERDICT_RULE_UID} in {ALERTING_PATH}").into())
}

fn step<'a>(rule: &'a Rule, ref_id: &str) -> Result<&'a Query> {
    rule.data
        .iter()
        .find(|q| q.ref_id == ref_id)
        .ok_or_else(|| format!("rule has no refId {ref_id}").into())
}

fn expression<'a>(rule: &'a Rule, ref_id: &str) -> Result<&'a Expression> {
    match &step(rule, ref_id)?.model {
        QueryModel::Expression(e) => Ok(e),
        QueryModel::DataSource(_) => Err(format!("{ref_id} is not an expression").into()),
    }
}

/// Query A as Grafana's alert evaluation at `now` (Unix seconds) sends it to the data source.
fn alert_query(a: &Query, now: i64) -> Result<DataQuery> {
    let QueryModel::DataSource(model) = &a.model else {
        return Err("query A is an expression, not the data source's query".into());
    };
    let mut model = model.clone();
    let object = model.as_object_mut().ok_or("query A's model is not an object")?;
    let interval_ms = object
        .get("intervalMs")
        .and_then(Value::as_i64)
        .unwrap_or(DEFAULT_INTERVAL_MS);
    let max_data_points = object
        .get("maxDataPoints")
        .and_then(Value::as_i64)
        .unwrap_or(DEFAULT_MAX_DATA_POINTS);
    object.insert("intervalMs".into(), interval_ms.into());
    object.insert("maxDataPoints".into(), max_data_points.into());
    let range = a.relative_time_range;
    Ok(DataQuery {
        ref_id: a.ref_id.clone(),
        max_data_points,
        interval_ms,
        time_range: Some(TimeRange {
            from_epoch_ms: (now - range.from.as_secs() as i64) * 1000,
            to_epoch_ms: (now - range.to.as_secs() as i64) * 1000,
        }),
        json: serde_json::to_vec(&model)?,
        query_type: String::new(),
    })
}

/// The headers Grafana's alerting sends with every data source query of a rule.
fn alert_headers() -> HashMap<String, String> {
    [
        ("FromAlert", "true"),
        ("X-Cache-Skip", "true"),
        ("X-Rule-Uid", VERDICT_RULE_UID),
        ("X-Grafana-Org-Id", "1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// The rule evaluated at `now`: query A's answer from the plugin, and the rule.
async fn evaluate(plugin: &PluginProcess, ds: &DataSource, now: i64) -> Result<(Answer, Rule)> {
    let rule = verdict_rule()?;
    let a = step(&rule, "A")?;
    assert_eq!(
        a.datasource_uid, PLUGIN_UID,
        "query A asks the Tumulte Scaling data source"
    );
    let mut answers = query_data_with_headers(
        plugin,
        ds,
        &Asker::Grafana,
        DataFrameFormat::Arrow,
        alert_headers(),
        vec![alert_query(a, now)?],
    )
    .await?;
    let answer = answers.remove(&a.ref_id).ok_or("no answer for query A")?;
    Ok((answer, rule))
}

/// The one numeric field of the answer's one frame, after the data-plane check server-side expressions need.
fn overall(answer: &Answer) -> Result<&DecodedField> {
    if answer.status != 200 {
        return Err(format!("status {}: {}", answer.status, answer.error).into());
    }
    let [frame] = answer.frames.as_slice() else {
        return Err(format!("{} frames, expected 1", answer.frames.len()).into());
    };
    check_dataplane(frame)?;
    let [time, value] = frame.fields.as_slice() else {
        return Err(format!("{} fields, expected time and the overall level", frame.fields.len()).into());
    };
    assert!(matches!(time.column, Column::Time(_)));
    assert_eq!(value.labels.get("signal").map(String::as_str), Some("overall"));
    assert!(matches!(value.column, Column::F64(_)), "the level is float64");
    Ok(value)
}

/// The rule's B then C on the series, as their models say: the reducer, then the threshold (1 fires, 0 not).
fn b_then_c(rule: &Rule, series: &[Option<f64>]) -> Result<bool> {
    let ExpressionKind::Reduce {
        expression: input,
        reducer,
        ..
    } = &expression(rule, "B")?.kind
    else {
        return Err("B is not a reduce".into());
    };
    assert_eq!(input, "A");
    assert_eq!(
        *reducer,
        Reducer::Last,
        "this test applies the reducer the rule uses: last"
    );
    // dropNN: the newest number.
    let b = series
        .iter()
        .rev()
        .flatten()
        .copied()
        .find(|v| !v.is_nan())
        .ok_or("no number to reduce")?;
    let ExpressionKind::Threshold {
        expression: input,
        conditions,
    } = &expression(rule, "C")?.kind
    else {
        return Err("C is not a threshold".into());
    };
    assert_eq!(input, "B");
    assert_eq!(rule.condition, "C");
    Ok(conditions.first().ok_or("C has no condition")?.evaluator.holds(b))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_rule_fires_at_the_end_of_the_critical_scenario() -> Result {
    let Some(prom) = prometheus::shared()? else {
        return Ok(());
    };
    let t: Timeline = prom.timeline.clone().ok_or("no history")?;
    let plugin = PluginProcess::start().await?;
    let ds = DataSource::new(prom.url());
    let (answer, rule) = evaluate(&plugin, &ds, t.end_of(Scenario::Critical)).await?;
    let series = overall(&answer)?.numbers();
    assert_eq!(
        series.last().copied().flatten(),
        Some(f64::from(Level::Critical.number()))
    );
    assert!(b_then_c(&rule, &series)?, "C fires for Critical");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_rule_does_not_fire_at_the_end_of_the_calm_scenario() -> Result {
    let Some(prom) = prometheus::shared()? else {
        return Ok(());
    };
    let t: Timeline = prom.timeline.clone().ok_or("no history")?;
    let plugin = PluginProcess::start().await?;
    let ds = DataSource::new(prom.url());
    let (answer, rule) = evaluate(&plugin, &ds, t.end_of(Scenario::Calm)).await?;
    let series = overall(&answer)?.numbers();
    assert_eq!(series.last().copied().flatten(), Some(f64::from(Level::Ok.number())));
    assert!(!b_then_c(&rule, &series)?, "C does not fire for Calm");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_plugin_counts_the_evaluation_as_alerting() -> Result {
    let Some(prom) = prometheus::shared()? else {
        return Ok(());
    };
    let t: Timeline = prom.timeline.clone().ok_or("no history")?;
    let plugin = PluginProcess::start().await?;
    let ds = DataSource::new(prom.url());
    let (answer, _) = evaluate(&plugin, &ds, t.end_of(Scenario::Calm)).await?;
    overall(&answer)?;
    let metrics = plugin
        .diagnostics()
        .collect_metrics(CollectMetricsRequest {
            plugin_context: Some(ds.context(&Asker::Grafana)),
        })
        .await?
        .into_inner();
    let text = String::from_utf8(metrics.metrics.ok_or("no metrics")?.prometheus)?;
    assert!(
        text.contains("grafana_plugin_queries_total{kind=\"scalingVerdict\",origin=\"alerting\"} 1\n"),
        "{text}"
    );
    assert!(!text.contains("origin=\"dashboard\""), "{text}");
    Ok(())
}
