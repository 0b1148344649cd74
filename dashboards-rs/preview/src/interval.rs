//! Grafana 10.4's interval arithmetic for Prometheus queries: the step of a query (`calculatePrometheusInterval`
//! in `pkg/tsdb/prometheus/models/query.go`, on `pkg/tsdb/intervalv2`'s `Calculate`, `CalculateSafeInterval`,
//! `roundInterval`, `GetIntervalFrom`), `$__rate_interval` (`calculateRateInterval`), and the two ways Grafana
//! writes a duration: `kbn` style (`15s`, `1m`: `FormatDuration`) and Go's `time.Duration.String` (`1m0s`).

use std::time::Duration;

/// Grafana's resolution when a query has no `maxDataPoints` (`intervalv2.DefaultRes`).
pub const DEFAULT_RESOLUTION: u64 = 1500;

/// The most points Grafana lets a Prometheus range query ask for (`safeResolution`).
pub const SAFE_RESOLUTION: u64 = 11_000;

/// The scrape interval Grafana assumes when the data source sets no `jsonData.timeInterval`.
pub const DEFAULT_SCRAPE_INTERVAL: Duration = Duration::from_secs(15);

/// A duration Grafana cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{text:?} is not a duration: write a number and a unit, e.g. 15s, 1m, 500ms, 1h30m (units ms, s, m, h, d, w, M, y)"
)]
pub struct IntervalError {
    /// What was written.
    pub text: String,
}

const MS: u64 = 1;
const SECOND: u64 = 1000 * MS;
const MINUTE: u64 = 60 * SECOND;
const HOUR: u64 = 60 * MINUTE;
const DAY: u64 = 24 * HOUR;
const WEEK: u64 = 7 * DAY;
const YEAR: u64 = 365 * DAY;

/// Reads a duration as Grafana's `ParseIntervalStringToTimeDuration` does: `<` and `>` ignored, a bare number in
/// seconds, otherwise Go's units plus `d`, `w`, `M` (30 days) and `y` (365 days), compound (`1h30m`) allowed.
pub fn parse(text: &str) -> Result<Duration, IntervalError> {
    let error = || IntervalError { text: text.to_owned() };
    let cleaned = text.replacen('<', "", 1).replacen('>', "", 1);
    let cleaned = cleaned.trim();
    if !cleaned.is_empty() && cleaned.bytes().all(|b| b.is_ascii_digit()) {
        let seconds: u64 = cleaned.parse().map_err(|_| error())?;
        return Ok(Duration::from_secs(seconds));
    }
    let mut rest = cleaned;
    let mut total = Duration::ZERO;
    if rest.is_empty() {
        return Err(error());
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(error)?;
        let number: f64 = rest[..digits].parse().map_err(|_| error())?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let unit_ms: f64 = match &rest[..unit_len] {
            "ns" => 1e-6,
            "us" | "µs" => 1e-3,
            "ms" => 1.0,
            "s" => SECOND as f64,
            "m" => MINUTE as f64,
            "h" => HOUR as f64,
            "d" => DAY as f64,
            "w" => WEEK as f64,
            "M" => (30 * DAY) as f64,
            "y" => YEAR as f64,
            _ => return Err(error()),
        };
        total += Duration::from_secs_f64(number * unit_ms / 1000.0);
        rest = &rest[unit_len..];
    }
    Ok(total)
}

/// The minimum interval of a query (`GetIntervalFrom`): the query's own `interval` (min step) if set and not
/// `0s`; else the request's `intervalMs` if non-zero; else the data source's scrape interval; else `default`.
pub fn min_interval(
    data_source_interval: Option<&str>,
    query_interval: Option<&str>,
    interval_ms: i64,
    default: Duration,
) -> Result<Duration, IntervalError> {
    let query_interval = query_interval.filter(|i| !i.is_empty() && *i != "0s");
    let chosen = match query_interval {
        Some(interval) => interval,
        None if interval_ms != 0 => return Ok(Duration::from_millis(interval_ms.unsigned_abs())),
        None => match data_source_interval.filter(|i| !i.is_empty()) {
            Some(interval) => interval,
            None => return Ok(default),
        },
    };
    parse(chosen)
}

