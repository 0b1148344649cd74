//! Helpers shared by the end-to-end tests: an exposition parser and `histogram_quantile` written independently of
//! the crate, and the verdict of Tumulte's defaults on measured signals. HTTP, the rule for a missing tool and
//! Prometheus come from the test kit (`tumulte_test_kit`).
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use tumulte_policy::Level;
use tumulte_policy::{Policy, SignalId};
use tumulte_test_kit::http::{self, Response};

/// `GET path` with the kit's client; panics naming the request if it fails.
pub fn get(addr: &str, path: &str) -> Response {
    http::get(addr, path).unwrap_or_else(|e| panic!("GET {path} on {addr}: {e}"))
}

/// `POST path` with no body with the kit's client; panics naming the request if it fails.
pub fn post(addr: &str, path: &str) -> Response {
    http::post(addr, path, &[]).unwrap_or_else(|e| panic!("POST {path} on {addr}: {e}"))
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

/// The scaling signals, measured between two scrapes of one instance.
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

/// The highest level of the policy's scaling table that `value` reaches on `id` (`Ok` below every step).
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

/// The threshold of the error-rate alert of the policy's alert table.
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

/// Unix time now, seconds.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}
