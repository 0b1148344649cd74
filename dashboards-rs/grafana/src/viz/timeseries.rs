//! The `timeseries` panel: options and custom field config as Grafana 10.4 writes them.

use serde::Serialize;

use super::common::{HideFrom, Legend, Tooltip, Visibility};

/// `options` of a time series panel.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TimeseriesOptions {
    /// The legend.
    pub legend: Legend,
    /// The tooltip.
    pub tooltip: Tooltip,
}

/// How points are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DrawStyle {
    /// Lines.
    Line,
    /// Bars.
    Bars,
    /// Points only.
    Points,
}

/// How a line runs between points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LineInterpolation {
    /// Straight segments.
    Linear,
    /// Curves.
    Smooth,
    /// Steps, value held after each point.
    StepAfter,
}

/// Series stacking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StackingMode {
    /// Series drawn independently.
    None,
    /// Series stacked on each other.
    Normal,
    /// Stacked to 100 %.
    Percent,
}

/// `custom.stacking`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stacking {
    /// The mode.
    pub mode: StackingMode,
    /// Series with the same group stack together.
    pub group: String,
}

/// How thresholds are drawn on the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ThresholdsStyleMode {
    /// Not drawn.
    #[serde(rename = "off")]
    Off,
    /// Solid lines.
    #[serde(rename = "line")]
    Line,
    /// Dashed lines.
    #[serde(rename = "dashed")]
    Dashed,
    /// Dashed lines and tinted areas.
    #[serde(rename = "dashed+area")]
    DashedAndArea,
}

/// `custom.thresholdsStyle`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdsStyle {
    /// The mode.
    pub mode: ThresholdsStyleMode,
}

/// The Y axis scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// Linear.
    Linear,
    /// Logarithmic.
    Log,
}

/// `custom.scaleDistribution`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScaleDistribution {
    /// The scale.
    #[serde(rename = "type")]
    pub kind: Scale,
}

/// Where the Y axis sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AxisPlacement {
    /// Left, or right for a second unit.
    Auto,
    /// Left.
    Left,
    /// Right.
    Right,
    /// Not drawn.
    Hidden,
}

/// How the fill under a line fades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GradientMode {
    /// Flat.
    None,
    /// Fading with opacity.
    Opacity,
    /// Colour from the thresholds or the scheme.
    Scheme,
}

/// `fieldConfig.defaults.custom` of a time series panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeseriesFieldConfig {
    /// Soft maximum of the Y axis (a threshold line stays in view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_soft_max: Option<f64>,
    /// Soft minimum of the Y axis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_soft_min: Option<f64>,
    /// Axis label.
    pub axis_label: String,
    /// Where the axis sits.
    pub axis_placement: AxisPlacement,
    /// Bar alignment (-1, 0, 1).
    pub bar_alignment: i8,
    /// Lines, bars or points.
    pub draw_style: DrawStyle,
    /// Fill under the line, 0–100.
    pub fill_opacity: u8,
    /// Gradient of the fill.
    pub gradient_mode: GradientMode,
    /// Hiding.
    pub hide_from: HideFrom,
    /// Line interpolation.
    pub line_interpolation: LineInterpolation,
    /// Line width in pixels.
    pub line_width: u8,
    /// Point radius.
    pub point_size: u8,
    /// Axis scale.
    pub scale_distribution: ScaleDistribution,
    /// Whether points are drawn.
    pub show_points: Visibility,
    /// Join across nulls.
    pub span_nulls: bool,
    /// Stacking.
    pub stacking: Stacking,
    /// Threshold drawing.
    pub thresholds_style: ThresholdsStyle,
}

impl Default for TimeseriesFieldConfig {
    fn default() -> Self {
        TimeseriesFieldConfig {
            axis_soft_max: None,
            axis_soft_min: None,
            axis_label: String::new(),
            axis_placement: AxisPlacement::Auto,
            bar_alignment: 0,
            draw_style: DrawStyle::Line,
            fill_opacity: 10,
            gradient_mode: GradientMode::None,
            hide_from: HideFrom::default(),
            line_interpolation: LineInterpolation::Linear,
            line_width: 1,
            point_size: 5,
            scale_distribution: ScaleDistribution { kind: Scale::Linear },
            show_points: Visibility::Never,
            span_nulls: false,
            stacking: Stacking {
                mode: StackingMode::None,
                group: "A".into(),
            },
            thresholds_style: ThresholdsStyle {
                mode: ThresholdsStyleMode::Off,
            },
        }
    }
}
