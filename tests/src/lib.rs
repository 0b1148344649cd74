//! End-to-end tests of the Tumulte plugin and of the dashboard preview, and their benchmarks.
//!
//! - [`pluginv2`]: a tonic client generated from Grafana's newest `pluginv2` protocol
//!   (`../shared/grafana/backend.proto`).
//! - [`host`]: a Grafana-host emulator written from `PLUGIN-CONTRACT.md`: it starts the built plugin binary
//!   with Grafana's environment, reads the go-plugin handshake, and drives the services over gRPC.
//! - [`frames`]: every frame decoded with an independent Arrow reader, and checked against the data plane.
//! - [`prometheus`]: a real Prometheus (from apt, started by the test kit: the native runner's) holding the
//!   scenario history, loaded by `promtool tsdb create-blocks-from openmetrics`; or one behind TLS.
//! - [`preview`]: the overview's world for `dash preview`'s page tests and benchmark: the native stack with the
//!   demo's history and live traffic, and the preview's host with the real plugin.
//! - [`scale`]: the scaling benchmark's history (a gauge of 100 series over 45 h) and rows (`scale-bench`).
//! - [`scenario`]: OpenMetrics history whose verdict is known in advance (written by the demo's OpenMetrics
//!   writer).
//! - [`tls`]: certificates and the web configuration of a Prometheus that wants TLS, a client certificate and
//!   basic auth.
//! - [`bench`]: what the benchmarks measure with: medians, a process's CPU time and memory from `/proc`,
//!   Prometheus asked directly.
//! - [`faults`]: the plugin under 64 concurrent queries while Prometheus is killed and restarted and while
//!   [`proxy`] (a loopback proxy in front of it) answers slowly, 503 or garbage: every answer in time and naming
//!   its fault; the end-to-end test runs a minute of it, `fault-bench` ten.
//! - [`upstream`]: fake upstreams for faults a real Prometheus does not produce on demand (slow, 5xx, garbage,
//!   refused credentials).
//!
//! HTTP, the rule for a missing tool, the repository's paths, VictoriaMetrics and the Prometheus itself come
//! from the test kit (`tests/kit`, crate `tumulte-test-kit`), which every crate's tests share.

pub mod bench;
pub mod faults;
pub mod frames;
pub mod host;
pub mod preview;
pub mod prometheus;
pub mod proxy;
pub mod scale;
pub mod scenario;
pub mod tls;
pub mod upstream;

/// The client side of Grafana's `pluginv2` protocol.
#[allow(missing_docs, clippy::all, clippy::pedantic, clippy::unwrap_used)]
pub mod pluginv2 {
    tonic::include_proto!("pluginv2");
}

pub use tumulte_test_kit::Error;
