//! Small PromQL writers, so that expressions are composed from typed metrics rather than typed by hand; and
//! [`parse`], through which every part reads PromQL.

use std::cell::Cell;

use promql_parser::parser::Expr;

use crate::catalog::Metric;

thread_local! {
    static PARSING: Cell<bool> = const { Cell::new(false) };
}

/// Parses PromQL with `promql-parser`, its complaint as the error. The parser panics on some input (a duration
/// or a number too large for its arithmetic, such as `x[20000000000000000000]`): that panic is caught and becomes
/// an error too, so no expression from outside can bring a program down.
pub fn parse(expr: &str) -> Result<Expr, String> {
    PARSING.with(|p| p.set(true));
    let result = std::panic::catch_unwind(|| promql_parser::parser::parse(expr));
    PARSING.with(|p| p.set(false));
    result.unwrap_or_else(|_| {
        Err("the parser cannot read it (a duration or a number too large?): check the durations and numbers".into())
    })
}

/// Whether this thread is inside [`parse`]. A panic hook returns early when it is: the panic is the parser's,
/// and [`parse`] turns it into an error.
pub fn parsing() -> bool {
    PARSING.with(Cell::get)
}

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
    #[test]
    fn a_parser_panic_is_an_error() {
        let e = super::parse("1e308[20000000000000000000]").expect_err("too long");
        assert!(e.contains("too large"), "{e}");
        assert!(!super::parsing());
        assert!(super::parse("rate(up[5m])").is_ok());
    }

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
