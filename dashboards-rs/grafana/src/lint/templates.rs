//! Variable rules, dashboard-linter's: a datasource variable named by its convention (`template-datasource`),
//! `job` and `instance` variables set up for filtering (`template-job`, `template-instance`), query variables
//! whose PromQL parses (`template-label-promql`) and that refresh on time range change
//! (`template-on-time-change-reload`).
//!
//! As in dashboard-linter, `template-job`, `template-instance` and `template-label-promql` apply only to a
//! Prometheus dashboard: one whose first datasource variable is for Prometheus.

use super::datasource::plugin_type;
use promql_parser::parser::Expr;

use super::promql::parse;
use super::templating::{Templating, Variable};
use super::{Issue, Rule};

/// The data sources dashboard-linter accepts for the `job` and `instance` variables.
const FILTER_DATASOURCES: [&str; 4] = [
    "$datasource",
    "${datasource}",
    "$prometheus_datasource",
    "${prometheus_datasource}",
];

/// The functions of a Prometheus query variable.
const QUERY_FUNCTIONS: [&str; 4] = ["label_names", "label_values", "metrics", "query_result"];

/// Grafana's refresh setting "On time range change".
const ON_TIME_RANGE_CHANGE: i64 = 2;

/// Every variable rule, for the whole dashboard.
pub(super) fn lint_templating(templating: &Templating) -> Vec<Issue> {
    let mut issues = template_datasource(templating);
    if templating.is_prometheus() {
        issues.extend(filter_variable(templating, "job", Rule::TemplateJob));
        issues.extend(filter_variable(templating, "instance", Rule::TemplateInstance));
        issues.extend(
            templating
                .variables()
                .iter()
                .filter(|v| v.kind() == "query")
                .filter_map(|v| label_promql(v, templating)),
        );
    }
    issues.extend(
        templating
            .variables()
            .iter()
            .filter(|v| v.kind() == "query" && v.refresh() != ON_TIME_RANGE_CHANGE)
            .map(|v| {
                Issue::new(
                    Rule::TemplateOnTimeChangeReload,
                    format!(
                        "variable \"{}\" has refresh {}: set it to {ON_TIME_RANGE_CHANGE} (on time range change)",
                        v.name(),
                        v.refresh()
                    ),
                )
            }),
    );
    issues
}

/// `template-datasource`: there is a datasource variable, named `<type>_datasource` (or `datasource` when it is
/// the only one) and labelled `<Type> data source` (or `Data source`; a warning).
fn template_datasource(templating: &Templating) -> Vec<Issue> {
    let datasources: Vec<Variable> = templating.datasources().collect();
    if datasources.is_empty() {
        return vec![Issue::new(
            Rule::TemplateDatasource,
            "the dashboard has no datasource variable",
        )];
    }
    let only = datasources.len() == 1;
    let mut issues = Vec::new();
    for variable in datasources {
        let name = format!("{}_datasource", variable.query().to_lowercase());
        let label = format!("{} data source", title_case(variable.query()));
        if variable.name() != name && !(only && variable.name() == "datasource") {
            let or = if only { " or \"datasource\"" } else { "" };
            issues.push(Issue::new(
                Rule::TemplateDatasource,
                format!(
                    "datasource variable \"{}\" should be named \"{name}\"{or}",
                    variable.name()
                ),
            ));
        }
        if variable.label() != label && !(only && variable.label() == "Data source") {
            let or = if only { " or \"Data source\"" } else { "" };
            issues.push(Issue::warning(
                Rule::TemplateDatasource,
                format!(
                    "datasource variable \"{}\" is labelled \"{}\": label it \"{label}\"{or}",
                    variable.name(),
                    variable.label()
                ),
            ));
        }
    }
    issues
}

