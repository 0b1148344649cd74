//! The `annolist` panel (annotations list): options as Grafana 10.4 writes them (the kind has no custom field
//! config).

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

/// `options` of an annotations list panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct AnnotationsListOptions {
    /// Whether only this dashboard's annotations are listed (else every dashboard's).
    pub only_from_this_dashboard: bool,
    /// Whether only annotations in the dashboard's time range are listed.
    pub only_in_time_range: bool,
    /// Tags an annotation must have to be listed.
    pub tags: Vec<String>,
    /// The most annotations listed.
    pub limit: u32,
    /// Whether each annotation shows who made it.
    pub show_user: bool,
    /// Whether each annotation shows its time.
    pub show_time: bool,
    /// Whether each annotation shows its tags.
    pub show_tags: bool,
    /// Whether clicking an annotation opens its panel (else its dashboard).
    pub navigate_to_panel: bool,
    /// How far before the annotation the time range opens when clicked (a duration: `10m`).
    pub navigate_before: String,
    /// How far after the annotation the time range opens when clicked (a duration: `10m`).
    pub navigate_after: String,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for AnnotationsListOptions {
    fn default() -> Self {
        AnnotationsListOptions {
            only_from_this_dashboard: false,
            only_in_time_range: false,
            tags: Vec::new(),
            limit: 10,
            show_user: true,
            show_time: true,
            show_tags: true,
            navigate_to_panel: true,
            navigate_before: "10m".into(),
            navigate_after: "10m".into(),
            extra: Extra::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::viz::schema_check::assert_options_pass_schema;

    #[test]
    fn the_default_passes_grafanas_schema() {
        assert_options_pass_schema("annolist", &AnnotationsListOptions::default());
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        let options = AnnotationsListOptions {
            only_from_this_dashboard: true,
            only_in_time_range: true,
            tags: vec!["deploy".into()],
            limit: 50,
            show_user: false,
            show_time: false,
            show_tags: false,
            navigate_to_panel: false,
            navigate_before: "1h".into(),
            navigate_after: "30m".into(),
            extra: Extra::new(),
        };
        assert_options_pass_schema("annolist", &options);
    }

    #[test]
    fn the_default_is_what_grafana_writes() {
        assert_eq!(
            serde_json::to_value(AnnotationsListOptions::default()).expect("serializes"),
            json!({
                "onlyFromThisDashboard": false, "onlyInTimeRange": false, "tags": [], "limit": 10,
                "showUser": true, "showTime": true, "showTags": true, "navigateToPanel": true,
                "navigateBefore": "10m", "navigateAfter": "10m"
            })
        );
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let read: AnnotationsListOptions = serde_json::from_value(json!({"futureKey": 1, "limit": 3})).expect("reads");
        assert_eq!(read.limit, 3);
        let written = serde_json::to_value(&read).expect("serializes");
        assert_eq!(written["futureKey"], json!(1));
        assert_eq!(written["limit"], json!(3));
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let read: AnnotationsListOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(read, AnnotationsListOptions::default());
    }
}
