//! PromQL: Grafana macro and variable substitution, parsing with `promql-parser`, and the expression rules
//! (known metrics, counters only under `rate`, `$__rate_interval` as the range of `rate` in dashboards).

use std::time::Duration;

use promql_parser::label::{MatchOp, METRIC_NAME};
use promql_parser::parser::{self, Expr, VectorSelector};
use promql_parser::util::display_duration;

use super::templating::{reference_at, Templating};
use super::{Issue, LintContext, Rule};

/// Grafana's interval macros and what they become: a distinct sentinel each, values nobody types, so that a
/// range can be traced back to its macro after parsing.
const MACROS: [(&str, &str); 8] = [
    ("__rate_interval", "7777ms"),
    ("__rate_interval_ms", "7777"),
    ("__interval", "6661ms"),
    ("__interval_ms", "6661"),
    ("__range", "5557ms"),
    ("__range_s", "5557"),
    ("__range_ms", "5557000"),
    ("__auto", "4441ms"),
];

/// What `$__rate_interval` parses to.
const RATE_INTERVAL: Duration = Duration::from_millis(7777);

/// The duration macros, by the sentinel they parse to.
const SENTINELS: [(Duration, &str); 4] = [
    (RATE_INTERVAL, "$__rate_interval"),
    (Duration::from_millis(6661), "$__interval"),
    (Duration::from_millis(5557), "$__range"),
    (Duration::from_millis(4441), "$__auto"),
];

/// Functions whose range must be `$__rate_interval` in a dashboard.
const RATE_FUNCTIONS: [&str; 3] = ["rate", "irate", "increase"];

/// Functions a counter may be the argument of.
const COUNTER_FUNCTIONS: [&str; 7] = [
    "rate",
    "irate",
    "increase",
    "resets",
    "changes",
    "absent",
    "absent_over_time",
];

/// Whether the range rule applies: dashboards must use `$__rate_interval`, rule files use fixed windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ranges {
    RateInterval,
    Fixed,
}

/// An expression with Grafana's macros and variables replaced by parseable text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Substituted {
    text: String,
    /// Variables referenced but not defined, each once, in order of appearance.
    unknown: Vec<String>,
}

/// Replaces Grafana's macros by their sentinels, and variables by `var` inside a quoted string or `1` outside
/// (a number, which is also a valid duration in seconds). Comments are left alone.
fn substitute(expr: &str, templating: &Templating) -> Substituted {
    let chars: Vec<char> = expr.chars().collect();
    let mut text = String::with_capacity(expr.len());
    let mut unknown: Vec<String> = Vec::new();
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if comment {
            comment = c != '\n';
        } else if let Some(reference) = reference_at(&chars, i) {
            let quoted = quote.is_some();
            let name = reference.name;
            let replacement = match MACROS.iter().find(|(m, _)| *m == name) {
                Some((_, sentinel)) => sentinel,
                None if quoted => "var",
                None => "1",
            };
            if !name.starts_with("__") && !templating.defines(&name) && !unknown.contains(&name) {
                unknown.push(name);
            }
            text.push_str(replacement);
            i += reference.len;
            continue;
        } else if let Some(q) = quote {
            if c == '\\' && q != '`' {
                text.push(c);
                i += 1;
                if let Some(&escaped) = chars.get(i) {
                    text.push(escaped);
                    i += 1;
                }
                continue;
            }
            if c == q {
                quote = None;
            }
        } else if matches!(c, '"' | '\'' | '`') {
            quote = Some(c);
        } else if c == '#' {
            comment = true;
        }
        text.push(c);
        i += 1;
    }
    Substituted { text, unknown }
}

/// Lints an expression of a dashboard target: variables, parse, metrics, counters, `$__rate_interval`.
pub(super) fn lint_dashboard_expr(expr: &str, templating: &Templating, ctx: &LintContext) -> Vec<Issue> {
    let substituted = substitute(expr, templating);
    let mut issues: Vec<Issue> = substituted
        .unknown
        .iter()
        .map(|name| {
            Issue::new(
                Rule::UnknownVariable,
                format!("variable \"${name}\" is not defined in templating.list"),
            )
        })
        .collect();
    issues.extend(lint_parsed(&substituted.text, Ranges::RateInterval, ctx));
    issues
}

