//! What Grafana does to a dashboard's JSON when it loads it, as far as a reader of its panels needs: the pre-5.0
//! `rows[]` layout becomes `panels` on the 24-column grid, panels without an id get one, targets without a
//! refId get one. Nothing else changes: the other schema migrations (panel options, data source names, …) do
//! not run, and `schemaVersion` stays as written.
//!
//! Also [`unwrap_resource`]: the dashboard inside the Kubernetes-style wrapper Grafana 12 exports.
//!
//! ```
//! use grafana_dashboards::migrate::upgrade;
//! use serde_json::json;
//!
//! let mut dashboard = json!({"schemaVersion": 14, "rows": [
//!     {"height": 250, "panels": [{"id": 1, "type": "graph", "span": 6, "targets": [{"expr": "up"}]}]},
//! ]});
//! upgrade(&mut dashboard);
//! assert_eq!(dashboard["panels"][0]["gridPos"], json!({"x": 0, "y": 0, "w": 12, "h": 7}));
//! assert_eq!(dashboard["panels"][0]["targets"][0]["refId"], "A");
//! ```

use serde_json::{Map, Value};

/// Columns of Grafana's grid (`GRID_COLUMN_COUNT` in `app/core/constants.ts`).
const GRID_COLUMN_COUNT: i64 = 24;
/// Height of a grid cell, in px (`GRID_CELL_HEIGHT`).
const GRID_CELL_HEIGHT: f64 = 30.0;
/// Vertical margin between cells, in px (`GRID_CELL_VMARGIN`: 8 since Grafana 6.6, grafana/grafana#21167).
const GRID_CELL_VMARGIN: f64 = 8.0;
/// Span of a pre-5.0 panel without one, in 12-column units (`DEFAULT_PANEL_SPAN`).
const DEFAULT_PANEL_SPAN: f64 = 4.0;
/// Height of a pre-5.0 row without one, in px (`DEFAULT_ROW_HEIGHT`).
const DEFAULT_ROW_HEIGHT: f64 = 250.0;
/// The smallest panel height, in px (`MIN_PANEL_HEIGHT`).
const MIN_PANEL_HEIGHT: f64 = GRID_CELL_HEIGHT * 3.0;
/// The schema version that replaced `rows` by the grid (Grafana 5.0).
const GRID_SCHEMA_VERSION: f64 = 16.0;
/// The API group of Grafana 12's dashboard resources (`dashboard.grafana.app/v1beta1`, …).
const RESOURCE_API_GROUP: &str = "dashboard.grafana.app/";

/// Upgrades a dashboard as Grafana does on load, for what a reader of its panels needs:
///
/// - a dashboard of `schemaVersion` below 16 has its `rows` laid out on the grid (`upgradeToGridLayout`);
/// - every panel without an id (absent, null or 0), rows' children included, gets the next id after the
///   largest, in dashboard order (`DashboardModel.ensurePanelsHaveUniqueIds`; duplicates are left alone, for
///   the linter to report);
/// - every target without a refId gets the first of A, B, …, Z, AA, … that its panel does not use yet
///   (`PanelModel.ensureQueryIds`).
///
/// Anything that is not a JSON object is left alone, and so is every other part of the dashboard. Upgrading
/// twice changes nothing more.
pub fn upgrade(dashboard: &mut Value) {
    let Some(object) = dashboard.as_object_mut() else {
        return;
    };
    if schema_version(object) < GRID_SCHEMA_VERSION {
        upgrade_to_grid_layout(object);
    }
    assign_panel_ids(object);
    assign_ref_ids(object);
}

