//! Grafana units: the closed set the overview uses, written as Grafana's unit ids.

use serde::{Serialize, Serializer};

/// A Grafana field unit (`fieldConfig.defaults.unit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
}

impl Unit {
    /// Grafana's unit id.
    pub const fn id(self) -> &'static str {
        match self {
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

    /// A short human suffix for tables and messages (`%`, `s`, …).
    pub const fn symbol(self) -> &'static str {
        match self {
            Unit::Percent | Unit::PercentUnit => "%",
            Unit::Seconds => "s",
            Unit::Milliseconds => "ms",
            Unit::Bytes => "B",
            Unit::BytesPerSecond => "B/s",
            Unit::RequestsPerSecond => "req/s",
            Unit::OpsPerSecond => "ops/s",
            Unit::None | Unit::Short | Unit::UpDown => "",
        }
    }
}

impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}
