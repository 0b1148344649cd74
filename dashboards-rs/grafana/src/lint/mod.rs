//! `dash lint`: the dashboard linter, for any Grafana dashboard JSON.
//!
//! [`lint_dashboard`] first does what Grafana does on load ([`crate::migrate`]: the export wrapper unwrapped, the
//! pre-5.0 rows laid out on the grid, panel ids and refIds assigned), then applies the rules of [`Rule`]: those
//! of Grafana's dashboard-linter (`template-*`, `panel-*`, `target-*`, `uneditable-dashboard`, under its names)
//! and ours (ids, grid, variables, metrics, …). Every PromQL expression is parsed with the real `promql-parser`
//! after Grafana's macros and variables are substituted; metric names and counter types are checked against a
//! catalog when the caller gives one. Findings are data: [`lint_dashboard`] and [`lint_expr`] return them, the CLI
//! prints them and fails when there is an error.

mod datasource;
#[cfg(test)]
mod fixture;
mod layout;
mod panels;
mod promql;
mod settings;
mod substitute;
mod templates;
mod templating;
mod units;

use std::fmt;

use serde_json::Value;

use crate::catalog::Metric;
use crate::migrate;
use promql::Scope;
use templating::Templating;

/// What a finding is about: one rule of the linter. The first fifteen are Grafana dashboard-linter's rules
/// (named as it names them, without its `-rule` suffix); where one of ours was the same check, it took that name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// There is a datasource variable, named `datasource` (or `<type>_datasource` when there are several) and
    /// labelled `Data source` (a warning).
    TemplateDatasource,
    /// A Prometheus dashboard has a `job` variable: a multi-value query on `$datasource`, "All" being `.+`,
    /// labelled `Job` (a warning).
    TemplateJob,
    /// A Prometheus dashboard has an `instance` variable, set up like `job`.
    TemplateInstance,
    /// A query variable on Prometheus is `label_values()`, `label_names()`, `metrics()` or `query_result()` and
    /// its PromQL parses.
    TemplateLabelPromql,
    /// A query variable refreshes on time range change.
    TemplateOnTimeChangeReload,
    /// A panel's or a target's data source is a datasource variable (or a uid we provision, or a built-in one),
    /// not a uid, name or import input that exists on one Grafana only.
    PanelDatasource,
    /// A panel (rows aside) has a title and a description.
    PanelTitleDescription,
    /// A panel that shows numbers has a unit Grafana knows, unless value mappings turn them into words.
    PanelUnits,
    /// A panel that shows query results has a target.
    PanelNoTargets,
    /// A target's PromQL parses (after Grafana's macros and variables are substituted) and is not empty; a
    /// target reusing another panel's queries names a panel that exists.
    TargetPromql,
    /// A `rate`, `irate` or `increase` in a dashboard uses `$__rate_interval` as its range.
    TargetRateInterval,
    /// In a Prometheus dashboard, every selector filters `job=~"$job"`.
    TargetJob,
    /// In a Prometheus dashboard, every selector filters `instance=~"$instance"`.
    TargetInstance,
    /// A counter is only read through `rate`, `irate`, `increase`, `resets`, `changes` or `absent*`: by its
    /// catalog type when there is a catalog, else by its name (`_total`, `_bucket`).
    TargetCounterAgg,
    /// The dashboard is not editable in the UI (`"editable": true` is reported).
    UneditableDashboard,
    /// A matcher `label="$var"` (or `!=`) uses a variable that is multi-value or has "All": Grafana then writes
    /// a regex alternation, which an exact match never equals.
    TargetMultiValueExactMatch,
    /// A query on a VictoriaMetrics data source is MetricsQL that PromQL does not parse (a warning): not checked.
    NotPromql,
    /// A selector names a series that is neither in the catalog nor produced by a recording rule (only with a
    /// catalog).
    UnknownMetric,
    /// An expression references a variable that the dashboard neither defines nor asks for on import.
    UnknownVariable,
    /// The dashboard has no title.
    MissingTitle,
    /// A panel id is missing or used twice.
    DuplicatePanelId,
    /// A target's refId is missing or used twice within its panel.
    DuplicateRefId,
    /// A panel's gridPos is missing or does not fit the 24-column grid.
    GridOverflow,
    /// Two top-level panels overlap on the grid.
    PanelOverlap,
    /// The dashboard is in a schema the linter does not read (Grafana 12's v2: `elements` and `layout`).
    UnsupportedSchema,
}

