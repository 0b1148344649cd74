//! A float column laid out as Arrow lays it out: the values in one buffer, which rows hold one in a bitmap.
//!
//! A Prometheus answer is read straight into this layout ([`FloatsBuilder`]), and the Arrow encoding shares
//! its buffers rather than copying them: a million values cost their 8 MB once, from the wire to the frame
//! Grafana receives.
//!
//! A large column placed row by row ([`FloatsBuilder::nulls`], what a range query's series fill) has a memory
//! mapping of its own rather than a heap allocation ([`crate::mapping`]).

use std::fmt;

use arrow_buffer::{BooleanBuffer, BooleanBufferBuilder, NullBuffer, ScalarBuffer};
use memmap2::MmapMut;

use crate::mapping;

/// Floats, some of them null. Cloning shares the buffers.
#[derive(Clone)]
pub struct Floats {
    values: ScalarBuffer<f64>,
    nulls: Option<NullBuffer>,
}

impl Floats {
    /// A column of `values`, with the rows `present` marks (all of them when `None`).
    ///
    /// # Panics
    /// When `present` is not as long as `values` (a bug of the caller).
    pub fn new(values: Vec<f64>, present: Option<BooleanBuffer>) -> Self {
        let nulls = present.map(|p| {
            assert_eq!(p.len(), values.len(), "a validity bitmap as long as the values");
            NullBuffer::new(p)
        });
        Floats {
            values: ScalarBuffer::from(values),
            nulls: nulls.filter(|n| n.null_count() > 0),
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Row `i`: `None` when it is null or out of range.
    pub fn get(&self, i: usize) -> Option<f64> {
        let value = *self.values.get(i)?;
        match &self.nulls {
            Some(nulls) if nulls.is_null(i) => None,
            _ => Some(value),
        }
    }

    /// Every row, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<f64>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// How many rows are null.
    pub fn null_count(&self) -> usize {
        self.nulls.as_ref().map_or(0, NullBuffer::null_count)
    }

    /// The same column with NaN and ±Inf made null; the values are shared, only the bitmap is new.
    pub fn finite(self) -> Self {
        if self.values.iter().all(|v| v.is_finite()) {
            return self;
        }
        let finite = BooleanBuffer::collect_bool(self.len(), |i| self.values[i].is_finite());
        let nulls = NullBuffer::union(self.nulls.as_ref(), Some(&NullBuffer::new(finite)));
        Floats {
            values: self.values,
            nulls: nulls.filter(|n| n.null_count() > 0),
        }
    }

    /// The Arrow buffers: the values and, when a row is null, the validity bitmap.
    pub fn into_parts(self) -> (ScalarBuffer<f64>, Option<NullBuffer>) {
        (self.values, self.nulls)
    }

    /// A column of Arrow buffers (as decoded), shared rather than copied.
    pub fn from_parts(values: ScalarBuffer<f64>, nulls: Option<NullBuffer>) -> Self {
        Floats {
            values,
            nulls: nulls.filter(|n| n.null_count() > 0),
        }
    }
}

impl FromIterator<Option<f64>> for Floats {
    fn from_iter<I: IntoIterator<Item = Option<f64>>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut builder = FloatsBuilder::with_capacity(iter.size_hint().0);
        for value in iter {
            builder.push(value);
        }
        builder.finish()
    }
}

impl From<Vec<Option<f64>>> for Floats {
    fn from(values: Vec<Option<f64>>) -> Self {
        values.into_iter().collect()
    }
}

impl From<Vec<f64>> for Floats {
    fn from(values: Vec<f64>) -> Self {
        Floats::new(values, None)
    }
}

impl Default for Floats {
    fn default() -> Self {
        Floats::new(Vec::new(), None)
    }
}

/// Equal when every row is: nulls at the same rows, values equal as floats (so NaN equals nothing, as in
/// `Vec<Option<f64>>`).
impl PartialEq for Floats {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl fmt::Debug for Floats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Builds [`Floats`] row by row, or by placing values at rows of a column of nulls.
#[derive(Debug)]
pub struct FloatsBuilder {
    values: Slots,
    present: BooleanBufferBuilder,
}

/// Where a builder's values live.
#[derive(Debug)]
enum Slots {
    Heap(Vec<f64>),
    /// Native-endian floats in a mapping of their own, page-aligned.
    Mapped(MmapMut),
}

impl FloatsBuilder {
    /// An empty column with room for `capacity` rows.
    pub fn with_capacity(capacity: usize) -> Self {
        FloatsBuilder {
            values: Slots::Heap(Vec::with_capacity(capacity)),
            present: BooleanBufferBuilder::new(capacity),
        }
    }

