//! The expression rules: an expression parses with the real `promql-parser` once Grafana's syntax is substituted
//! (`target-promql`, or `not-promql` for MetricsQL on VictoriaMetrics), its variables exist (`unknown-variable`),
//! its metrics are in the catalog (`unknown-metric`), counters go through `rate` (`target-counter-agg`) over
//! `$__rate_interval` (`target-rate-interval`), selectors filter on the `job` and `instance` variables
//! (`target-job`, `target-instance`), and no exact match compares with a multi-value variable
//! (`target-multi-value-exact-match`).

use std::time::Duration;

use promql_parser::label::{MatchOp, Matcher, METRIC_NAME};
use promql_parser::parser::{Expr, VectorSelector};
use promql_parser::util::display_duration;

use super::substitute::{substitute, Substituted, RATE_INTERVAL};
use super::templating::Templating;
use super::{Issue, LintContext, Rule};

/// Functions whose range must be `$__rate_interval` in a dashboard.
const RATE_FUNCTIONS: [&str; 3] = ["rate", "irate", "increase"];

/// Functions a counter may be the argument of: those made for counters, and those that read whether samples
/// exist, not their values.
const COUNTER_FUNCTIONS: [&str; 10] = [
    "rate",
    "irate",
    "increase",
    "resets",
    "changes",
    "absent",
    "absent_over_time",
    "present_over_time",
    "count_over_time",
    "timestamp",
];

/// Aggregations that count series and ignore their values: `count(count(node_cpu_seconds_total) by (cpu))`
/// counts CPUs.
const COUNTING_AGGREGATIONS: [&str; 2] = ["count", "group"];

/// Without a catalog, the suffixes that make a series a counter: `_total` is what OpenMetrics requires of a
/// counter (and what dashboard-linter reads), `_bucket` a classic histogram's cumulative buckets. Not `_sum` nor
/// `_count`, which gauges end in too (`pg_stat_activity_count`).
const COUNTER_SUFFIXES: [&str; 2] = ["_total", "_bucket"];

/// The language a target speaks, from its data source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    /// Prometheus (or a plugin that speaks PromQL).
    Promql,
    /// VictoriaMetrics' MetricsQL, a superset of PromQL.
    Metricsql,
}

/// Where an expression is, which decides the rules that apply.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scope<'t, 'v> {
    /// The dashboard's variables; `None` in a rule file.
    templating: Option<&'t Templating<'v>>,
    /// Whether a `rate` must range over `$__rate_interval` (dashboards), or any window will do (rule files).
    rate_interval: bool,
    /// Whether dashboard-linter's job/instance conventions apply (a Prometheus-templated dashboard).
    conventions: bool,
}

impl<'t, 'v> Scope<'t, 'v> {
    /// A target of a dashboard.
    pub(super) fn dashboard(templating: &'t Templating<'v>) -> Self {
        Scope {
            templating: Some(templating),
            rate_interval: true,
            conventions: templating.is_prometheus(),
        }
    }
}

/// Lints an expression of a dashboard target: variables, parse, metrics, counters, ranges, matchers.
pub(super) fn lint_dashboard_expr(expr: &str, dialect: Dialect, scope: Scope, ctx: &LintContext) -> Vec<Issue> {
    let none = Templating::default();
    let substituted = substitute(expr, scope.templating.unwrap_or(&none));
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
    issues.extend(lint_parsed(&substituted, dialect, scope, ctx));
    issues
}

/// Lints an expression of a rule file: parse, metrics, counters.
pub(super) fn lint_rule_expr(expr: &str, ctx: &LintContext) -> Vec<Issue> {
    let scope = Scope {
        templating: None,
        rate_interval: false,
        conventions: false,
    };
    lint_parsed(&Substituted::verbatim(expr), Dialect::Promql, scope, ctx)
}

