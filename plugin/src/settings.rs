//! The data source's settings, read from Grafana's `DataSourceInstanceSettings`.
//!
//! | where | key | meaning |
//! | --- | --- | --- |
//! | URL field | `url` | Prometheus, or any Prometheus-compatible API (VictoriaMetrics, Thanos, Mimir's `/prometheus`) |
//! | Basic auth toggle | `basicAuthEnabled`, `basicAuthUser` | the user |
//! | `secureJsonData` | `basicAuthPassword` | its password |
//! | `secureJsonData` | `bearerToken` | sent as `Authorization: Bearer …` (when basic auth is off) |
//! | `jsonData` | `timeoutSeconds` | per request to Prometheus, default [`DEFAULT_TIMEOUT_SECONDS`] |
//! | `jsonData` | `dbPoolSize` | the backend's DB pool size, default [`DEFAULT_DB_POOL_SIZE`] |
//! | `jsonData` | `thresholds` | overrides of the scaling table's steps: `{"cpuUsage": {"warning": 60, "critical": 80}}` |
//! | `jsonData` | `tlsSkipVerify` | accept any server certificate (testing only) |
//! | `jsonData` | `tlsAuthWithCACert` + `secureJsonData.tlsCACert` | trust only this CA (PEM) for Prometheus's certificate |
//! | `jsonData` | `tlsAuth` + `secureJsonData.tlsClientCert`, `tlsClientKey` | present this client certificate (PEM) |
//! | `jsonData` | `serverName` | the name Prometheus's certificate must carry, when the URL's host differs |
//! | `jsonData` | `httpHeaderName1`, `2`, … + `secureJsonData.httpHeaderValue1`, … | extra headers on every request, e.g. `X-Scope-OrgID` |
//!
//! The keys are Grafana's own (those of its Prometheus data source), so provisioning files carry over. `jsonData`
//! is read as the policy's [`JsonData`] and the `secureJsonData` keys are the policy's
//! [`secure`](tumulte_policy::settings::secure) names: the provisioning file, the config editor and the plugin
//! share them.

use std::fmt;
use std::time::Duration;

use grafana_dashboards::excerpt::{clip, Quoted};
use grafana_plugin_sdk::pluginv2::DataSourceInstanceSettings;
use tumulte_policy::overrides::OverrideError;
use tumulte_policy::settings::secure::{
    BASIC_AUTH_PASSWORD, BEARER_TOKEN, HEADER_VALUE, TLS_CA_CERT, TLS_CLIENT_CERT, TLS_CLIENT_KEY,
};
use tumulte_policy::settings::{JsonData, DEFAULT_DB_POOL_SIZE, DEFAULT_TIMEOUT_SECONDS, HEADER_NAME};
use tumulte_policy::Policy;

/// The default timeout of a request to Prometheus.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(DEFAULT_TIMEOUT_SECONDS);

/// A password or token. Its `Debug` and `Display` print `[redacted]`, so it cannot leak into a log or an error.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, to put in a request header. Never log it.
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

/// How the plugin authenticates to Prometheus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No credentials.
    None,
    /// HTTP basic auth.
    Basic {
        /// The user.
        user: String,
        /// The password (`secureJsonData.basicAuthPassword`, [`BASIC_AUTH_PASSWORD`]).
        password: Secret,
    },
    /// `Authorization: Bearer <token>` (`secureJsonData.bearerToken`).
    Bearer(Secret),
}

/// How the plugin checks Prometheus's certificate and proves its own identity, over https.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tls {
    /// Accept any certificate (`jsonData.tlsSkipVerify`).
    pub skip_verify: bool,
    /// Trust only this CA, PEM (`secureJsonData.tlsCACert`, when `jsonData.tlsAuthWithCACert`).
    pub ca_cert: Option<Secret>,
    /// Present this certificate and key, PEM (`secureJsonData.tlsClientCert` and `tlsClientKey`, when
    /// `jsonData.tlsAuth`).
    pub client: Option<ClientCert>,
    /// The name Prometheus's certificate must carry, when it is not the URL's host (`jsonData.serverName`).
    pub server_name: Option<String>,
}

/// A client certificate and its private key, both PEM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCert {
    /// The certificate (chain).
    pub cert: Secret,
    /// The private key.
    pub key: Secret,
}

