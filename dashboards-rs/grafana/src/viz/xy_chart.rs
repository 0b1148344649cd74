//! The `xychart` panel (scatter and line plots of one field against another): options and custom field config
//! as Grafana 10.4 writes them.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

use super::common::{HideFrom, Legend, Tooltip, Visibility};
use super::dimension::{ColorDimensionConfig, ScaleDimensionConfig};
use super::graph::{single_tooltip, AxisColorMode, LineStyle, TextDimensionConfig};
use super::timeseries::{AxisPlacement, ScaleDistribution};

/// `options` of an XY chart panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct XyChartOptions {
    /// The frame and X field plotted in auto mapping.
    pub dims: XyDimensions,
    /// The legend.
    pub legend: Legend,
    /// The series plotted in manual mapping.
    pub series: Vec<ScatterSeries>,
    /// Whether series come from one frame (`dims`) or are listed (`series`).
    pub series_mapping: XyChartSeriesMapping,
    /// The tooltip.
    pub tooltip: Tooltip,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for XyChartOptions {
    fn default() -> Self {
        XyChartOptions {
            series_mapping: XyChartSeriesMapping::Auto,
            dims: XyDimensions::default(),
            legend: Legend::default(),
            tooltip: single_tooltip(),
            series: Vec::new(),
            extra: Extra::new(),
        }
    }
}

/// How series are found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum XyChartSeriesMapping {
    /// Every numeric field of one frame against its X field.
    #[default]
    Auto,
    /// The listed `series`.
    Manual,
}

/// `options.dims`: what auto mapping plots.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct XyDimensions {
    /// Fields left out of the plot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude: Option<Vec<String>>,
    /// Index of the frame (query result) plotted.
    pub frame: u32,
    /// The X field (absent: the first numeric field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What a series draws.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum ScatterShow {
    /// Points only.
    #[default]
    #[serde(rename = "points")]
    Points,
    /// Lines only.
    #[serde(rename = "lines")]
    Lines,
    /// Points joined by lines.
    #[serde(rename = "points+lines")]
    PointsAndLines,
}

