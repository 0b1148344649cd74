//! The signals: one definition of each fact of the seed.
//!
//! A [`Signal`] is a quantity the seed watches (CPU, p95 latency, DB pool usage, …): its PromQL, unit, the
//! window over which "constant" is judged, and the steps of the seed's scaling table with their actions.
//! An [`AlertSpec`] is a row of the seed's alert table: a condition on a signal (or a service being down),
//! a severity and a `for` duration. A [`Policy`] holds them all; the dashboard, the rule files, the plugin and
//! the WebAssembly build all read one `Policy`, so changing "p95 > 500 ms" is a one-line change in
//! [`Policy::seed`].

use serde::Serialize;

use super::metrics::{self, Job};
use super::promql::{rate, selector, sum_by};
use crate::grafana::Unit;
use crate::verdict::Level;

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
    /// Whether `value` is past `threshold` in this direction (strictly, as the seed's `>` and `<`).
    pub fn crosses(self, value: f64, threshold: f64) -> bool {
        match self {
            Direction::Above => value > threshold,
            Direction::Below => value < threshold,
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

/// A quantity the seed watches.
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

/// Where an expression is evaluated: the dashboard (Grafana macros and variables) or the rule files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The `rate` window: `$__rate_interval` on the dashboard, `5m` in rules.
    pub window: String,
    /// Matchers added to Tumulte's own series (`job=~"$job"` on the dashboard).
    pub app: String,
    /// Matchers added to node-exporter series (`instance=~"$instance"` on the dashboard).
    pub node: String,
    /// The DB pool size: `$db_pool_size` on the dashboard, a number elsewhere.
    pub pool_size: String,
}

impl Scope {
    /// The dashboard's scope: Grafana's rate interval and the dashboard's variables.
    pub fn dashboard() -> Self {
        Scope {
            window: "$__rate_interval".into(),
            app: "job=~\"$job\"".into(),
            node: "instance=~\"$instance\"".into(),
            pool_size: "$db_pool_size".into(),
        }
    }

    /// A fixed scope: every series, `window` for rates (e.g. `5m`), a pool of `pool_size` connections.
    pub fn fixed(window: &str, pool_size: u32) -> Self {
        Scope {
            window: window.into(),
            app: String::new(),
            node: String::new(),
            pool_size: pool_size.to_string(),
        }
    }
}

/// One step of the seed's scaling table: past `value`, the signal is at `level` and `action` is advised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The level reached past the value.
    pub level: Level,
    /// The threshold, in the signal's unit.
    pub value: f64,
    /// What the seed advises at this level.
    pub action: String,
}

/// A quantity the seed watches, with its scaling steps.
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
    /// How long a value must hold to count as "constant" in the seed's sense.
    pub sustain: String,
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

    /// The PromQL of this signal in a scope.
    pub fn expr(&self, scope: &Scope) -> String {
        self.id.expr(scope)
    }

    /// The name of the recording rule that precomputes it over 5 minutes, if it has one.
    pub fn recorded(&self) -> Option<&'static str> {
        self.id.recorded()
    }

    /// The PromQL of the value the verdict judges: "constant" in the seed means sustained, so a signal counts as
    /// past a threshold only if it stayed past it for its whole [`Signal::sustain`] window. That is the minimum
    /// over the window for a signal worse when above (the level it never went below), the maximum for one worse
    /// when below, then the worst across series (instances, jobs). `>= -Inf` drops NaN points (a histogram
    /// without requests), so they read as no data.
    pub fn sustained_expr(&self, pool_size: u32) -> String {
        let expr = self.expr(&Scope::fixed(RULE_WINDOW, pool_size));
        let (over_time, across) = match self.direction {
            Direction::Above => ("min_over_time", "max"),
            Direction::Below => ("max_over_time", "min"),
        };
        format!(
            "{across}({over_time}(({expr} >= -Inf)[{}:{SUSTAIN_RESOLUTION}]))",
            self.sustain
        )
    }
}

/// The resolution of the subquery that judges a signal over its sustain window.
pub const SUSTAIN_RESOLUTION: &str = "1m";

/// The 5-minute window of the seed's PromQL, used by rules.
pub const RULE_WINDOW: &str = "5m";

