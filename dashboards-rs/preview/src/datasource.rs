//! Grafana's data source provisioning file (`provisioning/datasources/*.yml`): `apiVersion` and `datasources`,
//! each with `name`, `uid`, `type`, `url`, `access`, `isDefault`, `jsonData`, `secureJsonData`, `basicAuth`,
//! `basicAuthUser`, `orgId`. Secrets are [`Secret`]s: they never print, and nothing here sends them to a browser.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// The type Grafana's own Prometheus data source has.
pub const PROMETHEUS: &str = "prometheus";

/// A secret value (`secureJsonData`, a basic-auth password): `[redacted]` in Debug and Display.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for a request header or the plugin's `decryptedSecureJsonData`. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // YAML reads `password: 1234` as a number: Grafana keeps it as the text written.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Scalar {
            Text(String),
            Integer(i64),
            Float(f64),
            Bool(bool),
        }
        Ok(Secret(match Scalar::deserialize(deserializer)? {
            Scalar::Text(t) => t,
            Scalar::Integer(i) => i.to_string(),
            Scalar::Float(x) => x.to_string(),
            Scalar::Bool(b) => b.to_string(),
        }))
    }
}

/// One provisioned data source, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSource {
    /// Its name, unique in the file.
    pub name: String,
    /// Its uid; the name when the file gives none.
    #[serde(default)]
    pub uid: String,
    /// Its plugin type (`prometheus`, `tumulte-scaling-datasource`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Its URL.
    #[serde(default)]
    pub url: String,
    /// `proxy` or `direct`; the preview always proxies.
    #[serde(default)]
    pub access: Option<String>,
    /// Whether it is the default data source.
    #[serde(default)]
    pub is_default: bool,
    /// Its settings: not secret, sent to the browser.
    #[serde(default)]
    pub json_data: Map<String, Value>,
    /// Its secrets: never sent to the browser.
    #[serde(default)]
    pub secure_json_data: BTreeMap<String, Secret>,
    /// Whether requests to its URL use basic auth.
    #[serde(default)]
    pub basic_auth: bool,
    /// The basic-auth user.
    #[serde(default)]
    pub basic_auth_user: String,
    /// The organisation (the preview has one, 1).
    #[serde(default = "first_org")]
    pub org_id: i64,
    /// The deprecated top-level basic-auth password, moved into `secureJsonData.basicAuthPassword` on load.
    #[serde(default)]
    basic_auth_password: Option<Secret>,
    /// The deprecated top-level password, moved into `secureJsonData.password` on load.
    #[serde(default)]
    password: Option<Secret>,
}

fn first_org() -> i64 {
    1
}

impl DataSource {
    /// The basic-auth password (`secureJsonData.basicAuthPassword`), if any.
    pub fn basic_auth_password(&self) -> Option<&Secret> {
        self.secure_json_data.get("basicAuthPassword")
    }

    /// The scrape interval Grafana reads for `$__rate_interval` (`jsonData.timeInterval`).
    pub fn time_interval(&self) -> Option<&str> {
        self.json_data.get("timeInterval").and_then(Value::as_str)
    }

    /// Whether this is Grafana's Prometheus data source.
    pub fn is_prometheus(&self) -> bool {
        self.kind == PROMETHEUS
    }
}

/// A provisioning file.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    #[serde(default, rename = "apiVersion")]
    _api_version: Option<Value>,
    #[serde(default)]
    datasources: Vec<DataSource>,
}

/// Why a provisioning file cannot be used; each message names the file and the fix.
#[derive(Debug, thiserror::Error)]
pub enum ProvisioningError {
    /// The file cannot be read.
    #[error("cannot read the data source provisioning file {}: {source}; check the path (--datasources)", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Not YAML of Grafana's provisioning format.
    #[error("{} is not a Grafana data source provisioning file: {message}; see https://grafana.com/docs/grafana/latest/administration/provisioning/#data-sources", path.display())]
    Yaml {
        /// The file.
        path: PathBuf,
        /// serde_norway's message (line and column).
        message: String,
    },
    /// No data source at all.
    #[error("{} provisions no data source: add one under `datasources:`", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// Two data sources share a uid or a name.
    #[error("{}: two data sources have the {what} {value:?}: give each its own", path.display())]
    Duplicate {
        /// The file.
        path: PathBuf,
        /// `uid` or `name`.
        what: &'static str,
        /// The value.
        value: String,
    },
    /// More than one default.
    #[error("{}: {first:?} and {second:?} are both isDefault: true; Grafana allows one default data source per organisation", path.display())]
    TwoDefaults {
        /// The file.
        path: PathBuf,
        /// One default.
        first: String,
        /// The other.
        second: String,
    },
    /// `--prometheus` given, but no Prometheus data source to point elsewhere.
    #[error("{} has no data source of type prometheus for --prometheus to replace the URL of: drop --prometheus or add one", path.display())]
    NoPrometheus {
        /// The file.
        path: PathBuf,
    },
}

