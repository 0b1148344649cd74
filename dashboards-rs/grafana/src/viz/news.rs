//! The `news` panel: options as Grafana 10.4 writes them (the kind has no custom field config).

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

/// `options` of a news panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct NewsOptions {
    /// The RSS or Atom feed to show (it must allow CORS); absent, Grafana's blog.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed_url: Option<String>,
    /// Whether each item shows its social image above the text.
    pub show_image: bool,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for NewsOptions {
    fn default() -> Self {
        NewsOptions {
            feed_url: None,
            show_image: true,
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
        assert_options_pass_schema("news", &NewsOptions::default());
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        let options = NewsOptions {
            feed_url: Some("https://example.com/feed.xml".into()),
            show_image: false,
            extra: Extra::new(),
        };
        assert_options_pass_schema("news", &options);
    }

    #[test]
    fn the_default_is_what_grafana_writes() {
        assert_eq!(
            serde_json::to_value(NewsOptions::default()).expect("serializes"),
            json!({"showImage": true})
        );
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let read: NewsOptions = serde_json::from_value(json!({"futureKey": 1, "showImage": false})).expect("reads");
        assert!(!read.show_image);
        let written = serde_json::to_value(&read).expect("serializes");
        assert_eq!(written, json!({"showImage": false, "futureKey": 1}));
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let read: NewsOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(read, NewsOptions::default());
    }
}
