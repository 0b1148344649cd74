//! Service-level objectives: the share of requests that must be good over a window, and the multi-window,
//! multi-burn-rate alerts that page or open a ticket when the error budget goes too fast (Google's SRE workbook,
//! "Alerting on SLOs").
//!
//! An objective of 99.5 % over 30 days leaves an error budget of 0.5 % of the requests. The burn rate is how
//! fast it goes: the error ratio over a window divided by the budget, so 1 spends exactly the budget in 30 days
//! and 14.4 spends 2 % of it in an hour. Each alert fires when the burn rate is past its factor over a long
//! window (the budget really went) and a short one (it is still going, so the alert stops soon after the cause).
//!
//! ```
//! use grafana_dashboards::PromDuration;
//! use tumulte_policy::slo::ObjectiveId;
//! use tumulte_policy::Policy;
//!
//! let policy = Policy::default();
//! let availability = policy.slo.objective(ObjectiveId::Availability);
//! assert_eq!(availability.budget(), 0.005);
//! assert_eq!(
//!     availability.ratio_record(PromDuration::hours(1)),
//!     "job:tumulte_availability_errors:ratio_rate1h"
//! );
//! let fast = &policy.slo.alerts[0];
//! assert_eq!(availability.alert_name(fast), "AvailabilityBudgetBurn1h");
//! assert_eq!(fast.exhausts(policy.slo.window), PromDuration::hours(50));
//! ```

use grafana_dashboards::promql::{rate, selector, sum_by};
use grafana_dashboards::PromDuration;
use serde::Serialize;

use crate::catalog;
use crate::level::Level;
use crate::signal::SignalId;

/// Which objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ObjectiveId {
    /// Requests not answered with a server error.
    Availability,
    /// Requests answered fast enough.
    Latency,
}

impl ObjectiveId {
    /// Every objective, in the policy's order.
    pub const ALL: [ObjectiveId; 2] = [ObjectiveId::Availability, ObjectiveId::Latency];

    /// Its key in names and labels (`availability`).
    pub const fn key(self) -> &'static str {
        match self {
            ObjectiveId::Availability => "availability",
            ObjectiveId::Latency => "latency",
        }
    }
}

/// What makes a request bad for an objective.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum BadRequest {
    /// Answered with a 5xx status (`tumulte_http_requests_total`).
    ServerError,
    /// Answered in more than this many seconds: not counted in the latency histogram's bucket of that bound
    /// (`tumulte_http_request_duration_seconds_bucket{le="…"}`), which must be one of its buckets.
    SlowerThan(f64),
}

/// A service-level objective: the share of requests that must be good over the policy's window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Objective {
    /// Which objective.
    pub id: ObjectiveId,
    /// Its name for people ("Availability").
    pub name: String,
    /// What counts as a bad request.
    pub bad: BadRequest,
    /// The share of requests that must be good, in percent (99.5).
    pub target: f64,
    /// What to look at when its budget burns, as Markdown steps: the runbook section of each of its alerts,
    /// after the alert's condition and what its urgency asks.
    pub runbook: String,
}

/// Whom a burn-rate alert calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Urgency {
    /// Someone now, day or night: the budget goes in days.
    Page,
    /// Someone in working hours: the budget goes in weeks.
    Ticket,
}

impl Urgency {
    /// The `severity` label, as the alert table's alerts have it, so Alertmanager routes and inhibits both alike.
    pub const fn severity(self) -> Level {
        match self {
            Urgency::Page => Level::Critical,
            Urgency::Ticket => Level::Warning,
        }
    }

    /// `page` or `ticket`.
    pub const fn name(self) -> &'static str {
        match self {
            Urgency::Page => "page",
            Urgency::Ticket => "ticket",
        }
    }

    /// What it asks of the person it reaches.
    pub const fn asks(self) -> &'static str {
        match self {
            Urgency::Page => {
                "A page: act now. At this rate the objective is missed within days; find what changed and stop the \
                 bleeding first (roll back, fail over, shed load), then find the cause."
            }
            Urgency::Ticket => {
                "A ticket: act in working hours. The budget is going faster than it comes back, slowly enough to \
                 plan the fix; it pages if it speeds up."
            }
        }
    }
}