/// The dashboard inside a Grafana 12 resource (`{"apiVersion": "dashboard.grafana.app/…", "kind": "Dashboard",
/// "metadata": {…}, "spec": {…}}`): its `spec`, with `uid` taken from `metadata.name` when the spec has none
/// (Grafana keeps the uid in the resource's name). Any other value is returned unchanged.
pub fn unwrap_resource(value: Value) -> Value {
    let is_resource = value.get("kind").and_then(Value::as_str) == Some("Dashboard")
        && value
            .get("apiVersion")
            .and_then(Value::as_str)
            .is_some_and(|v| v.starts_with(RESOURCE_API_GROUP))
        && value.get("spec").is_some_and(Value::is_object);
    if !is_resource {
        return value;
    }
    let Value::Object(mut resource) = value else {
        return value;
    };
    let name = resource
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut spec = resource.remove("spec").unwrap_or_default();
    if let (Some(spec), Some(name)) = (spec.as_object_mut(), name) {
        if !truthy(spec.get("uid")) {
            spec.insert("uid".into(), Value::from(name));
        }
    }
    spec
}

/// The dashboard's `schemaVersion`; Grafana reads a missing one as 0.
fn schema_version(dashboard: &Map<String, Value>) -> f64 {
    dashboard.get("schemaVersion").and_then(number).unwrap_or(0.0)
}

/// Follows Grafana's `DashboardMigrator.upgradeToGridLayout` (public/app/features/dashboard/state/
/// DashboardMigrator.ts; the same as `upgradeToGridLayout` in apps/dashboard/pkg/migration/schemaversion/v16.go):
///
/// - a row's height (px, default 250) and a panel's own `height` become grid units: `ceil(max(px, 90) / 38)`;
/// - a panel's `span` (12 columns, default 4) becomes `w = floor(span) * 2`, and `minSpan` doubles (at most 24);
/// - panels fill their row from the right-most free columns (`RowArea`), wrapping below when they do not fit;
/// - when any row is collapsed, repeated or shows its title, every row becomes a row panel (id after the largest
///   panel id, `h` the row's height) one unit above its panels; a collapsed row holds its panels in its own
///   `panels` and takes no height; so a single untitled row yields no row panel;
/// - rows flagged `repeatIteration` (repeats Grafana saved) are dropped; `span` is removed; `rows` goes away;
/// - the panels end up sorted by `gridPos` (y, then x), as `DashboardModel.sortPanelsByGridPos` does.
///
/// Where the TypeScript would fail, this goes on: a panel wider than the grid goes to the left edge (for the
/// linter's `grid-overflow` to report), a height that is not a number falls back to the row's (as the Go version
/// does).
fn upgrade_to_grid_layout(dashboard: &mut Map<String, Value>) {
    if !matches!(dashboard.get("rows"), Some(Value::Array(_))) {
        // Absent or not an array: Grafana has nothing to lay out; leave whatever is there.
        return;
    }
    let Some(Value::Array(rows)) = dashboard.remove("rows") else {
        return;
    };
    let max_panel_id = rows
        .iter()
        .flat_map(|row| array(row.get("panels")))
        .filter_map(|panel| panel.get("id").and_then(Value::as_i64))
        .max()
        .unwrap_or(0);
    let mut next_row_id = max_panel_id + 1;
    let show_rows = rows
        .iter()
        .any(|row| truthy(row.get("collapse")) || truthy(row.get("showTitle")) || truthy(row.get("repeat")));

    let mut panels = match dashboard.remove("panels") {
        Some(Value::Array(panels)) => panels,
        _ => Vec::new(),
    };
    let mut y_pos: i64 = 0;
    for row in rows {
        let Value::Object(mut row) = row else {
            continue;
        };
        if truthy(row.get("repeatIteration")) {
            continue;
        }
        let row_px = row
            .get("height")
            .filter(|h| truthy(Some(h)))
            .and_then(pixels)
            .unwrap_or(DEFAULT_ROW_HEIGHT);
        let row_height = grid_height(row_px);
        let collapsed = truthy(row.get("collapse"));
        let mut row_panel = show_rows.then(|| {
            let panel = row_panel(&row, next_row_id, y_pos, row_height);
            next_row_id += 1;
            y_pos += 1;
            panel
        });

        let mut area = RowArea::new(row_height, y_pos);
        let mut children = Vec::new();
        let row_panels = match row.remove("panels") {
            Some(Value::Array(panels)) => panels,
            _ => Vec::new(),
        };
        for panel in row_panels {
            let Value::Object(mut panel) = panel else {
                continue;
            };
            let span = panel
                .get("span")
                .and_then(number)
                .filter(|s| *s != 0.0)
                .unwrap_or(DEFAULT_PANEL_SPAN);
            if let Some(min_span) = panel.get("minSpan").and_then(number).filter(|s| *s != 0.0) {
                let scaled = (GRID_COLUMN_COUNT as f64).min(2.0 * min_span);
                panel.insert("minSpan".into(), json_number(scaled));
            }
            // Truncation is Grafana's: `Math.floor(panel.span) * widthFactor`.
            let width = span.floor() as i64 * (GRID_COLUMN_COUNT / 12);
            let height = panel
                .get("height")
                .filter(|h| truthy(Some(h)))
                .and_then(pixels)
                .map_or(row_height, grid_height);

            let (x, y) = area.place(width);
            y_pos = area.y_pos;
            let grid_pos = GridPos {
                x,
                y: y_pos + y,
                w: width,
                h: height,
            };
            area.add(grid_pos);
            panel.remove("span");
            panel.insert("gridPos".into(), grid_pos.to_json());

            if row_panel.is_some() && collapsed {
                children.push(Value::Object(panel));
            } else {
                panels.push(Value::Object(panel));
            }
        }
        if let Some(mut row_panel) = row_panel.take() {
            // Replacing the value keeps the key where `row_panel` put it.
            row_panel.insert("panels".into(), Value::Array(children));
            panels.push(Value::Object(row_panel));
            if !collapsed {
                y_pos += row_height;
            }
        } else {
            y_pos += row_height;
        }
    }
    // A stable sort, like JavaScript's: a row panel comes before the panels below it.
    panels.sort_by_key(|panel| {
        let field = |name: &str| panel.pointer(&format!("/gridPos/{name}")).and_then(Value::as_i64);
        (field("y").unwrap_or(0), field("x").unwrap_or(0))
    });
    dashboard.insert("panels".into(), Value::Array(panels));
}

