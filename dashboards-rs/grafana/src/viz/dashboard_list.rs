//! The `dashlist` panel (dashboard list): options as Grafana 10.4 writes them (the kind has no custom field
//! config).

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

/// `options` of a dashboard list panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct DashboardListOptions {
    /// Whether links carry the current time range.
    pub keep_time: bool,
    /// Whether links carry the current variable values.
    pub include_vars: bool,
    /// Whether the user's starred dashboards are listed.
    pub show_starred: bool,
    /// Whether the user's recently viewed dashboards are listed.
    pub show_recently_viewed: bool,
    /// Whether the dashboards matching `query`, `tags` and the folder are listed.
    pub show_search: bool,
    /// Whether each list (starred, recent, search) has a heading.
    pub show_headings: bool,
    /// The most dashboards each list shows.
    pub max_items: i32,
    /// Title search of the search list.
    pub query: String,
    /// Tags a dashboard must have to appear in the search list.
    pub tags: Vec<String>,
    /// Folder of the search list by numeric id (deprecated: Grafana migrates it to `folderUID`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folder_id: Option<i64>,
    /// Folder of the search list.
    #[serde(rename = "folderUID", skip_serializing_if = "Option::is_none")]
    pub folder_uid: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for DashboardListOptions {
    fn default() -> Self {
        DashboardListOptions {
            keep_time: false,
            include_vars: false,
            show_starred: true,
            show_recently_viewed: false,
            show_search: false,
            show_headings: true,
            max_items: 10,
            query: String::new(),
            tags: Vec::new(),
            folder_id: None,
            folder_uid: None,
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
        assert_options_pass_schema("dashlist", &DashboardListOptions::default());
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        let options = DashboardListOptions {
            keep_time: true,
            include_vars: true,
            show_starred: false,
            show_recently_viewed: true,
            show_search: true,
            show_headings: false,
            max_items: 25,
            query: "kubernetes".into(),
            tags: vec!["prod".into(), "k8s".into()],
            folder_id: Some(12),
            folder_uid: Some("f1a2b3".into()),
            extra: Extra::new(),
        };
        assert_options_pass_schema("dashlist", &options);
    }

    #[test]
    fn the_default_is_what_grafana_writes() {
        assert_eq!(
            serde_json::to_value(DashboardListOptions::default()).expect("serializes"),
            json!({
                "keepTime": false, "includeVars": false, "showStarred": true, "showRecentlyViewed": false,
                "showSearch": false, "showHeadings": true, "maxItems": 10, "query": "", "tags": []
            })
        );
    }

    #[test]
    fn the_folder_uid_key_is_spelled_as_grafana_spells_it() {
        let read: DashboardListOptions = serde_json::from_value(json!({"folderUID": "abc"})).expect("reads");
        assert_eq!(read.folder_uid.as_deref(), Some("abc"));
        assert!(read.extra.is_empty());
        assert_eq!(
            serde_json::to_value(&read).expect("serializes")["folderUID"],
            json!("abc")
        );
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let read: DashboardListOptions = serde_json::from_value(json!({"futureKey": 1, "maxItems": 5})).expect("reads");
        assert_eq!(read.max_items, 5);
        let written = serde_json::to_value(&read).expect("serializes");
        assert_eq!(written["futureKey"], json!(1));
        assert_eq!(written["maxItems"], json!(5));
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let read: DashboardListOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(read, DashboardListOptions::default());
    }
}