/// A PromQL expression of the dashboard, variables substituted, parsed; or the parser's complaint.
pub(super) fn parse(expr: &str, templating: &Templating) -> Result<Expr, String> {
    let substituted = substitute(expr, templating);
    crate::promql::parse(&substituted.text).map_err(|error| substituted.restore(error.trim()))
}

fn lint_parsed(substituted: &Substituted, dialect: Dialect, scope: Scope, ctx: &LintContext) -> Vec<Issue> {
    if substituted.text.trim().is_empty() {
        return vec![Issue::new(Rule::TargetPromql, "the query is empty")];
    }
    match crate::promql::parse(&substituted.text) {
        Err(error) => {
            let error = substituted.restore(error.trim());
            let error = crate::excerpt::clip(&error);
            vec![match dialect {
                Dialect::Promql => Issue::new(Rule::TargetPromql, format!("PromQL does not parse: {error}")),
                Dialect::Metricsql => Issue::warning(
                    Rule::NotPromql,
                    format!("MetricsQL (VictoriaMetrics data source) that is not PromQL, so not checked: {error}"),
                ),
            }]
        }
        Ok(ast) => {
            let mut walk = Walk {
                ctx,
                scope,
                substituted,
                issues: Vec::new(),
            };
            walk.expr(&ast);
            walk.issues
        }
    }
}

/// The AST walk: collects issues, each once.
struct Walk<'c, 'a, 't, 'v> {
    ctx: &'c LintContext<'a>,
    scope: Scope<'t, 'v>,
    substituted: &'c Substituted,
    issues: Vec<Issue>,
}

impl Walk<'_, '_, '_, '_> {
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
                match unparen(&a.expr) {
                    Expr::VectorSelector(vs) if COUNTING_AGGREGATIONS.contains(&a.op.to_string().as_str()) => {
                        self.selector(vs, true);
                    }
                    _ => self.expr(&a.expr),
                }
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
                        Expr::VectorSelector(vs) if counter_ok => self.selector(vs, true),
                        other => self.expr(other),
                    }
                }
            }
            Expr::NumberLiteral(_) | Expr::StringLiteral(_) | Expr::Extension(_) => {}
        }
    }

    /// Checks the range of a `rate`-like function, in dashboards.
    fn range(&mut self, function: &str, range: Duration) {
        if self.scope.rate_interval && RATE_FUNCTIONS.contains(&function) && range != RATE_INTERVAL {
            let shown = self
                .substituted
                .range_as_written(range)
                .unwrap_or_else(|| display_duration(&range));
            self.push(Issue::new(
                Rule::TargetRateInterval,
                format!("{function}() over [{shown}]: use [$__rate_interval]"),
            ));
        }
    }

    /// Checks a selector: its metric names, and its matchers; `counter_ok` when it is the argument of a counter
    /// function.
    fn selector(&mut self, vs: &VectorSelector, counter_ok: bool) {
        for name in metric_names(vs) {
            // A name that comes from a variable is no name the linter can check.
            if self.substituted.is_templated(name) {
                continue;
            }
            match self.ctx.catalog {
                Some(_) if !self.ctx.is_known(name) => self.push(Issue::new(
                    Rule::UnknownMetric,
                    format!("metric \"{name}\" is neither in the catalog nor a recorded series"),
                )),
                Some(_) if !counter_ok && self.ctx.is_counter(name) => self.push(Issue::new(
                    Rule::TargetCounterAgg,
                    format!("counter \"{name}\" is used outside rate(), irate() or increase()"),
                )),
                None if !counter_ok && COUNTER_SUFFIXES.iter().any(|s| name.ends_with(s)) => {
                    self.push(Issue::new(
                        Rule::TargetCounterAgg,
                        format!("\"{name}\" is named as a counter and is used outside rate(), irate() or increase()"),
                    ));
                }
                _ => {}
            }
        }
        if self.scope.conventions {
            for (label, rule) in [("job", Rule::TargetJob), ("instance", Rule::TargetInstance)] {
                if let Some(issue) = self.required_matcher(vs, label, rule) {
                    self.push(issue);
                }
            }
        }
        if let Some(templating) = self.scope.templating {
            for matcher in matchers(vs) {
                if let Some(issue) = self.exact_match(matcher, templating) {
                    self.push(issue);
                }
            }
        }
    }

    /// dashboard-linter's `target-job` / `target-instance`: the selector has `label=~"$label"`. Any reference to
    /// the variable will do (`${job}`, `${job:regex}`), where dashboard-linter compares the text with `$job`.
    fn required_matcher(&self, vs: &VectorSelector, label: &str, rule: Rule) -> Option<Issue> {
        let found: Vec<&Matcher> = matchers(vs).filter(|m| m.name == label).collect();
        let filters =
            |m: &&Matcher| matches!(m.op, MatchOp::Re(_)) && self.substituted.whole_variable(&m.value) == Some(label);
        if found.iter().any(filters) {
            return None;
        }
        let selector = self.substituted.restore(&vs.to_string());
        let selector = crate::excerpt::clip(&selector);
        let problem = match found.first() {
            None => format!("has no {label} matcher"),
            Some(m) => format!("matches {}", self.substituted.restore(&m.to_string())),
        };
        Some(Issue::new(
            rule,
            format!("selector {selector} {problem}: filter with {label}=~\"${label}\""),
        ))
    }

    /// `target-multi-value-exact-match`: `label="$var"` (or `!=`) on a variable that can hold several values,
    /// which Grafana interpolates as a regex alternation `(a|b)` that no label value equals.
    fn exact_match(&self, matcher: &Matcher, templating: &Templating) -> Option<Issue> {
        let regex_op = match matcher.op {
            MatchOp::Equal => "=~",
            MatchOp::NotEqual => "!~",
            MatchOp::Re(_) | MatchOp::NotRe(_) => return None,
        };
        let multi = self
            .substituted
            .variables_in(&matcher.value)
            .into_iter()
            .find(|name| templating.get(name).is_some_and(|v| v.is_multi_valued()))?;
        let written = self.substituted.restore(&matcher.to_string());
        Some(Issue::new(
            Rule::TargetMultiValueExactMatch,
            format!(
                "{written} compares with ${multi}, which can hold several values (multi-value or All): use {}{regex_op}",
                matcher.name
            ),
        ))
    }
}

