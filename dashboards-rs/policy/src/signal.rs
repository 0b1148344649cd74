//! The signals: the quantities Tumulte's scaling table and alert table watch, with their scaling steps.
//!
//! A [`Signal`] is one quantity (CPU, p95 latency, DB pool usage, …): its unit, the direction in which it is
//! worse, the window over which "constant" is judged, and the steps of the scaling table with their actions.
//! Its PromQL is in [`crate::promql`].

use grafana_dashboards::{PromDuration, Unit};
use serde::Serialize;

use crate::level::Level;

/// Which way a threshold is crossed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Worse as it grows (CPU, latency).
    Above,
    /// Worse as it shrinks (free disk).
    Below,
}

impl Direction {
    /// Whether `value` is past `threshold` in this direction (strictly, as the scaling table's `>` and `<`).
    pub fn crosses(self, value: f64, threshold: f64) -> bool {
        match self {
            Direction::Above => value > threshold,
            Direction::Below => value < threshold,
        }
    }

    /// The word for being past a threshold in this direction: `over` or `under`.
    pub const fn side(self) -> &'static str {
        match self {
            Direction::Above => "over",
            Direction::Below => "under",
        }
    }

    /// The PromQL comparison operator.
    pub const fn operator(self) -> &'static str {
        match self {
            Direction::Above => ">",
            Direction::Below => "<",
        }
    }
}

/// A quantity Tumulte's policy watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SignalId {
    /// Host CPU busy, percent, per instance.
    CpuUsage,
    /// Host memory used, percent, per instance.
    MemoryUsage,
    /// Host memory available, percent, per instance.
    MemoryAvailable,
    /// Free disk, percent, per filesystem.
    DiskAvailable,
    /// HTTP p95 latency, seconds, per job.
    LatencyP95,
    /// Share of HTTP responses that are 5xx, ratio, per job.
    ErrorRate,
    /// DB connections in use, percent of the pool, per job.
    DbPoolUsage,
    /// Open WebSockets, per instance.
    WebsocketsPerInstance,
    /// Cache hits, percent of look-ups, per job.
    CacheHitRate,
}

impl SignalId {
    /// Every signal.
    pub const ALL: [SignalId; 9] = [
        SignalId::CpuUsage,
        SignalId::MemoryUsage,
        SignalId::MemoryAvailable,
        SignalId::DiskAvailable,
        SignalId::LatencyP95,
        SignalId::ErrorRate,
        SignalId::DbPoolUsage,
        SignalId::WebsocketsPerInstance,
        SignalId::CacheHitRate,
    ];

    /// The camelCase key used in JSON (`cpuUsage`).
    pub const fn key(self) -> &'static str {
        match self {
            SignalId::CpuUsage => "cpuUsage",
            SignalId::MemoryUsage => "memoryUsage",
            SignalId::MemoryAvailable => "memoryAvailable",
            SignalId::DiskAvailable => "diskAvailable",
            SignalId::LatencyP95 => "latencyP95",
            SignalId::ErrorRate => "errorRate",
            SignalId::DbPoolUsage => "dbPoolUsage",
            SignalId::WebsocketsPerInstance => "websocketsPerInstance",
            SignalId::CacheHitRate => "cacheHitRate",
        }
    }

    /// The signal with this JSON key.
    pub fn from_key(key: &str) -> Option<SignalId> {
        SignalId::ALL.into_iter().find(|s| s.key() == key)
    }
}

impl SignalId {
    /// The `service` label of alerts on this signal: `host` for the machine, `backend` for Tumulte's own.
    pub const fn service(self) -> &'static str {
        match self {
            SignalId::CpuUsage | SignalId::MemoryUsage | SignalId::MemoryAvailable | SignalId::DiskAvailable => "host",
            SignalId::LatencyP95
            | SignalId::ErrorRate
            | SignalId::DbPoolUsage
            | SignalId::WebsocketsPerInstance
            | SignalId::CacheHitRate => "backend",
        }
    }

    /// The recording rule that precomputes the signal over [`crate::promql::RULE_WINDOW`], for the expensive
    /// ones.
    pub const fn recorded(self) -> Option<&'static str> {
        match self {
            SignalId::CpuUsage => Some("instance:node_cpu_usage_percent:rate5m"),
            SignalId::LatencyP95 => Some("job:tumulte_http_request_duration_seconds:p95_rate5m"),
            SignalId::ErrorRate => Some("job:tumulte_http_requests_5xx:ratio_rate5m"),
            SignalId::CacheHitRate => Some("job:tumulte_cache_hit_percent:rate5m"),
            SignalId::MemoryUsage
            | SignalId::MemoryAvailable
            | SignalId::DiskAvailable
            | SignalId::DbPoolUsage
            | SignalId::WebsocketsPerInstance => None,
        }
    }
}

/// One step of the scaling table: past `value`, the signal is at `level` and `action` is advised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The level reached past the value.
    pub level: Level,
    /// The threshold, in the signal's unit.
    pub value: f64,
    /// What the scaling table advises at this level.
    pub action: String,
}

/// A quantity Tumulte's policy watches, with its scaling steps.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Signal {
    /// Which signal.
    pub id: SignalId,
    /// Its name for people ("CPU usage").
    pub name: String,
    /// Its unit.
    #[serde(serialize_with = "unit_id")]
    pub unit: Unit,
    /// Which way is worse.
    pub direction: Direction,
    /// How long a value must hold to count as "constant" in the scaling table's sense.
    pub sustain: PromDuration,
    /// The scaling table's steps, mildest first (empty for signals only alerts use).
    pub steps: Vec<Step>,
}

fn unit_id<S: serde::Serializer>(unit: &Unit, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(unit.id())
}

impl Signal {
    /// The step at `level`, if the scaling table has one.
    pub fn step(&self, level: Level) -> Option<&Step> {
        self.steps.iter().find(|s| s.level == level)
    }

    /// The step at `level`, to change it.
    pub fn step_mut(&mut self, level: Level) -> Option<&mut Step> {
        self.steps.iter_mut().find(|s| s.level == level)
    }
}
