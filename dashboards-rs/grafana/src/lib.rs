//! Grafana dashboards and Prometheus rule files as typed Rust.
//!
//! - a typed model of Grafana 10.4 dashboard JSON (`schemaVersion` 39): [`Dashboard`], [`Panel`] and one module
//!   per panel kind under [`viz`], field config, variables, links, targets;
//! - [`DashboardBuilder`]: a layout cursor on the 24-column grid, refIds as Grafana assigns them, and every
//!   mistake gathered into one [`BuildErrors`] at `build()`;
//! - [`rules`]: the Prometheus rule-file model; [`catalog`] and [`promql`]: typed metrics and PromQL writers;
//! - [`migrate`]: what Grafana does to a dashboard's JSON on load (pre-5.0 rows laid out on the grid, panel ids,
//!   refIds) and the Grafana 12 export wrapper unwrapped;
//! - [`lint`]: a linter for any dashboard: Grafana dashboard-linter's rules and ours; the metric rules read a
//!   catalog when the caller gives one.
//!
//! The model writes what Grafana writes when it saves a dashboard: complete panel options, field config with a
//! `null` base threshold, Prometheus targets in code mode. Keys come out in a fixed order, so the same code
//! always produces the same bytes. The crate knows no data source but Prometheus by name: any other plugin's
//! query is a [`PluginTarget`].
//!
//! ```
//! use grafana_dashboards::{DashboardBuilder, DataSourceRef, Panel, PrometheusTarget, Unit};
//!
//! let prometheus = DataSourceRef::uid("prometheus", "prometheus");
//! let dashboard = DashboardBuilder::new("api", "API")
//!     .row("Traffic")
//!     .panel(
//!         Panel::timeseries("Requests per second")
//!             .description("HTTP requests served per second.")
//!             .unit(Unit::RequestsPerSecond)
//!             .span(12)
//!             .target(PrometheusTarget::new(prometheus, "sum(rate(http_requests_total[$__rate_interval]))")),
//!     )
//!     .build()
//!     .expect("a valid dashboard");
//! assert!(dashboard.to_pretty_json().contains("\"refId\": \"A\""));
//! ```

pub mod builder;
pub mod catalog;
pub mod dashboard;
pub mod datasource;
pub mod duration;
pub mod field_config;
pub mod layout;
pub mod lint;
pub mod migrate;
pub mod panel;
pub mod promql;
pub mod rules;
pub mod target;
pub mod units;
pub mod variable;
pub mod viz;

pub use builder::{BuildError, BuildErrors, DashboardBuilder};
pub use dashboard::{Annotation, Dashboard, DashboardLink, Item, PlacedRow, SCHEMA_VERSION};
pub use datasource::DataSourceRef;
pub use duration::PromDuration;
pub use field_config::{
    Color, ColorMode, MappingResult, Matcher, Override, OverrideProperty, OverrideValue, ThresholdStep, Thresholds,
    ValueMapping,
};
pub use layout::GridPos;
pub use panel::{Panel, PlacedPanel};
pub use target::{PluginQueryError, PluginTarget, PromFormat, PrometheusTarget, Target};
pub use units::Unit;
pub use variable::{Refresh, Variable};
