//! `tumulte-stack`: runs the Tumulte monitoring stack natively (no Docker) on loopback ports.
//!
//! The command line is defined in `cli/args.rs`; each command (`up`, `down`, `status`, and the hidden
//! `serve-demo` and `serve-preview`) is a module of `cli/`.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Up(args) => cli::up::run(&args),
        Command::Down { run_dir, grace } => cli::down::run(&run_dir, grace.get()),
        Command::Status { run_dir } => cli::status::run(&run_dir),
        Command::ServeDemo(args) => cli::serve_demo::run(&args),
        Command::ServePreview(args) => cli::serve_preview::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tumulte-stack: {e}");
            ExitCode::FAILURE
        }
    }
}
