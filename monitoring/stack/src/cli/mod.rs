//! The `tumulte-stack` binary's parts: its arguments (`args`) and one module per command (`up`, `down`, `status`),
//! each printing its own report.

pub mod args;
pub mod down;
pub mod status;
pub mod up;
