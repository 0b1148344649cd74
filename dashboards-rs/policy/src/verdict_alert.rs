//! The scaling verdict as a Grafana-managed alert: Grafana asks the Tumulte Scaling data source for the overall
//! level over a short look-back window, keeps the last value, and fires once it has been at [`fires_at`] or
//! worse for the pending period. These are its facts; `tumulte-artefacts` writes the provisioning file from
//! them (`provisioning/alerting/tumulte-verdict.yml`), and the uids and names are in [`crate::names`].
//!
//! Unlike the alert table's rules, which Prometheus evaluates on one signal each, this alert reads the verdict
//! engine itself (every signal of the scaling table, each over its own sustain window, and the data source's
//! overrides), so it fires exactly when the overview's verdict says critical.
//!
//! [`fires_at`]: VerdictAlert::fires_at

use grafana_dashboards::PromDuration;
use serde::Serialize;

use crate::level::Level;
use crate::names::RUNBOOK_URL;

/// The verdict alert's facts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerdictAlert {
    /// The alert's name: Grafana's rule title and `alertname`, and its runbook section.
    pub name: String,
    /// The overall level it fires at (or worse).
    pub fires_at: Level,
    /// How long the level must hold before the alert fires (Grafana's `for`).
    pub pending: PromDuration,
    /// How far back the rule's query looks; only its last value counts, so a few evaluation points suffice.
    pub window: PromDuration,
    /// How often Grafana evaluates the rule (its group's interval).
    pub interval: PromDuration,
    /// One line for the notification.
    pub summary: String,
    /// What to do, for the runbook section.
    pub runbook: String,
}

impl Default for VerdictAlert {
    /// Tumulte's: critical for 5 minutes (on top of each signal's own sustain window), checked every minute.
    fn default() -> Self {
        VerdictAlert {
            name: "ScalingVerdictCritical".into(),
            fires_at: Level::Critical,
            pending: PromDuration::minutes(5),
            window: PromDuration::minutes(5),
            interval: PromDuration::minutes(1),
            summary: "The scaling verdict is critical: Tumulte needs more capacity now".into(),
            runbook: "1. Open the overview's Scaling verdict table: the rows at critical name the signals and \
                      their actions.\n\
                      2. Apply the first row's action (scale the backend, raise the DB pool, add an instance).\n\
                      3. The alert resolves once the overall level has been below critical for one evaluation."
                .into(),
        }
    }
}

impl VerdictAlert {
    /// The value the rule's threshold compares the last overall level with: levels are whole numbers, so
    /// "above `fires_at` − ½" is "at `fires_at` or worse" (Grafana 10.4's threshold has `gt` but no `gte`).
    pub fn threshold(&self) -> f64 {
        f64::from(self.fires_at.number()) - 0.5
    }

    /// The notification's description, with the level, the pending period and the runbook section.
    pub fn description(&self) -> String {
        format!(
            "The overall level of the scaling verdict (Tumulte Scaling data source) has been {} for {}: at least \
             one signal of the scaling table is past its {} step over its sustain window. See the overview's \
             Scaling verdict for which, and {} for what to do.",
            self.fires_at.name(),
            self.pending.words(),
            self.fires_at.name(),
            self.runbook_url()
        )
    }

    /// The URL of the alert's runbook section.
    pub fn runbook_url(&self) -> String {
        format!("{RUNBOOK_URL}#{}", self.name.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_threshold_lets_only_the_level_it_fires_at_and_worse_through() {
        let alert = VerdictAlert::default();
        let t = alert.threshold();
        for level in Level::ALL {
            assert_eq!(f64::from(level.number()) > t, level >= alert.fires_at, "{level:?}");
        }
    }

    #[test]
    fn the_description_states_the_level_the_pending_period_and_the_runbook() {
        let text = VerdictAlert::default().description();
        assert!(text.contains("has been critical for 5 minutes"), "{text}");
        assert!(text.ends_with(&format!("See the overview's Scaling verdict for which, and {RUNBOOK_URL}#scalingverdictcritical for what to do.")), "{text}");
    }

    #[test]
    fn no_text_holds_a_dollar_that_grafana_would_expand() {
        let alert = VerdictAlert::default();
        for text in [&alert.name, &alert.summary, &alert.runbook, &alert.description()] {
            assert!(!text.contains('$'), "{text}");
        }
    }
}
