//! The `canvas` panel: options as Grafana 10.4 writes them (the kind has no custom field config).
//!
//! An element's own settings (`config`: its text, colour, icon…) depend on its type and stay untyped.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::Extra;

use super::dimension::{ColorDimensionConfig, ResourceDimensionConfig, ScaleDimensionConfig};

/// `options` of a canvas panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct CanvasOptions {
    /// Whether elements can be edited on the panel itself, outside the panel editor.
    pub inline_editing: bool,
    /// Whether the experimental element types are offered.
    pub show_advanced_types: bool,
    /// Whether the canvas can be panned and zoomed (needs the `canvasPanelPanZoom` feature toggle).
    pub pan_zoom: bool,
    /// Whether panning is unbounded (with `pan_zoom`).
    pub infinite_pan: bool,
    /// The root frame holding every element.
    pub root: CanvasRoot,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for CanvasOptions {
    fn default() -> Self {
        CanvasOptions {
            inline_editing: true,
            show_advanced_types: true,
            pan_zoom: false,
            infinite_pan: false,
            root: CanvasRoot {
                elements: vec![CanvasElementOptions::metric_value("Element 1")],
                ..CanvasRoot::default()
            },
            extra: Extra::new(),
        }
    }
}

/// The type of the root element: always a frame.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum FrameType {
    /// A frame (a group of elements).
    #[default]
    Frame,
}

/// `options.root`: the frame holding every element of the canvas.
///
/// Grafana also writes the frame's own `background`, `border`, `constraint` and `placement` here, which the
/// published schema (a closed `root` of `name`, `type`, `elements`) rejects; they are typed but left unset
/// by default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct CanvasRoot {
    /// The frame's name (Grafana names it `Element <timestamp>`).
    pub name: String,
    /// Always `frame`.
    #[serde(rename = "type")]
    pub kind: FrameType,
    /// The elements, drawn in order (later ones on top).
    pub elements: Vec<CanvasElementOptions>,
    /// The canvas background (outside the schema; see the type's doc).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub background: Option<BackgroundConfig>,
    /// The canvas border (outside the schema; see the type's doc).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub border: Option<LineConfig>,
    /// How the frame follows the panel's size (outside the schema; see the type's doc).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constraint: Option<Constraint>,
    /// The frame's position and size (outside the schema; see the type's doc).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placement: Option<Placement>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for CanvasRoot {
    fn default() -> Self {
        CanvasRoot {
            name: "root".into(),
            kind: FrameType::Frame,
            elements: Vec::new(),
            background: None,
            border: None,
            constraint: None,
            placement: None,
            extra: Extra::new(),
        }
    }
}

/// The type of a canvas element: Grafana's element registry ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum CanvasElementType {
    /// A field's value as text.
    #[default]
    #[serde(rename = "metric-value")]
    MetricValue,
    /// Fixed or field text.
    #[serde(rename = "text")]
    Text,
    /// An ellipse with text.
    #[serde(rename = "ellipse")]
    Ellipse,
    /// A rectangle with text.
    #[serde(rename = "rectangle")]
    Rectangle,
    /// An SVG icon.
    #[serde(rename = "icon")]
    Icon,
    /// A server drawing with a status colour.
    #[serde(rename = "server")]
    Server,
    /// A triangle with text.
    #[serde(rename = "triangle")]
    Triangle,
    /// A cloud with text.
    #[serde(rename = "cloud")]
    Cloud,
    /// A parallelogram with text.
    #[serde(rename = "parallelogram")]
    Parallelogram,
    /// A button calling an API (experimental).
    #[serde(rename = "button")]
    Button,
    /// A wind turbine (experimental).
    #[serde(rename = "windTurbine")]
    WindTurbine,
    /// A drone seen from the top (experimental).
    #[serde(rename = "droneTop")]
    DroneTop,
    /// A drone seen from the front (experimental).
    #[serde(rename = "droneFront")]
    DroneFront,
    /// A drone seen from the side (experimental).
    #[serde(rename = "droneSide")]
    DroneSide,
    /// A group of elements (its children sit under the element's `elements` key, kept in `extra`).
    #[serde(rename = "frame")]
    Frame,
    /// Any other element type, kept as read.
    #[serde(untagged)]
    Other(String),
}