/// The row panel a pre-5.0 row becomes, keys in Grafana's order (its `panels` are filled in later).
fn row_panel(row: &Map<String, Value>, id: i64, y: i64, height: i64) -> Map<String, Value> {
    let mut panel = Map::new();
    panel.insert("id".into(), Value::from(id));
    panel.insert("type".into(), Value::from("row"));
    // Grafana copies these even when absent, and JSON drops what is undefined.
    for (from, to) in [("title", "title"), ("collapse", "collapsed"), ("repeat", "repeat")] {
        if let Some(value) = row.get(from) {
            panel.insert(to.into(), value.clone());
        }
    }
    panel.insert("panels".into(), Value::Array(Vec::new()));
    let grid_pos = GridPos {
        x: 0,
        y,
        w: GRID_COLUMN_COUNT,
        h: height,
    };
    panel.insert("gridPos".into(), grid_pos.to_json());
    panel
}

/// A place on the grid, in grid units.
#[derive(Debug, Clone, Copy)]
struct GridPos {
    x: i64,
    y: i64,
    w: i64,
    h: i64,
}

impl GridPos {
    fn to_json(self) -> Value {
        serde_json::json!({"x": self.x, "y": self.y, "w": self.w, "h": self.h})
    }
}

/// Grafana's `RowArea`: how far down each column of a row is filled, relative to the row's top (`y_pos`).
#[derive(Debug)]
struct RowArea {
    area: [i64; GRID_COLUMN_COUNT as usize],
    y_pos: i64,
    height: i64,
}

impl RowArea {
    fn new(height: i64, y_pos: i64) -> Self {
        RowArea {
            area: [0; GRID_COLUMN_COUNT as usize],
            y_pos,
            height,
        }
    }

    /// Records a placed panel.
    fn add(&mut self, pos: GridPos) {
        let bottom = pos.y + pos.h - self.y_pos;
        for column in pos.x.max(0)..(pos.x + pos.w).min(GRID_COLUMN_COUNT) {
            let filled = &mut self.area[column as usize];
            *filled = (*filled).max(bottom);
        }
    }

