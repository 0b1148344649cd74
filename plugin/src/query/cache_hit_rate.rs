//! `cacheHitRate`: `hits / (hits + misses)` in percent over the panel's interval, optionally split by a label.
//! The denominator is filtered (`> 0`), so a step without traffic is null, never NaN or ±Inf.

use std::time::Duration;

use serde_json::json;
use tumulte_policy::catalog::SCRAPE_INTERVAL;
use tumulte_policy::promql::{self, Scope};
use tumulte_policy::SignalId;

use crate::instance::Instance;
use grafana_frames::prometheus::{self as series, Style};
use grafana_frames::Frame;

use super::{QueryError, Request};

/// The shortest rate window: four scrapes ([`SCRAPE_INTERVAL`]), as Grafana's `$__rate_interval` would give.
pub const MIN_WINDOW: Duration = Duration::from_millis(4 * SCRAPE_INTERVAL.as_millis());

/// The rate window of a panel whose points are `step` seconds apart: the step, but never under [`MIN_WINDOW`].
pub fn window(step_seconds: i64) -> Duration {
    Duration::from_secs(step_seconds.max(0).unsigned_abs()).max(MIN_WINDOW)
}

/// The PromQL of the hit rate over `window`, split by `group_by` if given: the policy's, over every series with
/// the data source's pool size.
pub fn expr(window: Duration, group_by: Option<&str>, pool_size: u32) -> String {
    promql::cache_hit_rate(group_by.as_slice(), &Scope::fixed(window.into(), pool_size))
}

/// Checks a `groupBy` label name.
pub fn validate_label(label: &str) -> Result<(), QueryError> {
    let mut chars = label.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(QueryError::bad_request(format!(
            "field groupBy is {label:?}, not a label name: use letters, digits and _ (e.g. \"cache\" or \"job\"), or leave it out"
        )))
    }
}

/// Answers a `cacheHitRate` query.
pub async fn run(instance: &Instance, request: &Request, group_by: Option<&str>) -> Result<Vec<Frame>, QueryError> {
    let group_by = group_by.filter(|g| !g.is_empty());
    if let Some(label) = group_by {
        validate_label(label)?;
    }
    let grid = request.grid()?;
    let query = expr(window(grid.step), group_by, instance.settings.policy.db_pool_size);
    let answer = instance.prometheus.range(&query, &grid).await?;
    // Named and unit as the policy's cache hit-rate signal.
    let signal = instance.settings.policy.signal(SignalId::CacheHitRate);
    let mut config = json!({"unit": signal.unit.id(), "min": 0, "max": 100});
    if group_by.is_none() {
        config["displayNameFromDS"] = json!(signal.name);
    }
    let legend = group_by.map(|g| format!("{{{{{g}}}}}"));
    let style = Style {
        legend: legend.as_deref(),
        config: Some(config),
        name: &signal.name,
        finite_only: true,
    };
    Ok(vec![series::wide(
        answer,
        &grid,
        &request.ref_id,
        crate::meta::range(&query, &grid),
        &style,
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_denominator_is_filtered() {
        let e = expr(MIN_WINDOW, Some("cache"), 10);
        assert_eq!(
            e,
            "sum by (cache) (rate(tumulte_cache_hits_total[1m])) / (sum by (cache) (rate(tumulte_cache_hits_total[1m])) \
             + sum by (cache) (rate(tumulte_cache_misses_total[1m])) > 0) * 100"
        );
        assert!(promql_parser::parser::parse(&e).is_ok());
        let e = expr(Duration::from_secs(300), None, 10);
        assert!(promql_parser::parser::parse(&e).is_ok(), "{e}");
        assert!(e.contains("[5m]"), "{e}");
    }

    #[test]
    fn the_window_is_the_step_but_at_least_four_scrapes() {
        assert_eq!(MIN_WINDOW, SCRAPE_INTERVAL.to_std() * 4);
        assert_eq!(window(1), MIN_WINDOW);
        assert_eq!(window(-5), MIN_WINDOW);
        assert_eq!(window(600), Duration::from_secs(600));
    }

    #[test]
    fn group_by_must_be_a_label_name() {
        assert!(validate_label("cache").is_ok());
        assert!(validate_label("job) or vector(1").is_err());
        assert!(validate_label("9x").is_err());
    }
}
