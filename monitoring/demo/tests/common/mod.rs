//! Helpers shared by the end-to-end tests: a minimal HTTP client, an exposition parser and `histogram_quantile`
//! written independently of the crate, the seed policy's verdict on measured signals, and a real Prometheus.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tumulte_policy::Level;
use tumulte_policy::{Policy, SignalId};

/// `METHOD path` over HTTP/1.0 (no chunking, connection closed by the server): (status, body).
pub fn http(addr: &str, method: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Length: 0\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    (status, body.to_owned())
}

/// `GET path`.
pub fn get(addr: &str, path: &str) -> (u16, String) {
    http(addr, "GET", path)
}

/// One sample of a Prometheus text exposition.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

/// A parsed Prometheus text (0.0.4) exposition.
#[derive(Debug, Clone, Default)]
pub struct Exposition {
    /// `# TYPE` of each family.
    pub types: BTreeMap<String, String>,
    /// `# HELP` of each family.
    pub helps: BTreeMap<String, String>,
    pub samples: Vec<Sample>,
}

impl Exposition {
    /// Sum of the samples named `name` whose labels pass `keep`.
    pub fn sum(&self, name: &str, keep: impl Fn(&BTreeMap<String, String>) -> bool) -> f64 {
        self.samples
            .iter()
            .filter(|s| s.name == name && keep(&s.labels))
            .map(|s| s.value)
            .sum()
    }

    /// The value of the label-less sample `name`.
    pub fn value(&self, name: &str) -> f64 {
        let found: Vec<_> = self.samples.iter().filter(|s| s.name == name).collect();
        assert_eq!(found.len(), 1, "{name}");
        found[0].value
    }
}

/// Parses the text format, checking its grammar as it goes (panics on anything unexpected).
pub fn parse(text: &str) -> Exposition {
    let mut out = Exposition::default();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# HELP ") {
            let (name, help) = rest.split_once(' ').expect("HELP name text");
            out.helps.insert(name.into(), help.into());
        } else if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
            assert!(
                out.types.insert(name.into(), kind.into()).is_none(),
                "{name} typed twice"
            );
        } else if line.starts_with('#') || line.is_empty() {
            continue;
        } else {
            out.samples.push(parse_sample(line));
        }
    }
    out
}

fn parse_sample(line: &str) -> Sample {
    let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("bad line {line:?}"));
    let value = match value {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        v => v.parse().unwrap_or_else(|_| panic!("bad value in {line:?}")),
    };
    let (name, labels) = match series.split_once('{') {
        None => (series, BTreeMap::new()),
        Some((name, rest)) => {
            let inner = rest
                .strip_suffix('}')
                .unwrap_or_else(|| panic!("unclosed labels {line:?}"));
            let mut labels = BTreeMap::new();
            // The demo's label values hold no comma, quote or backslash.
            for pair in inner.split(',').filter(|p| !p.is_empty()) {
                let (k, v) = pair.split_once('=').unwrap_or_else(|| panic!("bad label in {line:?}"));
                let v = v
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .expect("quoted value");
                assert!(
                    labels.insert(k.to_owned(), v.to_owned()).is_none(),
                    "duplicate label {line:?}"
                );
            }
            (name, labels)
        }
    };
    assert!(
        name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
        "bad metric name {name:?}"
    );
    Sample {
        name: name.to_owned(),
        labels,
        value,
    }
}

/// Prometheus' `histogram_quantile` on (upper bound, cumulative count) pairs, `+Inf` included.
pub fn histogram_quantile(q: f64, buckets: &[(f64, f64)]) -> f64 {
    let mut b = buckets.to_vec();
    b.sort_by(|x, y| x.0.total_cmp(&y.0));
    assert!(b.len() >= 2 && b[b.len() - 1].0.is_infinite(), "needs a +Inf bucket");
    let total = b[b.len() - 1].1;
    if total == 0.0 {
        return f64::NAN;
    }
    let rank = q * total;
    let i = b[..b.len() - 1].iter().position(|x| x.1 >= rank).unwrap_or(b.len() - 1);
    if i == b.len() - 1 {
        return b[b.len() - 2].0;
    }
    let (start, below) = if i == 0 { (0.0, 0.0) } else { b[i - 1] };
    start + (b[i].0 - start) * (rank - below) / (b[i].1 - below)
}

/// The signals of the seed, measured between two scrapes of one instance.
#[derive(Debug, Clone, Copy)]
pub struct Signals {
    pub p95: f64,
    pub error_ratio: f64,
    pub pool_percent: f64,
    pub websockets: f64,
    pub cache_hit_percent: f64,
    pub requests: f64,
}

