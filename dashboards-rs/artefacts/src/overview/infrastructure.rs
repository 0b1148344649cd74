//! The rows about what Tumulte runs on: the database, the cache, the host and the containers.

use grafana_dashboards::promql::{rate, selector, sum_by};
use grafana_dashboards::{DashboardBuilder, Matcher, Override, OverrideProperty, Panel, Unit};
use tumulte_policy::catalog::{self, Job};
use tumulte_policy::query::ScalingQuery;
use tumulte_policy::SignalId;

use super::text::{self, alerts_on, alerts_on_named, scaling_steps, sentences};
use super::{prom, scaling, Rows};

impl Rows<'_> {
    /// The backend's pool and the PostgreSQL server.
    pub(super) fn database(&self, b: DashboardBuilder) -> DashboardBuilder {
        let (app, w) = (self.scope.app.as_str(), self.scope.window.as_str());
        let pool = self.policy.signal(SignalId::DbPoolUsage);
        b.row("Database")
            .panel(
                Panel::timeseries("DB pool connections")
                    .description("The backend's database pool: connections in use and connections open but idle.")
                    .unit(Unit::Short)
                    .min(0.0)
                    .stacked()
                    .span(8)
                    .target(prom(
                        sum_by(&[], &selector(catalog::DB_CONNECTIONS_ACTIVE.name, &[app])),
                        "active",
                    ))
                    .target(prom(
                        sum_by(&[], &selector(catalog::DB_CONNECTIONS_IDLE.name, &[app])),
                        "idle",
                    )),
            )
            .panel(
                Panel::gauge("DB pool usage")
                    .description(&sentences(&[
                        "Connections in use as a share of the pool size (the \"DB pool size\" variable).",
                        &scaling_steps(pool),
                    ]))
                    .unit(pool.unit.clone())
                    .min(0.0)
                    .max(100.0)
                    .thresholds(self.thresholds(SignalId::DbPoolUsage))
                    .span(4)
                    .target(prom(self.expr(SignalId::DbPoolUsage), "{{job}}")),
            )
            .panel(
                Panel::timeseries("PostgreSQL backends")
                    .description("Connections open on the PostgreSQL server, per database, and its max_connections.")
                    .unit(Unit::Short)
                    .min(0.0)
                    .span(6)
                    .target(prom(sum_by(&["datname"], catalog::PG_BACKENDS.name), "{{datname}}"))
                    .target(prom(format!("max({})", catalog::PG_MAX_CONNECTIONS), "max_connections")),
            )
            .panel(
                Panel::timeseries("PostgreSQL transactions and locks")
                    .description("Transactions committed and rolled back per second, and locks held by mode.")
                    .unit(Unit::OpsPerSecond)
                    .min(0.0)
                    .span(6)
                    .target(prom(sum_by(&[], &rate(&catalog::PG_XACT_COMMIT, &[], w)), "commits/s"))
                    .target(prom(
                        sum_by(&[], &rate(&catalog::PG_XACT_ROLLBACK, &[], w)),
                        "rollbacks/s",
                    ))
                    .target(prom(sum_by(&["mode"], catalog::PG_LOCKS.name), "locks {{mode}}"))
                    .with_override(Override {
                        matcher: Matcher::ByRegexp("locks .*".into()),
                        properties: vec![OverrideProperty::unit(Unit::Short), OverrideProperty::right_axis()],
                        ..Default::default()
                    }),
            )
    }

    /// The cache's hit rate, from Prometheus and from the plugin, and Redis.
    pub(super) fn cache(&self, b: DashboardBuilder) -> DashboardBuilder {
        let w = self.scope.window.as_str();
        let hit_rate = self.policy.signal(SignalId::CacheHitRate);
        b.row("Cache")
            .panel(
                Panel::timeseries("Cache hit rate")
                    .description(
                        "Share of cache look-ups that hit, per service, from Prometheus (Tumulte's own query). No \
                         traffic shows no point.",
                    )
                    .unit(hit_rate.unit.clone())
                    .min(0.0)
                    .max(100.0)
                    .span(6)
                    .target(prom(self.expr(SignalId::CacheHitRate), "{{job}}")),
            )
            .panel(
                Panel::timeseries("Cache hit rate by cache (computed)")
                    .description(
                        "The same rate computed by the Tumulte Scaling data source, split by cache; null (a gap) \
                         where there was no traffic, never NaN.",
                    )
                    .unit(hit_rate.unit.clone())
                    .min(0.0)
                    .max(100.0)
                    .span(6)
                    .plugin_target(
                        scaling(),
                        &ScalingQuery::CacheHitRate {
                            group_by: Some("cache".into()),
                        },
                    ),
            )
            .panel(
                Panel::timeseries("Redis memory and clients")
                    .description("Memory used by Redis, and client connections open on it (right axis).")
                    .unit(Unit::Bytes)
                    .min(0.0)
                    .span(6)
                    .target(prom(
                        sum_by(&["instance"], catalog::REDIS_MEMORY_USED.name),
                        "memory {{instance}}",
                    ))
                    .target(prom(
                        sum_by(&["instance"], catalog::REDIS_CLIENTS.name),
                        "clients {{instance}}",
                    ))
                    .with_override(Override {
                        matcher: Matcher::ByRegexp("clients .*".into()),
                        properties: vec![OverrideProperty::unit(Unit::Short), OverrideProperty::right_axis()],
                        ..Default::default()
                    }),
            )
            .panel(
                Panel::timeseries("Redis commands per second")
                    .description("Commands Redis processes per second.")
                    .unit(Unit::OpsPerSecond)
                    .min(0.0)
                    .span(6)
                    .target(prom(
                        sum_by(&["instance"], &rate(&catalog::REDIS_COMMANDS, &[], w)),
                        "{{instance}}",
                    )),
            )
    }

    /// CPU, memory, disk and network of each host.
    pub(super) fn host(&self, b: DashboardBuilder) -> DashboardBuilder {
        let (node, w) = (self.scope.node.as_str(), self.scope.window.as_str());
        let signal = |id| self.policy.signal(id);
        b.row("Host")
            .panel(
                Panel::timeseries("CPU usage")
                    .description(&sentences(&[
                        "Share of CPU time not idle, per host.",
                        &scaling_steps(signal(SignalId::CpuUsage)),
                        &alerts_on(self.policy, SignalId::CpuUsage),
                    ]))
                    .unit(signal(SignalId::CpuUsage).unit.clone())
                    .min(0.0)
                    .max(100.0)
                    .thresholds(self.thresholds(SignalId::CpuUsage))
                    .span(8)
                    .target(prom(self.expr(SignalId::CpuUsage), "{{instance}}")),
            )
            .panel(
                Panel::timeseries("Memory usage")
                    .description(&sentences(&[
                        "Share of memory in use, per host (Tumulte's own query).",
                        &scaling_steps(signal(SignalId::MemoryUsage)),
                        &alerts_on(self.policy, SignalId::MemoryUsage),
                        &alerts_on_named(self.policy, SignalId::MemoryAvailable),
                    ]))
                    .unit(signal(SignalId::MemoryUsage).unit.clone())
                    .min(0.0)
                    .max(100.0)
                    .thresholds(self.thresholds(SignalId::MemoryUsage))
                    .span(8)
                    .target(prom(self.expr(SignalId::MemoryUsage), "{{instance}}")),
            )
            .panel(
                Panel::bargauge("Disk available")
                    .description(&sentences(&[
                        "Free space per filesystem.",
                        &alerts_on(self.policy, SignalId::DiskAvailable),
                    ]))
                    .unit(signal(SignalId::DiskAvailable).unit.clone())
                    .min(0.0)
                    .max(100.0)
                    .thresholds(self.thresholds(SignalId::DiskAvailable))
                    .span(8)
                    .target(prom(self.expr(SignalId::DiskAvailable), "{{instance}} {{mountpoint}}")),
            )
            .panel(
                Panel::timeseries("Network traffic")
                    .description("Bytes received (up) and transmitted (down) per second, per host, loopback excluded.")
                    .unit(Unit::BytesPerSecond)
                    .span(12)
                    .target(prom(
                        sum_by(
                            &["instance"],
                            &rate(&catalog::NODE_NETWORK_RECEIVE, &["device!=\"lo\"", node], w),
                        ),
                        "received {{instance}}",
                    ))
                    .target(prom(
                        format!(
                            "-{}",
                            sum_by(
                                &["instance"],
                                &rate(&catalog::NODE_NETWORK_TRANSMIT, &["device!=\"lo\"", node], w)
                            )
                        ),
                        "transmitted {{instance}}",
                    )),
            )
            .panel(
                Panel::stat("Memory available")
                    .description(&sentences(&[
                        "Share of memory still available per host.",
                        &alerts_on(self.policy, SignalId::MemoryAvailable),
                    ]))
                    .unit(signal(SignalId::MemoryAvailable).unit.clone())
                    .thresholds(self.thresholds(SignalId::MemoryAvailable))
                    .span(12)
                    .target(prom(self.expr(SignalId::MemoryAvailable), "{{instance}}")),
            )
    }

    /// CPU and memory of each Docker container.
    pub(super) fn containers(&self, b: DashboardBuilder) -> DashboardBuilder {
        let w = self.scope.window.as_str();
        let cadvisor = format!("job=\"{}\"", Job::Cadvisor);
        b.row("Containers")
            .panel(
                Panel::timeseries("Container CPU")
                    .description("CPU cores used by each Docker container (cAdvisor).")
                    .no_value(text::NO_CADVISOR)
                    .unit(Unit::Short)
                    .min(0.0)
                    .span(12)
                    .target(prom(
                        sum_by(&["name"], &rate(&catalog::CONTAINER_CPU, &["name!=\"\"", &cadvisor], w)),
                        "{{name}}",
                    )),
            )
            .panel(
                Panel::timeseries("Container memory")
                    .description("Working-set memory of each Docker container (cAdvisor).")
                    .no_value(text::NO_CADVISOR)
                    .unit(Unit::Bytes)
                    .min(0.0)
                    .span(12)
                    .target(prom(
                        sum_by(
                            &["name"],
                            &selector(catalog::CONTAINER_MEMORY.name, &["name!=\"\"", &cadvisor]),
                        ),
                        "{{name}}",
                    )),
            )
    }
}
