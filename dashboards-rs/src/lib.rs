//! Tumulte's Grafana dashboards, Prometheus rules and scaling verdict, defined once in typed Rust.
//!
//! - [`grafana`]: a typed model of Grafana 10.4 dashboard JSON and a builder that lays panels out.
//! - [`rules`]: the Prometheus rule-file model.
//! - [`tumulte`]: the metric catalog, the signals and thresholds of the seed, the overview, the rules.
//! - [`verdict`]: the pure engine that turns signal values into levels and advice.
//! - [`lint`]: the dashboard linter behind `dash lint`.
//! - [`generate`]: every generated file, and writing or checking them.
//! - `wasm` (feature `wasm`): the WebAssembly bindings for JavaScript.
//!
//! ```
//! use tumulte_dashboards::tumulte::{overview::overview, signals::Policy};
//!
//! let dashboard = overview(&Policy::seed()).expect("the seed's overview builds");
//! assert_eq!(dashboard.title(), "Tumulte - Overview");
//! assert!(dashboard.to_pretty_json().ends_with("}\n"));
//! ```

pub mod generate;
pub mod grafana;
pub mod lint;
pub mod rules;
pub mod tumulte;
pub mod verdict;
#[cfg(feature = "wasm")]
pub mod wasm;
