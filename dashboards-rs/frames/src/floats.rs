//! A float column laid out as Arrow lays it out: the values in one buffer, which rows hold one in a bitmap.
//!
//! A Prometheus answer is read straight into this layout ([`FloatsBuilder`]), and the Arrow encoding shares
//! its buffers rather than copying them: a million values cost their 8 MB once, from the wire to the frame
//! Grafana receives.

use std::fmt;

use arrow_buffer::{BooleanBuffer, BooleanBufferBuilder, NullBuffer, ScalarBuffer};

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
    values: Vec<f64>,
    present: BooleanBufferBuilder,
}

impl FloatsBuilder {
    /// An empty column with room for `capacity` rows.
    pub fn with_capacity(capacity: usize) -> Self {
        FloatsBuilder {
            values: Vec::with_capacity(capacity),
            present: BooleanBufferBuilder::new(capacity),
        }
    }

    /// A column of `rows` nulls, to [`set`](Self::set) rows of.
    pub fn nulls(rows: usize) -> Self {
        let mut present = BooleanBufferBuilder::new(rows);
        present.append_n(rows, false);
        FloatsBuilder {
            values: vec![0.0; rows],
            present,
        }
    }

    /// Appends a row.
    pub fn push(&mut self, value: Option<f64>) {
        self.values.push(value.unwrap_or_default());
        self.present.append(value.is_some());
    }

    /// Sets row `i` (ignored past the end).
    pub fn set(&mut self, i: usize, value: f64) {
        if let Some(slot) = self.values.get_mut(i) {
            *slot = value;
            self.present.set_bit(i, true);
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

    /// The column.
    pub fn finish(mut self) -> Floats {
        Floats::new(self.values, Some(self.present.finish()))
    }
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
