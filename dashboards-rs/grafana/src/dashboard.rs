//! The dashboard: metadata, variables, annotations, links and placed panels, and its JSON.

use serde::Serialize;
use serde_json::Value;

use crate::datasource::DataSourceRef;
use crate::layout::GridPos;
use crate::panel::PlacedPanel;
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
}

/// An annotation as Grafana stores it: the built-in one (no `expr`) is marked `builtIn`, hidden and of type
/// `dashboard`; a query annotation carries its `expr` and shows.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AnnotationWire<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    built_in: Option<u8>,
    datasource: &'a DataSourceRef,
    enable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    expr: Option<&'a str>,
    hide: bool,
    icon_color: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title_format: Option<&'a str>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
}

impl Serialize for Annotation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let builtin = self.expr.is_none();
        AnnotationWire {
            built_in: builtin.then_some(1),
            datasource: &self.datasource,
            enable: true,
            expr: self.expr.as_deref(),
            hide: builtin,
            icon_color: &self.icon_color,
            name: &self.name,
            title_format: self.title_format.as_deref(),
            kind: builtin.then_some("dashboard"),
        }
        .serialize(serializer)
    }
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
    ///
    /// It cannot fail. serde_json fails only on a map key that is not a string, on flattening something that is
    /// not a struct or a map, or on a `Serialize` impl that returns an error; a dashboard holds only strings,
    /// numbers, booleans, lists and maps with string keys, flattens only a struct and a string-keyed map, and
    /// its own impls never return an error of their own (a non-finite number is written as `null`, not refused).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).expect("a dashboard holds only strings, numbers and string-keyed maps")
    }

    /// The JSON text Grafana provisions: 2-space indent, trailing newline.
    ///
    /// It goes through [`Dashboard::to_json`] so that a plugin query field that repeats a key Grafana's target
    /// already has (`refId`, `datasource`) is written once, as a JSON object can hold it.
    pub fn to_pretty_json(&self) -> String {
        format!("{:#}\n", self.to_json())
    }
}

/// `{"list": […]}`, the wrapper of annotations and variables.
#[derive(Serialize)]
struct List<'a, T> {
    list: &'a [T],
}

/// The dashboard's default time range.
#[derive(Serialize)]
struct TimeRange<'a> {
    from: &'a str,
    to: &'a str,
}

/// `timepicker`: empty, Grafana's defaults.
#[derive(Serialize)]
struct TimePicker {}

/// A row header as Grafana stores it: a collapsed row holds its panels, an open row is followed by them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RowWire<'a> {
    collapsed: bool,
    grid_pos: GridPos,
    id: u32,
    panels: &'a [PlacedPanel],
    title: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// An entry of the dashboard's flat `panels` list.
#[derive(Serialize)]
#[serde(untagged)]
enum PanelEntry<'a> {
    Row(RowWire<'a>),
    Panel(&'a PlacedPanel),
}

/// The dashboard's items written as Grafana's flat `panels` list, open rows' panels after their row.
struct Panels<'a>(&'a [Item]);

impl Serialize for Panels<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().flat_map(|item| {
            let (head, following) = match item {
                Item::Panel(p) => (PanelEntry::Panel(p), &[][..]),
                Item::Row(r) => {
                    let (held, following) = if r.collapsed {
                        (&r.panels[..], &[][..])
                    } else {
                        (&[][..], &r.panels[..])
                    };
                    let row = RowWire {
                        collapsed: r.collapsed,
                        grid_pos: r.grid_pos,
                        id: r.id,
                        panels: held,
                        title: &r.title,
                        kind: "row",
                    };
                    (PanelEntry::Row(row), following)
                }
            };
            std::iter::once(head).chain(following.iter().map(PanelEntry::Panel))
        }))
    }
}

/// The dashboard as Grafana stores it, keys in Grafana's order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DashboardWire<'a> {
    annotations: List<'a, Annotation>,
    description: &'a str,
    editable: bool,
    fiscal_year_start_month: u8,
    graph_tooltip: u8,
    links: &'a [DashboardLink],
    panels: Panels<'a>,
    refresh: &'a str,
    schema_version: u32,
    tags: &'a [String],
    templating: List<'a, Variable>,
    time: TimeRange<'a>,
    timepicker: TimePicker,
    timezone: &'a str,
    title: &'a str,
    uid: &'a str,
    version: u32,
    week_start: &'static str,
}

impl Serialize for Dashboard {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DashboardWire {
            annotations: List {
                list: &self.annotations,
            },
            description: &self.description,
            editable: true,
            fiscal_year_start_month: 0,
            graph_tooltip: self.graph_tooltip,
            links: &self.links,
            panels: Panels(&self.items),
            refresh: &self.refresh,
            schema_version: SCHEMA_VERSION,
            tags: &self.tags,
            templating: List { list: &self.variables },
            time: TimeRange {
                from: &self.time.0,
                to: &self.time.1,
            },
            timepicker: TimePicker {},
            timezone: &self.timezone,
            title: &self.title,
            uid: &self.uid,
            version: 1,
            week_start: "",
        }
        .serialize(serializer)
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
}
