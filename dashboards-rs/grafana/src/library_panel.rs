//! Library panels: a panel kept once in Grafana's library and drawn by every dashboard panel that names it
//! ([`crate::Panel::library`]).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::panel::Panel;
use crate::Extra;

/// A library panel as Grafana's library API and `librarypanel.jsonschema.json` have it.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryPanel {
    /// Its uid, which dashboard panels name.
    pub uid: String,
    /// Its name (Grafana also writes it as the model's title).
    pub name: String,
    /// The folder it is kept in.
    pub folder_uid: Option<String>,
    /// What it shows.
    pub description: Option<String>,
    /// The dashboard schema version it was saved with.
    pub schema_version: Option<u32>,
    /// Grafana's version counter, incremented on each save.
    pub version: u64,
    /// The panel; its place, id and library reference belong to the dashboards that use it, so they are not
    /// written. Its `type` is also the library panel's.
    pub model: Panel,
    /// Keys this crate does not model (`meta`, …), kept as read.
    pub extra: Extra,
}

/// A library panel as stored.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    folder_uid: Option<String>,
    model: Panel,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    schema_version: Option<u32>,
    #[serde(rename = "type")]
    kind: String,
    uid: String,
    #[serde(default)]
    version: u64,
    #[serde(flatten)]
    extra: Extra,
}

impl LibraryPanel {
    /// The library panel `uid` named `name`, version 1, holding `model`.
    pub fn new(uid: &str, name: &str, model: Panel) -> Self {
        LibraryPanel {
            uid: uid.into(),
            name: name.into(),
            folder_uid: None,
            description: None,
            schema_version: Some(crate::SCHEMA_VERSION),
            version: 1,
            model,
            extra: Extra::new(),
        }
    }

    /// The JSON Grafana's library API takes and gives, keys sorted.
    pub fn to_json(&self) -> Value {
        let mut model = self.model.clone();
        model.grid_pos = None;
        model.id = None;
        model.library_panel = None;
        let wire = Wire {
            description: self.description.clone(),
            folder_uid: self.folder_uid.clone(),
            kind: model.viz.type_id().to_owned(),
            model,
            name: self.name.clone(),
            schema_version: self.schema_version,
            uid: self.uid.clone(),
            version: self.version,
            extra: self.extra.clone(),
        };
        let mut value = serde_json::to_value(wire).unwrap_or(Value::Null);
        crate::dashboard::sort_keys(&mut value);
        value
    }

    /// Reads a library panel from Grafana's JSON.
    pub fn from_json(value: Value) -> Result<LibraryPanel, serde_json::Error> {
        let wire = Wire::deserialize(value)?;
        Ok(LibraryPanel {
            uid: wire.uid,
            name: wire.name,
            folder_uid: wire.folder_uid,
            description: wire.description,
            schema_version: wire.schema_version,
            version: wire.version,
            model: wire.model,
            extra: wire.extra,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    use super::*;

    fn example() -> LibraryPanel {
        let mut panel = LibraryPanel::new("cpu", "CPU", Panel::stat("CPU").description("Busy share of the CPUs."));
        panel.folder_uid = Some("ops".into());
        panel
    }

    #[test]
    fn it_reads_back_what_it_writes() {
        let json = example().to_json();
        assert_eq!(LibraryPanel::from_json(json.clone()).expect("reads").to_json(), json);
    }

    #[test]
    fn the_type_is_the_models_and_the_model_has_no_place_of_its_own() {
        let json = example().to_json();
        assert_eq!(json["type"], "stat");
        assert!(json["model"].get("gridPos").is_none() && json["model"].get("id").is_none());
    }

    #[test]
    fn it_passes_grafanas_library_panel_schema() {
        let Some(schema) = tumulte_test_kit::repo::shared("schemas/grafana-10.4/librarypanel.jsonschema.json") else {
            return;
        };
        let Some(python) = tumulte_test_kit::tools::python_with("jsonschema") else {
            return;
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("library-panel.json");
        std::fs::write(&path, example().to_json().to_string()).expect("write");
        let check = "import json, sys, jsonschema\n\
                     errors = list(jsonschema.Draft7Validator(json.load(open(sys.argv[1]))).iter_errors(json.load(open(sys.argv[2]))))\n\
                     [print(e.json_path, e.message) for e in errors]\nsys.exit(1 if errors else 0)";
        let out = Command::new(python)
            .args(["-c", check])
            .arg(&schema)
            .arg(&path)
            .output()
            .expect("python runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    }
}
