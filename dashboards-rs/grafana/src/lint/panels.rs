//! Per-panel rules: title, description, unit, targets, panel ids and refIds.

use serde_json::Value;

use super::{Finding, Issue, Panel, Rule};

/// Title, description and unit on every panel but rows (text panels need no unit), targets on every panel but
/// rows and text panels.
pub(super) fn lint_panel(panel: &Panel) -> Vec<Issue> {
    let mut issues = Vec::new();
    if panel.is_row() {
        return issues;
    }
    if panel.title().trim().is_empty() {
        issues.push(Issue::new(Rule::MissingTitle, "the panel has no title"));
    }
    if text(panel.json.get("description")).is_none() {
        issues.push(Issue::new(Rule::MissingDescription, "the panel has no description"));
    }
    if !panel.is_text() {
        if text(panel.json.pointer("/fieldConfig/defaults/unit")).is_none() {
            issues.push(Issue::new(
                Rule::MissingUnit,
                "the panel has no unit (fieldConfig.defaults.unit)",
            ));
        }
        if panel.targets().is_empty() {
            issues.push(Issue::new(Rule::NoTargets, "the panel has no target"));
        }
    }
    issues
}

/// The refId of the `index`th target: present, and not used by an earlier target of the panel.
pub(super) fn lint_ref_id(targets: &[Value], index: usize) -> Vec<Issue> {
    let ref_id = |i: usize| text(targets.get(i).and_then(|t| t.get("refId")));
    match ref_id(index) {
        None => vec![Issue::new(
            Rule::DuplicateRefId,
            format!("target #{} has no refId", index + 1),
        )],
        Some(id) if (0..index).any(|i| ref_id(i) == Some(id)) => {
            vec![Issue::new(
                Rule::DuplicateRefId,
                format!("refId \"{id}\" is used by another target of the panel"),
            )]
        }
        Some(_) => Vec::new(),
    }
}

/// Panel ids, rows and row children included: each present and unique. A duplicate is reported on the later panel.
pub(super) fn lint_panel_ids(panels: &[Panel]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (index, panel) in panels.iter().enumerate() {
        match panel.id() {
            None => findings.push(Issue::new(Rule::DuplicatePanelId, "the panel has no id").at(panel.location())),
            Some(id) => {
                if let Some(first) = panels[..index].iter().find(|p| p.id() == Some(id)) {
                    let message = format!("id {id} is also the id of panel \"{}\"", first.title());
                    findings.push(Issue::new(Rule::DuplicatePanelId, message).at(panel.location()));
                }
            }
        }
    }
    findings
}

/// A string value, trimmed, if it is not blank.
fn text(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::fixture::{dashboard, lint, rules};
    use super::*;

    #[test]
    fn a_panel_without_title_is_missing_title() {
        let mut d = dashboard();
        if let Some(panel) = d["panels"][2].as_object_mut() {
            panel.remove("title");
        }
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::MissingTitle]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"\" (id 3): the panel has no title [missing-title]"
        );
    }

    #[test]
    fn a_blank_description_is_missing_description() {
        let mut d = dashboard();
        d["panels"][1]["description"] = Value::from("   ");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::MissingDescription]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Requests\" (id 2): the panel has no description [missing-description]"
        );
    }

    #[test]
    fn a_text_panel_needs_a_description() {
        let mut d = dashboard();
        d["panels"][3]["description"] = Value::from("");
        assert_eq!(rules(&lint(&d)), vec![Rule::MissingDescription]);
    }

    #[test]
    fn a_panel_without_unit_is_missing_unit() {
        let mut d = dashboard();
        d["panels"][2]["fieldConfig"]["defaults"] = json!({});
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::MissingUnit]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Latency p99\" (id 3): the panel has no unit (fieldConfig.defaults.unit) [missing-unit]"
        );
    }

    #[test]
    fn a_text_panel_needs_neither_unit_nor_targets() {
        let d = dashboard();
        assert!(d["panels"][3].get("targets").is_none() && d["panels"][3].get("fieldConfig").is_none());
        assert_eq!(lint(&d), vec![]);
    }

    #[test]
    fn a_panel_without_targets_is_no_targets() {
        let mut d = dashboard();
        d["panels"][1]["targets"] = json!([]);
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::NoTargets]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Requests\" (id 2): the panel has no target [no-targets]"
        );
    }

    #[test]
    fn the_children_of_a_collapsed_row_are_linted() {
        let mut d = dashboard();
        d["panels"][4]["panels"][0]["description"] = Value::Null;
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::MissingDescription]);
        assert!(findings[0].to_string().starts_with("panel \"DB pool\" (id 6): "));
    }

    #[test]
    fn a_panel_reusing_a_row_childs_id_is_duplicate_panel_id() {
        let mut d = dashboard();
        d["panels"][4]["panels"][0]["id"] = Value::from(2);
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::DuplicatePanelId]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"DB pool\" (id 2): id 2 is also the id of panel \"Requests\" [duplicate-panel-id]"
        );
    }

    #[test]
    fn a_panel_without_id_is_duplicate_panel_id() {
        let mut d = dashboard();
        if let Some(panel) = d["panels"][2].as_object_mut() {
            panel.remove("id");
        }
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::DuplicatePanelId]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Latency p99\" (no id): the panel has no id [duplicate-panel-id]"
        );
    }

    #[test]
    fn two_targets_with_one_ref_id_is_duplicate_ref_id() {
        let mut d = dashboard();
        d["panels"][4]["panels"][0]["targets"][1]["refId"] = Value::from("A");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::DuplicateRefId]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"DB pool\" (id 6) target A: refId \"A\" is used by another target of the panel [duplicate-ref-id]"
        );
    }

    #[test]
    fn a_target_without_ref_id_is_duplicate_ref_id() {
        let mut d = dashboard();
        if let Some(target) = d["panels"][4]["panels"][0]["targets"][1].as_object_mut() {
            target.remove("refId");
        }
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::DuplicateRefId]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"DB pool\" (id 6) target #2: target #2 has no refId [duplicate-ref-id]"
        );
    }
}
