//! Prometheus's query answers (`/api/v1/query`, `/api/v1/query_range`) read straight into columns.
//!
//! The JSON is read once, chunk by chunk as it arrives ([`AnswerReader`]) or from memory ([`from_slice`]),
//! and every sample goes where its frame wants it: onto the range query's grid ([`Layout::Grid`]) or, for an
//! instant reading, only each series' newest value ([`Layout::Latest`]). No sample becomes a value of its own
//! on the way (no `String` per value, no vector of samples per series), and the body is never held whole: a
//! million values cost their 8 MB of column and nothing else.
//!
//! Why a reader of its own: `prometheus-http-query` builds and sends the queries, but its answer types hold
//! every sample as a struct in a vector, and flatten an adjacently tagged enum, which makes serde buffer the
//! whole result as generic content first; serde reading straight into columns still spends about 100 ns a
//! sample, and cannot stop at the end of a chunk. Here the samples, nearly all of an answer, are read in one
//! pass over their bytes (`[1712345678.5,"42"]`: the time in whole milliseconds, an integer value exactly, the
//! grid index by comparison with the point expected next); everything else (keys, labels, strings, any unusual
//! sample) is cut out whole and read by serde, so escapes and numbers follow serde's rules.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::floats::{Floats, FloatsBuilder};
use crate::grid::Grid;

/// Where the samples of an answer go.
#[derive(Debug, Clone, Copy)]
pub enum Layout<'a> {
    /// Onto a range query's grid: each series a column of the grid's length, null where it has no point (and
    /// a sample off the grid dropped).
    Grid(&'a Grid),
    /// Each series' newest sample only: an instant query's value, a range's last point.
    Latest,
}

/// The kind of result Prometheus says it sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultType {
    /// A range query's series.
    Matrix,
    /// An instant query's series.
    Vector,
    /// One number.
    Scalar,
}

/// One series of an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Its labels, `__name__` included.
    pub metric: BTreeMap<String, String>,
    /// Its values, laid out as the [`Layout`] asked: the grid's length, or one value.
    pub values: Floats,
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// What Prometheus sent.
    pub result_type: ResultType,
    /// The series, in Prometheus's order (a scalar is one series without labels).
    pub series: Vec<Series>,
    /// Prometheus's warnings about the answer.
    pub warnings: Vec<String>,
    /// Prometheus's information about the answer.
    pub infos: Vec<String>,
}

impl Answer {
    /// The newest value of each series that has one (read with [`Layout::Latest`]).
    pub fn latest_values(&self) -> Vec<f64> {
        self.series
            .iter()
            .filter_map(|s| s.values.get(s.values.len().checked_sub(1)?))
            .collect()
    }
}

/// Why a body is not a successful answer.
#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    /// Prometheus answered with an error (`status: error`).
    #[error("Prometheus failed the query ({error_type}): {error}")]
    Failed {
        /// Prometheus's kind of error: `bad_data`, `execution`, `timeout`, …
        error_type: String,
        /// Prometheus's message.
        error: String,
    },
    /// Not the JSON of Prometheus's HTTP API.
    #[error("not an answer of Prometheus's HTTP API: {0}")]
    Malformed(String),
}

/// Reads an answer from memory.
pub fn from_slice(bytes: &[u8], layout: Layout<'_>) -> Result<Answer, AnswerError> {
    let mut reader = AnswerReader::new(layout);
    reader.feed(bytes)?;
    reader.finish()
}

/// Reads an answer as it arrives: [`feed`](Self::feed) it each chunk of the body, then
/// [`finish`](Self::finish). It keeps only what it has not read yet (a sample cut in two by the chunk
/// boundary), never the body.
pub struct AnswerReader<'a> {
    layout: Layout<'a>,
    /// Bytes received and not yet read: the start of a unit the last chunk cut.
    carry: Vec<u8>,
    /// How many bytes were read before `carry`, for error positions.
    offset: usize,
    phase: Phase,
    skipping: Option<Skip>,
    status: Option<String>,
    error_type: Option<String>,
    error: Option<String>,
    warnings: Vec<String>,
    infos: Vec<String>,
    has_data: bool,
    result_type: Option<ResultType>,
    series: Vec<Series>,
    current: Option<(BTreeMap<String, String>, Column<'a>)>,
}

/// How much of a chunk completes a cut unit at a time.
const CARRY_STEP: usize = 4096;

/// Where the reader is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    /// Before the envelope's `{`.
    Start,
    /// In an object, before a key (or, `Next::First`, right after its `{`) or the closing `}`.
    Keys(Object, Next),
    /// In `result`, before an element or the closing `]`.
    Result(Next),
    /// In a series' `values`, before a sample or the closing `]`.
    Samples(Next),
    /// After the envelope's `}`.
    End,
}

