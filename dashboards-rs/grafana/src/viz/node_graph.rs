//! The `nodeGraph` panel: options as Grafana 10.4 writes them (the kind has no custom field config).

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

/// `options` of a node graph panel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeGraphOptions {
    /// How nodes are drawn.
    pub nodes: NodeOptions,
    /// How edges are drawn.
    pub edges: EdgeOptions,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `options.nodes`: units of a node's stats and the sections of its arc.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeOptions {
    /// Unit of the main stat, overriding the data frame's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_stat_unit: Option<String>,
    /// Unit of the secondary stat, overriding the data frame's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secondary_stat_unit: Option<String>,
    /// The coloured sections of the circle around each node.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arcs: Option<Vec<ArcOption>>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `options.edges`: units of an edge's stats.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct EdgeOptions {
    /// Unit of the main stat, overriding the data frame's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_stat_unit: Option<String>,
    /// Unit of the secondary stat, overriding the data frame's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secondary_stat_unit: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One section of a node's arc.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct ArcOption {
    /// The field holding the section's size, a fraction of the circle (below 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The section's colour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
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
        assert_options_pass_schema("nodeGraph", &NodeGraphOptions::default());
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        let options = NodeGraphOptions {
            nodes: NodeOptions {
                main_stat_unit: Some("ms".into()),
                secondary_stat_unit: Some("reqps".into()),
                arcs: Some(vec![
                    ArcOption {
                        field: Some("arc__success".into()),
                        color: Some("green".into()),
                        extra: Extra::new(),
                    },
                    ArcOption {
                        field: Some("arc__errors".into()),
                        color: Some("red".into()),
                        extra: Extra::new(),
                    },
                ]),
                extra: Extra::new(),
            },
            edges: EdgeOptions {
                main_stat_unit: Some("reqps".into()),
                secondary_stat_unit: Some("percent".into()),
                extra: Extra::new(),
            },
            extra: Extra::new(),
        };
        assert_options_pass_schema("nodeGraph", &options);
    }

    #[test]
    fn the_default_is_what_grafana_writes() {
        assert_eq!(
            serde_json::to_value(NodeGraphOptions::default()).expect("serializes"),
            json!({"nodes": {}, "edges": {}})
        );
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let read: NodeGraphOptions = serde_json::from_value(json!({
            "futureKey": 1,
            "nodes": {"mainStatUnit": "ms", "futureNodeKey": "x", "arcs": [{"field": "a", "color": "red", "k": 2}]},
            "zoomMode": "cooperative"
        }))
        .expect("reads");
        assert_eq!(read.nodes.main_stat_unit.as_deref(), Some("ms"));
        let written = serde_json::to_value(&read).expect("serializes");
        assert_eq!(written["futureKey"], json!(1));
        assert_eq!(written["zoomMode"], json!("cooperative"));
        assert_eq!(written["nodes"]["futureNodeKey"], json!("x"));
        assert_eq!(written["nodes"]["arcs"][0]["k"], json!(2));
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let read: NodeGraphOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(read, NodeGraphOptions::default());
    }
}
