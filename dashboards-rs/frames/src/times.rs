//! A time column as Grafana's Arrow frames carry it: nanoseconds since the epoch, in one buffer that the Arrow
//! encoding shares rather than copies.
//!
//! A range query's times are written once, straight into that buffer ([`Times::from_ms`]), and a large column
//! has a memory mapping of its own ([`crate::mapping`]). Held as milliseconds, a 10,800-point column was on the
//! heap twice per answer: once as milliseconds, once as the nanoseconds Arrow sends.

use std::fmt;

use arrow_buffer::ScalarBuffer;

use crate::mapping;

/// Nanoseconds in a millisecond.
const NANOS_PER_MS: i64 = 1_000_000;

/// Times, never null. Built and read in milliseconds since the epoch; cloning shares the buffer.
#[derive(Clone, PartialEq, Default)]
pub struct Times {
    nanos: ScalarBuffer<i64>,
}

impl Times {
    /// Times from milliseconds since the epoch. Beyond the years 1677 to 2262, which nanoseconds cannot hold,
    /// a time saturates.
    pub fn from_ms(ms: impl ExactSizeIterator<Item = i64>) -> Self {
        let rows = ms.len();
        let nanos = ms.map(|t| t.saturating_mul(NANOS_PER_MS));
        match mapping::zeroed(rows.saturating_mul(8)) {
            Some(mut map) => {
                for (slot, t) in map.chunks_exact_mut(8).zip(nanos) {
                    slot.copy_from_slice(&t.to_ne_bytes());
                }
                Times {
                    nanos: ScalarBuffer::new(mapping::into_buffer(map), 0, rows),
                }
            }
            None => Times { nanos: nanos.collect() },
        }
    }

    /// Times from nanoseconds since the epoch, as an Arrow timestamp column holds them.
    pub fn from_nanos(nanos: ScalarBuffer<i64>) -> Self {
        Times { nanos }
    }

    /// The nanoseconds, as the Arrow encoding shares them.
    pub fn nanos(&self) -> &ScalarBuffer<i64> {
        &self.nanos
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.nanos.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.nanos.is_empty()
    }

    /// Row `i` in milliseconds, `None` out of range.
    pub fn get_ms(&self, i: usize) -> Option<i64> {
        self.nanos.get(i).map(|t| t.div_euclid(NANOS_PER_MS))
    }

    /// Every row in milliseconds, in order.
    pub fn iter_ms(&self) -> impl ExactSizeIterator<Item = i64> + '_ {
        self.nanos.iter().map(|t| t.div_euclid(NANOS_PER_MS))
    }
}

impl From<Vec<i64>> for Times {
    /// Times from milliseconds since the epoch.
    fn from(ms: Vec<i64>) -> Self {
        Times::from_ms(ms.into_iter())
    }
}

impl FromIterator<i64> for Times {
    /// Times from milliseconds since the epoch.
    fn from_iter<I: IntoIterator<Item = i64>>(ms: I) -> Self {
        Times::from(ms.into_iter().collect::<Vec<_>>())
    }
}

impl fmt::Debug for Times {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter_ms()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milliseconds_read_back_as_written() {
        let times = Times::from(vec![-1, 0, 1_000, 1_796_049_720_000]);
        assert_eq!(times.iter_ms().collect::<Vec<_>>(), [-1, 0, 1_000, 1_796_049_720_000]);
        assert_eq!(times.get_ms(3), Some(1_796_049_720_000));
        assert_eq!(times.get_ms(4), None);
    }

    #[test]
    fn they_are_held_as_the_nanoseconds_arrow_sends() {
        let times = Times::from(vec![1_000, 2_000]);
        assert_eq!(times.nanos().as_ref(), [1_000_000_000, 2_000_000_000]);
    }

    #[test]
    fn a_large_column_is_mapped_and_reads_as_written() {
        let rows = mapping::MAPPED_BYTES / 8 + 3;
        let ms: Vec<i64> = (0..rows).map(|i| 1_700_000_000_000 + i as i64 * 15_000).collect();
        let large = Times::from_ms(ms.iter().copied());
        // A mapping of its own starts on a page; a heap block of this size is preceded by its header.
        assert_eq!(large.nanos().inner().as_ptr() as usize % 4096, 0);
        assert_eq!(large.iter_ms().collect::<Vec<_>>(), ms);
        assert!(large.nanos().iter().zip(&ms).all(|(ns, ms)| *ns == ms * 1_000_000));
    }

    #[test]
    fn times_beyond_nanoseconds_saturate() {
        let times = Times::from(vec![i64::MAX / 2]);
        assert_eq!(times.nanos()[0], i64::MAX);
    }
}