/// The objects of an answer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Object {
    Envelope,
    Data,
    Series,
}

/// What may come next in an object or array.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Next {
    /// An element, or the end (right after the opening bracket).
    First,
    /// A comma, or the end.
    Comma,
}

/// Why reading stopped before the end of the bytes it was given.
enum Stop {
    /// The bytes end inside a unit: wait for more.
    More,
    /// Not Prometheus's JSON.
    Bad(String),
}

type Step<T> = Result<T, Stop>;

fn bad<T>(message: impl Into<String>) -> Step<T> {
    Err(Stop::Bad(message.into()))
}

impl<'a> AnswerReader<'a> {
    /// A reader that lays samples out as `layout` says.
    pub fn new(layout: Layout<'a>) -> Self {
        AnswerReader {
            layout,
            carry: Vec::new(),
            offset: 0,
            phase: Phase::Start,
            skipping: None,
            status: None,
            error_type: None,
            error: None,
            warnings: Vec::new(),
            infos: Vec::new(),
            has_data: false,
            result_type: None,
            series: Vec::new(),
            current: None,
        }
    }

    /// Reads the next chunk of the body.
    pub fn feed(&mut self, mut chunk: &[u8]) -> Result<(), AnswerError> {
        // A unit the last chunk cut is completed from the front of this one, a little at a time (doubling for
        // a long unit): copying the whole chunk behind it would hold a second copy of the chunk.
        while !self.carry.is_empty() && !chunk.is_empty() {
            let take = chunk.len().min(self.carry.len().max(CARRY_STEP));
            let mut carry = std::mem::take(&mut self.carry);
            carry.extend_from_slice(&chunk[..take]);
            chunk = &chunk[take..];
            let used = self.advance(&carry, false)?;
            carry.drain(..used);
            self.carry = carry;
        }
        if self.carry.is_empty() {
            // Read in place; keep only the cut unit at the end.
            let used = self.advance(chunk, false)?;
            self.carry.extend_from_slice(&chunk[used..]);
        }
        Ok(())
    }

    /// The answer, once the body has ended.
    pub fn finish(mut self) -> Result<Answer, AnswerError> {
        let carry = std::mem::take(&mut self.carry);
        let used = self.advance(&carry, true)?;
        if self.phase != Phase::End {
            return Err(AnswerError::Malformed(format!(
                "the body ends at byte {} inside the answer",
                self.offset
            )));
        }
        if let Some(extra) = carry[used..].iter().position(|b| !b.is_ascii_whitespace()) {
            return Err(AnswerError::Malformed(format!(
                "trailing characters at byte {} after the answer",
                self.offset + extra
            )));
        }
        match self.status.as_deref() {
            Some("success") if self.has_data => {
                let result_type = self
                    .result_type
                    .ok_or_else(|| AnswerError::Malformed("data has no resultType".into()))?;
                Ok(Answer {
                    result_type,
                    series: self.series,
                    warnings: self.warnings,
                    infos: self.infos,
                })
            }
            Some("success") => Err(AnswerError::Malformed("status success without data".into())),
            Some("error") => Err(AnswerError::Failed {
                error_type: self.error_type.unwrap_or_default(),
                error: self.error.unwrap_or_default(),
            }),
            Some(other) => Err(AnswerError::Malformed(format!(
                "status {other:?} is neither success nor error"
            ))),
            None => Err(AnswerError::Malformed("no status".into())),
        }
    }

    /// Reads as far as `buf` goes; returns how many bytes were read.
    fn advance(&mut self, buf: &[u8], eof: bool) -> Result<usize, AnswerError> {
        let mut pos = 0;
        loop {
            let step = match self.skipping.as_mut() {
                Some(skip) => match skip.run(buf, pos, eof) {
                    Ok(end) => {
                        self.skipping = None;
                        Ok(end)
                    }
                    Err(Stop::More) => {
                        // The skipped bytes are gone for good: nothing to keep.
                        self.offset += buf.len() - pos;
                        return Ok(buf.len());
                    }
                    Err(stop) => Err(stop),
                },
                None if self.phase == Phase::End => return Ok(pos),
                None => self.step(buf, pos, eof),
            };
            match step {
                Ok(next) => {
                    self.offset += next - pos;
                    pos = next;
                }
                Err(Stop::More) if eof => {
                    return Err(AnswerError::Malformed(format!(
                        "the body ends at byte {} inside the answer",
                        self.offset + buf.len() - pos
                    )))
                }
                Err(Stop::More) => return Ok(pos),
                Err(Stop::Bad(message)) => {
                    return Err(AnswerError::Malformed(format!("{message} (at byte {})", self.offset)))
                }
            }
        }
    }