/// A multi-window burn-rate alert: the burn rate past `factor` over both `long` and `short`, for `for_duration`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BurnRateAlert {
    /// Page or ticket.
    pub urgency: Urgency,
    /// The burn rate it fires past (1 spends the budget in exactly the window).
    pub factor: f64,
    /// The window that shows the budget really went.
    pub long: PromDuration,
    /// The window that shows it is still going.
    pub short: PromDuration,
    /// How long both must hold (Prometheus `for`).
    pub for_duration: PromDuration,
}

impl BurnRateAlert {
    /// How long the whole budget of `window` lasts at this alert's burn rate.
    pub fn exhausts(&self, window: PromDuration) -> PromDuration {
        PromDuration::millis((window.as_millis() as f64 / self.factor).round() as u64)
    }

    /// The share of the budget of `window` this alert's burn rate spends over its long window (0.02 for 14.4×
    /// over 1 h of 30 days).
    pub fn spends(&self, window: PromDuration) -> f64 {
        self.factor * self.long.as_millis() as f64 / window.as_millis() as f64
    }
}

/// The objectives and their alerts, over one window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SloPolicy {
    /// The window every objective is measured over (30 days).
    pub window: PromDuration,
    /// The objectives, one per [`ObjectiveId`], in [`ObjectiveId::ALL`] order.
    pub objectives: Vec<Objective>,
    /// The burn-rate alerts every objective gets, fastest first.
    pub alerts: Vec<BurnRateAlert>,
}

impl SloPolicy {
    /// The objective `id`.
    pub fn objective(&self, id: ObjectiveId) -> &Objective {
        &self.objectives[id as usize]
    }

    /// The objective `id`, to change it.
    pub fn objective_mut(&mut self, id: ObjectiveId) -> &mut Objective {
        &mut self.objectives[id as usize]
    }

    /// Every window an error ratio is recorded over: each alert's two and the objective's, shortest first.
    pub fn windows(&self) -> Vec<PromDuration> {
        let mut windows: Vec<PromDuration> = self
            .alerts
            .iter()
            .flat_map(|a| [a.long, a.short])
            .chain([self.window])
            .collect();
        windows.sort();
        windows.dedup();
        windows
    }
}

impl Objective {
    /// The error budget: the share of requests allowed to be bad (0.005 for 99.5 %).
    pub fn budget(&self) -> f64 {
        // In percent first: 100 - 99.5 is exact, 1 - 0.995 is not.
        (100.0 - self.target) / 100.0
    }

    /// The signal of the alert table closest to it, whose `service` label its alerts share.
    pub const fn signal(&self) -> SignalId {
        match self.bad {
            BadRequest::ServerError => SignalId::ErrorRate,
            BadRequest::SlowerThan(_) => SignalId::LatencyP95,
        }
    }

    /// What a good request is, for people: "requests not answered with a 5xx status".
    pub fn good_requests(&self) -> String {
        match self.bad {
            BadRequest::ServerError => "requests not answered with a 5xx status".into(),
            BadRequest::SlowerThan(seconds) => {
                format!(
                    "requests answered within {}",
                    grafana_dashboards::Unit::Seconds.format(seconds)
                )
            }
        }
    }

    /// The recorded error ratio over `window`: `job:tumulte_availability_errors:ratio_rate1h`.
    pub fn ratio_record(&self, window: PromDuration) -> String {
        format!("job:tumulte_{}_errors:ratio_rate{window}", self.id.key())
    }

    /// The recorded share of the budget left over the objective's window (1 untouched, 0 spent, below 0
    /// overspent): `job:tumulte_availability_error_budget:remaining30d`.
    pub fn budget_record(&self, window: PromDuration) -> String {
        format!("job:tumulte_{}_error_budget:remaining{window}", self.id.key())
    }

    /// The name of its alert `alert`: the objective and the long window (`AvailabilityBudgetBurn1h`).
    pub fn alert_name(&self, alert: &BurnRateAlert) -> String {
        format!("{}BudgetBurn{}", self.name.replace(' ', ""), alert.long)
    }

