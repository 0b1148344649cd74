//! The one rule for a test that needs something the machine may lack (a Debian package's program, the `../shared`
//! folder, an assembled `plugin/dist`): the test says `SKIPPED: why` on stderr and passes — unless
//! `TUMULTE_REQUIRE_TOOLS=1` (`scripts/test` sets it), where it fails instead, saying why. So a test can always
//! fail where the tools are meant to be present.
//!
//! ```
//! use tumulte_test_kit::tools;
//!
//! let Some(sh) = tools::find("sh", "dash") else { return };
//! assert!(sh.is_absolute());
//! ```

use std::ffi::OsStr;
use std::fmt::Display;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::repo;

/// The variable that turns a skip into a failure.
pub const REQUIRE_TOOLS: &str = "TUMULTE_REQUIRE_TOOLS";

/// Whether this run requires every tool (`TUMULTE_REQUIRE_TOOLS=1`).
pub fn required() -> bool {
    std::env::var_os(REQUIRE_TOOLS).is_some_and(|v| v == "1")
}

/// The rule: says `SKIPPED: why` (the caller then returns), or panics with `why` when tools are required.
pub fn skip(why: impl Display) {
    assert!(!required(), "{REQUIRE_TOOLS}=1 but {why}");
    eprintln!("SKIPPED: {why}");
}

/// Whether `path` is an executable file.
pub fn is_executable(path: &Path) -> bool {
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// `program` on the `PATH`, as a shell would find it.
pub fn which(program: impl AsRef<OsStr>) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program.as_ref()))
        .find(|candidate| is_executable(candidate))
}

/// `program` from Debian's `package` on the `PATH`; `None` after applying the rule when it is missing.
pub fn find(program: &str, package: &str) -> Option<PathBuf> {
    let found = which(program);
    if found.is_none() {
        skip(format!(
            "`{program}` is not installed: apt-get install --no-install-recommends {package} (scripts/test installs it)"
        ));
    }
    found
}

/// `program` in the repository's `.venv/bin` (where `scripts/test` installs Python tools); `None` after applying
/// the rule when it is missing.
pub fn venv(program: &str) -> Option<PathBuf> {
    let path = repo::root().join(".venv/bin").join(program);
    if is_executable(&path) {
        return Some(path);
    }
    skip(format!(
        "{} is missing: run scripts/test (it installs {program} into .venv)",
        path.display()
    ));
    None
}

/// A Python interpreter that can import `module`: the repository's `.venv` (made by `scripts/test`), else
/// `python3`; `None` after applying the rule when neither can.
pub fn python_with(module: &str) -> Option<PathBuf> {
    let candidates = [repo::root().join(".venv/bin/python"), PathBuf::from("python3")];
    let found = candidates.into_iter().find(|python| {
        Command::new(python)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        skip(format!("no Python with {module} (scripts/test installs it into .venv)"));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_finds_a_shell_and_not_a_made_up_program() {
        assert!(which("sh").is_some_and(|p| p.is_absolute()));
        assert!(which("no-such-program-tumulte").is_none());
    }
}
