//! The `barchart` panel: options and custom field config as Grafana 10.4 writes them.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

use super::common::{HideFrom, Legend, Orientation, Tooltip, Visibility};
use super::graph::{single_tooltip, AxisColorMode, TextSize};
use super::timeseries::{AxisPlacement, GradientMode, ScaleDistribution, StackingMode, ThresholdsStyle};

/// `options` of a bar chart panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct BarChartOptions {
    /// Corner radius of the bars, 0–0.5 of their width.
    pub bar_radius: f64,
    /// Bar width as a fraction of the space it may take, 0–1.
    pub bar_width: f64,
    /// A sibling field whose colours colour each bar.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color_by_field: Option<String>,
    /// Whether hovering highlights the whole group area.
    pub full_highlight: bool,
    /// Group width as a fraction of the space it may take, 0–1.
    pub group_width: f64,
    /// The legend.
    pub legend: Legend,
    /// Vertical or horizontal bars.
    pub orientation: Orientation,
    /// Whether values are printed on the bars.
    pub show_value: Visibility,
    /// How series stack.
    pub stacking: StackingMode,
    /// Font sizes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<TextSize>,
    /// The tooltip.
    pub tooltip: Tooltip,
    /// The field along the X axis (absent: the first string or time field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x_field: Option<String>,
    /// X tick labels are cut to this many characters (0: not cut).
    pub x_tick_label_max_length: u32,
    /// Rotation of the X tick labels in degrees, -90–90.
    pub x_tick_label_rotation: i32,
    /// Smallest spacing between X tick labels in pixels (0: automatic; negative: from the right).
    pub x_tick_label_spacing: i32,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for BarChartOptions {
    fn default() -> Self {
        BarChartOptions {
            bar_radius: 0.0,
            bar_width: 0.97,
            color_by_field: None,
            full_highlight: false,
            group_width: 0.7,
            legend: Legend::default(),
            orientation: Orientation::Auto,
            show_value: Visibility::Auto,
            stacking: StackingMode::None,
            text: None,
            tooltip: single_tooltip(),
            x_field: None,
            x_tick_label_max_length: 0,
            x_tick_label_rotation: 0,
            x_tick_label_spacing: 0,
            extra: Extra::new(),
        }
    }
}

/// `fieldConfig.defaults.custom` of a bar chart panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct BarChartFieldConfig {
    /// Whether the axis border line is drawn.
    pub axis_border_show: bool,
    /// Whether zero sits in the middle of the axis.
    pub axis_centered_zero: bool,
    /// Colour of the axis labels.
    pub axis_color_mode: AxisColorMode,
    /// Whether grid lines are drawn (absent: Grafana decides).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_grid_show: Option<bool>,
    /// Axis label.
    pub axis_label: String,
    /// Where the value axis sits.
    pub axis_placement: AxisPlacement,
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
    /// Hiding from legend, tooltip or chart.
    pub hide_from: HideFrom,
    /// Width of the bar outlines in pixels, 0–10.
    pub line_width: u32,
    /// Axis scale.
    pub scale_distribution: ScaleDistribution,
    /// Threshold drawing.
    pub thresholds_style: ThresholdsStyle,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for BarChartFieldConfig {
    fn default() -> Self {
        BarChartFieldConfig {
            axis_border_show: false,
            axis_centered_zero: false,
            axis_color_mode: AxisColorMode::Text,
            axis_grid_show: None,
            axis_label: String::new(),
            axis_placement: AxisPlacement::Auto,
            axis_soft_max: None,
            axis_soft_min: None,
            axis_width: None,
            fill_opacity: 80,
            gradient_mode: GradientMode::None,
            hide_from: HideFrom::default(),
            line_width: 1,
            scale_distribution: ScaleDistribution::default(),
            thresholds_style: ThresholdsStyle::default(),
            extra: Extra::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::common::{Calc, LegendDisplayMode, LegendPlacement, SortOrder, TooltipMode};
    use super::super::timeseries::{Scale, ThresholdsStyleMode};
    use super::*;
    use crate::viz::schema_check::{assert_passes_schema, to_json};

    #[test]
    fn the_default_passes_grafanas_schema() {
        assert_passes_schema(
            "barchart",
            &BarChartOptions::default(),
            Some(&BarChartFieldConfig::default()),
        );
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        let options = BarChartOptions {
            bar_radius: 0.2,
            bar_width: 0.8,
            color_by_field: Some("colour".into()),
            full_highlight: true,
            group_width: 0.5,
            legend: Legend {
                calcs: vec![Calc::Sum],
                display_mode: LegendDisplayMode::Table,
                placement: LegendPlacement::Right,
                show_legend: false,
                extra: Extra::new(),
            },
            orientation: Orientation::Horizontal,
            show_value: Visibility::Always,
            stacking: StackingMode::Percent,
            text: Some(TextSize {
                title_size: Some(10.0),
                value_size: Some(14.0),
                extra: Extra::new(),
            }),
            tooltip: Tooltip {
                mode: TooltipMode::Multi,
                sort: SortOrder::Desc,
                extra: Extra::new(),
            },
            x_field: Some("service".into()),
            x_tick_label_max_length: 12,
            x_tick_label_rotation: -45,
            x_tick_label_spacing: 100,
            extra: Extra::new(),
        };
        let custom = BarChartFieldConfig {
            axis_border_show: true,
            axis_centered_zero: true,
            axis_color_mode: AxisColorMode::Series,
            axis_grid_show: Some(true),
            axis_label: "requests".into(),
            axis_placement: AxisPlacement::Right,
            axis_soft_max: Some(100.0),
            axis_soft_min: Some(0.0),
            axis_width: Some(50.0),
            fill_opacity: 100,
            gradient_mode: GradientMode::Scheme,
            hide_from: HideFrom {
                legend: true,
                tooltip: true,
                viz: true,
                extra: Extra::new(),
            },
            line_width: 0,
            scale_distribution: ScaleDistribution {
                kind: Scale::Log,
                log: Some(2.0),
                linear_threshold: None,
                extra: Extra::new(),
            },
            thresholds_style: ThresholdsStyle {
                mode: ThresholdsStyleMode::LineAndArea,
                extra: Extra::new(),
            },
            extra: Extra::new(),
        };
        assert_passes_schema("barchart", &options, Some(&custom));
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let options: BarChartOptions =
            serde_json::from_value(json!({"futureKey": 1, "xTickLabelRotation": 45})).expect("reads");
        assert_eq!(options.x_tick_label_rotation, 45);
        assert_eq!(to_json(&options)["futureKey"], 1);
        let custom: BarChartFieldConfig = serde_json::from_value(json!({"transform": "negative-Y"})).expect("reads");
        assert_eq!(to_json(&custom)["transform"], "negative-Y");
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let options: BarChartOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(options, BarChartOptions::default());
        let custom: BarChartFieldConfig = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(custom, BarChartFieldConfig::default());
    }
}
