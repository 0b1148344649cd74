//! The query model of the scaling plugin: what a panel sends in a target's JSON, keyed by `kind`.
//!
//! The dashboard writes these and the plugin reads them, so both use this one type.

use serde::{Deserialize, Serialize};

/// How the scaling verdict is returned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VerdictFormat {
    /// One row per signal: value, thresholds, level, action; plus the overall level.
    #[default]
    Table,
    /// The level (0 ok, 1 info, 2 warning, 3 critical) over time, per signal and overall.
    Timeseries,
}

/// Which levels a `timeseries` verdict carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VerdictSeries {
    /// One field per signal, then the overall one (a state timeline).
    #[default]
    All,
    /// The overall level alone: the one series an alert rule reduces and compares.
    Overall,
}

impl VerdictSeries {
    /// Whether this is the default, which a query need not write.
    pub fn is_all(&self) -> bool {
        *self == VerdictSeries::All
    }
}

/// A query of the scaling plugin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ScalingQuery {
    /// PromQL passed through to Prometheus.
    #[serde(rename_all = "camelCase")]
    Promql {
        /// The expression.
        expr: String,
        /// Series name template, e.g. `{{job}}`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        legend_format: Option<String>,
        /// An instant query rather than a range query.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        instant: bool,
    },
    /// `hits / (hits + misses)` in percent; null where there was no traffic.
    #[serde(rename_all = "camelCase")]
    CacheHitRate {
        /// A label to split by (e.g. `cache`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group_by: Option<String>,
    },
    /// The scaling table, evaluated.
    #[serde(rename_all = "camelCase")]
    ScalingVerdict {
        /// Table or time series.
        #[serde(default)]
        format: VerdictFormat,
        /// With `timeseries`: every signal's level and the overall one, or the overall one alone.
        #[serde(default, skip_serializing_if = "VerdictSeries::is_all")]
        series: VerdictSeries,
    },
}

impl ScalingQuery {
    /// Every kind's `kind` value, as the plugin's editor offers them.
    pub const KINDS: [&'static str; 3] = ["promql", "cacheHitRate", "scalingVerdict"];

    /// This query's `kind` value.
    pub const fn kind(&self) -> &'static str {
        match self {
            ScalingQuery::Promql { .. } => Self::KINDS[0],
            ScalingQuery::CacheHitRate { .. } => Self::KINDS[1],
            ScalingQuery::ScalingVerdict { .. } => Self::KINDS[2],
        }
    }
}

/// The columns of the verdict table (`format: table`), by name: the plugin writes them, the dashboard's
/// overrides match them.
pub mod columns {
    /// The signal's name.
    pub const SIGNAL: &str = "Signal";
    /// The signal's key (`cpuUsage`, …; `overall` on the last row).
    pub const KEY: &str = "Key";
    /// The value sustained over the signal's window.
    pub const VALUE: &str = "Value";
    /// The value's display name.
    pub const VALUE_DISPLAY: &str = "Value (sustained)";
    /// The value's unit.
    pub const UNIT: &str = "Unit";
    /// The signal's window.
    pub const SUSTAINED_OVER: &str = "Sustained over";
    /// The info step.
    pub const INFO: &str = "Info";
    /// The warning step.
    pub const WARNING: &str = "Warning";
    /// The critical step.
    pub const CRITICAL: &str = "Critical";
    /// The level reached, by name.
    pub const LEVEL: &str = "Level";
    /// The level reached, as its number (mapped to its name and colour).
    pub const LEVEL_VALUE: &str = "Level value";
    /// What to do.
    pub const ACTION: &str = "Action";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_the_kind_field_serde_writes() {
        let queries = [
            ScalingQuery::Promql {
                expr: "up".into(),
                legend_format: None,
                instant: false,
            },
            ScalingQuery::CacheHitRate { group_by: None },
            ScalingQuery::ScalingVerdict {
                format: VerdictFormat::Table,
                series: VerdictSeries::All,
            },
        ];
        for query in queries {
            let json = serde_json::to_value(&query).expect("serialises");
            assert_eq!(json["kind"], query.kind());
        }
    }

    #[test]
    fn kinds_are_tagged_by_the_kind_field() {
        let q: ScalingQuery = serde_json::from_str(r#"{"kind":"cacheHitRate","groupBy":"cache"}"#).expect("parses");
        assert_eq!(
            q,
            ScalingQuery::CacheHitRate {
                group_by: Some("cache".into())
            }
        );
        let v = serde_json::to_value(ScalingQuery::ScalingVerdict {
            format: VerdictFormat::Timeseries,
            series: VerdictSeries::All,
        })
        .expect("ok");
        assert_eq!(v, serde_json::json!({"kind": "scalingVerdict", "format": "timeseries"}));
    }

    #[test]
    fn verdict_format_defaults_to_table() {
        let q: ScalingQuery = serde_json::from_str(r#"{"kind":"scalingVerdict"}"#).expect("parses");
        assert_eq!(
            q,
            ScalingQuery::ScalingVerdict {
                format: VerdictFormat::Table,
                series: VerdictSeries::All,
            }
        );
    }

    #[test]
    fn the_overall_series_is_asked_by_name_and_all_is_the_default() {
        let q: ScalingQuery =
            serde_json::from_str(r#"{"kind":"scalingVerdict","format":"timeseries","series":"overall"}"#)
                .expect("parses");
        assert_eq!(
            q,
            ScalingQuery::ScalingVerdict {
                format: VerdictFormat::Timeseries,
                series: VerdictSeries::Overall,
            }
        );
        let q: ScalingQuery =
            serde_json::from_str(r#"{"kind":"scalingVerdict","format":"timeseries"}"#).expect("parses");
        assert!(matches!(
            q,
            ScalingQuery::ScalingVerdict {
                series: VerdictSeries::All,
                ..
            }
        ));
    }
}
