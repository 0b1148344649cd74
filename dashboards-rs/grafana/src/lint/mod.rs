//! `dash lint`: the dashboard linter.
//!
//! Every PromQL expression of a dashboard is parsed with the real `promql-parser` (after Grafana's `$__…` macros
//! and `$var` references are substituted) and checked against the metric catalog; panels, targets, data sources
//! and the grid are checked against the rules of [`Rule`]. Findings are data: [`lint_dashboard`] and
//! [`lint_expr`] return them, the CLI prints them and fails when there is any.

mod datasource;
#[cfg(test)]
mod fixture;
mod layout;
mod panels;
mod promql;
mod templating;

use std::fmt;

use serde_json::Value;

use crate::catalog::Metric;
use templating::Templating;

/// What a finding is about: one rule of the linter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// An expression does not parse (after Grafana macros and variables are substituted).
    PromqlParse,
    /// A selector names a series that is neither in the catalog nor produced by a recording rule.
    UnknownMetric,
    /// A `rate`, `irate` or `increase` in a dashboard does not use `$__rate_interval` as its range.
    RateInterval,
    /// A counter series is used outside `rate`, `irate`, `increase`, `resets`, `changes` or `absent*`.
    CounterOutsideRate,
    /// An expression references a variable that the dashboard's templating does not define.
    UnknownVariable,
    /// A panel (or the dashboard) has no title.
    MissingTitle,
    /// A panel has no description.
    MissingDescription,
    /// A panel has no `fieldConfig.defaults.unit`.
    MissingUnit,
    /// A panel that shows data has no target.
    NoTargets,
    /// A panel id is missing or used twice.
    DuplicatePanelId,
    /// A target's refId is missing or used twice within its panel.
    DuplicateRefId,
    /// A panel's gridPos is missing or does not fit the 24-column grid.
    GridOverflow,
    /// Two top-level panels overlap on the grid.
    PanelOverlap,
    /// A data source is hard-coded instead of a datasource variable or a provisioned uid.
    DatasourceNotVariable,
}

impl Rule {
    /// Every rule, in the order they are documented.
    pub const ALL: [Rule; 14] = [
        Rule::PromqlParse,
        Rule::UnknownMetric,
        Rule::RateInterval,
        Rule::CounterOutsideRate,
        Rule::UnknownVariable,
        Rule::MissingTitle,
        Rule::MissingDescription,
        Rule::MissingUnit,
        Rule::NoTargets,
        Rule::DuplicatePanelId,
        Rule::DuplicateRefId,
        Rule::GridOverflow,
        Rule::PanelOverlap,
        Rule::DatasourceNotVariable,
    ];

    /// The rule's short kebab-case name, as printed after each finding.
    pub const fn name(self) -> &'static str {
        match self {
            Rule::PromqlParse => "promql-parse",
            Rule::UnknownMetric => "unknown-metric",
            Rule::RateInterval => "rate-interval",
            Rule::CounterOutsideRate => "counter-outside-rate",
            Rule::UnknownVariable => "unknown-variable",
            Rule::MissingTitle => "missing-title",
            Rule::MissingDescription => "missing-description",
            Rule::MissingUnit => "missing-unit",
            Rule::NoTargets => "no-targets",
            Rule::DuplicatePanelId => "duplicate-panel-id",
            Rule::DuplicateRefId => "duplicate-ref-id",
            Rule::GridOverflow => "grid-overflow",
            Rule::PanelOverlap => "panel-overlap",
            Rule::DatasourceNotVariable => "datasource-not-variable",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a finding is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The dashboard as a whole.
    Dashboard {
        /// The dashboard's uid.
        uid: String,
    },
    /// A panel, or one of its targets when `ref_id` is set.
    Panel {
        /// The panel's title.
        title: String,
        /// The panel's id, if it has one.
        id: Option<i64>,
        /// The target's refId (`#N`, 1-based, for a target without one).
        ref_id: Option<String>,
    },
    /// An expression outside a dashboard (a rule file), with a label such as `rule "HighErrorRate"`.
    Expr {
        /// The label, printed as is.
        where_: String,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Dashboard { uid } => write!(f, "dashboard \"{uid}\""),
            Location::Panel { title, id, ref_id } => {
                write!(f, "panel \"{title}\"")?;
                match id {
                    Some(id) => write!(f, " (id {id})")?,
                    None => f.write_str(" (no id)")?,
                }
                if let Some(ref_id) = ref_id {
                    write!(f, " target {ref_id}")?;
                }
                Ok(())
            }
            Location::Expr { where_ } => f.write_str(where_),
        }
    }
}