    /// Where a panel `width` wide goes, relative to the row's top: `getPanelPosition`, which looks for a free run
    /// of columns ending at the right edge and, when there is none wide enough, starts a new line below.
    fn place(&mut self, width: i64) -> (i64, i64) {
        if let Some(place) = self.free_place(width) {
            return place;
        }
        self.y_pos += self.height;
        self.area = [0; GRID_COLUMN_COUNT as usize];
        // Only a panel wider than the grid fits nowhere; Grafana would throw, the left edge is as good as any.
        self.free_place(width).unwrap_or((0, 0))
    }

    fn free_place(&self, width: i64) -> Option<(i64, i64)> {
        let columns = self.area.len();
        let mut start = None;
        let mut end = None;
        for i in (0..columns).rev() {
            if self.height - self.area[i] <= 0 {
                break;
            }
            if end.is_none() {
                end = Some(i);
            } else if i < columns - 1 && self.area[i] <= self.area[i + 1] {
                start = Some(i);
            } else {
                break;
            }
        }
        let (start, end) = (start?, end?);
        ((end - start) as i64 >= width - 1).then(|| {
            let y = self.area[start..].iter().copied().max().unwrap_or(0);
            (start as i64, y)
        })
    }
}

/// Grid units for a height in px: Grafana's `getGridHeight`.
fn grid_height(px: f64) -> i64 {
    // A cell is its height plus the margin below it.
    (px.max(MIN_PANEL_HEIGHT) / (GRID_CELL_HEIGHT + GRID_CELL_VMARGIN)).ceil() as i64
}

/// A height in px as pre-5.0 dashboards write it: a number, or a string such as `"250px"` read like
/// JavaScript's `parseInt`.
fn pixels(value: &Value) -> Option<f64> {
    match value {
        Value::String(s) => {
            let s = s.replace("px", "");
            let s = s.trim_start();
            let sign = usize::from(s.starts_with(['-', '+']));
            let digits = s[sign..].chars().take_while(char::is_ascii_digit).count();
            s[..sign + digits].parse::<i64>().ok().map(|n| n as f64)
        }
        other => other.as_f64(),
    }
}

/// A JSON number, or a string holding one (JavaScript's arithmetic reads `"6"` as 6).
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::String(s) => s.trim().parse().ok(),
        other => other.as_f64(),
    }
    .filter(|n: &f64| n.is_finite())
}

/// An integer when the value is whole, as JavaScript would print it.
fn json_number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Value::from(n as i64)
    } else {
        Value::from(n)
    }
}

/// JavaScript truthiness, which is what Grafana's `if (row.collapse)` and `panel.span || 4` test.
fn truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|n| n != 0.0 && !n.is_nan()),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(_) | Value::Object(_)) => true,
    }
}

