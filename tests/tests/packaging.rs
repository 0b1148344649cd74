//! The plugin's folder as Grafana loads it: `plugin.json` against Grafana's schema
//! (`../shared/schemas/plugin.schema.json`, or under `TUMULTE_SHARED`), the names of `DESIGN.md`, and the files it
//! refers to.

use std::path::PathBuf;

use serde_json::Value;
use tumulte_policy::names::PLUGIN_ID;
use tumulte_test_kit::{repo, tools};
use tumulte_tests::host::EXECUTABLE;

type Result<T = ()> = std::result::Result<T, tumulte_tests::Error>;

fn plugin_dir() -> PathBuf {
    repo::root().join("plugin")
}

/// Grafana's plugin.json schema, in the shared folder; `None` (the kit's rule applied) when it is absent.
fn schema() -> Result<Option<Value>> {
    let Some(path) = repo::shared("schemas/plugin.schema.json") else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Some(serde_json::from_str(&text)?))
}

fn violations(schema: &Value, instance: &Value) -> Result<Vec<String>> {
    let validator = jsonschema::validator_for(schema).map_err(|e| format!("the schema does not compile: {e}"))?;
    Ok(validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect())
}

/// plugin.json as `scripts/dist.sh` renders it.
fn rendered() -> Result<Value> {
    let cargo = std::fs::read_to_string(plugin_dir().join("Cargo.toml"))?;
    let version = cargo
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .ok_or("no version in plugin/Cargo.toml")?;
    let text = std::fs::read_to_string(plugin_dir().join("plugin.json"))?
        .replace("%VERSION%", version)
        .replace("%TODAY%", "2026-01-01");
    Ok(serde_json::from_str(&text)?)
}

#[test]
fn plugin_json_has_no_violations_against_grafanas_schema() -> Result {
    let Some(schema) = schema()? else { return Ok(()) };
    let json = rendered()?;
    let errors = violations(&schema, &json)?;
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(json["id"], PLUGIN_ID);
    assert_eq!(json["type"], "datasource");
    assert_eq!(json["executable"], EXECUTABLE);
    assert_eq!(json["backend"], true);
    assert_eq!(json["alerting"], true);
    assert_eq!(json["metrics"], true);
    for logo in ["small", "large"] {
        let path = json["info"]["logos"][logo].as_str().ok_or("no logo")?;
        assert!(plugin_dir().join(path).is_file(), "{path}");
    }
    Ok(())
}

#[test]
fn the_schema_catches_a_broken_plugin_json() -> Result {
    let Some(schema) = schema()? else { return Ok(()) };
    let mut json = rendered()?;
    json["id"] = Value::from("Tumulte Scaling");
    json["unknownKey"] = Value::from(true);
    assert!(violations(&schema, &json)?.len() >= 2);
    Ok(())
}

/// Once `plugin/scripts/dist.sh` has run, the assembled folder is complete, its plugin.json valid and its
/// module.js the editors' bundle. `scripts/test` assembles it first and sets `TUMULTE_REQUIRE_TOOLS=1`, so there a
/// missing folder fails; elsewhere the test says it was skipped and why (the test kit's rule).
#[test]
fn an_assembled_dist_is_complete() -> Result {
    let dist = plugin_dir().join("dist");
    if !dist.join("plugin.json").is_file() {
        tools::skip("plugin/dist is not assembled: run plugin/scripts/dist.sh first");
        return Ok(());
    }
    let Some(schema) = schema()? else { return Ok(()) };
    let json: Value = serde_json::from_str(&std::fs::read_to_string(dist.join("plugin.json"))?)?;
    let errors = violations(&schema, &json)?;
    assert!(errors.is_empty(), "{errors:#?}");
    for file in ["module.js", "img/logo.svg", "README.md", "CHANGELOG.md", "LICENSE"] {
        assert!(dist.join(file).is_file(), "dist/{file} is missing");
    }
    assert!(
        dist.join(format!("{EXECUTABLE}_linux_amd64")).is_file()
            || dist.join(format!("{EXECUTABLE}_linux_arm64")).is_file()
    );
    // The real editors (plugin/frontend), not a placeholder: the AMD bundle the frontend's loader test loaded.
    let bundle = std::fs::read(plugin_dir().join("frontend/dist/module.js"))?;
    let shipped = std::fs::read(dist.join("module.js"))?;
    assert!(
        shipped == bundle,
        "dist/module.js ({} bytes) is not the editors' build plugin/frontend/dist/module.js ({} bytes): run plugin/scripts/dist.sh",
        shipped.len(),
        bundle.len()
    );
    Ok(())
}
