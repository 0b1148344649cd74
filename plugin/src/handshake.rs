//! The go-plugin start-up that Grafana performs (`PLUGIN-CONTRACT.md`, "Start-up"): the magic cookie, the
//! protocol version, where the plugin serves, and the handshake line on stdout.
//!
//! Like go-plugin's own plugins, the plugin serves on a Unix socket on Unix (in `PLUGIN_UNIX_SOCKET_DIR` when
//! Grafana sets it, else the temporary directory), and on a loopback port in Grafana's range elsewhere. A Unix
//! socket spares each call the loopback TCP stack: 0.05 ms of the verdict's 1.3 ms, measured side by side
//! (plugin/README.md, "Scaling").

use std::net::{Ipv4Addr, SocketAddr};
#[cfg(unix)]
use std::path::{Path, PathBuf};

use tokio::net::TcpListener;
#[cfg(unix)]
use tokio::net::UnixListener;

/// The magic cookie's key; Grafana sets it to [`COOKIE_VALUE`].
pub const COOKIE_KEY: &str = "grafana_plugin_type";
/// The magic cookie's value for a data source.
pub const COOKIE_VALUE: &str = "datasource";
/// go-plugin's core protocol version.
pub const CORE_PROTOCOL: u32 = 1;
/// The app protocol version Grafana's `pluginv2` uses.
pub const APP_PROTOCOL: u32 = 2;

/// Why the plugin refuses to start.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HandshakeError {
    /// Started by hand rather than by Grafana.
    #[error(
        "this binary is a Grafana plugin, not a program to run on its own: the magic cookie {COOKIE_KEY}={COOKIE_VALUE} \
         is missing. Install the plugin's folder in Grafana's plugins directory and let Grafana start it"
    )]
    NoCookie,
    /// Grafana asks for protocol versions this plugin does not speak.
    #[error("Grafana asks for plugin protocol versions {asked:?}, this plugin speaks version {APP_PROTOCOL}: upgrade Grafana to 10.4 or later")]
    Version {
        /// The value of `PLUGIN_PROTOCOL_VERSIONS`.
        asked: String,
    },
    /// A port range that is not two numbers, low first.
    #[error(
        "PLUGIN_MIN_PORT={min:?} and PLUGIN_MAX_PORT={max:?} are not a port range: give two ports, the lower first"
    )]
    PortRange {
        /// `PLUGIN_MIN_PORT`.
        min: String,
        /// `PLUGIN_MAX_PORT`.
        max: String,
    },
    /// The Unix socket cannot be made.
    #[error("cannot listen on the Unix socket {path}: {detail}; set PLUGIN_UNIX_SOCKET_DIR to a short path of a writable directory")]
    Socket {
        /// The socket's path.
        path: String,
        /// Why.
        detail: String,
    },
    /// No port of the range is free.
    #[error("no free loopback port between {min} and {max}: free one or widen PLUGIN_MIN_PORT/PLUGIN_MAX_PORT")]
    NoPort {
        /// Low end.
        min: u16,
        /// High end.
        max: u16,
    },
}

/// Checks the environment Grafana gives the plugin. `env` reads a variable.
pub fn check(env: impl Fn(&str) -> Option<String>) -> Result<(), HandshakeError> {
    if env(COOKIE_KEY).as_deref() != Some(COOKIE_VALUE) {
        return Err(HandshakeError::NoCookie);
    }
    if let Some(asked) = env("PLUGIN_PROTOCOL_VERSIONS") {
        let speaks = asked.split(',').any(|v| v.trim() == APP_PROTOCOL.to_string());
        if !speaks {
            return Err(HandshakeError::Version { asked });
        }
    }
    Ok(())
}

/// Where the plugin serves.
#[derive(Debug)]
pub enum Listener {
    /// A loopback port.
    Tcp(TcpListener),
    /// A Unix socket, and its file, removed when dropped.
    #[cfg(unix)]
    Unix(UnixListener, SocketFile),
}

impl Listener {
    /// The handshake line Grafana reads from stdout: `1|2|unix|PATH|grpc` or `1|2|tcp|127.0.0.1:PORT|grpc`.
    pub fn line(&self) -> std::io::Result<String> {
        Ok(match self {
            Listener::Tcp(listener) => line(listener.local_addr()?),
            #[cfg(unix)]
            Listener::Unix(_, file) => format!("{CORE_PROTOCOL}|{APP_PROTOCOL}|unix|{}|grpc", file.0.display()),
        })
    }
}

/// A Unix socket's file, removed when the plugin stops serving (as go-plugin removes its own).
#[cfg(unix)]
#[derive(Debug)]
pub struct SocketFile(PathBuf);

