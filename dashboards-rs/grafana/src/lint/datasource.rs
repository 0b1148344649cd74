//! Data sources: which language a target speaks, and `panel-datasource`: a query names its data source through a
//! datasource variable (or a uid we provision), never a uid or name that exists on one Grafana only.
//!
//! dashboard-linter's `panel-datasource-rule` checks the panel's own data source, on four panel types. This
//! checks every panel's and every target's, and accepts Grafana's built-in data sources (`-- Mixed --`, …) and
//! the uids the caller provisions; a panel without a data source is fine as long as each target names one.

use serde_json::Value;

use super::promql::Dialect;
use super::templating::{input_reference, whole_reference, Templating};
use super::{Issue, LintContext, Panel, Rule};

/// Grafana's built-in data sources, the same on every instance.
const BUILTIN_UIDS: [&str; 5] = [
    "-- Grafana --",
    "grafana",
    "-- Mixed --",
    "-- Dashboard --",
    EXPRESSIONS,
];

/// The plugin id and uid of server-side expressions (math, reduce, … over other queries), built in too.
const EXPRESSIONS: &str = "__expr__";

/// The plugin ids of VictoriaMetrics' data source (renamed in 2024), whose queries are MetricsQL.
const VICTORIAMETRICS_TYPES: [&str; 2] = ["victoriametrics-datasource", "victoriametrics-metrics-datasource"];

/// A data source reference that names one: not absent, not null, not `"default"` (which Grafana reads as none).
pub(super) fn named(ds: Option<&Value>) -> Option<&Value> {
    ds.filter(|d| !d.is_null() && d.as_str() != Some("default"))
}

/// The panel's own data source, when it has one (rows aside). It is the one of the targets that have none.
pub(super) fn lint_panel_datasource(panel: &Panel, templating: &Templating, ctx: &LintContext) -> Option<Issue> {
    if panel.is_row() {
        return None;
    }
    panel.datasource().and_then(|ds| lint_datasource(ds, templating, ctx))
}

/// A target's own data source; a target without one needs its panel to have one.
pub(super) fn lint_target_datasource(
    panel: &Panel,
    target: &Value,
    templating: &Templating,
    ctx: &LintContext,
) -> Option<Issue> {
    match named(target.get("datasource")) {
        Some(ds) => lint_datasource(ds, templating, ctx),
        None if panel.datasource().is_none() => Some(Issue::new(
            Rule::PanelDatasource,
            "neither the target nor its panel names a data source (Grafana would pick its default)",
        )),
        None => None,
    }
}

/// The language of a target's query, from its data source (or its panel's): PromQL for Prometheus, for a data
/// source of unknown type (Grafana's default, an old name) and for a uid we provision; MetricsQL for
/// VictoriaMetrics; `None` for anything else (Loki, SQL, …), which is not parsed.
pub(super) fn dialect(panel: &Panel, target: &Value, templating: &Templating, ctx: &LintContext) -> Option<Dialect> {
    let Some(ds) = named(target.get("datasource")).or_else(|| panel.datasource()) else {
        return Some(Dialect::Promql);
    };
    match plugin_type(ds, templating) {
        None | Some("prometheus") => Some(Dialect::Promql),
        Some(kind) if VICTORIAMETRICS_TYPES.contains(&kind) => Some(Dialect::Metricsql),
        Some(_) if uid(ds).is_some_and(|uid| ctx.provisioned_uids.iter().any(|p| p == uid)) => Some(Dialect::Promql),
        Some(_) => None,
    }
}

/// The plugin id of a data source reference: its `type`, else what its uid resolves to (a datasource variable's
/// query, an import input's `pluginId`).
pub(super) fn plugin_type<'v>(ds: &'v Value, templating: &Templating<'v>) -> Option<&'v str> {
    if let Some(kind) = ds.get("type").and_then(Value::as_str).filter(|k| !k.is_empty()) {
        return Some(kind);
    }
    let uid = uid(ds)?;
    if let Some(variable) = whole_reference(uid).and_then(|name| templating.get(&name)) {
        return Some(variable.query()).filter(|q| !q.is_empty() && variable.kind() == "datasource");
    }
    let input = input_reference(uid).and_then(|name| templating.input(name))?;
    input.get("pluginId").and_then(Value::as_str)
}

/// The uid of a reference, or the name an old dashboard writes as a plain string.
fn uid(ds: &Value) -> Option<&str> {
    match ds {
        Value::String(uid) => Some(uid),
        other => other.get("uid").and_then(Value::as_str),
    }
}

