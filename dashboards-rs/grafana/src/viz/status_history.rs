//! The `status-history` panel: options and custom field config as Grafana 10.4 writes them.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

use super::common::{HideFrom, Legend, Tooltip, Visibility};
use super::graph::single_tooltip;

/// `options` of a status history panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct StatusHistoryOptions {
    /// Cell width as a fraction of the space between points, 0–1.
    pub col_width: f64,
    /// The legend.
    pub legend: Legend,
    /// Row height as a fraction of the space per series, 0–1.
    pub row_height: f64,
    /// Whether values are printed in the cells.
    pub show_value: Visibility,
    /// Time zones of the time axis (absent: the dashboard's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<Vec<String>>,
    /// The tooltip.
    pub tooltip: Tooltip,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for StatusHistoryOptions {
    fn default() -> Self {
        StatusHistoryOptions {
            col_width: 0.9,
            legend: Legend::default(),
            row_height: 0.9,
            show_value: Visibility::Auto,
            timezone: None,
            tooltip: single_tooltip(),
            extra: Extra::new(),
        }
    }
}

/// `fieldConfig.defaults.custom` of a status history panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct StatusHistoryFieldConfig {
    /// Fill of the cells, 0–100.
    pub fill_opacity: u32,
    /// Hiding from legend, tooltip or chart.
    pub hide_from: HideFrom,
    /// Width of the cell borders in pixels, 0–10.
    pub line_width: u32,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for StatusHistoryFieldConfig {
    fn default() -> Self {
        StatusHistoryFieldConfig {
            fill_opacity: 70,
            hide_from: HideFrom::default(),
            line_width: 1,
            extra: Extra::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::common::{Calc, LegendDisplayMode, LegendPlacement, SortOrder, TooltipMode};
    use super::*;
    use crate::viz::schema_check::{assert_passes_schema, to_json};

    #[test]
    fn the_default_passes_grafanas_schema() {
        assert_passes_schema(
            "status-history",
            &StatusHistoryOptions::default(),
            Some(&StatusHistoryFieldConfig::default()),
        );
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        let options = StatusHistoryOptions {
            col_width: 0.5,
            legend: Legend {
                calcs: vec![Calc::LastNotNull],
                display_mode: LegendDisplayMode::Hidden,
                placement: LegendPlacement::Right,
                show_legend: false,
                extra: Extra::new(),
            },
            row_height: 0.6,
            show_value: Visibility::Never,
            timezone: Some(vec!["utc".into(), "Europe/Paris".into()]),
            tooltip: Tooltip {
                mode: TooltipMode::None,
                sort: SortOrder::Asc,
                extra: Extra::new(),
            },
            extra: Extra::new(),
        };
        let custom = StatusHistoryFieldConfig {
            fill_opacity: 100,
            hide_from: HideFrom {
                legend: true,
                tooltip: true,
                viz: true,
                extra: Extra::new(),
            },
            line_width: 2,
            extra: Extra::new(),
        };
        assert_passes_schema("status-history", &options, Some(&custom));
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let options: StatusHistoryOptions =
            serde_json::from_value(json!({"futureKey": 1, "rowHeight": 0.5, "tooltip": {"maxWidth": 300}}))
                .expect("reads");
        assert_eq!(options.row_height, 0.5);
        let written = to_json(&options);
        assert_eq!(written["futureKey"], 1);
        assert_eq!(written["tooltip"]["maxWidth"], 300);
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let options: StatusHistoryOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(options, StatusHistoryOptions::default());
        let custom: StatusHistoryFieldConfig = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(custom, StatusHistoryFieldConfig::default());
    }
}
