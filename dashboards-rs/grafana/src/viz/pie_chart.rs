//! The `piechart` panel: options and custom field config as Grafana 10.4 writes them.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

use super::common::{Calc, HideFrom, LegendDisplayMode, LegendPlacement, Orientation, ReduceOptions, Tooltip};
use super::graph::{single_tooltip, TextSize};

/// `options` of a pie chart panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct PieChartOptions {
    /// What is printed on the slices (absent: nothing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_labels: Option<Vec<PieChartLabel>>,
    /// The legend.
    pub legend: PieChartLegend,
    /// Layout direction of repeated pies.
    pub orientation: Orientation,
    /// Pie or donut.
    pub pie_type: PieChartType,
    /// How each series is reduced to one slice.
    pub reduce_options: ReduceOptions,
    /// Font sizes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<TextSize>,
    /// The tooltip.
    pub tooltip: Tooltip,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for PieChartOptions {
    fn default() -> Self {
        PieChartOptions {
            pie_type: PieChartType::Pie,
            display_labels: None,
            tooltip: single_tooltip(),
            reduce_options: ReduceOptions::default(),
            text: None,
            legend: PieChartLegend::default(),
            orientation: Orientation::Auto,
            extra: Extra::new(),
        }
    }
}

/// Shape of the chart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum PieChartType {
    /// A full disc.
    #[default]
    Pie,
    /// A ring.
    Donut,
}

/// A label printed on each slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum PieChartLabel {
    /// The series name.
    Name,
    /// The value.
    Value,
    /// The share of the total.
    Percent,
}

/// A value shown beside each legend entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum PieChartLegendValue {
    /// The value.
    Value,
    /// The share of the total.
    Percent,
}

/// `options.legend` of a pie chart: the common legend plus slice values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct PieChartLegend {
    /// Reducers shown beside each entry (unused by the pie chart, but required by the schema).
    pub calcs: Vec<Calc>,
    /// List, table or hidden.
    pub display_mode: LegendDisplayMode,
    /// Bottom or right.
    pub placement: LegendPlacement,
    /// Whether the legend shows.
    pub show_legend: bool,
    /// Values shown beside each entry.
    pub values: Vec<PieChartLegendValue>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for PieChartLegend {
    fn default() -> Self {
        PieChartLegend {
            calcs: Vec::new(),
            display_mode: LegendDisplayMode::List,
            placement: LegendPlacement::Bottom,
            show_legend: true,
            values: Vec::new(),
            extra: Extra::new(),
        }
    }
}

/// `fieldConfig.defaults.custom` of a pie chart panel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct PieChartFieldConfig {
    /// Hiding from legend, tooltip or chart.
    pub hide_from: HideFrom,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::common::{SortOrder, TooltipMode};
    use super::*;
    use crate::viz::schema_check::{assert_passes_schema, to_json};

    #[test]
    fn the_default_passes_grafanas_schema() {
        assert_passes_schema(
            "piechart",
            &PieChartOptions::default(),
            Some(&PieChartFieldConfig::default()),
        );
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        let options = PieChartOptions {
            pie_type: PieChartType::Donut,
            display_labels: Some(vec![PieChartLabel::Name, PieChartLabel::Value, PieChartLabel::Percent]),
            tooltip: Tooltip {
                mode: TooltipMode::Multi,
                sort: SortOrder::Asc,
                extra: Extra::new(),
            },
            reduce_options: ReduceOptions {
                values: true,
                calcs: vec![Calc::Sum],
                fields: "/^bytes/".into(),
                extra: Extra::new(),
            },
            text: Some(TextSize {
                title_size: Some(12.0),
                value_size: Some(20.0),
                extra: Extra::new(),
            }),
            legend: PieChartLegend {
                calcs: vec![Calc::Last],
                display_mode: LegendDisplayMode::Table,
                placement: LegendPlacement::Right,
                show_legend: false,
                values: vec![PieChartLegendValue::Value, PieChartLegendValue::Percent],
                extra: Extra::new(),
            },
            orientation: Orientation::Horizontal,
            extra: Extra::new(),
        };
        let custom = PieChartFieldConfig {
            hide_from: HideFrom {
                legend: true,
                tooltip: true,
                viz: true,
                extra: Extra::new(),
            },
            extra: Extra::new(),
        };
        assert_passes_schema("piechart", &options, Some(&custom));
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let options: PieChartOptions =
            serde_json::from_value(json!({"futureKey": 1, "pieType": "donut", "legend": {"futureLegendKey": true}}))
                .expect("reads");
        assert_eq!(options.pie_type, PieChartType::Donut);
        let written = to_json(&options);
        assert_eq!(written["futureKey"], 1);
        assert_eq!(written["legend"]["futureLegendKey"], true);
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let options: PieChartOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(options, PieChartOptions::default());
        let custom: PieChartFieldConfig = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(custom, PieChartFieldConfig::default());
    }
}
