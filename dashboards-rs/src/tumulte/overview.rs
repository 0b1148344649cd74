//! The "Tumulte - Overview" dashboard, built from the [`Policy`]: every threshold on it is the policy's.

use super::metrics::{self, Job};
use super::names::{
    DASHBOARD_TITLE, DASHBOARD_UID, DATASOURCE_VARIABLE, PLUGIN_ID, PLUGIN_UID, PROMETHEUS_NAME, PROMETHEUS_TYPE,
    PROMETHEUS_UID, RUNBOOK_URL,
};
use super::promql::{rate, selector, sum_by};
use super::query::{ScalingQuery, VerdictFormat};
use super::signals::{latency_quantile, Direction, Policy, Scope, Service, SignalId};
use crate::grafana::viz::common::Calc;
use crate::grafana::{
    BuildErrors, Color, Dashboard, DashboardBuilder, DashboardLink, DataSourceRef, MappingResult, Matcher, Override,
    OverrideProperty, Panel, PromFormat, PrometheusTarget, Refresh, ScalingTarget, Target, Thresholds, Unit,
    ValueMapping, Variable,
};
use crate::verdict::Level;

/// The colour of a level on every panel.
pub const fn level_color(level: Level) -> Color {
    match level {
        Level::Ok => Color::Green,
        Level::Info => Color::Blue,
        Level::Warning => Color::Orange,
        Level::Critical => Color::Red,
    }
}

/// A Prometheus target through the `$datasource` variable.
fn prom(expr: impl Into<String>, legend: &str) -> Target {
    Target::Prometheus(PrometheusTarget {
        datasource: DataSourceRef::variable(PROMETHEUS_TYPE, DATASOURCE_VARIABLE),
        expr: expr.into(),
        legend_format: (!legend.is_empty()).then(|| legend.to_owned()),
        instant: false,
        format: PromFormat::TimeSeries,
        ref_id: None,
    })
}

/// A target of the scaling plugin's provisioned data source.
fn scaling(query: ScalingQuery) -> Target {
    Target::Scaling(ScalingTarget {
        datasource: DataSourceRef::uid(PLUGIN_ID, PLUGIN_UID),
        query,
        ref_id: None,
    })
}

/// A signal's thresholds coloured by level. For a signal that is worse as it shrinks, the colours run the
/// other way: the worst level is the base and each threshold upward is one level better.
fn thresholds(policy: &Policy, id: SignalId) -> Thresholds {
    let steps = policy.thresholds_of(id);
    match policy.signal(id).direction {
        Direction::Above => Thresholds::absolute(Color::Green, steps.iter().map(|(v, l)| (*v, level_color(*l)))),
        Direction::Below => {
            // Ascending values: below the first is the worst level; past the last is ok.
            let mut levels: Vec<Level> = steps.iter().map(|(_, l)| *l).collect();
            levels.sort_by(|a, b| b.cmp(a));
            let base = levels.first().copied().unwrap_or(Level::Ok);
            let rest = steps
                .iter()
                .enumerate()
                .map(|(i, (v, _))| (*v, level_color(*levels.get(i + 1).unwrap_or(&Level::Ok))));
            Thresholds::absolute(level_color(base), rest)
        }
    }
}

/// Value mapping 1 → UP (green), 0 → DOWN (red).
fn up_down() -> ValueMapping {
    ValueMapping::Values(vec![
        (
            "0".into(),
            MappingResult {
                text: "DOWN".into(),
                color: Color::Red,
                index: 0,
            },
        ),
        (
            "1".into(),
            MappingResult {
                text: "UP".into(),
                color: Color::Green,
                index: 1,
            },
        ),
    ])
}

/// Value mapping 0–3 → the level names, in their colours.
fn level_names() -> ValueMapping {
    ValueMapping::Values(
        Level::ALL
            .iter()
            .map(|l| {
                let text = l.name().to_uppercase();
                (
                    l.number().to_string(),
                    MappingResult {
                        text,
                        color: level_color(*l),
                        index: u32::from(l.number()),
                    },
                )
            })
            .collect(),
    )
}

fn level_thresholds() -> Thresholds {
    Thresholds::absolute(
        Color::Green,
        [Level::Info, Level::Warning, Level::Critical].map(|l| (f64::from(l.number()), level_color(l))),
    )
}

