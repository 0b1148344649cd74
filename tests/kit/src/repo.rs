//! Where things are: the repository's root, and `../shared` beside it (Grafana's protocol and schemas), which
//! `TUMULTE_SHARED` may move.

use std::path::{Path, PathBuf};

use crate::tools;

/// The variable that says where the shared folder is.
pub const SHARED: &str = "TUMULTE_SHARED";

/// The repository's root (the workspace), canonical when it can be.
pub fn root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// The shared folder's location: `$TUMULTE_SHARED`, else `../shared` beside the repository; present or not.
pub fn shared_dir() -> PathBuf {
    std::env::var_os(SHARED).map_or_else(|| root().join("../shared"), PathBuf::from)
}

/// `relative` in the shared folder; `None` after applying the rule ([`tools::skip`]) when it is absent.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = shared_dir().join(relative);
    if path.exists() {
        return Some(path);
    }
    tools::skip(format!(
        "{} is absent: the shared folder lives beside the checkout (CI has it there; {SHARED} may point to it)",
        path.display()
    ));
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_holds_the_workspace() {
        assert!(root().join("Cargo.toml").is_file());
        assert!(root().join("tests/kit").is_dir());
    }
}
