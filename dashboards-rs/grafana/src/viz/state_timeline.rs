//! The `state-timeline` panel.

use serde::Serialize;

use super::common::{Align, HideFrom, Legend, Tooltip, Visibility};

/// `options` of a state timeline panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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
}

impl Default for StateTimelineOptions {
    fn default() -> Self {
        StateTimelineOptions {
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
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateTimelineFieldConfig {
    /// Fill, 0–100.
    pub fill_opacity: u8,
    /// Hiding.
    pub hide_from: HideFrom,
    /// Border width.
    pub line_width: u8,
}

impl Default for StateTimelineFieldConfig {
    fn default() -> Self {
        StateTimelineFieldConfig {
            fill_opacity: 70,
            hide_from: HideFrom::default(),
            line_width: 0,
        }
    }
}