    /// A column of `rows` nulls, to [`set`](Self::set) rows of; mapped from
    /// [`MAPPED_BYTES`](mapping::MAPPED_BYTES) up (the system's fresh pages are zeros, touched only where a value
    /// is set). Should the system refuse a mapping, the heap.
    pub fn nulls(rows: usize) -> Self {
        let mut present = BooleanBufferBuilder::new(rows);
        present.append_n(rows, false);
        let mapped = mapping::zeroed(rows.saturating_mul(8));
        FloatsBuilder {
            values: mapped.map_or_else(|| Slots::Heap(vec![0.0; rows]), Slots::Mapped),
            present,
        }
    }

    /// Appends a row. (A mapped column of nulls moves to the heap first: it was not made to grow.)
    pub fn push(&mut self, value: Option<f64>) {
        if let Slots::Mapped(map) = &self.values {
            let heap = map.chunks_exact(8).map(native_float).collect();
            self.values = Slots::Heap(heap);
        }
        if let Slots::Heap(values) = &mut self.values {
            values.push(value.unwrap_or_default());
            self.present.append(value.is_some());
        }
    }

    /// Sets row `i` (ignored past the end).
    #[inline]
    pub fn set(&mut self, i: usize, value: f64) {
        let written = match &mut self.values {
            Slots::Heap(values) => values.get_mut(i).map(|slot| *slot = value),
            Slots::Mapped(map) => i
                .checked_mul(8)
                .and_then(|at| map.get_mut(at..at.checked_add(8)?))
                .map(|slot| slot.copy_from_slice(&value.to_ne_bytes())),
        };
        if written.is_some() {
            self.present.set_bit(i, true);
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.present.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.present.is_empty()
    }

    /// The column. A mapped one is shared as it is: its Arrow buffer owns the mapping.
    pub fn finish(mut self) -> Floats {
        let present = self.present.finish();
        match self.values {
            Slots::Heap(values) => Floats::new(values, Some(present)),
            Slots::Mapped(map) => {
                let rows = map.len() / 8;
                let values = ScalarBuffer::new(mapping::into_buffer(map), 0, rows);
                Floats::from_parts(values, Some(NullBuffer::new(present)))
            }
        }
    }
}

/// A float from its 8 native-endian bytes.
fn native_float(bytes: &[u8]) -> f64 {
    f64::from_ne_bytes(bytes.try_into().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_back_as_written() {
        let floats = Floats::from(vec![Some(1.0), None, Some(f64::INFINITY)]);
        assert_eq!(floats.len(), 3);
        assert_eq!(floats.get(0), Some(1.0));
        assert_eq!(floats.get(1), None);
        assert_eq!(floats.get(3), None);
        assert_eq!(floats.null_count(), 1);
    }

    #[test]
    fn placing_values_on_nulls_leaves_the_rest_null() {
        let mut builder = FloatsBuilder::nulls(4);
        builder.set(2, 7.0);
        builder.set(9, 1.0);
        assert_eq!(builder.finish(), Floats::from(vec![None, None, Some(7.0), None]));
    }

    #[test]
    fn a_large_column_of_nulls_is_mapped_and_reads_as_a_small_one() {
        let rows = mapping::MAPPED_BYTES / 8 + 3;
        let mut builder = FloatsBuilder::nulls(rows);
        assert!(matches!(builder.values, Slots::Mapped(_)));
        builder.set(0, 1.5);
        builder.set(rows - 1, -2.0);
        builder.set(rows, 9.0);
        builder.set(usize::MAX / 8, 9.0);
        builder.set(usize::MAX, 9.0);
        let floats = builder.finish();
        assert_eq!((floats.len(), floats.null_count()), (rows, rows - 2));
        assert_eq!(
            (floats.get(0), floats.get(1), floats.get(rows - 1)),
            (Some(1.5), None, Some(-2.0))
        );
        let mut pushed = FloatsBuilder::nulls(rows);
        pushed.set(1, 4.0);
        pushed.push(Some(5.0));
        let pushed = pushed.finish();
        assert_eq!(
            (pushed.len(), pushed.get(1), pushed.get(rows)),
            (rows + 1, Some(4.0), Some(5.0))
        );
    }

    #[test]
    fn finite_makes_nan_and_infinities_null_and_keeps_nulls() {
        let floats = Floats::from(vec![Some(f64::NAN), None, Some(2.0), Some(f64::NEG_INFINITY)]).finite();
        assert_eq!(floats, Floats::from(vec![None, None, Some(2.0), None]));
    }

    #[test]
    fn a_column_without_nulls_has_no_bitmap() {
        let (_, nulls) = Floats::from(vec![Some(1.0), Some(2.0)]).into_parts();
        assert!(nulls.is_none());
    }
}
