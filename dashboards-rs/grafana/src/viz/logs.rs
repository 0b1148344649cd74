//! The `logs` panel: options as Grafana 10.4 writes them (the kind has no custom field config).

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

/// `options` of a logs panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct LogsOptions {
    /// Whether each line shows its labels that are not common to all lines.
    pub show_labels: bool,
    /// Whether the labels common to all lines show above the list.
    pub show_common_labels: bool,
    /// Whether each line shows its timestamp.
    pub show_time: bool,
    /// Whether each line offers a button to show its surrounding lines.
    pub show_log_context_toggle: bool,
    /// Whether long lines wrap instead of scrolling.
    pub wrap_log_message: bool,
    /// Whether JSON lines are pretty-printed.
    pub prettify_log_message: bool,
    /// Whether clicking a line opens its fields and labels.
    pub enable_log_details: bool,
    /// Newest or oldest line first.
    pub sort_order: LogsSortOrder,
    /// How repeated lines are collapsed.
    pub dedup_strategy: LogsDedupStrategy,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for LogsOptions {
    fn default() -> Self {
        LogsOptions {
            show_labels: false,
            show_common_labels: false,
            show_time: false,
            show_log_context_toggle: false,
            wrap_log_message: false,
            prettify_log_message: false,
            enable_log_details: true,
            sort_order: LogsSortOrder::Descending,
            dedup_strategy: LogsDedupStrategy::None,
            extra: Extra::new(),
        }
    }
}

/// The order log lines are listed in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum LogsSortOrder {
    /// Newest first.
    #[default]
    Descending,
    /// Oldest first.
    Ascending,
}

/// How repeated log lines are collapsed into one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum LogsDedupStrategy {
    /// Every line shows.
    #[default]
    None,
    /// Lines identical apart from their timestamp collapse.
    Exact,
    /// Lines that differ only in their numbers collapse.
    Numbers,
    /// Lines with the same shape (letters and spaces) collapse.
    Signature,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::viz::schema_check::assert_options_pass_schema;

    #[test]
    fn the_default_passes_grafanas_schema() {
        assert_options_pass_schema("logs", &LogsOptions::default());
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        let options = LogsOptions {
            show_labels: true,
            show_common_labels: true,
            show_time: true,
            show_log_context_toggle: true,
            wrap_log_message: true,
            prettify_log_message: true,
            enable_log_details: false,
            sort_order: LogsSortOrder::Ascending,
            dedup_strategy: LogsDedupStrategy::Signature,
            extra: Extra::new(),
        };
        assert_options_pass_schema("logs", &options);
    }

    #[test]
    fn the_default_is_what_grafana_writes() {
        let written = serde_json::to_value(LogsOptions::default()).expect("serializes");
        assert_eq!(
            written,
            json!({
                "showLabels": false, "showCommonLabels": false, "showTime": false, "showLogContextToggle": false,
                "wrapLogMessage": false, "prettifyLogMessage": false, "enableLogDetails": true,
                "sortOrder": "Descending", "dedupStrategy": "none"
            })
        );
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let read: LogsOptions =
            serde_json::from_value(json!({"futureKey": 1, "enableInfiniteScrolling": true, "showTime": true}))
                .expect("reads");
        assert!(read.show_time);
        let written = serde_json::to_value(&read).expect("serializes");
        assert_eq!(written["futureKey"], json!(1));
        assert_eq!(written["enableInfiniteScrolling"], json!(true));
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let read: LogsOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(read, LogsOptions::default());
    }
}
