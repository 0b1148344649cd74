//! Grafana units: the ones this crate names, and any other Grafana unit id as [`Unit::Custom`].

use crate::codegen::ToRust;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A Grafana field unit (`fieldConfig.defaults.unit`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, ToRust)]
pub enum Unit {
    /// A plain number, no suffix (`none`).
    None,
    /// A count with SI-like shortening (`short`).
    Short,
    /// Percent, 0–100 (`percent`).
    Percent,
    /// Percent from a 0–1 ratio (`percentunit`).
    PercentUnit,
    /// Seconds (`s`).
    Seconds,
    /// Milliseconds (`ms`).
    Milliseconds,
    /// Bytes, IEC (`bytes`).
    Bytes,
    /// Bytes per second, IEC (`binBps`).
    BytesPerSecond,
    /// Requests per second (`reqps`).
    RequestsPerSecond,
    /// Operations per second (`ops`).
    OpsPerSecond,
    /// A 0/1 state shown as Up/Down through value mappings (`none`, with mappings doing the words).
    UpDown,
    /// Any other Grafana unit id (`decbytes`, `dtdurations`, `suffix: req`, …).
    Custom(String),
}

impl Unit {
    /// Every unit, as [`Unit::from_id`] looks them up.
    pub const ALL: [Unit; 11] = [
        Unit::None,
        Unit::Short,
        Unit::Percent,
        Unit::PercentUnit,
        Unit::Seconds,
        Unit::Milliseconds,
        Unit::Bytes,
        Unit::BytesPerSecond,
        Unit::RequestsPerSecond,
        Unit::OpsPerSecond,
        Unit::UpDown,
    ];

    /// Grafana's unit id.
    pub fn id(&self) -> &str {
        match self {
            Unit::Custom(id) => id,
            Unit::None | Unit::UpDown => "none",
            Unit::Short => "short",
            Unit::Percent => "percent",
            Unit::PercentUnit => "percentunit",
            Unit::Seconds => "s",
            Unit::Milliseconds => "ms",
            Unit::Bytes => "bytes",
            Unit::BytesPerSecond => "binBps",
            Unit::RequestsPerSecond => "reqps",
            Unit::OpsPerSecond => "ops",
        }
    }

    /// The unit whose Grafana id is `id` (`"s"`, `"percent"`, …), the inverse of [`Unit::id`]; `"none"` is
    /// [`Unit::None`] (an up/down state is told apart by its mappings, not its id).
    pub fn from_id(id: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.id() == id)
    }

    /// A short human suffix for tables and messages (`%`, `s`, …).
    pub fn symbol(&self) -> &'static str {
        match self {
            Unit::Percent | Unit::PercentUnit => "%",
            Unit::Seconds => "s",
            Unit::Milliseconds => "ms",
            Unit::Bytes => "B",
            Unit::BytesPerSecond => "B/s",
            Unit::RequestsPerSecond => "req/s",
            Unit::OpsPerSecond => "ops/s",
            Unit::None | Unit::Short | Unit::UpDown | Unit::Custom(_) => "",
        }
    }
}

impl Unit {
    /// A value in this unit for people: `0.5` seconds is `500 ms`, `0.05` as a ratio is `5%`.
    pub fn format(&self, value: f64) -> String {
        let trim = |v: f64| {
            let text = format!("{v:.3}");
            text.trim_end_matches('0').trim_end_matches('.').to_owned()
        };
        match self {
            Unit::Seconds if value < 1.0 => format!("{} ms", trim(value * 1000.0)),
            Unit::PercentUnit => format!("{}%", trim(value * 100.0)),
            Unit::Percent => format!("{}%", trim(value)),
            _ if self.symbol().is_empty() => trim(value),
            _ => format!("{} {}", trim(value), self.symbol()),
        }
    }
}

impl<'de> Deserialize<'de> for Unit {
    /// A unit id this crate names reads as its variant; any other as [`Unit::Custom`].
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        Ok(Unit::from_id(&id).unwrap_or(Unit::Custom(id)))
    }
}

impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_as_people_read_them() {
        assert_eq!(Unit::Seconds.format(0.5), "500 ms");
        assert_eq!(Unit::Seconds.format(1.0), "1 s");
        assert_eq!(Unit::PercentUnit.format(0.05), "5%");
        assert_eq!(Unit::Percent.format(80.0), "80%");
        assert_eq!(Unit::Short.format(500.0), "500");
    }

    #[test]
    fn a_unit_is_found_by_its_grafana_id() {
        // Every unit but the up/down state (written `none`, told apart by its mappings) reads back as itself.
        for unit in Unit::ALL.into_iter().filter(|u| *u != Unit::UpDown) {
            assert_eq!(Unit::from_id(unit.id()), Some(unit));
        }
        assert_eq!(Unit::from_id("none"), Some(Unit::None));
        assert_eq!(Unit::from_id("seconds"), None);
    }
}
