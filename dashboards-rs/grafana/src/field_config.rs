//! Field configuration: unit, range, thresholds, colour, value mappings and overrides.

use crate::codegen::{Expr, ToRust};
use serde::{Deserialize, Serialize};

use crate::Extra;
use serde_json::Value;

use crate::units::Unit;
use crate::viz::timeseries::AxisPlacement;

/// A colour as Grafana names it (`green`, `red`), or any other colour Grafana reads (`#FF9830`, `dark-red`,
/// `rgba(…)`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "kebab-case")]
pub enum Color {
    /// Grafana's green.
    #[default]
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
    /// Any other colour: a shade name, `#rrggbb` or `rgba(…)`.
    #[serde(untagged)]
    Custom(String),
}

/// One threshold step: from `value` (or from minus infinity for the base step) upward, this colour.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct ThresholdStep {
    /// `None` is the base step, written as `null` as Grafana does.
    pub value: Option<f64>,
    /// The colour from this value upward.
    pub color: Color,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How threshold values are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum ThresholdsMode {
    /// Values in the field's unit.
    #[default]
    Absolute,
    /// Values as a percentage of min..max.
    Percentage,
}

/// A threshold configuration: a base colour and ascending steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// How the values are read.
    pub mode: ThresholdsMode,
    /// The base step first, then ascending values.
    pub steps: Vec<ThresholdStep>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for Thresholds {
    /// Grafana's default for a new panel: green, red from 80.
    fn default() -> Self {
        Thresholds::absolute(Color::Green, [(80.0, Color::Red)])
    }
}

impl ToRust for Thresholds {
    /// `Thresholds::absolute(base, [(value, colour), …])` when that rebuilds them, else a literal.
    fn to_rust(&self) -> Expr {
        let plain = self.mode == ThresholdsMode::Absolute && self.extra.is_empty();
        if let (true, [base, rest @ ..]) = (plain, self.steps.as_slice()) {
            let values: Vec<f64> = rest.iter().filter_map(|s| s.value).collect();
            let sorted = values.windows(2).all(|w| w[0] <= w[1]);
            let clean = self.steps.iter().all(|s| s.extra.is_empty());
            if base.value.is_none() && values.len() == rest.len() && !rest.is_empty() && sorted && clean {
                let pairs = rest
                    .iter()
                    .map(|s| Expr::Tuple(vec![s.value.unwrap_or_default().to_rust(), s.color.to_rust()]))
                    .collect();
                return Expr::call(
                    Expr::path(module_path!(), "Thresholds::absolute"),
                    vec![base.color.to_rust(), Expr::Array(pairs)],
                );
            }
        }
        let mut fields = vec![("mode", self.mode.to_rust()), ("steps", self.steps.to_rust())];
        if !self.extra.is_empty() {
            fields.push(("extra", self.extra.to_rust()));
        }
        Expr::structure(module_path!(), "Thresholds", fields, 3)
    }
}

impl Thresholds {
    /// Absolute thresholds: `base` below the first step, then each `(value, colour)` upward.
    pub fn absolute(base: Color, steps: impl IntoIterator<Item = (f64, Color)>) -> Self {
        let mut all = vec![ThresholdStep {
            value: None,
            color: base,
            extra: Extra::new(),
        }];
        let mut rest: Vec<_> = steps
            .into_iter()
            .map(|(v, c)| ThresholdStep {
                value: Some(v),
                color: c,
                extra: Extra::new(),
            })
            .collect();
        rest.sort_by(|a, b| a.value.partial_cmp(&b.value).unwrap_or(std::cmp::Ordering::Equal));
        all.extend(rest);
        Thresholds {
            mode: ThresholdsMode::Absolute,
            steps: all,
            extra: Extra::new(),
        }
    }
}

/// How a field picks its colour.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum ColorMode {
    /// From the thresholds.
    #[serde(rename = "thresholds")]
    Thresholds,
    /// A colour per series from the classic palette.
    #[serde(rename = "palette-classic")]
    #[default]
    PaletteClassic,
    /// A colour per series name from the classic palette.
    #[serde(rename = "palette-classic-by-name")]
    PaletteClassicByName,
    /// One fixed colour.
    #[serde(rename = "fixed")]
    Fixed,
    /// Shades of one colour.
    #[serde(rename = "shades")]
    Shades,
    /// Green to red along min..max.
    #[serde(rename = "continuous-GrYlRd")]
    ContinuousGreenYellowRed,
    /// Red to green along min..max.
    #[serde(rename = "continuous-RdYlGr")]
    ContinuousRedYellowGreen,
    /// Blue to red along min..max.
    #[serde(rename = "continuous-BlYlRd")]
    ContinuousBlueYellowRed,
    /// Any other scheme (`continuous-viridis`, …).
    #[serde(untagged)]
    Other(String),
}

