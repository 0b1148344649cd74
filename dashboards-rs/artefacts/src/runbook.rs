//! `docs/runbook.md`: what each alert means and what to do, one section per alert of the alert table. Each
//! section opens with the alert's condition written from the policy (its threshold in the signal's unit, its
//! `for` in words), then the alert's own steps.

use std::fmt::Write;

use tumulte_policy::{AlertSpec, Condition, Policy, PolicyError};

use crate::rules::rule_expr;

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
    Ok(out)
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
