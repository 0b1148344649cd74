//! The `datagrid` panel: options as Grafana 10.4 writes them (the kind has no custom field config).

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

/// `options` of a datagrid panel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct DatagridOptions {
    /// Index of the query result (data frame) the grid shows and edits.
    pub selected_series: u32,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::viz::schema_check::assert_options_pass_schema;

    #[test]
    fn the_default_passes_grafanas_schema() {
        assert_options_pass_schema("datagrid", &DatagridOptions::default());
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        assert_options_pass_schema(
            "datagrid",
            &DatagridOptions {
                selected_series: 2,
                extra: Extra::new(),
            },
        );
    }

    #[test]
    fn the_default_is_what_grafana_writes() {
        assert_eq!(
            serde_json::to_value(DatagridOptions::default()).expect("serializes"),
            json!({"selectedSeries": 0})
        );
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let read: DatagridOptions =
            serde_json::from_value(json!({"futureKey": 1, "selectedSeries": 3})).expect("reads");
        assert_eq!(read.selected_series, 3);
        let written = serde_json::to_value(&read).expect("serializes");
        assert_eq!(written, json!({"selectedSeries": 3, "futureKey": 1}));
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let read: DatagridOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(read, DatagridOptions::default());
    }
}