/// The elements of an optional JSON array.
fn array(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// `DashboardModel.ensurePanelsHaveUniqueIds`, restricted to missing ids: `!panel.id` panels get
/// `max + 1`, `max + 2`, … in dashboard order.
fn assign_panel_ids(dashboard: &mut Map<String, Value>) {
    let mut max = 0;
    for_each_panel(dashboard, &mut |panel| {
        if let Some(id) = panel.get("id").and_then(Value::as_i64) {
            max = max.max(id);
        }
    });
    let mut next = max + 1;
    for_each_panel(dashboard, &mut |panel| {
        if !truthy(panel.get("id")) {
            panel.insert("id".into(), Value::from(next));
            next += 1;
        }
    });
}

/// `PanelModel.ensureQueryIds`: each target without a refId gets `getNextRefId` of its panel's targets.
fn assign_ref_ids(dashboard: &mut Map<String, Value>) {
    for_each_panel(dashboard, &mut |panel| {
        let Some(Value::Array(targets)) = panel.get_mut("targets") else {
            return;
        };
        for index in 0..targets.len() {
            if targets[index].is_object() && !truthy(targets[index].get("refId")) {
                let ref_id = next_ref_id(targets);
                targets[index]["refId"] = Value::from(ref_id);
            }
        }
    });
}

/// Calls `f` on every panel object in Grafana's `panelIterator` order: each top-level panel, then the children
/// it holds in `panels`.
fn for_each_panel(dashboard: &mut Map<String, Value>, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    let Some(Value::Array(panels)) = dashboard.get_mut("panels") else {
        return;
    };
    for panel in panels {
        let Value::Object(panel) = panel else {
            continue;
        };
        f(panel);
        if let Some(Value::Array(children)) = panel.get_mut("panels") {
            for child in children {
                if let Value::Object(child) = child {
                    f(child);
                }
            }
        }
    }
}

/// The first refId the targets do not use: `getNextRefId` of @grafana/data.
fn next_ref_id(targets: &[Value]) -> String {
    (0..)
        .map(ref_id)
        .find(|candidate| {
            !targets
                .iter()
                .any(|t| t.get("refId").and_then(Value::as_str) == Some(candidate.as_str()))
        })
        .unwrap_or_default()
}

/// The `n`th refId (0-based): A … Z, then AA, AB, …
fn ref_id(n: usize) -> String {
    const LETTERS: &[u8; 26] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let letter = char::from(LETTERS[n % 26]);
    if n < 26 {
        letter.to_string()
    } else {
        format!("{}{letter}", ref_id(n / 26 - 1))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn upgraded(mut dashboard: Value) -> Value {
        upgrade(&mut dashboard);
        dashboard
    }

    /// The gridPos of each top-level panel, in order, as `(id, x, y, w, h)`.
    fn layout(dashboard: &Value) -> Vec<(i64, i64, i64, i64, i64)> {
        array(dashboard.get("panels")).iter().map(placed).collect()
    }

    fn placed(panel: &Value) -> (i64, i64, i64, i64, i64) {
        let get = |name: &str| panel.pointer(name).and_then(Value::as_i64).unwrap_or(-1);
        (
            get("/id"),
            get("/gridPos/x"),
            get("/gridPos/y"),
            get("/gridPos/w"),
            get("/gridPos/h"),
        )
    }

    fn rows_dashboard(rows: Value) -> Value {
        json!({"schemaVersion": 14, "title": "Old", "rows": rows})
    }

    #[test]
    fn a_single_untitled_row_becomes_panels_without_a_row_panel() {
        let d = upgraded(rows_dashboard(json!([
            {"height": "250px", "panels": [{"id": 1, "span": 6}, {"id": 2, "span": 6}]},
        ])));
        assert_eq!(layout(&d), vec![(1, 0, 0, 12, 7), (2, 12, 0, 12, 7)]);
        assert!(d.get("rows").is_none());
    }

    #[test]
    fn a_row_height_in_px_becomes_grid_units_of_38_px_rounded_up() {
        let heights = [(json!(250), 7), (json!("300px"), 8), (json!(380), 10), (json!(50), 3)];
        for (height, units) in heights {
            let d = upgraded(rows_dashboard(
                json!([{"height": height, "panels": [{"id": 1, "span": 12}]}]),
            ));
            assert_eq!(layout(&d), vec![(1, 0, 0, 24, units)], "height {height}");
        }
    }

    #[test]
    fn a_row_without_height_is_250_px_high() {
        let d = upgraded(rows_dashboard(json!([{"panels": [{"id": 1, "span": 12}]}])));
        assert_eq!(layout(&d), vec![(1, 0, 0, 24, 7)]);
    }

    #[test]
    fn a_panel_span_of_12_columns_becomes_twice_as_many_of_24_and_defaults_to_4() {
        let d = upgraded(rows_dashboard(json!([
            {"height": 250, "panels": [{"id": 1, "span": 3}, {"id": 2}, {"id": 3, "span": 4.9}]},
        ])));
        assert_eq!(layout(&d), vec![(1, 0, 0, 6, 7), (2, 6, 0, 8, 7), (3, 14, 0, 8, 7)]);
        assert!(d["panels"][0].get("span").is_none());
    }

    #[test]
    fn a_panel_that_does_not_fit_wraps_below_within_its_row() {
        let d = upgraded(rows_dashboard(json!([
            {"height": 250, "panels": [{"id": 1, "span": 8}, {"id": 2, "span": 6}]},
            {"height": 250, "panels": [{"id": 3, "span": 12}]},
        ])));
        assert_eq!(layout(&d), vec![(1, 0, 0, 16, 7), (2, 0, 7, 12, 7), (3, 0, 14, 24, 7)]);
    }

    #[test]
    fn a_panel_height_overrides_its_rows() {
        let d = upgraded(rows_dashboard(json!([
            {"height": 250, "panels": [{"id": 1, "span": 6, "height": "400px"}, {"id": 2, "span": 6}]},
        ])));
        assert_eq!(layout(&d), vec![(1, 0, 0, 12, 11), (2, 12, 0, 12, 7)]);
    }

    #[test]
    fn min_span_is_doubled_up_to_the_grid_width() {
        let d = upgraded(rows_dashboard(json!([
            {"panels": [{"id": 1, "span": 6, "minSpan": 4}, {"id": 2, "span": 6, "minSpan": 20}]},
        ])));
        assert_eq!(d["panels"][0]["minSpan"], json!(8));
        assert_eq!(d["panels"][1]["minSpan"], json!(24));
    }

    #[test]
    fn a_row_showing_its_title_becomes_a_row_panel_above_its_panels() {
        let d = upgraded(rows_dashboard(json!([
            {"title": "CPU", "showTitle": true, "height": 250, "panels": [{"id": 4, "span": 12}]},
            {"title": "Memory", "height": 250, "panels": [{"id": 7, "span": 12}]},
        ])));
        assert_eq!(
            layout(&d),
            vec![(8, 0, 0, 24, 7), (4, 0, 1, 24, 7), (9, 0, 8, 24, 7), (7, 0, 9, 24, 7)]
        );
        assert_eq!(d["panels"][0]["type"], "row");
        assert_eq!(d["panels"][0]["title"], "CPU");
        assert_eq!(d["panels"][0]["panels"], json!([]));
        assert_eq!(d["panels"][2]["title"], "Memory");
    }

    #[test]
    fn a_collapsed_row_holds_its_panels_and_takes_one_unit() {
        let d = upgraded(rows_dashboard(json!([
            {"title": "Details", "collapse": true, "height": 250, "panels": [{"id": 1, "span": 12}]},
            {"title": "Summary", "height": 250, "panels": [{"id": 2, "span": 12}]},
        ])));
        assert_eq!(layout(&d), vec![(3, 0, 0, 24, 7), (4, 0, 1, 24, 7), (2, 0, 2, 24, 7)]);
        assert_eq!(d["panels"][0]["collapsed"], json!(true));
        assert_eq!(placed(&d["panels"][0]["panels"][0]), (1, 0, 1, 24, 7));
    }

    #[test]
    fn a_repeated_row_keeps_its_repeat_and_saved_repetitions_are_dropped() {
        let d = upgraded(rows_dashboard(json!([
            {"title": "$host", "repeat": "host", "panels": [{"id": 1, "span": 12}]},
            {"title": "$host", "repeatIteration": 1_500_000_000, "panels": [{"id": 2, "span": 12}]},
        ])));
        assert_eq!(layout(&d), vec![(3, 0, 0, 24, 7), (1, 0, 1, 24, 7)]);
        assert_eq!(d["panels"][0]["repeat"], "host");
    }

    #[test]
    fn row_panels_of_rows_without_panel_ids_start_at_1() {
        let d = upgraded(rows_dashboard(json!([
            {"title": "A", "showTitle": true, "panels": [{"span": 12}]},
        ])));
        assert_eq!(layout(&d), vec![(1, 0, 0, 24, 7), (2, 0, 1, 24, 7)]);
    }

    #[test]
    fn a_grid_dashboard_keeps_its_rows_key_and_layout() {
        let d = json!({"schemaVersion": 41, "rows": [], "panels": [
            {"id": 1, "type": "stat", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4}},
        ]});
        assert_eq!(upgraded(d.clone()), d);
    }

    #[test]
    fn a_dashboard_without_schema_version_is_read_as_version_0() {
        let d = upgraded(json!({"rows": [{"panels": [{"id": 1, "span": 12}]}]}));
        assert_eq!(layout(&d), vec![(1, 0, 0, 24, 7)]);
    }

    #[test]
    fn panels_without_id_get_the_next_ids_after_the_largest_in_dashboard_order() {
        let d = upgraded(json!({"schemaVersion": 39, "panels": [
            {"type": "timeseries"},
            {"id": 7, "type": "row", "panels": [{"type": "stat", "id": 0}]},
            {"id": null, "type": "stat"},
        ]}));
        assert_eq!(d["panels"][0]["id"], json!(8));
        assert_eq!(d["panels"][1]["panels"][0]["id"], json!(9));
        assert_eq!(d["panels"][2]["id"], json!(10));
    }

    #[test]
    fn duplicate_panel_ids_are_left_for_the_linter() {
        let d = json!({"schemaVersion": 39, "panels": [{"id": 3}, {"id": 3}]});
        assert_eq!(upgraded(d.clone()), d);
    }

    #[test]
    fn a_target_without_ref_id_gets_the_first_letter_its_panel_does_not_use() {
        let d = upgraded(json!({"schemaVersion": 39, "panels": [{"id": 1, "targets": [
            {"expr": "a"}, {"expr": "b", "refId": "A"}, {"expr": "c", "refId": ""}, {"expr": "d", "refId": "C"},
        ]}]}));
        let ref_ids: Vec<&Value> = array(d["panels"][0].get("targets"))
            .iter()
            .map(|t| &t["refId"])
            .collect();
        assert_eq!(ref_ids, vec!["B", "A", "D", "C"]);
    }

    #[test]
    fn ref_ids_after_z_are_two_letters() {
        assert_eq!(ref_id(25), "Z");
        assert_eq!(ref_id(26), "AA");
        assert_eq!(ref_id(27), "AB");
        assert_eq!(ref_id(26 * 27), "AAA");
    }

    #[test]
    fn the_targets_of_a_collapsed_rows_children_get_ref_ids() {
        let d = upgraded(json!({"schemaVersion": 39, "panels": [
            {"id": 1, "type": "row", "collapsed": true, "panels": [{"id": 2, "targets": [{"expr": "up"}]}]},
        ]}));
        assert_eq!(d["panels"][0]["panels"][0]["targets"][0]["refId"], "A");
    }

    #[test]
    fn upgrading_twice_changes_nothing_more() {
        let once = upgraded(rows_dashboard(json!([
            {"title": "A", "collapse": true, "panels": [{"span": 6, "targets": [{"expr": "up"}]}]},
            {"title": "B", "showTitle": true, "panels": [{"span": 8}, {"id": 12, "span": 8}]},
        ])));
        assert_eq!(upgraded(once.clone()), once);
    }

    #[test]
    fn a_resource_wrapper_unwraps_to_its_spec_with_the_uid_from_its_name() {
        let wrapped = json!({
            "apiVersion": "dashboard.grafana.app/v1beta1",
            "kind": "Dashboard",
            "metadata": {"name": "node-overview", "namespace": "default"},
            "spec": {"title": "Node", "panels": []},
        });
        assert_eq!(
            unwrap_resource(wrapped),
            json!({"title": "Node", "panels": [], "uid": "node-overview"})
        );
    }

    #[test]
    fn a_resource_spec_keeps_its_own_uid() {
        let wrapped = json!({
            "apiVersion": "dashboard.grafana.app/v0alpha1",
            "kind": "Dashboard",
            "metadata": {"name": "generated-name"},
            "spec": {"uid": "node", "title": "Node"},
        });
        assert_eq!(unwrap_resource(wrapped)["uid"], "node");
    }

    #[test]
    fn a_plain_dashboard_or_another_kind_is_not_unwrapped() {
        let plain = json!({"uid": "node", "title": "Node", "spec": {"not": "a wrapper"}});
        assert_eq!(unwrap_resource(plain.clone()), plain);
        let folder = json!({"apiVersion": "folder.grafana.app/v1", "kind": "Folder", "spec": {"title": "F"}});
        assert_eq!(unwrap_resource(folder.clone()), folder);
    }
}
