//! Test fixtures: a small dashboard that lints clean, which each test breaks in exactly one way.

use serde_json::{json, Value};

use super::{lint_dashboard, Finding, LintContext, Rule};
use crate::catalog::{Metric, MetricType};

/// The catalog of the tests: a counter, a histogram, gauges (one named like a counter).
const CATALOG: &[Metric] = &[
    Metric::new("app_http_requests_total", MetricType::Counter),
    Metric::new("app_http_request_duration_seconds", MetricType::Histogram),
    Metric::new("app_websocket_connections_total", MetricType::Gauge),
    Metric::new("app_votes_received_total", MetricType::Counter),
    Metric::new("app_polls_launched_total", MetricType::Counter),
    Metric::new("app_db_connections_active", MetricType::Gauge),
];

/// The context of the tests: a small catalog, one recorded series, one provisioned plugin uid. Like Tumulte's
/// overview, the fixture filters by `$job` only where it has to: `target-job` and `target-instance` are allowed
/// (their own tests use [`strict_ctx`]).
pub(super) fn ctx() -> LintContext<'static> {
    LintContext {
        allowed: vec![Rule::TargetJob, Rule::TargetInstance],
        ..strict_ctx()
    }
}

/// [`ctx`] with every rule on.
pub(super) fn strict_ctx() -> LintContext<'static> {
    LintContext {
        catalog: Some(CATALOG),
        recorded: vec!["job:app_http_requests:rate5m".into()],
        provisioned_uids: vec!["computed".into()],
        allowed: Vec::new(),
    }
}

/// A valid dashboard, also by dashboard-linter's conventions (a `job` and an `instance` variable, set up as it
/// wants). Panels: `[0]` row "Traffic" (id 1), `[1]` "Requests" (id 2, target A), `[2]` "Latency p99"
/// (id 3), `[3]` text "About" (id 4), `[4]` collapsed row "Scaling" (id 5) holding "DB pool" (id 6, targets A, B).
pub(super) fn dashboard() -> Value {
    let ds = json!({"type": "prometheus", "uid": "${datasource}"});
    json!({
        "uid": "overview",
        "title": "Overview",
        "schemaVersion": 39,
        "templating": {"list": [
            {"type": "datasource", "name": "datasource", "label": "Data source", "query": "prometheus"},
            {"type": "query", "name": "job", "label": "Job", "datasource": ds, "query": "label_values(up, job)",
             "multi": true, "includeAll": true, "allValue": ".+", "refresh": 2},
            {"type": "query", "name": "instance", "label": "Instance", "datasource": ds,
             "query": "label_values(up{job=~\"$job\"}, instance)", "multi": true, "includeAll": true,
             "allValue": ".+", "refresh": 2},
            {"type": "constant", "name": "db_pool_size", "query": "20"},
        ]},
        "panels": [
            {"type": "row", "id": 1, "title": "Traffic", "collapsed": false,
             "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "panels": []},
            {"type": "timeseries", "id": 2, "title": "Requests", "description": "Requests served per second.",
             "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8}, "datasource": ds,
             "fieldConfig": {"defaults": {"unit": "reqps"}, "overrides": []},
             "targets": [{"refId": "A", "datasource": ds, "editorMode": "code", "range": true, "legendFormat": "rps",
                          "expr": "sum(rate(app_http_requests_total{job=~\"$job\"}[$__rate_interval]))"}]},
            {"type": "timeseries", "id": 3, "title": "Latency p99", "description": "99th percentile latency.",
             "gridPos": {"x": 12, "y": 1, "w": 12, "h": 8}, "datasource": ds,
             "fieldConfig": {"defaults": {"unit": "s"}, "overrides": []},
             "targets": [{"refId": "A", "datasource": ds,
                          "expr": "histogram_quantile(0.99, sum by (le) (rate(\
                                   app_http_request_duration_seconds_bucket{job=~\"$job\"}[$__rate_interval])))"}]},
            {"type": "text", "id": 4, "title": "About", "description": "What this dashboard shows.",
             "gridPos": {"x": 0, "y": 9, "w": 24, "h": 3}, "options": {"mode": "markdown", "content": "Hello"}},
            {"type": "row", "id": 5, "title": "Scaling", "collapsed": true,
             "gridPos": {"x": 0, "y": 12, "w": 24, "h": 1},
             "panels": [
                {"type": "stat", "id": 6, "title": "DB pool", "description": "Share of the pool in use.",
                 "gridPos": {"x": 0, "y": 13, "w": 12, "h": 8},
                 "fieldConfig": {"defaults": {"unit": "percentunit"}, "overrides": []},
                 "targets": [
                    {"refId": "A", "datasource": ds,
                     "expr": "sum(app_db_connections_active{job=~\"$job\"}) / $db_pool_size"},
                    {"refId": "B", "datasource": {"type": "computed-datasource", "uid": "computed"},
                     "kind": "cacheHitRate"},
                 ]},
             ]},
        ],
    })
}

/// Lints with [`ctx`].
pub(super) fn lint(dashboard: &Value) -> Vec<Finding> {
    lint_dashboard(dashboard, &ctx())
}

/// The rules of some findings, in order.
pub(super) fn rules(findings: &[Finding]) -> Vec<Rule> {
    findings.iter().map(|f| f.rule).collect()
}

/// Sets the expression of target A of panel "Requests".
pub(super) fn set_expr(dashboard: &mut Value, expr: &str) {
    dashboard["panels"][1]["targets"][0]["expr"] = Value::from(expr);
}
