//! The `heatmap` panel: options and custom field config as Grafana 10.4 writes them.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

use super::common::{HideFrom, TooltipMode, Visibility};
use super::graph::AxisColorMode;
use super::timeseries::{AxisPlacement, ScaleDistribution};

/// `options` of a heatmap panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct HeatmapOptions {
    /// Whether buckets are calculated from raw series (`false`: the data already holds buckets).
    pub calculate: bool,
    /// How buckets are calculated, when `calculate` is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calculation: Option<HeatmapCalculation>,
    /// Gap between cells in pixels, 0–25.
    pub cell_gap: u32,
    /// Corner radius of the cells.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell_radius: Option<f64>,
    /// Unit and decimals of the cell values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell_values: Option<HeatmapCellValues>,
    /// How cells are coloured.
    pub color: HeatmapColorOptions,
    /// Exemplar markers.
    pub exemplars: HeatmapExemplars,
    /// Cells hidden by value.
    pub filter_values: HeatmapFilterValues,
    /// The colour legend.
    pub legend: HeatmapLegend,
    /// Tick alignment and value name of pre-bucketed data.
    pub rows_frame: HeatmapRowsFrame,
    /// Whether values are printed in the cells.
    pub show_value: Visibility,
    /// The tooltip.
    pub tooltip: HeatmapTooltip,
    /// The Y axis.
    pub y_axis: HeatmapYAxis,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for HeatmapOptions {
    fn default() -> Self {
        HeatmapOptions {
            calculate: false,
            calculation: None,
            cell_gap: 1,
            cell_radius: None,
            cell_values: None,
            color: HeatmapColorOptions::default(),
            exemplars: HeatmapExemplars::default(),
            filter_values: HeatmapFilterValues::default(),
            legend: HeatmapLegend::default(),
            rows_frame: HeatmapRowsFrame::default(),
            show_value: Visibility::Auto,
            tooltip: HeatmapTooltip::default(),
            y_axis: HeatmapYAxis::default(),
            extra: Extra::new(),
        }
    }
}

/// How buckets are sized when the heatmap calculates them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum HeatmapBucketMode {
    /// `value` is the bucket size.
    Size,
    /// `value` is the number of buckets.
    Count,
}

/// Bucketing of one axis when the heatmap calculates buckets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct HeatmapBucketConfig {
    /// Whether `value` is a size or a count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<HeatmapBucketMode>,
    /// Linear or logarithmic buckets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<ScaleDistribution>,
    /// The bucket size or count, as typed (a duration such as `1m` on the X axis).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `options.calculation`: bucketing of raw series.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct HeatmapCalculation {
    /// Buckets along time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x_buckets: Option<HeatmapBucketConfig>,
    /// Buckets along values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y_buckets: Option<HeatmapBucketConfig>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `options.cellValues`: how values are printed in cells and tooltips.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct HeatmapCellValues {
    /// Decimals shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<f64>,
    /// Unit id (e.g. `s`, `bytes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How cells are coloured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum HeatmapColorMode {
    /// Shades of one colour (`fill`), by opacity.
    Opacity,
    /// A colour scheme (`scheme`).
    #[default]
    Scheme,
}

/// How values map onto opacity in opacity mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum HeatmapColorScale {
    /// Proportionally.
    Linear,
    /// By a power of `exponent`.
    #[default]
    Exponential,
}

/// `options.color`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct HeatmapColorOptions {
    /// Exponent of the exponential opacity scale.
    pub exponent: f64,
    /// The colour shaded in opacity mode.
    pub fill: String,
    /// Value at the end of the colour scale (absent: the data's maximum).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Value at the start of the colour scale (absent: the data's minimum).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Scheme or opacity.
    pub mode: HeatmapColorMode,
    /// Whether the scheme runs backwards.
    pub reverse: bool,
    /// Linear or exponential opacity.
    pub scale: HeatmapColorScale,
    /// Colour scheme name (`Oranges`, `Spectral`, `Turbo`, …) in scheme mode.
    pub scheme: String,
    /// Number of colour steps, 2–128.
    pub steps: u32,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for HeatmapColorOptions {
    fn default() -> Self {
        HeatmapColorOptions {
            mode: HeatmapColorMode::Scheme,
            scheme: "Oranges".into(),
            fill: "dark-orange".into(),
            scale: HeatmapColorScale::Exponential,
            exponent: 0.5,
            steps: 64,
            reverse: false,
            min: None,
            max: None,
            extra: Extra::new(),
        }
    }
}