/// One problem the linter found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Where it is.
    pub location: Location,
    /// Which rule it breaks.
    pub rule: Rule,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.location, self.message, self.rule)
    }
}

/// What the linter knows besides the dashboard: the series that exist and the data sources we provision.
#[derive(Debug, Clone)]
pub struct LintContext<'a> {
    /// The metric catalog (normally the caller's own catalog).
    pub catalog: &'a [Metric],
    /// Series names that recording rules produce (e.g. "job:app_http_requests:rate5m"); known like catalog names.
    pub recorded: Vec<String>,
    /// Data source uids provisioned by us that a target may name directly (e.g. "computed").
    pub provisioned_uids: Vec<String>,
}

impl<'a> LintContext<'a> {
    /// A context over `catalog`, with no recorded series and no provisioned uid.
    pub fn new(catalog: &'a [Metric]) -> Self {
        LintContext {
            catalog,
            recorded: Vec::new(),
            provisioned_uids: Vec::new(),
        }
    }

    /// Whether a series name is in the catalog or produced by a recording rule.
    fn is_known(&self, series: &str) -> bool {
        self.family(series).is_some() || self.recorded.iter().any(|r| r == series)
    }

    /// Whether a series name is a counter (a counter, or a histogram's `_bucket`, `_sum` or `_count`).
    fn is_counter(&self, series: &str) -> bool {
        self.family(series).is_some_and(|m| m.is_counter_series(series))
    }

    /// The catalog family a series belongs to.
    fn family(&self, series: &str) -> Option<&Metric> {
        crate::catalog::lookup(self.catalog, series)
    }
}

/// A finding not yet placed: a rule and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Issue {
    rule: Rule,
    message: String,
}

impl Issue {
    fn new(rule: Rule, message: impl Into<String>) -> Self {
        Issue {
            rule,
            message: message.into(),
        }
    }

    fn at(self, location: Location) -> Finding {
        Finding {
            location,
            rule: self.rule,
            message: self.message,
        }
    }
}

/// A panel of the dashboard: a top-level one, or a child of a row.
#[derive(Debug, Clone, Copy)]
struct Panel<'v> {
    json: &'v Value,
    /// False for the children a row holds in its `panels` (those of a collapsed row).
    top_level: bool,
}

impl<'v> Panel<'v> {
    fn kind(&self) -> &'v str {
        self.json.get("type").and_then(Value::as_str).unwrap_or("")
    }

    fn is_row(&self) -> bool {
        self.kind() == "row"
    }

    fn is_text(&self) -> bool {
        self.kind() == "text"
    }

    fn title(&self) -> &'v str {
        self.json.get("title").and_then(Value::as_str).unwrap_or("")
    }

    fn id(&self) -> Option<i64> {
        self.json.get("id").and_then(Value::as_i64)
    }

    fn targets(&self) -> &'v [Value] {
        self.json
            .get("targets")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// The panel's own data source, unless absent or null.
    fn datasource(&self) -> Option<&'v Value> {
        self.json.get("datasource").filter(|d| !d.is_null())
    }

    fn location(&self) -> Location {
        Location::Panel {
            title: self.title().to_owned(),
            id: self.id(),
            ref_id: None,
        }
    }

    /// The location of the `index`th target (0-based).
    fn target_location(&self, index: usize) -> Location {
        Location::Panel {
            title: self.title().to_owned(),
            id: self.id(),
            ref_id: Some(target_label(self.targets(), index)),
        }
    }
}

/// A target's refId, or `#N` (1-based) when it has none.
fn target_label(targets: &[Value], index: usize) -> String {
    targets
        .get(index)
        .and_then(|t| t.get("refId"))
        .and_then(Value::as_str)
        .filter(|r| !r.is_empty())
        .map_or_else(|| format!("#{}", index + 1), str::to_owned)
}

/// Every panel, in dashboard order: each top-level panel, then the children its row holds.
fn all_panels(dashboard: &Value) -> Vec<Panel<'_>> {
    let mut out = Vec::new();
    for json in dashboard.get("panels").and_then(Value::as_array).into_iter().flatten() {
        let panel = Panel { json, top_level: true };
        out.push(panel);
        if panel.is_row() {
            for child in json.get("panels").and_then(Value::as_array).into_iter().flatten() {
                out.push(Panel {
                    json: child,
                    top_level: false,
                });
            }
        }
    }
    out
}

