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

use serde::Serialize;

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

    /// `options`: the kind's options, borrowed.
    pub const fn options(&self) -> VizOptions<'_> {
        match self {
            Viz::Timeseries(o, _) => VizOptions::Timeseries(o),
            Viz::Stat(o) => VizOptions::Stat(o),
            Viz::Gauge(o) => VizOptions::Gauge(o),
            Viz::BarGauge(o) => VizOptions::BarGauge(o),
            Viz::Table(o, _) => VizOptions::Table(o),
            Viz::StateTimeline(o, _) => VizOptions::StateTimeline(o),
            Viz::Text(o) => VizOptions::Text(o),
        }
    }

    /// `fieldConfig.defaults.custom`, borrowed, for the kinds that have one.
    pub const fn custom(&self) -> Option<CustomFieldConfig<'_>> {
        match self {
            Viz::Timeseries(_, c) => Some(CustomFieldConfig::Timeseries(c)),
            Viz::Table(_, c) => Some(CustomFieldConfig::Table(c)),
            Viz::StateTimeline(_, c) => Some(CustomFieldConfig::StateTimeline(c)),
            Viz::Stat(_) | Viz::Gauge(_) | Viz::BarGauge(_) | Viz::Text(_) => None,
        }
    }
}

/// A panel's `options`, borrowed from its [`Viz`]; written as the kind's options object alone.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum VizOptions<'a> {
    /// `timeseries`.
    Timeseries(&'a TimeseriesOptions),
    /// `stat`.
    Stat(&'a StatOptions),
    /// `gauge`.
    Gauge(&'a GaugeOptions),
    /// `bargauge`.
    BarGauge(&'a BarGaugeOptions),
    /// `table`.
    Table(&'a TableOptions),
    /// `state-timeline`.
    StateTimeline(&'a StateTimelineOptions),
    /// `text`.
    Text(&'a TextOptions),
}

/// A panel's `fieldConfig.defaults.custom`, borrowed from its [`Viz`]; written as the kind's object alone.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum CustomFieldConfig<'a> {
    /// `timeseries`.
    Timeseries(&'a TimeseriesFieldConfig),
    /// `table`.
    Table(&'a TableFieldConfig),
    /// `state-timeline`.
    StateTimeline(&'a StateTimelineFieldConfig),
}
