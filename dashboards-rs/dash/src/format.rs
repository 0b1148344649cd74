//! `dash fmt`: dashboard JSON files rewritten in the normalised form, in place.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use grafana_dashboards::Dashboard;
use tumulte_artefacts::generate;

/// `dash fmt` arguments.
#[derive(Args)]
pub struct FmtArgs {
    /// Dashboard JSON files (plain, exported with `__inputs`, or a Grafana 12 resource).
    #[arg(required = true, value_name = "FILE.json")]
    files: Vec<PathBuf>,
    /// Change nothing: list the files that are not in the normalised form and exit 1 if there is any.
    #[arg(long)]
    check: bool,
}

/// Formats every file, reporting each failure on its own line; exits 2 if a file could not be formatted, 1 if
/// `--check` found a file to reformat.
pub fn run(args: &FmtArgs) -> ExitCode {
    let mut failed = false;
    let mut differs = false;
    for path in &args.files {
        match format(path, args.check) {
            Ok(Outcome::Unchanged) => {}
            Ok(Outcome::Reformatted) if args.check => {
                println!("would reformat {}", path.display());
                differs = true;
            }
            Ok(Outcome::Reformatted) => println!("reformatted {}", path.display()),
            Err(message) => {
                eprintln!("dash: {}: {message}", path.display());
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::from(2)
    } else if differs {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

enum Outcome {
    Unchanged,
    Reformatted,
}

fn format(path: &Path, check: bool) -> Result<Outcome, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
    let normalised = Dashboard::normalise(&text).map_err(|e| e.to_string())?;
    if normalised == text {
        return Ok(Outcome::Unchanged);
    }
    if !check {
        // Written beside and renamed over, so an interrupted run leaves the file whole.
        generate::write_atomic(path, &normalised).map_err(|e| e.to_string())?;
    }
    Ok(Outcome::Reformatted)
}