/// An extra header sent on every request to Prometheus. Its value is kept secret, as Grafana keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// `jsonData.httpHeaderName<N>`.
    pub name: String,
    /// `secureJsonData.httpHeaderValue<N>`.
    pub value: Secret,
    /// `N`, to name the field in an error.
    pub index: usize,
}

/// The settings of one data source, checked.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Prometheus's base URL.
    pub url: String,
    /// Credentials.
    pub auth: Auth,
    /// Certificates, for https.
    pub tls: Tls,
    /// Extra headers.
    pub headers: Vec<Header>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// The thresholds in force: Tumulte's defaults, with the overrides applied, and the pool size.
    pub policy: Policy,
}

/// What is wrong with the settings, naming the field and the fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SettingsError {
    /// No URL.
    #[error("the data source has no URL: set it to Prometheus's address, e.g. http://prometheus:9090")]
    NoUrl,
    /// A URL that is not http(s).
    #[error("the data source URL {} is not an http:// or https:// URL: set it to Prometheus's address, e.g. http://prometheus:9090", Quoted(.0))]
    BadUrl(String),
    /// jsonData is not the expected JSON.
    #[error(
        "jsonData is invalid: {0}. Expected e.g. {{\"timeoutSeconds\": {timeout}, \"dbPoolSize\": {pool}, \"thresholds\": {{\"cpuUsage\": {{\"warning\": 70}}}}}}",
        timeout = DEFAULT_TIMEOUT_SECONDS,
        pool = DEFAULT_DB_POOL_SIZE
    )]
    Json(String),
    /// A timeout of zero.
    #[error(
        "jsonData.timeoutSeconds is {0}: give a number of seconds above 0 (default {default})",
        default = DEFAULT_TIMEOUT_SECONDS
    )]
    Timeout(f64),
    /// A pool size of zero.
    #[error(
        "jsonData.dbPoolSize is 0: give the backend's DB pool size (Tumulte's default is {default})",
        default = DEFAULT_DB_POOL_SIZE
    )]
    PoolSize,
    /// Basic auth on without a user.
    #[error("basic auth is enabled but the user is empty: fill in the user, or turn basic auth off")]
    BasicAuthUser,
    /// A threshold override that names no step of the scaling table, or is not a threshold.
    #[error("jsonData.{0}")]
    Threshold(#[from] OverrideError),
    /// A TLS option turned on without the certificate it needs.
    #[error(
        "jsonData.{switch} is on but secureJsonData.{field} is empty: paste the PEM ({what}), or turn {switch} off"
    )]
    TlsMissing {
        /// The switch.
        switch: &'static str,
        /// The missing secret.
        field: &'static str,
        /// What it should hold.
        what: &'static str,
    },
    /// A header name without its value.
    #[error(
        "jsonData.{name}{0} has no value: fill in secureJsonData.{value}{0}, or remove the header",
        name = HEADER_NAME,
        value = HEADER_VALUE
    )]
    HeaderValue(usize),
}

/// The numbered header pairs, in order, as Grafana reads them: the first missing name ends them (a value left
/// without its name is ignored), a name without its value is an error.
fn headers(json: &JsonData, secret: impl Fn(&str) -> Option<Secret>) -> Result<Vec<Header>, SettingsError> {
    let mut headers = Vec::new();
    for index in 1.. {
        match (json.header_name(index), secret(&format!("{HEADER_VALUE}{index}"))) {
            (Some(name), Some(value)) => headers.push(Header {
                name: name.to_owned(),
                value,
                index,
            }),
            (None, _) => break,
            (Some(_), None) => return Err(SettingsError::HeaderValue(index)),
        }
    }
    Ok(headers)
}