/// `options.exemplars`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct HeatmapExemplars {
    /// Colour of the exemplar markers.
    pub color: String,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for HeatmapExemplars {
    fn default() -> Self {
        HeatmapExemplars {
            color: "rgba(255,0,255,0.7)".into(),
            extra: Extra::new(),
        }
    }
}

/// `options.filterValues`: cells hidden by value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct HeatmapFilterValues {
    /// Cells with values at or above this are hidden.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ge: Option<f64>,
    /// Cells with values at or below this are hidden.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub le: Option<f64>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for HeatmapFilterValues {
    fn default() -> Self {
        HeatmapFilterValues {
            le: Some(1e-9),
            ge: None,
            extra: Extra::new(),
        }
    }
}

/// `options.legend`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct HeatmapLegend {
    /// Whether the colour legend shows.
    pub show: bool,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for HeatmapLegend {
    fn default() -> Self {
        HeatmapLegend {
            show: true,
            extra: Extra::new(),
        }
    }
}

/// Where a pre-bucketed row's value sits within its cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum HeatmapCellLayout {
    /// The value is the bucket's upper bound (Prometheus `le`).
    Le,
    /// The value is the bucket's lower bound.
    Ge,
    /// The value is the bucket's middle.
    Unknown,
    /// Grafana infers it from the data.
    #[default]
    Auto,
}

/// `options.rowsFrame`: pre-bucketed data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct HeatmapRowsFrame {
    /// Tick alignment.
    pub layout: HeatmapCellLayout,
    /// Name shown for the cell value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `options.tooltip`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct HeatmapTooltip {
    /// Largest tooltip height in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_height: Option<f64>,
    /// Largest tooltip width in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_width: Option<f64>,
    /// Single, all, or hidden.
    pub mode: TooltipMode,
    /// Whether the tooltip header shows the colour scale.
    pub show_color_scale: bool,
    /// Whether the tooltip shows a histogram of the hovered column.
    pub y_histogram: bool,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for HeatmapTooltip {
    fn default() -> Self {
        HeatmapTooltip {
            mode: TooltipMode::Single,
            y_histogram: false,
            show_color_scale: false,
            max_height: None,
            max_width: None,
            extra: Extra::new(),
        }
    }
}

