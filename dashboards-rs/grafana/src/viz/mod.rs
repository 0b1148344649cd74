//! Panel kinds ("visualisations") and their options, one file per kind.
//!
//! Grafana's schemas require a kind's `options` to be complete, so every options type has a `Default` that
//! writes all the keys Grafana 10.4 writes when a panel is saved.

pub mod common;
pub mod gauge;
pub mod stat;
pub mod state_timeline;
pub mod table;
pub mod text;
pub mod timeseries;

use serde_json::Value;

pub use gauge::{BarGaugeOptions, GaugeOptions};
pub use stat::StatOptions;
pub use state_timeline::{StateTimelineFieldConfig, StateTimelineOptions};
pub use table::{TableFieldConfig, TableOptions};
pub use text::TextOptions;
pub use timeseries::{TimeseriesFieldConfig, TimeseriesOptions};

/// A panel kind with its options and, where the kind has one, its custom field config.
#[derive(Debug, Clone, PartialEq)]
pub enum Viz {
    /// `timeseries`.
    Timeseries(TimeseriesOptions, TimeseriesFieldConfig),
    /// `stat`.
    Stat(StatOptions),
    /// `gauge`.
    Gauge(GaugeOptions),
    /// `bargauge`.
    BarGauge(BarGaugeOptions),
    /// `table`.
    Table(TableOptions, TableFieldConfig),
    /// `state-timeline`.
    StateTimeline(StateTimelineOptions, StateTimelineFieldConfig),
    /// `text`.
    Text(TextOptions),
}

impl Viz {
    /// The panel plugin id Grafana dispatches on.
    pub const fn type_id(&self) -> &'static str {
        match self {
            Viz::Timeseries(..) => "timeseries",
            Viz::Stat(_) => "stat",
            Viz::Gauge(_) => "gauge",
            Viz::BarGauge(_) => "bargauge",
            Viz::Table(..) => "table",
            Viz::StateTimeline(..) => "state-timeline",
            Viz::Text(_) => "text",
        }
    }

    /// Whether panels of this kind query data (a text panel does not).
    pub const fn has_data(&self) -> bool {
        !matches!(self, Viz::Text(_))
    }

    /// `options`, as JSON.
    pub fn options_json(&self) -> Value {
        let json = match self {
            Viz::Timeseries(o, _) => serde_json::to_value(o),
            Viz::Stat(o) => serde_json::to_value(o),
            Viz::Gauge(o) => serde_json::to_value(o),
            Viz::BarGauge(o) => serde_json::to_value(o),
            Viz::Table(o, _) => serde_json::to_value(o),
            Viz::StateTimeline(o, _) => serde_json::to_value(o),
            Viz::Text(o) => serde_json::to_value(o),
        };
        // Plain structs of strings, numbers and bools always serialize.
        json.unwrap_or(Value::Null)
    }

    /// `fieldConfig.defaults.custom`, for the kinds that have one.
    pub fn custom_json(&self) -> Option<Value> {
        let json = match self {
            Viz::Timeseries(_, c) => serde_json::to_value(c),
            Viz::Table(_, c) => serde_json::to_value(c),
            Viz::StateTimeline(_, c) => serde_json::to_value(c),
            Viz::Stat(_) | Viz::Gauge(_) | Viz::BarGauge(_) | Viz::Text(_) => return None,
        };
        json.ok()
    }
}