    /// One move from `pos`; returns where the next starts.
    fn step(&mut self, buf: &[u8], pos: usize, eof: bool) -> Step<usize> {
        let p = ws(buf, pos);
        match self.phase {
            Phase::Start => {
                expect(buf, p, eof, b'{', "Prometheus's answer: an object")?;
                self.phase = Phase::Keys(Object::Envelope, Next::First);
                Ok(p + 1)
            }
            Phase::Keys(object, next) => self.key(buf, p, eof, object, next),
            Phase::Result(next) => self.element(buf, p, eof, next),
            Phase::Samples(next) => self.samples(buf, p, eof, next),
            Phase::End => Ok(pos),
        }
    }

    /// A key and its value, or the end of an object.
    fn key(&mut self, buf: &[u8], p: usize, eof: bool, object: Object, next: Next) -> Step<usize> {
        if byte(buf, p, eof)? == b'}' {
            self.phase = match object {
                Object::Envelope => Phase::End,
                Object::Data => Phase::Keys(Object::Envelope, Next::Comma),
                Object::Series => {
                    self.end_series();
                    Phase::Result(Next::Comma)
                }
            };
            return Ok(p + 1);
        }
        let p = match next {
            Next::First => p,
            Next::Comma => ws(buf, expect(buf, p, eof, b',', "',' or '}' between keys")? + 1),
        };
        let (key, p) = unit::<std::borrow::Cow<'_, str>>(buf, p, eof, "an object key")?;
        let p = ws(buf, expect(buf, ws(buf, p), eof, b':', "':' after a key")? + 1);
        let after = Phase::Keys(object, Next::Comma);
        let end = match (object, key.as_ref()) {
            (Object::Envelope, "status") => self.read(buf, p, eof, |r, v| r.status = v, "status: a string")?,
            (Object::Envelope, "errorType") => {
                self.read(buf, p, eof, |r, v| r.error_type = v, "errorType: a string")?
            }
            (Object::Envelope, "error") => self.read(buf, p, eof, |r, v| r.error = v, "error: a string")?,
            (Object::Envelope, "warnings") => {
                let (v, end) = unit::<Option<Vec<String>>>(buf, p, eof, "warnings: strings")?;
                self.warnings = v.unwrap_or_default();
                end
            }
            (Object::Envelope, "infos") => {
                let (v, end) = unit::<Option<Vec<String>>>(buf, p, eof, "infos: strings")?;
                self.infos = v.unwrap_or_default();
                end
            }
            (Object::Envelope, "data") if byte(buf, p, eof)? == b'{' => {
                self.has_data = true;
                self.phase = Phase::Keys(Object::Data, Next::First);
                return Ok(p + 1);
            }
            (Object::Data, "resultType") => {
                let (name, end) = unit::<std::borrow::Cow<'_, str>>(buf, p, eof, "resultType: a string")?;
                self.result_type = Some(match name.as_ref() {
                    "matrix" => ResultType::Matrix,
                    "vector" => ResultType::Vector,
                    "scalar" => ResultType::Scalar,
                    other => return bad(format!("resultType {other:?} is not matrix, vector or scalar")),
                });
                end
            }
            (Object::Data, "result") => {
                expect(buf, p, eof, b'[', "result: an array")?;
                self.phase = Phase::Result(Next::First);
                return Ok(p + 1);
            }
            (Object::Series, "metric") => {
                let (metric, end) =
                    unit::<BTreeMap<String, String>>(buf, p, eof, "metric: an object of label strings")?;
                if let Some((labels, _)) = self.current.as_mut() {
                    *labels = metric;
                }
                end
            }
            (Object::Series, "values") => {
                expect(buf, p, eof, b'[', "values: an array of [time, \"value\"]")?;
                self.phase = Phase::Samples(Next::First);
                return Ok(p + 1);
            }
            (Object::Series, "value") => {
                let (t, v, end) = sample(buf, p, eof)?;
                if let Some((_, column)) = self.current.as_mut() {
                    column.sample(t, v);
                }
                end
            }
            // Anything else (native histograms, stats, what a newer Prometheus adds) is skipped as it arrives.
            _ => {
                self.phase = after;
                self.skipping = Some(Skip::default());
                return Ok(p);
            }
        };
        self.phase = after;
        Ok(end)
    }

    /// A string (or null) into a field.
    fn read(
        &mut self,
        buf: &[u8],
        p: usize,
        eof: bool,
        set: impl FnOnce(&mut Self, Option<String>),
        what: &str,
    ) -> Step<usize> {
        let (value, end) = unit::<Option<String>>(buf, p, eof, what)?;
        set(self, value);
        Ok(end)
    }

