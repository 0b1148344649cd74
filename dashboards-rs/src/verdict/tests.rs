//! The verdict's specification, as a table of cases covering every signal and level.

use super::*;

/// (signal, value, expected level): every scaling signal at ok, at each step, and at the boundaries (the seed
/// says `>`, so a value equal to a threshold is not past it).
pub(crate) const CASES: &[(SignalId, f64, Level)] = &[
    (SignalId::CpuUsage, 10.0, Level::Ok),
    (SignalId::CpuUsage, 70.0, Level::Ok),
    (SignalId::CpuUsage, 70.5, Level::Warning),
    (SignalId::CpuUsage, 85.0, Level::Warning),
    (SignalId::CpuUsage, 92.0, Level::Critical),
    (SignalId::MemoryUsage, 50.0, Level::Ok),
    (SignalId::MemoryUsage, 80.1, Level::Warning),
    (SignalId::MemoryUsage, 99.0, Level::Warning),
    (SignalId::LatencyP95, 0.2, Level::Ok),
    (SignalId::LatencyP95, 0.5, Level::Ok),
    (SignalId::LatencyP95, 0.75, Level::Warning),
    (SignalId::LatencyP95, 1.5, Level::Critical),
    (SignalId::DbPoolUsage, 40.0, Level::Ok),
    (SignalId::DbPoolUsage, 90.0, Level::Warning),
    (SignalId::WebsocketsPerInstance, 120.0, Level::Ok),
    (SignalId::WebsocketsPerInstance, 501.0, Level::Info),
];

fn calm() -> Readings {
    Policy::seed().scaling_signals().map(|s| (s.id, Some(0.0))).collect()
}

#[test]
fn every_case_of_the_table_gets_its_level() {
    let policy = Policy::seed();
    for &(signal, value, expected) in CASES {
        let (level, _) = judge(policy.signal(signal), Some(value)).expect("valid value");
        assert_eq!(level, expected, "{signal:?} at {value}");
    }
}

#[test]
fn all_calm_is_ok_with_no_action() {
    let verdict = evaluate(&Policy::seed(), &calm()).expect("valid");
    assert_eq!(verdict.overall, Level::Ok);
    assert_eq!(verdict.action, "No action");
    assert_eq!(verdict.signals.len(), 5);
}

#[test]
fn overall_is_the_worst_signal_with_its_action() {
    let mut readings = calm();
    readings.insert(SignalId::CpuUsage, Some(75.0));
    readings.insert(SignalId::LatencyP95, Some(1.2));
    let verdict = evaluate(&Policy::seed(), &readings).expect("valid");
    assert_eq!(verdict.overall, Level::Critical);
    assert_eq!(verdict.action, "Latency p95: Scale the backend");
}

#[test]
fn no_data_is_ok_and_says_so() {
    let mut readings = calm();
    readings.insert(SignalId::LatencyP95, None);
    let verdict = evaluate(&Policy::seed(), &readings).expect("valid");
    let latency = verdict
        .signals
        .iter()
        .find(|s| s.signal == SignalId::LatencyP95)
        .expect("present");
    assert_eq!((latency.level, latency.action.as_str()), (Level::Ok, "No data"));
}

#[test]
fn a_missing_signal_is_an_error_naming_it() {
    let mut readings = calm();
    readings.remove(&SignalId::DbPoolUsage);
    let err = evaluate(&Policy::seed(), &readings).expect_err("missing");
    assert_eq!(
        err.to_string(),
        "signal dbPoolUsage is missing: give a number, or null when there is no data"
    );
}

#[test]
fn nan_is_an_error_not_a_level() {
    let mut readings = calm();
    readings.insert(SignalId::CpuUsage, Some(f64::NAN));
    assert!(matches!(
        evaluate(&Policy::seed(), &readings),
        Err(VerdictError::NotFinite { key: "cpuUsage", .. })
    ));
}

#[test]
fn a_negative_value_is_an_error() {
    let mut readings = calm();
    readings.insert(SignalId::WebsocketsPerInstance, Some(-3.0));
    let err = evaluate(&Policy::seed(), &readings).expect_err("negative");
    assert!(err.to_string().contains("websocketsPerInstance is -3"), "{err}");
}

#[test]
fn an_unknown_key_lists_the_known_ones() {
    let err = readings_from_keys([("cpu", Some(1.0))]).expect_err("unknown");
    assert!(
        err.to_string().contains("expected one of cpuUsage, memoryUsage"),
        "{err}"
    );
}

#[test]
fn a_changed_threshold_changes_the_verdict() {
    let mut policy = Policy::seed();
    if let Some(step) = policy.signal_mut(SignalId::CpuUsage).step_mut(Level::Warning) {
        step.value = 60.0;
    }
    let (level, _) = judge(policy.signal(SignalId::CpuUsage), Some(65.0)).expect("valid");
    assert_eq!(level, Level::Warning);
}
