//! `dash import`: a dashboard JSON file as the Rust source that builds it with `grafana-dashboards`.

use std::path::PathBuf;

use clap::Args;
use grafana_dashboards::codegen::{self, Source};
use grafana_dashboards::Dashboard;

/// `dash import` arguments.
#[derive(Args)]
pub struct ImportArgs {
    /// The dashboard JSON file (plain, exported with `__inputs`, or a Grafana 12 resource).
    #[arg(value_name = "FILE.json")]
    file: PathBuf,
    /// Print a whole `main.rs` (for a crate that depends on grafana-dashboards alone) that writes the
    /// dashboard's JSON to standard output, instead of a module with `pub fn dashboard()`.
    #[arg(long)]
    main: bool,
}

/// Prints the source, or returns the one-line reason it cannot.
pub fn run(args: &ImportArgs) -> Result<(), String> {
    let name = args.file.display();
    let text = std::fs::read_to_string(&args.file).map_err(|e| format!("cannot read {name}: {e}"))?;
    let dashboard = Dashboard::parse(&text).map_err(|e| format!("{name}: {e}"))?;
    let source = if args.main { Source::Main } else { Source::Function };
    print!("{}", codegen::import(&dashboard, source));
    Ok(())
}
