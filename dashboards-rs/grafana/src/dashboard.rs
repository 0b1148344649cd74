//! The dashboard: metadata, variables, annotations, links, rows and panels, read and written as Grafana stores
//! them.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::datasource::DataSourceRef;
use crate::layout::GridPos;
use crate::panel::Panel;
use crate::variable::Variable;
use crate::Extra;

/// The dashboard schema version this crate writes: Grafana 10.4's.
pub const SCHEMA_VERSION: u32 = 39;

/// The kind of a dashboard link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// A link to an address.
    #[default]
    Link,
    /// Links to the dashboards with some tags.
    Dashboards,
    /// Any other kind, kept as read.
    #[serde(untagged)]
    Other(String),
}

/// A link in the dashboard's header.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct DashboardLink {
    /// Shown as a dropdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_dropdown: Option<bool>,
    /// Icon name (`external link`, `doc`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Pass the dashboard's variables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_vars: Option<bool>,
    /// Pass the dashboard's time range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_time: Option<bool>,
    /// Dashboard tags, for `dashboards` links.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Open in a new tab.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_blank: Option<bool>,
    /// Text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Tooltip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<String>,
    /// A link or a dashboards list.
    #[serde(rename = "type")]
    pub kind: LinkKind,
    /// Address, for `link` links.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl DashboardLink {
    /// A plain link opening in a new tab.
    pub fn url(title: &str, tooltip: &str, url: &str) -> Self {
        DashboardLink {
            as_dropdown: Some(false),
            icon: Some("doc".into()),
            include_vars: Some(false),
            keep_time: Some(false),
            tags: Some(Vec::new()),
            target_blank: Some(true),
            title: Some(title.into()),
            tooltip: Some(tooltip.into()),
            kind: LinkKind::Link,
            url: Some(url.into()),
            extra: Extra::new(),
        }
    }
}

/// An annotation query, drawn over every time series panel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct Annotation {
    /// 1 for Grafana's built-in "Annotations & Alerts".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub built_in: Option<u8>,
    /// Where it comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasource: Option<DataSourceRef>,
    /// Whether it is on.
    pub enable: bool,
    /// PromQL whose series mark the graphs (Prometheus annotations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expr: Option<String>,
    /// Hidden from the dashboard's toggles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide: Option<bool>,
    /// Marker colour.
    pub icon_color: String,
    /// Name in the dashboard's toggles.
    pub name: String,
    /// Title of each marker, a template over labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_format: Option<String>,
    /// `dashboard` for the built-in one.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Keys this crate does not model (`target`, `step`, …), kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Annotation {
    /// Grafana's built-in "Annotations & Alerts".
    pub fn builtin() -> Self {
        Annotation {
            built_in: Some(1),
            datasource: Some(DataSourceRef::grafana()),
            enable: true,
            hide: Some(true),
            icon_color: "rgba(0, 211, 255, 1)".into(),
            name: "Annotations & Alerts".into(),
            kind: Some("dashboard".into()),
            ..Annotation::default()
        }
    }

    /// Markers where the PromQL `expr` has series.
    pub fn prometheus(name: &str, datasource: DataSourceRef, expr: &str, color: &str) -> Self {
        Annotation {
            datasource: Some(datasource),
            enable: true,
            expr: Some(expr.into()),
            hide: Some(false),
            icon_color: color.into(),
            name: name.into(),
            ..Annotation::default()
        }
    }
}

/// A row: a header line that groups the panels under it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// Its id.
    pub id: Option<u32>,
    /// Its title.
    pub title: String,
    /// Its place (full width, height 1).
    pub grid_pos: Option<GridPos>,
    /// Folded: its panels are stored inside it and shown when it opens.
    pub collapsed: bool,
    /// The panels under it.
    pub panels: Vec<Panel>,
    /// The variable it repeats by.
    pub repeat: Option<String>,
    /// Keys this crate does not model, kept as read.
    pub extra: Extra,
}

/// A row header as stored: a collapsed row holds its panels, an open row is followed by them.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RowWire {
    #[serde(default)]
    collapsed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    grid_pos: Option<GridPos>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<u32>,
    #[serde(default)]
    panels: Vec<Panel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    repeat: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(flatten)]
    extra: Extra,
}

/// A top-level item of the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A panel outside any row.
    Panel(Box<Panel>),
    /// A row and the panels under it.
    Row(Row),
}

