//! The service-level objectives row: per objective, the SLI over the objective's window, the error budget left,
//! and the burn rate over each alert's long window, with each alert's factor as a threshold line. The short
//! windows are left out: they only confirm that the burn goes on, and seven windows per service drown the four
//! that are compared with the lines.

use grafana_dashboards::promql::selector;
use grafana_dashboards::viz::common::Calc;
use grafana_dashboards::viz::Viz;
use grafana_dashboards::{DashboardBuilder, Panel, Thresholds, Unit};
use tumulte_policy::slo::Objective;
use tumulte_policy::Level;

use super::text::sentences;
use super::{prom, Rows};
use crate::slo::{condition_text, objective_text};

/// The unit of a burn rate: a multiple of the rate that spends exactly the budget.
fn times() -> Unit {
    Unit::Custom("suffix:×".into())
}

impl Rows<'_> {
    /// A recorded series of an objective, filtered by the dashboard's `$job`.
    fn recorded(&self, record: &str) -> String {
        selector(record, &[self.scope.app.as_str()])
    }

    /// One line of panels per objective.
    pub(super) fn objectives(&self, mut b: DashboardBuilder) -> DashboardBuilder {
        b = b.row("Service-level objectives");
        for objective in &self.policy.slo.objectives {
            b = self.objective(b, objective);
        }
        b
    }

    fn objective(&self, b: DashboardBuilder, objective: &Objective) -> DashboardBuilder {
        let slo = &self.policy.slo;
        let window = slo.window;
        let stated = objective_text(self.policy, objective);
        let alerts: Vec<String> = slo
            .alerts
            .iter()
            .map(|a| {
                format!(
                    "{} ({}): {}",
                    objective.alert_name(a),
                    a.urgency.name(),
                    condition_text(self.policy, a)
                )
            })
            .collect();
        let mut burn = Panel::timeseries(&format!("{} burn rate", objective.name))
            .description(&sentences(&[
                &format!("{stated}."),
                &format!(
                    "How fast the budget goes over each alert's long window: 1× spends exactly the budget in {}. \
                     The dashed lines are the alerts' factors; each series is named with the factor it is compared \
                     with.",
                    window.words()
                ),
                &alerts.join(" "),
            ]))
            .unit(times())
            .min(0.0)
            .legend_table(&[Calc::LastNotNull, Calc::Max])
            // Several series over one another: a fill under each would muddy the lines.
            .with(|panel| {
                if let Viz::Timeseries(_, custom) = &mut panel.viz {
                    custom.fill_opacity = 0.0;
                }
            })
            .thresholds(Thresholds::absolute(
                Level::Ok.color(),
                slo.alerts.iter().map(|a| (a.factor, a.urgency.severity().color())),
            ))
            .span(14);
        for alert in &slo.alerts {
            burn = burn.target(prom(
                format!(
                    "{} / {}",
                    self.recorded(&objective.ratio_record(alert.long)),
                    objective.budget()
                ),
                &format!(
                    "{{{{job}}}} over {} ({} past {}×)",
                    alert.long,
                    alert.urgency.name(),
                    alert.factor
                ),
            ));
        }
        b.panel(
            Panel::stat(&format!("{} over {}", objective.name, window.words()))
                .description(&format!(
                    "{stated}. The share of good requests over the last {}, per service; red below the objective.",
                    window.words()
                ))
                .unit(Unit::PercentUnit)
                .decimals(3)
                .thresholds(Thresholds::absolute(
                    Level::Critical.color(),
                    [(objective.target / 100.0, Level::Ok.color())],
                ))
                .background()
                .span(5)
                .target(prom(
                    format!("1 - {}", self.recorded(&objective.ratio_record(window))),
                    "{{job}}",
                )),
        )
        .panel(
            Panel::stat(&format!("{} error budget left", objective.name))
                .description(&format!(
                    "{stated}. The share of that budget not yet spent over the last {}: 100% untouched, 0% spent, \
                     below 0 overspent.",
                    window.words()
                ))
                .unit(Unit::PercentUnit)
                .thresholds(Thresholds::absolute(
                    Level::Critical.color(),
                    [(0.0, Level::Ok.color())],
                ))
                .background()
                .span(5)
                .target(prom(self.recorded(&objective.budget_record(window)), "{{job}}")),
        )
        .panel(burn)
    }
}