/// The overview dashboard of a policy.
pub fn overview(policy: &Policy) -> Result<Dashboard, BuildErrors> {
    let d = Scope::dashboard();
    let app = d.app.as_str();
    let w = d.window.as_str();
    let node = d.node.as_str();
    let sig = |id: SignalId| policy.signal(id).expr(&d);
    let sustain = |id: SignalId| policy.signal(id).sustain.clone();

    let mut b = DashboardBuilder::new(DASHBOARD_UID, DASHBOARD_TITLE)
        .description(
            "Tumulte at a glance: is every service up, how busy and how fast is it, and does it need more \
             machines. Thresholds come from the seed's alert and scaling tables (tumulte-dashboards).",
        )
        .tags(&["tumulte", "generated"])
        .refresh("30s")
        .time("now-6h", "now")
        .variable(Variable::Datasource {
            name: DATASOURCE_VARIABLE.into(),
            label: "Prometheus".into(),
            plugin: PROMETHEUS_TYPE.into(),
            current: Some((PROMETHEUS_NAME.into(), PROMETHEUS_UID.into())),
        })
        .variable(Variable::Query {
            name: "job".into(),
            label: "Service".into(),
            datasource: DataSourceRef::variable(PROMETHEUS_TYPE, DATASOURCE_VARIABLE),
            query: format!("label_values({}, job)", metrics::HTTP_REQUESTS),
            multi: true,
            refresh: Refresh::OnTimeRangeChange,
        })
        .variable(Variable::Query {
            name: "instance".into(),
            label: "Host".into(),
            datasource: DataSourceRef::variable(PROMETHEUS_TYPE, DATASOURCE_VARIABLE),
            query: format!("label_values({}, instance)", metrics::NODE_MEMORY_TOTAL),
            multi: true,
            refresh: Refresh::OnTimeRangeChange,
        })
        .variable(Variable::Custom {
            name: "db_pool_size".into(),
            label: "DB pool size".into(),
            description: "The backend's database pool size (max connections), to compute pool usage.".into(),
            values: vec![policy.db_pool_size.to_string(), "20".into(), "50".into()],
        })
        .link(DashboardLink::url(
            "Runbook",
            "What each alert means and what to do",
            RUNBOOK_URL,
        ));

    // Service health.
    b = b.row("Service health");
    for service in Service::ALL {
        b = b.panel(
            Panel::stat(&format!("{} up", service.name()))
                .description(&format!(
                    "Whether Prometheus reaches {} (job \"{}\") right now. DOWN for over a minute fires {}.",
                    service.name(),
                    service.job(),
                    match service {
                        Service::Backend => "TumulteBackendDown",
                        Service::Frontend => "TumulteFrontendDown",
                        Service::Postgres => "PostgresDown",
                        Service::Redis => "RedisDown",
                    }
                ))
                .unit(Unit::UpDown)
                .mapping(up_down())
                .no_value("NO DATA")
                .thresholds(Thresholds::absolute(Color::Red, [(1.0, Color::Green)]))
                .background()
                .span(6)
                .height(4)
                .target(prom(format!("min({})", service.up_expr()), "")),
        );
    }

    // Scaling verdict (the plugin's computed panels).
    let verdict_signals: Vec<String> = policy
        .scaling_signals()
        .map(|s| {
            let steps: Vec<String> = s
                .steps
                .iter()
                .map(|st| format!("{} > {}{}: {}", st.level, st.value, s.unit.symbol(), st.action))
                .collect();
            format!("- **{}** (sustained {}): {}", s.name, s.sustain, steps.join("; "))
        })
        .collect();
    b = b
        .row("Scaling verdict")
        .panel(
            Panel::table("Scaling verdict")
                .description(
                    "Each signal of the seed's scaling table, its value sustained over its window, its warning and \
                     critical thresholds, the level reached and what to do. Computed by the Tumulte Scaling data \
                     source.",
                )
                .unit(Unit::None)
                .mapping(level_names())
                .thresholds(level_thresholds())
                .colored_cells()
                .span(14)
                .height(9)
                .target(scaling(ScalingQuery::ScalingVerdict { format: VerdictFormat::Table })),
        )
        .panel(
            Panel::text("How to read the verdict", &format!(
                "Levels: **OK** nothing to do, **INFO** plan ahead, **WARNING** act soon, **CRITICAL** act now.\n\n{}\n",
                verdict_signals.join("\n")
            ))
            .description("The seed's scaling table, as the verdict applies it.")
            .span(10)
            .height(9),
        )
        .panel(
            Panel::state_timeline("Scaling level over time")
                .description(
                    "The level of each scaling signal and of the whole verdict over time (0 ok, 1 info, 2 warning, \
                     3 critical). Computed by the Tumulte Scaling data source.",
                )
                .unit(Unit::None)
                .min(0.0)
                .max(3.0)
                .mapping(level_names())
                .thresholds(level_thresholds())
                .span(24)
                .height(7)
                .target(scaling(ScalingQuery::ScalingVerdict { format: VerdictFormat::Timeseries })),
        );

    // Traffic.
    let error_rate = policy.signal(SignalId::ErrorRate);
    b = b
        .row("Traffic")
        .panel(
            Panel::timeseries("Requests per second by route and status")
                .description("HTTP requests served per second, split by route and status code.")
                .unit(Unit::RequestsPerSecond)
                .stacked()
                .legend_table(&[Calc::Mean, Calc::Max])
                .span(12)
                .target(prom(
                    sum_by(&["route", "status_code"], &rate(&metrics::HTTP_REQUESTS, &[app], w)),
                    "{{route}} {{status_code}}",
                )),
        )
        .panel(
            Panel::timeseries("Error rate (5xx)")
                .description(&format!(
                    "Share of requests answered with a 5xx status, per service. Over the red line for {} fires \
                     HighErrorRate. No traffic shows no point rather than 0.",
                    error_rate.sustain
                ))
                .unit(Unit::PercentUnit)
                .min(0.0)
                .thresholds(thresholds(policy, SignalId::ErrorRate))
                .span(12)
                .target(prom(sig(SignalId::ErrorRate), "{{job}}")),
        );

    // Latency.
    b = b
        .row("Latency")
        .panel(
            Panel::timeseries("Request latency p50 / p95 / p99")
                .description(&format!(
                    "How long requests take: half are faster than p50, 95% faster than p95. The scaling table \
                     reads p95 sustained over {}: past the orange line optimise or scale, past the red line scale \
                     the backend (and HighRequestLatency fires).",
                    sustain(SignalId::LatencyP95)
                ))
                .unit(Unit::Seconds)
                .min(0.0)
                .thresholds(thresholds(policy, SignalId::LatencyP95))
                .span(16)
                .target(prom(latency_quantile(0.5, &d), "p50 {{job}}"))
                .target(prom(sig(SignalId::LatencyP95), "p95 {{job}}"))
                .target(prom(latency_quantile(0.99, &d), "p99 {{job}}")),
        )
        .panel(
            Panel::stat("p95 latency now")
                .description("The current p95 latency per service, coloured by the scaling table's thresholds.")
                .unit(Unit::Seconds)
                .thresholds(thresholds(policy, SignalId::LatencyP95))
                .span(8)
                .target(prom(sig(SignalId::LatencyP95), "{{job}}")),
        );

    // Realtime: WebSockets, polls, votes.
    b = b
        .row("Live polls")
        .panel(
            Panel::timeseries("WebSockets per instance")
                .description(
                    "Open WebSocket connections on each backend instance. Past the blue line (500 per instance) \
                     plan horizontal scaling.",
                )
                .unit(Unit::Short)
                .min(0.0)
                .thresholds(thresholds(policy, SignalId::WebsocketsPerInstance))
                .span(8)
                .target(prom(sig(SignalId::WebsocketsPerInstance), "{{instance}}")),
        )
        .panel(
            Panel::timeseries("Polls launched and active")
                .description("Polls launched per second (rate) and polls running now.")
                .unit(Unit::Short)
                .min(0.0)
                .span(8)
                .target(prom(
                    sum_by(&[], &rate(&metrics::POLLS_LAUNCHED, &[app], w)),
                    "launched per second",
                ))
                .target(prom(
                    sum_by(&[], &selector(metrics::POLLS_ACTIVE.name, &[app])),
                    "active",
                ))
                .with_override(Override {
                    matcher: Matcher::ByName("active".into()),
                    properties: vec![OverrideProperty::right_axis()],
                }),
        )
        .panel(
            Panel::timeseries("Votes received per second")
                .description("Votes received per second across every poll.")
                .unit(Unit::OpsPerSecond)
                .min(0.0)
                .span(8)
                .target(prom(sum_by(&[], &rate(&metrics::VOTES_RECEIVED, &[app], w)), "votes/s")),
        );

    // Database.
    b = b
        .row("Database")
        .panel(
            Panel::timeseries("DB pool connections")
                .description("The backend's database pool: connections in use and connections open but idle.")
                .unit(Unit::Short)
                .min(0.0)
                .stacked()
                .span(8)
                .target(prom(
                    sum_by(&[], &selector(metrics::DB_CONNECTIONS_ACTIVE.name, &[app])),
                    "active",
                ))
                .target(prom(
                    sum_by(&[], &selector(metrics::DB_CONNECTIONS_IDLE.name, &[app])),
                    "idle",
                )),
        )
        .panel(
            Panel::gauge("DB pool usage")
                .description(
                    "Connections in use as a share of the pool size (the \"DB pool size\" variable). Past 80% grow \
                     the pool or add read replicas.",
                )
                .unit(Unit::Percent)
                .min(0.0)
                .max(100.0)
                .thresholds(thresholds(policy, SignalId::DbPoolUsage))
                .span(4)
                .target(prom(sig(SignalId::DbPoolUsage), "{{job}}")),
        )
        .panel(
            Panel::timeseries("PostgreSQL backends")
                .description("Connections open on the PostgreSQL server, per database, and its max_connections.")
                .unit(Unit::Short)
                .min(0.0)
                .span(6)
                .target(prom(sum_by(&["datname"], metrics::PG_BACKENDS.name), "{{datname}}"))
                .target(prom(format!("max({})", metrics::PG_MAX_CONNECTIONS), "max_connections")),
        )
        .panel(
            Panel::timeseries("PostgreSQL transactions and locks")
                .description("Transactions committed and rolled back per second, and locks held by mode.")
                .unit(Unit::OpsPerSecond)
                .min(0.0)
                .span(6)
                .target(prom(sum_by(&[], &rate(&metrics::PG_XACT_COMMIT, &[], w)), "commits/s"))
                .target(prom(
                    sum_by(&[], &rate(&metrics::PG_XACT_ROLLBACK, &[], w)),
                    "rollbacks/s",
                ))
                .target(prom(sum_by(&["mode"], metrics::PG_LOCKS.name), "locks {{mode}}"))
                .with_override(Override {
                    matcher: Matcher::ByRegexp("locks .*".into()),
                    properties: vec![OverrideProperty::unit(Unit::Short), OverrideProperty::right_axis()],
                }),
        );

    // Cache.
    b = b
        .row("Cache")
        .panel(
            Panel::timeseries("Cache hit rate")
                .description(
                    "Share of cache look-ups that hit, per service, from Prometheus (the seed's query). No traffic \
                     shows no point.",
                )
                .unit(Unit::Percent)
                .min(0.0)
                .max(100.0)
                .span(6)
                .target(prom(sig(SignalId::CacheHitRate), "{{job}}")),
        )
        .panel(
            Panel::timeseries("Cache hit rate by cache (computed)")
                .description(
                    "The same rate computed by the Tumulte Scaling data source, split by cache; null (a gap) where \
                     there was no traffic, never NaN.",
                )
                .unit(Unit::Percent)
                .min(0.0)
                .max(100.0)
                .span(6)
                .target(scaling(ScalingQuery::CacheHitRate {
                    group_by: Some("cache".into()),
                })),
        )
        .panel(
            Panel::timeseries("Redis memory and clients")
                .description("Memory used by Redis, and client connections open on it (right axis).")
                .unit(Unit::Bytes)
                .min(0.0)
                .span(6)
                .target(prom(
                    sum_by(&["instance"], metrics::REDIS_MEMORY_USED.name),
                    "memory {{instance}}",
                ))
                .target(prom(
                    sum_by(&["instance"], metrics::REDIS_CLIENTS.name),
                    "clients {{instance}}",
                ))
                .with_override(Override {
                    matcher: Matcher::ByRegexp("clients .*".into()),
                    properties: vec![OverrideProperty::unit(Unit::Short), OverrideProperty::right_axis()],
                }),
        )
        .panel(
            Panel::timeseries("Redis commands per second")
                .description("Commands Redis processes per second.")
                .unit(Unit::OpsPerSecond)
                .min(0.0)
                .span(6)
                .target(prom(
                    sum_by(&["instance"], &rate(&metrics::REDIS_COMMANDS, &[], w)),
                    "{{instance}}",
                )),
        );

    // Host.
    b = b
        .row("Host")
        .panel(
            Panel::timeseries("CPU usage")
                .description(&format!(
                    "Share of CPU time not idle, per host. Sustained over {}: past 70% consider scaling, past \
                     85% scale now. Over 80% for 10 minutes fires HighCpuUsage.",
                    sustain(SignalId::CpuUsage)
                ))
                .unit(Unit::Percent)
                .min(0.0)
                .max(100.0)
                .thresholds(thresholds(policy, SignalId::CpuUsage))
                .span(8)
                .target(prom(sig(SignalId::CpuUsage), "{{instance}}")),
        )
        .panel(
            Panel::timeseries("Memory usage")
                .description(
                    "Share of memory in use, per host (the seed's query). Past 80% add RAM or instances; under 10% \
                     available fires LowMemoryAvailable.",
                )
                .unit(Unit::Percent)
                .min(0.0)
                .max(100.0)
                .thresholds(thresholds(policy, SignalId::MemoryUsage))
                .span(8)
                .target(prom(sig(SignalId::MemoryUsage), "{{instance}}")),
        )
        .panel(
            Panel::bargauge("Disk available")
                .description("Free space per filesystem. Under 15% fires DiskSpaceLow.")
                .unit(Unit::Percent)
                .min(0.0)
                .max(100.0)
                .thresholds(thresholds(policy, SignalId::DiskAvailable))
                .span(8)
                .target(prom(sig(SignalId::DiskAvailable), "{{instance}} {{mountpoint}}")),
        )
        .panel(
            Panel::timeseries("Network traffic")
                .description("Bytes received (up) and transmitted (down) per second, per host, loopback excluded.")
                .unit(Unit::BytesPerSecond)
                .span(12)
                .target(prom(
                    sum_by(
                        &["instance"],
                        &rate(&metrics::NODE_NETWORK_RECEIVE, &["device!=\"lo\"", node], w),
                    ),
                    "received {{instance}}",
                ))
                .target(prom(
                    format!(
                        "-{}",
                        sum_by(
                            &["instance"],
                            &rate(&metrics::NODE_NETWORK_TRANSMIT, &["device!=\"lo\"", node], w)
                        )
                    ),
                    "transmitted {{instance}}",
                )),
        )
        .panel(
            Panel::stat("Memory available")
                .description("Share of memory still available per host. Under 10% for 5 minutes is critical.")
                .unit(Unit::Percent)
                .thresholds(thresholds(policy, SignalId::MemoryAvailable))
                .span(12)
                .target(prom(sig(SignalId::MemoryAvailable), "{{instance}}")),
        );

    // Containers.
    let cadvisor = format!("job=\"{}\"", Job::Cadvisor);
    b = b
        .row("Containers")
        .panel(
            Panel::timeseries("Container CPU")
                .description("CPU cores used by each Docker container (cAdvisor).")
                .unit(Unit::Short)
                .min(0.0)
                .span(12)
                .target(prom(
                    sum_by(&["name"], &rate(&metrics::CONTAINER_CPU, &["name!=\"\"", &cadvisor], w)),
                    "{{name}}",
                )),
        )
        .panel(
            Panel::timeseries("Container memory")
                .description("Working-set memory of each Docker container (cAdvisor).")
                .unit(Unit::Bytes)
                .min(0.0)
                .span(12)
                .target(prom(
                    sum_by(
                        &["name"],
                        &selector(metrics::CONTAINER_MEMORY.name, &["name!=\"\"", &cadvisor]),
                    ),
                    "{{name}}",
                )),
        );

    b.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel_json(policy: &Policy, title: &str) -> serde_json::Value {
        let json = overview(policy).expect("builds").to_json();
        json["panels"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["title"] == title).cloned())
            .unwrap_or_else(|| panic!("no panel {title}"))
    }

    #[test]
    fn the_seed_overview_builds() {
        let dash = overview(&Policy::seed()).expect("builds");
        assert_eq!(dash.uid(), "tumulte-overview");
        assert!(dash.panels().count() > 25);
    }

    #[test]
    fn latency_panel_shows_the_scaling_thresholds() {
        let p = panel_json(&Policy::seed(), "Request latency p50 / p95 / p99");
        let steps = &p["fieldConfig"]["defaults"]["thresholds"]["steps"];
        assert_eq!(steps[0]["value"], serde_json::Value::Null);
        assert_eq!(
            (steps[1]["value"].as_f64(), steps[2]["value"].as_f64()),
            (Some(0.5), Some(1.0))
        );
    }

    #[test]
    fn free_disk_is_red_below_fifteen_percent() {
        let p = panel_json(&Policy::seed(), "Disk available");
        let steps = &p["fieldConfig"]["defaults"]["thresholds"]["steps"];
        assert_eq!(steps[0]["color"], "orange");
        assert_eq!(
            (steps[1]["value"].as_f64(), steps[1]["color"].as_str()),
            (Some(15.0), Some("green"))
        );
    }

    #[test]
    fn every_prometheus_query_uses_the_rate_interval() {
        let text = overview(&Policy::seed()).expect("builds").to_pretty_json();
        assert!(text.contains("$__rate_interval"));
        assert!(!text.contains("[5m]"));
    }
}
