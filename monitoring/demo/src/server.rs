//! The HTTP endpoint of the simulated backend.
//!
//! | request | answer |
//! |---|---|
//! | `GET /metrics` | the exposition (Prometheus text 0.0.4); `503` in the outage scenario |
//! | `GET /health` | `{"status":"ok",…}`; `503` `{"status":"down",…}` in the outage scenario |
//! | `GET /scenario` | `{"scenario":"calm"}` |
//! | `POST /scenario/<name>` | switches scenario, `{"scenario":…,"previous":…}`; `400` for an unknown name |
//!
//! Every response closes its connection. Any other path is `404`.
//!
//! The simulation is advanced lazily, on each request, to the simulated time elapsed since the start
//! (wall-clock time × `speed`), so the traffic is a function of time and seed only.

use std::fmt;
use std::io::{BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::model::{Simulation, CONTENT_TYPE};
use crate::rng::fnv1a;
use crate::scenario::{Scenario, Thresholds};
use crate::{Error, DEFAULT_SEED};

/// How a [`DemoServer`] runs.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoConfig {
    /// The scenario it starts in.
    pub scenario: Scenario,
    /// A name for this simulated backend: mixed into the seed (two instances differ) and reported by
    /// `/health`. Not a metric label: Prometheus sets `instance` from the scrape address.
    pub instance_name: String,
    /// The seed of the randomness.
    pub seed: u64,
    /// Simulated seconds per wall-clock second (1 = real time; tests use more).
    pub speed: f64,
    /// The thresholds the scenarios are placed against.
    pub thresholds: Thresholds,
}

impl DemoConfig {
    /// `scenario`, instance `demo`, the default seed, real time, the thresholds of Tumulte's defaults.
    pub fn new(scenario: Scenario) -> Result<Self, Error> {
        Ok(DemoConfig {
            scenario,
            instance_name: "demo".into(),
            seed: DEFAULT_SEED,
            speed: 1.0,
            thresholds: Thresholds::tumulte_defaults()?,
        })
    }

    /// The seed actually used: `seed` mixed with the instance name.
    pub fn effective_seed(&self) -> u64 {
        self.seed ^ fnv1a(&self.instance_name)
    }
}

#[derive(Debug)]
struct Shared {
    sim: Mutex<Simulation>,
    started: Instant,
    speed: f64,
    instance_name: String,
}

impl Shared {
    /// The simulation, advanced to now.
    fn sim(&self) -> MutexGuard<'_, Simulation> {
        let mut sim = self.sim.lock().unwrap_or_else(PoisonError::into_inner);
        sim.advance_to(self.started.elapsed().as_secs_f64() * self.speed);
        sim
    }
}

/// A running simulated backend. Stops on [`DemoServer::shutdown`] or when dropped.
///
/// Every response closes its connection (`Connection: close`), so once stopped nothing of it is left: the
/// port refuses connections, as if the process had died.
#[derive(Debug)]
pub struct DemoServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl DemoServer {
    /// Serves `scenario` on `addr` (port 0 picks a free port; see [`DemoServer::addr`]).
    pub fn start<A: ToSocketAddrs + fmt::Display>(addr: A, scenario: Scenario) -> Result<Self, Error> {
        DemoServer::start_with(addr, DemoConfig::new(scenario)?)
    }

    /// Serves on `addr` as `config` says.
    pub fn start_with<A: ToSocketAddrs + fmt::Display>(addr: A, config: DemoConfig) -> Result<Self, Error> {
        let bind_error = |e: std::io::Error| Error::Bind {
            addr: addr.to_string(),
            reason: e.to_string(),
        };
        let listener = TcpListener::bind(&addr).map_err(bind_error)?;
        let bound = listener.local_addr().map_err(bind_error)?;
        listener.set_nonblocking(true).map_err(bind_error)?;
        let seed = config.effective_seed();
        let shared = Arc::new(Shared {
            sim: Mutex::new(Simulation::new(config.scenario, seed, config.thresholds)),
            started: Instant::now(),
            speed: if config.speed.is_finite() && config.speed > 0.0 {
                config.speed
            } else {
                1.0
            },
            instance_name: config.instance_name,
        });
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (shared, stop) = (Arc::clone(&shared), Arc::clone(&stop));
            std::thread::Builder::new()
                .name("tumulte-demo-accept".into())
                .spawn(move || accept_loop(&listener, &shared, &stop))?
        };
        Ok(DemoServer {
            addr: bound,
            shared,
            stop,
            thread: Some(thread),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The current scenario.
    pub fn scenario(&self) -> Scenario {
        self.shared.sim().scenario()
    }

    /// Switches scenario (as `POST /scenario/<name>` does).
    pub fn set_scenario(&self, scenario: Scenario) {
        self.shared.sim().set_scenario(scenario);
    }

    /// The exposition as `/metrics` would serve it now (even in the outage scenario).
    pub fn exposition(&self) -> Result<String, Error> {
        self.shared.sim().exposition()
    }

    /// Blocks for as long as it serves (until the process ends).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// Stops serving and closes the port.
    pub fn shutdown(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// Accepts until stopped (polling, so that stopping needs no connection); one short-lived thread per connection.
fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                let shared = Arc::clone(shared);
                let spawned = std::thread::Builder::new()
                    .name("tumulte-demo-conn".into())
                    .spawn(move || serve_connection(stream, &shared));
                // Out of threads: drop the connection, the client retries.
                drop(spawned);
            }
            // WouldBlock: nothing to accept yet; anything else is the client's problem.
            Err(_) => std::thread::sleep(ACCEPT_POLL),
        }
    }
}

