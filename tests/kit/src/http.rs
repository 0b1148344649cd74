//! The one loopback HTTP client of the tests, and the one HTTP server standing in for an app or a webhook.
//!
//! The client is the native runner's (`tumulte_stack::http`): HTTP/1.0 over a `TcpStream` (or any stream, for TLS:
//! [`exchange`]), so servers neither chunk the answer nor keep the connection and the body is everything after the
//! headers. Every step is bounded by a timeout. The server answers one request per connection and closes it.
//!
//! ```
//! use tumulte_test_kit::http::{self, Reply, Server};
//!
//! let server = Server::start(|request| Reply::text(200, "text/plain", format!("{} {}", request.method, request.path)))?;
//! let response = http::post(server.addr(), "/hook", b"{}")?;
//! assert_eq!((response.status, response.body.as_str()), (200, "POST /hook"));
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// How long a request may take unless told otherwise (each of connect, write and read).
pub const TIMEOUT: Duration = Duration::from_secs(30);

pub use tumulte_stack::http::{exchange, parse, Response};

/// Where a request goes: a loopback port, or `host:port`.
pub trait Address {
    /// `host:port`.
    fn address(&self) -> String;
}

impl Address for u16 {
    fn address(&self) -> String {
        loopback(*self)
    }
}

impl Address for &str {
    fn address(&self) -> String {
        (*self).to_owned()
    }
}

impl Address for String {
    fn address(&self) -> String {
        self.clone()
    }
}

impl Address for &String {
    fn address(&self) -> String {
        (*self).clone()
    }
}

impl Address for SocketAddr {
    fn address(&self) -> String {
        self.to_string()
    }
}

/// `127.0.0.1:port`.
pub fn loopback(port: u16) -> String {
    format!("127.0.0.1:{port}")
}

/// `GET path`.
pub fn get(to: impl Address, path: &str) -> io::Result<Response> {
    request(to, "GET", path, &[], TIMEOUT)
}

/// `POST path` with `body`.
pub fn post(to: impl Address, path: &str, body: &[u8]) -> io::Result<Response> {
    request(to, "POST", path, body, TIMEOUT)
}

/// `method path` with `body`, each step (connect, write, read) bounded by `timeout`: the native runner's client.
pub fn request(to: impl Address, method: &str, path: &str, body: &[u8], timeout: Duration) -> io::Result<Response> {
    tumulte_stack::http::request(&to.address(), method, path, body, timeout)
}

/// Percent-encoding of a query parameter's value.
pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A loopback port free right now.
pub fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Whether something accepts connections on `127.0.0.1:port`.
pub fn listening(port: u16) -> bool {
    TcpStream::connect_timeout(&SocketAddr::from(([127, 0, 0, 1], port)), Duration::from_millis(300)).is_ok()
}

/// A request as the server read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, …
    pub method: String,
    /// The request target (path and query).
    pub path: String,
    /// The body (`Content-Length` bytes).
    pub body: Vec<u8>,
}

impl Request {
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// How the server answers a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// This status, content type and body; the connection closes after it.
    Answer {
        /// The status code.
        status: u16,
        /// `Content-Type`.
        content_type: String,
        /// The body.
        body: String,
    },
    /// Nothing, ever: the connection stays open, silent, until the server stops.
    Silence,
}

impl Reply {
    /// `status` with a body of `content_type`.
    pub fn text(status: u16, content_type: &str, body: impl Into<String>) -> Reply {
        Reply::Answer {
            status,
            content_type: content_type.to_owned(),
            body: body.into(),
        }
    }

    /// `status` with no body (e.g. `204 No Content`).
    pub fn empty(status: u16) -> Reply {
        Reply::text(status, "text/plain", "")
    }
}

/// A loopback HTTP server answering every request with its handler's [`Reply`], one thread per connection;
/// stopped (its port closed, its silent connections dropped) when dropped.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a server on a free loopback port.
    pub fn start<F>(handler: F) -> io::Result<Server>
    where
        F: Fn(&Request) -> Reply + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let handler = Arc::new(handler);
        let accept = {
            let stop = Arc::clone(&stop);
            thread::Builder::new().name("test-kit-http".into()).spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (handler, stop) = (Arc::clone(&handler), Arc::clone(&stop));
                    thread::spawn(move || serve(stream, &*handler, &stop));
                }
            })?
        };
        Ok(Server {
            addr,
            stop,
            accept: Some(accept),
        })
    }

    /// `127.0.0.1:PORT`.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread, which then sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn serve(mut stream: TcpStream, handler: &(dyn Fn(&Request) -> Reply + Send + Sync), stop: &AtomicBool) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let Some(request) = read_request(&mut stream) else {
        return;
    };
    match handler(&request) {
        Reply::Answer {
            status,
            content_type,
            body,
        } => {
            // 204 and 304 carry neither a body nor its length.
            let head = if matches!(status, 204 | 304) {
                format!("HTTP/1.1 {status} {}\r\nConnection: close\r\n\r\n", reason(status))
            } else {
                format!(
                    "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    reason(status),
                    body.len()
                )
            };
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.flush();
            let _ = stream.shutdown(Shutdown::Write);
        }
        Reply::Silence => {
            while !stop.load(Ordering::SeqCst) {
                thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// The request line, the headers up to the blank line, and `Content-Length` bytes of body.
fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.lines();
    let mut request_line = lines.next()?.split_whitespace();
    let (method, path) = (request_line.next()?.to_owned(), request_line.next()?.to_owned());
    let length: usize = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    let end = data.len().min(head_end + length);
    Some(Request {
        method,
        path,
        body: data[head_end..end].to_vec(),
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_status_and_body() -> io::Result<()> {
        let response = parse(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello\n")?;
        assert_eq!(response.status, 200);
        assert_eq!(response.body, "hello\n");
        assert!(parse(b"garbage").is_err());
        Ok(())
    }

    #[test]
    fn the_server_answers_the_client_and_a_silent_one_times_it_out() -> io::Result<()> {
        let echo = Server::start(|r| Reply::text(201, "text/plain", format!("{} {} {}", r.method, r.path, r.text())))?;
        let response = post(echo.addr(), "/a?b=c", b"body")?;
        assert_eq!(
            response,
            Response {
                status: 201,
                body: "POST /a?b=c body".into()
            }
        );
        let no_content = Server::start(|_| Reply::empty(204))?;
        assert_eq!(get(no_content.addr().port(), "/")?.status, 204);

        let silent = Server::start(|_| Reply::Silence)?;
        let error = request(silent.addr(), "GET", "/", &[], Duration::from_millis(200)).expect_err("no answer");
        assert!(
            matches!(error.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut),
            "{error}"
        );
        let port = silent.addr().port();
        drop(silent);
        assert!(!listening(port), "the port is closed once the server is dropped");
        Ok(())
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(urlencode("up{job=\"a b\"}"), "up%7Bjob%3D%22a%20b%22%7D");
    }
}
