//! A dashboard JSON file, as Grafana's provisioning reads it: a dashboard object with `panels` (or the old
//! `rows`), bare or in Grafana's export wrapper `{"dashboard": {...}}`.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// Why a file is not a dashboard; each message names the file and what to fix.
#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    /// The file cannot be read.
    #[error("cannot read the dashboard {}: {source}; check the path (--dashboard)", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not JSON.
    #[error("{}:{line}:{column}: not JSON: {message}; fix the file (a dashboard is Grafana's JSON model)", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde_json's message, without its position.
        message: String,
    },
    /// JSON, but not a dashboard.
    #[error("{} is not a Grafana dashboard: {missing}; export it from Grafana (Share > Export) or write Grafana's JSON model", path.display())]
    NotADashboard {
        /// The file.
        path: PathBuf,
        /// What is missing.
        missing: String,
    },
}

/// A dashboard: its uid, title and JSON model.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    /// Its uid (the file's stem when the model has none).
    pub uid: String,
    /// Its title.
    pub title: String,
    /// The model, with `uid` set.
    pub model: Map<String, Value>,
}

impl Dashboard {
    /// Reads a dashboard file.
    pub fn load(path: &Path) -> Result<Dashboard, DashboardError> {
        let text = std::fs::read_to_string(path).map_err(|source| DashboardError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text, path)
    }

    /// Reads the text of a dashboard file (`path` names it in errors and gives a missing uid).
    pub fn parse(text: &str, path: &Path) -> Result<Dashboard, DashboardError> {
        let value: Value = serde_json::from_str(text).map_err(|e| DashboardError::Json {
            path: path.to_owned(),
            line: e.line(),
            column: e.column(),
            message: without_position(&e),
        })?;
        let not = |missing: &str| DashboardError::NotADashboard {
            path: path.to_owned(),
            missing: missing.to_owned(),
        };
        let Value::Object(mut outer) = value else {
            return Err(not(&format!("the file holds {}, not an object", kind(&value))));
        };
        let mut model = match outer.remove("dashboard") {
            Some(Value::Object(inner)) if !has_panels(&outer) => inner,
            Some(other) if !has_panels(&outer) => {
                return Err(not(&format!(
                    "its \"dashboard\" key holds {}, not an object",
                    kind(&other)
                )))
            }
            Some(other) => {
                outer.insert("dashboard".into(), other);
                outer
            }
            None => outer,
        };
        if !has_panels(&model) {
            return Err(not("it has no \"panels\" array (nor the older \"rows\")"));
        }
        let uid = match model.get("uid").and_then(Value::as_str).filter(|u| !u.is_empty()) {
            Some(uid) => uid.to_owned(),
            None => path
                .file_stem()
                .map_or_else(|| "dashboard".to_owned(), |s| s.to_string_lossy().into_owned()),
        };
        model.insert("uid".into(), Value::from(uid.clone()));
        let title = model.get("title").and_then(Value::as_str).unwrap_or(&uid).to_owned();
        Ok(Dashboard { uid, title, model })
    }

    /// Grafana's slug of the title (`Tumulte - Overview` is `tumulte-overview`).
    pub fn slug(&self) -> String {
        let mut slug = String::new();
        for c in self.title.to_lowercase().chars() {
            if c.is_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        slug.trim_end_matches('-').to_owned()
    }
}

fn has_panels(model: &Map<String, Value>) -> bool {
    model.get("panels").is_some_and(Value::is_array) || model.get("rows").is_some_and(Value::is_array)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without its " at line L column C" suffix, which the error gives apart.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Dashboard, DashboardError> {
        Dashboard::parse(text, Path::new("dash/overview.json"))
    }

    #[test]
    fn a_dashboard_is_read_with_its_uid_and_title() {
        let d = parse(r#"{"uid": "u1", "title": "Tumulte - Overview", "panels": []}"#).expect("valid");
        assert_eq!((d.uid.as_str(), d.title.as_str()), ("u1", "Tumulte - Overview"));
        assert_eq!(d.slug(), "tumulte-overview");
    }

    #[test]
    fn the_export_wrapper_is_accepted() {
        let d = parse(r#"{"meta": {}, "dashboard": {"uid": "u2", "rows": []}}"#).expect("valid");
        assert_eq!(d.uid, "u2");
    }

    #[test]
    fn a_missing_uid_is_the_files_stem() {
        assert_eq!(parse(r#"{"panels": []}"#).expect("valid").uid, "overview");
    }

    #[test]
    fn not_json_names_the_file_line_and_column() {
        let e = parse("{\n  \"panels\": [,]\n}").expect_err("not JSON").to_string();
        assert!(e.starts_with("dash/overview.json:2:14: not JSON"), "{e}");
    }

    #[test]
    fn json_that_is_not_a_dashboard_says_what_is_missing() {
        let e = parse("[1]").expect_err("array").to_string();
        assert!(
            e.contains("dash/overview.json is not a Grafana dashboard: the file holds an array"),
            "{e}"
        );
        let e = parse(r#"{"title": "x"}"#).expect_err("no panels").to_string();
        assert!(e.contains("no \"panels\" array"), "{e}");
    }
}