    /// The PromQL of the share of requests that were bad over `window`, per job. No request gives no value
    /// (the denominator is filtered), and requests without a bad one give 0 (the `or`), not no value.
    pub fn error_ratio_expr(&self, window: PromDuration) -> String {
        let w = window.to_string();
        match self.bad {
            BadRequest::ServerError => {
                let all = sum_by(&["job"], &rate(&catalog::HTTP_REQUESTS, &[], &w));
                let bad = sum_by(&["job"], &rate(&catalog::HTTP_REQUESTS, &["status_code=~\"5..\""], &w));
                format!("({bad} or {all} * 0) / ({all} > 0)")
            }
            BadRequest::SlowerThan(seconds) => {
                let all = sum_by(
                    &["job"],
                    &format!("rate({}[{w}])", selector(&catalog::HTTP_REQUEST_DURATION.count(), &[])),
                );
                let fast = sum_by(
                    &["job"],
                    &format!(
                        "rate({}[{w}])",
                        selector(
                            &catalog::HTTP_REQUEST_DURATION.bucket(),
                            &[&format!("le=\"{seconds}\"")]
                        )
                    ),
                );
                format!("({all} - {fast}) / ({all} > 0)")
            }
        }
    }

    /// The PromQL of the budget left over `window`, from its recorded ratio.
    pub fn budget_expr(&self, window: PromDuration) -> String {
        format!("1 - {} / {}", self.ratio_record(window), self.budget())
    }

    /// The PromQL of the burn rate over `window`, from its recorded ratio.
    pub fn burn_rate_expr(&self, window: PromDuration) -> String {
        format!("{} / {}", self.ratio_record(window), self.budget())
    }

    /// The PromQL of `alert`: the burn rate past its factor over both windows. Its value is the burn rate over
    /// the long window.
    pub fn alert_expr(&self, alert: &BurnRateAlert) -> String {
        format!(
            "{} > {factor} and {} > {factor}",
            self.burn_rate_expr(alert.long),
            self.burn_rate_expr(alert.short),
            factor = alert.factor
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Policy;

    #[test]
    fn the_defaults_record_the_eight_windows_of_the_four_alerts_and_the_month() {
        let windows: Vec<String> = Policy::default().slo.windows().iter().map(|w| w.to_string()).collect();
        assert_eq!(windows, ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"]);
    }

    #[test]
    fn the_defaults_are_the_workbooks_four_alerts() {
        let alerts: Vec<(Urgency, f64, String, String)> = Policy::default()
            .slo
            .alerts
            .iter()
            .map(|a| (a.urgency, a.factor, a.long.to_string(), a.short.to_string()))
            .collect();
        let expected = [
            (Urgency::Page, 14.4, "1h", "5m"),
            (Urgency::Page, 6.0, "6h", "30m"),
            (Urgency::Ticket, 3.0, "1d", "2h"),
            (Urgency::Ticket, 1.0, "3d", "6h"),
        ]
        .map(|(u, f, l, s)| (u, f, l.to_owned(), s.to_owned()));
        assert_eq!(alerts, expected);
    }

    #[test]
    fn the_fastest_alert_spends_two_percent_of_the_month_in_an_hour() {
        let policy = Policy::default();
        let spent = policy.slo.alerts[0].spends(policy.slo.window);
        assert!((spent - 0.02).abs() < 1e-12, "{spent}");
    }

    #[test]
    fn no_traffic_divides_by_nothing() {
        for objective in &Policy::default().slo.objectives {
            let expr = objective.error_ratio_expr(PromDuration::minutes(5));
            assert!(expr.ends_with("[5m])) > 0)"), "{expr}");
        }
    }

    #[test]
    fn latency_counts_requests_outside_the_half_second_bucket() {
        let policy = Policy::default();
        let expr = policy
            .slo
            .objective(ObjectiveId::Latency)
            .error_ratio_expr(PromDuration::hours(1));
        assert!(
            expr.contains("tumulte_http_request_duration_seconds_bucket{le=\"0.5\"}[1h]"),
            "{expr}"
        );
    }

    #[test]
    fn an_alert_compares_both_windows_burn_rates_with_its_factor() {
        let policy = Policy::default();
        let availability = policy.slo.objective(ObjectiveId::Availability);
        assert_eq!(
            availability.alert_expr(&policy.slo.alerts[0]),
            "job:tumulte_availability_errors:ratio_rate1h / 0.005 > 14.4 and \
             job:tumulte_availability_errors:ratio_rate5m / 0.005 > 14.4"
        );
    }

    #[test]
    fn every_expression_parses() {
        let policy = Policy::default();
        for objective in &policy.slo.objectives {
            for window in policy.slo.windows() {
                grafana_dashboards::promql::parse(&objective.error_ratio_expr(window)).expect("ratio parses");
            }
            for alert in &policy.slo.alerts {
                grafana_dashboards::promql::parse(&objective.alert_expr(alert)).expect("alert parses");
            }
        }
    }
}
