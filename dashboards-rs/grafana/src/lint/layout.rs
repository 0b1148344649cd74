//! Grid rules: every gridPos fits Grafana's 24-column grid, and no two top-level panels overlap.

use serde_json::Value;

use super::{Finding, Issue, Panel, Rule};

/// Grafana's grid width, in columns.
const COLUMNS: i64 = 24;

/// A panel's place on the grid: `[x, x + w) × [y, y + h)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct GridPos {
    x: i64,
    y: i64,
    w: i64,
    h: i64,
}

impl GridPos {
    fn of(panel: &Panel) -> Option<GridPos> {
        let pos = panel.json.get("gridPos")?;
        let field = |name: &str| pos.get(name).and_then(Value::as_i64);
        Some(GridPos {
            x: field("x")?,
            y: field("y")?,
            w: field("w")?,
            h: field("h")?,
        })
    }

    /// Where the panel is drawn: Grafana draws a row one unit high whatever its `h` says (the pre-5.0 migration
    /// writes the old row's height there).
    fn drawn(panel: &Panel) -> Option<GridPos> {
        let pos = GridPos::of(panel)?;
        Some(if panel.is_row() { GridPos { h: 1, ..pos } } else { pos })
    }

    fn overlaps(&self, other: &GridPos) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }
}

/// The panel's gridPos: present, with integer x, y, w, h, and within the grid.
pub(super) fn lint_grid_pos(panel: &Panel) -> Option<Issue> {
    let Some(pos) = GridPos::of(panel) else {
        let written = panel.json.get("gridPos").filter(|p| p.is_object());
        let message = match written {
            None => "the panel has no gridPos".to_owned(),
            Some(pos) => format!("the panel's gridPos {pos} is not four integers x, y, w, h"),
        };
        return Some(Issue::new(Rule::GridOverflow, message));
    };
    let mut problems = Vec::new();
    if pos.x < 0 || pos.y < 0 {
        problems.push("x and y must not be negative".to_owned());
    }
    if pos.w < 1 || pos.h < 1 {
        problems.push("w and h must be at least 1".to_owned());
    }
    if pos.x + pos.w > COLUMNS {
        problems.push(format!("x + w = {} exceeds the {COLUMNS} columns", pos.x + pos.w));
    }
    (!problems.is_empty()).then(|| {
        let GridPos { x, y, w, h } = pos;
        Issue::new(
            Rule::GridOverflow,
            format!("gridPos (x {x}, y {y}, w {w}, h {h}): {}", problems.join(", ")),
        )
    })
}

/// Overlaps between top-level panels (rows included, the children a collapsed row holds excluded), each pair
/// reported once, on the later panel.
pub(super) fn lint_overlaps(panels: &[Panel]) -> Vec<Finding> {
    let placed: Vec<(&Panel, GridPos)> = panels
        .iter()
        .filter(|p| p.top_level)
        .filter_map(|p| GridPos::drawn(p).map(|pos| (p, pos)))
        .filter(|(_, pos)| pos.w > 0 && pos.h > 0)
        .collect();
    let mut findings = Vec::new();
    for (index, (panel, pos)) in placed.iter().enumerate() {
        for (earlier, earlier_pos) in &placed[..index] {
            if pos.overlaps(earlier_pos) {
                let message = format!("the panel overlaps {}", earlier.location());
                findings.push(Issue::new(Rule::PanelOverlap, message).at(panel.location()));
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{dashboard, lint, rules};
    use super::*;

    #[test]
    fn a_panel_past_the_right_edge_is_grid_overflow() {
        let mut d = dashboard();
        d["panels"][3]["gridPos"] = json!({"x": 4, "y": 9, "w": 24, "h": 3});
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::GridOverflow]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"About\" (id 4): gridPos (x 4, y 9, w 24, h 3): x + w = 28 exceeds the 24 columns [grid-overflow]"
        );
    }

    #[test]
    fn a_panel_of_zero_height_is_grid_overflow() {
        let mut d = dashboard();
        d["panels"][3]["gridPos"]["h"] = json!(0);
        assert_eq!(rules(&lint(&d)), vec![Rule::GridOverflow]);
    }

    #[test]
    fn a_negative_position_is_grid_overflow() {
        let mut d = dashboard();
        d["panels"][4]["panels"][0]["gridPos"]["x"] = json!(-1);
        assert_eq!(rules(&lint(&d)), vec![Rule::GridOverflow]);
    }

    #[test]
    fn a_panel_without_grid_pos_is_grid_overflow() {
        let mut d = dashboard();
        if let Some(panel) = d["panels"][3].as_object_mut() {
            panel.remove("gridPos");
        }
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::GridOverflow]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"About\" (id 4): the panel has no gridPos [grid-overflow]"
        );
    }

    #[test]
    fn a_fractional_position_is_grid_overflow() {
        let mut d = dashboard();
        d["panels"][3]["gridPos"]["y"] = json!(9.5);
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::GridOverflow]);
        assert_eq!(
            findings[0].message,
            "the panel's gridPos {\"x\":0,\"y\":9.5,\"w\":24,\"h\":3} is not four integers x, y, w, h"
        );
    }

    #[test]
    fn a_row_is_one_unit_high_whatever_its_h() {
        let mut d = dashboard();
        d["panels"][0]["gridPos"]["h"] = json!(7);
        assert_eq!(lint(&d), vec![]);
    }

    #[test]
    fn overlapping_panels_are_reported_once_on_the_later_one() {
        let mut d = dashboard();
        d["panels"][2]["gridPos"]["x"] = json!(8);
        d["panels"][2]["gridPos"]["w"] = json!(16);
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelOverlap]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Latency p99\" (id 3): the panel overlaps panel \"Requests\" (id 2) [panel-overlap]"
        );
    }

    #[test]
    fn touching_panels_do_not_overlap() {
        let mut d = dashboard();
        d["panels"][3]["gridPos"]["y"] = json!(12);
        d["panels"][4]["gridPos"]["y"] = json!(15);
        assert_eq!(lint(&d), vec![]);
    }

    #[test]
    fn a_panel_over_a_row_overlaps_it() {
        let mut d = dashboard();
        d["panels"][3]["gridPos"]["y"] = json!(10);
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelOverlap]);
        assert!(
            findings[0].message.ends_with("overlaps panel \"About\" (id 4)"),
            "{}",
            findings[0]
        );
    }

    #[test]
    fn the_children_of_a_collapsed_row_do_not_overlap_top_level_panels() {
        let mut d = dashboard();
        d["panels"][4]["panels"][0]["gridPos"] = json!({"x": 0, "y": 1, "w": 12, "h": 8});
        assert_eq!(lint(&d), vec![]);
    }
}