/// Filesystems that are not disks (kept out of the free-disk signal).
const PSEUDO_FILESYSTEMS: &str = "fstype!~\"tmpfs|overlay|squashfs|ramfs|nsfs\"";

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

    /// The PromQL of this signal in a scope. Ratios whose denominator can be zero filter it (`> 0`), so no
    /// traffic gives no point rather than NaN.
    pub fn expr(self, scope: &Scope) -> String {
        use metrics::*;
        let w = scope.window.as_str();
        let app = scope.app.as_str();
        let node = scope.node.as_str();
        match self {
            SignalId::CpuUsage => format!(
                "(1 - avg by (instance) ({})) * 100",
                rate(&NODE_CPU_SECONDS, &["mode=\"idle\"", node], w)
            ),
            SignalId::MemoryUsage => format!(
                "(1 - {} / {}) * 100",
                selector(NODE_MEMORY_AVAILABLE.name, &[node]),
                selector(NODE_MEMORY_TOTAL.name, &[node])
            ),
            SignalId::MemoryAvailable => format!(
                "{} / {} * 100",
                selector(NODE_MEMORY_AVAILABLE.name, &[node]),
                selector(NODE_MEMORY_TOTAL.name, &[node])
            ),
            SignalId::DiskAvailable => format!(
                "{} / {} * 100",
                selector(NODE_FILESYSTEM_AVAIL.name, &[PSEUDO_FILESYSTEMS, node]),
                selector(NODE_FILESYSTEM_SIZE.name, &[PSEUDO_FILESYSTEMS, node])
            ),
            SignalId::LatencyP95 => latency_quantile(0.95, scope),
            SignalId::ErrorRate => format!(
                "{} / ({} > 0)",
                sum_by(&["job"], &rate(&HTTP_REQUESTS, &["status_code=~\"5..\"", app], w)),
                sum_by(&["job"], &rate(&HTTP_REQUESTS, &[app], w))
            ),
            SignalId::DbPoolUsage => format!(
                "{} / {} * 100",
                sum_by(&["job"], &selector(DB_CONNECTIONS_ACTIVE.name, &[app])),
                scope.pool_size
            ),
            SignalId::WebsocketsPerInstance => {
                sum_by(&["job", "instance"], &selector(WEBSOCKET_CONNECTIONS.name, &[app]))
            }
            SignalId::CacheHitRate => {
                let hits = sum_by(&["job"], &rate(&CACHE_HITS, &[app], w));
                let misses = sum_by(&["job"], &rate(&CACHE_MISSES, &[app], w));
                format!("{hits} / ({hits} + {misses} > 0) * 100")
            }
        }
    }

    /// The recording rule that precomputes the signal over [`RULE_WINDOW`], for the expensive ones.
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

/// `histogram_quantile(q, …)` of the request latency, per job.
pub fn latency_quantile(q: f64, scope: &Scope) -> String {
    let buckets = selector(&metrics::HTTP_REQUEST_DURATION.bucket(), &[scope.app.as_str()]);
    format!(
        "histogram_quantile({q}, {})",
        sum_by(&["job", "le"], &format!("rate({buckets}[{}])", scope.window))
    )
}

/// A service whose unavailability the seed alerts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Service {
    /// Tumulte's backend.
    Backend,
    /// Tumulte's frontend.
    Frontend,
    /// PostgreSQL (through its exporter).
    Postgres,
    /// Redis (through its exporter).
    Redis,
}

impl Service {
    /// Every service.
    pub const ALL: [Service; 4] = [Service::Backend, Service::Frontend, Service::Postgres, Service::Redis];

    /// Its name for people.
    pub const fn name(self) -> &'static str {
        match self {
            Service::Backend => "Backend",
            Service::Frontend => "Frontend",
            Service::Postgres => "PostgreSQL",
            Service::Redis => "Redis",
        }
    }

    /// The `service` label of its alerts (`backend`, `postgres`, …).
    pub const fn key(self) -> &'static str {
        match self {
            Service::Backend => "backend",
            Service::Frontend => "frontend",
            Service::Postgres => "postgres",
            Service::Redis => "redis",
        }
    }

    /// The scrape job that watches it.
    pub const fn job(self) -> Job {
        match self {
            Service::Backend => Job::TumulteBackend,
            Service::Frontend => Job::TumulteFrontend,
            Service::Postgres => Job::Postgres,
            Service::Redis => Job::Redis,
        }
    }

    /// PromQL that is 1 while the service is up and 0 while it is down, per instance. For PostgreSQL and
    /// Redis the exporter's own probe (`pg_up`, `redis_up`) counts, and so does the exporter being down.
    pub fn up_expr(self) -> String {
        let job = format!("job=\"{}\"", self.job());
        let up = selector(metrics::UP.name, &[&job]);
        match self {
            Service::Backend | Service::Frontend => up,
            Service::Postgres => format!(
                "min by (job, instance) ({} or {up})",
                selector(metrics::PG_UP.name, &[&job])
            ),
            Service::Redis => format!(
                "min by (job, instance) ({} or {up})",
                selector(metrics::REDIS_UP.name, &[&job])
            ),
        }
    }
}

