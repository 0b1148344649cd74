//! Panel kinds ("visualisations") and their options, one file per kind.
//!
//! Grafana's schemas require a kind's `options` to be complete, so every options type has a `Default` that
//! writes all the keys Grafana 10.4 writes when a panel is saved. Reading is lenient where Grafana is: a key
//! missing from a stored panel takes its default, a key the crate does not model is kept in the type's
//! `extra`, and options this crate cannot read at all (a plugin panel, or a shape older than Grafana 8) keep
//! the panel as an [`OtherViz`], written back as it was read.

pub mod annotations_list;
pub mod bar_chart;
pub mod candlestick;
pub mod canvas;
pub mod common;
pub mod dashboard_list;
pub mod datagrid;
pub mod dimension;
pub mod gauge;
pub mod geomap;
pub mod graph;
pub mod heatmap;
pub mod histogram;
pub mod logs;
pub mod news;
pub mod node_graph;
pub mod pie_chart;
#[cfg(test)]
mod schema_check;
pub mod stat;
pub mod state_timeline;
pub mod status_history;
pub mod table;
pub mod text;
pub mod timeseries;
pub mod trend;
pub mod xy_chart;

use serde_json::Value;

use crate::codegen::ToRust;

pub use annotations_list::AnnotationsListOptions;
pub use bar_chart::{BarChartFieldConfig, BarChartOptions};
pub use candlestick::{CandlestickFieldConfig, CandlestickOptions};
pub use canvas::CanvasOptions;
pub use dashboard_list::DashboardListOptions;
pub use datagrid::DatagridOptions;
pub use gauge::{BarGaugeOptions, GaugeOptions};
pub use geomap::GeomapOptions;
pub use heatmap::{HeatmapFieldConfig, HeatmapOptions};
pub use histogram::{HistogramFieldConfig, HistogramOptions};
pub use logs::LogsOptions;
pub use news::NewsOptions;
pub use node_graph::NodeGraphOptions;
pub use pie_chart::{PieChartFieldConfig, PieChartOptions};
pub use stat::StatOptions;
pub use state_timeline::{StateTimelineFieldConfig, StateTimelineOptions};
pub use status_history::{StatusHistoryFieldConfig, StatusHistoryOptions};
pub use table::{TableFieldConfig, TableOptions};
pub use text::TextOptions;
pub use timeseries::{TimeseriesFieldConfig, TimeseriesOptions};
pub use trend::{TrendFieldConfig, TrendOptions};
pub use xy_chart::{XyChartFieldConfig, XyChartOptions};

/// A panel kind this crate does not type (a plugin panel, or a core kind whose stored options it cannot
/// read): its plugin id, options and custom field config, kept as read.
#[derive(Debug, Clone, PartialEq, Default, ToRust)]
pub struct OtherViz {
    /// The panel plugin id (`type`).
    pub kind: String,
    /// `options`, as read.
    pub options: Option<Value>,
    /// `fieldConfig.defaults.custom`, as read.
    pub custom: Option<Value>,
}

