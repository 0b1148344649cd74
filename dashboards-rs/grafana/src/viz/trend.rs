//! The `trend` panel (a graph over an increasing numeric X field): options and custom field config as Grafana
//! 10.4 writes them.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

use super::common::{Legend, Tooltip};
use super::graph::{single_tooltip, GraphFieldConfig};

/// `options` of a trend panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct TrendOptions {
    /// The legend.
    pub legend: Legend,
    /// The tooltip.
    pub tooltip: Tooltip,
    /// The increasing numeric field along the X axis (absent: the first numeric field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x_field: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for TrendOptions {
    fn default() -> Self {
        TrendOptions {
            legend: Legend::default(),
            tooltip: single_tooltip(),
            x_field: None,
            extra: Extra::new(),
        }
    }
}

/// `fieldConfig.defaults.custom` of a trend panel: Grafana's graph field config, with the time series defaults.
pub type TrendFieldConfig = GraphFieldConfig;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::common::{Calc, LegendDisplayMode, LegendPlacement, SortOrder, TooltipMode};
    use super::super::graph::examples::full_graph_field_config;
    use super::*;
    use crate::viz::schema_check::{assert_passes_schema, to_json};

    #[test]
    fn the_default_passes_grafanas_schema() {
        assert_passes_schema("trend", &TrendOptions::default(), Some(&TrendFieldConfig::default()));
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        let options = TrendOptions {
            legend: Legend {
                calcs: vec![Calc::Mean, Calc::Other("p95".into())],
                display_mode: LegendDisplayMode::Table,
                placement: LegendPlacement::Right,
                show_legend: false,
                extra: Extra::new(),
            },
            tooltip: Tooltip {
                mode: TooltipMode::Multi,
                sort: SortOrder::Desc,
                extra: Extra::new(),
            },
            x_field: Some("distance".into()),
            extra: Extra::new(),
        };
        assert_passes_schema("trend", &options, Some(&full_graph_field_config()));
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let options: TrendOptions = serde_json::from_value(json!({"futureKey": 1, "xField": "x"})).expect("reads");
        assert_eq!(options.x_field.as_deref(), Some("x"));
        assert_eq!(to_json(&options)["futureKey"], 1);
        let custom: TrendFieldConfig = serde_json::from_value(json!({"futureKey": 1})).expect("reads");
        assert_eq!(to_json(&custom)["futureKey"], 1);
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let options: TrendOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(options, TrendOptions::default());
        let custom: TrendFieldConfig = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(custom, TrendFieldConfig::default());
    }
}
