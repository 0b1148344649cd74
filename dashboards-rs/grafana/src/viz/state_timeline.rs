//! The `state-timeline` panel.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

use super::common::{Align, HideFrom, Legend, Tooltip, Visibility};

/// `options` of a state timeline panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct StateTimelineOptions {
    /// Text alignment in a state.
    pub align_value: Align,
    /// Legend.
    pub legend: Legend,
    /// Merge equal consecutive values.
    pub merge_values: bool,
    /// Row height, 0–1.
    pub row_height: f64,
    /// Whether values are printed.
    pub show_value: Visibility,
    /// Tooltip.
    pub tooltip: Tooltip,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for StateTimelineOptions {
    fn default() -> Self {
        StateTimelineOptions {
            extra: Extra::new(),
            align_value: Align::Left,
            legend: Legend::default(),
            merge_values: true,
            row_height: 0.9,
            show_value: Visibility::Auto,
            tooltip: Tooltip::default(),
        }
    }
}

/// `fieldConfig.defaults.custom` of a state timeline panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct StateTimelineFieldConfig {
    /// Fill, 0–100.
    pub fill_opacity: u8,
    /// Hiding.
    pub hide_from: HideFrom,
    /// Border width.
    pub line_width: u8,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for StateTimelineFieldConfig {
    fn default() -> Self {
        StateTimelineFieldConfig {
            extra: Extra::new(),
            fill_opacity: 70,
            hide_from: HideFrom::default(),
            line_width: 0,
        }
    }
}
