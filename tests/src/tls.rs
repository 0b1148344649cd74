//! What a secured Prometheus is made of: certificates made for one test run (a CA, a server certificate for
//! 127.0.0.1 and a client certificate it signed, and an unrelated CA) and Prometheus's web configuration
//! (`--web.config.file`): TLS only, a client certificate required, basic auth.

use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};

use tumulte_test_kit::http::{self, Response};

use crate::Error;

/// A certificate and its private key, PEM and DER.
pub struct Certified {
    /// The certificate, PEM.
    pub cert_pem: String,
    /// The private key, PEM (PKCS#8).
    pub key_pem: String,
    cert_der: Vec<u8>,
    key_der: Vec<u8>,
}

/// The certificates of one secured Prometheus, and its basic-auth user.
pub struct Pki {
    /// The CA that signed the server and client certificates, PEM.
    pub ca_pem: String,
    /// A CA that signed nothing here: trusting it alone must fail.
    pub other_ca_pem: String,
    /// Prometheus's certificate, for `127.0.0.1`.
    pub server: Certified,
    /// The plugin's client certificate.
    pub client: Certified,
    /// The basic-auth user Prometheus accepts.
    pub user: String,
    /// Its password.
    pub password: String,
    ca_der: Vec<u8>,
}

fn ca(name: &str) -> Result<(CertificateParams, KeyPair), Error> {
    let key = KeyPair::generate()?;
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.distinguished_name.push(DnType::CommonName, name);
    Ok((params, key))
}

fn leaf(names: Vec<String>, usage: ExtendedKeyUsagePurpose, issuer: &Issuer<'_, &KeyPair>) -> Result<Certified, Error> {
    let key = KeyPair::generate()?;
    let mut params = CertificateParams::new(names)?;
    params.extended_key_usages = vec![usage];
    params.distinguished_name.push(DnType::CommonName, "tumulte test");
    let cert = params.signed_by(&key, issuer)?;
    Ok(Certified {
        cert_pem: cert.pem(),
        key_pem: key.serialize_pem(),
        cert_der: cert.der().to_vec(),
        key_der: key.serialize_der(),
    })
}

impl Pki {
    /// Fresh certificates and a fresh password.
    pub fn new() -> Result<Self, Error> {
        let (ca_params, ca_key) = ca("Tumulte test CA")?;
        let ca_cert = ca_params.self_signed(&ca_key)?;
        let issuer = Issuer::from_params(&ca_params, &ca_key);
        let server = leaf(vec!["127.0.0.1".into()], ExtendedKeyUsagePurpose::ServerAuth, &issuer)?;
        let client = leaf(vec!["grafana".into()], ExtendedKeyUsagePurpose::ClientAuth, &issuer)?;
        let (other_params, other_key) = ca("Unrelated CA")?;
        let other = other_params.self_signed(&other_key)?;
        Ok(Pki {
            ca_pem: ca_cert.pem(),
            other_ca_pem: other.pem(),
            server,
            client,
            user: "grafana".into(),
            password: format!("pw-{}", std::process::id()),
            ca_der: ca_cert.der().to_vec(),
        })
    }

    /// Writes the certificates and Prometheus's web configuration into `dir`; returns the configuration's path.
    pub fn write_web_config(&self, dir: &Path) -> Result<std::path::PathBuf, Error> {
        let file = |name: &str, text: &str| -> Result<String, Error> {
            let path = dir.join(name);
            std::fs::write(&path, text)?;
            Ok(path.display().to_string())
        };
        let ca = file("ca.pem", &self.ca_pem)?;
        let cert = file("server.pem", &self.server.cert_pem)?;
        let key = file("server-key.pem", &self.server.key_pem)?;
        // Cost 4, bcrypt's least: Prometheus checks it on every request.
        let hash = bcrypt::hash(&self.password, 4)?;
        let config = format!(
            "tls_server_config:\n  cert_file: {cert}\n  key_file: {key}\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: {ca}\nbasic_auth_users:\n  {}: {hash}\n",
            self.user
        );
        Ok(std::path::PathBuf::from(file("web.yml", &config)?))
    }

    /// A blocking GET over TLS with the client certificate and basic auth, through the kit's HTTP client.
    pub fn get(&self, port: u16, path: &str) -> Result<Response, Error> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = rustls::RootCertStore::empty();
        roots.add(CertificateDer::from(self.ca_der.clone()))?;
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_client_auth_cert(
                vec![CertificateDer::from(self.client.cert_der.clone())],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.client.key_der.clone())),
            )?;
        let connection = rustls::ClientConnection::new(Arc::new(config), ServerName::try_from("127.0.0.1")?)?;
        let socket = TcpStream::connect(("127.0.0.1", port))?;
        socket.set_read_timeout(Some(Duration::from_secs(10)))?;
        let stream = rustls::StreamOwned::new(connection, socket);
        let authorization = self.basic_authorization();
        Ok(http::exchange(
            stream,
            &http::loopback(port),
            "GET",
            path,
            &[("Authorization", &authorization)],
            &[],
        )?)
    }

    /// `Authorization: Basic …` for the user, as a custom header would carry it.
    pub fn basic_authorization(&self) -> String {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", self.user, self.password))
        )
    }
}
