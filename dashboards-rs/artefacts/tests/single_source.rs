//! One fact, one place: a threshold changed in the policy reaches the dashboard and the alert rule together.

use grafana_dashboards::rules::Rule;
use serde_json::Value;
use tumulte_artefacts::{overview::overview, rules::alert_rules};
use tumulte_policy::Level;
use tumulte_policy::{Policy, SignalId};

fn panel_thresholds(policy: &Policy, title: &str) -> Vec<Option<f64>> {
    let json = overview(policy).expect("builds").to_json();
    let panel = json["panels"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["title"] == title))
        .expect("panel");
    panel["fieldConfig"]["defaults"]["thresholds"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["value"].as_f64())
        .collect()
}

fn alert_expr(policy: &Policy, name: &str) -> String {
    alert_rules(policy)
        .expect("rules")
        .rules()
        .find_map(|r| match r {
            Rule::Alert(a) if a.alert == name => Some(a.expr.clone()),
            _ => None,
        })
        .expect("alert")
}

#[test]
fn changing_the_critical_latency_moves_the_panel_line_and_the_alert() {
    let mut policy = Policy::default();
    assert_eq!(
        panel_thresholds(&policy, "Request latency p50 / p95 / p99"),
        vec![None, Some(0.5), Some(1.0)]
    );
    assert!(alert_expr(&policy, "HighRequestLatency").ends_with("> 1"));

    if let Some(step) = policy.signal_mut(SignalId::LatencyP95).step_mut(Level::Critical) {
        step.value = 2.0;
    }

    assert_eq!(
        panel_thresholds(&policy, "Request latency p50 / p95 / p99"),
        vec![None, Some(0.5), Some(2.0)]
    );
    assert!(alert_expr(&policy, "HighRequestLatency").ends_with("> 2"));
}

#[test]
fn changing_the_cpu_alert_bound_moves_the_panel_and_the_alert() {
    let mut policy = Policy::default();
    for alert in &mut policy.alerts {
        if alert.name == "HighCpuUsage" {
            alert.condition = tumulte_policy::Condition::Signal {
                signal: SignalId::CpuUsage,
                bound: tumulte_policy::Bound::Value(75.0),
            };
        }
    }
    assert_eq!(
        panel_thresholds(&policy, "CPU usage"),
        vec![None, Some(70.0), Some(75.0), Some(85.0)]
    );
    assert!(alert_expr(&policy, "HighCpuUsage").ends_with("> 75"));
}

#[test]
fn the_verdict_text_panel_lists_the_thresholds_in_force() {
    let mut policy = Policy::default();
    if let Some(step) = policy.signal_mut(SignalId::WebsocketsPerInstance).step_mut(Level::Info) {
        step.value = 750.0;
    }
    let json: Value = overview(&policy).expect("builds").to_json();
    let text = json["panels"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["type"] == "text"))
        .map(|p| p["options"]["content"].to_string())
        .expect("text panel");
    assert!(text.contains("info > 750"), "{text}");
}
