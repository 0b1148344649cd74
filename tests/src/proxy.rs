//! A loopback HTTP proxy in front of a real Prometheus that injects a fault per request, switched while the
//! plugin is under load: pass the request through, answer it only after a delay (past the data source's
//! timeout), answer 503, or answer garbage (truncated JSON, an HTML page, JSON of another API).
//!
//! Every answer closes its connection (`Connection: close`, also asked of Prometheus), so each request of the
//! plugin meets the mode in force when it is sent, not the one its pooled connection was opened under.

use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the proxy does with the next request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Mode {
    /// Through to Prometheus.
    Pass = 0,
    /// Through to Prometheus after the proxy's delay.
    Slow = 1,
    /// `503 Service Unavailable`, plain text, as a load balancer answers.
    Failing = 2,
    /// `200 OK` with a body that is not Prometheus's answer.
    Garbage = 3,
}

impl Mode {
    fn from_u8(v: u8) -> Mode {
        match v {
            1 => Mode::Slow,
            2 => Mode::Failing,
            3 => Mode::Garbage,
            _ => Mode::Pass,
        }
    }
}

/// The bodies [`Mode::Garbage`] answers, in turn.
const GARBAGE: [(&str, &str); 3] = [
    (
        "application/json",
        r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"tumulte-backend"},"values":[[1700000000,"0.5"],[17000"#,
    ),
    ("text/html", "<html><body><h1>Welcome to nginx!</h1></body></html>"),
    (
        "application/json",
        r#"{"kind":"Status","apiVersion":"v1","status":"Failure","code":404}"#,
    ),
];

/// A running proxy; stops when dropped.
pub struct FaultProxy {
    port: u16,
    mode: Arc<AtomicU8>,
    task: JoinHandle<()>,
}

impl FaultProxy {
    /// Listens on a free loopback port, in front of Prometheus on `upstream`; [`Mode::Slow`] waits `delay`.
    pub async fn start(upstream: u16, delay: Duration) -> std::io::Result<FaultProxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let mode = Arc::new(AtomicU8::new(Mode::Pass as u8));
        let served = Arc::new(AtomicU64::new(0));
        let task = {
            let mode = mode.clone();
            tokio::spawn(async move {
                while let Ok((client, _)) = listener.accept().await {
                    let (mode, served) = (mode.clone(), served.clone());
                    tokio::spawn(async move {
                        let _ = serve(client, upstream, delay, &mode, &served).await;
                    });
                }
            })
        };
        Ok(FaultProxy { port, mode, task })
    }

    /// Its URL, the data source's.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Switches what it does with the next requests.
    pub fn set(&self, mode: Mode) {
        self.mode.store(mode as u8, Ordering::SeqCst);
    }

    /// What it does now.
    pub fn mode(&self) -> Mode {
        Mode::from_u8(self.mode.load(Ordering::SeqCst))
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One request: read whole, then answered as the mode says, and the connection closed.
async fn serve(
    client: TcpStream,
    upstream: u16,
    delay: Duration,
    mode: &AtomicU8,
    served: &AtomicU64,
) -> std::io::Result<()> {
    let mut client = BufReader::new(client);
    let mut head = Vec::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if client.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
            if name.eq_ignore_ascii_case("connection") {
                continue;
            }
        }
        head.extend_from_slice(line.as_bytes());
    }
    let mut body = vec![0; length];
    client.read_exact(&mut body).await?;
    let mut client = client.into_inner();
    let reply = |status: &str, content_type: &str, body: &str| {
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    match Mode::from_u8(mode.load(Ordering::SeqCst)) {
        Mode::Failing => {
            let answer = reply("503 Service Unavailable", "text/plain", "upstream connect error");
            return client.write_all(answer.as_bytes()).await;
        }
        Mode::Garbage => {
            let n = served.fetch_add(1, Ordering::Relaxed) as usize;
            let (content_type, body) = GARBAGE[n % GARBAGE.len()];
            return client.write_all(reply("200 OK", content_type, body).as_bytes()).await;
        }
        Mode::Slow => tokio::time::sleep(delay).await,
        Mode::Pass => {}
    }
    // Prometheus down: the connection is dropped unanswered, as a dead upstream behind a proxy does.
    let mut prometheus = TcpStream::connect(("127.0.0.1", upstream)).await?;
    head.extend_from_slice(b"Connection: close\r\n\r\n");
    prometheus.write_all(&head).await?;
    prometheus.write_all(&body).await?;
    tokio::io::copy(&mut prometheus, &mut client).await?;
    client.shutdown().await
}
