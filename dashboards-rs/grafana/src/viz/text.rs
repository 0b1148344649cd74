//! The `text` panel.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

/// How the content is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum TextMode {
    /// Markdown.
    #[default]
    Markdown,
    /// HTML.
    Html,
    /// Code, highlighted.
    Code,
}

/// Highlighting of code mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum CodeLanguage {
    /// No highlighting.
    #[default]
    Plaintext,
    /// JSON.
    Json,
    /// YAML.
    Yaml,
    /// XML.
    Xml,
    /// TypeScript.
    Typescript,
    /// SQL.
    Sql,
    /// Go.
    Go,
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
}

/// `options.code` (required by the schema even for markdown).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct CodeOptions {
    /// Language.
    pub language: CodeLanguage,
    /// Line numbers.
    pub show_line_numbers: bool,
    /// Mini map.
    pub show_mini_map: bool,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `options` of a text panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct TextOptions {
    /// Code display options.
    pub code: CodeOptions,
    /// The content.
    pub content: String,
    /// Markdown or HTML.
    pub mode: TextMode,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions::markdown("")
    }
}

impl TextOptions {
    /// A markdown text panel.
    pub fn markdown(content: impl Into<String>) -> Self {
        TextOptions {
            extra: Extra::new(),
            code: CodeOptions {
                extra: Extra::new(),
                language: CodeLanguage::Plaintext,
                show_line_numbers: false,
                show_mini_map: false,
            },
            content: content.into(),
            mode: TextMode::Markdown,
        }
    }
}
