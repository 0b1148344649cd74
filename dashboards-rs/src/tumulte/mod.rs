//! Tumulte's definitions: the metric catalog, the signals and thresholds of the seed, the overview dashboard,
//! the Prometheus rules, and the names other parts (provisioning, the plugin) rely on.

pub mod metrics;
pub mod names;
pub mod overrides;
pub mod overview;
pub mod promql;
pub mod provisioning;
pub mod query;
pub mod rules;
pub mod scrape;
pub mod signals;
