//! The workspace's binaries a test runs (the plugin's, `dash`): built by cargo once per test binary, in that
//! binary's target directory and profile, so the tests drive the code they were compiled with. Cargo gives a
//! test `CARGO_BIN_EXE_*` only for its own package's binaries; these are other packages'.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

use crate::{repo, Error};

/// The `dash` CLI (`tumulte-dash`).
pub fn dash() -> Result<PathBuf, Error> {
    built("tumulte-dash", "dash")
}

/// `package`'s binary `bin`, built by cargo once per test run in this binary's target directory and profile.
pub fn built(package: &str, bin: &'static str) -> Result<PathBuf, Error> {
    static BUILT: Mutex<BTreeMap<&'static str, Result<PathBuf, String>>> = Mutex::new(BTreeMap::new());
    // Held while building: a second test asking for the same binary waits for the first build.
    let mut built = BUILT.lock().map_err(|_| "a build of a test binary panicked")?;
    built
        .entry(bin)
        .or_insert_with(|| build(package, bin).map_err(|e| e.to_string()))
        .clone()
        .map_err(Into::into)
}

/// The target directory and profile this test binary was built in (`<target>/<profile>`).
fn profile_dir() -> Result<PathBuf, Error> {
    let exe = std::env::current_exe()?;
    let mut dir = exe.parent().ok_or("the test binary has no directory")?.to_path_buf();
    if dir.file_name().is_some_and(|n| n == "deps") {
        dir.pop();
    }
    Ok(dir)
}

fn build(package: &str, bin: &str) -> Result<PathBuf, Error> {
    let profile = profile_dir()?;
    let target = profile.parent().ok_or("no target directory")?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(repo::root())
        .args(["build", "--quiet", "-p", package, "--bin", bin])
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
        return Err(format!("cargo build of {bin} failed ({status})").into());
    }
    let binary = profile.join(bin);
    if !binary.is_file() {
        return Err(format!("{} was not built", binary.display()).into());
    }
    Ok(binary)
}
