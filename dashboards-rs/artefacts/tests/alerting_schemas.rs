//! Grafana's published schemas judge the generated alerting provisioning: each rule, contact point and policy
//! of `provisioning/alerting/tumulte-verdict.yml`, read back from the file's bytes and made into the objects
//! Grafana makes of it (`Provisioning::api`), against `alerting.jsonschema.json` (`Rule`, `ContactPoint`,
//! `NotificationPolicy`), and each server-side expression's model against `expr.jsonschema.json`.

use std::path::{Path, PathBuf};
use std::process::Command;

use grafana_dashboards::alerting::{Provisioning, QueryModel};
use serde_json::{json, Value};
use tumulte_artefacts::alerting::ALERTING_PATH;
use tumulte_artefacts::generate;
use tumulte_policy::Policy;
use tumulte_test_kit::{repo, tools};

/// Validates each object under `objects[definition]` against that definition of `alerting.jsonschema.json`
/// (or, for `expr`, against `expr.jsonschema.json` as a whole); prints `definition index path: message` per
/// violation, then `checked definition N` per definition.
const CHECK: &str = r##"
import json, sys, jsonschema
alerting, expr, objects = (json.load(open(p)) for p in sys.argv[1:4])
violations = 0
for definition, items in objects.items():
    schema = expr if definition == "expr" else {"$ref": "#/definitions/" + definition, "definitions": alerting["definitions"]}
    validator = jsonschema.Draft7Validator(schema)
    for i, item in enumerate(items):
        for e in validator.iter_errors(item):
            violations += 1
            print(definition, i, e.json_path, e.message)
    print("checked", definition, len(items))
sys.exit(1 if violations else 0)
"##;

/// The generated alerting file, read back from its bytes.
fn generated() -> Provisioning {
    let files = generate::files(&Policy::default()).expect("generates");
    let file = files
        .iter()
        .find(|f| f.path == ALERTING_PATH)
        .expect("the alerting file is generated");
    serde_norway::from_str(&file.contents).expect("the alerting file reads back")
}

/// Every object Grafana makes of `file`, by the schema definition that describes it.
fn objects(file: &Provisioning) -> Value {
    // Grafana finds the folder by title, or creates it with a uid of its own: any uid stands for it here.
    let api = file.api(|title| format!("folder-{}", title.to_lowercase()));
    let expressions: Vec<&grafana_dashboards::alerting::expr::Expression> = file
        .groups
        .iter()
        .flat_map(|g| &g.rules)
        .flat_map(|r| &r.data)
        .filter_map(|q| match &q.model {
            QueryModel::Expression(e) => Some(e),
            QueryModel::DataSource(_) => None,
        })
        .collect();
    json!({
        "Rule": api.rules,
        "ContactPoint": api.contact_points,
        "NotificationPolicy": api.policies,
        "expr": expressions,
    })
}

/// Runs the check on `objects`; `None` when the schemas or Python's `jsonschema` are missing (the kit's rule).
fn check(objects: &Value) -> Option<(bool, String)> {
    let alerting = repo::shared("schemas/grafana-10.4/alerting.jsonschema.json")?;
    let expr = repo::shared("schemas/grafana-10.4/expr.jsonschema.json")?;
    let python = tools::python_with("jsonschema")?;
    let dir = tempfile::tempdir().expect("tempdir");
    let path: PathBuf = dir.path().join("objects.json");
    std::fs::write(&path, objects.to_string()).expect("write");
    let out = Command::new(python)
        .args(["-c", CHECK])
        .args([&alerting, &expr, Path::new(&path)])
        .output()
        .expect("python runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some((out.status.success(), report))
}

#[test]
fn every_alerting_object_passes_grafanas_schemas() {
    let file = generated();
    let Some((ok, report)) = check(&objects(&file)) else {
        return;
    };
    assert!(ok, "violations:\n{report}");
    for checked in [
        "checked Rule 1",
        "checked ContactPoint 1",
        "checked NotificationPolicy 1",
        "checked expr 2",
    ] {
        assert!(report.contains(checked), "{checked} missing from:\n{report}");
    }
}

#[test]
fn the_check_catches_a_broken_object_of_each_kind() {
    // Guards the test above: a check that validated nothing would pass anything.
    let mut objects = objects(&generated());
    objects["Rule"][0]["noDataState"] = json!("Silence");
    objects["ContactPoint"][0]["type"] = json!("carrier-pigeon");
    objects["NotificationPolicy"][0]["orgId"] = json!(1);
    objects["expr"][0]["reducer"] = json!("last_value");
    let Some((ok, report)) = check(&objects) else {
        return;
    };
    assert!(!ok, "{report}");
    for caught in [
        "Rule 0 $.noDataState",
        "ContactPoint 0 $.type",
        "NotificationPolicy 0 $",
        "expr 0 $",
    ] {
        assert!(report.contains(caught), "{caught} not caught:\n{report}");
    }
}
