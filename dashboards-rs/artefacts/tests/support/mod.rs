//! What the integration tests share: finding the repository, `../shared`, and external checkers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (the workspace).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared` beside the checkout, where Grafana's schemas live; `None` when this checkout has none.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("TUMULTE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared"));
    dir.join("schemas").is_dir().then_some(dir)
}

/// Whether the test command asked for every external checker to be present (`scripts/test` sets it).
fn required() -> bool {
    std::env::var_os("TUMULTE_REQUIRE_TOOLS").is_some_and(|v| v == "1")
}

/// Says a check was skipped because a tool is missing; fails instead when the test command requires tools.
pub fn skip_tool(why: &str) {
    assert!(!required(), "TUMULTE_REQUIRE_TOOLS=1 but {why}");
    eprintln!("SKIPPED: {why}");
}

/// Says a check was skipped because `../shared` is absent (a checkout without it cannot be judged by it).
pub fn skip_no_shared() {
    eprintln!("SKIPPED: ../shared/schemas is absent (CI has it beside the checkout; TUMULTE_SHARED may point to it)");
}

/// A Python interpreter with `jsonschema`: the repository's `.venv` (made by `scripts/test`) or `python3`.
pub fn python_with_jsonschema() -> Option<PathBuf> {
    let candidates = [repo_root().join(".venv/bin/python"), PathBuf::from("python3")];
    candidates.into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import jsonschema"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// A program on the PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|path| path.is_file())
}