/// The time range the dashboard opens on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct TimeRange {
    /// Start (`now-6h`).
    pub from: String,
    /// End (`now`).
    pub to: String,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for TimeRange {
    fn default() -> Self {
        TimeRange {
            from: "now-6h".into(),
            to: "now".into(),
            extra: Extra::new(),
        }
    }
}

int_enum! {
    /// What hovering a graph shows on the others.
    CursorSync {
        /// Nothing.
        Off = 0,
        /// The crosshair.
        Crosshair = 1,
        /// The crosshair and the tooltip.
        Tooltip = 2,
    }
}

/// The dashboard's auto-refresh: an interval (`30s`), or off (`""`, or `false` as older Grafanas stored it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(untagged)]
pub enum AutoRefresh {
    /// Every interval; empty is off.
    Every(String),
    /// `false`: off.
    Off(bool),
}

/// `{"list": […]}`, the wrapper of annotations and variables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default, bound(deserialize = "T: Deserialize<'de>"))]
pub struct List<T> {
    /// The entries.
    pub list: Vec<T>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List {
            list: Vec::new(),
            extra: Extra::new(),
        }
    }
}

/// A dashboard, as Grafana stores it. Build one with [`crate::DashboardBuilder`], or read one with
/// [`Dashboard::from_json`].
#[derive(Debug, Clone, PartialEq, ToRust)]
pub struct Dashboard {
    /// Annotation queries.
    pub annotations: List<Annotation>,
    /// What the dashboard is for.
    pub description: Option<String>,
    /// Whether users may edit it.
    pub editable: Option<bool>,
    /// First month of the fiscal year (0 = January).
    pub fiscal_year_start_month: Option<u8>,
    /// What hovering a graph shows on the others.
    pub graph_tooltip: Option<CursorSync>,
    /// The database id (set by Grafana).
    pub id: Option<u64>,
    /// Header links.
    pub links: Option<Vec<DashboardLink>>,
    /// Rows and panels, top to bottom.
    #[to_rust(skip)]
    pub items: Vec<Item>,
    /// Auto-refresh.
    pub refresh: Option<AutoRefresh>,
    /// The schema version of the JSON.
    pub schema_version: u32,
    /// Search tags.
    pub tags: Vec<String>,
    /// Variables.
    pub templating: List<Variable>,
    /// The range it opens on.
    pub time: Option<TimeRange>,
    /// Time picker settings.
    pub timepicker: Option<Extra>,
    /// `browser`, `utc` or a zone name.
    pub timezone: Option<String>,
    /// The title.
    pub title: String,
    /// The uid (its address).
    pub uid: Option<String>,
    /// The version Grafana saved.
    pub version: Option<u64>,
    /// First day of the week (`""` for the browser's).
    pub week_start: Option<String>,
    /// Keys this crate does not model (`__inputs`, `__requires`, `gnetId`, …), kept as read.
    pub extra: Extra,
}

impl Default for Dashboard {
    /// An empty dashboard as Grafana 10.4 saves a new one.
    fn default() -> Self {
        Dashboard {
            annotations: List {
                list: vec![Annotation::builtin()],
                extra: Extra::new(),
            },
            description: None,
            editable: Some(true),
            fiscal_year_start_month: Some(0),
            graph_tooltip: Some(CursorSync::Off),
            id: None,
            links: Some(Vec::new()),
            items: Vec::new(),
            refresh: None,
            schema_version: SCHEMA_VERSION,
            tags: Vec::new(),
            templating: List::default(),
            time: Some(TimeRange::default()),
            timepicker: Some(Extra::new()),
            timezone: Some("browser".into()),
            title: String::new(),
            uid: None,
            version: None,
            week_start: Some(String::new()),
            extra: Extra::new(),
        }
    }
}

/// The dashboard as stored, but for `panels`, which are the dashboard's [`Item`]s flattened.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DashboardWire {
    #[serde(default)]
    annotations: List<Annotation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    editable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fiscal_year_start_month: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    graph_tooltip: Option<CursorSync>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    links: Option<Vec<DashboardLink>>,
    #[serde(default)]
    panels: Vec<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh: Option<AutoRefresh>,
    #[serde(default)]
    schema_version: u32,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    templating: List<Variable>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    time: Option<TimeRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timepicker: Option<Extra>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timezone: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    uid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    version: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    week_start: Option<String>,
    #[serde(flatten)]
    extra: Extra,
}

