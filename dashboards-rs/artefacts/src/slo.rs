//! `tumulte-slo.yml`: the service-level objectives' rules, generated from the policy's [`SloPolicy`]. The error
//! ratio of each objective over each window the alerts read, the budget left, and each objective's burn-rate
//! alerts, with their texts stated from the policy.
//!
//! [`SloPolicy`]: tumulte_policy::slo::SloPolicy

use std::collections::BTreeMap;

use grafana_dashboards::rules::{AlertingRule, RecordingRule, Rule, RuleFile, RuleGroup};
use grafana_dashboards::Unit;
use tumulte_policy::slo::{BurnRateAlert, Objective};
use tumulte_policy::Policy;

use crate::rules::runbook_url;

/// A share written as people read it: 0.005 → `0.5%`.
fn percent(share: f64) -> String {
    Unit::PercentUnit.format(share)
}

/// "Availability: 99.5% of requests not answered with a 5xx status over 30 days (an error budget of 0.5%)".
pub fn objective_text(policy: &Policy, objective: &Objective) -> String {
    format!(
        "{}: {}% of {} over {} (an error budget of {})",
        objective.name,
        objective.target,
        objective.good_requests(),
        policy.slo.window.words(),
        percent(objective.budget())
    )
}

/// An alert's condition in words: "Burn rate over 14.4× for both the last 1 hour and the last 5 minutes, for 2
/// minutes: 2% of the budget spent in 1 hour, the whole of it in 50 hours."
pub fn condition_text(policy: &Policy, alert: &BurnRateAlert) -> String {
    let window = policy.slo.window;
    format!(
        "Burn rate over {}× for both the last {} and the last {}, for {}: {} of the budget spent in {}, the whole \
         of it in {}.",
        alert.factor,
        alert.long.words(),
        alert.short.words(),
        alert.for_duration.words(),
        percent(alert.spends(window)),
        alert.long.words(),
        alert.exhausts(window).words()
    )
}

/// The recording rules: each objective's error ratio over every window, then its budget left.
fn recording(policy: &Policy) -> Vec<Rule> {
    let mut rules = Vec::new();
    for objective in &policy.slo.objectives {
        for window in policy.slo.windows() {
            rules.push(Rule::Record(RecordingRule {
                record: objective.ratio_record(window),
                expr: objective.error_ratio_expr(window),
            }));
        }
        rules.push(Rule::Record(RecordingRule {
            record: objective.budget_record(policy.slo.window),
            expr: objective.budget_expr(policy.slo.window),
        }));
    }
    rules
}

/// The burn-rate alert `alert` of `objective`.
fn alert_rule(policy: &Policy, objective: &Objective, alert: &BurnRateAlert) -> AlertingRule {
    let name = objective.alert_name(alert);
    let budget_left = format!(
        "{{{{ with printf `{}{{job=\"%s\"}}` $labels.job | query }}}}{{{{ . | first | value | humanizePercentage \
         }}}}{{{{ else }}}}unknown{{{{ end }}}}",
        objective.budget_record(policy.slo.window)
    );
    let description = format!(
        "{}. Over the last {}, {{{{ $labels.job }}}} spent it at {{{{ $value | printf \"%.1f\" }}}}× the rate that \
         lasts {}, and over the last {} still at more than {}×. At {}× the whole budget is gone in {}. Budget left \
         over {}: {budget_left}.",
        objective_text(policy, objective),
        alert.long.words(),
        policy.slo.window.words(),
        alert.short.words(),
        alert.factor,
        alert.factor,
        alert.exhausts(policy.slo.window).words(),
        policy.slo.window.words(),
    );
    let labels = BTreeMap::from([
        ("service".to_owned(), objective.signal().service().to_owned()),
        ("severity".to_owned(), alert.urgency.severity().name().to_owned()),
        ("slo".to_owned(), objective.id.key().to_owned()),
        ("urgency".to_owned(), alert.urgency.name().to_owned()),
    ]);
    let annotations = BTreeMap::from([
        ("description".to_owned(), description),
        ("runbook_url".to_owned(), runbook_url(&name)),
        (
            "summary".to_owned(),
            format!(
                "{{{{ $labels.job }}}} is burning its {} error budget at {{{{ $value | printf \"%.1f\" }}}}×",
                objective.name.to_lowercase()
            ),
        ),
    ]);
    AlertingRule {
        alert: name,
        expr: objective.alert_expr(alert),
        for_duration: alert.for_duration,
        labels,
        annotations,
    }
}

/// The SLO rule file: one group, the recording rules first, then every objective's alerts, fastest first. One
/// group because Prometheus evaluates a group's rules in order at one timestamp: an alert reads the ratios of its
/// own evaluation, where in another group it would read those of the evaluation before, or after.
pub fn slo_rules(policy: &Policy) -> RuleFile {
    let alerts = policy.slo.objectives.iter().flat_map(|objective| {
        policy
            .slo
            .alerts
            .iter()
            .map(move |alert| Rule::Alert(alert_rule(policy, objective, alert)))
    });
    RuleFile {
        groups: vec![RuleGroup {
            name: "tumulte-slo".into(),
            interval: None,
            rules: recording(policy).into_iter().chain(alerts).collect(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tumulte_policy::slo::ObjectiveId;

    #[test]
    fn each_objective_gets_the_four_alerts() {
        let names: Vec<String> = slo_rules(&Policy::default())
            .rules()
            .filter(|r| matches!(r, Rule::Alert(_)))
            .map(|r| r.name().to_owned())
            .collect();
        assert_eq!(
            names,
            [
                "AvailabilityBudgetBurn1h",
                "AvailabilityBudgetBurn6h",
                "AvailabilityBudgetBurn1d",
                "AvailabilityBudgetBurn3d",
                "LatencyBudgetBurn1h",
                "LatencyBudgetBurn6h",
                "LatencyBudgetBurn1d",
                "LatencyBudgetBurn3d"
            ]
        );
    }

    #[test]
    fn recorded_names_follow_the_level_metric_operations_convention() {
        for rule in slo_rules(&Policy::default()).rules() {
            if let Rule::Record(r) = rule {
                assert_eq!(r.record.split(':').count(), 3, "{}", r.record);
            }
        }
    }

    #[test]
    fn a_page_is_critical_and_a_ticket_a_warning() {
        let file = slo_rules(&Policy::default());
        let severity = |name: &str| {
            file.rules()
                .find_map(|r| match r {
                    Rule::Alert(a) if a.alert == name => Some(a.labels["severity"].clone()),
                    _ => None,
                })
                .unwrap_or_default()
        };
        assert_eq!(severity("LatencyBudgetBurn1h"), "critical");
        assert_eq!(severity("LatencyBudgetBurn3d"), "warning");
    }

    #[test]
    fn the_description_states_the_objective_and_the_burn() {
        let policy = Policy::default();
        let rule = alert_rule(
            &policy,
            policy.slo.objective(ObjectiveId::Latency),
            &policy.slo.alerts[0],
        );
        let text = &rule.annotations["description"];
        assert!(
            text.starts_with("Latency: 99% of requests answered within 500 ms over 30 days (an error budget of 1%). "),
            "{text}"
        );
        assert!(
            text.contains("At 14.4× the whole budget is gone in 50 hours."),
            "{text}"
        );
    }
}
