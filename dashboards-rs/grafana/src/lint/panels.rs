//! Per-panel rules: title and description (`panel-title-description`), unit (`panel-units`), targets
//! (`panel-no-targets`), panel ids and refIds, references to other panels' queries.
//!
//! dashboard-linter restricts its panel rules to six panel types (stat, singlestat, graph, table, timeseries,
//! gauge). Here `panel-title-description` applies to every panel but rows; `panel-units` to the panels that show
//! numbers from `fieldConfig` (those six, bar gauges, bar charts, pie charts); `panel-no-targets` to every core
//! visualisation of query results. Plugin panels are left alone: the linter cannot know what they need.

use serde_json::Value;

use super::units::is_grafana_unit;
use super::{Finding, Issue, Panel, Rule};

/// Panels that show numbers with a unit from `fieldConfig`.
const NUMERIC_PANELS: [&str; 9] = [
    "stat",
    "singlestat",
    "graph",
    "table",
    "timeseries",
    "gauge",
    "bargauge",
    "barchart",
    "piechart",
];

/// Panels that draw query results, besides the numeric ones.
const OTHER_DATA_PANELS: [&str; 13] = [
    "table-old",
    "heatmap",
    "state-timeline",
    "status-history",
    "histogram",
    "trend",
    "xychart",
    "candlestick",
    "logs",
    "nodeGraph",
    "traces",
    "flamegraph",
    "geomap",
];

/// `panel-title-description` on every panel but rows; `panel-units` and `panel-no-targets` where they apply.
pub(super) fn lint_panel(panel: &Panel) -> Vec<Issue> {
    let mut issues = Vec::new();
    if panel.is_row() {
        return issues;
    }
    let missing = match (
        panel.title().trim().is_empty(),
        text(panel.json.get("description")).is_none(),
    ) {
        (true, true) => Some("the panel has neither title nor description"),
        (true, false) => Some("the panel has no title"),
        (false, true) => Some("the panel has no description"),
        (false, false) => None,
    };
    issues.extend(missing.map(|m| Issue::new(Rule::PanelTitleDescription, m)));
    let kind = panel.kind();
    if NUMERIC_PANELS.contains(&kind) {
        issues.extend(lint_unit(panel));
    }
    // A library panel's queries live in the library, not in the dashboard.
    let data = NUMERIC_PANELS.contains(&kind) || OTHER_DATA_PANELS.contains(&kind);
    if data && panel.targets().is_empty() && panel.json.get("libraryPanel").is_none() {
        issues.push(Issue::new(Rule::PanelNoTargets, "the panel has no target"));
    }
    issues
}

/// dashboard-linter's `panel-units`: the unit an override sets (the last one), else the default unit, is one of
/// Grafana's; not needed when value mappings turn the values into words, nor on a stat panel that shows a
/// non-numeric field. Old graph and singlestat panels keep their unit in `yaxes[0].format` and `format`, which
/// Grafana turns into the unit when it migrates them (dashboard-linter reads `fieldConfig` only).
fn lint_unit(panel: &Panel) -> Option<Issue> {
    let json = panel.json;
    let non_numeric_stat = panel.kind() == "stat" && text(json.pointer("/options/reduceOptions/fields")).is_some();
    let overrides = json
        .pointer("/fieldConfig/overrides")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|o| o.get("properties").and_then(Value::as_array).into_iter().flatten());
    let mut override_unit = None;
    let mut override_mappings = false;
    for property in overrides {
        match property.get("id").and_then(Value::as_str) {
            Some("unit") => override_unit = text(property.get("value")).or(override_unit),
            Some("mappings") => override_mappings |= non_empty(property.get("value")),
            _ => {}
        }
    }
    // An empty `mappings: []` is what Grafana writes for none (dashboard-linter counts it as mappings).
    let mappings = override_mappings || non_empty(json.pointer("/fieldConfig/defaults/mappings"));
    if non_numeric_stat || mappings {
        return None;
    }
    let legacy = match panel.kind() {
        "graph" => json.pointer("/yaxes/0/format"),
        "singlestat" => json.get("format"),
        _ => None,
    };
    let unit = override_unit
        .or_else(|| text(json.pointer("/fieldConfig/defaults/unit")))
        .or_else(|| text(legacy));
    match unit {
        None => Some(Issue::new(
            Rule::PanelUnits,
            "the panel has no unit (fieldConfig.defaults.unit)",
        )),
        Some(unit) if !is_grafana_unit(unit) => Some(Issue::new(
            Rule::PanelUnits,
            format!("unit \"{unit}\" is not one of Grafana's units (it would show as a bare suffix)"),
        )),
        Some(_) => None,
    }
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