/// `Calculate`: the time range over the resolution (`maxDataPoints`, else 1500), rounded to a "nice" interval,
/// but never under `min`.
pub fn calculate(range: Duration, min: Duration, max_data_points: u64) -> Duration {
    let resolution = if max_data_points == 0 {
        DEFAULT_RESOLUTION
    } else {
        max_data_points
    };
    let calculated = divide(range, resolution);
    if calculated < min {
        return min;
    }
    round(calculated)
}

/// `CalculateSafeInterval`: the interval that keeps a range under `resolution` points, rounded.
pub fn safe(range: Duration, resolution: u64) -> Duration {
    round(divide(range, resolution))
}

/// `range / by`, in nanoseconds as Go divides durations.
fn divide(range: Duration, by: u64) -> Duration {
    let nanos = range.as_nanos() / u128::from(by.max(1));
    Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
}

/// `roundInterval`: the "nice" interval Grafana shows for a computed one.
pub fn round(interval: Duration) -> Duration {
    // (upper bound inclusive, result), both in milliseconds, as in intervalv2.go.
    const TABLE: [(u64, u64); 29] = [
        (10, 1),
        (15, 10),
        (35, 20),
        (75, 50),
        (150, 100),
        (350, 200),
        (750, 500),
        (1_500, 1_000),
        (3_500, 2_000),
        (7_500, 5_000),
        (12_500, 10_000),
        (17_500, 15_000),
        (25_000, 20_000),
        (45_000, 30_000),
        (90_000, 60_000),
        (210_000, 120_000),
        (450_000, 300_000),
        (750_000, 600_000),
        (1_050_000, 900_000),
        (1_500_000, 1_200_000),
        (2_700_000, 1_800_000),
        (5_400_000, 3_600_000),
        (9_000_000, 7_200_000),
        (16_200_000, 10_800_000),
        (32_400_000, 21_600_000),
        (86_400_000, 43_200_000),
        (172_800_000, 86_400_000),
        (604_800_000, 86_400_000),
        (1_814_400_000, 604_800_000),
    ];
    let ms = interval.as_secs_f64() * 1000.0;
    for (bound, result) in TABLE {
        if ms <= bound as f64 {
            return Duration::from_millis(result);
        }
    }
    if ms < 3_628_800_000.0 {
        Duration::from_millis(2_592_000_000)
    } else {
        Duration::from_millis(31_536_000_000)
    }
}

/// `calculateRateInterval`: `max(interval + scrape, 4 × scrape)`, the scrape interval being `scrape` or 15 s when
/// empty; zero when `scrape` does not parse, as in Grafana.
pub fn rate_interval(interval: Duration, scrape: &str) -> Duration {
    let scrape = if scrape.is_empty() { "15s" } else { scrape };
    match parse(scrape) {
        Ok(scrape) => (interval + scrape).max(scrape * 4),
        Err(_) => Duration::ZERO,
    }
}

/// `FormatDuration` (kbn style): the largest whole unit, truncated (`90s` is `1m`).
pub fn format_kbn(interval: Duration) -> String {
    let ms = interval.as_millis() as u64;
    let units = [
        (YEAR, "y"),
        (DAY, "d"),
        (HOUR, "h"),
        (MINUTE, "m"),
        (SECOND, "s"),
        (MS, "ms"),
    ];
    for (size, unit) in units {
        if ms >= size {
            return format!("{}{unit}", ms / size);
        }
    }
    "1ms".to_owned()
}

/// Go's `time.Duration.String` (`1m0s`, `1h30m0s`, `1.5s`, `500ms`), which Grafana writes `$__rate_interval` in.
pub fn format_go(interval: Duration) -> String {
    let nanos = interval.as_nanos();
    if nanos == 0 {
        return "0s".to_owned();
    }
    if nanos < 1_000_000_000 {
        let (unit, size) = if nanos < 1_000 {
            ("ns", 1)
        } else if nanos < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        return format!("{}{unit}", fraction(nanos, size));
    }
    let hours = nanos / 3_600_000_000_000;
    let minutes = nanos / 60_000_000_000 % 60;
    let seconds = fraction(nanos % 60_000_000_000, 1_000_000_000);
    let mut out = String::new();
    if hours > 0 {
        out.push_str(&format!("{hours}h"));
    }
    if hours > 0 || minutes > 0 {
        out.push_str(&format!("{minutes}m"));
    }
    out.push_str(&format!("{seconds}s"));
    out
}

