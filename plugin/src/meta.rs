//! What the plugin adds to a frame's meta (`meta.custom`): the step of a range query's grid, a verdict's
//! overall level.

use grafana_frames::{FrameType, Grid, Meta};
use serde::Serialize;
use tumulte_policy::Level;

/// A frame's `meta.custom`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged, rename_all_fields = "camelCase")]
pub enum Custom {
    /// A range query's: the step of its grid.
    Range {
        /// Seconds between points.
        step_seconds: i64,
    },
    /// A verdict table's: the overall level.
    Verdict {
        /// The worst level of any signal.
        overall: Level,
    },
}

impl From<Custom> for serde_json::Value {
    fn from(custom: Custom) -> Self {
        // Two plain enums of strings and integers: serialising them cannot fail.
        serde_json::to_value(custom).unwrap_or_default()
    }
}

/// The meta of a range frame: `timeseries-wide`, the executed PromQL, the grid's step.
pub fn range(query: &str, grid: &Grid) -> Meta {
    let mut meta = Meta::new(FrameType::TimeseriesWide).executed(query);
    meta.custom = Some(
        Custom::Range {
            step_seconds: grid.step,
        }
        .into(),
    );
    meta
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn custom_writes_camel_case_keys() {
        assert_eq!(
            serde_json::Value::from(Custom::Range { step_seconds: 15 }),
            json!({"stepSeconds": 15})
        );
        assert_eq!(
            serde_json::Value::from(Custom::Verdict {
                overall: Level::Critical
            }),
            json!({"overall": Level::Critical.name()})
        );
    }
}