/// A data source reference (`{"type": …, "uid": …}`, or a plain string as older dashboards have it).
fn lint_datasource(ds: &Value, templating: &Templating, ctx: &LintContext) -> Option<Issue> {
    if plugin_type(ds, templating) == Some(EXPRESSIONS) {
        // Expressions are built in whatever uid the export gave them (`${DS_EXPRESSION}`).
        return None;
    }
    let Some(uid) = uid(ds) else {
        return Some(Issue::new(Rule::PanelDatasource, "the data source has no uid"));
    };
    if let Some(name) = whole_reference(uid).or_else(|| input_reference(uid).map(str::to_owned)) {
        if templating.is_datasource(&name) {
            return None;
        }
        let message = if templating.input(&name).is_some() {
            format!("data source \"{uid}\" is an import input (__inputs): once imported it is a fixed uid; use a datasource variable")
        } else {
            format!("data source \"{uid}\" is not a variable of type datasource")
        };
        return Some(Issue::new(Rule::PanelDatasource, message));
    }
    let portable = ctx.provisioned_uids.iter().any(|p| p == uid) || BUILTIN_UIDS.contains(&uid);
    (!portable).then(|| {
        let what = if ds.is_string() {
            "data source"
        } else {
            "data source uid"
        };
        Issue::new(
            Rule::PanelDatasource,
            format!("{what} \"{uid}\" is hard-coded: use a datasource variable such as ${{datasource}}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::fixture::{dashboard, lint, rules};
    use super::*;

    #[test]
    fn a_braced_datasource_variable_is_fine() {
        let d = dashboard();
        assert_eq!(
            d["panels"][1]["targets"][0]["datasource"]["uid"],
            Value::from("${datasource}")
        );
        assert_eq!(lint(&d), vec![]);
    }

    #[test]
    fn a_plain_datasource_variable_is_fine() {
        let mut d = dashboard();
        d["panels"][1]["targets"][0]["datasource"]["uid"] = Value::from("$datasource");
        assert_eq!(lint(&d), vec![]);
    }

    #[test]
    fn a_provisioned_plugin_uid_is_fine() {
        let d = dashboard();
        assert_eq!(
            d["panels"][4]["panels"][0]["targets"][1]["datasource"]["uid"],
            Value::from("computed")
        );
        assert_eq!(lint(&d), vec![]);
    }

    #[test]
    fn a_hard_coded_uid_is_panel_datasource() {
        let mut d = dashboard();
        d["panels"][1]["targets"][0]["datasource"] = json!({"type": "prometheus", "uid": "P1809F7CD0C75ACF3"});
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelDatasource]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Requests\" (id 2) target A: data source uid \"P1809F7CD0C75ACF3\" is hard-coded: use a datasource \
             variable such as ${datasource} [panel-datasource]"
        );
    }

    #[test]
    fn a_data_source_named_as_an_old_dashboard_does_is_panel_datasource() {
        let mut d = dashboard();
        d["panels"][1]["datasource"] = json!("Prometheus");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelDatasource]);
        assert_eq!(
            findings[0].message,
            "data source \"Prometheus\" is hard-coded: use a datasource variable such as ${datasource}"
        );
    }

    #[test]
    fn a_variable_of_another_type_is_panel_datasource() {
        let mut d = dashboard();
        d["panels"][1]["targets"][0]["datasource"]["uid"] = Value::from("${job}");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelDatasource]);
        assert_eq!(
            findings[0].message,
            "data source \"${job}\" is not a variable of type datasource"
        );
    }

    #[test]
    fn an_import_input_is_panel_datasource() {
        let mut d = dashboard();
        d["__inputs"] = json!([{"name": "DS_PROM-1", "type": "datasource", "pluginId": "prometheus"}]);
        d["panels"][1]["targets"][0]["datasource"]["uid"] = Value::from("${DS_PROM-1}");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelDatasource]);
        assert!(
            findings[0].message.contains("is an import input (__inputs)"),
            "{}",
            findings[0]
        );
    }

    #[test]
    fn a_server_side_expression_is_fine_under_any_uid() {
        let mut d = dashboard();
        d["__inputs"] = json!([{"name": "DS_EXPRESSION", "type": "datasource", "pluginId": "__expr__"}]);
        if let Some(targets) = d["panels"][1]["targets"].as_array_mut() {
            targets.push(
                json!({"refId": "B", "datasource": {"uid": "${DS_EXPRESSION}"}, "type": "math",
                                "expression": "$A * 2"}),
            );
        }
        assert_eq!(lint(&d), vec![]);
    }

    #[test]
    fn a_target_without_datasource_uses_its_panels() {
        let mut d = dashboard();
        if let Some(target) = d["panels"][1]["targets"][0].as_object_mut() {
            target.remove("datasource");
        }
        assert_eq!(lint(&d), vec![]);
        d["panels"][1]["datasource"]["uid"] = Value::from("P1809F7CD0C75ACF3");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelDatasource]);
        assert!(findings[0]
            .to_string()
            .starts_with("panel \"Requests\" (id 2): data source uid "));
    }

    #[test]
    fn a_target_without_any_datasource_is_panel_datasource() {
        let mut d = dashboard();
        if let Some(target) = d["panels"][4]["panels"][0]["targets"][0].as_object_mut() {
            target.remove("datasource");
        }
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelDatasource]);
        assert!(findings[0]
            .to_string()
            .starts_with("panel \"DB pool\" (id 6) target A: neither the target"));
    }

    #[test]
    fn a_loki_variable_reference_makes_a_target_logql_not_promql() {
        let mut d = dashboard();
        if let Some(list) = d["templating"]["list"].as_array_mut() {
            list.push(json!({"type": "datasource", "name": "loki_datasource", "query": "loki"}));
        }
        d["panels"][1]["targets"][0]["datasource"] = json!("$loki_datasource");
        d["panels"][1]["targets"][0]["expr"] = json!("sum(count_over_time({app=\"x\"} |= \"error\" [5m]))");
        // A second datasource variable has template-datasource ask for `prometheus_datasource`; nothing else.
        let findings = lint(&d);
        assert!(
            findings.iter().all(|f| f.rule == Rule::TemplateDatasource),
            "{findings:?}"
        );
    }
}
