//! See a Grafana dashboard without Grafana.
//!
//! [`host`] is a small Grafana host: it serves the page (built from `web/` with Grafana's own packages), the
//! dashboard, and `POST /api/ds/query`, answering queries on Prometheus data sources from Prometheus
//! ([`prometheus`]) and queries on backend plugins from the plugin binary spoken to over Grafana's plugin
//! protocol ([`plugin`]). [`browser`] drives a headless Chromium to screenshot the page once every panel has
//! settled. The README lists the HTTP API and the page's contract with tests.
//!
//! - [`datasource`]: Grafana's data source provisioning file; secrets that never print.
//! - [`handshake`]: go-plugin's handshake line, and a gRPC channel to the TCP port or Unix socket it names.
//! - [`dashboard`]: a dashboard JSON file.
//! - [`query`]: `/api/ds/query`'s request and answer, and Grafana's relative times.
//! - [`interval`]: Grafana's interval arithmetic (step, `$__rate_interval`, duration formats).
//! - [`screenshot`]: one settled render of the page in headless Chromium, and each panel's state.

pub mod browser;
pub mod dashboard;
pub mod datasource;
pub mod handshake;
pub mod host;
pub mod interval;
pub mod plugin;
pub mod prometheus;
pub mod query;
pub mod screenshot;
