//! Small PromQL writers, so that expressions are composed from typed metrics rather than typed by hand.

use crate::catalog::Metric;

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
    use crate::catalog::MetricType;

    const HTTP_REQUESTS: Metric = Metric::new("http_requests_total", MetricType::Counter);

    #[test]
    fn empty_matchers_are_dropped() {
        assert_eq!(selector("up", &["", "job=\"a\""]), "up{job=\"a\"}");
        assert_eq!(selector("up", &[""]), "up");
    }

    #[test]
    fn rate_wraps_a_selector_with_its_window() {
        assert_eq!(rate(&HTTP_REQUESTS, &[], "5m"), "rate(http_requests_total[5m])");
    }
}
