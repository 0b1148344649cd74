//! Test helper: checks a panel kind's options (and custom field config) against Grafana 10.4's published JSON
//! schemas by running `validate-dashboard.py` on a one-panel dashboard.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;
use serde_json::{json, Value};

/// The validator and a Python that runs it, or `None` after the test kit's skip rule (skipped with a message,
/// or a failure when every tool is required).
fn validator() -> Option<(PathBuf, PathBuf)> {
    let script = tumulte_test_kit::repo::shared("schemas/validate-dashboard.py")?;
    let python = tumulte_test_kit::tools::python_with("jsonschema")?;
    Some((python, script))
}

/// A minimal dashboard the validator accepts, holding one panel of `kind`.
pub(crate) fn dashboard_with(kind: &str, options: Value, custom: Option<Value>) -> Value {
    let mut defaults = serde_json::Map::new();
    if let Some(custom) = custom {
        defaults.insert("custom".into(), custom);
    }
    json!({
        "title": "t",
        "uid": "u",
        "schemaVersion": 39,
        "editable": true,
        "graphTooltip": 0,
        "time": {"from": "now-6h", "to": "now"},
        "timepicker": {},
        "timezone": "browser",
        "annotations": {"list": []},
        "templating": {"list": []},
        "links": [],
        "panels": [{
            "type": kind,
            "id": 1,
            "title": "p",
            "gridPos": {"h": 8, "w": 12, "x": 0, "y": 0},
            "options": options,
            "fieldConfig": {"defaults": defaults, "overrides": []},
            "targets": []
        }]
    })
}

/// Asserts that a panel of `kind` with these options (and custom field config) has no schema violation.
pub(crate) fn assert_passes_schema<O: Serialize, C: Serialize>(kind: &str, options: &O, custom: Option<&C>) {
    let Some((python, script)) = validator() else {
        return;
    };
    static SEQ: AtomicUsize = AtomicUsize::new(0);
    let options = serde_json::to_value(options).expect("options serialize");
    let custom = custom.map(|c| serde_json::to_value(c).expect("custom field config serializes"));
    let dashboard = dashboard_with(kind, options, custom);
    let path = std::env::temp_dir().join(format!(
        "schema-check-{}-{}-{}.json",
        std::process::id(),
        kind,
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&dashboard).expect("dashboard serializes"),
    )
    .expect("write the dashboard to a temp file");
    let out = Command::new(python)
        .arg(script)
        .arg(&path)
        .output()
        .expect("run python3");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "{kind}: schema violations\n--- stdout\n{}\n--- stderr\n{}\n--- dashboard\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        serde_json::to_string_pretty(&dashboard).unwrap_or_default()
    );
}

/// Asserts that a panel of `kind` (a kind without custom field config) with these options has no schema violation.
pub(crate) fn assert_options_pass_schema<O: Serialize>(kind: &str, options: &O) {
    assert_passes_schema::<O, Value>(kind, options, None);
}

/// A value as JSON, for comparing what a type writes.
pub(crate) fn to_json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).expect("writes")
}
