//! The "Tumulte - Overview" dashboard, built from the [`Policy`]: every threshold, window and alert a panel
//! shows or names is the policy's, in its lines and colours and in the words of its description.
//!
//! One function per row: `service.rs` has the rows about Tumulte itself (health, verdict, traffic, latency, live
//! polls), `objectives.rs` the service-level objectives, `infrastructure.rs` those about what it runs on (database, cache, host, containers). `text.rs` words
//! the policy for descriptions.

mod infrastructure;
mod objectives;
mod service;
mod text;

use grafana_dashboards::{
    BuildErrors, Color, Dashboard, DashboardBuilder, DashboardLink, DataSourceRef, MappingResult, PrometheusTarget,
    Refresh, Target, Thresholds, ValueMapping, Variable,
};
use tumulte_policy::catalog;
use tumulte_policy::names::{
    DASHBOARD_TITLE, DASHBOARD_UID, DATASOURCE_VARIABLE, PLUGIN_ID, PLUGIN_UID, PROMETHEUS_NAME, PROMETHEUS_TYPE,
    PROMETHEUS_UID, RUNBOOK_URL,
};
use tumulte_policy::promql::Scope;
use tumulte_policy::{Direction, Level, Policy, SignalId};

/// What every row reads: the policy and the dashboard's scope (Grafana's rate interval and variables).
struct Rows<'a> {
    policy: &'a Policy,
    scope: Scope,
}

impl Rows<'_> {
    /// The PromQL of a signal on the dashboard.
    fn expr(&self, id: SignalId) -> String {
        self.policy.signal(id).expr(&self.scope)
    }

    /// A signal's thresholds coloured by level. For a signal that is worse as it shrinks, the colours run the
    /// other way: the worst level is the base and each threshold upward is one level better.
    fn thresholds(&self, id: SignalId) -> Thresholds {
        let steps = self.policy.thresholds_of(id);
        match self.policy.signal(id).direction {
            Direction::Above => Thresholds::absolute(Color::Green, steps.iter().map(|(v, l)| (*v, l.color()))),
            Direction::Below => {
                // Ascending values: below the first is the worst level; past the last is ok.
                let mut levels: Vec<Level> = steps.iter().map(|(_, l)| *l).collect();
                levels.sort_by(|a, b| b.cmp(a));
                let base = levels.first().copied().unwrap_or(Level::Ok);
                let rest = steps
                    .iter()
                    .enumerate()
                    .map(|(i, (v, _))| (*v, levels.get(i + 1).copied().unwrap_or(Level::Ok).color()));
                Thresholds::absolute(base.color(), rest)
            }
        }
    }
}

/// A Prometheus target through the `$datasource` variable.
fn prom(expr: impl Into<String>, legend: &str) -> Target {
    PrometheusTarget::new(DataSourceRef::variable(PROMETHEUS_TYPE, DATASOURCE_VARIABLE), expr)
        .legend(legend)
        .into()
}

/// The Tumulte Scaling plugin's provisioned data source.
fn scaling() -> DataSourceRef {
    DataSourceRef::uid(PLUGIN_ID, PLUGIN_UID)
}

/// Value mapping 1 → UP (green), 0 → DOWN (red).
fn up_down() -> ValueMapping {
    let result = MappingResult::new;
    ValueMapping::Values(vec![
        ("0".into(), result("DOWN", Level::Critical.color(), 0)),
        ("1".into(), result("UP", Level::Ok.color(), 1)),
    ])
}

/// Value mapping 0–3 → the level names, in their colours.
fn level_names() -> ValueMapping {
    level_mapping(|l| l.number().to_string())
}

/// Each level's name (as the verdict table writes it) as its upper-case name in its colour.
fn level_names_by_name() -> ValueMapping {
    level_mapping(|l| l.name().to_owned())
}

fn level_mapping(key: impl Fn(Level) -> String) -> ValueMapping {
    ValueMapping::Values(
        Level::ALL
            .iter()
            .map(|l| {
                (
                    key(*l),
                    MappingResult::new(&l.name().to_uppercase(), l.color(), u32::from(l.number())),
                )
            })
            .collect(),
    )
}

/// Thresholds that colour the level numbers 0–3.
fn level_thresholds() -> Thresholds {
    Thresholds::absolute(
        Level::Ok.color(),
        [Level::Info, Level::Warning, Level::Critical].map(|l| (f64::from(l.number()), l.color())),
    )
}

