//! `cacheHitRate`: `hits / (hits + misses)` in percent over the panel's interval, optionally split by a label.
//! The denominator is filtered (`> 0`), so a step without traffic is null, never NaN or ±Inf.

use serde_json::json;
use tumulte_policy::catalog::{CACHE_HITS, CACHE_MISSES};

use crate::frames::series::{self, Style};
use crate::frames::Frame;
use crate::instance::Instance;

use super::{QueryError, Request};

/// The shortest rate window: four scrapes of 15 s, as Grafana's `$__rate_interval` would give.
pub const MIN_WINDOW_SECONDS: i64 = 60;

/// The PromQL of the hit rate over `window`, split by `group_by` if given.
pub fn expr(window: &str, group_by: Option<&str>) -> String {
    let by = group_by.map(|g| format!(" by ({g})")).unwrap_or_default();
    let hits = format!("sum{by} (rate({}[{window}]))", CACHE_HITS.name);
    let misses = format!("sum{by} (rate({}[{window}]))", CACHE_MISSES.name);
    format!("{hits} / ({hits} + {misses} > 0) * 100")
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
    let window = format!("{}s", grid.step.max(MIN_WINDOW_SECONDS));
    let query = expr(&window, group_by);
    let data = instance
        .prometheus
        .range(&query, grid.start, grid.end, grid.step as f64)
        .await?;
    let mut config = json!({"unit": "percent", "min": 0, "max": 100});
    if group_by.is_none() {
        config["displayNameFromDS"] = json!("Cache hit rate");
    }
    let legend = group_by.map(|g| format!("{{{{{g}}}}}"));
    let style = Style {
        legend: legend.as_deref(),
        config: Some(config),
        name: "Cache hit rate",
        finite_only: true,
    };
    Ok(vec![series::wide(
        data,
        &grid,
        &request.ref_id,
        series::range_meta(&query, &grid),
        &style,
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_denominator_is_filtered() {
        let e = expr("60s", Some("cache"));
        assert_eq!(
            e,
            "sum by (cache) (rate(tumulte_cache_hits_total[60s])) / (sum by (cache) (rate(tumulte_cache_hits_total[60s])) \
             + sum by (cache) (rate(tumulte_cache_misses_total[60s])) > 0) * 100"
        );
        assert!(promql_parser::parser::parse(&e).is_ok());
        assert!(promql_parser::parser::parse(&expr("5m", None)).is_ok());
    }

    #[test]
    fn group_by_must_be_a_label_name() {
        assert!(validate_label("cache").is_ok());
        assert!(validate_label("job) or vector(1").is_err());
        assert!(validate_label("9x").is_err());
    }
}
