//! The `stat` panel: one big value per series.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

use super::common::{Orientation, ReduceOptions};

/// The sparkline behind the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum GraphMode {
    /// No sparkline.
    None,
    /// A filled sparkline.
    Area,
    /// A sparkline without fill.
    Line,
}

/// What the threshold colour paints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "snake_case")]
pub enum ColorMode {
    /// The value's text.
    Value,
    /// The panel's background, as a gradient.
    Background,
    /// The panel's background, flat.
    BackgroundSolid,
    /// Nothing.
    None,
}

/// How the value is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum JustifyMode {
    /// Grafana picks.
    Auto,
    /// Centred.
    Center,
}

/// What text shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "snake_case")]
pub enum TextMode {
    /// Grafana picks.
    Auto,
    /// The value only.
    Value,
    /// The value and the series name.
    ValueAndName,
    /// The series name only.
    Name,
    /// No text.
    None,
}

/// `options` of a stat panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct StatOptions {
    /// Colour target.
    pub color_mode: ColorMode,
    /// Sparkline.
    pub graph_mode: GraphMode,
    /// Placement of the value.
    pub justify_mode: JustifyMode,
    /// Layout direction.
    pub orientation: Orientation,
    /// Reduction.
    pub reduce_options: ReduceOptions,
    /// Show the change since the start of the range.
    pub show_percent_change: bool,
    /// Text.
    pub text_mode: TextMode,
    /// Wide layout.
    pub wide_layout: bool,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for StatOptions {
    fn default() -> Self {
        StatOptions {
            extra: Extra::new(),
            color_mode: ColorMode::Value,
            graph_mode: GraphMode::Area,
            justify_mode: JustifyMode::Auto,
            orientation: Orientation::Auto,
            reduce_options: ReduceOptions::default(),
            show_percent_change: false,
            text_mode: TextMode::Auto,
            wide_layout: true,
        }
    }
}
