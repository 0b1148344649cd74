//! Levels of a verdict, from ok to critical.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How far a signal is past the seed's thresholds. Ordered: `Ok < Info < Warning < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Below every threshold.
    Ok,
    /// Worth knowing; nothing to do yet.
    Info,
    /// Act soon.
    Warning,
    /// Act now.
    Critical,
}

impl Level {
    /// Every level, mildest first.
    pub const ALL: [Level; 4] = [Level::Ok, Level::Info, Level::Warning, Level::Critical];

    /// 0 ok, 1 info, 2 warning, 3 critical: the value a state timeline or an alert rule reads.
    pub const fn number(self) -> u8 {
        self as u8
    }

    /// The level's name, as Prometheus `severity` labels and JSON write it.
    pub const fn name(self) -> &'static str {
        match self {
            Level::Ok => "ok",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Critical => "critical",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
