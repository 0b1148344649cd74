//! Levels of a verdict, from ok to critical.

use std::fmt;

use grafana_dashboards::Color;
use serde::{Deserialize, Serialize};

/// How far a signal is past its thresholds; also an alert's severity. Ordered: `Ok < Info < Warning < Critical`.
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

impl Level {
    /// The colour of the level wherever it is drawn: panels, the plugin's frames, the editors.
    pub const fn color(self) -> Color {
        match self {
            Level::Ok => Color::Green,
            Level::Info => Color::Blue,
            Level::Warning => Color::Orange,
            Level::Critical => Color::Red,
        }
    }

    /// What the level asks of people, in a few words ("act soon").
    pub const fn meaning(self) -> &'static str {
        match self {
            Level::Ok => "nothing to do",
            Level::Info => "plan ahead",
            Level::Warning => "act soon",
            Level::Critical => "act now",
        }
    }

    /// The level named `name` (`ok`, `info`, `warning`, `critical`).
    pub fn from_name(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
