//! What start-up saw when the stack became ready ([`Readiness`]): each engine's targets and rule groups, the time.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::readiness::EngineReport;

/// What start-up saw when the stack became ready.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    /// Prometheus' targets and rule groups, if it was started.
    pub prometheus: Option<EngineReport>,
    /// VictoriaMetrics' targets, if it was started.
    pub victoria_metrics: Option<EngineReport>,
    /// How long start-up took.
    pub elapsed: Duration,
}

impl Readiness {
    /// How many targets start-up waited for (all UP), in Prometheus (else VictoriaMetrics).
    pub fn targets_up(&self) -> usize {
        self.prometheus
            .as_ref()
            .or(self.victoria_metrics.as_ref())
            .map_or(0, |r| r.targets.len())
    }
}