/// What can go wrong reading a dashboard.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The text is not JSON.
    #[error("not JSON: {}", crate::excerpt::clip(&.0.to_string()))]
    Json(serde_json::Error),
    /// The JSON is not a dashboard object.
    #[error("not a Grafana dashboard: {0}")]
    NotADashboard(String),
    /// Writing it back would lose something it was read with (a defect of this crate: please report it).
    #[error("writing it back would lose {}: nothing was written", .0.join(", "))]
    Lost(Vec<String>),
    /// A part of it does not have the shape Grafana gives it.
    #[error("{at}: {}", crate::excerpt::clip(message))]
    Shape {
        /// Where (`panels[3]`, `templating`, …).
        at: String,
        /// What is wrong.
        message: String,
    },
}

impl Dashboard {
    /// The uid, or `""`.
    pub fn uid(&self) -> &str {
        self.uid.as_deref().unwrap_or("")
    }

    /// The title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Top-level items (rows and panels outside rows).
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Every panel, rows' panels included, in order.
    pub fn panels(&self) -> impl Iterator<Item = &Panel> {
        self.items.iter().flat_map(|item| match item {
            Item::Panel(p) => std::slice::from_ref(p.as_ref()).iter(),
            Item::Row(r) => r.panels.iter(),
        })
    }

    /// The variables.
    pub fn variables(&self) -> &[Variable] {
        &self.templating.list
    }

    /// Reads dashboard JSON text: see [`Dashboard::from_json`].
    pub fn parse(text: &str) -> Result<Dashboard, ReadError> {
        Dashboard::from_json(serde_json::from_str(text).map_err(ReadError::Json)?)
    }

    /// Reads a dashboard of any schema version from 12 on, plain, as exported (`__inputs`, `${DS_…}`) or wrapped
    /// as a Grafana 12 resource (`kind: Dashboard`, `spec`). The pre-5.0 `rows` layout is migrated to panels
    /// as Grafana does on load. Keys the model does not type are kept.
    pub fn from_json(value: Value) -> Result<Dashboard, ReadError> {
        Dashboard::from_loaded(Dashboard::load(value)?)
    }

    /// The JSON as Grafana holds it once loaded: unwrapped from a resource, checked to be a dashboard, and
    /// migrated (`migrate::upgrade`). What the typed model reads, and what a rewrite must contain.
    fn load(value: Value) -> Result<Value, ReadError> {
        let mut value = crate::migrate::unwrap_resource(value);
        if !value.is_object() {
            return Err(ReadError::NotADashboard(format!(
                "expected a JSON object, found {}",
                kind_of(&value)
            )));
        }
        if value.get("elements").is_some() && value.get("layout").is_some() {
            return Err(ReadError::NotADashboard(
                "it is a Grafana 12 v2 dashboard (elements and layout); this crate reads the v1 JSON model: export \
                 it from Grafana as v1 (classic JSON model)"
                    .into(),
            ));
        }
        if ["panels", "rows", "schemaVersion"]
            .iter()
            .all(|key| value.get(key).is_none())
        {
            return Err(ReadError::NotADashboard(
                "it has no panels, rows nor schemaVersion; a dashboard JSON model, an export or a Grafana 12 \
                 resource is expected"
                    .into(),
            ));
        }
        crate::migrate::upgrade(&mut value);
        Ok(value)
    }

