//! What the graph-like panel kinds share: the graph field config (trend, candlestick), axis colour, line style,
//! text size and the text dimension, as Grafana 10.4 writes them.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

use super::common::{HideFrom, SortOrder, Tooltip, TooltipMode, Visibility};
use super::timeseries::{
    AxisPlacement, DrawStyle, GradientMode, LineInterpolation, ScaleDistribution, Stacking, ThresholdsStyle,
};

/// The tooltip Grafana 10.4 writes for a new panel: the hovered series only, in query order.
pub fn single_tooltip() -> Tooltip {
    Tooltip {
        mode: TooltipMode::Single,
        sort: SortOrder::None,
        extra: Extra::new(),
    }
}

/// Colour of an axis' labels and ticks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum AxisColorMode {
    /// The theme's text colour.
    #[default]
    Text,
    /// The colour of the series drawn on the axis.
    Series,
}

/// How a line is stroked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum LineStyleFill {
    /// A continuous line.
    #[default]
    Solid,
    /// Dashes, spaced by `dash`.
    Dash,
    /// Dots, spaced by `dash`.
    Dot,
    /// Square dots.
    Square,
}

/// `custom.lineStyle`: solid, dashed or dotted lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct LineStyle {
    /// Dash and gap lengths in pixels, e.g. `[10, 10]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dash: Option<Vec<f64>>,
    /// Solid, dash, dot or square.
    pub fill: LineStyleFill,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `options.text`: font sizes of titles and values (absent: automatic).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct TextSize {
    /// Title font size in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_size: Option<f64>,
    /// Value font size in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_size: Option<f64>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Where a text comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum TextDimensionMode {
    /// The `fixed` text.
    #[default]
    Fixed,
    /// The values of `field`.
    Field,
    /// A template with `${...}` references.
    Template,
}

/// A text that is fixed, taken from a field or templated (labels).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct TextDimensionConfig {
    /// The field the text comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The fixed text or the template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
    /// Fixed, field or template.
    pub mode: TextDimensionMode,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `custom.spanNulls`: whether a line joins across missing values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(untagged)]
pub enum SpanNulls {
    /// Always (`true`) or never (`false`).
    Flag(bool),
    /// Only across gaps shorter than this many milliseconds.
    Threshold(f64),
}

impl Default for SpanNulls {
    fn default() -> Self {
        SpanNulls::Flag(false)
    }
}

/// `custom.insertNulls`: whether a line breaks where points are far apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(untagged)]
pub enum InsertNulls {
    /// `false`: never break (Grafana's editor writes no `true`).
    Flag(bool),
    /// Break where consecutive points are more than this many milliseconds apart.
    Threshold(u64),
}

impl Default for InsertNulls {
    fn default() -> Self {
        InsertNulls::Flag(false)
    }
}

/// `custom.transform`: how a series is altered before drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum GraphTransform {
    /// The first value drawn as a horizontal line.
    #[serde(rename = "constant")]
    Constant,
    /// Values drawn below the axis.
    #[serde(rename = "negative-Y")]
    NegativeY,
}

/// `fieldConfig.defaults.custom` of the graph-like kinds (Grafana's `GraphFieldConfig`: trend, candlestick).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct GraphFieldConfig {
    /// Whether the axis border line is drawn.
    pub axis_border_show: bool,
    /// Whether zero sits in the middle of the axis.
    pub axis_centered_zero: bool,
    /// Colour of the axis labels.
    pub axis_color_mode: AxisColorMode,
    /// Whether grid lines are drawn (absent: Grafana decides).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_grid_show: Option<bool>,
    /// Axis label.
    pub axis_label: String,
    /// Where the axis sits.
    pub axis_placement: AxisPlacement,
    /// Soft maximum of the axis (a larger value still extends it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_soft_max: Option<f64>,
    /// Soft minimum of the axis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_soft_min: Option<f64>,
    /// Axis width in pixels (absent: automatic).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_width: Option<f64>,
    /// Where a bar sits relative to its point: -1 before, 0 centred, 1 after.
    pub bar_alignment: i8,
    /// Largest bar width in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bar_max_width: Option<f64>,
    /// Bar width as a fraction of the space between points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bar_width_factor: Option<f64>,
    /// Lines, bars or points.
    pub draw_style: DrawStyle,
    /// Fill below the line down to this series (by display name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fill_below_to: Option<String>,
    /// Fill colour (absent: the series colour).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fill_color: Option<String>,
    /// Fill under the line, 0–100.
    pub fill_opacity: f64,
    /// Gradient of the fill.
    pub gradient_mode: GradientMode,
    /// Hiding from legend, tooltip or graph.
    pub hide_from: HideFrom,
    /// Whether a line breaks where points are far apart.
    pub insert_nulls: InsertNulls,
    /// Line colour (absent: the series colour).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_color: Option<String>,
    /// Line interpolation.
    pub line_interpolation: LineInterpolation,
    /// Solid, dashed or dotted line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_style: Option<LineStyle>,
    /// Line width in pixels.
    pub line_width: f64,
    /// Point colour (absent: the series colour).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point_color: Option<String>,
    /// Point radius in pixels.
    pub point_size: f64,
    /// Point symbol (an icon path).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point_symbol: Option<String>,
    /// Axis scale.
    pub scale_distribution: ScaleDistribution,
    /// Whether points are drawn.
    pub show_points: Visibility,
    /// Whether the line joins across missing values.
    pub span_nulls: SpanNulls,
    /// Stacking.
    pub stacking: Stacking,
    /// Threshold drawing.
    pub thresholds_style: ThresholdsStyle,
    /// How the series is altered before drawing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transform: Option<GraphTransform>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for GraphFieldConfig {
    fn default() -> Self {
        GraphFieldConfig {
            axis_border_show: false,
            axis_centered_zero: false,
            axis_color_mode: AxisColorMode::Text,
            axis_grid_show: None,
            axis_label: String::new(),
            axis_placement: AxisPlacement::Auto,
            axis_soft_max: None,
            axis_soft_min: None,
            axis_width: None,
            bar_alignment: 0,
            bar_max_width: None,
            bar_width_factor: None,
            draw_style: DrawStyle::Line,
            fill_below_to: None,
            fill_color: None,
            fill_opacity: 0.0,
            gradient_mode: GradientMode::None,
            hide_from: HideFrom::default(),
            insert_nulls: InsertNulls::Flag(false),
            line_color: None,
            line_interpolation: LineInterpolation::Linear,
            line_style: None,
            line_width: 1.0,
            point_color: None,
            point_size: 5.0,
            point_symbol: None,
            scale_distribution: ScaleDistribution::default(),
            show_points: Visibility::Auto,
            span_nulls: SpanNulls::Flag(false),
            stacking: Stacking::default(),
            thresholds_style: ThresholdsStyle::default(),
            transform: None,
            extra: Extra::new(),
        }
    }
}

