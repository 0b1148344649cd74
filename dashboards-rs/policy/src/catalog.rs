//! The metric catalog: every series the dashboard, the rules and the plugin read, typed, and the scrape jobs
//! that expose them.
//!
//! A metric is used in PromQL through its constant (`HTTP_REQUESTS`), never through a string, so a misspelt
//! name does not compile. `dash lint` checks every expression against [`CATALOG`], so a name typed by hand in a
//! query is caught as well.
//!
//! Two of Tumulte's gauges end in `_total` (`tumulte_websocket_connections_total`,
//! `tumulte_polls_active_total`). Prometheus naming reserves that suffix for counters and `promtool check
//! metrics` flags them, but they are the names Tumulte's backend exposes, so they are kept. The catalog types
//! them as gauges, which is what the linter's counter rule reads (not the suffix).

use std::fmt;

pub use grafana_dashboards::catalog::{Metric, MetricType};
use grafana_dashboards::PromDuration;

/// Who exposes a metric: the scrape job it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// Tumulte's AdonisJS backend (`prom-client`).
    TumulteBackend,
    /// Tumulte's Nuxt frontend (`prom-client`).
    TumulteFrontend,
    /// prometheus-node-exporter.
    Node,
    /// prometheus-postgres-exporter.
    Postgres,
    /// prometheus-redis-exporter.
    Redis,
    /// cAdvisor.
    Cadvisor,
    /// Prometheus itself.
    Prometheus,
    /// Alertmanager.
    Alertmanager,
}

impl Job {
    /// Every job, in scrape-config order.
    pub const ALL: [Job; 8] = [
        Job::TumulteBackend,
        Job::TumulteFrontend,
        Job::Node,
        Job::Postgres,
        Job::Redis,
        Job::Cadvisor,
        Job::Prometheus,
        Job::Alertmanager,
    ];

    /// The `job` label value, as `prometheus.yml` names the scrape job.
    pub const fn name(self) -> &'static str {
        match self {
            Job::TumulteBackend => "tumulte-backend",
            Job::TumulteFrontend => "tumulte-frontend",
            Job::Node => "node",
            Job::Postgres => "postgres",
            Job::Redis => "redis",
            Job::Cadvisor => "cadvisor",
            Job::Prometheus => "prometheus",
            Job::Alertmanager => "alertmanager",
        }
    }
}

/// How often Prometheus scrapes every job. Rate windows and the plugin's shortest window are multiples of it.
pub const SCRAPE_INTERVAL: PromDuration = PromDuration::seconds(15);

impl Job {
    /// The port each component listens on in the compose stack (and by default natively).
    pub const fn default_port(self) -> u16 {
        match self {
            Job::TumulteBackend => 3333,
            Job::TumulteFrontend => 3000,
            Job::Node => 9100,
            Job::Postgres => 9187,
            Job::Redis => 9121,
            Job::Cadvisor => 8080,
            Job::Prometheus => 9090,
            Job::Alertmanager => 9093,
        }
    }
}

