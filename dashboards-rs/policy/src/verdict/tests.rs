//! The verdict's specification, as a table of cases covering every signal and level.

use super::*;

/// The table of cases shared with the WebAssembly package's Node test.
const CASES: &str = include_str!("../../tests/verdict-cases.json");

#[derive(serde::Deserialize)]
struct Table {
    cases: Vec<Case>,
    errors: Vec<ErrorCase>,
}

#[derive(serde::Deserialize)]
struct Case {
    signal: String,
    value: Option<f64>,
    level: Level,
    action: String,
}

#[derive(serde::Deserialize)]
struct ErrorCase {
    readings: std::collections::BTreeMap<String, Option<f64>>,
    message: String,
}

fn table() -> Table {
    serde_json::from_str(CASES).expect("verdict-cases.json parses")
}

fn calm() -> Readings {
    Policy::default().scaling_signals().map(|s| (s.id, Some(0.0))).collect()
}

#[test]
fn every_case_of_the_shared_table_gets_its_level_and_action() {
    let policy = Policy::default();
    for case in table().cases {
        let mut readings = calm();
        let id = SignalId::from_key(&case.signal).expect("known signal");
        readings.insert(id, case.value);
        let verdict = evaluate(&policy, &readings).expect("valid readings");
        let got = verdict
            .signals
            .iter()
            .find(|s| s.signal == id)
            .expect("signal in verdict");
        assert_eq!(
            (got.level, got.action.as_str()),
            (case.level, case.action.as_str()),
            "{} at {:?}",
            case.signal,
            case.value
        );
    }
}

#[test]
fn the_level_alone_is_the_level_judge_gives_for_every_case() {
    let policy = Policy::default();
    for case in table().cases {
        let id = SignalId::from_key(&case.signal).expect("known signal");
        let signal = policy.scaling_signals().find(|s| s.id == id).expect("a scaling signal");
        assert_eq!(
            level(signal, case.value).ok(),
            Some(case.level),
            "{} at {:?}",
            case.signal,
            case.value
        );
    }
    let cpu = policy.scaling_signals().next().expect("a scaling signal");
    assert!(level(cpu, Some(f64::NAN)).is_err() && level(cpu, Some(-1.0)).is_err());
}

#[test]
fn every_error_case_of_the_shared_table_is_refused_with_its_message() {
    for case in table().errors {
        let err = readings_from_keys(case.readings.iter().map(|(k, v)| (k.as_str(), *v)))
            .and_then(|readings| evaluate(&Policy::default(), &readings))
            .expect_err("refused");
        assert!(err.to_string().contains(&case.message), "{err} lacks {}", case.message);
    }
}

#[test]
fn all_calm_is_ok_with_no_action() {
    let verdict = evaluate(&Policy::default(), &calm()).expect("valid");
    assert_eq!(verdict.overall, Level::Ok);
    assert_eq!(verdict.action, "No action");
    assert_eq!(verdict.signals.len(), 5);
}

#[test]
fn overall_is_the_worst_signal_with_its_action() {
    let mut readings = calm();
    readings.insert(SignalId::CpuUsage, Some(75.0));
    readings.insert(SignalId::LatencyP95, Some(1.2));
    let verdict = evaluate(&Policy::default(), &readings).expect("valid");
    assert_eq!(verdict.overall, Level::Critical);
    assert_eq!(verdict.action, "Latency p95: Scale the backend");
}

#[test]
fn no_data_is_ok_and_says_so() {
    let mut readings = calm();
    readings.insert(SignalId::LatencyP95, None);
    let verdict = evaluate(&Policy::default(), &readings).expect("valid");
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
    let err = evaluate(&Policy::default(), &readings).expect_err("missing");
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
        evaluate(&Policy::default(), &readings),
        Err(VerdictError::NotFinite { key: "cpuUsage", .. })
    ));
}

#[test]
fn a_negative_value_is_an_error() {
    let mut readings = calm();
    readings.insert(SignalId::WebsocketsPerInstance, Some(-3.0));
    let err = evaluate(&Policy::default(), &readings).expect_err("negative");
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
    let mut policy = Policy::default();
    if let Some(step) = policy.signal_mut(SignalId::CpuUsage).step_mut(Level::Warning) {
        step.value = 60.0;
    }
    let (level, _) = judge(policy.signal(SignalId::CpuUsage), Some(65.0)).expect("valid");
    assert_eq!(level, Level::Warning);
}

#[test]
fn a_verdict_queries_each_scaling_signal_once_in_order_for_the_pool_size() {
    let policy = Policy {
        db_pool_size: 37,
        ..Policy::default()
    };
    let queries = queries(&policy);
    let signals: Vec<SignalId> = policy.scaling_signals().map(|s| s.id).collect();
    assert_eq!(queries.iter().map(|q| q.signal).collect::<Vec<_>>(), signals);
    let db = queries
        .iter()
        .find(|q| q.signal == SignalId::DbPoolUsage)
        .expect("the DB pool is a scaling signal");
    assert_eq!(db.expr, policy.signal(SignalId::DbPoolUsage).sustained_expr(37));
}

#[test]
fn non_finite_samples_are_no_data_and_slightly_negative_ones_zero() {
    assert_eq!(reading(f64::NAN), None);
    assert_eq!(reading(f64::INFINITY), None);
    assert_eq!(reading(-0.2), Some(0.0));
    assert_eq!(reading(42.5), Some(42.5));
}

#[test]
fn a_sustained_reading_is_the_largest_number_answered() {
    assert_eq!(sustained_reading([3.0, f64::NAN, 7.0]), Some(7.0));
    assert_eq!(sustained_reading([f64::NAN]), None);
    assert_eq!(sustained_reading([]), None);
}
