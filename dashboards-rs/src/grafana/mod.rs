//! A typed model of Grafana 10.4 dashboard JSON (`schemaVersion` 39) and a builder that lays it out.
//!
//! The model writes what Grafana writes when it saves a dashboard: complete panel options, field config with a
//! `null` base threshold, Prometheus targets in code mode. Keys come out in a fixed order, so the same code
//! always produces the same bytes.

pub mod builder;
pub mod dashboard;
pub mod datasource;
pub mod field_config;
pub mod layout;
pub mod panel;
pub mod target;
pub mod units;
pub mod variable;
pub mod viz;

pub use builder::{BuildError, BuildErrors, DashboardBuilder};
pub use dashboard::{Annotation, Dashboard, DashboardLink, Item, PlacedPanel, PlacedRow, SCHEMA_VERSION};
pub use datasource::DataSourceRef;
pub use field_config::{
    Color, ColorMode, MappingResult, Matcher, Override, OverrideProperty, ThresholdStep, Thresholds, ValueMapping,
};
pub use layout::GridPos;
pub use panel::Panel;
pub use target::{PromFormat, PrometheusTarget, ScalingTarget, Target};
pub use units::Unit;
pub use variable::{Refresh, Variable};
