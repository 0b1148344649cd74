//! The `timeseries` panel: options and custom field config as Grafana 10.4 writes them.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

use super::common::{HideFrom, Legend, Tooltip, Visibility};

/// `options` of a time series panel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct TimeseriesOptions {
    /// The legend.
    pub legend: Legend,
    /// The tooltip.
    pub tooltip: Tooltip,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How points are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum LineInterpolation {
    /// Straight segments.
    Linear,
    /// Curves.
    Smooth,
    /// Steps, value held after each point.
    StepAfter,
    /// Steps, value taken before each point.
    StepBefore,
}

/// Series stacking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct Stacking {
    /// The mode.
    pub mode: StackingMode,
    /// Series with the same group stack together.
    pub group: String,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How thresholds are drawn on the graph.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum ThresholdsStyleMode {
    /// Not drawn.
    #[default]
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
    /// Tinted areas.
    #[serde(rename = "area")]
    Area,
    /// Solid lines and tinted areas.
    #[serde(rename = "line+area")]
    LineAndArea,
    /// The series coloured by the thresholds.
    #[serde(rename = "series")]
    Series,
}

/// `custom.thresholdsStyle`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct ThresholdsStyle {
    /// The mode.
    pub mode: ThresholdsStyleMode,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The Y axis scale.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// Linear.
    #[default]
    Linear,
    /// Logarithmic.
    Log,
    /// Ordinal.
    Ordinal,
    /// Symmetric logarithmic.
    Symlog,
}

/// `custom.scaleDistribution`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct ScaleDistribution {
    /// Where a symlog scale turns from linear to logarithmic.
    #[serde(rename = "linearThreshold", skip_serializing_if = "Option::is_none")]
    pub linear_threshold: Option<f64>,
    /// Logarithm base (2 or 10) of a log or symlog scale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<f64>,
    /// The scale.
    #[serde(rename = "type")]
    pub kind: Scale,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Where the Y axis sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
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
    /// Top (horizontal axes).
    Top,
    /// Bottom (horizontal axes).
    Bottom,
}

/// How the fill under a line fades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum GradientMode {
    /// Flat.
    None,
    /// Fading with opacity.
    Opacity,
    /// Colour from the thresholds or the scheme.
    Scheme,
    /// Hue shifted along the values.
    Hue,
}

/// `fieldConfig.defaults.custom` of a time series panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
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
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for Stacking {
    fn default() -> Self {
        Stacking {
            mode: StackingMode::None,
            group: "A".into(),
            extra: Extra::new(),
        }
    }
}

impl Default for TimeseriesFieldConfig {
    fn default() -> Self {
        TimeseriesFieldConfig {
            extra: Extra::new(),
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
            scale_distribution: ScaleDistribution::default(),
            show_points: Visibility::Never,
            span_nulls: false,
            stacking: Stacking {
                extra: Extra::new(),
                mode: StackingMode::None,
                group: "A".into(),
            },
            thresholds_style: ThresholdsStyle {
                extra: Extra::new(),
                mode: ThresholdsStyleMode::Off,
            },
        }
    }
}
