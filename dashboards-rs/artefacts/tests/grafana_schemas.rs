//! Grafana's own published schemas judge the generated dashboard: `../shared/schemas/validate-dashboard.py` (the
//! shared folder as the test kit finds it: `TUMULTE_SHARED`, else beside the checkout).

use std::process::Command;

use tumulte_artefacts::generate;
use tumulte_policy::Policy;
use tumulte_test_kit::{repo, tools};

#[test]
fn the_generated_overview_has_no_violation_of_grafanas_schemas() {
    let Some(validator) = repo::shared("schemas/validate-dashboard.py") else {
        return;
    };
    let Some(python) = tools::python_with("jsonschema") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let files = generate::files(&Policy::default()).expect("generates");
    let dashboard = files.iter().find(|f| f.path.ends_with(".json")).expect("a dashboard");
    let path = dir.path().join("overview.json");
    std::fs::write(&path, &dashboard.contents).expect("write");

    let out = Command::new(python)
        .arg(&validator)
        .arg(&path)
        .output()
        .expect("the validator runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "violations:\n{stdout}\n{stderr}");
    assert!(stderr.contains("0 violation(s)"), "{stderr}");
    assert!(
        stderr.contains("with a per-type schema"),
        "every panel kind must have been checked: {stderr}"
    );
}

#[test]
fn the_validator_catches_a_fault_in_our_output() {
    // Guards the test above: if the validator ran but checked nothing, it would pass anything.
    let Some(validator) = repo::shared("schemas/validate-dashboard.py") else {
        return;
    };
    let Some(python) = tools::python_with("jsonschema") else {
        return;
    };
    let files = generate::files(&Policy::default()).expect("generates");
    let mut json: serde_json::Value =
        serde_json::from_str(&files.iter().find(|f| f.path.ends_with(".json")).expect("json").contents).expect("json");
    let stat = json["panels"]
        .as_array_mut()
        .and_then(|panels| panels.iter_mut().find(|p| p["type"] == "stat"))
        .expect("a stat panel");
    stat["options"]
        .as_object_mut()
        .expect("options")
        .remove("reduceOptions");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("broken.json");
    std::fs::write(&path, serde_json::to_string(&json).expect("json")).expect("write");
    let out = Command::new(python).arg(&validator).arg(&path).output().expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("reduceOptions"));
}
