//! `promql`: PromQL passed through, as a range query (a `timeseries-wide` frame on the panel's grid) or an
//! instant query at the range's end (a `numeric-wide` frame), labels kept on every value field and the legend
//! template applied as each field's display name.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock, PoisonError};

use grafana_dashboards::excerpt::clip;

use crate::instance::Instance;
use grafana_frames::prometheus::{self as series, Style};
use grafana_frames::{Frame, FrameType, Meta};

use super::{QueryError, Request};

/// How many valid expressions are remembered; past it the memory starts afresh.
const REMEMBERED: usize = 1024;

/// The longest expression remembered (bytes): with [`REMEMBERED`], what bounds the memory to 4 MiB, however
/// long the expressions sent.
const REMEMBERED_LEN: usize = 4096;

/// Expressions already parsed and found valid: a dashboard sends the same few on every refresh, and parsing
/// one costs about as much as the rest of the plugin's work on a short query.
fn valid() -> &'static Mutex<HashSet<String>> {
    static VALID: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    VALID.get_or_init(Mutex::default)
}

/// Checks an expression before sending it, so a typo is a 400 even when Prometheus is down.
pub fn validate(expr: &str) -> Result<(), QueryError> {
    if expr.trim().is_empty() {
        return Err(QueryError::bad_request(
            "field expr is empty: write a PromQL expression, e.g. sum by (job) (rate(tumulte_http_requests_total[5m]))",
        ));
    }
    let remembered = || valid().lock().unwrap_or_else(PoisonError::into_inner);
    if remembered().contains(expr) {
        return Ok(());
    }
    grafana_dashboards::promql::parse(expr).map_err(|e| {
        QueryError::bad_request(format!(
            "field expr is not valid PromQL: {}. Fix the expression (it is sent to Prometheus as written)",
            clip(&e.to_string())
        ))
    })?;
    if expr.len() > REMEMBERED_LEN {
        return Ok(());
    }
    let mut set = remembered();
    if set.len() >= REMEMBERED {
        set.clear();
    }
    set.insert(expr.to_owned());
    Ok(())
}

/// Answers a `promql` query.
pub async fn run(
    instance: &Instance,
    request: &Request,
    expr: &str,
    legend: Option<&str>,
    instant: bool,
) -> Result<Vec<Frame>, QueryError> {
    validate(expr)?;
    let style = Style {
        legend: legend.filter(|l| !l.is_empty() && *l != "__auto"),
        config: None,
        name: "Value",
        finite_only: false,
    };
    let prometheus = &instance.prometheus;
    if instant {
        let at = request.to_ms.div_euclid(1000);
        let answer = prometheus.instant(expr, at).await?;
        let meta = Meta::new(FrameType::NumericWide).executed(expr);
        return Ok(vec![series::numeric(answer, &request.ref_id, meta, &style)]);
    }
    let grid = request.grid()?;
    let answer = prometheus.range(expr, &grid).await?;
    Ok(vec![series::wide(
        answer,
        &grid,
        &request.ref_id,
        crate::meta::range(expr, &grid),
        &style,
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_promql_is_a_400_naming_expr() {
        let e = validate("sum(rate(x[5m])").expect_err("unbalanced");
        assert_eq!(e.status, 400);
        assert!(e.message.starts_with("field expr is not valid PromQL"), "{}", e.message);
        assert!(validate("  ")
            .expect_err("empty")
            .message
            .contains("field expr is empty"));
        assert!(validate("sum by (job) (rate(tumulte_http_requests_total[5m]))").is_ok());
    }

    #[test]
    fn a_remembered_expression_is_still_checked_exactly() {
        let good = "sum(rate(tumulte_http_requests_total[5m]))";
        assert!(validate(good).is_ok());
        assert!(validate(good).is_ok(), "remembered");
        assert!(
            validate(&format!("{good})")).is_err(),
            "a near twin is parsed, not remembered"
        );
    }
}
