//! Tumulte's Prometheus rules, generated from the [`Policy`]: the nine alerts of the alert table and the
//! recording rules that precompute the expensive signals for the alerts and the plugin.

use std::collections::BTreeMap;

use grafana_dashboards::rules::{AlertingRule, RecordingRule, Rule, RuleFile, RuleGroup};
use tumulte_policy::names::RUNBOOK_URL;
use tumulte_policy::promql::{Scope, RULE_WINDOW};
use tumulte_policy::{Condition, Policy, PolicyError, SignalId};

/// The recording rules: each signal that has a recorded form, over [`RULE_WINDOW`].
pub fn recording_rules(policy: &Policy) -> RuleFile {
    let scope = Scope::fixed(RULE_WINDOW, policy.db_pool_size);
    let rules = policy
        .signals()
        .iter()
        .filter_map(|s| s.recorded().map(|record| (record, s.expr(&scope))))
        .map(|(record, expr)| {
            Rule::Record(RecordingRule {
                record: record.into(),
                expr,
            })
        })
        .collect();
    RuleFile {
        groups: vec![RuleGroup {
            name: "tumulte-recording".into(),
            interval: None,
            rules,
        }],
    }
}

/// The PromQL of a signal in rules: its recorded series where it has one, else its expression.
pub fn rule_expr(policy: &Policy, id: SignalId) -> String {
    let signal = policy.signal(id);
    match signal.recorded() {
        Some(record) => record.to_owned(),
        None => signal.expr(&Scope::fixed(RULE_WINDOW, policy.db_pool_size)),
    }
}

/// The anchor of an alert's section in the runbook (`#highrequestlatency`).
pub fn runbook_url(alert: &str) -> String {
    format!("{RUNBOOK_URL}#{}", alert.to_lowercase())
}

/// The alert table's alerts, with `severity`, `summary`, `description` and `runbook_url`.
pub fn alert_rules(policy: &Policy) -> Result<RuleFile, PolicyError> {
    let rules = policy
        .alerts
        .iter()
        .map(|spec| {
            let expr = match spec.condition {
                Condition::Down(service) => format!("{} == 0", service.up_expr()),
                Condition::Signal { signal, bound } => format!(
                    "{} {} {}",
                    wrap(&rule_expr(policy, signal)),
                    policy.signal(signal).direction.operator(),
                    policy.resolve(spec, signal, bound)?
                ),
            };
            let description = policy.alert_description(spec)?;
            let labels = BTreeMap::from([
                ("service".to_owned(), spec.service().to_owned()),
                ("severity".to_owned(), spec.severity.name().to_owned()),
            ]);
            let annotations = BTreeMap::from([
                ("description".to_owned(), description),
                ("runbook_url".to_owned(), runbook_url(&spec.name)),
                ("summary".to_owned(), spec.summary.clone()),
            ]);
            Ok(Rule::Alert(AlertingRule {
                alert: spec.name.clone(),
                expr,
                for_duration: spec.for_duration,
                labels,
                annotations,
            }))
        })
        .collect::<Result<_, PolicyError>>()?;
    Ok(RuleFile {
        groups: vec![RuleGroup {
            name: "tumulte-alerts".into(),
            interval: None,
            rules,
        }],
    })
}

/// Parenthesises a compound expression so that a comparison applies to all of it.
fn wrap(expr: &str) -> String {
    if expr.chars().all(|c| c.is_alphanumeric() || c == '_' || c == ':') {
        expr.to_owned()
    } else {
        format!("({expr})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tumulte_policy::Level;

    fn alert<'a>(file: &'a RuleFile, name: &str) -> &'a AlertingRule {
        file.rules()
            .find_map(|r| match r {
                Rule::Alert(a) if a.alert == name => Some(a),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no alert {name}"))
    }

    #[test]
    fn the_latency_alert_compares_the_recorded_p95_with_one_second() {
        let file = alert_rules(&Policy::default()).expect("rules");
        let a = alert(&file, "HighRequestLatency");
        assert_eq!(a.expr, "job:tumulte_http_request_duration_seconds:p95_rate5m > 1");
        assert_eq!(
            (a.for_duration.to_string().as_str(), a.labels["severity"].as_str()),
            ("5m", "warning")
        );
    }

    #[test]
    fn every_alert_has_summary_description_and_runbook() {
        for rule in alert_rules(&Policy::default()).expect("rules").rules() {
            let Rule::Alert(a) = rule else { continue };
            for key in ["summary", "description", "runbook_url"] {
                assert!(!a.annotations[key].is_empty(), "{} lacks {key}", a.alert);
            }
        }
    }

    #[test]
    fn memory_alert_fires_below_ten_percent_available() {
        let file = alert_rules(&Policy::default()).expect("rules");
        assert!(alert(&file, "LowMemoryAvailable").expr.ends_with(") < 10"));
    }

    #[test]
    fn a_changed_scaling_step_reaches_the_alert() {
        let mut policy = Policy::default();
        if let Some(step) = policy.signal_mut(SignalId::LatencyP95).step_mut(Level::Critical) {
            step.value = 2.5;
        }
        let file = alert_rules(&policy).expect("rules");
        let a = alert(&file, "HighRequestLatency");
        assert!(a.expr.ends_with("> 2.5"));
        assert!(
            a.annotations["description"].contains("above 2.5 s"),
            "{}",
            a.annotations["description"]
        );
    }

    #[test]
    fn recording_rules_follow_the_level_metric_operations_convention() {
        for rule in recording_rules(&Policy::default()).rules() {
            assert_eq!(rule.name().split(':').count(), 3, "{}", rule.name());
        }
    }
}
