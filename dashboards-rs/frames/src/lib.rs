//! Grafana data frames, as a backend plugin answers them and as Grafana answers a browser.
//!
//! - [`floats`]: a float column in Arrow's layout, which the encoding shares rather than copies.
//! - [`times`]: a time column in Arrow's layout (nanoseconds), shared the same way.
//! - [`mapping`]: large columns in memory mappings of their own.
//! - [`frame`]: the data-plane model ([`Frame`], [`Field`], [`Values`], [`Meta`]).
//! - [`arrow`]: the Arrow IPC encoding a backend plugin sends Grafana, and its decoding.
//! - [`json`]: the JSON Grafana sends the browser (`Frame` implements `Serialize` in that shape).
//! - [`grid`]: the time grid of a range query (start, end, step within Prometheus's point limit).
//! - [`prometheus`]: Prometheus answers as frames, one implementation for every caller.

pub mod arrow;
pub mod floats;
pub mod frame;
pub mod grid;
pub mod json;
pub mod mapping;
pub mod prometheus;
pub mod times;

pub use floats::{Floats, FloatsBuilder};
pub use frame::{Field, Frame, FrameType, Meta, Notice, Severity, Values};
pub use grid::{Grid, GridError};
pub use times::Times;