impl fmt::Display for Job {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

macro_rules! metric {
    ($(#[$doc:meta])* $ident:ident = $name:literal, $kind:ident, [$($label:literal),*], $help:literal) => {
        $(#[$doc])*
        pub const $ident: Metric = Metric::new($name, MetricType::$kind).labels(&[$($label),*]).help($help);
    };
}

// Tumulte's own (its backend's `prom-client`). Labels are those the backend's prom-client registers.
metric!(/// HTTP requests served.
    HTTP_REQUESTS = "tumulte_http_requests_total", Counter,
    ["method", "route", "status_code"], "HTTP requests served, by method, route and status code.");
metric!(/// HTTP request latency.
    HTTP_REQUEST_DURATION = "tumulte_http_request_duration_seconds", Histogram,
    ["method", "route", "status_code"], "Time to serve an HTTP request, in seconds.");
metric!(/// Open WebSocket connections (a gauge despite its `_total` suffix).
    WEBSOCKET_CONNECTIONS = "tumulte_websocket_connections_total", Gauge,
    [], "WebSocket connections open on this instance.");
metric!(/// Polls launched.
    POLLS_LAUNCHED = "tumulte_polls_launched_total", Counter,
    [], "Polls launched since the process started.");
metric!(/// Polls running now (a gauge despite its `_total` suffix).
    POLLS_ACTIVE = "tumulte_polls_active_total", Gauge,
    [], "Polls running now.");
metric!(/// Votes received.
    VOTES_RECEIVED = "tumulte_votes_received_total", Counter,
    [], "Votes received since the process started.");
metric!(/// Database connections in use.
    DB_CONNECTIONS_ACTIVE = "tumulte_db_connections_active", Gauge,
    [], "Database pool connections in use.");
metric!(/// Database connections open but idle.
    DB_CONNECTIONS_IDLE = "tumulte_db_connections_idle", Gauge,
    [], "Database pool connections open and idle.");
metric!(/// Cache hits.
    CACHE_HITS = "tumulte_cache_hits_total", Counter,
    ["cache"], "Cache look-ups that found the key, by cache.");
metric!(/// Cache misses.
    CACHE_MISSES = "tumulte_cache_misses_total", Counter,
    ["cache"], "Cache look-ups that missed, by cache.");

// Prometheus' own per-target series.
metric!(/// Whether the last scrape of a target succeeded (1) or not (0).
    UP = "up", Gauge, [], "1 if the last scrape of the target succeeded, else 0.");

// node-exporter.
metric!(/// CPU time per mode.
    NODE_CPU_SECONDS = "node_cpu_seconds_total", Counter,
    ["cpu", "mode"], "Seconds each CPU spent in each mode.");
metric!(/// Memory available to new processes.
    NODE_MEMORY_AVAILABLE = "node_memory_MemAvailable_bytes", Gauge,
    [], "Memory available for new work without swapping, in bytes.");
metric!(/// Total memory.
    NODE_MEMORY_TOTAL = "node_memory_MemTotal_bytes", Gauge, [], "Total usable memory, in bytes.");
metric!(/// Free space per filesystem.
    NODE_FILESYSTEM_AVAIL = "node_filesystem_avail_bytes", Gauge,
    ["device", "fstype", "mountpoint"], "Space available to non-root users, in bytes.");
metric!(/// Size per filesystem.
    NODE_FILESYSTEM_SIZE = "node_filesystem_size_bytes", Gauge,
    ["device", "fstype", "mountpoint"], "Filesystem size, in bytes.");
metric!(/// Bytes received per interface.
    NODE_NETWORK_RECEIVE = "node_network_receive_bytes_total", Counter,
    ["device"], "Bytes received, by network interface.");
metric!(/// Bytes sent per interface.
    NODE_NETWORK_TRANSMIT = "node_network_transmit_bytes_total", Counter,
    ["device"], "Bytes transmitted, by network interface.");

// postgres-exporter.
metric!(/// Whether the exporter reaches PostgreSQL.
    PG_UP = "pg_up", Gauge, [], "1 if the exporter's last connection to PostgreSQL succeeded.");
metric!(/// Backends connected per database.
    PG_BACKENDS = "pg_stat_database_numbackends", Gauge,
    ["datid", "datname"], "Backends connected to each database.");
metric!(/// Connection limit.
    PG_MAX_CONNECTIONS = "pg_settings_max_connections", Gauge,
    [], "The server's max_connections setting.");
metric!(/// Committed transactions.
    PG_XACT_COMMIT = "pg_stat_database_xact_commit", Counter,
    ["datid", "datname"], "Transactions committed in each database.");
metric!(/// Rolled-back transactions.
    PG_XACT_ROLLBACK = "pg_stat_database_xact_rollback", Counter,
    ["datid", "datname"], "Transactions rolled back in each database.");
metric!(/// Locks held.
    PG_LOCKS = "pg_locks_count", Gauge,
    ["datname", "mode"], "Locks held, by database and lock mode.");

// redis-exporter.
metric!(/// Whether the exporter reaches Redis.
    REDIS_UP = "redis_up", Gauge, [], "1 if the exporter's last connection to Redis succeeded.");
metric!(/// Memory used by Redis.
    REDIS_MEMORY_USED = "redis_memory_used_bytes", Gauge, [], "Memory allocated by Redis, in bytes.");
metric!(/// Commands processed.
    REDIS_COMMANDS = "redis_commands_processed_total", Counter, [], "Commands processed by Redis.");
metric!(/// Connected clients.
    REDIS_CLIENTS = "redis_connected_clients", Gauge, [], "Client connections open on Redis.");

// cAdvisor.
metric!(/// CPU time per container.
    CONTAINER_CPU = "container_cpu_usage_seconds_total", Counter,
    ["name", "image"], "CPU seconds consumed, by container.");
metric!(/// Working-set memory per container.
    CONTAINER_MEMORY = "container_memory_working_set_bytes", Gauge,
    ["name", "image"], "Working-set memory, by container, in bytes.");

/// Every metric family the project reads. The linter knows no other name.
pub const CATALOG: &[Metric] = &[
    HTTP_REQUESTS,
    HTTP_REQUEST_DURATION,
    WEBSOCKET_CONNECTIONS,
    POLLS_LAUNCHED,
    POLLS_ACTIVE,
    VOTES_RECEIVED,
    DB_CONNECTIONS_ACTIVE,
    DB_CONNECTIONS_IDLE,
    CACHE_HITS,
    CACHE_MISSES,
    UP,
    NODE_CPU_SECONDS,
    NODE_MEMORY_AVAILABLE,
    NODE_MEMORY_TOTAL,
    NODE_FILESYSTEM_AVAIL,
    NODE_FILESYSTEM_SIZE,
    NODE_NETWORK_RECEIVE,
    NODE_NETWORK_TRANSMIT,
    PG_UP,
    PG_BACKENDS,
    PG_MAX_CONNECTIONS,
    PG_XACT_COMMIT,
    PG_XACT_ROLLBACK,
    PG_LOCKS,
    REDIS_UP,
    REDIS_MEMORY_USED,
    REDIS_COMMANDS,
    REDIS_CLIENTS,
    CONTAINER_CPU,
    CONTAINER_MEMORY,
];

/// The family a series name belongs to (`..._bucket` resolves to its histogram), if the catalog has it.
pub fn lookup(series: &str) -> Option<&'static Metric> {
    grafana_dashboards::catalog::lookup(CATALOG, series)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_holds_tumultes_ten_own_metrics() {
        let tumulte: Vec<_> = CATALOG.iter().filter(|m| m.name.starts_with("tumulte_")).collect();
        assert_eq!(tumulte.len(), 10);
    }

    #[test]
    fn catalog_names_are_unique() {
        let mut names: Vec<_> = CATALOG.iter().flat_map(Metric::series_names).collect();
        let before = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), before);
    }

    #[test]
    fn histogram_bucket_resolves_to_its_family() {
        assert_eq!(
            lookup("tumulte_http_request_duration_seconds_bucket"),
            Some(&HTTP_REQUEST_DURATION)
        );
        assert_eq!(lookup("tumulte_http_request_duration_seconds"), None);
    }

    #[test]
    fn gauges_named_total_are_not_counters() {
        assert!(!WEBSOCKET_CONNECTIONS.is_counter_series("tumulte_websocket_connections_total"));
        assert!(HTTP_REQUESTS.is_counter_series("tumulte_http_requests_total"));
        assert!(HTTP_REQUEST_DURATION.is_counter_series("tumulte_http_request_duration_seconds_bucket"));
    }
}