/// `fieldConfig.defaults.color`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct FieldColor {
    /// The mode.
    pub mode: ColorMode,
    /// The colour when `mode` is fixed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed_color: Option<Color>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What a mapped value is shown as.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct MappingResult {
    /// The text shown instead of the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Its colour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
    /// Its position among the mapping results (legends sort by it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
    /// Keys this crate does not model (`icon`, …), kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl MappingResult {
    /// Shown as `text` in `color`, `index`th in legends.
    pub fn new(text: &str, color: Color, index: u32) -> Self {
        MappingResult {
            text: Some(text.into()),
            color: Some(color),
            index: Some(index),
            extra: Extra::new(),
        }
    }
}

/// A value mapping's numeric range `[from, to]`, bounds inclusive; a missing bound is open.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct RangeMapping {
    /// Lower bound.
    pub from: Option<f64>,
    /// Upper bound.
    pub to: Option<f64>,
    /// What the range shows as.
    pub result: MappingResult,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A value mapping by regular expression over the value's text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct RegexMapping {
    /// The expression.
    pub pattern: String,
    /// What matching values show as.
    pub result: MappingResult,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The special values a mapping can match.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum SpecialValue {
    /// `null`.
    #[serde(rename = "null")]
    Null,
    /// `NaN`.
    #[serde(rename = "nan")]
    Nan,
    /// `null` or `NaN`.
    #[serde(rename = "null+nan")]
    #[default]
    NullOrNan,
    /// `true`.
    #[serde(rename = "true")]
    True,
    /// `false`.
    #[serde(rename = "false")]
    False,
    /// The empty string.
    #[serde(rename = "empty")]
    Empty,
}

/// A value mapping of a special value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct SpecialMapping {
    /// Which value.
    #[serde(rename = "match")]
    pub matches: SpecialValue,
    /// What it shows as.
    pub result: MappingResult,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A value mapping (`fieldConfig.defaults.mappings[]`), written as Grafana's `{"type": …, "options": …}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(tag = "type", content = "options")]
pub enum ValueMapping {
    /// Exact values to texts, e.g. `0 → DOWN`, `1 → UP`, in the order given.
    #[serde(rename = "value", with = "value_map")]
    Values(Vec<(String, MappingResult)>),
    /// A numeric range to a text.
    #[serde(rename = "range")]
    Range(RangeMapping),
    /// A regular expression to a text.
    #[serde(rename = "regex")]
    Regex(RegexMapping),
    /// A special value (null, NaN, …) to a text.
    #[serde(rename = "special")]
    Special(SpecialMapping),
    /// A mapping of another shape (Grafana 6's numbered `type`), kept as read.
    #[serde(untagged)]
    Other(Value),
}

impl ValueMapping {
    /// Null or NaN shown as `result` (e.g. "no data").
    pub fn null_or_nan(result: MappingResult) -> Self {
        ValueMapping::Special(SpecialMapping {
            matches: SpecialValue::NullOrNan,
            result,
            extra: Extra::new(),
        })
    }
}

/// A value mapping's `options`: an object keyed by the mapped values, read and written in its order.
mod value_map {
    use std::fmt;

    use serde::de::{MapAccess, Visitor};
    use serde::{Deserializer, Serializer};

    use super::MappingResult;

    pub(super) fn serialize<S: Serializer>(
        values: &[(String, MappingResult)],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(values.iter().map(|(value, result)| (value, result)))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<(String, MappingResult)>, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = Vec<(String, MappingResult)>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of values to mapping results")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

/// `fieldConfig.defaults`: what every field of a panel starts with. `custom` is the panel kind's own and
/// lives in the panel's [`crate::viz::Viz`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
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
    /// The name shown for the field (a template over labels).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Colour choice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<FieldColor>,
    /// Thresholds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thresholds: Option<Thresholds>,
    /// Value mappings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mappings: Option<Vec<ValueMapping>>,
    /// Text when there is no value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_value: Option<String>,
    /// Keys this crate does not model (`links`, `filterable`, …), kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Which fields an override applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
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
    /// Fields of this type (`number`, `time`, `string`, …).
    #[serde(rename = "byType")]
    ByType(String),
    /// Any other matcher (`byValue`, `byNames`, …), kept as read.
    #[serde(untagged)]
    Other(Value),
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::ByName(String::new())
    }
}