/// `options.yAxis`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct HeatmapYAxis {
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
    /// Left, right or hidden.
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
    /// Decimals of the axis values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<f64>,
    /// Axis maximum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Axis minimum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Whether the axis runs top to bottom.
    pub reverse: bool,
    /// Axis scale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_distribution: Option<ScaleDistribution>,
    /// Unit id of the axis values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for HeatmapYAxis {
    fn default() -> Self {
        HeatmapYAxis {
            axis_placement: AxisPlacement::Left,
            reverse: false,
            unit: None,
            decimals: None,
            min: None,
            max: None,
            axis_label: None,
            axis_width: None,
            axis_color_mode: None,
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

/// `fieldConfig.defaults.custom` of a heatmap panel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct HeatmapFieldConfig {
    /// Hiding from legend, tooltip or graph.
    pub hide_from: HideFrom,
    /// Y axis scale of pre-bucketed data.
    pub scale_distribution: ScaleDistribution,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::timeseries::Scale;
    use super::*;
    use crate::viz::schema_check::{assert_passes_schema, to_json};

    #[test]
    fn the_default_passes_grafanas_schema() {
        assert_passes_schema(
            "heatmap",
            &HeatmapOptions::default(),
            Some(&HeatmapFieldConfig::default()),
        );
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        let log2 = ScaleDistribution {
            kind: Scale::Log,
            log: Some(2.0),
            linear_threshold: None,
            extra: Extra::new(),
        };
        let bucket = HeatmapBucketConfig {
            mode: Some(HeatmapBucketMode::Count),
            value: Some("20".into()),
            scale: Some(log2.clone()),
            extra: Extra::new(),
        };
        let options = HeatmapOptions {
            calculate: true,
            calculation: Some(HeatmapCalculation {
                x_buckets: Some(HeatmapBucketConfig {
                    mode: Some(HeatmapBucketMode::Size),
                    value: Some("1m".into()),
                    ..bucket.clone()
                }),
                y_buckets: Some(bucket),
                extra: Extra::new(),
            }),
            cell_gap: 3,
            cell_radius: Some(2.0),
            cell_values: Some(HeatmapCellValues {
                unit: Some("s".into()),
                decimals: Some(2.0),
                extra: Extra::new(),
            }),
            color: HeatmapColorOptions {
                mode: HeatmapColorMode::Opacity,
                scheme: "Spectral".into(),
                fill: "#b4ff00".into(),
                scale: HeatmapColorScale::Linear,
                exponent: 0.7,
                steps: 128,
                reverse: true,
                min: Some(0.0),
                max: Some(100.0),
                extra: Extra::new(),
            },
            exemplars: HeatmapExemplars {
                color: "orange".into(),
                extra: Extra::new(),
            },
            filter_values: HeatmapFilterValues {
                le: Some(0.5),
                ge: Some(1000.0),
                extra: Extra::new(),
            },
            legend: HeatmapLegend {
                show: false,
                extra: Extra::new(),
            },
            rows_frame: HeatmapRowsFrame {
                value: Some("Requests".into()),
                layout: HeatmapCellLayout::Le,
                extra: Extra::new(),
            },
            show_value: Visibility::Always,
            tooltip: HeatmapTooltip {
                mode: TooltipMode::Multi,
                y_histogram: true,
                show_color_scale: true,
                max_height: Some(600.0),
                max_width: Some(300.0),
                extra: Extra::new(),
            },
            y_axis: HeatmapYAxis {
                axis_placement: AxisPlacement::Right,
                reverse: true,
                unit: Some("bytes".into()),
                decimals: Some(1.0),
                min: Some(0.0),
                max: Some(1024.0),
                axis_label: Some("size".into()),
                axis_width: Some(60.0),
                axis_color_mode: Some(AxisColorMode::Series),
                axis_soft_min: Some(0.0),
                axis_soft_max: Some(512.0),
                axis_grid_show: Some(false),
                scale_distribution: Some(log2.clone()),
                axis_centered_zero: Some(true),
                axis_border_show: Some(true),
                extra: Extra::new(),
            },
            extra: Extra::new(),
        };
        let custom = HeatmapFieldConfig {
            hide_from: HideFrom {
                legend: true,
                tooltip: true,
                viz: true,
                extra: Extra::new(),
            },
            scale_distribution: ScaleDistribution {
                kind: Scale::Symlog,
                log: Some(10.0),
                linear_threshold: Some(1.0),
                extra: Extra::new(),
            },
            extra: Extra::new(),
        };
        assert_passes_schema("heatmap", &options, Some(&custom));
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let options: HeatmapOptions =
            serde_json::from_value(json!({"futureKey": 1, "calculate": true, "color": {"futureColorKey": "x"}}))
                .expect("reads");
        assert!(options.calculate);
        let written = to_json(&options);
        assert_eq!(written["futureKey"], 1);
        assert_eq!(written["color"]["futureColorKey"], "x");
        let custom: HeatmapFieldConfig = serde_json::from_value(json!({"futureKey": 1})).expect("reads");
        assert_eq!(to_json(&custom)["futureKey"], 1);
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let options: HeatmapOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(options, HeatmapOptions::default());
        let custom: HeatmapFieldConfig = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(custom, HeatmapFieldConfig::default());
    }
}