/// One entry of `options.series` (manual mapping): its fields and per-series style.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct ScatterSeries {
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
    /// Axis width in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_width: Option<f64>,
    /// Index of the frame the fields come from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame: Option<f64>,
    /// Hiding from legend, tooltip or chart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide_from: Option<HideFrom>,
    /// Whether point labels are printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Visibility>,
    /// Text of the point labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_value: Option<TextDimensionConfig>,
    /// Line colour, fixed or from a field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_color: Option<ColorDimensionConfig>,
    /// Solid, dashed or dotted line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_style: Option<LineStyle>,
    /// Line width in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_width: Option<u32>,
    /// Series name shown in the legend.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Point colour, fixed or from a field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point_color: Option<ColorDimensionConfig>,
    /// Point size, fixed or from a field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point_size: Option<ScaleDimensionConfig>,
    /// Axis scale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_distribution: Option<ScaleDistribution>,
    /// Points, lines or both.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub show: Option<ScatterShow>,
    /// The X field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    /// The Y field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `fieldConfig.defaults.custom` of an XY chart panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct XyChartFieldConfig {
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
    /// Where the axis sits.
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
    /// Hiding from legend, tooltip or chart.
    pub hide_from: HideFrom,
    /// Whether point labels are printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Visibility>,
    /// Text of the point labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_value: Option<TextDimensionConfig>,
    /// Line colour, fixed or from a field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_color: Option<ColorDimensionConfig>,
    /// Solid, dashed or dotted line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_style: Option<LineStyle>,
    /// Line width in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_width: Option<u32>,
    /// Point colour, fixed or from a field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point_color: Option<ColorDimensionConfig>,
    /// Point size, fixed or from a field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point_size: Option<ScaleDimensionConfig>,
    /// Axis scale.
    pub scale_distribution: ScaleDistribution,
    /// Points, lines or both.
    pub show: ScatterShow,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for XyChartFieldConfig {
    fn default() -> Self {
        XyChartFieldConfig {
            axis_border_show: false,
            axis_centered_zero: false,
            axis_color_mode: AxisColorMode::Text,
            axis_grid_show: None,
            axis_label: String::new(),
            axis_placement: AxisPlacement::Auto,
            axis_soft_max: None,
            axis_soft_min: None,
            axis_width: None,
            hide_from: HideFrom::default(),
            label: None,
            label_value: None,
            line_color: None,
            line_style: None,
            line_width: None,
            point_color: None,
            point_size: None,
            scale_distribution: ScaleDistribution::default(),
            show: ScatterShow::Points,
            extra: Extra::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::common::{Calc, LegendDisplayMode, LegendPlacement, SortOrder, TooltipMode};
    use super::super::dimension::ScaleDimensionMode;
    use super::super::graph::{LineStyleFill, TextDimensionMode};
    use super::super::timeseries::Scale;
    use super::*;
    use crate::viz::schema_check::{assert_passes_schema, to_json};

    fn size() -> ScaleDimensionConfig {
        ScaleDimensionConfig {
            min: 2.0,
            max: 30.0,
            fixed: Some(8.0),
            field: Some("weight".into()),
            mode: Some(ScaleDimensionMode::Quad),
            extra: Extra::new(),
        }
    }

    fn colour(fixed: &str) -> ColorDimensionConfig {
        ColorDimensionConfig {
            fixed: Some(fixed.into()),
            field: Some("group".into()),
            extra: Extra::new(),
        }
    }

    fn dashed() -> LineStyle {
        LineStyle {
            fill: LineStyleFill::Dot,
            dash: Some(vec![0.0, 10.0]),
            extra: Extra::new(),
        }
    }

    fn label_text() -> TextDimensionConfig {
        TextDimensionConfig {
            mode: TextDimensionMode::Template,
            field: Some("host".into()),
            fixed: Some("${__field.name}".into()),
            extra: Extra::new(),
        }
    }

    fn log10() -> ScaleDistribution {
        ScaleDistribution {
            kind: Scale::Log,
            log: Some(10.0),
            linear_threshold: None,
            extra: Extra::new(),
        }
    }

    fn hidden() -> HideFrom {
        HideFrom {
            legend: true,
            tooltip: true,
            viz: true,
            extra: Extra::new(),
        }
    }

    #[test]
    fn the_default_passes_grafanas_schema() {
        assert_passes_schema(
            "xychart",
            &XyChartOptions::default(),
            Some(&XyChartFieldConfig::default()),
        );
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        let options = XyChartOptions {
            series_mapping: XyChartSeriesMapping::Manual,
            dims: XyDimensions {
                frame: 1,
                x: Some("cpu".into()),
                exclude: Some(vec!["memory".into()]),
                extra: Extra::new(),
            },
            legend: Legend {
                calcs: vec![Calc::Max],
                display_mode: LegendDisplayMode::Table,
                placement: LegendPlacement::Right,
                show_legend: false,
                extra: Extra::new(),
            },
            tooltip: Tooltip {
                mode: TooltipMode::None,
                sort: SortOrder::Desc,
                extra: Extra::new(),
            },
            series: vec![ScatterSeries {
                x: Some("cpu".into()),
                y: Some("latency".into()),
                name: Some("latency by cpu".into()),
                frame: Some(0.0),
                show: Some(ScatterShow::PointsAndLines),
                point_size: Some(size()),
                point_color: Some(colour("red")),
                line_color: Some(colour("blue")),
                line_width: Some(2),
                line_style: Some(dashed()),
                label: Some(Visibility::Always),
                label_value: Some(label_text()),
                hide_from: Some(hidden()),
                axis_placement: Some(AxisPlacement::Left),
                axis_color_mode: Some(AxisColorMode::Series),
                axis_label: Some("latency".into()),
                axis_width: Some(40.0),
                axis_soft_min: Some(0.0),
                axis_soft_max: Some(1.0),
                axis_grid_show: Some(true),
                scale_distribution: Some(log10()),
                axis_centered_zero: Some(true),
                axis_border_show: Some(true),
                extra: Extra::new(),
            }],
            extra: Extra::new(),
        };
        let custom = XyChartFieldConfig {
            axis_border_show: true,
            axis_centered_zero: true,
            axis_color_mode: AxisColorMode::Series,
            axis_grid_show: Some(false),
            axis_label: "y".into(),
            axis_placement: AxisPlacement::Hidden,
            axis_soft_max: Some(10.0),
            axis_soft_min: Some(-10.0),
            axis_width: Some(30.0),
            hide_from: hidden(),
            label: Some(Visibility::Never),
            label_value: Some(label_text()),
            line_color: Some(colour("green")),
            line_style: Some(dashed()),
            line_width: Some(3),
            point_color: Some(colour("yellow")),
            point_size: Some(size()),
            scale_distribution: log10(),
            show: ScatterShow::Lines,
            extra: Extra::new(),
        };
        assert_passes_schema("xychart", &options, Some(&custom));
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let options: XyChartOptions = serde_json::from_value(json!({
            "futureKey": 1,
            "seriesMapping": "manual",
            "series": [{"x": "a", "y": "b", "futureSeriesKey": true}]
        }))
        .expect("reads");
        assert_eq!(options.series_mapping, XyChartSeriesMapping::Manual);
        let written = to_json(&options);
        assert_eq!(written["futureKey"], 1);
        assert_eq!(written["series"][0]["futureSeriesKey"], true);
        let custom: XyChartFieldConfig = serde_json::from_value(json!({"pointSize": {"fixed": 7}})).expect("reads");
        assert_eq!(custom.point_size.as_ref().and_then(|s| s.fixed), Some(7.0));
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let options: XyChartOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(options, XyChartOptions::default());
        let custom: XyChartFieldConfig = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(custom, XyChartFieldConfig::default());
    }
}
