//! `docs/runbook.md`: what each alert means and what to do, one section per alert of the alert table. Each
//! section opens with the alert's condition written from the policy (its threshold in the signal's unit, its
//! `for` in words), then the alert's own steps.

use std::fmt::Write;

use tumulte_policy::{AlertSpec, Condition, Policy, PolicyError};

use crate::rules::rule_expr;
use crate::slo::{condition_text, objective_text};

/// The condition of an alert in words: "Latency p95 over 1 s for 5 minutes (`… > 1`)".
fn condition(policy: &Policy, alert: &AlertSpec) -> Result<String, PolicyError> {
    let lasting = alert.for_duration.words();
    Ok(match alert.condition {
        Condition::Down(service) => format!(
            "{} is unreachable (`{} == 0`) for {lasting}.",
            service.name(),
            service.up_expr()
        ),
        Condition::Signal { signal, bound } => {
            let s = policy.signal(signal);
            let value = policy.resolve(alert, signal, bound)?;
            format!(
                "{} {} {} for {lasting} (`{} {} {value}`).",
                s.name,
                s.direction.side(),
                s.unit.format(value),
                rule_expr(policy, signal),
                s.direction.operator()
            )
        }
    })
}

/// The runbook's Markdown.
pub fn runbook(policy: &Policy) -> Result<String, PolicyError> {
    let mut out = String::from(
        "# Tumulte alert runbook\n\nEach alert's `runbook_url` points at its section here. The thresholds and \
         durations are those in force in the alert table (`tumulte-policy`); the alert's description, as \
         delivered, states them too.\n",
    );
    for alert in &policy.alerts {
        let steps = policy.alert_text(alert, &alert.runbook)?;
        // `write!` to a String cannot fail.
        let _ = write!(
            out,
            "\n## {}\n{} Severity {}, service `{}`.\n\n{}\n",
            alert.name,
            condition(policy, alert)?,
            alert.severity,
            alert.service(),
            steps.trim_end()
        );
    }
    let verdict = &policy.verdict_alert;
    let _ = write!(
        out,
        "\n## {}\nThe scaling verdict's overall level (Tumulte Scaling data source) is {} or worse for {}, \
         evaluated by Grafana every {}. Severity {}, Grafana-managed (`provisioning/alerting/`).\n\n{}\n",
        verdict.name,
        verdict.fires_at.name(),
        verdict.pending.words(),
        verdict.interval.words(),
        verdict.fires_at,
        verdict.runbook.trim_end()
    );
    slo_sections(policy, &mut out);
    Ok(out)
}

/// The objectives, then one section per burn-rate alert.
fn slo_sections(policy: &Policy, out: &mut String) {
    let window = policy.slo.window.words();
    let _ = write!(
        out,
        "\n## Service-level objectives\n\nEach objective counts the share of good requests over {window}; what it \
         leaves is the error budget. The burn rate is how fast the budget goes: 1 spends exactly the budget in \
         {window}. Each alert needs its burn rate over a long window (the budget really went) and a short one (it \
         is still going, so the alert resolves soon after the cause). No traffic gives no ratio and no alert.\n\n"
    );
    for objective in &policy.slo.objectives {
        let _ = writeln!(out, "- {}.", objective_text(policy, objective));
    }
    for objective in &policy.slo.objectives {
        for alert in &policy.slo.alerts {
            let _ = write!(
                out,
                "\n## {}\n{}. {} Severity {}, service `{}`.\n\n{}\n\n{}\n",
                objective.alert_name(alert),
                objective_text(policy, objective),
                condition_text(policy, alert),
                alert.urgency.severity(),
                objective.signal().service(),
                alert.urgency.asks(),
                objective.runbook.trim_end()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_alert_has_a_section_whose_anchor_its_runbook_url_names() {
        let text = runbook(&Policy::default()).expect("runbook");
        for alert in &Policy::default().alerts {
            assert!(text.contains(&format!("\n## {}\n", alert.name)), "{}", alert.name);
            let url = crate::rules::runbook_url(&alert.name);
            assert!(url.ends_with(&format!("#{}", alert.name.to_lowercase())), "{url}");
        }
    }

    #[test]
    fn each_burn_rate_alert_has_a_section_stating_its_windows() {
        let policy = Policy::default();
        let text = runbook(&policy).expect("runbook");
        assert!(
            text.contains(
                "\n## AvailabilityBudgetBurn6h\nAvailability: 99.5% of requests not answered with a 5xx status over \
                 30 days (an error budget of 0.5%). Burn rate over 6× for both the last 6 hours and the last 30 \
                 minutes, for 15 minutes: 5% of the budget spent in 6 hours, the whole of it in 5 days."
            ),
            "{text}"
        );
    }

    #[test]
    fn the_verdict_alert_has_the_section_its_runbook_url_names() {
        let policy = Policy::default();
        let text = runbook(&policy).expect("runbook");
        let alert = &policy.verdict_alert;
        assert!(text.contains(&format!("\n## {}\n", alert.name)), "{text}");
        assert!(alert
            .runbook_url()
            .ends_with(&format!("#{}", alert.name.to_lowercase())));
    }

    #[test]
    fn a_sections_first_line_states_the_threshold_and_the_duration() {
        let text = runbook(&Policy::default()).expect("runbook");
        assert!(
            text.contains("CPU usage over 80% for 10 minutes (`instance:node_cpu_usage_percent:rate5m > 80`)."),
            "{text}"
        );
    }
}