/// The value an override sets, typed where the crate knows the property.
#[derive(Debug, Clone, PartialEq, Serialize, ToRust)]
#[serde(untagged)]
pub enum OverrideValue {
    /// A text (`displayName`, `noValue`).
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

impl Default for OverrideValue {
    fn default() -> Self {
        OverrideValue::Json(Value::Null)
    }
}

impl OverrideValue {
    /// The value of property `id` read from JSON: typed when the crate knows the property and the value fits,
    /// kept as JSON otherwise.
    fn read(id: &str, value: Value) -> OverrideValue {
        fn typed<T: serde::de::DeserializeOwned>(value: &Value, wrap: fn(T) -> OverrideValue) -> Option<OverrideValue> {
            T::deserialize(value).ok().map(wrap)
        }
        let known = match (id, &value) {
            ("displayName" | "displayNameFromDS" | "noValue", Value::String(text)) => {
                Some(OverrideValue::Text(text.clone()))
            }
            ("unit", Value::String(_)) => typed(&value, OverrideValue::Unit),
            ("color", _) => typed(&value, OverrideValue::Color),
            ("thresholds", _) => typed(&value, OverrideValue::Thresholds),
            ("mappings", _) => typed(&value, OverrideValue::Mappings),
            ("custom.axisPlacement", _) => typed(&value, OverrideValue::AxisPlacement),
            ("custom.cellOptions", _) => typed(&value, OverrideValue::CellOptions),
            (_, Value::Bool(flag)) => Some(OverrideValue::Flag(*flag)),
            _ => None,
        };
        known.unwrap_or(OverrideValue::Json(value))
    }
}

/// One overridden property: a Grafana property id (`unit`, `color`, `custom.lineStyle`, …) and its value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "PropertyWire")]
pub struct OverrideProperty {
    /// The property id.
    pub id: String,
    /// Its value.
    pub value: OverrideValue,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An override property as read, before its value is typed by its id.
#[derive(Deserialize)]
struct PropertyWire {
    #[serde(default)]
    id: String,
    #[serde(default)]
    value: Value,
    #[serde(flatten)]
    extra: Extra,
}

impl From<PropertyWire> for OverrideProperty {
    fn from(wire: PropertyWire) -> Self {
        OverrideProperty {
            value: OverrideValue::read(&wire.id, wire.value),
            id: wire.id,
            extra: wire.extra,
        }
    }
}

impl ToRust for OverrideProperty {
    /// The constructor that rebuilds the property (`OverrideProperty::unit(…)`, `::hidden()`, …), else a literal.
    fn to_rust(&self) -> Expr {
        let call = |name: &str, args: Vec<Expr>| {
            Expr::call(Expr::path(module_path!(), format!("OverrideProperty::{name}")), args)
        };
        let candidates: Vec<(OverrideProperty, Expr)> = match &self.value {
            OverrideValue::Text(text) => vec![(Self::display_name(text), call("display_name", vec![Expr::str(text)]))],
            OverrideValue::Unit(unit) => vec![(Self::unit(unit.clone()), call("unit", vec![unit.to_rust()]))],
            OverrideValue::Color(FieldColor {
                fixed_color: Some(color),
                ..
            }) => {
                vec![(
                    Self::fixed_color(color.clone()),
                    call("fixed_color", vec![color.to_rust()]),
                )]
            }
            OverrideValue::AxisPlacement(_) => vec![(Self::right_axis(), call("right_axis", Vec::new()))],
            OverrideValue::Mappings(m) => vec![(Self::mappings(m.clone()), call("mappings", vec![m.to_rust()]))],
            OverrideValue::CellOptions(o) => {
                vec![(Self::cell_display(o.kind), call("cell_display", vec![o.kind.to_rust()]))]
            }
            OverrideValue::Flag(_) => vec![(Self::hidden(), call("hidden", Vec::new()))],
            OverrideValue::Json(value) => match self.id.strip_prefix("custom.") {
                Some(name) => vec![(
                    Self::custom(name, value.clone()),
                    call("custom", vec![Expr::str(name), value.to_rust()]),
                )],
                None => Vec::new(),
            },
            OverrideValue::Thresholds(_) | OverrideValue::Color(_) => Vec::new(),
        };
        if let Some((_, expr)) = candidates.into_iter().find(|(built, _)| built == self) {
            return expr;
        }
        let mut fields = vec![("id", self.id.to_rust()), ("value", self.value.to_rust())];
        if !self.extra.is_empty() {
            fields.push(("extra", self.extra.to_rust()));
        }
        Expr::structure(module_path!(), "OverrideProperty", fields, 3)
    }
}

impl OverrideProperty {
    /// Sets the display name of the matched fields.
    pub fn display_name(name: &str) -> Self {
        OverrideProperty {
            extra: Extra::new(),
            id: "displayName".into(),
            value: OverrideValue::Text(name.into()),
        }
    }

