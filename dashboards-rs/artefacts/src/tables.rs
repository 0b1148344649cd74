//! `docs/policy.md`: Tumulte's defaults as people read them, the scaling table and the alert table, written from
//! the policy so that the documentation states the values in force.

use std::fmt::Write;

use tumulte_policy::{Condition, Direction, Policy, PolicyError};

/// `>` or `<`, then the value in the signal's unit.
fn past(direction: Direction, text: &str) -> String {
    format!("{} {text}", direction.operator())
}

/// The Markdown of the two tables.
pub fn policy_tables(policy: &Policy) -> Result<String, PolicyError> {
    let mut out = String::from(
        "# Tumulte's defaults\n\nThe scaling table and the alert table in force, as `Policy::default()` in \
         `dashboards-rs/policy` defines them. The dashboard's lines and descriptions, the rule files, the runbook, \
         the plugin's verdict and the editors all read these values.\n\n## The scaling table\n\nA signal is past a \
         step when it stayed past it for its whole window (\"constant\").\n\n| signal | window | steps |\n| --- | --- \
         | --- |\n",
    );
    // `write!` to a String cannot fail.
    for signal in policy.scaling_signals() {
        let steps: Vec<String> = signal
            .steps
            .iter()
            .map(|s| {
                format!(
                    "{} {}: {}",
                    past(signal.direction, &signal.unit.format(s.value)),
                    s.level,
                    s.action
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            signal.name,
            signal.sustain.words(),
            steps.join("; ")
        );
    }
    out.push_str("\n## The alert table\n\n| alert | severity | fires when | for |\n| --- | --- | --- | --- |\n");
    for alert in &policy.alerts {
        let when = match alert.condition {
            Condition::Down(service) => format!("{} is unreachable", service.name()),
            Condition::Signal { signal, bound } => {
                let s = policy.signal(signal);
                let value = policy.resolve(alert, signal, bound)?;
                format!("{} {}", s.name, past(s.direction, &s.unit.format(value)))
            }
        };
        let _ = writeln!(
            out,
            "| {} | {} | {when} | {} |",
            alert.name,
            alert.severity,
            alert.for_duration.words()
        );
    }
    slo_tables(policy, &mut out);
    Ok(out)
}

/// The objectives and their burn-rate alerts.
fn slo_tables(policy: &Policy, out: &mut String) {
    let slo = &policy.slo;
    let _ = write!(
        out,
        "\n## Service-level objectives\n\nMeasured over {}; the burn rate is the error ratio divided by the \
         budget (1 spends exactly the budget over the window).\n\n| objective | good requests | target | error \
         budget |\n| --- | --- | --- | --- |\n",
        slo.window.words()
    );
    for objective in &slo.objectives {
        let _ = writeln!(
            out,
            "| {} | {} | {}% | {} |",
            objective.name,
            objective.good_requests(),
            objective.target,
            grafana_dashboards::Unit::PercentUnit.format(objective.budget())
        );
    }
    out.push_str(
        "\n### Burn-rate alerts, for each objective\n\n| urgency | severity | burn rate over | long window | short \
         window | for | budget spent over the long window |\n| --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for alert in &slo.alerts {
        let _ = writeln!(
            out,
            "| {} | {} | {}× | {} | {} | {} | {} |",
            alert.urgency.name(),
            alert.urgency.severity(),
            alert.factor,
            alert.long.words(),
            alert.short.words(),
            alert.for_duration.words(),
            grafana_dashboards::Unit::PercentUnit.format(alert.spends(slo.window))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latency_row_states_both_steps_in_their_unit() {
        let text = policy_tables(&Policy::default()).expect("tables");
        assert!(
            text.contains(
                "| Latency p95 | 5 minutes | > 500 ms warning: Optimise or scale; > 1 s critical: Scale the backend |"
            ),
            "{text}"
        );
    }
}
