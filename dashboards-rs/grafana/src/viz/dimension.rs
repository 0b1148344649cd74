//! Dimension configs several panel kinds share (canvas, xychart, geomap styles): a value that is either fixed or
//! read from a field, as Grafana's `common` schema defines them.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

/// A colour that is fixed or taken from a field's colour scheme.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct ColorDimensionConfig {
    /// The colour when no field drives it: a named colour (`dark-green`) or a CSS colour (`#D9D9D9`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
    /// The field whose value picks the colour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ColorDimensionConfig {
    /// A fixed colour.
    pub fn fixed(color: impl Into<String>) -> Self {
        ColorDimensionConfig {
            fixed: Some(color.into()),
            field: None,
            extra: Extra::new(),
        }
    }
}

/// How a field's values map onto a size range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum ScaleDimensionMode {
    /// Proportionally to the value.
    #[default]
    Linear,
    /// Proportionally to the square root of the value (area grows with the value).
    Quad,
}

/// A size that is fixed or scaled from a field between `min` and `max`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct ScaleDimensionConfig {
    /// The smallest size.
    pub min: f64,
    /// The largest size.
    pub max: f64,
    /// The size when no field drives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<f64>,
    /// The field whose value sets the size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// How values map onto the range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<ScaleDimensionMode>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for ScaleDimensionConfig {
    /// Grafana's range for a new canvas connection's width: 1 to 10.
    fn default() -> Self {
        ScaleDimensionConfig {
            min: 1.0,
            max: 10.0,
            fixed: None,
            field: None,
            mode: None,
            extra: Extra::new(),
        }
    }
}

/// Where a resource (an image or icon) comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum ResourceDimensionMode {
    /// The path in `fixed`.
    #[default]
    Fixed,
    /// The path in a field's value.
    Field,
    /// A field's value mapped to a path through value mappings.
    Mapping,
}

/// A resource (image or SVG path) that is fixed or read from a field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct ResourceDimensionConfig {
    /// Where the path comes from.
    pub mode: ResourceDimensionMode,
    /// The field holding the path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The path when it is fixed (`img/icons/unicons/question-circle.svg`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}