    /// Sets the unit of the matched fields.
    pub fn unit(unit: Unit) -> Self {
        OverrideProperty {
            extra: Extra::new(),
            id: "unit".into(),
            value: OverrideValue::Unit(unit),
        }
    }

    /// Gives the matched fields one fixed colour.
    pub fn fixed_color(color: Color) -> Self {
        OverrideProperty {
            extra: Extra::new(),
            id: "color".into(),
            value: OverrideValue::Color(FieldColor {
                extra: Extra::new(),
                mode: ColorMode::Fixed,
                fixed_color: Some(color),
            }),
        }
    }

    /// Colours the matched fields from these thresholds.
    pub fn thresholds(thresholds: &Thresholds) -> Self {
        OverrideProperty {
            extra: Extra::new(),
            id: "thresholds".into(),
            value: OverrideValue::Thresholds(thresholds.clone()),
        }
    }

    /// Time series: draws the matched fields against a second Y axis on the right.
    pub fn right_axis() -> Self {
        OverrideProperty {
            extra: Extra::new(),
            id: "custom.axisPlacement".into(),
            value: OverrideValue::AxisPlacement(AxisPlacement::Right),
        }
    }

    /// Maps the matched fields' values to texts and colours.
    pub fn mappings(mappings: Vec<ValueMapping>) -> Self {
        OverrideProperty {
            extra: Extra::new(),
            id: "mappings".into(),
            value: OverrideValue::Mappings(mappings),
        }
    }

    /// Table: draws the matched fields' cells this way.
    pub fn cell_display(kind: crate::viz::table::CellDisplay) -> Self {
        OverrideProperty {
            extra: Extra::new(),
            id: "custom.cellOptions".into(),
            value: OverrideValue::CellOptions(crate::viz::table::CellOptions {
                extra: Extra::new(),
                kind,
            }),
        }
    }

    /// Table: hides the matched columns.
    pub fn hidden() -> Self {
        OverrideProperty {
            extra: Extra::new(),
            id: "custom.hidden".into(),
            value: OverrideValue::Flag(true),
        }
    }

    /// Sets a property of the panel kind's custom field config (`custom.<name>`) to any JSON value.
    pub fn custom(name: &str, value: Value) -> Self {
        OverrideProperty {
            extra: Extra::new(),
            id: format!("custom.{name}"),
            value: OverrideValue::Json(value),
        }
    }
}

impl ToRust for Override {
    fn to_rust(&self) -> Expr {
        let head = Expr::path(module_path!(), "Override::new");
        let call = Expr::call(head, vec![self.matcher.to_rust(), self.properties.to_rust()]);
        if self.extra.is_empty() {
            return call;
        }
        call.then("with_extra", vec![self.extra.to_rust()])
    }
}

impl Override {
    /// The properties set on the fields `matcher` selects.
    pub fn new(matcher: Matcher, properties: Vec<OverrideProperty>) -> Self {
        Override {
            matcher,
            properties,
            extra: Extra::new(),
        }
    }

    /// With keys this crate does not model.
    pub fn with_extra(mut self, extra: Extra) -> Self {
        self.extra = extra;
        self
    }
}

/// An override: a matcher and the properties it sets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Override {
    /// Which fields.
    pub matcher: Matcher,
    /// What changes on them.
    pub properties: Vec<OverrideProperty>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn result(text: &str) -> MappingResult {
        MappingResult::new(text, Color::Red, 0)
    }

    #[test]
    fn value_mappings_are_written_with_grafanas_type_and_options() {
        let values = ValueMapping::Values(vec![("1".into(), result("UP")), ("0".into(), result("DOWN"))]);
        let json = serde_json::to_value(values).expect("serialises");
        assert_eq!(json["type"], "value");
        let keys: Vec<&String> = json["options"].as_object().expect("an object").keys().collect();
        assert_eq!(keys, ["1", "0"], "the values keep their order");
        let special = serde_json::to_value(ValueMapping::null_or_nan(result("none"))).expect("serialises");
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
