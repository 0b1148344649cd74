//! Field configuration: unit, range, thresholds, colour, value mappings and overrides.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::units::Unit;

/// A colour as Grafana names it (`green`, `red`, `#FF9830`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Color {
    /// Grafana's green.
    Green,
    /// Grafana's blue.
    Blue,
    /// Grafana's yellow.
    Yellow,
    /// Grafana's orange.
    Orange,
    /// Grafana's red.
    Red,
    /// Grafana's purple.
    Purple,
    /// Grafana's text colour.
    Text,
    /// Grafana's transparent.
    Transparent,
}

/// One threshold step: from `value` (or from minus infinity for the base step) upward, this colour.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdStep {
    /// `None` is the base step, written as `null` as Grafana does.
    pub value: Option<f64>,
    /// The colour from this value upward.
    pub color: Color,
}

/// How threshold values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ThresholdsMode {
    /// Values in the field's unit.
    Absolute,
    /// Values as a percentage of min..max.
    Percentage,
}

/// A threshold configuration: a base colour and ascending steps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Thresholds {
    /// How the values are read.
    pub mode: ThresholdsMode,
    /// The base step first, then ascending values.
    pub steps: Vec<ThresholdStep>,
}

impl Thresholds {
    /// Absolute thresholds: `base` below the first step, then each `(value, colour)` upward.
    pub fn absolute(base: Color, steps: impl IntoIterator<Item = (f64, Color)>) -> Self {
        let mut all = vec![ThresholdStep {
            value: None,
            color: base,
        }];
        let mut rest: Vec<_> = steps
            .into_iter()
            .map(|(v, c)| ThresholdStep {
                value: Some(v),
                color: c,
            })
            .collect();
        rest.sort_by(|a, b| a.value.partial_cmp(&b.value).unwrap_or(std::cmp::Ordering::Equal));
        all.extend(rest);
        Thresholds {
            mode: ThresholdsMode::Absolute,
            steps: all,
        }
    }
}

/// How a field picks its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ColorMode {
    /// From the thresholds.
    #[serde(rename = "thresholds")]
    Thresholds,
    /// A colour per series from the classic palette.
    #[serde(rename = "palette-classic")]
    PaletteClassic,
    /// One fixed colour.
    #[serde(rename = "fixed")]
    Fixed,
    /// Green to red along min..max.
    #[serde(rename = "continuous-GrYlRd")]
    ContinuousGreenYellowRed,
}

/// `fieldConfig.defaults.color`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldColor {
    /// The mode.
    pub mode: ColorMode,
    /// The colour when `mode` is fixed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed_color: Option<Color>,
}

/// What a mapped value is shown as.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappingResult {
    /// The text shown instead of the value.
    pub text: String,
    /// Its colour.
    pub color: Color,
    /// Its position among the mapping results (legends sort by it).
    pub index: u32,
}

/// A value mapping (`fieldConfig.defaults.mappings[]`).
#[derive(Debug, Clone, PartialEq)]
pub enum ValueMapping {
    /// Exact values to texts, e.g. `0 → DOWN`, `1 → UP`.
    Values(Vec<(String, MappingResult)>),
    /// A numeric range `[from, to]` to a text.
    Range {
        /// Lower bound, inclusive.
        from: f64,
        /// Upper bound, inclusive.
        to: f64,
        /// What the range shows as.
        result: MappingResult,
    },
    /// Null or NaN to a text (e.g. "no data").
    NullOrNan(MappingResult),
}

impl Serialize for ValueMapping {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let json = match self {
            ValueMapping::Values(values) => {
                let options: Map<String, Value> = values
                    .iter()
                    .map(|(k, r)| (k.clone(), serde_json::to_value(r).unwrap_or(Value::Null)))
                    .collect();
                serde_json::json!({ "type": "value", "options": options })
            }
            ValueMapping::Range { from, to, result } => {
                serde_json::json!({ "type": "range", "options": { "from": from, "to": to, "result": result } })
            }
            ValueMapping::NullOrNan(result) => {
                serde_json::json!({ "type": "special", "options": { "match": "null+nan", "result": result } })
            }
        };
        json.serialize(serializer)
    }
}

/// `fieldConfig.defaults`: what every field of a panel starts with. `custom` is the panel kind's own.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldDefaults {
    /// The unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// Decimals shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// Axis/gauge minimum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Axis/gauge maximum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Colour choice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<FieldColor>,
    /// Thresholds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thresholds: Option<Thresholds>,
    /// Value mappings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mappings: Vec<ValueMapping>,
    /// Text when there is no value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_value: Option<String>,
}

/// Which fields an override applies to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "id", content = "options")]
pub enum Matcher {
    /// Fields whose display name is exactly this.
    #[serde(rename = "byName")]
    ByName(String),
    /// Fields whose display name matches this regex.
    #[serde(rename = "byRegexp")]
    ByRegexp(String),
    /// Fields produced by the query with this refId.
    #[serde(rename = "byFrameRefID")]
    ByFrameRefId(String),
}

/// One overridden property: a Grafana property id (`unit`, `color`, `custom.lineStyle`, …) and its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverrideProperty {
    /// The property id.
    pub id: String,
    /// Its value, as Grafana writes it.
    pub value: Value,
}

impl OverrideProperty {
    /// Sets the display name of the matched fields.
    pub fn display_name(name: &str) -> Self {
        OverrideProperty {
            id: "displayName".into(),
            value: Value::from(name),
        }
    }

    /// Sets the unit of the matched fields.
    pub fn unit(unit: Unit) -> Self {
        OverrideProperty {
            id: "unit".into(),
            value: Value::from(unit.id()),
        }
    }

    /// Gives the matched fields one fixed colour.
    pub fn fixed_color(color: Color) -> Self {
        let value = serde_json::to_value(FieldColor {
            mode: ColorMode::Fixed,
            fixed_color: Some(color),
        });
        OverrideProperty {
            id: "color".into(),
            value: value.unwrap_or(Value::Null),
        }
    }

    /// Colours the matched fields from these thresholds.
    pub fn thresholds(thresholds: &Thresholds) -> Self {
        OverrideProperty {
            id: "thresholds".into(),
            value: serde_json::to_value(thresholds).unwrap_or(Value::Null),
        }
    }

    /// Time series: draws the matched fields against a second Y axis on the right.
    pub fn right_axis() -> Self {
        let value = serde_json::to_value(crate::viz::timeseries::AxisPlacement::Right).unwrap_or(Value::Null);
        OverrideProperty::custom("axisPlacement", value)
    }

    /// Sets a property of the panel kind's custom field config (`custom.<name>`).
    pub fn custom(name: &str, value: Value) -> Self {
        OverrideProperty {
            id: format!("custom.{name}"),
            value,
        }
    }
}

/// An override: a matcher and the properties it sets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Override {
    /// Which fields.
    pub matcher: Matcher,
    /// What changes on them.
    pub properties: Vec<OverrideProperty>,
}
