//! The dashboard: metadata, variables, annotations, links and placed panels, and its JSON.

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::datasource::DataSourceRef;
use crate::layout::GridPos;
use crate::panel::Panel;
use crate::variable::Variable;

/// Grafana 10.4's dashboard schema version.
pub const SCHEMA_VERSION: u32 = 39;

/// A link in the dashboard's header.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DashboardLink {
    /// Shown as a dropdown.
    pub as_dropdown: bool,
    /// Icon name (`external link`, `doc`, …).
    pub icon: String,
    /// Pass the dashboard's variables.
    pub include_vars: bool,
    /// Pass the dashboard's time range.
    pub keep_time: bool,
    /// Dashboard tags, for `dashboards` links.
    pub tags: Vec<String>,
    /// Open in a new tab.
    pub target_blank: bool,
    /// Text.
    pub title: String,
    /// Tooltip.
    pub tooltip: String,
    /// `link` or `dashboards`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Address, for `link` links.
    pub url: String,
}

impl DashboardLink {
    /// A plain link opening in a new tab.
    pub fn url(title: &str, tooltip: &str, url: &str) -> Self {
        DashboardLink {
            as_dropdown: false,
            icon: "doc".into(),
            include_vars: false,
            keep_time: false,
            tags: Vec::new(),
            target_blank: true,
            title: title.into(),
            tooltip: tooltip.into(),
            kind: "link".into(),
            url: url.into(),
        }
    }
}

/// An annotation query drawn over every time series panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// Name in the dashboard's toggles.
    pub name: String,
    /// Where it comes from.
    pub datasource: DataSourceRef,
    /// PromQL whose series mark the graphs (none for Grafana's built-in annotations).
    pub expr: Option<String>,
    /// Marker colour.
    pub icon_color: String,
    /// Title of each marker, a template over labels.
    pub title_format: Option<String>,
}

impl Annotation {
    /// Grafana's built-in "Annotations & Alerts".
    pub fn builtin() -> Self {
        Annotation {
            name: "Annotations & Alerts".into(),
            datasource: DataSourceRef::grafana(),
            expr: None,
            icon_color: "rgba(0, 211, 255, 1)".into(),
            title_format: None,
        }
    }

    fn to_json(&self) -> Value {
        let mut m = Map::new();
        if self.expr.is_none() {
            m.insert("builtIn".into(), 1.into());
        }
        m.insert(
            "datasource".into(),
            serde_json::to_value(&self.datasource).unwrap_or(Value::Null),
        );
        m.insert("enable".into(), true.into());
        if let Some(expr) = &self.expr {
            m.insert("expr".into(), expr.clone().into());
        }
        m.insert("hide".into(), self.expr.is_none().into());
        m.insert("iconColor".into(), self.icon_color.clone().into());
        m.insert("name".into(), self.name.clone().into());
        if let Some(title) = &self.title_format {
            m.insert("titleFormat".into(), title.clone().into());
        }
        if self.expr.is_none() {
            m.insert("type".into(), "dashboard".into());
        }
        Value::Object(m)
    }
}

/// A panel with the id and position the builder gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedPanel {
    /// Its id, unique in the dashboard.
    pub id: u32,
    /// Its place.
    pub grid_pos: GridPos,
    /// The panel.
    pub panel: Panel,
}

/// A row header with the id and position the builder gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedRow {
    /// Its id.
    pub id: u32,
    /// Its title.
    pub title: String,
    /// Its place (full width, height 1).
    pub grid_pos: GridPos,
    /// Collapsed rows hold their panels; open rows are followed by them.
    pub collapsed: bool,
    /// The panels under it.
    pub panels: Vec<PlacedPanel>,
}

/// A top-level item of the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A panel outside any row.
    Panel(Box<PlacedPanel>),
    /// A row and the panels under it.
    Row(PlacedRow),
}

/// A built dashboard: every panel placed and numbered. Made by [`crate::DashboardBuilder`].
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub(crate) uid: String,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) tags: Vec<String>,
    pub(crate) refresh: String,
    pub(crate) time: (String, String),
    pub(crate) timezone: String,
    pub(crate) graph_tooltip: u8,
    pub(crate) variables: Vec<Variable>,
    pub(crate) annotations: Vec<Annotation>,
    pub(crate) links: Vec<DashboardLink>,
    pub(crate) items: Vec<Item>,
}

impl Dashboard {
    /// The uid.
    pub fn uid(&self) -> &str {
        &self.uid
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
    pub fn panels(&self) -> impl Iterator<Item = &PlacedPanel> {
        self.items.iter().flat_map(|item| match item {
            Item::Panel(p) => std::slice::from_ref(p.as_ref()).iter(),
            Item::Row(r) => r.panels.iter(),
        })
    }

    /// The variables.
    pub fn variables(&self) -> &[Variable] {
        &self.variables
    }

    /// The dashboard as Grafana stores it (keys in a fixed order).
    pub fn to_json(&self) -> Value {
        let mut panels = Vec::new();
        for item in &self.items {
            match item {
                Item::Panel(p) => panels.push(p.panel.to_json(p.id, p.grid_pos)),
                Item::Row(r) => {
                    let children: Vec<Value> = r.panels.iter().map(|p| p.panel.to_json(p.id, p.grid_pos)).collect();
                    let (held, following) = if r.collapsed {
                        (children, Vec::new())
                    } else {
                        (Vec::new(), children)
                    };
                    panels.push(json!({
                        "collapsed": r.collapsed,
                        "gridPos": r.grid_pos,
                        "id": r.id,
                        "panels": held,
                        "title": r.title,
                        "type": "row",
                    }));
                    panels.extend(following);
                }
            }
        }
        json!({
            "annotations": { "list": self.annotations.iter().map(Annotation::to_json).collect::<Vec<_>>() },
            "description": self.description,
            "editable": true,
            "fiscalYearStartMonth": 0,
            "graphTooltip": self.graph_tooltip,
            "links": self.links,
            "panels": panels,
            "refresh": self.refresh,
            "schemaVersion": SCHEMA_VERSION,
            "tags": self.tags,
            "templating": { "list": self.variables.iter().map(Variable::to_json).collect::<Vec<_>>() },
            "time": { "from": self.time.0, "to": self.time.1 },
            "timepicker": {},
            "timezone": self.timezone,
            "title": self.title,
            "uid": self.uid,
            "version": 1,
            "weekStart": "",
        })
    }

    /// The JSON text Grafana provisions: 2-space indent, trailing newline.
    pub fn to_pretty_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.to_json()).unwrap_or_default();
        text.push('\n');
        text
    }
}
