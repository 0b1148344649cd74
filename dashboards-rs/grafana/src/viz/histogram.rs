//! The `histogram` panel: options and custom field config as Grafana 10.4 writes them.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

use super::common::{HideFrom, Legend, Tooltip};
use super::graph::{single_tooltip, AxisColorMode};
use super::timeseries::{AxisPlacement, GradientMode, ScaleDistribution};

/// `options` of a histogram panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct HistogramOptions {
    /// Approximate number of buckets (absent: 30).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_count: Option<u32>,
    /// Where the first bucket starts, for buckets not aligned on zero (absent: 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_offset: Option<f64>,
    /// Width of each bucket (absent: derived from the bucket count).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_size: Option<f64>,
    /// Whether all series are combined into one histogram.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub combine: Option<bool>,
    /// The legend.
    pub legend: Legend,
    /// The tooltip.
    pub tooltip: Tooltip,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for HistogramOptions {
    fn default() -> Self {
        HistogramOptions {
            bucket_count: None,
            bucket_size: None,
            bucket_offset: None,
            combine: None,
            legend: Legend::default(),
            tooltip: single_tooltip(),
            extra: Extra::new(),
        }
    }
}

/// `fieldConfig.defaults.custom` of a histogram panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct HistogramFieldConfig {
    /// Whether the axis border line is drawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_border_show: Option<bool>,
    /// Whether zero sits in the middle of the axis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_centered_zero: Option<bool>,
    /// Colour of the axis labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_color_mode: Option<AxisColorMode>,
    /// Whether grid lines are drawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_grid_show: Option<bool>,
    /// Axis label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_label: Option<String>,
    /// Where the Y axis sits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_placement: Option<AxisPlacement>,
    /// Soft maximum of the axis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_soft_max: Option<f64>,
    /// Soft minimum of the axis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_soft_min: Option<f64>,
    /// Axis width in pixels (absent: automatic).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_width: Option<f64>,
    /// Fill of the bars, 0–100.
    pub fill_opacity: u32,
    /// Gradient of the fill.
    pub gradient_mode: GradientMode,
    /// Hiding from legend, tooltip or graph.
    pub hide_from: HideFrom,
    /// Width of the bar outlines in pixels, 0–10.
    pub line_width: u32,
    /// Axis scale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_distribution: Option<ScaleDistribution>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for HistogramFieldConfig {
    fn default() -> Self {
        HistogramFieldConfig {
            line_width: 1,
            fill_opacity: 80,
            gradient_mode: GradientMode::None,
            hide_from: HideFrom::default(),
            axis_placement: None,
            axis_color_mode: None,
            axis_label: None,
            axis_width: None,
            axis_soft_min: None,
            axis_soft_max: None,
            axis_grid_show: None,
            scale_distribution: None,
            axis_centered_zero: None,
            axis_border_show: None,
            extra: Extra::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::common::{Calc, LegendDisplayMode, LegendPlacement, SortOrder, TooltipMode};
    use super::super::timeseries::Scale;
    use super::*;
    use crate::viz::schema_check::{assert_passes_schema, to_json};

    #[test]
    fn the_default_passes_grafanas_schema() {
        assert_passes_schema(
            "histogram",
            &HistogramOptions::default(),
            Some(&HistogramFieldConfig::default()),
        );
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        let options = HistogramOptions {
            bucket_count: Some(50),
            bucket_size: Some(10.0),
            bucket_offset: Some(2.5),
            combine: Some(true),
            legend: Legend {
                calcs: vec![Calc::Max, Calc::Mean],
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
            extra: Extra::new(),
        };
        let custom = HistogramFieldConfig {
            line_width: 2,
            fill_opacity: 50,
            gradient_mode: GradientMode::Hue,
            hide_from: HideFrom {
                legend: true,
                tooltip: true,
                viz: true,
                extra: Extra::new(),
            },
            axis_placement: Some(AxisPlacement::Right),
            axis_color_mode: Some(AxisColorMode::Series),
            axis_label: Some("count".into()),
            axis_width: Some(40.0),
            axis_soft_min: Some(0.0),
            axis_soft_max: Some(100.0),
            axis_grid_show: Some(false),
            scale_distribution: Some(ScaleDistribution {
                kind: Scale::Log,
                log: Some(10.0),
                linear_threshold: None,
                extra: Extra::new(),
            }),
            axis_centered_zero: Some(true),
            axis_border_show: Some(true),
            extra: Extra::new(),
        };
        assert_passes_schema("histogram", &options, Some(&custom));
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let options: HistogramOptions =
            serde_json::from_value(json!({"futureKey": 1, "bucketCount": 10})).expect("reads");
        assert_eq!(options.bucket_count, Some(10));
        assert_eq!(to_json(&options)["futureKey"], 1);
        let custom: HistogramFieldConfig =
            serde_json::from_value(json!({"stacking": {"group": "A", "mode": "none"}})).expect("reads");
        assert_eq!(to_json(&custom)["stacking"], json!({"group": "A", "mode": "none"}));
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let options: HistogramOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(options, HistogramOptions::default());
        let custom: HistogramFieldConfig = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(custom, HistogramFieldConfig::default());
    }
}