    /// An element of `result`: a series, or a scalar's `[time, "value"]` (the array itself), or its end.
    fn element(&mut self, buf: &[u8], p: usize, eof: bool, next: Next) -> Step<usize> {
        if byte(buf, p, eof)? == b']' {
            self.phase = Phase::Keys(Object::Data, Next::Comma);
            return Ok(p + 1);
        }
        let p = match next {
            Next::First => p,
            Next::Comma => ws(buf, expect(buf, p, eof, b',', "',' or ']' between series")? + 1),
        };
        match byte(buf, p, eof)? {
            b'{' => {
                self.current = Some((BTreeMap::new(), Column::new(self.layout)));
                self.phase = Phase::Keys(Object::Series, Next::First);
                Ok(p + 1)
            }
            b'-' | b'0'..=b'9' if next == Next::First => {
                // A scalar: `result` is `[time, "value"]`; read it whole from the `[` already read.
                let (t, end) = unit::<f64>(buf, p, eof, "a scalar's time")?;
                let end = ws(buf, expect(buf, ws(buf, end), eof, b',', "',' in a scalar")? + 1);
                let (v, end) = unit::<std::borrow::Cow<'_, str>>(buf, end, eof, "a scalar's value: a string")?;
                let end = expect(buf, ws(buf, end), eof, b']', "']' closing a scalar")?;
                let mut column = Column::new(self.layout);
                column.sample(millis(t), number(&v)?);
                self.series.push(Series {
                    metric: BTreeMap::new(),
                    values: column.finish(),
                });
                self.result_type.get_or_insert(ResultType::Scalar);
                self.phase = Phase::Keys(Object::Data, Next::Comma);
                Ok(end + 1)
            }
            _ => bad("result holds neither series nor a scalar's [time, \"value\"]"),
        }
    }

    /// Samples of `values`, as many as `buf` holds: the hot loop.
    fn samples(&mut self, buf: &[u8], mut p: usize, eof: bool, mut next: Next) -> Step<usize> {
        let Some((_, column)) = self.current.as_mut() else {
            return bad("values outside a series");
        };
        let start = p;
        let mut done = p;
        loop {
            let step = next_sample(buf, p, eof, next);
            match step {
                Ok(Some((t, v, end))) => {
                    column.sample(t, v);
                    next = Next::Comma;
                    done = end;
                    p = ws(buf, end);
                }
                Ok(None) => {
                    self.phase = Phase::Keys(Object::Series, Next::Comma);
                    return Ok(p + 1);
                }
                // Samples already read are kept; the next call waits for the rest.
                Err(Stop::More) if done > start => {
                    self.phase = Phase::Samples(next);
                    return Ok(done);
                }
                Err(stop) => {
                    self.phase = Phase::Samples(next);
                    return Err(stop);
                }
            }
        }
    }

    fn end_series(&mut self) {
        if let Some((metric, column)) = self.current.take() {
            self.series.push(Series {
                metric,
                values: column.finish(),
            });
        }
    }
}

/// The sample at `p` after its comma, or `None` at the end of `values`.
fn next_sample(buf: &[u8], p: usize, eof: bool, next: Next) -> Step<Option<(i64, f64, usize)>> {
    let at = match (buf.get(p), next) {
        (Some(b']'), _) => return Ok(None),
        (Some(_), Next::First) => p,
        (Some(b','), Next::Comma) => ws(buf, p + 1),
        (Some(&b), Next::Comma) => {
            return bad(format!(
                "expected ',' or ']' between samples, found {:?}",
                char::from(b)
            ))
        }
        (None, _) if eof => return bad("the body ends inside the answer"),
        (None, _) => return Err(Stop::More),
    };
    sample(buf, at, eof).map(Some)
}

/// The index after the whitespace at `p`.
fn ws(buf: &[u8], mut p: usize) -> usize {
    while buf.get(p).is_some_and(u8::is_ascii_whitespace) {
        p += 1;
    }
    p
}

/// The byte at `p`, or a wait for more (an error at the end of the body).
fn byte(buf: &[u8], p: usize, eof: bool) -> Step<u8> {
    match buf.get(p) {
        Some(b) => Ok(*b),
        None if eof => bad("the body ends inside the answer"),
        None => Err(Stop::More),
    }
}

/// `p`, when `want` is there.
fn expect(buf: &[u8], p: usize, eof: bool, want: u8, what: &str) -> Step<usize> {
    match byte(buf, p, eof)? {
        b if b == want => Ok(p),
        b => bad(format!("expected {what}, found {:?}", char::from(b))),
    }
}

