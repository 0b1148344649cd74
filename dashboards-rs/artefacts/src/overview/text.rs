//! The policy in words, for panel descriptions: every number a description states is read from the policy.

use tumulte_policy::{Condition, Direction, Policy, Service, Signal, SignalId};

/// "Consider scaling" inside a sentence: "consider scaling".
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "over" at the start of a sentence: "Over".
fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The word for crossing a scaling step in a signal's direction.
const fn past(direction: Direction) -> &'static str {
    match direction {
        Direction::Above => "past",
        Direction::Below => "under",
    }
}

/// "Sustained over 10 minutes: past 70% consider scaling, past 85% scale now." (nothing for a signal without
/// scaling steps).
pub fn scaling_steps(signal: &Signal) -> String {
    if signal.steps.is_empty() {
        return String::new();
    }
    let steps: Vec<String> = signal
        .steps
        .iter()
        .map(|step| {
            format!(
                "{} {} {}",
                past(signal.direction),
                signal.unit.format(step.value),
                lower_first(&step.action)
            )
        })
        .collect();
    format!("Sustained over {}: {}.", signal.sustain.words(), steps.join(", "))
}

/// "Over 80% for 10 minutes fires HighCpuUsage." for each alert on the signal, in the alert table's order.
pub fn alerts_on(policy: &Policy, id: SignalId) -> String {
    alert_sentences(policy, id, None)
}

/// As [`alerts_on`], naming the signal, for a panel that shows another one: "Memory available under 10% for
/// 5 minutes fires LowMemoryAvailable."
pub fn alerts_on_named(policy: &Policy, id: SignalId) -> String {
    alert_sentences(policy, id, Some(&policy.signal(id).name))
}

fn alert_sentences(policy: &Policy, id: SignalId, subject: Option<&str>) -> String {
    let signal = policy.signal(id);
    policy
        .alerts
        .iter()
        .filter_map(|alert| match alert.condition {
            Condition::Signal { signal: on, bound } if on == id => {
                let value = policy.bound_value(on, bound)?;
                let side = signal.direction.side();
                let lead = match subject {
                    Some(name) => format!("{name} {side}"),
                    None => upper_first(side),
                };
                Some(format!(
                    "{lead} {} for {} fires {}.",
                    signal.unit.format(value),
                    alert.for_duration.words(),
                    alert.name
                ))
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "DOWN for over 1 minute fires TumulteBackendDown." for the alert on a service being down.
pub fn down_alert(policy: &Policy, service: Service) -> String {
    policy
        .alerts
        .iter()
        .filter(|alert| alert.condition == Condition::Down(service))
        .map(|alert| format!("DOWN for over {} fires {}.", alert.for_duration.words(), alert.name))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the container panels show without data: cAdvisor needs Docker, so only the compose stack runs it.
pub const NO_CADVISOR: &str = "No data: cAdvisor runs only in the compose stack; the native runner has none";

/// Sentences joined by spaces, the empty ones left out.
pub fn sentences(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_worse_below_is_judged_under_its_thresholds() {
        let policy = Policy::default();
        assert_eq!(
            alerts_on(&policy, SignalId::DiskAvailable),
            "Under 15% for 5 minutes fires DiskSpaceLow."
        );
    }

    #[test]
    fn latency_steps_are_written_in_milliseconds_and_seconds() {
        let policy = Policy::default();
        assert_eq!(
            scaling_steps(policy.signal(SignalId::LatencyP95)),
            "Sustained over 5 minutes: past 500 ms optimise or scale, past 1 s scale the backend."
        );
    }
}