/// Every matcher of a selector, `or` alternatives included.
fn matchers(vs: &VectorSelector) -> impl Iterator<Item = &Matcher> {
    vs.matchers
        .matchers
        .iter()
        .chain(vs.matchers.or_matchers.iter().flatten())
}

/// The metric names a selector pins: its name and its `__name__="…"` matchers.
fn metric_names(vs: &VectorSelector) -> Vec<&str> {
    let pinned = matchers(vs)
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
    use serde_json::{json, Value};

    use super::super::fixture::{ctx, dashboard, lint, rules, set_expr, strict_ctx};
    use super::super::{lint_dashboard, Finding, Severity};
    use super::*;

    /// Sets the first target's expression of the "Requests" panel, lints, and returns the findings.
    fn lint_requests_expr(expr: &str) -> Vec<Finding> {
        let mut d = dashboard();
        set_expr(&mut d, expr);
        lint(&d)
    }

    /// The findings on panel "Requests" with every rule on (the fixture's other panels do not filter by instance).
    fn strict_requests_findings(d: &Value) -> Vec<Finding> {
        lint_dashboard(d, &strict_ctx())
            .into_iter()
            .filter(|f| matches!(&f.location, super::super::Location::Panel { id: Some(2), .. }))
            .collect()
    }

    /// The fixture with one more variable.
    fn with_variable(variable: Value) -> Value {
        let mut d = dashboard();
        if let Some(list) = d["templating"]["list"].as_array_mut() {
            list.push(variable);
        }
        d
    }

    #[test]
    fn an_unparseable_expression_is_target_promql_with_the_parser_message() {
        let findings = lint_requests_expr("sum(rate(app_http_requests_total[$__rate_interval])");
        assert_eq!(rules(&findings), vec![Rule::TargetPromql]);
        let shown = findings[0].to_string();
        assert!(
            shown.starts_with("panel \"Requests\" (id 2) target A: PromQL does not parse: "),
            "{shown}"
        );
        let error = crate::promql::parse("sum(rate(app_http_requests_total[7777ms])")
            .err()
            .unwrap_or_default();
        assert!(!error.is_empty() && shown.contains(error.trim()), "{shown}");
    }

    #[test]
    fn an_empty_query_is_target_promql() {
        let findings = lint_requests_expr("  ");
        assert_eq!(rules(&findings), vec![Rule::TargetPromql]);
        assert_eq!(findings[0].message, "the query is empty");
    }

    #[test]
    fn a_variable_as_metric_name_parses() {
        let d = with_variable(json!({"type": "query", "name": "metric", "query": "metrics(app_.*)", "refresh": 2}));
        for expr in [
            "sum(rate($metric{job=~\"$job\"}[$__rate_interval]))",
            "sum(rate(${metric}{job=~\"$job\"}[$__rate_interval]))",
            "sum(rate([[metric]]{job=~\"$job\"}[$__rate_interval]))",
            "sum({__name__=~\"$metric\", job=~\"$job\"})",
            "sum($metric)",
            "sum(app_${metric}_total{job=~\"$job\"})",
        ] {
            let mut d = d.clone();
            set_expr(&mut d, expr);
            assert_eq!(lint(&d), vec![], "{expr}");
        }
    }

    #[test]
    fn a_variable_as_label_name_parses() {
        let d = with_variable(json!({"type": "custom", "name": "by", "query": "job,instance"}));
        for expr in [
            "sum by ($by) (rate(app_http_requests_total{job=~\"$job\"}[$__rate_interval]))",
            "sum(rate(app_http_requests_total{$by=~\".+\"}[$__rate_interval]))",
        ] {
            let mut d = d.clone();
            set_expr(&mut d, expr);
            assert_eq!(lint(&d), vec![], "{expr}");
        }
    }

    #[test]
    fn a_metric_named_by_a_variable_is_not_checked_against_the_catalog() {
        let d = with_variable(json!({"type": "textbox", "name": "metric", "query": "app_votes_received_total"}));
        let mut d = d.clone();
        set_expr(&mut d, "sum($metric{job=~\"$job\"})");
        assert_eq!(lint(&d), vec![]);
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
    fn without_a_catalog_no_metric_is_unknown() {
        let mut d = dashboard();
        set_expr(&mut d, "sum(app_http_requests_totl)");
        let context = LintContext { catalog: None, ..ctx() };
        assert_eq!(lint_dashboard(&d, &context), vec![]);
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
    fn a_fixed_window_inside_rate_is_target_rate_interval() {
        let findings = lint_requests_expr("sum(rate(app_http_requests_total[5m]))");
        assert_eq!(rules(&findings), vec![Rule::TargetRateInterval]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Requests\" (id 2) target A: rate() over [5m]: use [$__rate_interval] [target-rate-interval]"
        );
    }

    #[test]
    fn the_interval_macro_inside_rate_is_target_rate_interval() {
        let findings = lint_requests_expr("sum(increase(app_http_requests_total[$__interval]))");
        assert_eq!(rules(&findings), vec![Rule::TargetRateInterval]);
        assert_eq!(
            findings[0].message,
            "increase() over [$__interval]: use [$__rate_interval]"
        );
    }

    #[test]
    fn an_interval_variable_inside_rate_is_target_rate_interval_shown_as_written() {
        let mut d = with_variable(json!({"type": "interval", "name": "window", "query": "1m,5m"}));
        set_expr(&mut d, "sum(rate(app_http_requests_total[$window]))");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::TargetRateInterval]);
        assert_eq!(findings[0].message, "rate() over [$window]: use [$__rate_interval]");
    }

    #[test]
    fn the_range_of_a_subquery_inside_rate_is_checked() {
        let findings = lint_requests_expr("sum(irate(app_http_requests_total[10m:1m]))");
        assert_eq!(rules(&findings), vec![Rule::TargetRateInterval]);
    }

    #[test]
    fn a_counter_in_a_subquery_inside_rate_is_fine() {
        assert_eq!(
            lint_requests_expr("sum(rate(app_http_requests_total[$__rate_interval:]))"),
            vec![]
        );
    }

    #[test]
    fn a_raw_counter_is_target_counter_agg() {
        let findings = lint_requests_expr("sum(app_http_requests_total{job=~\"$job\"})");
        assert_eq!(rules(&findings), vec![Rule::TargetCounterAgg]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Requests\" (id 2) target A: counter \"app_http_requests_total\" is used outside rate(), \
             irate() or increase() [target-counter-agg]"
        );
    }

    #[test]
    fn a_counter_over_time_is_target_counter_agg() {
        let findings = lint_requests_expr("sum(max_over_time(app_votes_received_total[$__rate_interval]))");
        assert_eq!(rules(&findings), vec![Rule::TargetCounterAgg]);
    }

    #[test]
    fn a_raw_histogram_bucket_is_target_counter_agg() {
        let findings = lint_requests_expr("sum by (le) (app_http_request_duration_seconds_bucket)");
        assert_eq!(rules(&findings), vec![Rule::TargetCounterAgg]);
    }

    #[test]
    fn a_gauge_named_total_used_raw_is_fine_with_a_catalog() {
        assert_eq!(
            lint_requests_expr("sum(app_websocket_connections_total{job=~\"$job\"})"),
            vec![]
        );
    }

    #[test]
    fn without_a_catalog_a_series_named_total_or_bucket_is_a_counter() {
        let context = LintContext { catalog: None, ..ctx() };
        for (expr, counter) in [
            ("sum(app_websocket_connections_total)", true),
            ("sum by (le) (x_bucket)", true),
            ("sum(pg_stat_activity_count)", false),
            ("sum(x_sum) / sum(x_count)", false),
            ("sum(rate(x_total[$__rate_interval]))", false),
        ] {
            let mut d = dashboard();
            set_expr(&mut d, expr);
            let findings = lint_dashboard(&d, &context);
            assert_eq!(
                rules(&findings) == vec![Rule::TargetCounterAgg],
                counter,
                "{expr}: {findings:?}"
            );
        }
    }

    #[test]
    fn counting_the_series_of_a_counter_is_fine() {
        assert_eq!(
            lint_requests_expr("count(count by (status_code) (app_http_requests_total{job=~\"$job\"}))"),
            vec![]
        );
        assert_eq!(
            lint_requests_expr("absent(app_votes_received_total{job=~\"$job\"})"),
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
        assert_eq!(rules(&findings), vec![Rule::TargetCounterAgg]);
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

    #[test]
    fn metricsql_on_victoriametrics_is_a_not_promql_warning() {
        let mut d = dashboard();
        d["panels"][1]["targets"][0]["datasource"] = json!({"type": "victoriametrics-datasource", "uid": "vm"});
        set_expr(&mut d, "sum(rate(app_http_requests_total)) keep_metric_names");
        let findings: Vec<_> = lint(&d)
            .into_iter()
            .filter(|f| f.rule != Rule::PanelDatasource)
            .collect();
        assert_eq!(rules(&findings), vec![Rule::NotPromql]);
        assert_eq!(findings[0].severity, Severity::Warning);
        assert!(findings[0]
            .message
            .starts_with("MetricsQL (VictoriaMetrics data source) that is not PromQL"));
    }

    #[test]
    fn promql_on_victoriametrics_is_checked_as_promql() {
        let mut d = dashboard();
        d["panels"][1]["targets"][0]["datasource"] = json!({"type": "victoriametrics-datasource", "uid": "vm"});
        set_expr(&mut d, "sum(rate(app_http_requests_total[5m]))");
        let findings: Vec<_> = lint(&d)
            .into_iter()
            .filter(|f| f.rule != Rule::PanelDatasource)
            .collect();
        assert_eq!(rules(&findings), vec![Rule::TargetRateInterval]);
    }

    #[test]
    fn a_selector_without_job_matcher_is_target_job() {
        let mut d = dashboard();
        set_expr(
            &mut d,
            "sum(rate(app_http_requests_total{instance=~\"$instance\"}[$__rate_interval]))",
        );
        let findings = strict_requests_findings(&d);
        assert_eq!(rules(&findings), vec![Rule::TargetJob]);
        assert_eq!(
            findings[0].message,
            "selector app_http_requests_total{instance=~\"$instance\"} has no job matcher: filter with job=~\"$job\""
        );
    }

    #[test]
    fn a_job_matcher_on_a_fixed_value_is_target_job() {
        let mut d = dashboard();
        set_expr(
            &mut d,
            "sum(app_db_connections_active{job=\"api\", instance=~\"$instance\"})",
        );
        let findings = strict_requests_findings(&d);
        assert_eq!(rules(&findings), vec![Rule::TargetJob]);
        assert!(
            findings[0].message.contains(" matches job=\"api\": "),
            "{}",
            findings[0]
        );
    }

    #[test]
    fn a_selector_without_instance_matcher_is_target_instance() {
        let mut d = dashboard();
        set_expr(&mut d, "sum(app_db_connections_active{job=~\"$job\"})");
        assert_eq!(rules(&strict_requests_findings(&d)), vec![Rule::TargetInstance]);
    }

    #[test]
    fn any_reference_to_the_job_and_instance_variables_filters() {
        let mut d = dashboard();
        set_expr(
            &mut d,
            "sum(app_db_connections_active{job=~\"${job:regex}\", instance=~\"[[instance]]\"})",
        );
        assert_eq!(strict_requests_findings(&d), vec![]);
    }

    #[test]
    fn job_and_instance_matchers_are_not_required_outside_a_prometheus_dashboard() {
        let mut d = dashboard();
        d["templating"]["list"][0]["query"] = json!("victoriametrics-datasource");
        d["templating"]["list"][0]["label"] = json!("Victoriametrics-Datasource data source");
        set_expr(&mut d, "sum(app_db_connections_active)");
        assert_eq!(lint_dashboard(&d, &strict_ctx()), vec![]);
    }

    #[test]
    fn an_exact_match_on_a_multi_value_variable_is_target_multi_value_exact_match() {
        let findings = lint_requests_expr("sum(rate(app_http_requests_total{job=\"$job\"}[$__rate_interval]))");
        assert_eq!(rules(&findings), vec![Rule::TargetMultiValueExactMatch]);
        assert_eq!(
            findings[0].message,
            "job=\"$job\" compares with $job, which can hold several values (multi-value or All): use job=~"
        );
    }

    #[test]
    fn a_negative_exact_match_on_a_variable_with_all_is_target_multi_value_exact_match() {
        let d = with_variable(json!({"type": "custom", "name": "route", "query": "a,b", "includeAll": true}));
        let mut d = d.clone();
        set_expr(
            &mut d,
            "sum(rate(app_http_requests_total{route!=\"/api/$route\"}[$__rate_interval]))",
        );
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::TargetMultiValueExactMatch]);
        assert!(findings[0].message.ends_with("use route!~"), "{}", findings[0]);
    }

    #[test]
    fn an_exact_match_on_a_single_value_variable_is_fine() {
        let d = with_variable(json!({"type": "custom", "name": "route", "query": "a,b"}));
        let mut d = d.clone();
        set_expr(
            &mut d,
            "sum(rate(app_http_requests_total{route=\"$route\"}[$__rate_interval]))",
        );
        assert_eq!(lint(&d), vec![]);
    }
}