/// One element of a canvas.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct CanvasElementOptions {
    /// The element's unique name (`Element 1`), shown in the layer list.
    pub name: String,
    /// The element's type.
    #[serde(rename = "type")]
    pub kind: CanvasElementType,
    /// The type's own settings (text, colour, size, icon…), untyped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<Extra>,
    /// How the element follows the panel's size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constraint: Option<Constraint>,
    /// The element's position and size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placement: Option<Placement>,
    /// The element's background.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub background: Option<BackgroundConfig>,
    /// The element's border.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub border: Option<LineConfig>,
    /// Arrows from this element to others.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connections: Option<Vec<CanvasConnection>>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CanvasElementOptions {
    /// A metric value box as Grafana creates it (the first element of a new canvas is one, named `Element 1`).
    pub fn metric_value(name: impl Into<String>) -> Self {
        let config = json!({
            "align": "center",
            "color": {"fixed": "#000000"},
            "size": 20,
            "text": {"field": "", "fixed": "", "mode": "field"},
            "valign": "middle"
        });
        CanvasElementOptions {
            name: name.into(),
            kind: CanvasElementType::MetricValue,
            config: match config {
                serde_json::Value::Object(map) => Some(map),
                _ => None,
            },
            constraint: Some(Constraint::default()),
            placement: Some(Placement {
                top: Some(100.0),
                left: Some(100.0),
                width: Some(260.0),
                height: Some(50.0),
                ..Placement::default()
            }),
            background: Some(BackgroundConfig {
                color: Some(ColorDimensionConfig::fixed("#D9D9D9")),
                ..BackgroundConfig::default()
            }),
            border: Some(LineConfig {
                color: Some(ColorDimensionConfig::fixed("dark-green")),
                ..LineConfig::default()
            }),
            connections: None,
            extra: Extra::new(),
        }
    }
}

/// What an element's horizontal position and width follow when the panel is resized.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum HorizontalConstraint {
    /// A fixed distance from the left edge.
    #[default]
    Left,
    /// A fixed distance from the right edge.
    Right,
    /// Fixed distances from both edges (the width stretches).
    LeftRight,
    /// A fixed offset from the centre.
    Center,
    /// Position and width as fractions of the panel.
    Scale,
}

/// What an element's vertical position and height follow when the panel is resized.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum VerticalConstraint {
    /// A fixed distance from the top edge.
    #[default]
    Top,
    /// A fixed distance from the bottom edge.
    Bottom,
    /// Fixed distances from both edges (the height stretches).
    TopBottom,
    /// A fixed offset from the centre.
    Center,
    /// Position and height as fractions of the panel.
    Scale,
}

/// How an element follows the panel's size.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct Constraint {
    /// Horizontally.
    pub horizontal: HorizontalConstraint,
    /// Vertically.
    pub vertical: VerticalConstraint,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An element's position and size, in pixels (or percent with the `scale` constraint); which keys are set
/// depends on the constraint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct Placement {
    /// Distance from the top.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top: Option<f64>,
    /// Distance from the left.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<f64>,
    /// Distance from the right.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub right: Option<f64>,
    /// Distance from the bottom.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bottom: Option<f64>,
    /// Width.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<f64>,
    /// Height.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<f64>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How a background image fills its element.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum BackgroundImageSize {
    /// At its own size.
    Original,
    /// Scaled to fit inside.
    Contain,
    /// Scaled to cover, cropped.
    #[default]
    Cover,
    /// Stretched to fill.
    Fill,
    /// Repeated.
    Tile,
}

