//! Data source rules: a query names its data source through a datasource variable (`${datasource}`) or a uid we
//! provision, never a uid that exists on one Grafana only.

use serde_json::Value;

use super::templating::{whole_reference, Templating};
use super::{Issue, LintContext, Panel, Rule};

/// Grafana's built-in data sources, the same on every instance.
const BUILTIN_UIDS: [&str; 4] = ["-- Grafana --", "grafana", "-- Mixed --", "-- Dashboard --"];

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
    match target.get("datasource").filter(|d| !d.is_null()) {
        Some(ds) => lint_datasource(ds, templating, ctx),
        None if panel.datasource().is_none() => Some(Issue::new(
            Rule::DatasourceNotVariable,
            "neither the target nor its panel names a data source (Grafana would pick its default)",
        )),
        None => None,
    }
}

/// Whether a target's query is PromQL: its data source (or its panel's) is Prometheus, untyped, or ours.
pub(super) fn speaks_promql(panel: &Panel, target: &Value, ctx: &LintContext) -> bool {
    let ds = target
        .get("datasource")
        .filter(|d| !d.is_null())
        .or_else(|| panel.datasource());
    let Some(Value::Object(ds)) = ds else {
        return true;
    };
    let provisioned = ds
        .get("uid")
        .and_then(Value::as_str)
        .is_some_and(|uid| ctx.provisioned_uids.iter().any(|p| p == uid));
    match ds.get("type").and_then(Value::as_str) {
        None | Some("prometheus") => true,
        Some(_) => provisioned,
    }
}

/// A data source reference (`{"type": …, "uid": …}`, or a plain string as older dashboards have it).
fn lint_datasource(ds: &Value, templating: &Templating, ctx: &LintContext) -> Option<Issue> {
    let uid = match ds {
        Value::String(uid) => uid.as_str(),
        other => match other.get("uid").and_then(Value::as_str) {
            Some(uid) => uid,
            None => return Some(Issue::new(Rule::DatasourceNotVariable, "the data source has no uid")),
        },
    };
    if let Some(name) = whole_reference(uid) {
        return (!templating.is_datasource(&name)).then(|| {
            Issue::new(
                Rule::DatasourceNotVariable,
                format!("data source \"{uid}\" is not a variable of type datasource"),
            )
        });
    }
    let portable = ctx.provisioned_uids.iter().any(|p| p == uid) || BUILTIN_UIDS.contains(&uid);
    (!portable).then(|| {
        Issue::new(
            Rule::DatasourceNotVariable,
            format!("data source uid \"{uid}\" is hard-coded: use a datasource variable such as ${{datasource}}"),
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
    fn a_hard_coded_uid_is_datasource_not_variable() {
        let mut d = dashboard();
        d["panels"][1]["targets"][0]["datasource"] = json!({"type": "prometheus", "uid": "P1809F7CD0C75ACF3"});
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::DatasourceNotVariable]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Requests\" (id 2) target A: data source uid \"P1809F7CD0C75ACF3\" is hard-coded: use a datasource \
             variable such as ${datasource} [datasource-not-variable]"
        );
    }

    #[test]
    fn a_variable_of_another_type_is_datasource_not_variable() {
        let mut d = dashboard();
        d["panels"][1]["targets"][0]["datasource"]["uid"] = Value::from("${job}");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::DatasourceNotVariable]);
        assert_eq!(
            findings[0].message,
            "data source \"${job}\" is not a variable of type datasource"
        );
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
        assert_eq!(rules(&findings), vec![Rule::DatasourceNotVariable]);
        assert!(findings[0]
            .to_string()
            .starts_with("panel \"Requests\" (id 2): data source uid "));
    }

    #[test]
    fn a_target_without_any_datasource_is_datasource_not_variable() {
        let mut d = dashboard();
        if let Some(target) = d["panels"][4]["panels"][0]["targets"][0].as_object_mut() {
            target.remove("datasource");
        }
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::DatasourceNotVariable]);
        assert!(findings[0]
            .to_string()
            .starts_with("panel \"DB pool\" (id 6) target A: neither the target"));
    }
}