/// Declares [`Viz`] from one line per panel kind: its variant, plugin id, options type and, for the kinds that
/// have one, custom field config type. Everything Viz knows about a kind is derived from that line.
macro_rules! panel_kinds {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal ($options:ty $(, $custom:ty)?) ),+ $(,)?) => {
        /// A panel kind with its options and, where the kind has one, its custom field config.
        // A panel holds one kind, so the size of the largest options costs little; boxing them would make
        // every typed panel harder to write and to match on.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, ToRust)]
        pub enum Viz {
            $( $(#[$doc])* $variant($options $(, $custom)?), )+
            /// Any other kind, kept as read.
            Other(OtherViz),
        }

        impl Viz {
            /// The plugin ids of every kind this crate types.
            pub const KINDS: &'static [&'static str] = &[$($id),+];

            /// The panel plugin id Grafana dispatches on.
            pub fn type_id(&self) -> &str {
                match self {
                    $( Viz::$variant(..) => $id, )+
                    Viz::Other(other) => &other.kind,
                }
            }

            /// `options` as JSON (`None` for an untyped kind read without options).
            pub fn options_json(&self) -> Option<Value> {
                match self {
                    $( panel_kinds!(@pat $variant o _c $(, $custom)?) => Some(to_json(o)), )+
                    Viz::Other(other) => other.options.clone(),
                }
            }

            /// `fieldConfig.defaults.custom` as JSON, for the kinds that have one.
            pub fn custom_json(&self) -> Option<Value> {
                match self {
                    $( panel_kinds!(@pat $variant _o c $(, $custom)?) => panel_kinds!(@custom c $($custom)?), )+
                    Viz::Other(other) => other.custom.clone(),
                }
            }

            /// The kind `kind` with these stored options and custom config: typed when this crate knows the
            /// kind and can read them, an [`OtherViz`] otherwise. Missing options take the kind's defaults.
            pub fn from_json(kind: &str, options: Option<Value>, custom: Option<Value>) -> Viz {
                let typed = match kind {
                    $( $id => (|| Some(Viz::$variant(
                        read(options.as_ref())?
                        $(, read::<$custom>(custom.as_ref())?)?
                    )))(), )+
                    _ => None,
                };
                typed.unwrap_or_else(|| Viz::Other(OtherViz { kind: kind.to_owned(), options, custom }))
            }
        }
    };
    (@pat $variant:ident $o:ident $c:ident) => { Viz::$variant($o) };
    (@pat $variant:ident $o:ident $c:ident, $custom:ty) => { Viz::$variant($o, $c) };
    (@custom $c:ident) => { None };
    (@custom $c:ident $custom:ty) => { Some(to_json($c)) };
}

panel_kinds! {
    /// `timeseries`.
    Timeseries = "timeseries" (TimeseriesOptions, TimeseriesFieldConfig),
    /// `stat`.
    Stat = "stat" (StatOptions),
    /// `gauge`.
    Gauge = "gauge" (GaugeOptions),
    /// `bargauge`.
    BarGauge = "bargauge" (BarGaugeOptions),
    /// `table`.
    Table = "table" (TableOptions, TableFieldConfig),
    /// `state-timeline`.
    StateTimeline = "state-timeline" (StateTimelineOptions, StateTimelineFieldConfig),
    /// `text`.
    Text = "text" (TextOptions),
    /// `logs`.
    Logs = "logs" (LogsOptions),
    /// `news`.
    News = "news" (NewsOptions),
    /// `dashlist`.
    DashboardList = "dashlist" (DashboardListOptions),
    /// `annolist`.
    AnnotationsList = "annolist" (AnnotationsListOptions),
    /// `nodeGraph`.
    NodeGraph = "nodeGraph" (NodeGraphOptions),
    /// `canvas`.
    Canvas = "canvas" (CanvasOptions),
    /// `geomap`.
    Geomap = "geomap" (GeomapOptions),
    /// `datagrid`.
    Datagrid = "datagrid" (DatagridOptions),
    /// `heatmap`.
    Heatmap = "heatmap" (HeatmapOptions, HeatmapFieldConfig),
    /// `histogram`.
    Histogram = "histogram" (HistogramOptions, HistogramFieldConfig),
    /// `piechart`.
    PieChart = "piechart" (PieChartOptions, PieChartFieldConfig),
    /// `barchart`.
    BarChart = "barchart" (BarChartOptions, BarChartFieldConfig),
    /// `xychart`.
    XyChart = "xychart" (XyChartOptions, XyChartFieldConfig),
    /// `trend`.
    Trend = "trend" (TrendOptions, TrendFieldConfig),
    /// `candlestick`.
    Candlestick = "candlestick" (CandlestickOptions, CandlestickFieldConfig),
    /// `status-history`.
    StatusHistory = "status-history" (StatusHistoryOptions, StatusHistoryFieldConfig),
}

impl Viz {
    /// Whether panels of this kind query data (text, news, dashboard and annotation lists do not).
    pub const fn has_data(&self) -> bool {
        !matches!(
            self,
            Viz::Text(_) | Viz::News(_) | Viz::DashboardList(_) | Viz::AnnotationsList(_)
        )
    }
}

/// Options as JSON. Options types hold only strings, numbers, booleans, lists and string-keyed maps, which
/// always serialise.
fn to_json(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Stored options read as `T`; absent or `null` is `T`'s default. `None` when they do not fit `T`.
fn read<T: serde::de::DeserializeOwned + Default>(value: Option<&Value>) -> Option<T> {
    match value {
        None | Some(Value::Null) => Some(T::default()),
        Some(value) => T::deserialize(value).ok(),
    }
}
