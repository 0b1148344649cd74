//! Tumulte's Grafana backend data source plugin (`tumulte-scaling-datasource`).
//!
//! It serves Grafana's `pluginv2` gRPC protocol directly on the tonic server traits that
//! `grafana-plugin-sdk` exposes, and encodes its own data-plane frames with the maintained `arrow` crates, so it
//! inherits none of the SDK 0.5.0 defects listed in `../shared/grafana/PLUGIN-CONTRACT.md` (labels dropped from
//! fields with config, role `None` rejected, no frame type).
//!
//! - [`handshake`]: the go-plugin start-up (magic cookie, protocol version, the handshake line).
//! - [`logging`]: hclog-style JSON lines on stderr, which Grafana shows in its log.
//! - [`settings`], [`instance`]: the data source's settings and one instance per data source.
//! - [`prometheus`]: the Prometheus HTTP API client, its timeouts and its errors; [`tls`]: its TLS set-up.
//! - [`meta`]: what the plugin adds to its frames' meta (frames themselves are `grafana-frames`').
//! - [`query`]: the query kinds `promql`, `cacheHitRate`, `scalingVerdict`.
//! - [`health`], [`resources`], [`metrics`]: CheckHealth, CallResource, CollectMetrics.
//! - [`services`]: the gRPC services that tie them together; [`wire`]: the `QueryData` reply with `errorSource`.

pub mod context;
pub mod controller;
pub mod handshake;
pub mod health;
pub mod instance;
pub mod logging;
pub mod meta;
pub mod metrics;
pub mod prometheus;
pub mod query;
pub mod resources;
pub mod services;
pub mod settings;
pub mod shutdown;
pub mod tls;
pub mod wire;

/// The plugin's version, as `plugin.json` and the logs give it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