/// Where an alert's threshold comes from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Bound {
    /// Its own value, in the signal's unit.
    Value(f64),
    /// The value of the signal's scaling step at this level (one fact, two uses).
    Step(Level),
}

/// What makes an alert fire.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Condition {
    /// The signal is past a bound in its direction.
    Signal {
        /// Which signal.
        signal: SignalId,
        /// The bound.
        bound: Bound,
    },
    /// The service is unreachable.
    Down(Service),
}

/// A row of the seed's alert table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertSpec {
    /// The alert name, as in the seed.
    pub name: String,
    /// `warning` or `critical`.
    pub severity: Level,
    /// When it fires.
    pub condition: Condition,
    /// How long the condition must hold (Prometheus `for`).
    pub for_duration: String,
    /// One line for the notification title.
    pub summary: String,
    /// What it means and what to do; `{threshold}` stands for the bound, written in the signal's unit.
    pub description: String,
}

impl AlertSpec {
    /// The `service` label: which part of Tumulte the alert is about. Alertmanager inhibits a service's
    /// warnings while one of its critical alerts fires.
    pub fn service(&self) -> &'static str {
        match self.condition {
            Condition::Down(service) => service.key(),
            Condition::Signal { signal, .. } => signal.service(),
        }
    }
}

/// Every signal and alert, with the thresholds in force. The single source of every threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    /// The signals, one per [`SignalId`], in [`SignalId::ALL`] order (so a signal is found by its index).
    signals: Vec<Signal>,
    /// The alerts.
    pub alerts: Vec<AlertSpec>,
    /// The backend's DB pool size (AdonisJS Lucid's default `max` is 10).
    pub db_pool_size: u32,
}

fn signal(
    id: SignalId,
    name: &str,
    unit: Unit,
    direction: Direction,
    sustain: &str,
    steps: &[(Level, f64, &str)],
) -> Signal {
    Signal {
        id,
        name: name.into(),
        unit,
        direction,
        sustain: sustain.into(),
        steps: steps
            .iter()
            .map(|(level, value, action)| Step {
                level: *level,
                value: *value,
                action: (*action).into(),
            })
            .collect(),
    }
}

fn alert(
    name: &str,
    severity: Level,
    condition: Condition,
    for_duration: &str,
    summary: &str,
    description: &str,
) -> AlertSpec {
    AlertSpec {
        name: name.into(),
        severity,
        condition,
        for_duration: for_duration.into(),
        summary: summary.into(),
        description: description.into(),
    }
}