/// Lints an expression of a rule file: parse, metrics, counters.
pub(super) fn lint_rule_expr(expr: &str, ctx: &LintContext) -> Vec<Issue> {
    lint_parsed(expr, Ranges::Fixed, ctx)
}

fn lint_parsed(text: &str, ranges: Ranges, ctx: &LintContext) -> Vec<Issue> {
    match parser::parse(text) {
        Err(error) => vec![Issue::new(
            Rule::PromqlParse,
            format!("PromQL does not parse: {}", error.trim()),
        )],
        Ok(ast) => {
            let mut walk = Walk {
                ctx,
                ranges,
                issues: Vec::new(),
            };
            walk.expr(&ast);
            walk.issues
        }
    }
}

/// The AST walk: collects issues, each once.
struct Walk<'c, 'a> {
    ctx: &'c LintContext<'a>,
    ranges: Ranges,
    issues: Vec<Issue>,
}

impl Walk<'_, '_> {
    fn push(&mut self, issue: Issue) {
        if !self.issues.contains(&issue) {
            self.issues.push(issue);
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Aggregate(a) => {
                if let Some(param) = &a.param {
                    self.expr(param);
                }
                self.expr(&a.expr);
            }
            Expr::Unary(u) => self.expr(&u.expr),
            Expr::Binary(b) => {
                self.expr(&b.lhs);
                self.expr(&b.rhs);
            }
            Expr::Paren(p) => self.expr(&p.expr),
            Expr::Subquery(s) => self.expr(&s.expr),
            Expr::VectorSelector(vs) => self.selector(vs, false),
            Expr::MatrixSelector(ms) => self.selector(&ms.vs, false),
            Expr::Call(call) => {
                let name = call.func.name;
                let counter_ok = COUNTER_FUNCTIONS.contains(&name);
                for arg in &call.args.args {
                    match arg.as_ref() {
                        Expr::MatrixSelector(ms) if counter_ok => {
                            self.range(name, ms.range);
                            self.selector(&ms.vs, true);
                        }
                        Expr::Subquery(sq) if counter_ok => {
                            self.range(name, sq.range);
                            match unparen(&sq.expr) {
                                Expr::VectorSelector(vs) => self.selector(vs, true),
                                inner => self.expr(inner),
                            }
                        }
                        other => self.expr(other),
                    }
                }
            }
            Expr::NumberLiteral(_) | Expr::StringLiteral(_) | Expr::Extension(_) => {}
        }
    }

    /// Checks the range of a `rate`-like function, in dashboards.
    fn range(&mut self, function: &str, range: Duration) {
        if self.ranges == Ranges::RateInterval && RATE_FUNCTIONS.contains(&function) && range != RATE_INTERVAL {
            let shown = SENTINELS
                .iter()
                .find(|(d, _)| *d == range)
                .map_or_else(|| display_duration(&range), |(_, m)| (*m).to_owned());
            self.push(Issue::new(
                Rule::RateInterval,
                format!("{function}() over [{shown}]: use [$__rate_interval]"),
            ));
        }
    }

    /// Checks a selector's metric names; `counter_ok` when it is the argument of a counter function.
    fn selector(&mut self, vs: &VectorSelector, counter_ok: bool) {
        for name in metric_names(vs) {
            if !self.ctx.is_known(name) {
                self.push(Issue::new(
                    Rule::UnknownMetric,
                    format!("metric \"{name}\" is neither in the catalog nor a recorded series"),
                ));
            } else if !counter_ok && self.ctx.is_counter(name) {
                self.push(Issue::new(
                    Rule::CounterOutsideRate,
                    format!("counter \"{name}\" is used outside rate(), irate() or increase()"),
                ));
            }
        }
    }
}

/// The metric names a selector pins: its name and its `__name__="…"` matchers.
fn metric_names(vs: &VectorSelector) -> Vec<&str> {
    let matchers = vs
        .matchers
        .matchers
        .iter()
        .chain(vs.matchers.or_matchers.iter().flatten());
    let pinned = matchers
        .filter(|m| m.name == METRIC_NAME && matches!(m.op, MatchOp::Equal))
        .map(|m| m.value.as_str());
    let mut names: Vec<&str> = vs.name.as_deref().into_iter().chain(pinned).collect();
    names.dedup();
    names
}

