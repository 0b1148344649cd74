//! The PromQL of every signal and service, in the scope where it is evaluated: the dashboard (Grafana's macros
//! and variables) or the rule files and the plugin (fixed windows).

use grafana_dashboards::promql::{rate, selector, sum_by};
use grafana_dashboards::PromDuration;

use crate::alert::Service;
use crate::catalog;
use crate::signal::{Direction, Signal, SignalId};

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
    pub fn fixed(window: PromDuration, pool_size: u32) -> Self {
        Scope {
            window: window.to_string(),
            app: String::new(),
            node: String::new(),
            pool_size: pool_size.to_string(),
        }
    }
}

impl Signal {
    /// The PromQL of this signal in a scope.
    pub fn expr(&self, scope: &Scope) -> String {
        self.id.expr(scope)
    }

    /// The name of the recording rule that precomputes it over 5 minutes, if it has one.
    pub fn recorded(&self) -> Option<&'static str> {
        self.id.recorded()
    }

    /// The PromQL of the value the verdict judges: "constant" in the scaling table means sustained, so a signal counts as
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
pub const SUSTAIN_RESOLUTION: PromDuration = PromDuration::minutes(1);

/// The 5-minute window of Tumulte's PromQL, used by rules.
pub const RULE_WINDOW: PromDuration = PromDuration::minutes(5);

/// Filesystems that are not disks (kept out of the free-disk signal).
const PSEUDO_FILESYSTEMS: &str = "fstype!~\"tmpfs|overlay|squashfs|ramfs|nsfs\"";

impl SignalId {
    /// The PromQL of this signal in a scope. Ratios whose denominator can be zero filter it (`> 0`), so no
    /// traffic gives no point rather than NaN.
    pub fn expr(self, scope: &Scope) -> String {
        use catalog::*;
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
            SignalId::CacheHitRate => cache_hit_rate(&["job"], scope),
        }
    }
}

/// Cache hits as a percent of look-ups, summed by `by`. The denominator is filtered (`> 0`), so a step without
/// traffic has no value rather than NaN. The signal sums by job; the plugin by the label a panel asks for.
pub fn cache_hit_rate(by: &[&str], scope: &Scope) -> String {
    let app = scope.app.as_str();
    let w = scope.window.as_str();
    let hits = sum_by(by, &rate(&catalog::CACHE_HITS, &[app], w));
    let misses = sum_by(by, &rate(&catalog::CACHE_MISSES, &[app], w));
    format!("{hits} / ({hits} + {misses} > 0) * 100")
}

/// `histogram_quantile(q, …)` of the request latency, per job.
pub fn latency_quantile(q: f64, scope: &Scope) -> String {
    let buckets = selector(&catalog::HTTP_REQUEST_DURATION.bucket(), &[scope.app.as_str()]);
    format!(
        "histogram_quantile({q}, {})",
        sum_by(&["job", "le"], &format!("rate({buckets}[{}])", scope.window))
    )
}

impl Service {
    /// PromQL that is 1 while the service is up and 0 while it is down, per instance. For PostgreSQL and
    /// Redis the exporter's own probe (`pg_up`, `redis_up`) counts, and so does the exporter being down.
    pub fn up_expr(self) -> String {
        let job = format!("job=\"{}\"", self.job());
        let up = selector(catalog::UP.name, &[&job]);
        match self {
            Service::Backend | Service::Frontend => up,
            Service::Postgres => format!(
                "min by (job, instance) ({} or {up})",
                selector(catalog::PG_UP.name, &[&job])
            ),
            Service::Redis => format!(
                "min by (job, instance) ({} or {up})",
                selector(catalog::REDIS_UP.name, &[&job])
            ),
        }
    }
}