impl Policy {
    /// The seed's tables (`monitoring-stack.md`: "Alertes configurées" and "Scalabilité").
    pub fn seed() -> Self {
        use Direction::{Above, Below};
        use Level::{Critical, Info, Warning};
        let signals = vec![
            signal(
                SignalId::CpuUsage,
                "CPU usage",
                Unit::Percent,
                Above,
                "10m",
                &[(Warning, 70.0, "Consider scaling"), (Critical, 85.0, "Scale now")],
            ),
            signal(
                SignalId::MemoryUsage,
                "Memory usage",
                Unit::Percent,
                Above,
                "5m",
                &[(Warning, 80.0, "Add RAM or instances")],
            ),
            signal(
                SignalId::MemoryAvailable,
                "Memory available",
                Unit::Percent,
                Below,
                "5m",
                &[],
            ),
            signal(
                SignalId::DiskAvailable,
                "Disk available",
                Unit::Percent,
                Below,
                "5m",
                &[],
            ),
            signal(
                SignalId::LatencyP95,
                "Latency p95",
                Unit::Seconds,
                Above,
                "5m",
                &[
                    (Warning, 0.5, "Optimise or scale"),
                    (Critical, 1.0, "Scale the backend"),
                ],
            ),
            signal(
                SignalId::ErrorRate,
                "Error rate (5xx)",
                Unit::PercentUnit,
                Above,
                "5m",
                &[],
            ),
            signal(
                SignalId::DbPoolUsage,
                "DB pool usage",
                Unit::Percent,
                Above,
                "5m",
                &[(Warning, 80.0, "Grow the pool or add read replicas")],
            ),
            signal(
                SignalId::WebsocketsPerInstance,
                "WebSockets per instance",
                Unit::Short,
                Above,
                "5m",
                &[(Info, 500.0, "Plan horizontal scaling")],
            ),
            signal(
                SignalId::CacheHitRate,
                "Cache hit rate",
                Unit::Percent,
                Below,
                "5m",
                &[],
            ),
        ];
        let on = |signal, bound| Condition::Signal { signal, bound };
        let alerts = vec![
            alert(
                "TumulteBackendDown",
                Critical,
                Condition::Down(Service::Backend),
                "1m",
                "Tumulte backend {{ $labels.instance }} is down",
                "Prometheus has not scraped the backend at {{ $labels.instance }} for over a minute: the API and \
                 live polls are unavailable. Check the process and its logs, then `curl /metrics` on it.",
            ),
            alert(
                "TumulteFrontendDown",
                Critical,
                Condition::Down(Service::Frontend),
                "1m",
                "Tumulte frontend {{ $labels.instance }} is down",
                "Prometheus has not scraped the frontend at {{ $labels.instance }} for over a minute: viewers \
                 cannot load the site. Check the Nuxt process and its logs.",
            ),
            alert(
                "HighRequestLatency",
                Warning,
                on(SignalId::LatencyP95, Bound::Step(Critical)),
                "5m",
                "p95 latency of {{ $labels.job }} is {{ $value | humanizeDuration }}",
                "The p95 latency of {{ $labels.job }} has been above {threshold} for 5 minutes: one request in \
                 twenty is slower. Look at the slow routes on the overview, then optimise or scale the backend.",
            ),
            alert(
                "HighErrorRate",
                Critical,
                on(SignalId::ErrorRate, Bound::Value(0.05)),
                "5m",
                "{{ $value | humanizePercentage }} of {{ $labels.job }} responses are 5xx",
                "More than {threshold} of the requests to {{ $labels.job }} failed with a server error for 5 \
                 minutes. Check the backend's logs and its dependencies (PostgreSQL, Redis).",
            ),
            alert(
                "HighCpuUsage",
                Warning,
                on(SignalId::CpuUsage, Bound::Value(80.0)),
                "10m",
                "CPU of {{ $labels.instance }} at {{ $value | humanize }}%",
                "The host {{ $labels.instance }} has been over {threshold} CPU for 10 minutes. The scaling \
                 verdict says whether to scale now.",
            ),
            alert(
                "LowMemoryAvailable",
                Critical,
                on(SignalId::MemoryAvailable, Bound::Value(10.0)),
                "5m",
                "Only {{ $value | humanize }}% memory available on {{ $labels.instance }}",
                "Less than {threshold} of the memory of {{ $labels.instance }} is available: the OOM killer is \
                 near. Find the process using it, add RAM or instances.",
            ),
            alert(
                "DiskSpaceLow",
                Warning,
                on(SignalId::DiskAvailable, Bound::Value(15.0)),
                "5m",
                "{{ $labels.mountpoint }} on {{ $labels.instance }} has {{ $value | humanize }}% free",
                "Less than {threshold} of {{ $labels.mountpoint }} on {{ $labels.instance }} is free. Clean \
                 up (logs, old images, Prometheus retention) or grow the disk.",
            ),
            alert(
                "PostgresDown",
                Critical,
                Condition::Down(Service::Postgres),
                "1m",
                "PostgreSQL is unreachable",
                "postgres-exporter at {{ $labels.instance }} cannot reach PostgreSQL, or is itself down, for \
                 over a minute. Tumulte cannot read or write polls. Check the database server.",
            ),
            alert(
                "RedisDown",
                Critical,
                Condition::Down(Service::Redis),
                "1m",
                "Redis is unreachable",
                "redis-exporter at {{ $labels.instance }} cannot reach Redis, or is itself down, for over a \
                 minute. Caching and live updates are degraded. Check the Redis server.",
            ),
        ];
        debug_assert!(signals.iter().map(|s| s.id).eq(SignalId::ALL));
        Policy {
            signals,
            alerts,
            db_pool_size: 10,
        }
    }

