//! Fake upstreams for the faults a real Prometheus does not produce on demand: silent (past the timeout),
//! 5xx, garbage, refused credentials. Each is the test kit's HTTP server answering every request the same way.

use tumulte_test_kit::http::{Reply, Server};

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

impl Behaviour {
    fn reply(self) -> Reply {
        match self {
            Behaviour::Silent => Reply::Silence,
            Behaviour::Unavailable => Reply::text(503, "text/plain", "upstream connect error"),
            Behaviour::Garbage => Reply::text(200, "text/html", "<html><body>Welcome to nginx!</body></html>"),
            Behaviour::Unauthorized => Reply::text(401, "text/plain", "Unauthorized"),
        }
    }
}

/// A fake upstream on a free loopback port ([`Server::url`]), stopped when dropped.
pub fn fake(behaviour: Behaviour) -> std::io::Result<Server> {
    Server::start(move |_| behaviour.reply())
}

/// A loopback address where no connection is ever made, as behind a firewall that drops packets or at a host that
/// is down: a listener that accepts nothing, its queue of connections waiting to be accepted filled, so that the
/// kernel drops every further connection request. Open while the value lives. Call it inside a Tokio runtime.
pub struct Unconnectable {
    address: std::net::SocketAddr,
    _listener: tokio::net::TcpListener,
    _queued: Vec<std::net::TcpStream>,
}

impl Unconnectable {
    /// Listens on a free loopback port with the shortest queue and fills it.
    pub fn start() -> std::io::Result<Self> {
        let socket = tokio::net::TcpSocket::new_v4()?;
        socket.bind(([127, 0, 0, 1], 0).into())?;
        let listener = socket.listen(0)?;
        let address = listener.local_addr()?;
        let mut queued = Vec::new();
        // Linux queues one connection at a backlog of 0; the first connection left hanging shows the queue full.
        for _ in 0..16 {
            match std::net::TcpStream::connect_timeout(&address, std::time::Duration::from_millis(300)) {
                Ok(stream) => queued.push(stream),
                Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                    return Ok(Unconnectable {
                        address,
                        _listener: listener,
                        _queued: queued,
                    })
                }
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other(format!(
            "{address} kept accepting connections: its queue never filled"
        )))
    }

    /// Its URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }
}
