//! The plugin binary a test runs: built by cargo once per test binary, in that binary's target directory and
//! profile, so the tests drive the code they were compiled with.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use tumulte_policy::names::PLUGIN_EXECUTABLE;

use crate::{repo, Error};

/// The target directory and profile this test binary was built in (`<target>/<profile>`).
fn profile_dir() -> Result<PathBuf, Error> {
    let exe = std::env::current_exe()?;
    let mut dir = exe.parent().ok_or("the test binary has no directory")?.to_path_buf();
    if dir.file_name().is_some_and(|n| n == "deps") {
        dir.pop();
    }
    Ok(dir)
}

/// The binary a benchmark measures: `given`, else the shipped `plugin/dist/gpx_tumulte_scaling_linux_amd64` when
/// `plugin/scripts/dist.sh` has assembled it, else this build's ([`binary`]).
pub fn benched(given: Option<PathBuf>) -> Result<PathBuf, Error> {
    if let Some(path) = given {
        return Ok(path);
    }
    let shipped = repo::root().join(format!("plugin/dist/{PLUGIN_EXECUTABLE}_linux_amd64"));
    if shipped.is_file() {
        Ok(shipped)
    } else {
        binary()
    }
}

/// The plugin binary, built by cargo once per test run in this binary's target directory and profile.
pub fn binary() -> Result<PathBuf, Error> {
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BUILT
        .get_or_init(|| build().map_err(|e| e.to_string()))
        .clone()
        .map_err(Into::into)
}

fn build() -> Result<PathBuf, Error> {
    let profile = profile_dir()?;
    let target = profile.parent().ok_or("no target directory")?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(repo::root())
        .args(["build", "--quiet", "-p", "tumulte-plugin", "--bin", PLUGIN_EXECUTABLE])
        .env("CARGO_TARGET_DIR", target);
    // cargo runs a test with its crate's own variables; build scripts that track them (ring's tracks
    // CARGO_MANIFEST_DIR) would see them change between this build and one from a shell, and rebuild.
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        let per_crate = [
            "OUT_DIR",
            "CARGO_MANIFEST_DIR",
            "CARGO_MANIFEST_PATH",
            "CARGO_CRATE_NAME",
        ];
        if per_crate.contains(&key.as_ref()) || key.starts_with("CARGO_PKG_") || key.starts_with("CARGO_PRIMARY") {
            cmd.env_remove(key.as_ref());
        }
    }
    if profile.file_name().is_some_and(|n| n == "release") {
        cmd.arg("--release");
    }
    let status = cmd.status()?;
    if !status.success() {
        return Err(format!("cargo build of {PLUGIN_EXECUTABLE} failed ({status})").into());
    }
    let binary = profile.join(PLUGIN_EXECUTABLE);
    if !binary.is_file() {
        return Err(format!("{} was not built", binary.display()).into());
    }
    Ok(binary)
}
