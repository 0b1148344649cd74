//! The simulated backend, one concept per module:
//!
//! - [`routes`]: what it serves — its routes (latency, answers, traffic per scenario) and its caches;
//! - [`latency`]: the latency distribution, its quantiles, and Prometheus' `histogram_quantile`;
//! - `params`: the state each scenario pulls the simulation towards;
//! - [`settled`]: what each scenario's signals settle at ([`expected`]), computed without simulating;
//! - [`metrics`]: the catalog's families registered with `prometheus-client`, and their exposition;
//! - [`simulation`]: the [`Simulation`] advanced in ticks of simulated time with seeded randomness.

pub mod latency;
pub mod metrics;
mod params;
pub mod routes;
pub mod settled;
pub mod simulation;

pub use metrics::CONTENT_TYPE;
pub use settled::{expected, Expected};
pub use simulation::Simulation;