/// The provisioned data sources, checked.
#[derive(Debug, Clone)]
pub struct DataSources {
    list: Vec<DataSource>,
    /// When they were loaded, in ms since the epoch: Grafana's `lastUpdatedMS`, which a plugin keys its instances on.
    pub loaded_ms: i64,
}

impl DataSources {
    /// Reads and checks a provisioning file.
    pub fn load(path: &Path) -> Result<DataSources, ProvisioningError> {
        let text = std::fs::read_to_string(path).map_err(|source| ProvisioningError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text, path)
    }

    /// Checks the text of a provisioning file (`path` names it in errors).
    pub fn parse(text: &str, path: &Path) -> Result<DataSources, ProvisioningError> {
        let file: File = serde_norway::from_str(text).map_err(|e| ProvisioningError::Yaml {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        let mut list = file.datasources;
        if list.is_empty() {
            return Err(ProvisioningError::Empty { path: path.to_owned() });
        }
        for ds in &mut list {
            if ds.uid.is_empty() {
                ds.uid = ds.name.clone();
            }
            if let Some(password) = ds.basic_auth_password.take() {
                ds.secure_json_data
                    .entry("basicAuthPassword".into())
                    .or_insert(password);
            }
            if let Some(password) = ds.password.take() {
                ds.secure_json_data.entry("password".into()).or_insert(password);
            }
        }
        let duplicate = |what: &'static str, key: fn(&DataSource) -> &str| {
            let mut seen = std::collections::BTreeSet::new();
            list.iter()
                .map(key)
                .find(|k| !seen.insert(*k))
                .map(|value| ProvisioningError::Duplicate {
                    path: path.to_owned(),
                    what,
                    value: value.to_owned(),
                })
        };
        if let Some(e) = duplicate("uid", |d| &d.uid).or_else(|| duplicate("name", |d| &d.name)) {
            return Err(e);
        }
        let defaults: Vec<&DataSource> = list.iter().filter(|d| d.is_default).collect();
        if let [first, second, ..] = defaults.as_slice() {
            return Err(ProvisioningError::TwoDefaults {
                path: path.to_owned(),
                first: first.name.clone(),
                second: second.name.clone(),
            });
        }
        Ok(DataSources {
            list,
            loaded_ms: now_ms(),
        })
    }

    /// Points the Prometheus data source (the default one if it is Prometheus, else the first) at `url`, and
    /// with it every data source that pointed at the same URL (a plugin reading the same Prometheus).
    pub fn override_prometheus(&mut self, url: &str, path: &Path) -> Result<(), ProvisioningError> {
        let prometheus = self
            .list
            .iter()
            .find(|d| d.is_default && d.is_prometheus())
            .or_else(|| self.list.iter().find(|d| d.is_prometheus()))
            .ok_or_else(|| ProvisioningError::NoPrometheus { path: path.to_owned() })?;
        let old = prometheus.url.clone();
        for ds in self.list.iter_mut().filter(|d| d.url == old) {
            ds.url = url.to_owned();
        }
        Ok(())
    }

    /// Every data source, in the file's order.
    pub fn all(&self) -> &[DataSource] {
        &self.list
    }

    /// The data source of a uid.
    pub fn by_uid(&self, uid: &str) -> Option<&DataSource> {
        self.list.iter().find(|d| d.uid == uid)
    }

    /// The data source a reference names: a uid, or (as old dashboards write it) a name.
    pub fn find(&self, uid_or_name: &str) -> Option<&DataSource> {
        self.by_uid(uid_or_name)
            .or_else(|| self.list.iter().find(|d| d.name == uid_or_name))
    }

    /// The default data source: the one marked `isDefault`, else the first.
    pub fn default_source(&self) -> Option<&DataSource> {
        self.list.iter().find(|d| d.is_default).or_else(|| self.list.first())
    }

    /// The 1-based position of a data source: its `id`, as Grafana numbers provisioned data sources.
    pub fn id_of(&self, uid: &str) -> i64 {
        self.list.iter().position(|d| d.uid == uid).map_or(0, |i| i as i64 + 1)
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
apiVersion: 1
datasources:
- name: Prometheus
  uid: prometheus
  type: prometheus
  access: proxy
  url: http://prometheus:9090
  isDefault: true
  jsonData:
    timeInterval: 15s
- name: Scaling
  uid: scaling
  type: tumulte-scaling-datasource
  url: http://prometheus:9090
  basicAuth: true
  basicAuthUser: ana
  secureJsonData:
    basicAuthPassword: hunter2
    httpHeaderValue1: 1234
- name: Elsewhere
  type: loki
  url: http://loki:3100
"#;

    fn load() -> DataSources {
        DataSources::parse(FILE, Path::new("ds.yml")).expect("valid")
    }

    #[test]
    fn grafanas_provisioning_fields_are_read() {
        let ds = load();
        let prometheus = ds.by_uid("prometheus").expect("present");
        assert!(prometheus.is_default && prometheus.is_prometheus());
        assert_eq!(prometheus.time_interval(), Some("15s"));
        assert_eq!(prometheus.org_id, 1);
        let scaling = ds.by_uid("scaling").expect("present");
        assert_eq!(scaling.basic_auth_password().map(Secret::expose), Some("hunter2"));
        assert_eq!(scaling.secure_json_data["httpHeaderValue1"].expose(), "1234");
        assert_eq!(ds.id_of("scaling"), 2);
        assert_eq!(ds.default_source().map(|d| d.uid.as_str()), Some("prometheus"));
    }

    #[test]
    fn a_missing_uid_is_the_name() {
        assert_eq!(load().find("Elsewhere").map(|d| d.uid.as_str()), Some("Elsewhere"));
    }

    #[test]
    fn secrets_never_print() {
        let ds = load();
        let printed = format!("{:?} {}", ds, Secret::new("hunter2"));
        assert!(!printed.contains("hunter2") && !printed.contains("1234"), "{printed}");
        assert!(printed.contains("[redacted]"));
    }

    #[test]
    fn the_old_top_level_password_becomes_a_secret() {
        let text = "datasources:\n- {name: P, type: prometheus, basicAuth: true, basicAuthPassword: pw}\n";
        let ds = DataSources::parse(text, Path::new("ds.yml")).expect("valid");
        assert_eq!(ds.all()[0].basic_auth_password().map(Secret::expose), Some("pw"));
    }

    #[test]
    fn prometheus_override_moves_the_data_sources_that_shared_its_url() {
        let mut ds = load();
        ds.override_prometheus("http://127.0.0.1:9999", Path::new("ds.yml"))
            .expect("has Prometheus");
        let urls: Vec<&str> = ds.all().iter().map(|d| d.url.as_str()).collect();
        assert_eq!(
            urls,
            ["http://127.0.0.1:9999", "http://127.0.0.1:9999", "http://loki:3100"]
        );
    }

    #[test]
    fn bad_files_name_the_file_and_the_fix() {
        let path = Path::new("conf/ds.yml");
        let yaml = DataSources::parse("datasources: [", path).expect_err("not YAML");
        assert!(yaml
            .to_string()
            .starts_with("conf/ds.yml is not a Grafana data source provisioning file"));
        let empty = DataSources::parse("apiVersion: 1\n", path).expect_err("empty");
        assert!(empty.to_string().contains("add one under `datasources:`"), "{empty}");
        let two = "datasources:\n- {name: A, type: prometheus, isDefault: true}\n- {name: B, type: prometheus, isDefault: true}\n";
        let two = DataSources::parse(two, path).expect_err("two defaults");
        assert!(two.to_string().contains("\"A\" and \"B\" are both isDefault"), "{two}");
        let same = "datasources:\n- {name: A, uid: x, type: prometheus}\n- {name: B, uid: x, type: prometheus}\n";
        let same = DataSources::parse(same, path).expect_err("duplicate uid");
        assert!(same.to_string().contains("the uid \"x\""), "{same}");
        let mut none = DataSources::parse("datasources:\n- {name: L, type: loki}\n", path).expect("valid");
        assert!(none.override_prometheus("http://x", path).is_err());
    }
}
