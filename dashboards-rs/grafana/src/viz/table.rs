//! The `table` panel.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

use super::common::Align;

/// Row height.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum CellHeight {
    /// Small.
    Sm,
    /// Medium.
    Md,
    /// Large.
    Lg,
}

/// `options.footer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct TableFooter {
    /// Count rows instead of reducing.
    pub count_rows: bool,
    /// Reducers.
    pub reducer: Vec<String>,
    /// Whether the footer shows.
    pub show: bool,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A column to sort by.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct SortBy {
    /// Column display name.
    pub display_name: String,
    /// Descending.
    pub desc: bool,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `options` of a table panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct TableOptions {
    /// Row height.
    pub cell_height: CellHeight,
    /// Footer.
    pub footer: TableFooter,
    /// Which frame shows.
    pub frame_index: u32,
    /// Header row.
    pub show_header: bool,
    /// Initial sort.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<Vec<SortBy>>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for TableFooter {
    fn default() -> Self {
        TableFooter {
            count_rows: false,
            reducer: vec!["sum".into()],
            show: false,
            extra: Extra::new(),
        }
    }
}

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions {
            extra: Extra::new(),
            cell_height: CellHeight::Sm,
            footer: TableFooter {
                extra: Extra::new(),
                count_rows: false,
                reducer: vec!["sum".into()],
                show: false,
            },
            frame_index: 0,
            show_header: true,
            sort_by: None,
        }
    }
}

/// How a cell is drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "kebab-case")]
pub enum CellDisplay {
    /// Plain text.
    #[default]
    Auto,
    /// Text in the threshold/mapping colour.
    ColorText,
    /// Background in the threshold/mapping colour.
    ColorBackground,
    /// A flat background colour.
    ColorBackgroundSolid,
    /// A gradient bar gauge.
    GradientGauge,
    /// An LED bar gauge.
    LcdGauge,
    /// JSON, expandable.
    JsonView,
    /// A plain bar gauge.
    Basic,
    /// An image from the URL in the cell.
    Image,
    /// A bar gauge.
    Gauge,
    /// A sparkline.
    Sparkline,
    /// The field's data links.
    DataLinks,
    /// A custom cell renderer.
    Custom,
}

/// `custom.cellOptions`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct CellOptions {
    /// The display.
    #[serde(rename = "type")]
    pub kind: CellDisplay,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `fieldConfig.defaults.custom` of a table panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct TableFieldConfig {
    /// Text alignment.
    pub align: Align,
    /// Cell drawing.
    pub cell_options: CellOptions,
    /// Column filter.
    pub filterable: bool,
    /// Cell inspection.
    pub inspect: bool,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for TableFieldConfig {
    fn default() -> Self {
        TableFieldConfig {
            extra: Extra::new(),
            align: Align::Auto,
            cell_options: CellOptions {
                extra: Extra::new(),
                kind: CellDisplay::Auto,
            },
            filterable: false,
            inspect: false,
        }
    }
}