/// `value / size` with the fraction's trailing zeros removed, as Go prints it.
fn fraction(value: u128, size: u128) -> String {
    let whole = value / size;
    let rest = value % size;
    if rest == 0 {
        return whole.to_string();
    }
    let digits = size.to_string().len() - 1;
    let decimals = format!("{rest:0digits$}");
    format!("{whole}.{}", decimals.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(seconds: u64) -> Duration {
        Duration::from_secs(seconds)
    }

    #[test]
    fn durations_read_as_grafana_reads_them() {
        assert_eq!(parse("15s"), Ok(s(15)));
        assert_eq!(parse("30"), Ok(s(30)), "a bare number is seconds");
        assert_eq!(parse(">10s"), Ok(s(10)), "the old > prefix is ignored");
        assert_eq!(parse("1h30m"), Ok(s(5400)));
        assert_eq!(parse("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse("1d"), Ok(s(86_400)));
        assert_eq!(parse("1w"), Ok(s(7 * 86_400)));
        assert!(parse("fast").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn round_interval_follows_grafanas_table() {
        // intervalv2_test.go's examples.
        assert_eq!(round(Duration::from_millis(30)), Duration::from_millis(20));
        assert_eq!(round(s(45)), s(30));
        assert_eq!(round(s(60)), s(60));
        assert_eq!(round(Duration::from_millis(7200)), s(5));
        assert_eq!(round(s(3600)), s(3600));
        assert_eq!(round(s(3 * 86_400)), s(86_400));
    }

    #[test]
    fn calculate_keeps_the_minimum_and_the_resolution() {
        // 5 minutes over 1500 points is 200 ms: below a 1 ms minimum it rounds to 200 ms (intervalv2_test.go).
        assert_eq!(
            calculate(s(300), Duration::from_millis(1), 0),
            Duration::from_millis(200)
        );
        // An hour over 100 points is 36 s, rounded to 30 s; a 60 s minimum wins.
        assert_eq!(calculate(s(3600), s(15), 100), s(30));
        assert_eq!(calculate(s(3600), s(60), 100), s(60));
    }

    #[test]
    fn the_safe_interval_keeps_eleven_thousand_points() {
        // A year over 11,000 points is 47.8 minutes: rounded to 1 h.
        assert_eq!(safe(s(365 * 86_400), SAFE_RESOLUTION), s(3600));
    }

    #[test]
    fn min_interval_prefers_the_query_then_interval_ms_then_the_data_source() {
        let d = DEFAULT_SCRAPE_INTERVAL;
        assert_eq!(min_interval(Some("30s"), Some("10s"), 5000, d), Ok(s(10)));
        assert_eq!(min_interval(Some("30s"), Some("0s"), 5000, d), Ok(s(5)));
        assert_eq!(min_interval(Some("30s"), None, 0, d), Ok(s(30)));
        assert_eq!(min_interval(None, None, 0, d), Ok(s(15)));
    }

    #[test]
    fn rate_interval_is_four_scrapes_or_interval_plus_scrape() {
        // query_test.go's TestCalculateRateInterval.
        assert_eq!(rate_interval(s(100), "30s"), s(130));
        assert_eq!(rate_interval(s(60), "30s"), s(120));
        assert_eq!(rate_interval(s(30), "15s"), s(60));
        assert_eq!(rate_interval(s(30), ""), s(60), "15 s when no scrape interval is set");
        assert_eq!(rate_interval(s(30), "soon"), Duration::ZERO);
    }

    #[test]
    fn durations_are_written_as_grafana_and_go_write_them() {
        assert_eq!(format_kbn(s(15)), "15s");
        assert_eq!(format_kbn(s(90)), "1m");
        assert_eq!(format_kbn(Duration::from_millis(200)), "200ms");
        assert_eq!(format_kbn(s(2 * 86_400)), "2d");
        assert_eq!(format_go(s(60)), "1m0s");
        assert_eq!(format_go(s(5400)), "1h30m0s");
        assert_eq!(format_go(s(15)), "15s");
        assert_eq!(format_go(Duration::from_millis(1500)), "1.5s");
        assert_eq!(format_go(Duration::from_millis(200)), "200ms");
    }
}
