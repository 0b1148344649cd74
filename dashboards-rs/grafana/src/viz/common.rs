//! Option types several panel kinds share (legend, tooltip, reduction, orientation, series hiding).

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

/// How the legend is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum LegendDisplayMode {
    /// One line per series.
    List,
    /// A table with the `calcs` as columns.
    Table,
    /// No legend.
    Hidden,
}

/// Where the legend sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum LegendPlacement {
    /// Below the graph.
    Bottom,
    /// Right of the graph.
    Right,
}

/// A reducer Grafana computes over a field (legend columns, stat values): Grafana's `ReducerID`s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum Calc {
    /// The last non-null value.
    LastNotNull,
    /// The last value.
    Last,
    /// The first non-null value.
    FirstNotNull,
    /// The first value.
    First,
    /// The mean.
    Mean,
    /// The maximum.
    Max,
    /// The minimum.
    Min,
    /// The sum.
    Sum,
    /// The number of values.
    Count,
    /// Max minus min.
    Range,
    /// The cumulative change.
    Delta,
    /// The smallest interval between values.
    Step,
    /// Last minus first.
    Diff,
    /// Last minus first, as a percentage of first.
    Diffperc,
    /// The smallest positive value.
    Logmin,
    /// Whether every value is zero.
    AllIsZero,
    /// Whether every value is null.
    AllIsNull,
    /// How often the value changes.
    ChangeCount,
    /// How many distinct values.
    DistinctCount,
    /// The median.
    Median,
    /// The variance.
    Variance,
    /// The standard deviation.
    StdDev,
    /// Every value.
    AllValues,
    /// Every distinct value.
    UniqueValues,
    /// Any other reducer (a percentile `p95`, or a newer one), kept as named.
    #[serde(untagged)]
    Other(String),
}

/// `options.legend`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct Legend {
    /// Reducers shown beside each series.
    pub calcs: Vec<Calc>,
    /// List, table or hidden.
    pub display_mode: LegendDisplayMode,
    /// Bottom or right.
    pub placement: LegendPlacement,
    /// Whether the legend shows.
    pub show_legend: bool,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for Legend {
    fn default() -> Self {
        Legend {
            extra: Extra::new(),
            calcs: Vec::new(),
            display_mode: LegendDisplayMode::List,
            placement: LegendPlacement::Bottom,
            show_legend: true,
        }
    }
}

/// Which series the tooltip shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum TooltipMode {
    /// The hovered series.
    Single,
    /// All series at the hovered time.
    Multi,
    /// No tooltip.
    None,
}

/// Tooltip sort order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
    /// As the query returned them.
    None,
}

/// `options.tooltip`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct Tooltip {
    /// Which series show.
    pub mode: TooltipMode,
    /// In what order.
    pub sort: SortOrder,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for Tooltip {
    fn default() -> Self {
        Tooltip {
            extra: Extra::new(),
            mode: TooltipMode::Multi,
            sort: SortOrder::Desc,
        }
    }
}

/// `options.reduceOptions` of stat, gauge and bar gauge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct ReduceOptions {
    /// Show every value rather than a reduction.
    pub values: bool,
    /// The reduction.
    pub calcs: Vec<Calc>,
    /// Which fields (empty: numeric fields).
    pub fields: String,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for ReduceOptions {
    fn default() -> Self {
        ReduceOptions {
            extra: Extra::new(),
            values: false,
            calcs: vec![Calc::LastNotNull],
            fields: String::new(),
        }
    }
}

/// Layout direction of multi-value panels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Grafana picks.
    Auto,
    /// Stacked top to bottom.
    Vertical,
    /// Side by side.
    Horizontal,
}

/// Whether something (points, values) is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Grafana decides by density.
    Auto,
    /// Never.
    Never,
    /// Always.
    Always,
}

/// Text alignment of a value in its cell or state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Grafana picks (tables).
    Auto,
    /// Left.
    Left,
    /// Centre.
    Center,
    /// Right.
    Right,
}

/// Whether Grafana sizes gauges itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum Sizing {
    /// Grafana fits them to the panel.
    Auto,
    /// `min`/`max` sizes apply.
    Manual,
}

/// `custom.hideFrom`: hide a series from the legend, tooltip or graph.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct HideFrom {
    /// Hidden from the legend.
    pub legend: bool,
    /// Hidden from the tooltip.
    pub tooltip: bool,
    /// Hidden from the graph.
    pub viz: bool,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}
