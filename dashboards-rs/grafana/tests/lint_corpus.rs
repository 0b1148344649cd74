//! The linter on real public dashboards (`../shared/corpus/dashboards`, next to the repository): it reads every
//! one of them, lays out the pre-5.0 ones, and reports what is wrong with them rather than with its own reading.
//! Where `../shared` is absent the tests print that they were skipped.

mod corpus_files;

use std::collections::BTreeMap;

use grafana_dashboards::lint::{lint_dashboard, Finding, LintContext, Location, Rule};
use serde_json::Value;

/// Every corpus dashboard as (file name, JSON), or `None` after the test kit's skip rule.
fn corpus(_test: &str) -> Option<Vec<(String, Value)>> {
    Some(
        corpus_files::files()?
            .into_iter()
            .map(|f| (f.name.clone(), f.json()))
            .collect(),
    )
}

/// The findings of one corpus file, as `dash lint FILE` computes them (no catalog).
fn lint(dashboard: &Value) -> Vec<Finding> {
    lint_dashboard(dashboard, &LintContext::new())
}

#[test]
fn every_corpus_dashboard_lints_without_panicking() {
    let Some(dashboards) = corpus("every_corpus_dashboard_lints_without_panicking") else {
        return;
    };
    assert_eq!(dashboards.len(), 17, "the corpus has 17 dashboards");
    let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for (name, dashboard) in &dashboards {
        let findings = lint(dashboard);
        println!("{name}: {} finding(s)", findings.len());
        for finding in &findings {
            *per_rule.entry(finding.rule.name()).or_default() += 1;
        }
    }
    for (rule, count) in &per_rule {
        println!("{rule}: {count}");
    }
}

#[test]
fn the_rows_layout_dashboards_lint_their_panels() {
    let Some(dashboards) = corpus("the_rows_layout_dashboards_lint_their_panels") else {
        return;
    };
    for file in ["10-thanos-store.json", "24-dockprom-docker-host.json"] {
        let (_, dashboard) = dashboards
            .iter()
            .find(|(name, _)| name == file)
            .unwrap_or_else(|| panic!("{file} is in the corpus"));
        assert!(
            dashboard.get("rows").is_some() && dashboard.get("panels").is_none(),
            "{file} uses rows"
        );
        let on_panels = lint(dashboard)
            .into_iter()
            .filter(|f| matches!(f.location, Location::Panel { id: Some(_), .. }))
            .count();
        assert!(on_panels > 0, "{file}: no finding about its panels");
    }
}

#[test]
fn a_target_that_merely_lacks_a_ref_id_is_not_a_duplicate() {
    let Some(dashboards) = corpus("a_target_that_merely_lacks_a_ref_id_is_not_a_duplicate") else {
        return;
    };
    for (name, dashboard) in &dashboards {
        for finding in lint(dashboard).iter().filter(|f| f.rule == Rule::DuplicateRefId) {
            assert!(
                !finding.message.contains("has no refId") && !finding.location.to_string().contains(" target #"),
                "{name}: {finding}"
            );
        }
    }
}

#[test]
fn a_variable_in_a_range_is_no_promql_error() {
    let Some(dashboards) = corpus("a_variable_in_a_range_is_no_promql_error") else {
        return;
    };
    // 10-thanos-store and 25-starsliao range over `[$interval]`, an interval variable.
    for file in ["10-thanos-store.json", "25-starsliao-node-exporter-job.json"] {
        let (_, dashboard) = dashboards
            .iter()
            .find(|(name, _)| name == file)
            .unwrap_or_else(|| panic!("{file} is in the corpus"));
        assert!(
            dashboard.to_string().contains("[$interval]"),
            "{file} ranges over $interval"
        );
        let errors: Vec<String> = lint(dashboard)
            .iter()
            .filter(|f| f.rule == Rule::TargetPromql)
            .map(ToString::to_string)
            .collect();
        assert!(errors.iter().all(|e| !e.contains("$interval")), "{file}: {errors:#?}");
    }
}

#[test]
fn a_dashboard_that_follows_dashboard_linter_lints_clean() {
    let Some(dashboards) = corpus("a_dashboard_that_follows_dashboard_linter_lints_clean") else {
        return;
    };
    // The mysqld mixin's overview is generated to dashboard-linter's rules.
    let (_, dashboard) = dashboards
        .iter()
        .find(|(name, _)| name == "18-mysqld-mixin-overview.json")
        .unwrap_or_else(|| panic!("18-mysqld-mixin-overview.json is in the corpus"));
    assert_eq!(lint(dashboard), vec![]);
}

#[test]
fn a_corpus_query_whose_metric_name_becomes_a_variable_still_parses() {
    let Some(dashboards) = corpus("a_corpus_query_whose_metric_name_becomes_a_variable_still_parses") else {
        return;
    };
    let (_, dashboard) = dashboards
        .iter()
        .find(|(name, _)| name == "18-mysqld-mixin-overview.json")
        .unwrap_or_else(|| panic!("18-mysqld-mixin-overview.json is in the corpus"));
    let mut dashboard = dashboard.clone();
    if let Some(list) = dashboard.pointer_mut("/templating/list").and_then(Value::as_array_mut) {
        list.push(serde_json::json!({"type": "query", "name": "metric", "query": "metrics(mysql_.*)", "refresh": 2}));
    }
    let mut rewritten = 0;
    for panel in dashboard
        .pointer_mut("/panels")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        for target in panel
            .pointer_mut("/targets")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            let Some(expr) = target.get("expr").and_then(Value::as_str) else {
                continue;
            };
            if let Some(templated) = metric_as_variable(expr) {
                target["expr"] = Value::from(templated);
                rewritten += 1;
            }
        }
    }
    assert!(rewritten > 10, "only {rewritten} queries rewritten");
    let errors: Vec<String> = lint(&dashboard)
        .iter()
        .filter(|f| f.rule == Rule::TargetPromql)
        .map(ToString::to_string)
        .collect();
    assert_eq!(errors, Vec::<String>::new());
}

/// The expression with the metric name of its first selector (`name{`) replaced by `$metric`, if it has one.
fn metric_as_variable(expr: &str) -> Option<String> {
    let brace = expr.find('{')?;
    let name_start = expr[..brace]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
        .last()
        .map(|(i, _)| i)?;
    Some(format!("{}$metric{}", &expr[..name_start], &expr[brace..]))
}

#[test]
fn without_a_catalog_no_metric_is_unknown() {
    let Some(dashboards) = corpus("without_a_catalog_no_metric_is_unknown") else {
        return;
    };
    for (name, dashboard) in &dashboards {
        let unknown: Vec<_> = lint(dashboard)
            .into_iter()
            .filter(|f| f.rule == Rule::UnknownMetric)
            .collect();
        assert!(unknown.is_empty(), "{name}: {unknown:?}");
    }
}
