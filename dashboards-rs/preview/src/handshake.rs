//! go-plugin's handshake line, the first line a backend plugin prints (`1|2|NETWORK|ADDRESS|grpc`), and a gRPC
//! channel to the address it names.
//!
//! go-plugin's plugins serve on a Unix socket on Unix (`1|2|unix|/tmp/plugin123|grpc`, in
//! `PLUGIN_UNIX_SOCKET_DIR` when Grafana sets it) and on loopback TCP elsewhere (`1|2|tcp|127.0.0.1:10001|grpc`);
//! Grafana dials either. So does this host, so that it runs plugins built with Grafana's Go SDK as well as ours.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use tonic::transport::{Channel, Endpoint};

/// Where a plugin serves gRPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// `tcp`: `HOST:PORT`.
    Tcp(String),
    /// `unix`: a socket's path.
    Unix(PathBuf),
}

impl Address {
    /// The address of go-plugin's handshake line: core protocol 1, app protocol 2 (Grafana's `pluginv2`), gRPC;
    /// `None` for any other line. (A sixth field, go-plugin's AutoMTLS certificate, which Grafana does not ask
    /// for, is ignored.)
    pub fn from_handshake(line: &str) -> Option<Address> {
        match line.trim().split('|').collect::<Vec<_>>().as_slice() {
            ["1", "2", "tcp", address, "grpc", ..] if !address.is_empty() => Some(Address::Tcp((*address).to_owned())),
            ["1", "2", "unix", path, "grpc", ..] if !path.is_empty() => Some(Address::Unix(PathBuf::from(path))),
            _ => None,
        }
    }

    /// An insecure gRPC channel to the plugin, as Grafana opens one.
    pub async fn connect(&self, timeout: Duration) -> Result<Channel, tonic::transport::Error> {
        match self {
            Address::Tcp(address) => {
                Endpoint::from_shared(format!("http://{address}"))?
                    .connect_timeout(timeout)
                    .connect()
                    .await
            }
            Address::Unix(path) => connect_unix(path.clone(), timeout).await,
        }
    }
}

#[cfg(unix)]
async fn connect_unix(path: PathBuf, timeout: Duration) -> Result<Channel, tonic::transport::Error> {
    // The endpoint's URI only names the HTTP/2 authority: the connector dials the socket.
    Endpoint::from_static("http://plugin")
        .connect_timeout(timeout)
        .connect_with_connector(tower::service_fn(move |_: tonic::transport::Uri| {
            let path = path.clone();
            async move {
                let stream = tokio::net::UnixStream::connect(path).await?;
                Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(stream))
            }
        }))
        .await
}

#[cfg(not(unix))]
async fn connect_unix(path: PathBuf, timeout: Duration) -> Result<Channel, tonic::transport::Error> {
    // No Unix sockets here: the dial fails, as Grafana's would, with the socket's path in the error.
    Endpoint::from_shared(format!("http://unix-socket-unsupported.invalid/{}", path.display()))?
        .connect_timeout(timeout)
        .connect()
        .await
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Address::Tcp(address) => write!(f, "tcp {address}"),
            Address::Unix(path) => write!(f, "unix {}", path.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tcp_handshake_names_host_and_port() {
        assert_eq!(
            Address::from_handshake("1|2|tcp|127.0.0.1:10001|grpc\n"),
            Some(Address::Tcp("127.0.0.1:10001".into()))
        );
    }

    #[test]
    fn a_unix_handshake_names_the_socket() {
        assert_eq!(
            Address::from_handshake("1|2|unix|/tmp/plugin4242|grpc"),
            Some(Address::Unix("/tmp/plugin4242".into()))
        );
    }

    #[test]
    fn other_protocols_and_networks_are_not_a_handshake() {
        for line in [
            "1|1|tcp|127.0.0.1:1|grpc",
            "1|2|tcp|127.0.0.1:1|netrpc",
            "1|2|udp|127.0.0.1:1|grpc",
            "1|2|unix||grpc",
            "listening on :8080",
            "",
        ] {
            assert_eq!(Address::from_handshake(line), None, "{line:?}");
        }
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn a_socket_nobody_listens_on_cannot_be_connected_to() {
        let dir = tempfile::tempdir().expect("a directory");
        let address = Address::Unix(dir.path().join("absent"));
        assert!(address.connect(Duration::from_secs(1)).await.is_err());
    }
}