/// `template-job` / `template-instance`: the variable exists, queries Prometheus through the datasource variable,
/// is labelled `Job` / `Instance` (a warning), is multi-value and "All" stands for `.+`.
fn filter_variable(templating: &Templating, name: &str, rule: Rule) -> Vec<Issue> {
    let Some(variable) = templating.get(name) else {
        return vec![Issue::new(rule, format!("the dashboard has no \"{name}\" variable"))];
    };
    let mut issues = Vec::new();
    let uid = match variable.datasource() {
        Some(serde_json::Value::String(uid)) => uid.as_str(),
        Some(ds) => ds.get("uid").and_then(serde_json::Value::as_str).unwrap_or(""),
        None => "",
    };
    if !FILTER_DATASOURCES.contains(&uid) {
        issues.push(Issue::new(
            rule,
            format!("variable \"{name}\" should query data source \"$datasource\", not \"{uid}\""),
        ));
    }
    if variable.kind() != "query" {
        issues.push(Issue::new(
            rule,
            format!(
                "variable \"{name}\" should be a query variable, not \"{}\"",
                variable.kind()
            ),
        ));
    }
    let label = title_case(name);
    if variable.label() != label {
        issues.push(Issue::warning(
            rule,
            format!(
                "variable \"{name}\" is labelled \"{}\": label it \"{label}\"",
                variable.label()
            ),
        ));
    }
    if !variable.multi() {
        issues.push(Issue::new(rule, format!("variable \"{name}\" should be multi-value")));
    }
    let all_value = variable.all_value().unwrap_or("");
    if all_value != ".+" {
        issues.push(Issue::new(
            rule,
            format!("variable \"{name}\" should have allValue \".+\", not \"{all_value}\""),
        ));
    }
    issues
}

