#![doc = include_str!("../README.md")]

#[macro_use]
mod int_enum;

pub mod alerting;
pub mod builder;
pub mod catalog;
pub mod codegen;
pub mod dashboard;
pub mod datasource;
pub mod duration;
pub mod excerpt;
pub mod field_config;
pub mod layout;
mod lenient;
pub mod library_panel;
pub mod lint;
pub mod lossless;
pub mod migrate;
pub mod panel;
pub mod promql;
pub mod rules;
pub mod target;
pub mod transformation;
pub mod units;
pub mod variable;
pub mod viz;

pub use serde_json;

/// Keys of a Grafana object that this crate does not model (newer or plugin-specific ones), kept as they were
/// read and written back, so that reading a dashboard and writing it again loses nothing.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// The keys of a JSON object (`json!({…})`) as [`Extra`]; anything but an object gives none. Generated code
/// (`dash import`) writes untyped keys this way.
pub fn extra(object: serde_json::Value) -> Extra {
    match object {
        serde_json::Value::Object(map) => map,
        _ => Extra::new(),
    }
}

/// An object from its entries, in order. Generated code writes large untyped values this way.
pub fn object(entries: Vec<(&str, serde_json::Value)>) -> Extra {
    entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

pub use builder::{BuildError, BuildErrors, DashboardBuilder};
pub use dashboard::{
    Annotation, AutoRefresh, CursorSync, Dashboard, DashboardLink, Item, LinkKind, ReadError, Row, SCHEMA_VERSION,
};
pub use datasource::DataSourceRef;
pub use duration::PromDuration;
pub use field_config::{
    Color, ColorMode, MappingResult, Matcher, Override, OverrideProperty, OverrideValue, ThresholdStep, Thresholds,
    ValueMapping,
};
pub use layout::GridPos;
pub use library_panel::LibraryPanel;
pub use panel::{FieldConfig, Panel, PanelLink, RepeatDirection};
pub use target::{EditorMode, PluginQueryError, PluginTarget, PromFormat, PrometheusTarget, Target};
pub use transformation::{Transformation, TransformationKind};
pub use units::Unit;
pub use variable::{Refresh, Variable, VariableKind};
