//! The `timeseries` panel: options and custom field config as Grafana 10.4 writes them.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

use super::common::{Legend, Tooltip};

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

impl Default for Stacking {
    fn default() -> Self {
        Stacking {
            mode: StackingMode::None,
            group: "A".into(),
            extra: Extra::new(),
        }
    }
}

/// `fieldConfig.defaults.custom` of a time series panel: Grafana's graph field config, which trend and
/// candlestick panels share.
pub type TimeseriesFieldConfig = super::graph::GraphFieldConfig;
