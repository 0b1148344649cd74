//! A minimal HTTP/1.0 client over loopback, enough to poll the components' APIs without an HTTP client crate.
//! The test kit (`tests/kit`) builds its requests on this one.
//!
//! HTTP/1.0 keeps the answer simple: the Go servers of the stack then neither chunk nor keep the connection, so
//! the body is everything after the headers.

use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// The status code and body of a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status code.
    pub status: u16,
    /// The body, as text.
    pub body: String,
}

/// `GET path` on `127.0.0.1:port`, each step bounded by `timeout`.
pub fn get(port: u16, path: &str, timeout: Duration) -> io::Result<Response> {
    request(&format!("127.0.0.1:{port}"), "GET", path, &[], timeout)
}

/// `method path` with `body` on `host` (`host:port`), each step (connect, write, read) bounded by `timeout`.
pub fn request(host: &str, method: &str, path: &str, body: &[u8], timeout: Duration) -> io::Result<Response> {
    let addr = host
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("{host} resolves to nothing")))?;
    let stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    exchange(stream, host, method, path, &[], body)
}

/// One request over an open `stream` (plain, or TLS), with extra `headers`; reads the answer to the end.
pub fn exchange<S: Read + Write>(
    mut stream: S,
    host: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> io::Result<Response> {
    let mut head = format!("{method} {path} HTTP/1.0\r\nHost: {host}\r\nAccept: */*\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !matches!(method, "GET" | "HEAD") {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()?;
    let mut raw = Vec::new();
    match stream.read_to_end(&mut raw) {
        Ok(_) => {}
        // A TLS peer that hangs up without close_notify still leaves the answer read.
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof && !raw.is_empty() => {}
        Err(e) => return Err(e),
    }
    parse(&raw)
}

/// An HTTP/1 answer read whole: status line, headers, body.
pub fn parse(raw: &[u8]) -> io::Result<Response> {
    let invalid = |what: &str| io::Error::new(io::ErrorKind::InvalidData, format!("invalid HTTP response: {what}"));
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| invalid("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let status = head
        .lines()
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| invalid("no status line"))?;
    let body = String::from_utf8_lossy(&raw[split + 4..]).into_owned();
    Ok(Response { status, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_status_and_body() {
        let response = parse(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello\n").expect("parses");
        assert_eq!(response.status, 200);
        assert_eq!(response.body, "hello\n");
        assert!(parse(b"garbage").is_err());
    }
}