/// As PromQL would compute them from the increase between `before` and `after` (no extrapolation).
pub fn signals(before: &Exposition, after: &Exposition, pool_size: u32) -> Signals {
    let inc = |name: &str, keep: &dyn Fn(&BTreeMap<String, String>) -> bool| {
        after.sum(name, |l| keep(l)) - before.sum(name, |l| keep(l))
    };
    let les: BTreeSet<String> = after
        .samples
        .iter()
        .filter(|s| s.name == "tumulte_http_request_duration_seconds_bucket")
        .map(|s| s.labels["le"].clone())
        .collect();
    let buckets: Vec<(f64, f64)> = les
        .iter()
        .map(|le| {
            let bound = if le == "+Inf" {
                f64::INFINITY
            } else {
                le.parse().expect("le")
            };
            (
                bound,
                inc("tumulte_http_request_duration_seconds_bucket", &|l| &l["le"] == le),
            )
        })
        .collect();
    let requests = inc("tumulte_http_requests_total", &|_| true);
    let errors = inc("tumulte_http_requests_total", &|l| l["status_code"].starts_with('5'));
    let hits = inc("tumulte_cache_hits_total", &|_| true);
    let misses = inc("tumulte_cache_misses_total", &|_| true);
    Signals {
        p95: histogram_quantile(0.95, &buckets),
        error_ratio: errors / requests,
        pool_percent: after.value("tumulte_db_connections_active") / f64::from(pool_size) * 100.0,
        websockets: after.value("tumulte_websocket_connections_total"),
        cache_hit_percent: hits / (hits + misses) * 100.0,
        requests,
    }
}

/// The highest level of the seed's scaling table that `value` reaches on `id` (`Ok` below every step).
pub fn level(policy: &Policy, id: SignalId, value: f64) -> Level {
    let signal = policy.signal(id);
    signal
        .steps
        .iter()
        .filter(|s| signal.direction.crosses(value, s.value))
        .map(|s| s.level)
        .max()
        .unwrap_or(Level::Ok)
}

/// The threshold of the seed's error-rate alert.
pub fn error_alert(policy: &Policy) -> f64 {
    let alert = policy.alert("HighErrorRate").expect("HighErrorRate");
    match alert.condition {
        tumulte_policy::Condition::Signal { signal, bound } => policy.bound_value(signal, bound).expect("bound"),
        _ => panic!("HighErrorRate is not on a signal"),
    }
}

/// A step's value.
pub fn step(policy: &Policy, id: SignalId, level: Level) -> f64 {
    policy.signal(id).step(level).expect("step").value
}

/// The path of a tool the tests cannot do without; panics with the fix if it is missing.
pub fn require_tool(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .chain([PathBuf::from("/usr/bin")])
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{name}` is not installed: these tests need the real one. Install Debian's `prometheus` \
                 package (`apt-get install prometheus`, which scripts/test does)"
            )
        })
}

/// A loopback port free right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// Percent-encoding of a query parameter.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Unix time now, seconds.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

/// A real Prometheus on a free loopback port, stopped when dropped.
pub struct Prometheus {
    child: Child,
    pub addr: String,
    log: PathBuf,
}

impl Prometheus {
    /// Starts `prometheus` with `config` (YAML) on the TSDB `data`, and waits until it is ready.
    pub fn start(config: &str, data: &Path, work: &Path) -> Prometheus {
        let binary = require_tool("prometheus");
        let config_file = work.join("prometheus.yml");
        std::fs::write(&config_file, config).expect("config");
        let log = work.join("prometheus.log");
        let log_file = std::fs::File::create(&log).expect("log");
        let addr = format!("127.0.0.1:{}", free_port());
        let child = Command::new(binary)
            .arg(format!("--config.file={}", config_file.display()))
            .arg(format!("--storage.tsdb.path={}", data.display()))
            .arg(format!("--web.listen-address={addr}"))
            .arg("--storage.tsdb.retention.time=30d")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log"))
            .stderr(log_file)
            .spawn()
            .expect("spawn prometheus");
        let prometheus = Prometheus { child, addr, log };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if TcpStream::connect(&prometheus.addr).is_ok() && get(&prometheus.addr, "/-/ready").0 == 200 {
                return prometheus;
            }
            assert!(Instant::now() < deadline, "Prometheus not ready:\n{}", prometheus.log());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Its log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// `GET /api/v1/<path>`, the `data` of a successful answer.
    pub fn api(&self, path: &str) -> serde_json::Value {
        let (status, body) = get(&self.addr, &format!("/api/v1/{path}"));
        assert_eq!(status, 200, "{path}: {body}");
        let json: serde_json::Value = serde_json::from_str(&body).expect("json");
        assert_eq!(json["status"], "success", "{path}: {body}");
        json["data"].clone()
    }

    /// An instant query at `time` (Unix seconds): the result vector.
    pub fn query(&self, expr: &str, time: f64) -> Vec<serde_json::Value> {
        let data = self.api(&format!("query?query={}&time={time}", urlencode(expr)));
        data["result"].as_array().cloned().unwrap_or_default()
    }

    /// The value of a query that must return exactly one series.
    pub fn scalar(&self, expr: &str, time: f64) -> f64 {
        let result = self.query(expr, time);
        assert_eq!(result.len(), 1, "{expr} at {time}: {result:?}");
        result[0]["value"][1].as_str().expect("value").parse().expect("number")
    }
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