/// An element's background: a colour and/or an image.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct BackgroundConfig {
    /// The colour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<ColorDimensionConfig>,
    /// The image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ResourceDimensionConfig>,
    /// How the image fills the element.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<BackgroundImageSize>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An element's border.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct LineConfig {
    /// The colour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<ColorDimensionConfig>,
    /// The width in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<f64>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A point on an element, relative to its centre: -1 to 1 on each axis.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct ConnectionCoordinates {
    /// Horizontal position (-1 left edge, 1 right edge).
    pub x: f64,
    /// Vertical position (-1 bottom edge, 1 top edge).
    pub y: f64,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The shape of a connection's line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum ConnectionPath {
    /// A straight line.
    #[default]
    Straight,
}

/// An arrow from the element holding it to another element (or a point of the canvas).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct CanvasConnection {
    /// Where it leaves this element.
    pub source: ConnectionCoordinates,
    /// Where it reaches the target.
    pub target: ConnectionCoordinates,
    /// The target element's name (absent: the canvas itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
    /// The line's shape.
    pub path: ConnectionPath,
    /// The line's colour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<ColorDimensionConfig>,
    /// The line's width.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<ScaleDimensionConfig>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::viz::dimension::{ResourceDimensionMode, ScaleDimensionMode};
    use crate::viz::schema_check::assert_options_pass_schema;

    fn object(value: serde_json::Value) -> Extra {
        match value {
            serde_json::Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    #[test]
    fn the_default_passes_grafanas_schema() {
        assert_options_pass_schema("canvas", &CanvasOptions::default());
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        let icon = CanvasElementOptions {
            name: "Server A".into(),
            kind: CanvasElementType::Icon,
            config: Some(object(
                json!({"path": {"fixed": "img/icons/unicons/server.svg", "mode": "fixed"}}),
            )),
            constraint: Some(Constraint {
                horizontal: HorizontalConstraint::Scale,
                vertical: VerticalConstraint::TopBottom,
                extra: Extra::new(),
            }),
            placement: Some(Placement {
                top: Some(10.0),
                left: Some(12.5),
                right: Some(20.0),
                bottom: Some(5.0),
                width: Some(50.0),
                height: Some(40.0),
                extra: Extra::new(),
            }),
            background: Some(BackgroundConfig {
                color: Some(ColorDimensionConfig {
                    fixed: Some("transparent".into()),
                    field: Some("status".into()),
                    extra: Extra::new(),
                }),
                image: Some(ResourceDimensionConfig {
                    mode: ResourceDimensionMode::Mapping,
                    field: Some("state".into()),
                    fixed: Some("img/bg/a.svg".into()),
                    extra: Extra::new(),
                }),
                size: Some(BackgroundImageSize::Tile),
                extra: Extra::new(),
            }),
            border: Some(LineConfig {
                color: Some(ColorDimensionConfig::fixed("red")),
                width: Some(2.0),
                extra: Extra::new(),
            }),
            connections: Some(vec![CanvasConnection {
                source: ConnectionCoordinates {
                    x: 1.0,
                    y: 0.0,
                    extra: Extra::new(),
                },
                target: ConnectionCoordinates {
                    x: -1.0,
                    y: 0.5,
                    extra: Extra::new(),
                },
                target_name: Some("Server B".into()),
                path: ConnectionPath::Straight,
                color: Some(ColorDimensionConfig::fixed("white")),
                size: Some(ScaleDimensionConfig {
                    min: 1.0,
                    max: 10.0,
                    fixed: Some(2.0),
                    field: Some("traffic".into()),
                    mode: Some(ScaleDimensionMode::Quad),
                    extra: Extra::new(),
                }),
                extra: Extra::new(),
            }]),
            extra: Extra::new(),
        };
        let other = CanvasElementOptions {
            name: "Server B".into(),
            kind: CanvasElementType::Other("my-element".into()),
            ..CanvasElementOptions::metric_value("Server B")
        };
        let options = CanvasOptions {
            inline_editing: false,
            show_advanced_types: false,
            pan_zoom: true,
            infinite_pan: true,
            root: CanvasRoot {
                name: "Element 1712000000000".into(),
                elements: vec![icon, other],
                ..CanvasRoot::default()
            },
            extra: Extra::new(),
        };
        assert_options_pass_schema("canvas", &options);
    }

    #[test]
    fn the_default_is_what_grafana_writes_within_the_schema() {
        assert_eq!(
            serde_json::to_value(CanvasOptions::default()).expect("serializes"),
            json!({
                "inlineEditing": true,
                "showAdvancedTypes": true,
                "panZoom": false,
                "infinitePan": false,
                "root": {
                    "name": "root",
                    "type": "frame",
                    "elements": [{
                        "name": "Element 1",
                        "type": "metric-value",
                        "config": {
                            "align": "center",
                            "color": {"fixed": "#000000"},
                            "size": 20,
                            "text": {"field": "", "fixed": "", "mode": "field"},
                            "valign": "middle"
                        },
                        "constraint": {"horizontal": "left", "vertical": "top"},
                        "placement": {"top": 100.0, "left": 100.0, "width": 260.0, "height": 50.0},
                        "background": {"color": {"fixed": "#D9D9D9"}},
                        "border": {"color": {"fixed": "dark-green"}}
                    }]
                }
            })
        );
    }

    #[test]
    fn a_root_as_grafana_saves_it_reads_with_its_frame_settings() {
        let read: CanvasOptions = serde_json::from_value(json!({
            "inlineEditing": true,
            "root": {
                "background": {"color": {"fixed": "transparent"}},
                "border": {"color": {"fixed": "dark-green"}},
                "constraint": {"horizontal": "left", "vertical": "top"},
                "elements": [],
                "name": "Element 1695818468024",
                "placement": {"height": 100, "left": 0, "top": 0, "width": 100},
                "type": "frame"
            }
        }))
        .expect("reads");
        assert_eq!(read.root.placement.as_ref().and_then(|p| p.width), Some(100.0));
        assert_eq!(
            read.root.border.as_ref().and_then(|b| b.color.clone()),
            Some(ColorDimensionConfig::fixed("dark-green"))
        );
        assert!(read.root.extra.is_empty());
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let read: CanvasOptions = serde_json::from_value(json!({
            "futureKey": 1,
            "root": {
                "name": "r",
                "type": "frame",
                "elements": [{
                    "name": "Group",
                    "type": "frame",
                    "elements": [{"name": "inner", "type": "text"}],
                    "links": [],
                    "placement": {"top": 0, "left": 0, "rotation": 45}
                }]
            }
        }))
        .expect("reads");
        assert_eq!(read.root.elements[0].kind, CanvasElementType::Frame);
        let written = serde_json::to_value(&read).expect("serializes");
        assert_eq!(written["futureKey"], json!(1));
        let group = &written["root"]["elements"][0];
        assert_eq!(group["elements"][0]["name"], json!("inner"));
        assert_eq!(group["links"], json!([]));
        assert_eq!(group["placement"]["rotation"], json!(45));
    }

    #[test]
    fn an_element_read_without_settings_gains_none() {
        let read: CanvasElementOptions = serde_json::from_value(json!({"name": "t", "type": "text"})).expect("reads");
        assert_eq!(
            serde_json::to_value(&read).expect("serializes"),
            json!({"name": "t", "type": "text"})
        );
    }

    #[test]
    fn an_unknown_element_type_is_kept() {
        let read: CanvasElementOptions =
            serde_json::from_value(json!({"name": "x", "type": "future-shape"})).expect("reads");
        assert_eq!(read.kind, CanvasElementType::Other("future-shape".into()));
        assert_eq!(
            serde_json::to_value(&read).expect("serializes")["type"],
            json!("future-shape")
        );
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let read: CanvasOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(read, CanvasOptions::default());
    }
}
