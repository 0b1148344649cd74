//! Small PromQL writers, so that signals compose expressions from typed metrics rather than by hand.

use super::metrics::Metric;

/// A vector selector: `name{m1,m2}`, or `name` when there is no matcher.
pub fn selector(name: &str, matchers: &[&str]) -> String {
    let matchers: Vec<&str> = matchers.iter().copied().filter(|m| !m.is_empty()).collect();
    if matchers.is_empty() {
        name.to_owned()
    } else {
        format!("{name}{{{}}}", matchers.join(","))
    }
}

/// `rate(selector[window])` over a metric.
pub fn rate(metric: &Metric, matchers: &[&str], window: &str) -> String {
    format!("rate({}[{window}])", selector(metric.name, matchers))
}

/// `sum by (labels) (inner)`, or `sum(inner)` without labels.
pub fn sum_by(labels: &[&str], inner: &str) -> String {
    if labels.is_empty() {
        format!("sum({inner})")
    } else {
        format!("sum by ({}) ({inner})", labels.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tumulte::metrics::HTTP_REQUESTS;

    #[test]
    fn empty_matchers_are_dropped() {
        assert_eq!(selector("up", &["", "job=\"a\""]), "up{job=\"a\"}");
        assert_eq!(selector("up", &[""]), "up");
    }

    #[test]
    fn rate_wraps_a_selector_with_its_window() {
        assert_eq!(rate(&HTTP_REQUESTS, &[], "5m"), "rate(tumulte_http_requests_total[5m])");
    }
}
