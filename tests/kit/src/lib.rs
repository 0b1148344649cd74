//! The test kit: what every crate's tests share, one concept per module.
//!
//! - [`http`]: the one loopback HTTP client ([`http::get`], [`http::post`], with a timeout, answering status and
//!   body) and the one loopback HTTP server ([`http::Server`]) standing in for an app or a webhook.
//! - [`tools`]: the one rule for a test that needs what the machine may lack: `SKIPPED: …`, or a failure when
//!   `TUMULTE_REQUIRE_TOOLS=1` (`scripts/test` sets it); [`tools::which`].
//! - [`binaries`]: the workspace's binaries other packages' tests run (`dash`), built by cargo for the test
//!   binary's own profile; [`plugin`]: the plugin binary, built so.
//! - [`properties`]: what property tests share (their number of cases, the longest refusal).
//! - [`repo`]: the repository's root and `../shared` (or `TUMULTE_SHARED`).
//! - `prometheus` (feature `prometheus`): the one way to start Prometheus, VictoriaMetrics and Alertmanager for
//!   a test — the native runner's (`tumulte-stack`) — and their HTTP API.
//! - `openmetrics` (feature `prometheus`): history for those engines, written by the demo's OpenMetrics writer
//!   (`tumulte_demo::openmetrics`, the one writer).
//!
//! Without the feature the kit needs std and the native runner's HTTP client only: every crate's tests can link it.

pub mod binaries;
pub mod http;
#[cfg(feature = "prometheus")]
pub mod openmetrics;
pub mod plugin;
#[cfg(feature = "prometheus")]
pub mod prometheus;
pub mod properties;
pub mod repo;
pub mod tools;

/// What a fixture's failure is: a message saying what failed.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
