//! The Tumulte Scaling data source's `jsonData`: the keys its provisioning file writes, the plugin reads and the
//! config editor edits. Grafana's own keys (those of its Prometheus data source) where one exists, so
//! provisioning carries over.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::overrides::Overrides;

/// The backend's DB pool size when a data source does not give one: AdonisJS Lucid's default pool `max`.
pub const DEFAULT_DB_POOL_SIZE: u32 = 10;

/// The default timeout of a request to Prometheus, in seconds.
pub const DEFAULT_TIMEOUT_SECONDS: u64 = 30;

/// `jsonData` of a Tumulte Scaling data source. Every key is optional; a missing one takes its default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonData {
    /// The backend's DB pool size; default the policy's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_pool_size: Option<u32>,
    /// Per request to Prometheus, in seconds; default [`DEFAULT_TIMEOUT_SECONDS`].
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_or_fraction"
    )]
    pub timeout_seconds: Option<f64>,
    /// Overrides of the scaling steps: `{"cpuUsage": {"warning": 60}}`.
    #[serde(default, skip_serializing_if = "Overrides::is_empty")]
    pub thresholds: Overrides,
    /// Accept any server certificate (testing only).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tls_skip_verify: bool,
    /// Trust only the CA in `secureJsonData.tlsCACert`.
    #[serde(default, rename = "tlsAuthWithCACert", skip_serializing_if = "std::ops::Not::not")]
    pub tls_auth_with_ca_cert: bool,
    /// Present the client certificate in `secureJsonData.tlsClientCert` and `tlsClientKey`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tls_auth: bool,
    /// The name Prometheus's certificate must carry, when the URL's host differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_name: Option<String>,
    /// Everything else: Grafana's own keys (`httpMethod`, `httpHeaderName1`, …) and those of other versions.
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

impl JsonData {
    /// The name of the `index`-th extra header (`httpHeaderName<index>`), if set and not blank.
    pub fn header_name(&self, index: usize) -> Option<&str> {
        self.rest
            .get(&format!("{HEADER_NAME}{index}"))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|n| !n.is_empty())
    }
}

/// A whole number of seconds is written as one (`10`, not `10.0`), as people write it in provisioning files.
fn whole_or_fraction<S: serde::Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) if v.fract() == 0.0 && *v >= 0.0 && *v <= u32::MAX as f64 => serializer.serialize_u32(*v as u32),
        Some(v) => serializer.serialize_f64(*v),
        None => serializer.serialize_none(),
    }
}

/// `jsonData.httpHeaderName<N>`: the name of the N-th extra header.
pub const HEADER_NAME: &str = "httpHeaderName";

/// The keys of `secureJsonData`, which Grafana stores encrypted and never sends back to the browser.
pub mod secure {
    /// The basic-auth password.
    pub const BASIC_AUTH_PASSWORD: &str = "basicAuthPassword";
    /// A token sent as `Authorization: Bearer …`.
    pub const BEARER_TOKEN: &str = "bearerToken";
    /// The CA certificate (PEM) to trust.
    pub const TLS_CA_CERT: &str = "tlsCACert";
    /// The client certificate (PEM).
    pub const TLS_CLIENT_CERT: &str = "tlsClientCert";
    /// The client certificate's private key (PEM).
    pub const TLS_CLIENT_KEY: &str = "tlsClientKey";
    /// `httpHeaderValue<N>`: the value of the N-th extra header.
    pub const HEADER_VALUE: &str = "httpHeaderValue";

    /// Every key but the numbered header values.
    pub const ALL: [&str; 5] = [
        BASIC_AUTH_PASSWORD,
        BEARER_TOKEN,
        TLS_CA_CERT,
        TLS_CLIENT_CERT,
        TLS_CLIENT_KEY,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_kept_and_defaults_are_not_written() {
        let json: JsonData =
            serde_json::from_str(r#"{"dbPoolSize": 20, "httpMethod": "POST", "httpHeaderName1": " X-Org "}"#)
                .expect("parses");
        assert_eq!(json.db_pool_size, Some(20));
        assert_eq!(json.header_name(1), Some("X-Org"));
        assert_eq!(
            serde_json::to_string(&json).expect("writes"),
            r#"{"dbPoolSize":20,"httpMethod":"POST","httpHeaderName1":" X-Org "}"#
        );
    }
}
