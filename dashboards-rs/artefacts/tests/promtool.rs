//! Prometheus' own `promtool` judges the generated rule files.

use std::process::Command;

use tumulte_artefacts::generate;
use tumulte_policy::Policy;
use tumulte_test_kit::tools;

#[test]
fn promtool_accepts_the_generated_rule_files() {
    let Some(promtool) = tools::find("promtool", "prometheus") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut paths = Vec::new();
    for file in generate::files(&Policy::default()).expect("generates") {
        if file.path.starts_with("monitoring/prometheus/rules/") {
            let path = dir.path().join(file.path.rsplit('/').next().unwrap_or("rules.yml"));
            std::fs::write(&path, &file.contents).expect("write");
            paths.push(path);
        }
    }
    assert_eq!(paths.len(), 3, "recording, alerting and SLO rule files");
    let out = Command::new(promtool)
        .arg("check")
        .arg("rules")
        .args(&paths)
        .output()
        .expect("promtool runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("SUCCESS: 9 rules found"), "nine alerts: {text}");
    // Per objective: a ratio per window and the budget left, then the four burn-rate alerts.
    let policy = Policy::default();
    let slo = policy.slo.objectives.len() * (policy.slo.windows().len() + 1 + policy.slo.alerts.len());
    assert!(
        text.contains(&format!("SUCCESS: {slo} rules found")),
        "{slo} SLO rules: {text}"
    );
}
