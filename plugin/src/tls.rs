//! TLS towards Prometheus: the client configuration of one data source, from Grafana's TLS settings ([`Tls`])
//! (which certificates Prometheus may present, under which name, and the client certificate the plugin
//! presents), and what a failed handshake means for the user ([`handshake_failure`]).
//!
//! Grafana's semantics, as its Go HTTP client applies them: a CA certificate replaces the system's roots;
//! `serverName` is the name Prometheus's certificate must carry, instead of the URL's host; skip-verify accepts
//! any certificate (the handshake signatures are still checked). Without any TLS setting the plugin keeps
//! reqwest's default: the system's trust store.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use tumulte_policy::settings::secure::{TLS_CA_CERT, TLS_CLIENT_CERT, TLS_CLIENT_KEY};

use crate::settings::Tls;

/// Why the TLS settings cannot be used, naming the field and the fix. Never quotes a certificate or a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TlsError {
    /// A certificate or key that does not parse.
    #[error("secureJsonData.{field} is not {what} ({detail}): paste it whole, from -----BEGIN to -----END")]
    Pem {
        /// The field.
        field: &'static str,
        /// What it should hold.
        what: &'static str,
        /// Why it does not parse.
        detail: String,
    },
    /// `jsonData.serverName` is not a DNS name or an IP address.
    #[error("jsonData.serverName {0:?} is not a host name or an IP address: give the name Prometheus's certificate carries, or leave it empty")]
    ServerName(String),
    /// The certificates do not make a configuration (e.g. a key that does not match its certificate).
    #[error("the TLS settings cannot be used ({0}): check that the client key belongs to the client certificate")]
    Config(String),
}

/// The rustls configuration for `tls`, or `None` when no TLS setting is on (the system's roots then apply).
pub fn client_config(tls: &Tls) -> Result<Option<rustls::ClientConfig>, TlsError> {
    if !tls.skip_verify && tls.ca_cert.is_none() && tls.client.is_none() && tls.server_name.is_none() {
        return Ok(None);
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut verifier: Arc<dyn ServerCertVerifier> = if tls.skip_verify {
        Arc::new(AnyCertificate(provider.clone()))
    } else if let Some(ca) = &tls.ca_cert {
        let mut roots = rustls::RootCertStore::empty();
        let what = "a PEM certificate";
        for cert in CertificateDer::pem_slice_iter(ca.expose().as_bytes()) {
            let cert = cert.map_err(|e| pem(TLS_CA_CERT, what, pem_detail(&e)))?;
            roots.add(cert).map_err(|e| pem(TLS_CA_CERT, what, e.to_string()))?;
        }
        if roots.is_empty() {
            return Err(pem(TLS_CA_CERT, what, "no certificate in it".into()));
        }
        WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
            .build()
            .map_err(|e| TlsError::Config(e.to_string()))?
    } else {
        Arc::new(
            rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|e| TlsError::Config(e.to_string()))?,
        )
    };
    if let Some(name) = &tls.server_name {
        if !tls.skip_verify {
            let expected = ServerName::try_from(name.clone()).map_err(|_| TlsError::ServerName(name.clone()))?;
            verifier = Arc::new(Named {
                inner: verifier,
                expected,
            });
        }
    }
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError::Config(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    let config = match &tls.client {
        None => builder.with_no_client_auth(),
        Some(client) => {
            let what = "a PEM certificate";
            let chain = CertificateDer::pem_slice_iter(client.cert.expose().as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| pem(TLS_CLIENT_CERT, what, pem_detail(&e)))?;
            if chain.is_empty() {
                return Err(pem(TLS_CLIENT_CERT, what, "no certificate in it".into()));
            }
            let key = PrivateKeyDer::from_pem_slice(client.key.expose().as_bytes())
                .map_err(|e| pem(TLS_CLIENT_KEY, "a PEM private key", pem_detail(&e)))?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| TlsError::Config(e.to_string()))?
        }
    };
    Ok(Some(config))
}

fn pem(field: &'static str, what: &'static str, detail: String) -> TlsError {
    TlsError::Pem { field, what, detail }
}

/// A PEM error in words, without the offending line: it may be part of a private key.
fn pem_detail(e: &rustls::pki_types::pem::Error) -> String {
    use rustls::pki_types::pem::Error;
    match e {
        Error::MissingSectionEnd { .. } => "its -----END line is missing".into(),
        Error::IllegalSectionStart { .. } => "a -----BEGIN line is malformed".into(),
        Error::Base64Decode(_) => "its body is not base64".into(),
        Error::NoItemsFound => "no PEM block of that kind in it".into(),
        _ => "it cannot be read".into(),
    }
}