/// `template-label-promql`: a query variable on Prometheus is `label_names(…)`, `label_values(…)`, `metrics(…)` or
/// `query_result(…)`, and its PromQL (the selector of `label_values` and `label_names`, the expression of
/// `query_result`; `metrics` takes a regex) parses. dashboard-linter parses the whole argument list with the
/// Go parser's error recovery; this parses what Grafana sends to Prometheus. It also accepts what Grafana runs as
/// a series query: a plain selector (`up{job="api"}`), which dashboard-linter rejects.
fn label_promql(variable: &Variable, templating: &Templating) -> Option<Issue> {
    if variable
        .datasource()
        .and_then(|ds| plugin_type(ds, templating))
        .is_some_and(|kind| kind != "prometheus")
    {
        return None;
    }
    let issue = |problem: String| {
        Some(Issue::new(
            Rule::TemplateLabelPromql,
            format!("variable \"{}\": {problem}", variable.name()),
        ))
    };
    let query = variable.query().trim();
    let call = query
        .strip_suffix(')')
        .and_then(|q| q.split_once('('))
        .filter(|(function, _)| !function.is_empty() && function.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
    let functions = QUERY_FUNCTIONS.join("(), ");
    let Some((function, args)) = call.filter(|(function, _)| QUERY_FUNCTIONS.contains(function)) else {
        return match parse(query, templating) {
            Ok(Expr::VectorSelector(_)) => None,
            _ => match call {
                Some((function, _)) => issue(format!("{function}() is not one of {functions}()")),
                None => issue(format!(
                    "query \"{query}\" is none of {functions}(), nor a series selector"
                )),
            },
        };
    };
    let promql = match function {
        "query_result" => Some(args),
        // Grafana's regex takes everything up to the last comma as the selector; alone, the argument is a label.
        "label_values" => args.rsplit_once(',').map(|(selector, _)| selector),
        "label_names" => Some(args).filter(|a| !a.trim().is_empty()),
        _ => None,
    };
    let error = parse(promql?, templating).err()?;
    issue(format!("the PromQL of \"{query}\" does not parse: {error}"))
}

/// Go's `cases.Title`: each word capitalised, the rest in lower case (`prometheus` → `Prometheus`).
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_word = false;
    for c in s.chars() {
        if in_word {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        in_word = c.is_alphanumeric();
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::fixture::{dashboard, lint, rules};
    use super::super::Severity;
    use super::*;

    /// The variable of the fixture called `name`, to modify.
    fn variable<'d>(d: &'d mut Value, name: &str) -> &'d mut Value {
        let list = d["templating"]["list"].as_array_mut().expect("a templating list");
        let index = list.iter().position(|v| v["name"] == name).expect("the variable");
        &mut list[index]
    }

    #[test]
    fn a_dashboard_without_datasource_variable_is_template_datasource() {
        let mut d = dashboard();
        if let Some(list) = d["templating"]["list"].as_array_mut() {
            list.retain(|v| v["type"] != "datasource");
        }
        let findings = lint(&d);
        assert!(findings
            .iter()
            .any(|f| f.rule == Rule::TemplateDatasource && f.message == "the dashboard has no datasource variable"));
    }

    #[test]
    fn a_datasource_variable_named_otherwise_is_template_datasource() {
        let mut d = dashboard();
        variable(&mut d, "datasource")["name"] = json!("DS_PROMETHEUS");
        let findings: Vec<_> = lint(&d)
            .into_iter()
            .filter(|f| f.rule == Rule::TemplateDatasource)
            .collect();
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "datasource variable \"DS_PROMETHEUS\" should be named \"prometheus_datasource\" or \"datasource\""
        );
        assert_eq!(findings[0].severity, Severity::Error);
    }

    #[test]
    fn a_datasource_variable_labelled_otherwise_is_a_template_datasource_warning() {
        let mut d = dashboard();
        variable(&mut d, "datasource")["label"] = json!("Prometheus");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::TemplateDatasource]);
        assert_eq!(findings[0].severity, Severity::Warning);
        assert_eq!(
            findings[0].to_string(),
            "dashboard \"overview\": datasource variable \"datasource\" is labelled \"Prometheus\": label it \
             \"Prometheus data source\" or \"Data source\" [template-datasource, warning]"
        );
    }

    #[test]
    fn two_datasource_variables_are_named_after_their_type() {
        let mut d = dashboard();
        variable(&mut d, "datasource")["label"] = json!("Prometheus data source");
        variable(&mut d, "datasource")["name"] = json!("prometheus_datasource");
        if let Some(list) = d["templating"]["list"].as_array_mut() {
            list.push(
                json!({"type": "datasource", "name": "loki_datasource", "label": "Loki data source", "query": "loki"}),
            );
        }
        // The fixture's targets name ${datasource}, now unknown; the variables themselves are right.
        assert!(lint(&d).iter().all(|f| f.rule != Rule::TemplateDatasource));
    }

    #[test]
    fn a_dashboard_without_instance_variable_is_template_instance() {
        let mut d = dashboard();
        if let Some(list) = d["templating"]["list"].as_array_mut() {
            list.retain(|v| v["name"] != "instance");
        }
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::TemplateInstance]);
        assert_eq!(findings[0].message, "the dashboard has no \"instance\" variable");
    }

    #[test]
    fn a_job_variable_that_is_not_set_up_for_filtering_is_template_job() {
        let mut d = dashboard();
        let job = variable(&mut d, "job");
        job["multi"] = json!(false);
        job["allValue"] = json!(".*");
        job["label"] = json!("Service");
        job["datasource"] = json!({"type": "prometheus", "uid": "P1809F7CD0C75ACF3"});
        let findings = lint(&d);
        let messages: Vec<(&str, Severity)> = findings
            .iter()
            .filter(|f| f.rule == Rule::TemplateJob)
            .map(|f| (f.message.as_str(), f.severity))
            .collect();
        assert_eq!(
            messages,
            vec![
                (
                    "variable \"job\" should query data source \"$datasource\", not \"P1809F7CD0C75ACF3\"",
                    Severity::Error
                ),
                (
                    "variable \"job\" is labelled \"Service\": label it \"Job\"",
                    Severity::Warning
                ),
                ("variable \"job\" should be multi-value", Severity::Error),
                (
                    "variable \"job\" should have allValue \".+\", not \".*\"",
                    Severity::Error
                ),
            ]
        );
    }

    #[test]
    fn job_and_instance_variables_are_not_required_without_a_prometheus_datasource_variable() {
        let mut d = dashboard();
        variable(&mut d, "datasource")["query"] = json!("loki");
        variable(&mut d, "datasource")["label"] = json!("Loki data source");
        if let Some(list) = d["templating"]["list"].as_array_mut() {
            list.retain(|v| v["name"] != "instance" && v["name"] != "job");
        }
        let findings = lint(&d);
        assert!(
            findings
                .iter()
                .all(|f| f.rule != Rule::TemplateJob && f.rule != Rule::TemplateInstance),
            "{findings:?}"
        );
    }

    #[test]
    fn a_query_variable_with_broken_promql_is_template_label_promql() {
        let mut d = dashboard();
        variable(&mut d, "job")["query"] = json!("label_values(up{, job)");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::TemplateLabelPromql]);
        assert!(
            findings[0]
                .message
                .starts_with("variable \"job\": the PromQL of \"label_values(up{, job)\" does not parse: "),
            "{}",
            findings[0]
        );
    }

    #[test]
    fn a_query_variable_with_an_unknown_function_is_template_label_promql() {
        let mut d = dashboard();
        variable(&mut d, "job")["query"] = json!("series(up, job)");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::TemplateLabelPromql]);
        assert_eq!(
            findings[0].message,
            "variable \"job\": series() is not one of label_names(), label_values(), metrics(), query_result()"
        );
    }

    #[test]
    fn every_prometheus_query_function_is_accepted() {
        let mut d = dashboard();
        for query in [
            "label_names()",
            "label_values(job)",
            "label_values(up{job=~\"$job\", a=\"x,y\"}, instance)",
            "metrics(node_.*)",
            "query_result(topk(5, sum by (job) (rate(up[$__range]))))",
        ] {
            variable(&mut d, "instance")["query"] = json!({"query": query, "refId": "PrometheusVariableQueryEditor"});
            assert_eq!(lint(&d), vec![], "{query}");
        }
    }

    #[test]
    fn a_series_selector_is_a_query_grafana_runs() {
        let mut d = dashboard();
        variable(&mut d, "instance")["query"] = json!("up{job=~\"$job\"}");
        assert_eq!(lint(&d), vec![]);
    }

    #[test]
    fn an_expression_that_is_no_selector_is_template_label_promql() {
        let mut d = dashboard();
        variable(&mut d, "instance")["query"] = json!("sum(up)");
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::TemplateLabelPromql]);
        assert_eq!(
            findings[0].message,
            "variable \"instance\": sum() is not one of label_names(), label_values(), metrics(), query_result()"
        );
    }

    #[test]
    fn a_query_variable_on_another_data_source_is_not_promql() {
        let mut d = dashboard();
        variable(&mut d, "instance")["datasource"] = json!({"type": "loki", "uid": "logs"});
        variable(&mut d, "instance")["query"] = json!("{app=\"x\"}");
        let findings = lint(&d);
        assert!(
            findings.iter().all(|f| f.rule != Rule::TemplateLabelPromql),
            "{findings:?}"
        );
    }

    #[test]
    fn a_query_variable_refreshed_on_load_only_is_template_on_time_change_reload() {
        let mut d = dashboard();
        variable(&mut d, "job")["refresh"] = json!(1);
        let findings = lint(&d);
        assert_eq!(rules(&findings), vec![Rule::TemplateOnTimeChangeReload]);
        assert_eq!(
            findings[0].message,
            "variable \"job\" has refresh 1: set it to 2 (on time range change)"
        );
    }

    #[test]
    fn a_custom_variable_needs_no_refresh() {
        let d = dashboard();
        assert!(d["templating"]["list"]
            .as_array()
            .is_some_and(|l| l.iter().any(|v| v["type"] == "constant" && v.get("refresh").is_none())));
        assert_eq!(lint(&d), vec![]);
    }

    #[test]
    fn title_case_is_gos() {
        assert_eq!(title_case("prometheus"), "Prometheus");
        assert_eq!(title_case("LOKI"), "Loki");
        assert_eq!(title_case("victoriametrics-datasource"), "Victoriametrics-Datasource");
    }
}
