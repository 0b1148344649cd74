//! A real Prometheus (Debian's `prometheus` package) on a loopback port with a temporary data directory, its
//! history backfilled with `promtool tsdb create-blocks-from openmetrics` before it starts. Stopped (killed by
//! PID) when dropped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use crate::scenario::Timeline;
use crate::tls::Pki;
use crate::Error;

/// A running Prometheus.
pub struct PrometheusServer {
    child: Child,
    _dir: tempfile::TempDir,
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// The history it holds, if any.
    pub timeline: Option<Timeline>,
    /// Whether it speaks https.
    tls: bool,
}

fn need(binary: &str) -> Result<(), Error> {
    match Command::new(binary)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Ok(_) => Ok(()),
        Err(e) => Err(format!(
            "{binary} is not installed ({e}): the end-to-end tests run a real Prometheus. Install it with \
             `apt-get install --no-install-recommends prometheus` (it brings promtool)"
        )
        .into()),
    }
}

/// A free loopback port.
pub fn free_port() -> Result<u16, Error> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A blocking HTTP GET on loopback: (status code, body).
pub fn http_get(port: u16, path: &str) -> Result<(u16, String), Error> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n")?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    parse_response(&response)
}

/// An HTTP/1 response read whole: (status code, body).
pub fn parse_response(response: &str) -> Result<(u16, String), Error> {
    let code = response
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or("no HTTP status")?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((code, body))
}

impl PrometheusServer {
    /// Starts Prometheus holding `timeline`'s history (or nothing).
    pub fn start(timeline: Option<Timeline>) -> Result<Self, Error> {
        Self::launch(timeline, None)
    }

    /// Starts Prometheus holding `timeline`'s history behind `pki`'s web configuration: https only, a client
    /// certificate signed by its CA required, basic auth.
    pub fn start_secured(timeline: Option<Timeline>, pki: &Pki) -> Result<Self, Error> {
        Self::launch(timeline, Some(pki))
    }

    fn launch(timeline: Option<Timeline>, pki: Option<&Pki>) -> Result<Self, Error> {
        need("prometheus")?;
        let dir = tempfile::tempdir()?;
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data)?;
        if let Some(t) = &timeline {
            need("promtool")?;
            let file = dir.path().join("history.om");
            std::fs::write(&file, t.openmetrics())?;
            backfill(&file, &data)?;
        }
        let config = dir.path().join("prometheus.yml");
        std::fs::write(&config, "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\n")?;
        let port = free_port()?;
        let log = std::fs::File::create(dir.path().join("prometheus.log"))?;
        let mut command = Command::new("prometheus");
        if let Some(pki) = pki {
            command.arg(format!(
                "--web.config.file={}",
                pki.write_web_config(dir.path())?.display()
            ));
        }
        let child = command
            .arg(format!("--config.file={}", config.display()))
            .arg(format!("--storage.tsdb.path={}", data.display()))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .arg("--storage.tsdb.retention.time=30d")
            .arg("--log.level=warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()?;
        let server = PrometheusServer {
            child,
            _dir: dir,
            port,
            timeline,
            tls: pki.is_some(),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let ready = match pki {
                Some(pki) => pki.get(port, "/-/ready"),
                None => http_get(port, "/-/ready"),
            };
            if matches!(ready, Ok((200, _))) {
                return Ok(server);
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(server._dir.path().join("prometheus.log")).unwrap_or_default();
                return Err(format!("Prometheus on port {port} not ready within 60 s:\n{log}").into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Its URL.
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    /// Its PID.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for PrometheusServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn backfill(file: &Path, data: &Path) -> Result<(), Error> {
    let out = Command::new("promtool")
        .args(["tsdb", "create-blocks-from", "openmetrics"])
        .arg(file)
        .arg(data)
        .output()?;
    if !out.status.success() {
        return Err(format!(
            "promtool tsdb create-blocks-from openmetrics failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(())
}

/// The Prometheus loaded with the scenario history, shared by the tests of one binary that run at the same
/// time; it stops when the last of them drops it.
pub fn shared() -> Result<Arc<PrometheusServer>, Error> {
    static SHARED: Mutex<Weak<PrometheusServer>> = Mutex::new(Weak::new());
    let mut slot = SHARED.lock().map_err(|_| "poisoned")?;
    if let Some(server) = slot.upgrade() {
        return Ok(server);
    }
    let server = Arc::new(PrometheusServer::start(Some(Timeline::ending_now()))?);
    *slot = Arc::downgrade(&server);
    Ok(server)
}
