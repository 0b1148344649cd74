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