/// A whole small JSON value at `p` read with serde (keys, labels, strings, a lone sample); returns it and the
/// index after it.
fn unit<'b, T: Deserialize<'b>>(buf: &'b [u8], p: usize, eof: bool, what: &str) -> Step<(T, usize)> {
    let end = value_end(buf, p, eof)?;
    serde_json::from_slice(&buf[p..end])
        .map(|v| (v, end))
        .map_err(|e| Stop::Bad(format!("{what}: {e}")))
}

/// The index after the JSON value that starts at `p` (its syntax is checked when it is read).
fn value_end(buf: &[u8], p: usize, eof: bool) -> Step<usize> {
    let mut skip = Skip::default();
    match skip.run(buf, p, eof) {
        Ok(end) if end > p => Ok(end),
        Ok(_) => bad(format!("expected a value, found {:?}", char::from(buf[p]))),
        Err(stop) => Err(stop),
    }
}

/// A `[time, "value"]` sample at `p`: its time in milliseconds, its value, and the index after it. The usual
/// form (`[1712345678.5,"42"]`) is read in one pass over its bytes; any other is read by serde.
#[inline]
fn sample(buf: &[u8], p: usize, eof: bool) -> Step<(i64, f64, usize)> {
    if let Some(read) = plain_sample(buf, p) {
        return read;
    }
    let ((t, v), end) = unit::<(f64, std::borrow::Cow<'_, str>)>(buf, p, eof, "a sample [time, \"value\"]")?;
    Ok((millis(t), number(&v)?, end))
}

/// Seconds as whole milliseconds, Prometheus's resolution. A time beyond `i64` saturates and lands on no grid.
fn millis(seconds: f64) -> i64 {
    (seconds * 1000.0).round() as i64
}

/// A sample without whitespace, exponents or escapes, or `None` for serde to read. Its time and an integer
/// value are read exactly as they are scanned; another value is a float parse of its bytes.
#[inline]
fn plain_sample(buf: &[u8], p: usize) -> Option<Step<(i64, f64, usize)>> {
    let rest = buf.get(p..)?.strip_prefix(b"[")?;
    let (t, time_len) = time_ms(rest)?;
    let rest = rest[time_len..].strip_prefix(b",\"")?;
    let (value, value_len) = match whole_number(rest) {
        Some((negative, n, len)) if rest.get(len) == Some(&b'"') => {
            (Ok(if negative { -(n as f64) } else { n as f64 }), len)
        }
        _ => {
            let len = rest.iter().position(|b| *b == b'"' || *b == b'\\')?;
            let value = std::str::from_utf8(&rest[..len])
                .map_err(|_| Stop::Bad("a sample value is not UTF-8".into()))
                .and_then(number);
            (value, len)
        }
    };
    if rest.get(value_len..value_len + 2)? != b"\"]" {
        return None;
    }
    let end = p + 1 + time_len + 2 + value_len + 2;
    Some(value.map(|v| (t, v, end)))
}

/// The value of eight ASCII digits, or `None` if any byte is not one. A Unix time has ten: read a word at a
/// time (three multiplications), its digits do not form a chain of dependent multiply-adds, which was a fifth of
/// the reader's time.
#[inline]
fn eight_digits(bytes: &[u8]) -> Option<i64> {
    let word = u64::from_le_bytes(bytes.try_into().ok()?);
    let high = 0xF0F0_F0F0_F0F0_F0F0;
    // Each byte is 0x30..=0x39: its high nibble is 3, and still 3 after adding 6.
    if (word & high) | ((word.wrapping_add(0x0606_0606_0606_0606) & high) >> 4) != 0x3333_3333_3333_3333 {
        return None;
    }
    // Pairs, then fours, then all eight, each step one multiplication (the first digit is the lowest byte).
    let pairs = ((word & 0x0F0F_0F0F_0F0F_0F0F).wrapping_mul(10 << 8 | 1)) >> 8;
    let fours = ((pairs & 0x00FF_00FF_00FF_00FF).wrapping_mul(100 << 16 | 1)) >> 16;
    let eight = ((fours & 0x0000_FFFF_0000_FFFF).wrapping_mul(10_000 << 32 | 1)) >> 32;
    Some(eight as i64)
}

/// A time as Prometheus writes it (`1712345678` or `1712345678.5`, milliseconds at most) at the start of
/// `bytes`, in milliseconds, and its length; `None` for any other form.
#[inline]
fn time_ms(bytes: &[u8]) -> Option<(i64, usize)> {
    let (negative, whole, mut len) = whole_number(bytes)?;
    let mut ms = whole * 1000;
    if bytes.get(len) == Some(&b'.') {
        len += 1;
        let mut scale = 100;
        while let Some(d) = bytes.get(len).filter(|d| d.is_ascii_digit()) {
            if scale == 0 {
                return None;
            }
            ms += i64::from(d - b'0') * scale;
            scale /= 10;
            len += 1;
        }
        if scale == 100 {
            return None;
        }
    }
    Some((if negative { -ms } else { ms }, len))
}

/// The digits (at most 15, after an optional `-`) at the start of `bytes`: the sign, their value and their
/// length with the sign. Up to 15 digits an integer is exact as a float, and far cheaper than a float parse.
#[inline]
fn whole_number(bytes: &[u8]) -> Option<(bool, i64, usize)> {
    let negative = bytes.first() == Some(&b'-');
    let start = usize::from(negative);
    let mut n: i64 = 0;
    let mut len = start;
    if let Some(eight) = bytes.get(start..start + 8).and_then(eight_digits) {
        n = eight;
        len += 8;
    }
    while let Some(d) = bytes.get(len).filter(|d| d.is_ascii_digit()) {
        if len - start == 15 {
            return None;
        }
        n = n * 10 + i64::from(d - b'0');
        len += 1;
    }
    (len > start).then_some((negative, n, len))
}

/// A sample's value: Prometheus writes floats as strings (`"1.5"`, `"NaN"`, `"+Inf"`, `"-Inf"`).
fn number(text: &str) -> Step<f64> {
    text.parse()
        .map_err(|_| Stop::Bad(format!("sample value {:?} is not a number", clip(text))))
}

/// At most 40 characters of `text`, for a message.
fn clip(text: &str) -> &str {
    text.char_indices().nth(40).map_or(text, |(i, _)| &text[..i])
}

/// Skips one JSON value as it arrives, bracket by bracket (a native histogram's buckets, an unknown key's
/// value): nothing of it is kept, however long.
#[derive(Debug, Default)]
struct Skip {
    depth: usize,
    in_string: bool,
    escaped: bool,
    started: bool,
}

impl Skip {
    /// Skips from `p`; returns the index after the value, or waits for more.
    fn run(&mut self, buf: &[u8], p: usize, eof: bool) -> Step<usize> {
        for (i, &b) in buf.iter().enumerate().skip(p) {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if self.depth == 0 {
                        return Ok(i + 1);
                    }
                }
                continue;
            }
            match b {
                b'"' if !self.started || self.depth > 0 => {
                    self.in_string = true;
                    self.started = true;
                }
                b'{' | b'[' if !self.started || self.depth > 0 => {
                    self.depth += 1;
                    self.started = true;
                }
                b'}' | b']' if self.depth > 0 => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        return Ok(i + 1);
                    }
                }
                _ if self.depth > 0 => {}
                // A number or literal ends where its delimiter starts.
                b',' | b'}' | b']' => return Ok(i),
                b if b.is_ascii_whitespace() && self.started => return Ok(i),
                b if b.is_ascii_whitespace() => {}
                b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => self.started = true,
                b => return bad(format!("unexpected {:?}", char::from(b))),
            }
        }
        if eof && self.started && self.depth == 0 && !self.in_string {
            return Ok(buf.len());
        }
        if eof {
            return bad("the body ends inside a value");
        }
        Err(Stop::More)
    }
}