/// A transport error that is a failed TLS handshake: what TLS said, and what to change.
pub fn handshake_failure(e: &(dyn std::error::Error + 'static)) -> Option<(String, &'static str)> {
    rustls_error(e).map(|tls| (tls.to_string(), fix(tls)))
}

/// The rustls error under a transport error. `io::Error`'s `source()` skips the error it wraps, so an
/// `io::Error` is opened with `get_ref()` instead.
fn rustls_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut next = Some(e);
    while let Some(e) = next {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        next = match e.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref) {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => e.source(),
        };
    }
    None
}

/// What to change for a failed TLS handshake.
fn fix(e: &rustls::Error) -> &'static str {
    use rustls::{AlertDescription as Alert, CertificateError as Cert};
    match e {
        rustls::Error::InvalidCertificate(Cert::NotValidForName | Cert::NotValidForNameContext { .. }) => {
            "Prometheus's certificate does not name the host of the data source URL: use a host name (or IP \
             address) that the certificate names"
        }
        rustls::Error::InvalidCertificate(
            Cert::Expired | Cert::ExpiredContext { .. } | Cert::NotValidYet | Cert::NotValidYetContext { .. },
        ) => "Prometheus's certificate has expired or is not valid yet: renew it, or check the clocks",
        rustls::Error::InvalidCertificate(_) => {
            "Prometheus's certificate is not signed by a CA the plugin trusts: turn on With CA certificate \
             (jsonData.tlsAuthWithCACert) and paste the CA's certificate (secureJsonData.tlsCACert), or, for \
             testing only, Skip TLS verify"
        }
        rustls::Error::AlertReceived(
            Alert::CertificateRequired | Alert::BadCertificate | Alert::UnknownCA | Alert::HandshakeFailure,
        ) => {
            "Prometheus wants a client certificate it trusts: turn on TLS client authentication \
             (jsonData.tlsAuth) and paste the certificate and key signed by the CA Prometheus checks \
             (secureJsonData.tlsClientCert, tlsClientKey)"
        }
        rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. } => {
            "Prometheus does not speak TLS on this port: use http:// in the data source URL, or Prometheus's \
             TLS port"
        }
        _ => "check the TLS settings of the data source and Prometheus's web configuration (--web.config.file)",
    }
}

/// Checks the certificate as `inner` does, but against `expected` rather than the URL's host (`serverName`).
#[derive(Debug)]
struct Named {
    inner: Arc<dyn ServerCertVerifier>,
    expected: ServerName<'static>,
}

impl ServerCertVerifier for Named {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.inner
            .verify_server_cert(end_entity, intermediates, &self.expected, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Skip-verify: any certificate is accepted; the handshake is still signed by its key.
#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{ClientCert, Secret};

    #[test]
    fn no_setting_keeps_the_system_roots() {
        assert!(client_config(&Tls::default()).expect("valid").is_none());
    }

    #[test]
    fn a_ca_that_is_not_pem_names_its_field() {
        let tls = Tls {
            ca_cert: Some(Secret::new("not a certificate")),
            ..Tls::default()
        };
        let err = client_config(&tls).expect_err("not PEM");
        assert!(
            err.to_string()
                .starts_with("secureJsonData.tlsCACert is not a PEM certificate"),
            "{err}"
        );
    }

    #[test]
    fn a_truncated_key_names_its_field_without_quoting_it() {
        let cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        let key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg";
        let tls = Tls {
            client: Some(ClientCert {
                cert: Secret::new(cert),
                key: Secret::new(key),
            }),
            ..Tls::default()
        };
        let err = client_config(&tls).expect_err("truncated").to_string();
        assert!(
            err.starts_with("secureJsonData.tlsClientKey is not a PEM private key"),
            "{err}"
        );
        assert!(!err.contains("MIGHAgEA"), "{err}");
    }

    #[test]
    fn a_server_name_must_be_a_host_name() {
        let tls = Tls {
            server_name: Some("not a name!".into()),
            ..Tls::default()
        };
        let err = client_config(&tls).expect_err("bad name");
        assert!(err.to_string().starts_with("jsonData.serverName"), "{err}");
    }
}
