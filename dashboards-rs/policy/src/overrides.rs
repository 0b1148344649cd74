//! Overrides of the scaling table's steps, as a data source stores them (`{"cpuUsage": {"warning": 60}}`).
//!
//! The plugin applies a data source's `jsonData.thresholds` with this, and the WebAssembly build applies the same
//! JSON for the query editor's preview, so both judge with the same thresholds.

use std::collections::BTreeMap;

use grafana_dashboards::excerpt::prefix;

use crate::level::Level;
use crate::policy::Policy;
use crate::signal::SignalId;

/// Step values by signal key, then by level name: `{"cpuUsage": {"warning": 60, "critical": 80}}`.
pub type Overrides = BTreeMap<String, BTreeMap<String, f64>>;

/// An override that names no step of the scaling table, or is not a threshold.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OverrideError {
    /// The key is no signal of the scaling table.
    #[error("thresholds.{key}: no such signal of the scaling table; use one of {expected}")]
    UnknownSignal {
        /// The key given.
        key: String,
        /// The keys of the scaling table.
        expected: String,
    },
    /// The signal has no step at that level.
    #[error("thresholds.{key}.{level}: the scaling table has no {level} step for {key}; it has {expected}")]
    UnknownStep {
        /// The signal.
        key: String,
        /// The level given.
        level: String,
        /// The levels it has.
        expected: String,
    },
    /// NaN, infinite or negative.
    #[error("thresholds.{key}.{level} is {value}: give a finite number of 0 or more, in the signal's unit")]
    BadValue {
        /// The signal.
        key: String,
        /// The level.
        level: String,
        /// The value.
        value: f64,
    },
}

impl Policy {
    /// Applies overrides to the scaling steps; on error the policy is left as it was.
    pub fn apply_overrides(&mut self, overrides: &Overrides) -> Result<(), OverrideError> {
        let mut next = self.clone();
        let scaling: Vec<SignalId> = next.scaling_signals().map(|s| s.id).collect();
        for (key, levels) in overrides {
            let id = SignalId::from_key(key)
                .filter(|id| scaling.contains(id))
                .ok_or_else(|| OverrideError::UnknownSignal {
                    key: prefix(key).into_owned(),
                    expected: scaling.iter().map(|s| s.key()).collect::<Vec<_>>().join(", "),
                })?;
            let signal = next.signal_mut(id);
            let expected = signal
                .steps
                .iter()
                .map(|s| s.level.name())
                .collect::<Vec<_>>()
                .join(", ");
            for (level_name, &value) in levels {
                let step = Level::from_name(level_name)
                    .and_then(|l| signal.step_mut(l))
                    .ok_or_else(|| OverrideError::UnknownStep {
                        key: key.clone(),
                        level: prefix(level_name).into_owned(),
                        expected: expected.clone(),
                    })?;
                if !value.is_finite() || value < 0.0 {
                    return Err(OverrideError::BadValue {
                        key: key.clone(),
                        level: level_name.clone(),
                        value,
                    });
                }
                step.value = value;
            }
        }
        *self = next;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overrides(json: &str) -> Overrides {
        serde_json::from_str(json).expect("overrides JSON")
    }

    #[test]
    fn an_override_moves_the_step() {
        let mut policy = Policy::default();
        policy
            .apply_overrides(&overrides(r#"{"cpuUsage": {"warning": 60}}"#))
            .expect("valid");
        assert_eq!(
            policy.signal(SignalId::CpuUsage).step(Level::Warning).map(|s| s.value),
            Some(60.0)
        );
    }

    #[test]
    fn an_unknown_signal_lists_the_scaling_signals() {
        let err = Policy::default()
            .apply_overrides(&overrides(r#"{"cpu": {"warning": 60}}"#))
            .expect_err("unknown");
        assert!(
            err.to_string().contains("use one of cpuUsage, memoryUsage, latencyP95"),
            "{err}"
        );
    }

    #[test]
    fn a_step_the_scaling_table_lacks_is_refused_naming_the_steps_it_has() {
        let err = Policy::default()
            .apply_overrides(&overrides(r#"{"dbPoolUsage": {"critical": 95}}"#))
            .expect_err("no step");
        assert_eq!(
            err.to_string(),
            "thresholds.dbPoolUsage.critical: the scaling table has no critical step for dbPoolUsage; it has warning"
        );
    }

    #[test]
    fn a_negative_threshold_is_refused_and_nothing_changes() {
        let mut policy = Policy::default();
        let err = policy
            .apply_overrides(&overrides(
                r#"{"cpuUsage": {"critical": 90}, "latencyP95": {"warning": -1}}"#,
            ))
            .expect_err("negative");
        assert!(err.to_string().contains("latencyP95.warning is -1"), "{err}");
        assert_eq!(policy, Policy::default(), "a failed apply leaves the policy as it was");
    }
}