/// A series' column as its samples arrive.
enum Column<'a> {
    /// Values on the grid. `expected` is the time (ms) and index of the point after the last sample's:
    /// Prometheus answers a range query on the grid it was asked, so the next sample is nearly always there and
    /// its index costs a comparison instead of two divisions.
    Grid {
        grid: &'a Grid,
        values: FloatsBuilder,
        expected: (i64, usize),
    },
    /// The newest sample: its time in milliseconds and its value.
    Latest(Option<(i64, f64)>),
}

impl<'a> Column<'a> {
    fn new(layout: Layout<'a>) -> Self {
        match layout {
            Layout::Grid(grid) => Column::Grid {
                grid,
                values: FloatsBuilder::nulls(grid.points()),
                expected: (grid.start * 1000, 0),
            },
            Layout::Latest => Column::Latest(None),
        }
    }

    fn sample(&mut self, t_ms: i64, v: f64) {
        match self {
            Column::Grid { grid, values, expected } => {
                let at = if t_ms == expected.0 {
                    Some(expected.1)
                } else {
                    grid.index_ms(t_ms)
                };
                if let Some(i) = at {
                    // Past the grid's end, `set` ignores it.
                    values.set(i, v);
                    *expected = ((grid.start + (i as i64 + 1) * grid.step) * 1000, i + 1);
                }
            }
            Column::Latest(latest) => {
                if latest.is_none_or(|(newest, _)| t_ms >= newest) {
                    *latest = Some((t_ms, v));
                }
            }
        }
    }

