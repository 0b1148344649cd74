//! The `table` panel.

use serde::Serialize;

use super::common::Align;

/// Row height.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CellHeight {
    /// Small.
    Sm,
    /// Medium.
    Md,
}

/// `options.footer`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableFooter {
    /// Count rows instead of reducing.
    pub count_rows: bool,
    /// Reducers.
    pub reducer: Vec<String>,
    /// Whether the footer shows.
    pub show: bool,
}

/// A column to sort by.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SortBy {
    /// Column display name.
    pub display_name: String,
    /// Descending.
    pub desc: bool,
}

/// `options` of a table panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sort_by: Vec<SortBy>,
}

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions {
            cell_height: CellHeight::Sm,
            footer: TableFooter {
                count_rows: false,
                reducer: vec!["sum".into()],
                show: false,
            },
            frame_index: 0,
            show_header: true,
            sort_by: Vec::new(),
        }
    }
}

/// How a cell is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CellDisplay {
    /// Plain text.
    Auto,
    /// Text in the threshold/mapping colour.
    ColorText,
    /// Background in the threshold/mapping colour.
    ColorBackground,
}

/// `custom.cellOptions`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellOptions {
    /// The display.
    #[serde(rename = "type")]
    pub kind: CellDisplay,
}

/// `fieldConfig.defaults.custom` of a table panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableFieldConfig {
    /// Text alignment.
    pub align: Align,
    /// Cell drawing.
    pub cell_options: CellOptions,
    /// Column filter.
    pub filterable: bool,
    /// Cell inspection.
    pub inspect: bool,
}

impl Default for TableFieldConfig {
    fn default() -> Self {
        TableFieldConfig {
            align: Align::Auto,
            cell_options: CellOptions {
                kind: CellDisplay::Auto,
            },
            filterable: false,
            inspect: false,
        }
    }
}