    /// The typed model of a loaded dashboard (see [`Dashboard::load`]).
    fn from_loaded(value: Value) -> Result<Dashboard, ReadError> {
        let Value::Object(mut map) = value else {
            return Err(ReadError::NotADashboard("expected a JSON object".into()));
        };
        let panels = match map.remove("panels") {
            Some(Value::Array(panels)) => panels,
            None | Some(Value::Null) => Vec::new(),
            Some(other) => return Err(shape("panels", format!("expected a list, found {}", kind_of(&other)))),
        };
        let (mut wire, refused) =
            crate::lenient::read::<DashboardWire>(map).map_err(|e| shape("dashboard", e.to_string()))?;
        wire.extra.extend(refused);
        let mut items = Vec::new();
        for (index, json) in panels.into_iter().enumerate() {
            let at = |e: serde_json::Error| shape(&format!("panels[{index}]"), e.to_string());
            let is_row = json.get("type").and_then(Value::as_str) == Some("row");
            if let (true, Value::Object(map)) = (is_row, &json) {
                let (mut row, refused) = crate::lenient::read::<RowWire>(map.clone()).map_err(at)?;
                row.extra.extend(refused);
                items.push(Item::Row(Row {
                    id: row.id,
                    title: row.title,
                    grid_pos: row.grid_pos,
                    collapsed: row.collapsed,
                    panels: row.panels,
                    repeat: row.repeat,
                    extra: row.extra,
                }));
            } else {
                let panel = Panel::deserialize(json).map_err(at)?;
                match items.last_mut() {
                    Some(Item::Row(row)) if !row.collapsed => row.panels.push(panel),
                    _ => items.push(Item::Panel(Box::new(panel))),
                }
            }
        }
        // Grafana names the queries of a panel it loads, and gives a panel without a place its default one
        // (PanelModel's defaults: 6 × 3 at the top left); so does the reader, so neither is ever missing.
        const LOADED_PLACE: GridPos = GridPos::new(0, 0, 6, 3);
        for item in &mut items {
            let panels = match item {
                Item::Panel(panel) => std::slice::from_mut(panel.as_mut()),
                Item::Row(row) => {
                    row.grid_pos.get_or_insert(LOADED_PLACE);
                    row.panels.as_mut_slice()
                }
            };
            for panel in panels {
                crate::target::assign_ref_ids(panel.targets.as_deref_mut().unwrap_or_default());
                panel.grid_pos.get_or_insert(LOADED_PLACE);
            }
        }
        Ok(Dashboard {
            annotations: wire.annotations,
            description: wire.description,
            editable: wire.editable,
            fiscal_year_start_month: wire.fiscal_year_start_month,
            graph_tooltip: wire.graph_tooltip,
            id: wire.id,
            links: wire.links,
            items,
            refresh: wire.refresh,
            schema_version: wire.schema_version,
            tags: wire.tags,
            templating: wire.templating,
            time: wire.time,
            timepicker: wire.timepicker,
            timezone: wire.timezone,
            title: wire.title,
            uid: wire.uid,
            version: wire.version,
            week_start: wire.week_start,
            extra: wire.extra,
        })
    }

    /// The normalised form of dashboard text (what `dash fmt` writes): read, written back with keys sorted,
    /// and checked to contain everything the text had, so that formatting can never lose a field.
    pub fn normalise(text: &str) -> Result<String, ReadError> {
        let input: Value = serde_json::from_str(text).map_err(ReadError::Json)?;
        // Loaded once: the model reads a copy, the check compares the output with the original.
        let loaded = Dashboard::load(input)?;
        let output = Dashboard::from_loaded(loaded.clone())?.to_json();
        let lost = crate::lossless::lost(&loaded, &output);
        if lost.is_empty() {
            Ok(format!("{output:#}\n"))
        } else {
            Err(ReadError::Lost(lost))
        }
    }

    /// The dashboard as Grafana saves it: keys sorted at every level (Grafana's `sortedDeepCloneWithoutNulls`),
    /// so the same dashboard always gives the same bytes.
    ///
    /// It cannot fail: the model holds only strings, numbers, booleans, lists and string-keyed maps (a
    /// non-finite number is written as `null`).
    pub fn to_json(&self) -> Value {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        sort_keys(&mut value);
        value
    }

    /// The JSON text Grafana provisions: 2-space indent, keys sorted, trailing newline.
    pub fn to_pretty_json(&self) -> String {
        format!("{:#}\n", self.to_json())
    }
}

impl Serialize for Dashboard {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut panels = Vec::new();
        for item in &self.items {
            let entry = |p: &Panel| serde_json::to_value(p).map_err(serde::ser::Error::custom);
            match item {
                Item::Panel(p) => panels.push(entry(p.as_ref())?),
                Item::Row(row) => {
                    let (held, following) = if row.collapsed {
                        (&row.panels[..], &[][..])
                    } else {
                        (&[][..], &row.panels[..])
                    };
                    let wire = RowWire {
                        collapsed: row.collapsed,
                        grid_pos: row.grid_pos,
                        id: row.id,
                        panels: held.to_vec(),
                        repeat: row.repeat.clone(),
                        title: row.title.clone(),
                        kind: "row".into(),
                        extra: row.extra.clone(),
                    };
                    panels.push(serde_json::to_value(wire).map_err(serde::ser::Error::custom)?);
                    for p in following {
                        panels.push(entry(p)?);
                    }
                }
            }
        }
        DashboardWire {
            annotations: self.annotations.clone(),
            description: self.description.clone(),
            editable: self.editable,
            fiscal_year_start_month: self.fiscal_year_start_month,
            graph_tooltip: self.graph_tooltip,
            id: self.id,
            links: self.links.clone(),
            panels,
            refresh: self.refresh.clone(),
            schema_version: self.schema_version,
            tags: self.tags.clone(),
            templating: self.templating.clone(),
            time: self.time.clone(),
            timepicker: self.timepicker.clone(),
            timezone: self.timezone.clone(),
            title: self.title.clone(),
            uid: self.uid.clone(),
            version: self.version,
            week_start: self.week_start.clone(),
            extra: self.extra.clone(),
        }
        .serialize(serializer)
    }
}