/// Values away from every default, shared by the tests of the kinds that use these types.
#[cfg(test)]
pub(crate) mod examples {
    use super::super::common::{HideFrom, Visibility};
    use super::super::timeseries::{
        AxisPlacement, DrawStyle, GradientMode, LineInterpolation, Scale, ScaleDistribution, Stacking, StackingMode,
        ThresholdsStyle, ThresholdsStyleMode,
    };
    use super::*;

    /// A graph field config with every field set away from its default.
    pub fn full_graph_field_config() -> GraphFieldConfig {
        GraphFieldConfig {
            axis_border_show: true,
            axis_centered_zero: true,
            axis_color_mode: AxisColorMode::Series,
            axis_grid_show: Some(false),
            axis_label: "price".into(),
            axis_placement: AxisPlacement::Right,
            axis_soft_max: Some(100.0),
            axis_soft_min: Some(0.0),
            axis_width: Some(60.0),
            bar_alignment: -1,
            bar_max_width: Some(20.0),
            bar_width_factor: Some(0.6),
            draw_style: DrawStyle::Bars,
            fill_below_to: Some("low".into()),
            fill_color: Some("blue".into()),
            fill_opacity: 25.0,
            gradient_mode: GradientMode::Opacity,
            hide_from: HideFrom {
                legend: true,
                tooltip: true,
                viz: true,
                extra: Extra::new(),
            },
            insert_nulls: InsertNulls::Threshold(3_600_000),
            line_color: Some("red".into()),
            line_interpolation: LineInterpolation::StepBefore,
            line_style: Some(LineStyle {
                fill: LineStyleFill::Dash,
                dash: Some(vec![10.0, 10.0]),
                extra: Extra::new(),
            }),
            line_width: 2.0,
            point_color: Some("green".into()),
            point_size: 8.0,
            point_symbol: Some("img/icons/marker/circle.svg".into()),
            scale_distribution: ScaleDistribution {
                kind: Scale::Symlog,
                log: Some(2.0),
                linear_threshold: Some(10.0),
                extra: Extra::new(),
            },
            show_points: Visibility::Always,
            span_nulls: SpanNulls::Threshold(60_000.0),
            stacking: Stacking {
                mode: StackingMode::Normal,
                group: "B".into(),
                extra: Extra::new(),
            },
            thresholds_style: ThresholdsStyle {
                mode: ThresholdsStyleMode::Series,
                extra: Extra::new(),
            },
            transform: Some(GraphTransform::NegativeY),
            extra: Extra::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn span_nulls_and_insert_nulls_read_a_flag_or_a_threshold() {
        let flags: GraphFieldConfig =
            serde_json::from_value(json!({"spanNulls": true, "insertNulls": false})).expect("reads");
        assert_eq!(
            (flags.span_nulls, flags.insert_nulls),
            (SpanNulls::Flag(true), InsertNulls::Flag(false))
        );
        let limits: GraphFieldConfig =
            serde_json::from_value(json!({"spanNulls": 3600000, "insertNulls": 60000})).expect("reads");
        assert_eq!(
            (limits.span_nulls, limits.insert_nulls),
            (SpanNulls::Threshold(3_600_000.0), InsertNulls::Threshold(60_000))
        );
        let written = serde_json::to_value(&limits).expect("writes");
        assert_eq!(
            (&written["spanNulls"], &written["insertNulls"]),
            (&json!(3600000.0), &json!(60000))
        );
    }
}
