//! Tumulte's monitoring policy, defined once: what is watched, how it is judged, and what is advised.
//!
//! - [`catalog`]: the metrics Tumulte and its exporters expose, typed, and the scrape jobs;
//! - [`signal`], [`alert`], [`policy`]: the signals with the scaling table's steps, the alert table, and the
//!   [`Policy`] that holds them with Tumulte's defaults; [`promql`]: the PromQL of each;
//! - [`slo`]: the service-level objectives and their multi-window, multi-burn-rate alerts;
//! - [`level`]: levels from ok to critical, with their colours;
//! - [`verdict`]: the pure engine, signal values in, levels and advice out; [`overrides`]: a data source's
//!   changes to the scaling steps;
//! - [`query`], [`settings`]: what the Tumulte Scaling data source reads: its query model and its `jsonData`;
//! - [`verdict_alert`]: the verdict as a Grafana-managed alert (level, pending period, window, texts);
//! - [`names`]: the uids and ids other parts rely on.
//!
//! ```
//! use std::collections::BTreeMap;
//! use tumulte_policy::{verdict, Level, Policy, SignalId};
//!
//! let policy = Policy::default();
//! let mut readings: BTreeMap<SignalId, Option<f64>> =
//!     policy.scaling_signals().map(|s| (s.id, Some(0.0))).collect();
//! readings.insert(SignalId::LatencyP95, Some(1.3));
//! let verdict = verdict::evaluate(&policy, &readings).expect("every signal is given");
//! assert_eq!(verdict.overall, Level::Critical);
//! assert_eq!(verdict.action, "Latency p95: Scale the backend");
//! ```

pub mod alert;
pub mod catalog;
mod defaults;
pub mod level;
pub mod names;
pub mod overrides;
pub mod policy;
pub mod promql;
pub mod query;
pub mod settings;
pub mod signal;
pub mod slo;
pub mod verdict;
pub mod verdict_alert;

pub use alert::{AlertSpec, Bound, Condition, Service};
pub use level::Level;
pub use policy::{Policy, PolicyError};
pub use signal::{Direction, Signal, SignalId, Step};