fn unparen(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(p) => unparen(&p.expr),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{dashboard, lint, rules, set_expr};
    use super::*;

    fn templating() -> Templating {
        Templating::of(&dashboard())
    }

    fn subst(expr: &str) -> String {
        substitute(expr, &templating()).text
    }

    /// Sets the first target's expression of the "Requests" panel, lints, and returns the findings.
    fn lint_requests_expr(expr: &str) -> Vec<super::super::Finding> {
        let mut d = dashboard();
        set_expr(&mut d, expr);
        lint(&d)
    }

    #[test]
    fn each_interval_macro_becomes_its_own_sentinel() {
        assert_eq!(subst("[$__rate_interval]"), "[7777ms]");
        assert_eq!(subst("[${__rate_interval}]"), "[7777ms]");
        assert_eq!(subst("[$__interval]"), "[6661ms]");
        assert_eq!(subst("[$__range]"), "[5557ms]");
        assert_eq!(
            subst("$__interval_ms / $__range_s + $__range_ms"),
            "6661 / 5557 + 5557000"
        );
    }

    #[test]
    fn a_variable_in_quotes_becomes_a_placeholder_and_outside_a_number() {
        assert_eq!(subst("x{job=~\"$job\"} / $db_pool_size"), "x{job=~\"var\"} / 1");
        assert_eq!(subst("x{job=~'${job:regex}'} / [[db_pool_size]]"), "x{job=~'var'} / 1");
    }

    #[test]
    fn escaped_quotes_do_not_end_a_string() {
        assert_eq!(subst(r#"x{a="\"$job"} / $job"#), r#"x{a="\"var"} / 1"#);
    }

    #[test]
    fn comments_are_not_substituted() {
        assert_eq!(subst("x # $nope \"\n/ $job"), "x # $nope \"\n/ 1");
        assert_eq!(substitute("x # $nope", &templating()).unknown, Vec::<String>::new());
    }

    #[test]
    fn an_unparseable_expression_is_promql_parse_with_the_parser_message() {
        let findings = lint_requests_expr("sum(rate(app_http_requests_total[$__rate_interval])");
        assert_eq!(rules(&findings), vec![Rule::PromqlParse]);
        let shown = findings[0].to_string();
        assert!(
            shown.starts_with("panel \"Requests\" (id 2) target A: PromQL does not parse: "),
            "{shown}"
        );
        let error = parser::parse("sum(rate(app_http_requests_total[7777ms])")
            .err()
            .unwrap_or_default();
        assert!(!error.is_empty() && shown.contains(error.trim()), "{shown}");
    }

    #[test]
    fn a_metric_missing_from_the_catalog_is_unknown_metric() {
        let findings = lint_requests_expr("sum(app_http_requests_totl)");
        assert_eq!(rules(&findings), vec![Rule::UnknownMetric]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Requests\" (id 2) target A: metric \"app_http_requests_totl\" is neither in the catalog \
             nor a recorded series [unknown-metric]"
        );
    }

    #[test]
    fn a_name_matcher_is_checked_like_a_name() {
        let findings = lint_requests_expr("sum({__name__=\"nope\"})");
        assert_eq!(rules(&findings), vec![Rule::UnknownMetric]);
        assert!(findings[0].message.contains("\"nope\""));
    }

    #[test]
    fn a_recorded_series_is_known() {
        assert_eq!(
            lint_requests_expr("sum(job:app_http_requests:rate5m{job=~\"$job\"})"),
            vec![]
        );
    }

    #[test]
    fn a_fixed_window_inside_rate_is_rate_interval() {
        let findings = lint_requests_expr("sum(rate(app_http_requests_total[5m]))");
        assert_eq!(rules(&findings), vec![Rule::RateInterval]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Requests\" (id 2) target A: rate() over [5m]: use [$__rate_interval] [rate-interval]"
        );
    }

    #[test]
    fn the_interval_macro_inside_rate_is_rate_interval() {
        let findings = lint_requests_expr("sum(increase(app_http_requests_total[$__interval]))");
        assert_eq!(rules(&findings), vec![Rule::RateInterval]);
        assert_eq!(
            findings[0].message,
            "increase() over [$__interval]: use [$__rate_interval]"
        );
    }

    #[test]
    fn the_range_of_a_subquery_inside_rate_is_checked() {
        let findings = lint_requests_expr("sum(irate(app_http_requests_total[10m:1m]))");
        assert_eq!(rules(&findings), vec![Rule::RateInterval]);
    }

    #[test]
    fn a_counter_in_a_subquery_inside_rate_is_fine() {
        assert_eq!(
            lint_requests_expr("sum(rate(app_http_requests_total[$__rate_interval:]))"),
            vec![]
        );
    }

    #[test]
    fn a_raw_counter_is_counter_outside_rate() {
        let findings = lint_requests_expr("sum(app_http_requests_total{job=~\"$job\"})");
        assert_eq!(rules(&findings), vec![Rule::CounterOutsideRate]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Requests\" (id 2) target A: counter \"app_http_requests_total\" is used outside rate(), \
             irate() or increase() [counter-outside-rate]"
        );
    }

    #[test]
    fn a_counter_over_time_is_counter_outside_rate() {
        let findings = lint_requests_expr("sum(max_over_time(app_votes_received_total[$__rate_interval]))");
        assert_eq!(rules(&findings), vec![Rule::CounterOutsideRate]);
    }

    #[test]
    fn a_raw_histogram_bucket_is_counter_outside_rate() {
        let findings = lint_requests_expr("sum by (le) (app_http_request_duration_seconds_bucket)");
        assert_eq!(rules(&findings), vec![Rule::CounterOutsideRate]);
    }

    #[test]
    fn a_gauge_named_total_used_raw_is_fine() {
        assert_eq!(
            lint_requests_expr("sum(app_websocket_connections_total{job=~\"$job\"})"),
            vec![]
        );
    }

    #[test]
    fn histogram_quantile_over_rate_of_bucket_is_fine() {
        let expr = "histogram_quantile(0.99, sum by (le) \
                    (rate(app_http_request_duration_seconds_bucket{job=~\"$job\"}[$__rate_interval])))";
        assert_eq!(lint_requests_expr(expr), vec![]);
    }

    #[test]
    fn an_undefined_variable_is_unknown_variable() {
        let findings = lint_requests_expr("sum(rate(app_http_requests_total{job=~\"$jobs\"}[$__rate_interval]))");
        assert_eq!(rules(&findings), vec![Rule::UnknownVariable]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Requests\" (id 2) target A: variable \"$jobs\" is not defined in templating.list \
             [unknown-variable]"
        );
    }

    #[test]
    fn a_numeric_variable_divides() {
        assert_eq!(
            lint_requests_expr("sum(app_db_connections_active) / ${db_pool_size}"),
            vec![]
        );
    }

    #[test]
    fn a_multi_line_expression_with_comments_parses() {
        let expr = "# error ratio, in percent\n\
                    100 * sum(rate(app_http_requests_total{status_code=~\"5..\"}[$__rate_interval])) # errors\n\
                    / sum(rate(app_http_requests_total[$__rate_interval])) # all\n";
        assert_eq!(lint_requests_expr(expr), vec![]);
    }

    #[test]
    fn a_plugin_promql_target_is_linted() {
        let mut d = dashboard();
        let target = json!({
            "refId": "B",
            "datasource": {"type": "computed-datasource", "uid": "computed"},
            "kind": "promql",
            "expr": "app_polls_launched_total",
        });
        if let Some(targets) = d["panels"][1]["targets"].as_array_mut() {
            targets.push(target);
        }
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::CounterOutsideRate]);
        assert!(findings[0]
            .to_string()
            .starts_with("panel \"Requests\" (id 2) target B: "));
    }

    #[test]
    fn a_non_prometheus_target_is_not_parsed_as_promql() {
        let mut d = dashboard();
        d["panels"][1]["targets"][0]["datasource"] = json!({"type": "loki", "uid": "${datasource}"});
        set_expr(&mut d, "{app=\"tumulte\"} |= \"error\"");
        assert_eq!(lint(&d), vec![]);
    }
}
