//! Field configuration: unit, range, thresholds, colour, value mappings and overrides.

use serde::Serialize;
use serde_json::Value;

use crate::units::Unit;
use crate::viz::timeseries::AxisPlacement;

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

/// A value mapping (`fieldConfig.defaults.mappings[]`), written as Grafana's `{"type": …, "options": …}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "options")]
pub enum ValueMapping {
    /// Exact values to texts, e.g. `0 → DOWN`, `1 → UP`.
    #[serde(rename = "value", serialize_with = "values_as_map")]
    Values(Vec<(String, MappingResult)>),
    /// A numeric range `[from, to]` to a text.
    #[serde(rename = "range")]
    Range {
        /// Lower bound, inclusive.
        from: f64,
        /// Upper bound, inclusive.
        to: f64,
        /// What the range shows as.
        result: MappingResult,
    },
    /// Null or NaN to a text (e.g. "no data").
    #[serde(rename = "special", serialize_with = "null_or_nan")]
    NullOrNan(MappingResult),
}

/// A value mapping's `options`: an object keyed by the mapped values, in the order given (not sorted), so the
/// same code writes the same bytes.
fn values_as_map<S: serde::Serializer>(values: &[(String, MappingResult)], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_map(values.iter().map(|(value, result)| (value, result)))
}

/// A special mapping's `options`: what it matches, then the result.
#[derive(Serialize)]
struct SpecialWire<'a> {
    #[serde(rename = "match")]
    matches: &'static str,
    result: &'a MappingResult,
}

/// A null-or-NaN mapping's `options`: Grafana's special match `null+nan` and the result.
fn null_or_nan<S: serde::Serializer>(result: &MappingResult, serializer: S) -> Result<S::Ok, S::Error> {
    SpecialWire {
        matches: "null+nan",
        result,
    }
    .serialize(serializer)
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

/// The value an override sets, typed where the crate knows the property.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum OverrideValue {
    /// A text (`displayName`).
    Text(String),
    /// A unit (`unit`).
    Unit(Unit),
    /// A colour choice (`color`).
    Color(FieldColor),
    /// Thresholds (`thresholds`).
    Thresholds(Thresholds),
    /// A time series axis placement (`custom.axisPlacement`).
    AxisPlacement(AxisPlacement),
    /// Value mappings (`mappings`).
    Mappings(Vec<ValueMapping>),
    /// A table's cell drawing (`custom.cellOptions`).
    CellOptions(crate::viz::table::CellOptions),
    /// A switch (`custom.hidden`, …).
    Flag(bool),
    /// Any other property's value, as Grafana writes it.
    Json(Value),
}

/// One overridden property: a Grafana property id (`unit`, `color`, `custom.lineStyle`, …) and its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverrideProperty {
    /// The property id.
    pub id: String,
    /// Its value.
    pub value: OverrideValue,
}

impl OverrideProperty {
    /// Sets the display name of the matched fields.
    pub fn display_name(name: &str) -> Self {
        OverrideProperty {
            id: "displayName".into(),
            value: OverrideValue::Text(name.into()),
        }
    }

    /// Sets the unit of the matched fields.
    pub fn unit(unit: Unit) -> Self {
        OverrideProperty {
            id: "unit".into(),
            value: OverrideValue::Unit(unit),
        }
    }

    /// Gives the matched fields one fixed colour.
    pub fn fixed_color(color: Color) -> Self {
        OverrideProperty {
            id: "color".into(),
            value: OverrideValue::Color(FieldColor {
                mode: ColorMode::Fixed,
                fixed_color: Some(color),
            }),
        }
    }

    /// Colours the matched fields from these thresholds.
    pub fn thresholds(thresholds: &Thresholds) -> Self {
        OverrideProperty {
            id: "thresholds".into(),
            value: OverrideValue::Thresholds(thresholds.clone()),
        }
    }

    /// Time series: draws the matched fields against a second Y axis on the right.
    pub fn right_axis() -> Self {
        OverrideProperty {
            id: "custom.axisPlacement".into(),
            value: OverrideValue::AxisPlacement(AxisPlacement::Right),
        }
    }

    /// Maps the matched fields' values to texts and colours.
    pub fn mappings(mappings: Vec<ValueMapping>) -> Self {
        OverrideProperty {
            id: "mappings".into(),
            value: OverrideValue::Mappings(mappings),
        }
    }

    /// Table: draws the matched fields' cells this way.
    pub fn cell_display(kind: crate::viz::table::CellDisplay) -> Self {
        OverrideProperty {
            id: "custom.cellOptions".into(),
            value: OverrideValue::CellOptions(crate::viz::table::CellOptions { kind }),
        }
    }

    /// Table: hides the matched columns.
    pub fn hidden() -> Self {
        OverrideProperty {
            id: "custom.hidden".into(),
            value: OverrideValue::Flag(true),
        }
    }

    /// Sets a property of the panel kind's custom field config (`custom.<name>`) to any JSON value.
    pub fn custom(name: &str, value: Value) -> Self {
        OverrideProperty {
            id: format!("custom.{name}"),
            value: OverrideValue::Json(value),
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn result(text: &str) -> MappingResult {
        MappingResult {
            text: text.into(),
            color: Color::Red,
            index: 0,
        }
    }

    #[test]
    fn value_mappings_are_written_with_grafanas_type_and_options() {
        let values = ValueMapping::Values(vec![("1".into(), result("UP")), ("0".into(), result("DOWN"))]);
        let json = serde_json::to_value(values).expect("serialises");
        assert_eq!(json["type"], "value");
        let keys: Vec<&String> = json["options"].as_object().expect("an object").keys().collect();
        assert_eq!(keys, ["1", "0"], "the values keep their order");
        let special = serde_json::to_value(ValueMapping::NullOrNan(result("none"))).expect("serialises");
        assert_eq!(
            special,
            json!({"type": "special", "options": {"match": "null+nan", "result": {"text": "none", "color": "red", "index": 0}}})
        );
    }

    #[test]
    fn override_values_are_written_as_grafana_reads_them() {
        let json = |p: OverrideProperty| serde_json::to_value(p).expect("serialises");
        assert_eq!(
            json(OverrideProperty::right_axis()),
            json!({"id": "custom.axisPlacement", "value": "right"})
        );
        assert_eq!(json(OverrideProperty::unit(Unit::Seconds))["value"], "s");
        assert_eq!(
            json(OverrideProperty::fixed_color(Color::Blue))["value"],
            json!({"mode": "fixed", "fixedColor": "blue"})
        );
    }
}