/// The overview dashboard of a policy.
pub fn overview(policy: &Policy) -> Result<Dashboard, BuildErrors> {
    let rows = Rows {
        policy,
        scope: Scope::dashboard(),
    };
    let b = header(policy);
    let b = rows.service_health(b);
    let b = rows.objectives(b);
    let b = rows.scaling_verdict(b);
    let b = rows.traffic(b);
    let b = rows.latency(b);
    let b = rows.live_polls(b);
    let b = rows.database(b);
    let b = rows.cache(b);
    let b = rows.host(b);
    let b = rows.containers(b);
    b.build()
}

/// The dashboard's title, time, variables and links.
fn header(policy: &Policy) -> DashboardBuilder {
    DashboardBuilder::new(DASHBOARD_UID, DASHBOARD_TITLE)
        .description(
            "Tumulte at a glance: is every service up, how busy and how fast is it, and does it need more \
             machines. Thresholds come from Tumulte's alert and scaling tables (tumulte-policy).",
        )
        .tags(&["tumulte", "generated"])
        .refresh("30s")
        .time("now-6h", "now")
        .variable(
            Variable::datasource(DATASOURCE_VARIABLE, "Prometheus", PROMETHEUS_TYPE)
                .current(PROMETHEUS_NAME, PROMETHEUS_UID),
        )
        .variable(
            Variable::query(
                "job",
                "Service",
                DataSourceRef::variable(PROMETHEUS_TYPE, DATASOURCE_VARIABLE),
                &format!("label_values({}, job)", catalog::HTTP_REQUESTS),
            )
            .multi()
            .refresh(Refresh::OnTimeRangeChange),
        )
        .variable(
            Variable::query(
                "instance",
                "Host",
                DataSourceRef::variable(PROMETHEUS_TYPE, DATASOURCE_VARIABLE),
                &format!("label_values({}, instance)", catalog::NODE_MEMORY_TOTAL),
            )
            .multi()
            .refresh(Refresh::OnTimeRangeChange),
        )
        .variable(
            Variable::custom(
                "db_pool_size",
                "DB pool size",
                &[&policy.db_pool_size.to_string(), "20", "50"],
            )
            .description("The backend's database pool size (max connections), to compute pool usage."),
        )
        .link(DashboardLink::url(
            "Runbook",
            "What each alert means and what to do",
            RUNBOOK_URL,
        ))
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
    fn tumultes_overview_builds() {
        let dash = overview(&Policy::default()).expect("builds");
        assert_eq!(dash.uid(), "tumulte-overview");
        assert!(dash.panels().count() > 25);
    }

    #[test]
    fn latency_panel_shows_the_scaling_thresholds() {
        let p = panel_json(&Policy::default(), "Request latency p50 / p95 / p99");
        let steps = &p["fieldConfig"]["defaults"]["thresholds"]["steps"];
        assert_eq!(steps[0]["value"], serde_json::Value::Null);
        assert_eq!(
            (steps[1]["value"].as_f64(), steps[2]["value"].as_f64()),
            (Some(0.5), Some(1.0))
        );
    }

    #[test]
    fn free_disk_is_red_below_fifteen_percent() {
        let p = panel_json(&Policy::default(), "Disk available");
        let steps = &p["fieldConfig"]["defaults"]["thresholds"]["steps"];
        assert_eq!(steps[0]["color"], "orange");
        assert_eq!(
            (steps[1]["value"].as_f64(), steps[1]["color"].as_str()),
            (Some(15.0), Some("green"))
        );
    }

    #[test]
    fn every_prometheus_query_uses_the_rate_interval() {
        let text = overview(&Policy::default()).expect("builds").to_pretty_json();
        assert!(text.contains("$__rate_interval"));
        assert!(!text.contains("[5m]"));
    }

    #[test]
    fn the_cpu_description_states_the_policys_steps_and_alert() {
        let p = panel_json(&Policy::default(), "CPU usage");
        assert_eq!(
            p["description"],
            "Share of CPU time not idle, per host. Sustained over 10 minutes: past 70% consider scaling, past 85% \
             scale now. Over 80% for 10 minutes fires HighCpuUsage."
        );
    }
}