#[cfg(unix)]
impl SocketFile {
    /// The socket's path.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

#[cfg(unix)]
impl Drop for SocketFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Listens where go-plugin's plugins do: on a Unix socket on Unix, on a loopback port elsewhere.
pub async fn listen(env: impl Fn(&str) -> Option<String>) -> Result<Listener, HandshakeError> {
    #[cfg(unix)]
    {
        let dir = env("PLUGIN_UNIX_SOCKET_DIR")
            .filter(|d| !d.is_empty())
            .map_or_else(std::env::temp_dir, PathBuf::from);
        bind_unix(&dir).map(|(listener, file)| Listener::Unix(listener, file))
    }
    #[cfg(not(unix))]
    {
        bind(env).await.map(Listener::Tcp)
    }
}

/// Binds a Unix socket in `dir`, named after the plugin and its process. A file of that name can only be a
/// socket left by an earlier process of the same id, killed before it could remove it: it is replaced.
#[cfg(unix)]
pub fn bind_unix(dir: &Path) -> Result<(UnixListener, SocketFile), HandshakeError> {
    let path = dir.join(format!(
        "{}-{}.sock",
        tumulte_policy::names::PLUGIN_ID,
        std::process::id()
    ));
    let failed = |e: std::io::Error| HandshakeError::Socket {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let listener = match UnixListener::bind(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            std::fs::remove_file(&path).map_err(failed)?;
            UnixListener::bind(&path)
        }
        bound => bound,
    }
    .map_err(failed)?;
    Ok((listener, SocketFile(path)))
}

/// Binds a loopback port in `PLUGIN_MIN_PORT..=PLUGIN_MAX_PORT` (any port when they are unset).
pub async fn bind(env: impl Fn(&str) -> Option<String>) -> Result<TcpListener, HandshakeError> {
    let (min, max) = match (env("PLUGIN_MIN_PORT"), env("PLUGIN_MAX_PORT")) {
        (None, None) => (0, 0),
        (min, max) => {
            let range_error = || HandshakeError::PortRange {
                min: min.clone().unwrap_or_default(),
                max: max.clone().unwrap_or_default(),
            };
            let lo: u16 = min.as_deref().unwrap_or("0").parse().map_err(|_| range_error())?;
            let hi: u16 = max.as_deref().unwrap_or("65535").parse().map_err(|_| range_error())?;
            if lo > hi {
                return Err(range_error());
            }
            (lo, hi)
        }
    };
    for port in min..=max {
        if let Ok(listener) = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await {
            return Ok(listener);
        }
    }
    Err(HandshakeError::NoPort { min, max })
}

/// The handshake line Grafana reads from stdout: `1|2|tcp|127.0.0.1:PORT|grpc`.
pub fn line(addr: SocketAddr) -> String {
    format!("{CORE_PROTOCOL}|{APP_PROTOCOL}|tcp|{addr}|grpc")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| pairs.iter().find(|(key, _)| *key == k).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn without_the_cookie_it_says_to_run_from_grafana() {
        let err = check(env(&[])).expect_err("no cookie");
        assert!(err.to_string().contains("let Grafana start it"), "{err}");
        assert_eq!(check(env(&[(COOKIE_KEY, "app")])), Err(HandshakeError::NoCookie));
    }

    #[test]
    fn protocol_two_is_required() {
        assert!(check(env(&[(COOKIE_KEY, COOKIE_VALUE), ("PLUGIN_PROTOCOL_VERSIONS", "1,2")])).is_ok());
        assert!(matches!(
            check(env(&[(COOKIE_KEY, COOKIE_VALUE), ("PLUGIN_PROTOCOL_VERSIONS", "1")])),
            Err(HandshakeError::Version { .. })
        ));
    }

    #[test]
    fn the_line_is_go_plugins() {
        assert_eq!(
            line(SocketAddr::from(([127, 0, 0, 1], 10001))),
            "1|2|tcp|127.0.0.1:10001|grpc"
        );
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn on_unix_it_serves_on_a_socket_in_grafanas_directory_and_removes_it() {
        let dir = tempfile::tempdir().expect("a directory");
        let dir_text = dir.path().display().to_string();
        let listener = listen(|k: &str| (k == "PLUGIN_UNIX_SOCKET_DIR").then(|| dir_text.clone()))
            .await
            .expect("listens");
        let line = listener.line().expect("a line");
        let Listener::Unix(_, file) = &listener else {
            panic!("not a Unix socket: {line}");
        };
        let path = file.path().to_owned();
        assert_eq!(path.parent(), Some(dir.path()));
        assert_eq!(line, format!("1|2|unix|{}|grpc", path.display()));
        assert!(path.exists());
        drop(listener);
        assert!(!path.exists(), "the socket's file is removed");
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn a_socket_directory_that_is_not_one_is_named_with_the_fix() {
        let err = bind_unix(Path::new("/nonexistent/tumulte")).expect_err("no directory");
        let text = err.to_string();
        assert!(
            text.contains("/nonexistent/tumulte/") && text.contains("PLUGIN_UNIX_SOCKET_DIR"),
            "{text}"
        );
    }

    #[tokio::test]
    async fn binds_inside_the_range() {
        let listener = bind(env(&[("PLUGIN_MIN_PORT", "0"), ("PLUGIN_MAX_PORT", "0")]))
            .await
            .expect("binds");
        assert!(listener.local_addr().expect("addr").ip().is_loopback());
        assert!(matches!(
            bind(env(&[("PLUGIN_MIN_PORT", "9"), ("PLUGIN_MAX_PORT", "3")])).await,
            Err(HandshakeError::PortRange { .. })
        ));
    }
}