impl Rule {
    /// Every rule, in the order they are documented.
    pub const ALL: [Rule; 25] = [
        Rule::TemplateDatasource,
        Rule::TemplateJob,
        Rule::TemplateInstance,
        Rule::TemplateLabelPromql,
        Rule::TemplateOnTimeChangeReload,
        Rule::PanelDatasource,
        Rule::PanelTitleDescription,
        Rule::PanelUnits,
        Rule::PanelNoTargets,
        Rule::TargetPromql,
        Rule::TargetRateInterval,
        Rule::TargetJob,
        Rule::TargetInstance,
        Rule::TargetCounterAgg,
        Rule::UneditableDashboard,
        Rule::TargetMultiValueExactMatch,
        Rule::NotPromql,
        Rule::UnknownMetric,
        Rule::UnknownVariable,
        Rule::MissingTitle,
        Rule::DuplicatePanelId,
        Rule::DuplicateRefId,
        Rule::GridOverflow,
        Rule::PanelOverlap,
        Rule::UnsupportedSchema,
    ];

    /// The rule's short kebab-case name, as printed after each finding.
    pub const fn name(self) -> &'static str {
        match self {
            Rule::TemplateDatasource => "template-datasource",
            Rule::TemplateJob => "template-job",
            Rule::TemplateInstance => "template-instance",
            Rule::TemplateLabelPromql => "template-label-promql",
            Rule::TemplateOnTimeChangeReload => "template-on-time-change-reload",
            Rule::PanelDatasource => "panel-datasource",
            Rule::PanelTitleDescription => "panel-title-description",
            Rule::PanelUnits => "panel-units",
            Rule::PanelNoTargets => "panel-no-targets",
            Rule::TargetPromql => "target-promql",
            Rule::TargetRateInterval => "target-rate-interval",
            Rule::TargetJob => "target-job",
            Rule::TargetInstance => "target-instance",
            Rule::TargetCounterAgg => "target-counter-agg",
            Rule::UneditableDashboard => "uneditable-dashboard",
            Rule::TargetMultiValueExactMatch => "target-multi-value-exact-match",
            Rule::NotPromql => "not-promql",
            Rule::UnknownMetric => "unknown-metric",
            Rule::UnknownVariable => "unknown-variable",
            Rule::MissingTitle => "missing-title",
            Rule::DuplicatePanelId => "duplicate-panel-id",
            Rule::DuplicateRefId => "duplicate-ref-id",
            Rule::GridOverflow => "grid-overflow",
            Rule::PanelOverlap => "panel-overlap",
            Rule::UnsupportedSchema => "unsupported-schema",
        }
    }

    /// The rule called `name` (as [`Rule::name`] prints it).
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How bad a finding is. dashboard-linter reports its naming conventions (a variable's label) as warnings;
/// everything else is an error, which fails `dash lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// To fix.
    Error,
    /// Worth a look; `dash lint` still passes.
    Warning,
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
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}", self.location, self.message, self.rule)?;
        match self.severity {
            Severity::Error => f.write_str("]"),
            Severity::Warning => f.write_str(", warning]"),
        }
    }
}

/// What the linter knows besides the dashboard: the series that exist (if the caller knows them), the data
/// sources it provisions, the rules it does not want.
#[derive(Debug, Clone, Default)]
pub struct LintContext<'a> {
    /// The metric catalog. Without one, `unknown-metric` does not run and `target-counter-agg` goes by names.
    pub catalog: Option<&'a [Metric]>,
    /// Series names that recording rules produce (e.g. "job:app_http_requests:rate5m"); known like catalog names.
    pub recorded: Vec<String>,
    /// Data source uids provisioned by us that a target may name directly (e.g. "computed").
    pub provisioned_uids: Vec<String>,
    /// Rules whose findings are dropped (`dash lint --allow RULE`).
    pub allowed: Vec<Rule>,
}

