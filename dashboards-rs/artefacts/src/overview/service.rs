//! The rows about Tumulte itself: service health, the scaling verdict, traffic, latency and live polls.

use grafana_dashboards::promql::{rate, selector, sum_by};
use grafana_dashboards::viz::common::Calc;
use grafana_dashboards::viz::table::CellDisplay;
use grafana_dashboards::{DashboardBuilder, Matcher, Override, OverrideProperty, Panel, Thresholds, Unit};
use tumulte_policy::catalog;
use tumulte_policy::promql::latency_quantile;
use tumulte_policy::query::{columns, ScalingQuery, VerdictFormat, VerdictSeries};
use tumulte_policy::{Level, Service, SignalId};

use super::text::{alerts_on, down_alert, scaling_steps, sentences};
use super::{level_names, level_names_by_name, level_thresholds, prom, scaling, up_down, Rows};

impl Rows<'_> {
    /// Whether Prometheus reaches each service now.
    pub(super) fn service_health(&self, mut b: DashboardBuilder) -> DashboardBuilder {
        b = b.row("Service health");
        for service in Service::ALL {
            b = b.panel(
                Panel::stat(&format!("{} up", service.name()))
                    .description(&format!(
                        "Whether Prometheus reaches {} (job \"{}\") right now. {}",
                        service.name(),
                        service.job(),
                        down_alert(self.policy, service)
                    ))
                    .unit(Unit::UpDown)
                    .mapping(up_down())
                    .no_value("NO DATA")
                    .thresholds(Thresholds::absolute(
                        Level::Critical.color(),
                        [(1.0, Level::Ok.color())],
                    ))
                    .background()
                    .span(6)
                    .height(4)
                    .target(prom(format!("min({})", service.up_expr()), "")),
            );
        }
        b
    }

    /// The plugin's verdict as a table, in words, and over time.
    pub(super) fn scaling_verdict(&self, b: DashboardBuilder) -> DashboardBuilder {
        let table: Vec<String> = self
            .policy
            .scaling_signals()
            .map(|s| {
                let steps: Vec<String> = s
                    .steps
                    .iter()
                    .map(|st| format!("{} > {}: {}", st.level, s.unit.format(st.value), st.action))
                    .collect();
                format!("- **{}** (sustained {}): {}", s.name, s.sustain, steps.join("; "))
            })
            .collect();
        let levels: Vec<String> = Level::ALL
            .iter()
            .map(|l| format!("**{}** {}", l.name().to_uppercase(), l.meaning()))
            .collect();
        b.row("Scaling verdict")
            .panel(
                Panel::table("Scaling verdict")
                    .description(
                        "Each signal of the scaling table, its value sustained over its window, its warning and \
                         critical thresholds, the level reached and what to do. Computed by the Tumulte Scaling \
                         data source.",
                    )
                    .unit(Unit::None)
                    // Only the level is mapped and coloured: the signals' values are not levels.
                    .with_override(Override {
                        matcher: Matcher::ByName(columns::LEVEL.into()),
                        properties: vec![
                            OverrideProperty::mappings(vec![level_names_by_name()]),
                            OverrideProperty::cell_display(CellDisplay::ColorBackground),
                        ],
                        ..Default::default()
                    })
                    // For machines: the key, and the level as a number (the state timeline's).
                    .with_override(Override {
                        matcher: Matcher::ByName(columns::KEY.into()),
                        properties: vec![OverrideProperty::hidden()],
                        ..Default::default()
                    })
                    .with_override(Override {
                        matcher: Matcher::ByName(columns::LEVEL_VALUE.into()),
                        properties: vec![OverrideProperty::hidden()],
                        ..Default::default()
                    })
                    .span(14)
                    .height(9)
                    .plugin_target(
                        scaling(),
                        &ScalingQuery::ScalingVerdict {
                            format: VerdictFormat::Table,
                            series: VerdictSeries::All,
                        },
                    ),
            )
            .panel(
                Panel::text(
                    "How to read the verdict",
                    &format!("Levels: {}.\n\n{}\n", levels.join(", "), table.join("\n")),
                )
                .description("The scaling table, as the verdict applies it.")
                .span(10)
                .height(9),
            )
            .panel(
                Panel::state_timeline("Scaling level over time")
                    .description(&format!(
                        "The level of each scaling signal and of the whole verdict over time ({}). Computed by the \
                         Tumulte Scaling data source.",
                        Level::ALL
                            .iter()
                            .map(|l| format!("{} {}", l.number(), l.name()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                    .unit(Unit::None)
                    .min(0.0)
                    .max(f64::from(Level::Critical.number()))
                    .mapping(level_names())
                    .thresholds(level_thresholds())
                    .span(24)
                    .height(7)
                    .plugin_target(
                        scaling(),
                        &ScalingQuery::ScalingVerdict {
                            format: VerdictFormat::Timeseries,
                            series: VerdictSeries::All,
                        },
                    ),
            )
    }

    /// Requests per route and the share of server errors.
    pub(super) fn traffic(&self, b: DashboardBuilder) -> DashboardBuilder {
        let (app, w) = (self.scope.app.as_str(), self.scope.window.as_str());
        b.row("Traffic")
            .panel(
                Panel::timeseries("Requests per second by route and status")
                    .description("HTTP requests served per second, split by route and status code.")
                    .unit(Unit::RequestsPerSecond)
                    .stacked()
                    .legend_table(&[Calc::Mean, Calc::Max])
                    .span(12)
                    .target(prom(
                        sum_by(&["route", "status_code"], &rate(&catalog::HTTP_REQUESTS, &[app], w)),
                        "{{route}} {{status_code}}",
                    )),
            )
            .panel(
                Panel::timeseries("Error rate (5xx)")
                    .description(&sentences(&[
                        "Share of requests answered with a 5xx status, per service.",
                        &alerts_on(self.policy, SignalId::ErrorRate),
                        "No traffic shows no point rather than 0.",
                    ]))
                    .unit(Unit::PercentUnit)
                    .min(0.0)
                    .thresholds(self.thresholds(SignalId::ErrorRate))
                    .span(12)
                    .target(prom(self.expr(SignalId::ErrorRate), "{{job}}")),
            )
    }

    /// p50, p95 and p99 latency, and p95 now.
    pub(super) fn latency(&self, b: DashboardBuilder) -> DashboardBuilder {
        let latency = self.policy.signal(SignalId::LatencyP95);
        b.row("Latency")
            .panel(
                Panel::timeseries("Request latency p50 / p95 / p99")
                    .description(&sentences(&[
                        "How long requests take: half are faster than p50, 95% faster than p95. The scaling table \
                         reads p95.",
                        &scaling_steps(latency),
                        &alerts_on(self.policy, SignalId::LatencyP95),
                    ]))
                    .unit(latency.unit.clone())
                    .min(0.0)
                    .thresholds(self.thresholds(SignalId::LatencyP95))
                    .span(16)
                    .target(prom(latency_quantile(0.5, &self.scope), "p50 {{job}}"))
                    .target(prom(self.expr(SignalId::LatencyP95), "p95 {{job}}"))
                    .target(prom(latency_quantile(0.99, &self.scope), "p99 {{job}}")),
            )
            .panel(
                Panel::stat("p95 latency now")
                    .description("The current p95 latency per service, coloured by the scaling table's thresholds.")
                    .unit(latency.unit.clone())
                    .thresholds(self.thresholds(SignalId::LatencyP95))
                    .span(8)
                    .target(prom(self.expr(SignalId::LatencyP95), "{{job}}")),
            )
    }

    /// WebSockets, polls and votes.
    pub(super) fn live_polls(&self, b: DashboardBuilder) -> DashboardBuilder {
        let (app, w) = (self.scope.app.as_str(), self.scope.window.as_str());
        let websockets = self.policy.signal(SignalId::WebsocketsPerInstance);
        b.row("Live polls")
            .panel(
                Panel::timeseries("WebSockets per instance")
                    .description(&sentences(&[
                        "Open WebSocket connections on each backend instance.",
                        &scaling_steps(websockets),
                    ]))
                    .unit(websockets.unit.clone())
                    .min(0.0)
                    .thresholds(self.thresholds(SignalId::WebsocketsPerInstance))
                    .span(8)
                    .target(prom(self.expr(SignalId::WebsocketsPerInstance), "{{instance}}")),
            )
            .panel(
                Panel::timeseries("Polls launched and active")
                    .description("Polls launched per second (rate) and polls running now.")
                    .unit(Unit::Short)
                    .min(0.0)
                    .span(8)
                    .target(prom(
                        sum_by(&[], &rate(&catalog::POLLS_LAUNCHED, &[app], w)),
                        "launched per second",
                    ))
                    .target(prom(
                        sum_by(&[], &selector(catalog::POLLS_ACTIVE.name, &[app])),
                        "active",
                    ))
                    .with_override(Override {
                        matcher: Matcher::ByName("active".into()),
                        properties: vec![OverrideProperty::right_axis()],
                        ..Default::default()
                    }),
            )
            .panel(
                Panel::timeseries("Votes received per second")
                    .description("Votes received per second across every poll.")
                    .unit(Unit::OpsPerSecond)
                    .min(0.0)
                    .span(8)
                    .target(prom(sum_by(&[], &rate(&catalog::VOTES_RECEIVED, &[app], w)), "votes/s")),
            )
    }
}
