//! The `candlestick` panel (open/high/low/close and volume): options and custom field config as Grafana 10.4
//! writes them.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};

use crate::Extra;

use super::common::{Legend, Tooltip};
use super::graph::{single_tooltip, GraphFieldConfig};

/// `options` of a candlestick panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct CandlestickOptions {
    /// Candles or OHLC bars.
    pub candle_style: CandleStyle,
    /// Which change colours a candle up or down.
    pub color_strategy: ColorStrategy,
    /// Colours of rising, falling and flat candles.
    pub colors: CandlestickColors,
    /// Which fields hold open, high, low, close and volume (absent: found by name).
    pub fields: CandlestickFields,
    /// Whether fields not mapped above are drawn as time series.
    pub include_all_fields: bool,
    /// The legend.
    pub legend: Legend,
    /// Candles, volume or both.
    pub mode: CandlestickMode,
    /// The tooltip.
    pub tooltip: Tooltip,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for CandlestickOptions {
    fn default() -> Self {
        CandlestickOptions {
            mode: CandlestickMode::CandlesAndVolume,
            candle_style: CandleStyle::Candles,
            color_strategy: ColorStrategy::OpenClose,
            fields: CandlestickFields::default(),
            colors: CandlestickColors::default(),
            include_all_fields: false,
            legend: Legend::default(),
            tooltip: single_tooltip(),
            extra: Extra::new(),
        }
    }
}

/// What the panel draws.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum CandlestickMode {
    /// Candles above, volume bars below.
    #[default]
    #[serde(rename = "candles+volume")]
    CandlesAndVolume,
    /// Candles only.
    #[serde(rename = "candles")]
    Candles,
    /// Volume bars only.
    #[serde(rename = "volume")]
    Volume,
}

/// How a candle is drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum CandleStyle {
    /// Filled bodies with wicks.
    #[default]
    Candles,
    /// Open/high/low/close bars.
    OhlcBars,
}

/// Which change decides a candle's colour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum ColorStrategy {
    /// Close against the same candle's open.
    #[default]
    #[serde(rename = "open-close")]
    OpenClose,
    /// Close against the previous candle's close.
    #[serde(rename = "close-close")]
    CloseClose,
}

/// `options.fields`: the fields holding each price (absent: found by name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct CandlestickFields {
    /// The closing price field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close: Option<String>,
    /// The highest price field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<String>,
    /// The lowest price field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<String>,
    /// The opening price field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open: Option<String>,
    /// The volume field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `options.colors`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct CandlestickColors {
    /// Colour of falling candles.
    pub down: String,
    /// Colour of unchanged candles.
    pub flat: String,
    /// Colour of rising candles.
    pub up: String,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for CandlestickColors {
    fn default() -> Self {
        CandlestickColors {
            up: "green".into(),
            down: "red".into(),
            flat: "gray".into(),
            extra: Extra::new(),
        }
    }
}

/// `fieldConfig.defaults.custom` of a candlestick panel: Grafana's graph field config, with the time series
/// defaults.
pub type CandlestickFieldConfig = GraphFieldConfig;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::common::{Calc, LegendDisplayMode, LegendPlacement, SortOrder, TooltipMode};
    use super::super::graph::examples::full_graph_field_config;
    use super::*;
    use crate::viz::schema_check::{assert_passes_schema, to_json};

    #[test]
    fn the_default_passes_grafanas_schema() {
        assert_passes_schema(
            "candlestick",
            &CandlestickOptions::default(),
            Some(&CandlestickFieldConfig::default()),
        );
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        let options = CandlestickOptions {
            mode: CandlestickMode::Candles,
            candle_style: CandleStyle::OhlcBars,
            color_strategy: ColorStrategy::CloseClose,
            fields: CandlestickFields {
                open: Some("o".into()),
                high: Some("h".into()),
                low: Some("l".into()),
                close: Some("c".into()),
                volume: Some("v".into()),
                extra: Extra::new(),
            },
            colors: CandlestickColors {
                up: "#00ff00".into(),
                down: "#ff0000".into(),
                flat: "white".into(),
                extra: Extra::new(),
            },
            include_all_fields: true,
            legend: Legend {
                calcs: vec![Calc::Last],
                display_mode: LegendDisplayMode::Table,
                placement: LegendPlacement::Right,
                show_legend: false,
                extra: Extra::new(),
            },
            tooltip: Tooltip {
                mode: TooltipMode::Multi,
                sort: SortOrder::Asc,
                extra: Extra::new(),
            },
            extra: Extra::new(),
        };
        assert_passes_schema("candlestick", &options, Some(&full_graph_field_config()));
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let options: CandlestickOptions =
            serde_json::from_value(json!({"futureKey": 1, "mode": "volume", "fields": {"futureField": "x"}}))
                .expect("reads");
        assert_eq!(options.mode, CandlestickMode::Volume);
        let written = to_json(&options);
        assert_eq!(written["futureKey"], 1);
        assert_eq!(written["fields"]["futureField"], "x");
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let options: CandlestickOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(options, CandlestickOptions::default());
        let custom: CandlestickFieldConfig = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(custom, CandlestickFieldConfig::default());
    }
}