impl<'a> LintContext<'a> {
    /// A context for a dashboard of unknown origin: no catalog, no recorded series, no provisioned uid.
    pub fn new() -> Self {
        LintContext::default()
    }

    /// A context over `catalog`, with no recorded series and no provisioned uid.
    pub fn with_catalog(catalog: &'a [Metric]) -> Self {
        LintContext {
            catalog: Some(catalog),
            ..LintContext::default()
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
        crate::catalog::lookup(self.catalog?, series)
    }

    /// The findings the caller wants: those of rules it did not allow.
    fn keep(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|f| !self.allowed.contains(&f.rule))
            .collect()
    }
}

/// A finding not yet placed: a rule, a severity and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Issue {
    rule: Rule,
    severity: Severity,
    message: String,
}

impl Issue {
    /// An error.
    fn new(rule: Rule, message: impl Into<String>) -> Self {
        Issue {
            rule,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// A warning.
    fn warning(rule: Rule, message: impl Into<String>) -> Self {
        Issue {
            severity: Severity::Warning,
            ..Issue::new(rule, message)
        }
    }

    fn at(self, location: Location) -> Finding {
        Finding {
            location,
            rule: self.rule,
            severity: self.severity,
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

    /// The panel's own data source, unless absent, null or `"default"`.
    fn datasource(&self) -> Option<&'v Value> {
        datasource::named(self.json.get("datasource"))
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

/// Lints a whole Grafana dashboard (its JSON model, as saved, exported or wrapped by Grafana 12) and returns every
/// finding, dashboard-wide ones first, then panel by panel. The dashboard is read as Grafana loads it
/// ([`migrate::unwrap_resource`], [`migrate::upgrade`]), so panel ids and refIds are the ones Grafana shows.
pub fn lint_dashboard(dashboard: &Value, ctx: &LintContext) -> Vec<Finding> {
    let mut dashboard = migrate::unwrap_resource(dashboard.clone());
    migrate::upgrade(&mut dashboard);
    ctx.keep(lint_upgraded(&dashboard, ctx))
}

fn lint_upgraded(dashboard: &Value, ctx: &LintContext) -> Vec<Finding> {
    let uid = dashboard.get("uid").and_then(Value::as_str).unwrap_or("").to_owned();
    let here = Location::Dashboard { uid };
    if let Some(issue) = settings::lint_schema(dashboard) {
        return vec![issue.at(here)];
    }
    let templating = Templating::of(dashboard);
    let panels = all_panels(dashboard);
    let mut findings: Vec<Finding> = settings::lint_settings(dashboard)
        .into_iter()
        .chain(templates::lint_templating(&templating))
        .map(|i| i.at(here.clone()))
        .collect();

    let scope = Scope::dashboard(&templating);
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
            issues.extend(panels::lint_panel_reference(target, &panels));
            if let Some(expr) = target.get("expr").and_then(Value::as_str) {
                if let Some(dialect) = datasource::dialect(panel, target, &templating, ctx) {
                    issues.extend(promql::lint_dashboard_expr(expr, dialect, scope, ctx));
                }
            }
            findings.extend(issues.into_iter().map(|i| i.at(panel.target_location(index))));
        }
    }

    findings.extend(panels::lint_panel_ids(&panels));
    findings.extend(layout::lint_overlaps(&panels));
    findings
}

/// Lints one PromQL expression as it appears in a rule file (no Grafana macros): parses, metric names known (with
/// a catalog), counters only inside rate/irate/increase. `where_` is a label like `rule "HighErrorRate"`.
pub fn lint_expr(expr: &str, where_: &str, ctx: &LintContext) -> Vec<Finding> {
    let findings = promql::lint_rule_expr(expr, ctx)
        .into_iter()
        .map(|i| {
            i.at(Location::Expr {
                where_: where_.to_owned(),
            })
        })
        .collect();
    ctx.keep(findings)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

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
    fn a_rule_is_found_by_its_name() {
        assert_eq!(Rule::from_name("target-promql"), Some(Rule::TargetPromql));
        assert_eq!(Rule::from_name("promql-parse"), None);
    }

    #[test]
    fn a_target_finding_prints_panel_title_id_and_ref_id() {
        let finding = Issue::new(Rule::PanelNoTargets, "boom").at(Location::Panel {
            title: "Requests".into(),
            id: Some(2),
            ref_id: Some("B".into()),
        });
        assert_eq!(
            finding.to_string(),
            "panel \"Requests\" (id 2) target B: boom [panel-no-targets]"
        );
    }

    #[test]
    fn a_panel_finding_prints_without_target() {
        let finding = Issue::new(Rule::PanelNoTargets, "boom").at(Location::Panel {
            title: "Requests".into(),
            id: None,
            ref_id: None,
        });
        assert_eq!(
            finding.to_string(),
            "panel \"Requests\" (no id): boom [panel-no-targets]"
        );
    }

    #[test]
    fn a_warning_says_so_after_its_rule() {
        let finding = Issue::warning(Rule::NotPromql, "boom").at(Location::Dashboard { uid: "d".into() });
        assert_eq!(finding.to_string(), "dashboard \"d\": boom [not-promql, warning]");
    }

    #[test]
    fn an_allowed_rule_reports_nothing() {
        let mut d = dashboard();
        d["editable"] = json!(true);
        let mut context = ctx();
        context.allowed.push(Rule::UneditableDashboard);
        assert_eq!(lint_dashboard(&d, &context), vec![]);
    }

    #[test]
    fn a_dashboard_in_a_grafana_12_wrapper_is_linted_as_its_spec() {
        let mut spec = dashboard();
        spec["panels"][1]["targets"][0]["expr"] = json!("sum(rate(app_http_requests_total[5m]))");
        if let Some(object) = spec.as_object_mut() {
            object.remove("uid");
        }
        let wrapped = json!({
            "apiVersion": "dashboard.grafana.app/v1beta1",
            "kind": "Dashboard",
            "metadata": {"name": "overview"},
            "spec": spec,
        });
        let findings = lint(&wrapped);
        assert_eq!(rules(&findings), vec![Rule::TargetRateInterval]);
    }

    #[test]
    fn a_rows_dashboard_lints_its_panels() {
        let d = json!({
            "uid": "old", "title": "Old", "schemaVersion": 14,
            "templating": dashboard()["templating"],
            "rows": [{"height": 250, "panels": [
                {"id": 1, "type": "graph", "title": "Load", "span": 12, "datasource": "$datasource",
                 "targets": [{"expr": "sum(app_db_connections_active{job=~\"$job\"})"}]},
            ]}],
        });
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::PanelTitleDescription, Rule::PanelUnits]);
        assert_eq!(
            findings[0].to_string(),
            "panel \"Load\" (id 1): the panel has no description [panel-title-description]"
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
    fn a_raw_counter_in_a_rule_file_is_target_counter_agg() {
        let findings = lint_expr("app_votes_received_total > 10", "rule \"Votes\"", &ctx());
        assert_eq!(rules(&findings), vec![Rule::TargetCounterAgg]);
        assert!(
            findings[0].to_string().starts_with("rule \"Votes\": counter "),
            "{}",
            findings[0]
        );
    }

    #[test]
    fn an_unparseable_rule_file_expression_is_target_promql() {
        let findings = lint_expr("sum(rate(up[5m])", "rule \"Broken\"", &ctx());
        assert_eq!(rules(&findings), vec![Rule::TargetPromql]);
    }

    #[test]
    fn without_a_catalog_no_metric_is_unknown() {
        let findings = lint_expr(
            "sum(rate(anything_at_all_total[5m]))",
            "rule \"X\"",
            &LintContext::new(),
        );
        assert_eq!(findings, vec![]);
    }
}