    fn finish(self) -> Floats {
        match self {
            Column::Grid { values, .. } => values.finish(),
            Column::Latest(latest) => latest.map(|(_, v)| v).into_iter().collect::<Vec<f64>>().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        Grid {
            start: 10,
            end: 40,
            step: 10,
        }
    }

    #[test]
    fn a_matrix_lands_on_the_grid_with_nulls_where_a_series_has_no_point() {
        let body = br#"{"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"__name__":"up","job":"a"},"values":[[10,"1"],[30,"NaN"],[99,"5"]]},
            {"metric":{"job":"b"},"values":[[40.000,"+Inf"]]}]}}"#;
        let answer = from_slice(body, Layout::Grid(&grid())).expect("an answer");
        assert_eq!(answer.result_type, ResultType::Matrix);
        assert_eq!(answer.series[0].metric["__name__"], "up");
        let a: Vec<_> = answer.series[0].values.iter().collect();
        assert_eq!(a[0], Some(1.0));
        assert_eq!(a[1], None);
        assert!(a[2].is_some_and(f64::is_nan));
        assert_eq!(a[3], None, "the sample at 99 s is off the grid");
        assert_eq!(
            answer.series[1].values,
            Floats::from(vec![None, None, None, Some(f64::INFINITY)])
        );
    }

    #[test]
    fn samples_off_their_expected_point_land_on_the_nearest() {
        // In order on the grid, then between points, back in time, and past the end.
        let body = br#"{"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{},"values":[[10,"1"],[20,"2"],[34,"3"],[9.5,"4"],[20.001,"5"],[41,"6"],[46,"7"]]}]}}"#;
        let answer = from_slice(body, Layout::Grid(&grid())).expect("an answer");
        assert_eq!(
            answer.series[0].values,
            Floats::from(vec![Some(4.0), Some(5.0), Some(3.0), Some(6.0)])
        );
    }

    #[test]
    fn latest_keeps_each_series_newest_value() {
        let body = br#"{"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"job":"a"},"values":[[1,"1"],[2,"5"]]},
            {"metric":{"job":"b"},"values":[]}]}}"#;
        let answer = from_slice(body, Layout::Latest).expect("an answer");
        assert_eq!(answer.latest_values(), vec![5.0]);
        let vector =
            br#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[2,"-Inf"]}]}}"#;
        assert_eq!(
            from_slice(vector, Layout::Latest).expect("an answer").latest_values(),
            vec![f64::NEG_INFINITY]
        );
    }

    #[test]
    fn a_scalar_is_one_series_without_labels() {
        let body = br#"{"status":"success","data":{"resultType":"scalar","result":[20,"7"]}}"#;
        let answer = from_slice(body, Layout::Grid(&grid())).expect("an answer");
        assert_eq!(answer.result_type, ResultType::Scalar);
        assert!(answer.series[0].metric.is_empty());
        assert_eq!(answer.series[0].values.get(1), Some(7.0));
    }

    #[test]
    fn warnings_infos_and_unknown_keys_are_read_or_skipped() {
        let body = br#"{"status":"success","warnings":["partial"],"infos":["i"],"extra":{"x":[1]},
            "data":{"resultType":"vector","stats":{},"result":[
            {"metric":{"a":"b"},"histogram":[1,{"count":"1"}],"value":[1,"2"]}]}}"#;
        let answer = from_slice(body, Layout::Latest).expect("an answer");
        assert_eq!(answer.warnings, vec!["partial"]);
        assert_eq!(answer.infos, vec!["i"]);
        assert_eq!(answer.latest_values(), vec![2.0]);
    }

    #[test]
    fn eight_digits_read_at_once_as_one_by_one() {
        for text in ["00000000", "12345678", "99999999", "17960214", "10000001"] {
            let one_by_one = text.bytes().fold(0, |n, d| n * 10 + i64::from(d - b'0'));
            assert_eq!(eight_digits(text.as_bytes()), Some(one_by_one), "{text}");
        }
        for text in ["1234567.", "/2345678", "1234567:", "12 45678", "1234567"] {
            assert_eq!(eight_digits(text.as_bytes()), None, "{text}");
        }
        assert_eq!(whole_number(b"1796021475.5"), Some((false, 1_796_021_475, 10)));
    }

    #[test]
    fn integers_and_millisecond_times_read_exactly() {
        assert_eq!(whole_number(b"-42\""), Some((true, 42, 3)));
        assert_eq!(
            whole_number(b"1e3"),
            Some((false, 1, 1)),
            "the rest is left to the float parser"
        );
        assert_eq!(
            whole_number(b"1234567890123456"),
            None,
            "past 15 digits a float parse rounds it"
        );
        assert_eq!(time_ms(b"1712345678.5,"), Some((1_712_345_678_500, 12)));
        assert_eq!(time_ms(b"1712345678.125,"), Some((1_712_345_678_125, 14)));
        assert_eq!(time_ms(b"-0.5,"), Some((-500, 4)));
        assert_eq!(time_ms(b"1.0001,"), None, "finer than a millisecond is left to serde");
        assert_eq!(time_ms(b"1.,"), None);
        let fast = plain_sample(br#"[1712345678.25,"-7"]"#, 0).map(|r| r.ok());
        assert!(matches!(fast, Some(Some((1_712_345_678_250, v, 20))) if v == -7.0));
        let float = plain_sample(br#"[1712345678,"0.25"]"#, 0).map(|r| r.ok());
        assert!(matches!(float, Some(Some((1_712_345_678_000, v, 19))) if v == 0.25));
        let exponent = plain_sample(br#"[1712345678,"1e3"]"#, 0).map(|r| r.ok());
        assert!(matches!(exponent, Some(Some((_, v, 18))) if v == 1000.0));
    }

    #[test]
    fn prometheus_errors_are_failures_with_their_type() {
        let body = br#"{"status":"error","errorType":"bad_data","error":"parse error"}"#;
        match from_slice(body, Layout::Latest) {
            Err(AnswerError::Failed { error_type, error }) => {
                assert_eq!((error_type.as_str(), error.as_str()), ("bad_data", "parse error"))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bodies_not_of_prometheus_are_malformed_and_say_why() {
        let cases: [(&[u8], &str); 6] = [
            (b"<html>", "expected Prometheus's answer: an object, found '<'"),
            (br#"{"status":"success"}"#, "without data"),
            (br#"{"data":{"resultType":"vector","result":[]}}"#, "no status"),
            (
                br#"{"status":"success","data":{"resultType":"string","result":[1,"a"]}}"#,
                "not matrix, vector or scalar",
            ),
            (
                br#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"x"]}]}}"#,
                "\"x\" is not a number",
            ),
            (
                br#"{"status":"success","data":{"resultType":"vector","result":[]}} trailing"#,
                "trailing",
            ),
        ];
        for (body, expected) in cases {
            match from_slice(body, Layout::Latest) {
                Err(AnswerError::Malformed(message)) => assert!(message.contains(expected), "{message}"),
                other => panic!("{}: {other:?}", String::from_utf8_lossy(body)),
            }
        }
    }

    /// An answer with every form the reader meets: escapes, whitespace, unknown keys and histograms, a
    /// sample serde reads, keys in another order.
    const VARIED: &[u8] = br#" { "data" : { "result" : [
        { "values" : [ [10,"1"], [ 20 , "2e0" ] , [30.000,"NaN"]] , "histograms": [[10, {"count": "1", "buckets": [[0, "1", "2", "3"]]}]],
          "metric" : {"__name__": "up", "job": "a\"b\u00e9\n"} } ,
        {"metric":{},"values":[[40,"-Inf"]],"extra":[{"}":"]"}]}
      ], "resultType":"matrix", "stats": {"timings": {"evalTotalTime": 0.1}} },
      "status" : "success", "warnings": ["w"], "infos": null } "#;

    #[test]
    fn every_form_of_answer_reads_to_the_same_columns() {
        let grid = grid();
        let answer = from_slice(VARIED, Layout::Grid(&grid)).expect("an answer");
        assert_eq!(answer.series[0].metric["job"], "a\"bé\n");
        assert_eq!(answer.series[0].values.get(0), Some(1.0));
        assert_eq!(answer.series[0].values.get(1), Some(2.0));
        assert!(answer.series[0].values.get(2).is_some_and(f64::is_nan));
        assert_eq!(answer.series[1].values.get(3), Some(f64::NEG_INFINITY));
        assert_eq!(answer.warnings, vec!["w"]);
        assert!(answer.infos.is_empty());
    }

    #[test]
    fn an_answer_cut_into_chunks_anywhere_reads_as_the_whole() {
        let grid = grid();
        let whole = from_slice(VARIED, Layout::Grid(&grid)).expect("an answer");
        for size in 1..VARIED.len() {
            let mut reader = AnswerReader::new(Layout::Grid(&grid));
            for chunk in VARIED.chunks(size) {
                reader.feed(chunk).expect("reads");
            }
            // Debug, not ==, so that NaN compares equal to itself.
            let read = reader.finish().expect("an answer");
            assert_eq!(format!("{read:?}"), format!("{whole:?}"), "chunks of {size} bytes");
        }
    }

    #[test]
    fn a_body_cut_short_is_malformed_and_says_where() {
        for end in 0..VARIED.len() - 2 {
            match from_slice(&VARIED[..end], Layout::Latest) {
                Err(AnswerError::Malformed(message)) => assert!(message.contains("byte"), "{message}"),
                other => panic!("{end} bytes: {other:?}"),
            }
        }
    }
}