const ACCEPT_POLL: Duration = Duration::from_millis(20);
const IO_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_HEAD: usize = 16 * 1024;
const MAX_BODY: u64 = 64 * 1024;

/// Reads one request, answers it and closes the connection.
fn serve_connection(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let response = match read_request(&stream) {
        Ok(Some((method, target))) => respond(&method, &target, shared),
        Ok(None) => return,
        Err(()) => Reply::text(400, "bad request\n".into()),
    };
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len()
    )
    .into_bytes();
    if !response.head_only {
        out.extend_from_slice(response.body.as_bytes());
    }
    let _ = stream.write_all(&out);
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
}

/// An answer.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: String,
    head_only: bool,
}

impl Reply {
    fn text(status: u16, body: String) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body,
            head_only: false,
        }
    }

    fn json(status: u16, body: String) -> Reply {
        Reply {
            status,
            content_type: "application/json",
            body,
            head_only: false,
        }
    }
}

/// The request line's method and target; headers are read up to the blank line and a body is discarded.
/// `Ok(None)` when the client closed without sending anything.
fn read_request(stream: &TcpStream) -> Result<Option<(String, String)>, ()> {
    let mut reader = BufReader::new(stream);
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && !head.ends_with(b"\n\n") {
        match reader.read(&mut byte) {
            Ok(0) if head.is_empty() => return Ok(None),
            Ok(0) | Err(_) => return Err(()),
            Ok(_) => head.push(byte[0]),
        }
        if head.len() > MAX_HEAD {
            return Err(());
        }
    }
    let head = String::from_utf8(head).map_err(|_| ())?;
    let mut lines = head.lines();
    let mut request_line = lines.next().unwrap_or("").split_whitespace();
    let (Some(method), Some(target)) = (request_line.next(), request_line.next()) else {
        return Err(());
    };
    let length: u64 = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    if length > MAX_BODY {
        return Err(());
    }
    std::io::copy(&mut reader.take(length), &mut std::io::sink()).map_err(|_| ())?;
    Ok(Some((method.to_owned(), target.to_owned())))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn respond(method: &str, target: &str, shared: &Shared) -> Reply {
    let path = target.split('?').next().unwrap_or("");
    let read = method == "GET" || method == "HEAD";
    let mut reply = match (read, method, path) {
        (true, _, "/metrics") => {
            let sim = shared.sim();
            if !sim.scenario().is_up() {
                Reply::text(503, "backend unavailable (scenario outage)\n".into())
            } else {
                match sim.exposition() {
                    Ok(text) => Reply {
                        status: 200,
                        content_type: CONTENT_TYPE,
                        body: text,
                        head_only: false,
                    },
                    Err(e) => Reply::text(500, format!("{e}\n")),
                }
            }
        }
        (true, _, "/health") => {
            let (scenario, simulated) = {
                let sim = shared.sim();
                (sim.scenario(), sim.elapsed())
            };
            let body = format!(
                "{{\"status\":\"{}\",\"scenario\":\"{scenario}\",\"instance\":{},\"uptime_seconds\":{:.3},\
                 \"simulated_seconds\":{simulated:.3}}}\n",
                if scenario.is_up() { "ok" } else { "down" },
                json_string(&shared.instance_name),
                shared.started.elapsed().as_secs_f64(),
            );
            Reply::json(if scenario.is_up() { 200 } else { 503 }, body)
        }
        (true, _, "/scenario") => {
            let scenario = shared.sim().scenario();
            Reply::json(200, format!("{{\"scenario\":\"{scenario}\"}}\n"))
        }
        (false, "POST" | "PUT", p) if p.starts_with("/scenario/") => match p["/scenario/".len()..].parse::<Scenario>() {
            Ok(scenario) => {
                let mut sim = shared.sim();
                let previous = sim.scenario();
                sim.set_scenario(scenario);
                Reply::json(200, format!("{{\"scenario\":\"{scenario}\",\"previous\":\"{previous}\"}}\n"))
            }
            Err(e) => Reply::json(400, format!("{{\"error\":{}}}\n", json_string(&e.to_string()))),
        },
        (true, _, "/") => Reply::text(
            200,
            "Tumulte demo backend\n\nGET /metrics\nGET /health\nGET /scenario\nPOST /scenario/<calm|busy|overload|outage>\n"
                .into(),
        ),
        (false, _, "/metrics" | "/health" | "/scenario" | "/") => Reply::text(405, "method not allowed\n".into()),
        _ => Reply::text(404, "not found\n".into()),
    };
    reply.head_only = method == "HEAD";
    reply
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
    }
}
