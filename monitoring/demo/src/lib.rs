//! Tumulte demo traffic generator: a stand-in for Tumulte's backend that exposes exactly the catalog's
//! `tumulte_*` metrics, driven by scenarios placed against the thresholds of `Policy::default()`, and a writer of
//! OpenMetrics history for `promtool tsdb create-blocks-from openmetrics`.
//!
//! - [`scenario`]: [`Scenario`] (calm, busy, overload, outage), [`Thresholds`] read from a policy, [`Timeline`].
//! - [`model`]: the deterministic [`Simulation`] and its exposition (through `prometheus-client`).
//! - [`server`]: [`DemoServer`], the HTTP endpoint (`/metrics`, `/health`, `POST /scenario/<name>`).
//! - [`openmetrics`]: [`openmetrics::History`], OpenMetrics history written from successive scrapes (the demo's
//!   and the tests' alike), and [`openmetrics::create_blocks`] (promtool).
//! - [`backfill`]: [`BackfillSpec`], [`backfill::write_openmetrics`]: the simulation's history over a window.
//!
//! ```
//! use tumulte_demo::{DemoServer, Scenario};
//!
//! let server = DemoServer::start("127.0.0.1:0", Scenario::Calm).expect("binds");
//! assert_ne!(server.addr().port(), 0);
//! server.set_scenario(Scenario::Overload);
//! assert!(server.exposition().expect("encodes").contains("tumulte_http_request_duration_seconds_bucket"));
//! server.shutdown();
//! ```

pub mod backfill;
pub mod model;
pub mod openmetrics;
pub mod rng;
pub mod scenario;
pub mod server;

pub use backfill::BackfillSpec;
pub use model::Simulation;
pub use scenario::{Scenario, Thresholds, Timeline};
pub use server::{DemoConfig, DemoServer};

/// The seed used when none is given ("tumulte" in ASCII).
pub const DEFAULT_SEED: u64 = 0x0074_756d_756c_7465;

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A scenario name that is not calm, busy, overload or outage.
    #[error("unknown scenario {0:?} (expected calm, busy, overload or outage)")]
    UnknownScenario(String),
    /// A malformed `--timeline`.
    #[error("bad timeline {0}")]
    Timeline(String),
    /// The policy lacks a threshold the scenarios are placed against.
    #[error("policy: {0}")]
    Policy(String),
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {reason}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// Why.
        reason: String,
    },
    /// Encoding the exposition failed.
    #[error("encoding the exposition failed")]
    Encode,
    /// A backfill argument is out of range.
    #[error("backfill: {0}")]
    Backfill(String),
    /// A line of an exposition that is not a sample, a comment or blank.
    #[error("unparsable exposition line {0:?}")]
    Exposition(String),
    /// promtool could not be run or refused the file.
    #[error("promtool: {0}")]
    Promtool(String),
    /// Reading or writing a file.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
