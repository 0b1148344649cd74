//! Fake upstreams for the faults a real Prometheus does not produce on demand: silent (past the timeout),
//! 5xx, garbage, refused credentials. Each answers every request the same way.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::Error;

/// How the fake answers.
#[derive(Debug, Clone, Copy)]
pub enum Behaviour {
    /// Accepts and never answers.
    Silent,
    /// `503 Service Unavailable`, plain text.
    Unavailable,
    /// `200 OK` with an HTML page.
    Garbage,
    /// `401 Unauthorized`.
    Unauthorized,
}

/// A fake upstream, stopped when dropped.
pub struct Fake {
    /// Its port on 127.0.0.1.
    pub port: u16,
    task: JoinHandle<()>,
}

impl Fake {
    /// Starts a fake.
    pub async fn start(behaviour: Behaviour) -> Result<Self, Error> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut buf = vec![0_u8; 65536];
                    let _ = socket.read(&mut buf).await;
                    let response = match behaviour {
                        Behaviour::Silent => {
                            tokio::time::sleep(Duration::from_secs(3600)).await;
                            return;
                        }
                        Behaviour::Unavailable => http(503, "text/plain", "upstream connect error"),
                        Behaviour::Garbage => http(200, "text/html", "<html><body>Welcome to nginx!</body></html>"),
                        Behaviour::Unauthorized => http(401, "text/plain", "Unauthorized"),
                    };
                    let _ = socket.write_all(response.as_bytes()).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Ok(Fake { port, task })
    }

    /// Its URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn http(code: u16, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {code} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}