/// Lints a whole Grafana dashboard (its JSON model) and returns every finding, panel by panel.
pub fn lint_dashboard(dashboard: &Value, ctx: &LintContext) -> Vec<Finding> {
    let uid = dashboard.get("uid").and_then(Value::as_str).unwrap_or("").to_owned();
    let templating = Templating::of(dashboard);
    let panels = all_panels(dashboard);
    let mut findings = Vec::new();

    let title = dashboard.get("title").and_then(Value::as_str).unwrap_or("");
    if title.trim().is_empty() {
        findings.push(Issue::new(Rule::MissingTitle, "the dashboard has no title").at(Location::Dashboard { uid }));
    }

    for panel in &panels {
        let here = panel.location();
        findings.extend(panels::lint_panel(panel).into_iter().map(|i| i.at(here.clone())));
        findings.extend(layout::lint_grid_pos(panel).into_iter().map(|i| i.at(here.clone())));
        if let Some(issue) = datasource::lint_panel_datasource(panel, &templating, ctx) {
            findings.push(issue.at(here.clone()));
        }
        for (index, target) in panel.targets().iter().enumerate() {
            let mut issues = panels::lint_ref_id(panel.targets(), index);
            issues.extend(datasource::lint_target_datasource(panel, target, &templating, ctx));
            if let Some(expr) = target.get("expr").and_then(Value::as_str) {
                if datasource::speaks_promql(panel, target, ctx) {
                    issues.extend(promql::lint_dashboard_expr(expr, &templating, ctx));
                }
            }
            findings.extend(issues.into_iter().map(|i| i.at(panel.target_location(index))));
        }
    }

    findings.extend(panels::lint_panel_ids(&panels));
    findings.extend(layout::lint_overlaps(&panels));
    findings
}

/// Lints one PromQL expression as it appears in a rule file (no Grafana macros): parses, metric names known, counters only inside rate/irate/increase. `where_` is a label like `rule "HighErrorRate"`.
pub fn lint_expr(expr: &str, where_: &str, ctx: &LintContext) -> Vec<Finding> {
    promql::lint_rule_expr(expr, ctx)
        .into_iter()
        .map(|i| {
            i.at(Location::Expr {
                where_: where_.to_owned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fixture::{ctx, dashboard, lint, rules};
    use super::*;

    #[test]
    fn the_fixture_dashboard_lints_clean() {
        assert_eq!(lint(&dashboard()), vec![]);
    }

    #[test]
    fn rule_names_are_unique_and_kebab_case() {
        let mut names: Vec<_> = Rule::ALL.iter().map(|r| r.name()).collect();
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Rule::ALL.len());
    }

    #[test]
    fn a_target_finding_prints_panel_title_id_and_ref_id() {
        let finding = Issue::new(Rule::NoTargets, "boom").at(Location::Panel {
            title: "Requests".into(),
            id: Some(2),
            ref_id: Some("B".into()),
        });
        assert_eq!(
            finding.to_string(),
            "panel \"Requests\" (id 2) target B: boom [no-targets]"
        );
    }

    #[test]
    fn a_panel_finding_prints_without_target() {
        let finding = Issue::new(Rule::NoTargets, "boom").at(Location::Panel {
            title: "Requests".into(),
            id: None,
            ref_id: None,
        });
        assert_eq!(finding.to_string(), "panel \"Requests\" (no id): boom [no-targets]");
    }

    #[test]
    fn a_dashboard_without_title_is_missing_title() {
        let mut d = dashboard();
        d["title"] = Value::from("  ");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::MissingTitle]);
        assert_eq!(
            findings[0].to_string(),
            "dashboard \"overview\": the dashboard has no title [missing-title]"
        );
    }

    #[test]
    fn a_rule_file_expression_may_use_a_fixed_window() {
        let expr = "sum by (job) (rate(app_http_requests_total{status_code=~\"5..\"}[5m])) > 0";
        assert_eq!(lint_expr(expr, "rule \"HighErrorRate\"", &ctx()), vec![]);
    }

    #[test]
    fn a_rule_file_expression_may_read_a_recorded_series() {
        assert_eq!(
            lint_expr("job:app_http_requests:rate5m > 100", "rule \"Busy\"", &ctx()),
            vec![]
        );
    }

    #[test]
    fn a_raw_counter_in_a_rule_file_is_counter_outside_rate() {
        let findings = lint_expr("app_votes_received_total > 10", "rule \"Votes\"", &ctx());
        assert_eq!(rules(&findings), vec![Rule::CounterOutsideRate]);
        assert!(
            findings[0].to_string().starts_with("rule \"Votes\": counter "),
            "{}",
            findings[0]
        );
    }

    #[test]
    fn an_unparseable_rule_file_expression_is_promql_parse() {
        let findings = lint_expr("sum(rate(up[5m])", "rule \"Broken\"", &ctx());
        assert_eq!(rules(&findings), vec![Rule::PromqlParse]);
    }
}
