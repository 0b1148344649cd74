//! The time grid of a range query: a time range, an interval and max data points turned into Prometheus's
//! `start`, `end` and `step`, with the step widened so that no series exceeds Prometheus's 11,000 points.

use crate::times::Times;

/// Prometheus refuses range queries of more than this many points per series.
pub const MAX_POINTS: i64 = 11_000;

/// Grafana's default `maxDataPoints` when the panel sends none.
pub const DEFAULT_MAX_DATA_POINTS: i64 = 100;

/// A range query's grid, in seconds, aligned on the step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grid {
    /// First point.
    pub start: i64,
    /// Last point.
    pub end: i64,
    /// Seconds between points.
    pub step: i64,
}

impl Grid {
    /// The grid of a time range (`from_ms`..`to_ms`), for a panel of `interval_ms` and `max_data_points`.
    pub fn new(from_ms: i64, to_ms: i64, interval_ms: i64, max_data_points: i64) -> Result<Grid, GridError> {
        if !(EARLIEST_MS..=LATEST_MS).contains(&from_ms) || !(EARLIEST_MS..=LATEST_MS).contains(&to_ms) {
            return Err(GridError::OutOfRange { from_ms, to_ms });
        }
        if to_ms <= from_ms {
            return Err(GridError::Reversed { from_ms, to_ms });
        }
        let max_points = if max_data_points > 0 {
            max_data_points
        } else {
            DEFAULT_MAX_DATA_POINTS
        };
        let range_ms = to_ms - from_ms;
        // An interval longer than the range gives one point, as the range itself would.
        let step_ms = interval_ms.clamp(0, range_ms).max(div_ceil(range_ms, max_points));
        let mut step = div_ceil(step_ms, 1000).max(1);
        loop {
            let start = from_ms.div_euclid(1000 * step) * step;
            let end = div_ceil(to_ms, 1000 * step) * step;
            if (end - start) / step < MAX_POINTS {
                return Ok(Grid { start, end, step });
            }
            step = div_ceil(end - start, MAX_POINTS - 1).max(step + 1);
        }
    }

    /// The number of points of a series on this grid.
    pub fn points(&self) -> usize {
        ((self.end - self.start) / self.step + 1) as usize
    }

    /// The grid's times, a frame's time column.
    pub fn times(&self) -> Times {
        Times::from_ms((0..self.points()).map(|i| (self.start + i as i64 * self.step) * 1000))
    }

    /// The index of the point nearest `t_ms` milliseconds, if the grid has one within half a step (a time
    /// halfway between two points belongs to the later). Integer arithmetic: exact, and cheap per sample.
    pub fn index_ms(&self, t_ms: i64) -> Option<usize> {
        let step_ms = self.step * 1000;
        let offset = t_ms.checked_sub(self.start * 1000)?.checked_add(step_ms / 2)?;
        let i = usize::try_from(offset.div_euclid(step_ms)).ok()?;
        (i < self.points()).then_some(i)
    }

    /// `step` as a PromQL duration (`15s`).
    pub fn step_duration(&self) -> String {
        format!("{}s", self.step)
    }
}

/// The first instant a grid may start at: 0001-01-01T00:00:00Z, in milliseconds.
pub const EARLIEST_MS: i64 = -62_135_596_800_000;

/// The last instant a grid may end at: 9999-12-31T23:59:59.999Z, in milliseconds. Within these years every
/// computation of a grid fits in an `i64`, and Prometheus parses every time.
pub const LATEST_MS: i64 = 253_402_300_799_999;

/// A time range no grid can be made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GridError {
    /// It ends at or before its start.
    #[error(
        "timeRange is {} (from {from_ms} to {to_ms} ms): pick a time range whose end is after its start",
        if to_ms == from_ms { "empty" } else { "reversed" }
    )]
    Reversed {
        /// The range's start, in milliseconds.
        from_ms: i64,
        /// The range's end, in milliseconds.
        to_ms: i64,
    },
    /// It starts or ends outside the years 1 to 9999.
    #[error(
        "timeRange from {from_ms} to {to_ms} ms is outside the years 1 to 9999: pick a time range within them \
         (fromEpochMS and toEpochMS are milliseconds since 1970)"
    )]
    OutOfRange {
        /// The range's start, in milliseconds.
        from_ms: i64,
        /// The range's end, in milliseconds.
        to_ms: i64,
    },
}

/// `a / b` rounded up, for `b > 0`, without overflow whatever `b`.
fn div_ceil(a: i64, b: i64) -> i64 {
    a.div_euclid(b) + i64::from(a.rem_euclid(b) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_is_the_interval_when_the_panel_can_show_it() {
        let g = Grid::new(0, 3_600_000, 15_000, 1_000).expect("valid");
        assert_eq!(g.step, 15);
        assert_eq!(g.points(), 241);
    }

    #[test]
    fn step_grows_with_max_data_points() {
        let g = Grid::new(0, 3_600_000, 1_000, 100).expect("valid");
        assert_eq!(g.step, 36);
    }

    #[test]
    fn no_series_exceeds_eleven_thousand_points() {
        // A year at a 1 s interval with a huge maxDataPoints.
        let year = 365 * 86_400_000_i64;
        let g = Grid::new(1_000_123, 1_000_123 + year, 1_000, 10_000_000).expect("valid");
        assert!(g.points() as i64 <= MAX_POINTS, "{g:?} has {} points", g.points());
        let g = Grid::new(7_777, 7_777 + 11_000_000, 1, 1_000_000_000).expect("valid");
        assert!(g.points() as i64 <= MAX_POINTS, "{g:?}");
    }

    #[test]
    fn empty_and_reversed_ranges_are_refused() {
        let e = Grid::new(5, 5, 1, 1).expect_err("empty");
        assert!(e.to_string().contains("empty"));
        assert!(Grid::new(6, 5, 1, 1)
            .expect_err("reversed")
            .to_string()
            .contains("reversed"));
    }

    #[test]
    fn ranges_beyond_year_9999_are_refused_by_name() {
        for (from, to) in [(i64::MIN, 0), (0, i64::MAX), (LATEST_MS, LATEST_MS + 1)] {
            let e = Grid::new(from, to, 1_000, 100).expect_err("out of range");
            assert!(e.to_string().contains("outside the years 1 to 9999"), "{e}");
        }
        let widest = Grid::new(EARLIEST_MS, LATEST_MS, i64::MAX, i64::MAX).expect("the widest range");
        assert!(widest.points() as i64 <= MAX_POINTS, "{widest:?}");
    }

    #[test]
    fn an_interval_longer_than_the_range_gives_its_ends() {
        let g = Grid::new(0, 60_000, i64::MAX, 100).expect("valid");
        assert_eq!((g.start, g.end, g.step), (0, 60, 60));
    }

    #[test]
    fn points_are_indexed() {
        let g = Grid::new(0, 60_000, 15_000, 100).expect("valid");
        assert_eq!(g.index_ms(30_000), Some(2));
        assert_eq!(g.index_ms(37_499), Some(2));
        assert_eq!(g.index_ms(37_500), Some(3), "halfway belongs to the later point");
        assert_eq!(g.index_ms(-7_500), Some(0));
        assert_eq!(g.index_ms(-7_501), None);
        assert_eq!(g.index_ms(600_000), None);
        assert_eq!(g.index_ms(i64::MIN), None);
        assert_eq!(g.index_ms(i64::MAX), None);
        assert_eq!(g.times().iter_ms().last(), Some(60_000));
    }
}