/// Sorts the keys of every object, recursively.
pub(crate) fn sort_keys(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.sort_keys();
            map.values_mut().for_each(sort_keys);
        }
        Value::Array(items) => items.iter_mut().for_each(sort_keys),
        _ => {}
    }
}

fn shape(at: &str, message: String) -> ReadError {
    ReadError::Shape { at: at.into(), message }
}

/// A JSON value's kind, for messages.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use crate::{DashboardBuilder, Panel};

    #[test]
    fn a_non_finite_number_is_written_as_null_not_refused() {
        let dashboard = DashboardBuilder::new("u", "T")
            .panel(Panel::timeseries("t").max(f64::NAN))
            .build()
            .expect("builds");
        let json = dashboard.to_json();
        assert_eq!(
            json["panels"][0]["fieldConfig"]["defaults"]["max"],
            serde_json::Value::Null
        );
        assert!(dashboard.to_pretty_json().contains("\"max\": null"));
    }

    #[test]
    fn a_text_panel_has_options_but_no_field_config_nor_targets() {
        let dashboard = DashboardBuilder::new("u", "T")
            .panel(Panel::text("Read me", "# hi"))
            .build()
            .expect("builds");
        let panel = &dashboard.to_json()["panels"][0];
        assert_eq!(panel["options"]["content"], "# hi");
        assert!(panel.get("fieldConfig").is_none() && panel.get("targets").is_none());
    }

    #[test]
    fn a_grafana_12_resource_reads_as_its_spec() {
        let text = r#"{"apiVersion": "dashboard.grafana.app/v1beta1", "kind": "Dashboard",
            "metadata": {"name": "api"}, "spec": {"title": "API", "schemaVersion": 41, "panels": []}}"#;
        let dashboard = crate::Dashboard::parse(text).expect("reads");
        assert_eq!((dashboard.uid(), dashboard.title()), ("api", "API"));
    }

    #[test]
    fn an_exported_dashboard_keeps_its_inputs_and_data_source_names() {
        let text = r#"{"__inputs": [{"name": "DS_PROM", "type": "datasource", "pluginId": "prometheus"}],
            "title": "T", "schemaVersion": 39, "panels": [{"type": "stat", "title": "Up", "id": 1,
            "gridPos": {"h": 4, "w": 6, "x": 0, "y": 0}, "datasource": "${DS_PROM}",
            "targets": [{"expr": "up", "refId": "A", "datasource": "${DS_PROM}"}]}]}"#;
        let json = crate::Dashboard::parse(text).expect("reads").to_json();
        assert_eq!(json["__inputs"][0]["name"], "DS_PROM");
        assert_eq!(json["panels"][0]["datasource"], "${DS_PROM}");
        assert_eq!(json["panels"][0]["targets"][0]["datasource"], "${DS_PROM}");
    }

    #[test]
    fn a_json_object_that_is_not_a_dashboard_is_refused_by_name() {
        let err = crate::Dashboard::parse(r#"{"name": "my-package", "version": "1.0.0"}"#).expect_err("refused");
        assert!(err.to_string().contains("no panels, rows nor schemaVersion"), "{err}");
    }

    #[test]
    fn a_grafana_12_v2_dashboard_is_refused_saying_which_form_is_read() {
        let text = r#"{"apiVersion": "dashboard.grafana.app/v2alpha1", "kind": "Dashboard", "metadata": {"name": "a"},
            "spec": {"title": "A", "elements": {}, "layout": {"kind": "GridLayout"}}}"#;
        let err = crate::Dashboard::parse(text).expect_err("v2 is not read");
        assert!(err.to_string().contains("v2 dashboard"), "{err}");
    }
}