/// A target that reuses another panel's queries (`panelId`, the `-- Dashboard --` data source) names a panel
/// that exists: dashboard-linter's `target-promql` checks that.
pub(super) fn lint_panel_reference(target: &Value, panels: &[Panel]) -> Option<Issue> {
    let id = target.get("panelId").and_then(Value::as_i64).filter(|id| *id > 0)?;
    let has_query = text(target.get("expr")).is_some();
    (!has_query && !panels.iter().any(|p| p.id() == Some(id))).then(|| {
        Issue::new(
            Rule::TargetPromql,
            format!("the target reuses the queries of panel id {id}, which does not exist"),
        )
    })
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

/// Whether a value is a non-empty array or object.
fn non_empty(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Array(items)) => !items.is_empty(),
        Some(Value::Object(fields)) => !fields.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::fixture::{dashboard, lint, rules};
    use super::*;

    #[test]
    fn a_panel_without_title_is_panel_title_description() {
        let mut d = dashboard();
        if let Some(panel) = d["panels"][2].as_object_mut() {
            panel.remove("title");
        }
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelTitleDescription]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"\" (id 3): the panel has no title [panel-title-description]"
        );
    }

    #[test]
    fn a_blank_description_is_panel_title_description() {
        let mut d = dashboard();
        d["panels"][1]["description"] = Value::from("   ");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelTitleDescription]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Requests\" (id 2): the panel has no description [panel-title-description]"
        );
    }

    #[test]
    fn a_panel_without_title_nor_description_is_one_finding() {
        let mut d = dashboard();
        d["panels"][1]["title"] = Value::from("");
        d["panels"][1]["description"] = Value::Null;
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelTitleDescription]);
        assert_eq!(findings[0].message, "the panel has neither title nor description");
    }

    #[test]
    fn a_text_panel_needs_a_description() {
        let mut d = dashboard();
        d["panels"][3]["description"] = Value::from("");
        assert_eq!(rules(&lint(&d)), vec![Rule::PanelTitleDescription]);
    }

    #[test]
    fn a_panel_without_unit_is_panel_units() {
        let mut d = dashboard();
        d["panels"][2]["fieldConfig"]["defaults"] = json!({});
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelUnits]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Latency p99\" (id 3): the panel has no unit (fieldConfig.defaults.unit) [panel-units]"
        );
    }

    #[test]
    fn a_unit_grafana_does_not_know_is_panel_units() {
        let mut d = dashboard();
        d["panels"][2]["fieldConfig"]["defaults"]["unit"] = json!("seconds");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelUnits]);
        assert_eq!(
            findings[0].message,
            "unit \"seconds\" is not one of Grafana's units (it would show as a bare suffix)"
        );
    }

    #[test]
    fn an_override_unit_is_the_one_checked() {
        let mut d = dashboard();
        d["panels"][2]["fieldConfig"]["overrides"] = json!([
            {"matcher": {"id": "byName", "options": "p99"}, "properties": [{"id": "unit", "value": "secs"}]},
        ]);
        assert_eq!(rules(&lint(&d)), vec![Rule::PanelUnits]);
    }

    #[test]
    fn value_mappings_make_a_unit_unnecessary() {
        let mut d = dashboard();
        d["panels"][2]["fieldConfig"]["defaults"] = json!({"mappings": [
            {"type": "value", "options": {"0": {"text": "down"}, "1": {"text": "up"}}},
        ]});
        assert_eq!(lint(&d), vec![]);
    }

    #[test]
    fn empty_value_mappings_do_not_excuse_a_missing_unit() {
        let mut d = dashboard();
        d["panels"][2]["fieldConfig"]["defaults"] = json!({"mappings": []});
        assert_eq!(rules(&lint(&d)), vec![Rule::PanelUnits]);
    }

    #[test]
    fn an_old_graph_panel_has_its_unit_in_its_y_axis() {
        let mut d = dashboard();
        d["panels"][2]["type"] = json!("graph");
        d["panels"][2]["fieldConfig"]["defaults"] = json!({});
        d["panels"][2]["yaxes"] = json!([{"format": "s"}, {"format": "short"}]);
        assert_eq!(lint(&d), vec![]);
    }

    #[test]
    fn a_text_panel_needs_neither_unit_nor_targets() {
        let d = dashboard();
        assert!(d["panels"][3].get("targets").is_none() && d["panels"][3].get("fieldConfig").is_none());
        assert_eq!(lint(&d), vec![]);
    }

    #[test]
    fn a_panel_without_targets_is_panel_no_targets() {
        let mut d = dashboard();
        d["panels"][1]["targets"] = json!([]);
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelNoTargets]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Requests\" (id 2): the panel has no target [panel-no-targets]"
        );
    }

    #[test]
    fn a_library_panel_has_its_targets_in_the_library() {
        let mut d = dashboard();
        if let Some(panel) = d["panels"][1].as_object_mut() {
            panel.remove("targets");
            panel.insert("libraryPanel".into(), json!({"uid": "lib", "name": "Requests"}));
        }
        assert_eq!(lint(&d), vec![]);
    }

    #[test]
    fn the_children_of_a_collapsed_row_are_linted() {
        let mut d = dashboard();
        d["panels"][4]["panels"][0]["description"] = Value::Null;
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelTitleDescription]);
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
    fn a_panel_without_id_gets_the_next_free_one_and_is_not_reported() {
        let mut d = dashboard();
        if let Some(panel) = d["panels"][2].as_object_mut() {
            panel.remove("id");
        }
        assert_eq!(lint(&d), vec![]);
        d["panels"][2]["title"] = Value::from("");
        assert_eq!(
            lint(&d)[0].to_string(),
            "panel \"\" (id 7): the panel has no title [panel-title-description]"
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
    fn a_target_without_ref_id_gets_the_one_grafana_assigns() {
        let mut d = dashboard();
        if let Some(target) = d["panels"][4]["panels"][0]["targets"][0].as_object_mut() {
            target.remove("refId");
        }
        d["panels"][4]["panels"][0]["targets"][0]["expr"] = Value::from("sum(app_db_connections_idle)");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::UnknownMetric]);
        // B is the other target's: Grafana gives this one the first letter not in use, A.
        assert!(
            findings[0]
                .to_string()
                .starts_with("panel \"DB pool\" (id 6) target A: "),
            "{}",
            findings[0]
        );
    }

    #[test]
    fn a_target_reusing_a_missing_panel_is_target_promql() {
        let mut d = dashboard();
        d["panels"][1]["targets"][0] = json!({
            "refId": "A", "panelId": 42, "datasource": {"type": "datasource", "uid": "-- Dashboard --"},
        });
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::TargetPromql]);
        assert_eq!(
            findings[0].message,
            "the target reuses the queries of panel id 42, which does not exist"
        );
    }

    #[test]
    fn a_target_reusing_an_existing_panel_is_fine() {
        let mut d = dashboard();
        d["panels"][2]["targets"][0] = json!({
            "refId": "A", "panelId": 2, "datasource": {"type": "datasource", "uid": "-- Dashboard --"},
        });
        assert_eq!(lint(&d), vec![]);
    }
}