    /// The signal `id`.
    pub fn signal(&self, id: SignalId) -> &Signal {
        &self.signals[id as usize]
    }

    /// The signal `id`, to change its steps.
    pub fn signal_mut(&mut self, id: SignalId) -> &mut Signal {
        &mut self.signals[id as usize]
    }

    /// Every signal, in [`SignalId::ALL`] order.
    pub fn signals(&self) -> &[Signal] {
        &self.signals
    }

    /// The signals of the seed's scaling table (those with steps), in table order.
    pub fn scaling_signals(&self) -> impl Iterator<Item = &Signal> {
        self.signals.iter().filter(|s| !s.steps.is_empty())
    }

    /// The alert called `name`.
    pub fn alert(&self, name: &str) -> Option<&AlertSpec> {
        self.alerts.iter().find(|a| a.name == name)
    }

    /// The threshold an alert compares with, resolved (a [`Bound::Step`] reads the signal's step).
    pub fn bound_value(&self, signal: SignalId, bound: Bound) -> Option<f64> {
        match bound {
            Bound::Value(v) => Some(v),
            Bound::Step(level) => self.signal(signal).step(level).map(|s| s.value),
        }
    }

    /// Every threshold shown on a signal's panel: its scaling steps and the alerts on it, as (value, level).
    pub fn thresholds_of(&self, id: SignalId) -> Vec<(f64, Level)> {
        let mut out: Vec<(f64, Level)> = self.signal(id).steps.iter().map(|s| (s.value, s.level)).collect();
        for a in &self.alerts {
            if let Condition::Signal { signal, bound } = a.condition {
                if signal == id {
                    if let Some(v) = self.bound_value(signal, bound) {
                        if !out.iter().any(|(x, _)| *x == v) {
                            out.push((v, a.severity));
                        }
                    }
                }
            }
        }
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_has_the_nine_alerts_of_the_seed() {
        let names: Vec<_> = Policy::seed().alerts.iter().map(|a| a.name.clone()).collect();
        assert_eq!(
            names,
            [
                "TumulteBackendDown",
                "TumulteFrontendDown",
                "HighRequestLatency",
                "HighErrorRate",
                "HighCpuUsage",
                "LowMemoryAvailable",
                "DiskSpaceLow",
                "PostgresDown",
                "RedisDown"
            ]
        );
    }

    #[test]
    fn seed_scaling_table_has_seven_steps_over_five_signals() {
        let policy = Policy::seed();
        assert_eq!(policy.scaling_signals().count(), 5);
        assert_eq!(policy.scaling_signals().map(|s| s.steps.len()).sum::<usize>(), 7);
    }

    #[test]
    fn latency_alert_reads_the_critical_scaling_step() {
        let mut policy = Policy::seed();
        assert_eq!(
            policy.bound_value(SignalId::LatencyP95, Bound::Step(Level::Critical)),
            Some(1.0)
        );
        if let Some(step) = policy.signal_mut(SignalId::LatencyP95).step_mut(Level::Critical) {
            step.value = 2.0;
        }
        assert_eq!(
            policy.bound_value(SignalId::LatencyP95, Bound::Step(Level::Critical)),
            Some(2.0)
        );
    }

    #[test]
    fn cpu_panel_thresholds_merge_scaling_steps_and_the_alert() {
        let t = Policy::seed().thresholds_of(SignalId::CpuUsage);
        assert_eq!(
            t,
            vec![(70.0, Level::Warning), (80.0, Level::Warning), (85.0, Level::Critical)]
        );
    }

    #[test]
    fn cpu_is_judged_on_its_minimum_over_ten_minutes() {
        let e = Policy::seed().signal(SignalId::CpuUsage).sustained_expr(10);
        assert!(e.starts_with("max(min_over_time(((1 - avg by (instance)"), "{e}");
        assert!(e.ends_with(" >= -Inf)[10m:1m]))"), "{e}");
    }

    #[test]
    fn signal_keys_round_trip() {
        for id in SignalId::ALL {
            assert_eq!(SignalId::from_key(id.key()), Some(id));
        }
    }

    #[test]
    fn ratios_never_divide_by_zero() {
        let scope = Scope::fixed("5m", 10);
        assert!(SignalId::ErrorRate.expr(&scope).contains("> 0)"));
        assert!(SignalId::CacheHitRate.expr(&scope).contains("> 0)"));
    }
}
