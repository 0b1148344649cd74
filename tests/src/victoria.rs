//! A real VictoriaMetrics (Debian's `victoria-metrics`) on a loopback port, holding the same scenario history as
//! the Prometheus fixture: the engine users move to when they outgrow one Prometheus.
//!
//! The history is imported through VictoriaMetrics' Prometheus text import (`/api/v1/import/prometheus`), which
//! takes millisecond timestamps, then flushed so that queries see it at once.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::prometheus::{free_port, http_get};
use crate::scenario::Timeline;
use crate::Error;

/// A running VictoriaMetrics, killed on drop.
pub struct VictoriaMetricsServer {
    child: Child,
    dir: tempfile::TempDir,
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// The history it holds.
    pub timeline: Timeline,
}

/// The OpenMetrics history as VictoriaMetrics' Prometheus import reads it: sample timestamps in milliseconds, no
/// `# EOF`.
fn prometheus_text(openmetrics: &str) -> String {
    let mut out = String::with_capacity(openmetrics.len() + openmetrics.len() / 8);
    for line in openmetrics.lines() {
        if line.starts_with('#') {
            continue;
        }
        match line.rsplit_once(' ') {
            Some((sample, seconds)) if seconds.parse::<i64>().is_ok() => {
                out.push_str(sample);
                out.push(' ');
                out.push_str(seconds);
                out.push_str("000\n");
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

fn post(port: u16, path: &str, body: &str) -> Result<u16, Error> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    write!(
        stream,
        "POST {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body.as_bytes())?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response.split_whitespace().nth(1).and_then(|code| code.parse().ok());
    status.ok_or_else(|| format!("POST {path} to VictoriaMetrics: no HTTP status in {response:?}").into())
}

impl VictoriaMetricsServer {
    /// Starts VictoriaMetrics and imports `timeline`'s history.
    pub fn start(timeline: Timeline) -> Result<Self, Error> {
        let binary = "victoria-metrics";
        if Command::new(binary)
            .arg("-version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_err()
        {
            return Err(format!(
                "{binary} is not installed: apt-get install --no-install-recommends victoria-metrics (scripts/test does it)"
            )
            .into());
        }
        let dir = tempfile::tempdir()?;
        let port = free_port()?;
        let log = std::fs::File::create(dir.path().join("victoria-metrics.log"))?;
        let child = Command::new(binary)
            .arg(format!("-httpListenAddr=127.0.0.1:{port}"))
            .arg(format!("-storageDataPath={}", dir.path().join("data").display()))
            .arg("-retentionPeriod=100y")
            // Answer "now" at now, as Prometheus does, rather than 30 s in the past.
            .arg("-search.latencyOffset=0s")
            .arg("-loggerLevel=WARN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()?;
        let server = VictoriaMetricsServer {
            child,
            dir,
            port,
            timeline,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while !matches!(http_get(port, "/health"), Ok((200, _))) {
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(server.dir.path().join("victoria-metrics.log")).unwrap_or_default();
                return Err(format!("VictoriaMetrics on port {port} not ready within 60 s:\n{log}").into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let status = post(
            port,
            "/api/v1/import/prometheus",
            &prometheus_text(&server.timeline.openmetrics()),
        )?;
        if status != 204 && status != 200 {
            return Err(format!("VictoriaMetrics refused the history import: HTTP {status}").into());
        }
        let (status, body) = http_get(port, "/internal/force_flush")?;
        if status != 200 {
            return Err(format!("VictoriaMetrics force_flush: HTTP {status} {body}").into());
        }
        Ok(server)
    }

    /// Its URL: what a data source's URL field would hold.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for VictoriaMetricsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_become_milliseconds_and_comments_go() {
        let text = prometheus_text("# TYPE up gauge\nup{job=\"a\"} 1 1700000000\n# EOF\n");
        assert_eq!(text, "up{job=\"a\"} 1 1700000000000\n");
    }
}
