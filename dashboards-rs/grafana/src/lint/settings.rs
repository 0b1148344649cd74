//! Dashboard-wide rules: a schema the linter reads (`unsupported-schema`), a title (`missing-title`), not
//! editable in the UI (`uneditable-dashboard`).

use serde_json::Value;

use super::{Issue, Rule};

/// `unsupported-schema`: Grafana 12's v2 schema lays panels out as `elements` and `layout`, which no rule here
/// reads; linting it would find nothing and say it is clean.
pub(super) fn lint_schema(dashboard: &Value) -> Option<Issue> {
    (dashboard.get("elements").is_some() && dashboard.get("layout").is_some()).then(|| {
        Issue::new(
            Rule::UnsupportedSchema,
            "the dashboard uses Grafana's v2 schema (elements, layout), which the linter does not read",
        )
    })
}

/// The dashboard-wide rules, on the dashboard as upgraded.
pub(super) fn lint_settings(dashboard: &Value) -> Vec<Issue> {
    let mut issues = Vec::new();
    let title = dashboard.get("title").and_then(Value::as_str).unwrap_or("");
    if title.trim().is_empty() {
        issues.push(Issue::new(Rule::MissingTitle, "the dashboard has no title"));
    }
    // dashboard-linter's reading: only an explicit `true` (Grafana also treats a missing flag as editable).
    if dashboard.get("editable").and_then(Value::as_bool) == Some(true) {
        issues.push(Issue::new(
            Rule::UneditableDashboard,
            "the dashboard is editable: a dashboard kept as code should be \"editable\": false",
        ));
    }
    issues
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::fixture::{dashboard, lint, rules};
    use super::*;

    #[test]
    fn a_dashboard_without_title_is_missing_title() {
        let mut d = dashboard();
        d["title"] = Value::from("  ");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::MissingTitle]);
        assert_eq!(
            findings[0].to_string(),
            "dashboard \"overview\": the dashboard has no title [missing-title]"
        );
    }

    #[test]
    fn an_editable_dashboard_is_uneditable_dashboard() {
        let mut d = dashboard();
        d["editable"] = json!(true);
        assert_eq!(rules(&lint(&d)), vec![Rule::UneditableDashboard]);
    }

    #[test]
    fn a_dashboard_marked_not_editable_or_unmarked_is_fine() {
        let mut d = dashboard();
        d["editable"] = json!(false);
        assert_eq!(lint(&d), vec![]);
        if let Some(object) = d.as_object_mut() {
            object.remove("editable");
        }
        assert_eq!(lint(&d), vec![]);
    }

    #[test]
    fn a_v2_resource_is_unsupported_schema() {
        let wrapped = json!({
            "apiVersion": "dashboard.grafana.app/v2beta1",
            "kind": "Dashboard",
            "metadata": {"name": "v2"},
            "spec": {"title": "V2", "elements": {}, "layout": {"kind": "GridLayout"}},
        });
        assert_eq!(rules(&lint(&wrapped)), vec![Rule::UnsupportedSchema]);
    }
}
