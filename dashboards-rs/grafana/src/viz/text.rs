//! The `text` panel.

use serde::Serialize;

/// How the content is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TextMode {
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
}

/// Highlighting of code mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeLanguage {
    /// No highlighting.
    Plaintext,
    /// JSON.
    Json,
    /// YAML.
    Yaml,
}

/// `options.code` (required by the schema even for markdown).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeOptions {
    /// Language.
    pub language: CodeLanguage,
    /// Line numbers.
    pub show_line_numbers: bool,
    /// Mini map.
    pub show_mini_map: bool,
}

/// `options` of a text panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextOptions {
    /// Code display options.
    pub code: CodeOptions,
    /// The content.
    pub content: String,
    /// Markdown or HTML.
    pub mode: TextMode,
}

impl TextOptions {
    /// A markdown text panel.
    pub fn markdown(content: impl Into<String>) -> Self {
        TextOptions {
            code: CodeOptions {
                language: CodeLanguage::Plaintext,
                show_line_numbers: false,
                show_mini_map: false,
            },
            content: content.into(),
            mode: TextMode::Markdown,
        }
    }
}