impl Settings {
    /// Reads and checks Grafana's settings of the data source.
    pub fn from_grafana(ds: &DataSourceInstanceSettings) -> Result<Self, SettingsError> {
        let url = ds.url.trim().to_owned();
        if url.is_empty() {
            return Err(SettingsError::NoUrl);
        }
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(SettingsError::BadUrl(url));
        }
        let json: JsonData = if ds.json_data.iter().all(u8::is_ascii_whitespace) {
            JsonData::default()
        } else {
            serde_json::from_slice(&ds.json_data).map_err(|e| SettingsError::Json(clip(&e.to_string()).into_owned()))?
        };
        let secret = |key: &str| {
            ds.decrypted_secure_json_data
                .get(key)
                .filter(|v| !v.is_empty())
                .map(|v| Secret::new(v.clone()))
        };
        let auth = if ds.basic_auth_enabled {
            if ds.basic_auth_user.is_empty() {
                return Err(SettingsError::BasicAuthUser);
            }
            Auth::Basic {
                user: ds.basic_auth_user.clone(),
                password: secret(BASIC_AUTH_PASSWORD).unwrap_or_else(|| Secret::new("")),
            }
        } else if let Some(token) = secret(BEARER_TOKEN) {
            Auth::Bearer(token)
        } else {
            Auth::None
        };
        let timeout = match json.timeout_seconds {
            None => DEFAULT_TIMEOUT,
            Some(s) if s.is_finite() && s > 0.0 => Duration::from_secs_f64(s),
            Some(s) => return Err(SettingsError::Timeout(s)),
        };
        let mut policy = Policy::default();
        if let Some(size) = json.db_pool_size {
            if size == 0 {
                return Err(SettingsError::PoolSize);
            }
            policy.db_pool_size = size;
        }
        policy.apply_overrides(&json.thresholds)?;
        let required = |switch: &'static str, field: &'static str, what: &'static str| {
            secret(field).ok_or(SettingsError::TlsMissing { switch, field, what })
        };
        let tls = Tls {
            skip_verify: json.tls_skip_verify,
            ca_cert: match json.tls_auth_with_ca_cert {
                true => Some(required("tlsAuthWithCACert", TLS_CA_CERT, "the CA's certificate")?),
                false => None,
            },
            client: match json.tls_auth {
                true => Some(ClientCert {
                    cert: required("tlsAuth", TLS_CLIENT_CERT, "the client certificate")?,
                    key: required("tlsAuth", TLS_CLIENT_KEY, "the client certificate's private key")?,
                }),
                false => None,
            },
            server_name: json
                .server_name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
        };
        let headers = headers(&json, secret)?;
        Ok(Settings {
            url,
            auth,
            tls,
            headers,
            timeout,
            policy,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tumulte_policy::Level;
    use tumulte_policy::SignalId;

    fn ds(json: &str) -> DataSourceInstanceSettings {
        DataSourceInstanceSettings {
            url: "http://127.0.0.1:9090".into(),
            json_data: json.as_bytes().to_vec(),
            ..Default::default()
        }
    }

    #[test]
    fn defaults_are_tumultes() {
        let s = Settings::from_grafana(&ds("")).expect("valid");
        assert_eq!(s.timeout, DEFAULT_TIMEOUT);
        assert_eq!(s.policy.db_pool_size, Policy::default().db_pool_size);
        assert_eq!(s.auth, Auth::None);
    }

    #[test]
    fn overrides_change_the_steps() {
        let s = Settings::from_grafana(&ds(
            r#"{"timeoutSeconds": 5, "dbPoolSize": 20, "thresholds": {"cpuUsage": {"warning": 60}}}"#,
        ))
        .expect("valid");
        assert_eq!(s.timeout, Duration::from_secs(5));
        assert_eq!(s.policy.db_pool_size, 20);
        let cpu = s.policy.signal(SignalId::CpuUsage);
        assert_eq!(cpu.step(Level::Warning).map(|s| s.value), Some(60.0));
        assert_eq!(cpu.step(Level::Critical).map(|s| s.value), Some(85.0));
    }

    #[test]
    fn bad_overrides_name_the_field() {
        let err = Settings::from_grafana(&ds(r#"{"thresholds": {"cpu": {"warning": 60}}}"#)).expect_err("bad");
        assert!(err.to_string().contains("jsonData.thresholds.cpu"), "{err}");
        let err = Settings::from_grafana(&ds(r#"{"thresholds": {"dbPoolUsage": {"critical": 95}}}"#)).expect_err("bad");
        assert!(err.to_string().contains("it has warning"), "{err}");
        let err = Settings::from_grafana(&ds(r#"{"timeoutSeconds": 0}"#)).expect_err("bad");
        assert!(err.to_string().contains("timeoutSeconds"), "{err}");
    }

    #[test]
    fn a_zero_pool_size_names_tumultes_default() {
        let err = Settings::from_grafana(&ds(r#"{"dbPoolSize": 0}"#)).expect_err("zero");
        let default = Policy::default().db_pool_size;
        assert_eq!(
            err.to_string(),
            format!("jsonData.dbPoolSize is 0: give the backend's DB pool size (Tumulte's default is {default})")
        );
        let err = Settings::from_grafana(&ds("[")).expect_err("not JSON");
        assert!(
            err.to_string().contains(&format!(
                r#""timeoutSeconds": {DEFAULT_TIMEOUT_SECONDS}, "dbPoolSize": {default}"#
            )),
            "{err}"
        );
    }

    fn with_secrets(json: &str, secrets: &[(&str, &str)]) -> DataSourceInstanceSettings {
        let mut d = ds(json);
        for (k, v) in secrets {
            d.decrypted_secure_json_data.insert((*k).into(), (*v).into());
        }
        d
    }

    #[test]
    fn tls_options_take_grafanas_keys() {
        let s = Settings::from_grafana(&with_secrets(
            r#"{"tlsSkipVerify": true, "tlsAuthWithCACert": true, "tlsAuth": true}"#,
            &[("tlsCACert", "CA"), ("tlsClientCert", "CERT"), ("tlsClientKey", "KEY")],
        ))
        .expect("valid");
        assert!(s.tls.skip_verify);
        assert_eq!(s.tls.ca_cert.as_ref().map(Secret::expose), Some("CA"));
        let client = s.tls.client.expect("a client certificate");
        assert_eq!((client.cert.expose(), client.key.expose()), ("CERT", "KEY"));
    }

    #[test]
    fn certificates_are_ignored_while_their_switch_is_off() {
        let s = Settings::from_grafana(&with_secrets("{}", &[("tlsCACert", "CA"), ("tlsClientKey", "KEY")]))
            .expect("valid");
        assert_eq!(s.tls, Tls::default());
    }

    #[test]
    fn a_tls_switch_without_its_certificate_names_both() {
        let err = Settings::from_grafana(&with_secrets(r#"{"tlsAuth": true}"#, &[("tlsClientCert", "CERT")]))
            .expect_err("no key");
        assert!(
            err.to_string()
                .contains("jsonData.tlsAuth is on but secureJsonData.tlsClientKey is empty"),
            "{err}"
        );
        let err = Settings::from_grafana(&ds(r#"{"tlsAuthWithCACert": true}"#)).expect_err("no CA");
        assert!(err.to_string().contains("secureJsonData.tlsCACert"), "{err}");
    }

    #[test]
    fn custom_headers_are_numbered_pairs() {
        let s = Settings::from_grafana(&with_secrets(
            r#"{"httpHeaderName1": "X-Scope-OrgID", "httpHeaderName2": "X-Team", "httpHeaderName4": "X-After-A-Gap"}"#,
            &[("httpHeaderValue1", "org-s3cr3t"), ("httpHeaderValue2", "ops")],
        ))
        .expect("valid");
        let pairs: Vec<_> = s.headers.iter().map(|h| (h.name.as_str(), h.value.expose())).collect();
        assert_eq!(pairs, [("X-Scope-OrgID", "org-s3cr3t"), ("X-Team", "ops")]);
        assert!(!format!("{s:?}").contains("org-s3cr3t"), "header values are redacted");
    }

    #[test]
    fn a_value_left_without_its_name_is_ignored() {
        let s = Settings::from_grafana(&with_secrets("{}", &[("httpHeaderValue1", "left over")])).expect("valid");
        assert!(s.headers.is_empty());
    }

    #[test]
    fn a_header_name_without_its_value_is_an_error() {
        let err = Settings::from_grafana(&ds(r#"{"httpHeaderName1": "X-Scope-OrgID"}"#)).expect_err("no value");
        assert!(err.to_string().contains("secureJsonData.httpHeaderValue1"), "{err}");
    }

    #[test]
    fn secrets_are_redacted_everywhere() {
        let mut d = ds("");
        d.basic_auth_enabled = true;
        d.basic_auth_user = "grafana".into();
        d.decrypted_secure_json_data
            .insert("basicAuthPassword".into(), "hunter2".into());
        let s = Settings::from_grafana(&d).expect("valid");
        assert!(!format!("{s:?}").contains("hunter2"));
        d.basic_auth_enabled = false;
        d.decrypted_secure_json_data
            .insert("bearerToken".into(), "tok3n".into());
        let s = Settings::from_grafana(&d).expect("valid");
        assert!(!format!("{s:?}").contains("tok3n"));
        assert!(matches!(s.auth, Auth::Bearer(ref t) if t.expose() == "tok3n"));
    }
}
