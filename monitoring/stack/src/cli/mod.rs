//! The `tumulte-stack` binary's parts: its arguments (`args`) and one module per command (`up`, `down`, `status`),
//! each printing its own report; and the hidden commands `up` runs the demo (`serve_demo`) and the preview
//! (`serve_preview`) with.

pub mod args;
pub mod down;
pub mod serve_demo;
pub mod serve_preview;
pub mod status;
pub mod up;
