//! The `gauge` and `bargauge` panels.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

use super::common::{Orientation, ReduceOptions, Sizing};

/// `options` of a gauge panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct GaugeOptions {
    /// Minimum width of one gauge, pixels.
    pub min_viz_height: u32,
    /// Minimum height of one gauge, pixels.
    pub min_viz_width: u32,
    /// Layout direction.
    pub orientation: Orientation,
    /// Reduction.
    pub reduce_options: ReduceOptions,
    /// Threshold values printed on the arc.
    pub show_threshold_labels: bool,
    /// Threshold band on the arc.
    pub show_threshold_markers: bool,
    /// Who sizes the gauges.
    pub sizing: Sizing,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for GaugeOptions {
    fn default() -> Self {
        GaugeOptions {
            extra: Extra::new(),
            min_viz_height: 75,
            min_viz_width: 75,
            orientation: Orientation::Auto,
            reduce_options: ReduceOptions::default(),
            show_threshold_labels: false,
            show_threshold_markers: true,
            sizing: Sizing::Auto,
        }
    }
}

/// How bars are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum BarGaugeDisplayMode {
    /// Flat.
    Basic,
    /// LED cells.
    Lcd,
    /// Gradient.
    Gradient,
}

/// Where a bar's name sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum NamePlacement {
    /// Grafana picks.
    Auto,
    /// Above the bar.
    Top,
    /// Left of the bar.
    Left,
}

/// How a bar's value is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum ValueMode {
    /// In the bar's colour.
    Color,
    /// In the text colour.
    Text,
    /// Not shown.
    Hidden,
}

/// `options` of a bar gauge panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct BarGaugeOptions {
    /// Fill style.
    pub display_mode: BarGaugeDisplayMode,
    /// Maximum bar height, pixels.
    pub max_viz_height: u32,
    /// Minimum bar height, pixels.
    pub min_viz_height: u32,
    /// Minimum bar width, pixels.
    pub min_viz_width: u32,
    /// Where names sit.
    pub name_placement: NamePlacement,
    /// Layout direction.
    pub orientation: Orientation,
    /// Reduction.
    pub reduce_options: ReduceOptions,
    /// Draw the unfilled part.
    pub show_unfilled: bool,
    /// Who sizes the bars.
    pub sizing: Sizing,
    /// Value colour.
    pub value_mode: ValueMode,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for BarGaugeOptions {
    fn default() -> Self {
        BarGaugeOptions {
            extra: Extra::new(),
            display_mode: BarGaugeDisplayMode::Gradient,
            max_viz_height: 300,
            min_viz_height: 16,
            min_viz_width: 8,
            name_placement: NamePlacement::Auto,
            orientation: Orientation::Horizontal,
            reduce_options: ReduceOptions::default(),
            show_unfilled: true,
            sizing: Sizing::Auto,
            value_mode: ValueMode::Color,
        }
    }
}
