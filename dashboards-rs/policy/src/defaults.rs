//! Tumulte's defaults: the scaling table and the alert table of its monitoring specification, with the steps
//! each alert's runbook section gives. Every other part reads these values through the [`Policy`].

use grafana_dashboards::{PromDuration, Unit};

use crate::alert::{AlertSpec, Bound, Condition, Service};
use crate::level::Level;
use crate::policy::Policy;
use crate::settings::DEFAULT_DB_POOL_SIZE;
use crate::signal::{Direction, Signal, SignalId, Step};
use crate::slo::{BadRequest, BurnRateAlert, Objective, ObjectiveId, SloPolicy, Urgency};

fn signal(
    id: SignalId,
    name: &str,
    unit: Unit,
    direction: Direction,
    sustain: PromDuration,
    steps: &[(Level, f64, &str)],
) -> Signal {
    Signal {
        id,
        name: name.into(),
        unit,
        direction,
        sustain,
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
    for_duration: PromDuration,
    summary: &str,
    description: &str,
    runbook: &str,
) -> AlertSpec {
    AlertSpec {
        name: name.into(),
        severity,
        condition,
        for_duration,
        summary: summary.into(),
        description: description.into(),
        runbook: runbook.into(),
    }
}

impl Default for Policy {
    /// Tumulte's defaults: the scaling table and the alert table of its monitoring specification.
    fn default() -> Self {
        use Direction::{Above, Below};
        use Level::{Critical, Info, Warning};
        let signals = vec![
            signal(
                SignalId::CpuUsage,
                "CPU usage",
                Unit::Percent,
                Above,
                PromDuration::minutes(10),
                &[(Warning, 70.0, "Consider scaling"), (Critical, 85.0, "Scale now")],
            ),
            signal(
                SignalId::MemoryUsage,
                "Memory usage",
                Unit::Percent,
                Above,
                PromDuration::minutes(5),
                &[(Warning, 80.0, "Add RAM or instances")],
            ),
            signal(
                SignalId::MemoryAvailable,
                "Memory available",
                Unit::Percent,
                Below,
                PromDuration::minutes(5),
                &[],
            ),
            signal(
                SignalId::DiskAvailable,
                "Disk available",
                Unit::Percent,
                Below,
                PromDuration::minutes(5),
                &[],
            ),
            signal(
                SignalId::LatencyP95,
                "Latency p95",
                Unit::Seconds,
                Above,
                PromDuration::minutes(5),
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
                PromDuration::minutes(5),
                &[],
            ),
            signal(
                SignalId::DbPoolUsage,
                "DB pool usage",
                Unit::Percent,
                Above,
                PromDuration::minutes(5),
                &[(Warning, 80.0, "Grow the pool or add read replicas")],
            ),
            signal(
                SignalId::WebsocketsPerInstance,
                "WebSockets per instance",
                Unit::Short,
                Above,
                PromDuration::minutes(5),
                &[(Info, 500.0, "Plan horizontal scaling")],
            ),
            signal(
                SignalId::CacheHitRate,
                "Cache hit rate",
                Unit::Percent,
                Below,
                PromDuration::minutes(5),
                &[],
            ),
        ];
        let on = |signal, bound| Condition::Signal { signal, bound };
        let alerts = vec![
            alert(
                "TumulteBackendDown",
                Critical,
                Condition::Down(Service::Backend),
                PromDuration::minutes(1),
                "Tumulte backend {{ $labels.instance }} is down",
                "Prometheus has not scraped the backend at {{ $labels.instance }} for over {for}: the API and \
                 live polls are unavailable. Check the process and its logs, then `curl /metrics` on it.",
                "1. Is the process running? Check the container or service and its logs.\n\
                 2. `curl http://HOST:3333/metrics` from the Prometheus host: a timeout is a network problem, a 404 \
                 means the `/metrics` route is not registered.\n\
                 3. In Docker on Linux, `host.docker.internal` needs `extra_hosts: host.docker.internal:host-gateway`.",
            ),
            alert(
                "TumulteFrontendDown",
                Critical,
                Condition::Down(Service::Frontend),
                PromDuration::minutes(1),
                "Tumulte frontend {{ $labels.instance }} is down",
                "Prometheus has not scraped the frontend at {{ $labels.instance }} for over {for}: viewers \
                 cannot load the site. Check the Nuxt process and its logs.",
                "Same steps as for TumulteBackendDown, on the frontend's port.",
            ),
            alert(
                "HighRequestLatency",
                Warning,
                on(SignalId::LatencyP95, Bound::Step(Critical)),
                PromDuration::minutes(5),
                "p95 latency of {{ $labels.job }} is {{ $value | humanizeDuration }}",
                "The p95 latency of {{ $labels.job }} has been above {threshold} for {for}: one request in \
                 twenty is slower. Look at the slow routes on the overview, then optimise or scale the backend.",
                "1. On \"Tumulte - Overview\", find the routes whose latency rose (\"Requests per second by route and \
                 status\").\n\
                 2. Check \"DB pool connections\" and \"PostgreSQL transactions and locks\": a saturated pool or lock \
                 waits show here.\n\
                 3. If CPU is also high, scale the backend (see the scaling verdict); otherwise optimise the slow route.",
            ),
            alert(
                "HighErrorRate",
                Critical,
                on(SignalId::ErrorRate, Bound::Value(0.05)),
                PromDuration::minutes(5),
                "{{ $value | humanizePercentage }} of {{ $labels.job }} responses are 5xx",
                "More than {threshold} of the requests to {{ $labels.job }} failed with a server error for \
                 {for}. Check the backend's logs and its dependencies (PostgreSQL, Redis).",
                "No traffic never fires it (the ratio is not computed when there are no requests).\n\n\
                 1. Read the backend's logs for the failing routes.\n\
                 2. Check PostgresDown and RedisDown: a dependency down is the usual cause.",
            ),
            alert(
                "HighCpuUsage",
                Warning,
                on(SignalId::CpuUsage, Bound::Value(80.0)),
                PromDuration::minutes(10),
                "CPU of {{ $labels.instance }} at {{ $value | humanize }}%",
                "The host {{ $labels.instance }} has been over {threshold} CPU for {for}. The scaling \
                 verdict says whether to scale now.",
                "The scaling verdict says whether it is sustained past the \"scale now\" step.",
            ),
            alert(
                "LowMemoryAvailable",
                Critical,
                on(SignalId::MemoryAvailable, Bound::Value(10.0)),
                PromDuration::minutes(5),
                "Only {{ $value | humanize }}% memory available on {{ $labels.instance }}",
                "For {for}, less than {threshold} of the memory of {{ $labels.instance }} has been available: the \
                 OOM killer is near. Find the process using it, add RAM or instances.",
                "The OOM killer is near. Find the process (`ps aux --sort=-rss | head`), then add RAM or instances.",
            ),
            alert(
                "DiskSpaceLow",
                Warning,
                on(SignalId::DiskAvailable, Bound::Value(15.0)),
                PromDuration::minutes(5),
                "{{ $labels.mountpoint }} on {{ $labels.instance }} has {{ $value | humanize }}% free",
                "For {for}, less than {threshold} of {{ $labels.mountpoint }} on {{ $labels.instance }} has been \
                 free. Clean up (logs, old images, Prometheus retention) or grow the disk.",
                "Clean logs and unused images, lower Prometheus' retention (30 days by default), or grow the disk.",
            ),
            alert(
                "PostgresDown",
                Critical,
                Condition::Down(Service::Postgres),
                PromDuration::minutes(1),
                "PostgreSQL is unreachable",
                "postgres-exporter at {{ $labels.instance }} cannot reach PostgreSQL, or is itself down, for \
                 over {for}. Tumulte cannot read or write polls. Check the database server.",
                "Check the database server, then the exporter's `DATA_SOURCE_NAME`.",
            ),
            alert(
                "RedisDown",
                Critical,
                Condition::Down(Service::Redis),
                PromDuration::minutes(1),
                "Redis is unreachable",
                "redis-exporter at {{ $labels.instance }} cannot reach Redis, or is itself down, for over \
                 {for}. Caching and live updates are degraded. Check the Redis server.",
                "Check the Redis server, then the exporter's `REDIS_ADDR` and `REDIS_PASSWORD`.",
            ),
        ];
        debug_assert!(signals.iter().map(|s| s.id).eq(SignalId::ALL));
        Policy {
            signals,
            alerts,
            db_pool_size: DEFAULT_DB_POOL_SIZE,
            slo: slo(),
            verdict_alert: crate::verdict_alert::VerdictAlert::default(),
        }
    }
}

/// Tumulte's objectives: 99.5 % of requests without a server error and 99 % answered within 500 ms, over 30 days,
/// with the SRE workbook's four burn-rate alerts (the `for` of each is a few short windows' worth, as pyrra
/// generates them, so one bad scrape does not page).
fn slo() -> SloPolicy {
    let burn = |urgency, factor, long, short, for_duration| BurnRateAlert {
        urgency,
        factor,
        long,
        short,
        for_duration,
    };
    let objectives = vec![
        Objective {
            id: ObjectiveId::Availability,
            name: "Availability".into(),
            bad: BadRequest::ServerError,
            target: 99.5,
            runbook:
                "1. On \"Tumulte - Overview\", \"Error rate (5xx)\" and \"Requests per second by route and status\" \
                      show which routes fail and since when.\n\
                      2. A deployment at that time is the first suspect: roll it back.\n\
                      3. Check PostgresDown, RedisDown and the backend's logs: a dependency down is the usual cause."
                    .into(),
        },
        Objective {
            id: ObjectiveId::Latency,
            name: "Latency".into(),
            bad: BadRequest::SlowerThan(0.5),
            target: 99.0,
            runbook: "1. On \"Tumulte - Overview\", \"Request latency p50 / p95 / p99\" shows since when requests are \
                      slow, and the scaling verdict whether the backend needs more machines.\n\
                      2. Check \"DB pool connections\" and \"PostgreSQL transactions and locks\": a saturated pool or \
                      lock waits slow every route.\n\
                      3. If CPU is high too, scale the backend; otherwise optimise the slow route."
                .into(),
        },
    ];
    debug_assert!(objectives.iter().map(|o| o.id).eq(ObjectiveId::ALL));
    SloPolicy {
        window: PromDuration::days(30),
        objectives,
        alerts: vec![
            burn(
                Urgency::Page,
                14.4,
                PromDuration::hours(1),
                PromDuration::minutes(5),
                PromDuration::minutes(2),
            ),
            burn(
                Urgency::Page,
                6.0,
                PromDuration::hours(6),
                PromDuration::minutes(30),
                PromDuration::minutes(15),
            ),
            burn(
                Urgency::Ticket,
                3.0,
                PromDuration::days(1),
                PromDuration::hours(2),
                PromDuration::hours(1),
            ),
            burn(
                Urgency::Ticket,
                1.0,
                PromDuration::days(3),
                PromDuration::hours(6),
                PromDuration::hours(3),
            ),
        ],
    }
}
