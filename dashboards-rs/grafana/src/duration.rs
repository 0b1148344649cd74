//! Durations as Prometheus and Grafana write them (`500ms`, `15s`, `5m`, `1h30m`), typed.
//!
//! ```
//! use grafana_dashboards::duration::PromDuration;
//!
//! let window: PromDuration = "1h30m".parse().expect("a duration");
//! assert_eq!(window, PromDuration::minutes(90));
//! assert_eq!(window.to_string(), "1h30m");
//! assert_eq!(PromDuration::minutes(10).words(), "10 minutes");
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A whole number of milliseconds, written the Prometheus way: the largest units first, `0s` for nothing. Weeks
/// are written only for a whole number of them (`2w`, but `30d` rather than `4w2d`), as people write windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct PromDuration {
    millis: u64,
}

/// The units a duration is written in, largest first: (suffix, milliseconds, singular name).
const UNITS: [(&str, u64, &str); 6] = [
    ("w", 604_800_000, "week"),
    ("d", 86_400_000, "day"),
    ("h", 3_600_000, "hour"),
    ("m", 60_000, "minute"),
    ("s", 1_000, "second"),
    ("ms", 1, "millisecond"),
];

impl PromDuration {
    /// `n` milliseconds.
    pub const fn millis(n: u64) -> Self {
        PromDuration { millis: n }
    }

    /// `n` seconds.
    pub const fn seconds(n: u64) -> Self {
        PromDuration { millis: n * 1_000 }
    }

    /// `n` minutes.
    pub const fn minutes(n: u64) -> Self {
        PromDuration { millis: n * 60_000 }
    }

    /// `n` hours.
    pub const fn hours(n: u64) -> Self {
        PromDuration { millis: n * 3_600_000 }
    }

    /// `n` days.
    pub const fn days(n: u64) -> Self {
        PromDuration { millis: n * 86_400_000 }
    }

    /// The length in whole seconds (rounded down).
    pub const fn as_secs(self) -> u64 {
        self.millis / 1_000
    }

    /// The length in milliseconds.
    pub const fn as_millis(self) -> u64 {
        self.millis
    }

    /// As a standard duration.
    pub const fn to_std(self) -> std::time::Duration {
        std::time::Duration::from_millis(self.millis)
    }

    /// For people, in its largest unit that divides it: `10 minutes`, `1 minute`, `90 seconds`.
    pub fn words(self) -> String {
        let (_, size, name) = UNITS
            .iter()
            .copied()
            .find(|(_, size, _)| self.millis % size == 0 && self.millis >= *size)
            .unwrap_or(("s", 1_000, "second"));
        let n = self.millis / size;
        if n == 1 {
            format!("1 {name}")
        } else {
            format!("{n} {name}s")
        }
    }
}

impl fmt::Display for PromDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.millis == 0 {
            return f.write_str("0s");
        }
        let mut rest = self.millis;
        let whole_weeks = self.millis % UNITS[0].1 == 0;
        for (suffix, size, _) in UNITS.iter().copied().skip(usize::from(!whole_weeks)) {
            if rest >= size {
                write!(f, "{}{suffix}", rest / size)?;
                rest %= size;
            }
        }
        Ok(())
    }
}

/// A duration that is not written the Prometheus way.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a duration: write whole numbers and units, largest first, such as 15s, 5m or 1h30m")]
pub struct DurationError {
    /// The text given.
    pub text: String,
}

impl FromStr for PromDuration {
    type Err = DurationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || DurationError { text: text.to_owned() };
        let mut millis: u64 = 0;
        let mut rest = text;
        let mut last_size = u64::MAX;
        while !rest.is_empty() {
            let digits = rest.find(|c: char| !c.is_ascii_digit()).ok_or_else(err)?;
            let n: u64 = rest[..digits].parse().map_err(|_| err())?;
            rest = &rest[digits..];
            // `ms` before `m`: the longest suffix that matches.
            let (suffix, size, _) = UNITS
                .iter()
                .copied()
                .filter(|(suffix, _, _)| rest.starts_with(suffix))
                .max_by_key(|(suffix, _, _)| suffix.len())
                .ok_or_else(err)?;
            if size >= last_size {
                return Err(err());
            }
            last_size = size;
            rest = &rest[suffix.len()..];
            millis = n
                .checked_mul(size)
                .and_then(|s| millis.checked_add(s))
                .ok_or_else(err)?;
        }
        if text.is_empty() {
            return Err(err());
        }
        Ok(PromDuration { millis })
    }
}

impl From<std::time::Duration> for PromDuration {
    /// To the millisecond, saturating at `u64::MAX` milliseconds.
    fn from(duration: std::time::Duration) -> Self {
        PromDuration {
            millis: u64::try_from(duration.as_millis()).unwrap_or(u64::MAX),
        }
    }
}

impl Serialize for PromDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PromDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_written_largest_unit_first() {
        assert_eq!(PromDuration::seconds(15).to_string(), "15s");
        assert_eq!(PromDuration::minutes(5).to_string(), "5m");
        assert_eq!(PromDuration::seconds(5_400).to_string(), "1h30m");
        assert_eq!(PromDuration::seconds(0).to_string(), "0s");
        assert_eq!(PromDuration::millis(1_500).to_string(), "1s500ms");
    }

    #[test]
    fn what_is_written_reads_back() {
        for text in ["500ms", "15s", "1m", "10m", "1h30m", "2d", "30d", "2w", "1m30s250ms"] {
            assert_eq!(text.parse::<PromDuration>().map(|d| d.to_string()).as_deref(), Ok(text));
        }
    }

    #[test]
    fn weeks_are_written_only_when_whole() {
        assert_eq!(PromDuration::days(30).to_string(), "30d");
        assert_eq!(PromDuration::days(14).to_string(), "2w");
        assert_eq!(
            "1w2d".parse::<PromDuration>().map(|d| d.to_string()).as_deref(),
            Ok("9d")
        );
    }

    #[test]
    fn a_malformed_duration_is_refused_with_an_example() {
        for text in ["", "5", "m", "5 m", "1m1h", "1s1s", "-5m", "5x"] {
            let err = text.parse::<PromDuration>().expect_err(text);
            assert!(err.to_string().contains("such as 15s, 5m or 1h30m"), "{err}");
        }
    }

    #[test]
    fn words_use_the_largest_whole_unit() {
        assert_eq!(PromDuration::minutes(10).words(), "10 minutes");
        assert_eq!(PromDuration::minutes(1).words(), "1 minute");
        assert_eq!(PromDuration::seconds(90).words(), "90 seconds");
        assert_eq!(PromDuration::hours(2).words(), "2 hours");
    }
}
