//! Finding the repository, which holds the rule files (`monitoring/prometheus/rules/`) and the Alertmanager template
//! (`monitoring/alertmanager/alertmanager.yml.tmpl`) the stack loads.

use std::path::{Path, PathBuf};

use crate::error::StackError;

/// Whether `dir` looks like the repository's root.
fn is_root(dir: &Path) -> bool {
    dir.join("Cargo.toml").is_file() && dir.join("dashboards-rs").is_dir() && dir.join("monitoring").is_dir()
}

/// The repository root: `given` if any (it must be one), else the checkout this crate was built from, else the
/// first of the current directory and its parents that is one.
pub fn locate(given: Option<&Path>) -> Result<PathBuf, StackError> {
    if let Some(dir) = given {
        return if is_root(dir) {
            Ok(dir.to_path_buf())
        } else {
            Err(StackError::RepoNotFound {
                searched_from: dir.to_path_buf(),
            })
        };
    }
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if is_root(&built_from) {
        return Ok(built_from.canonicalize().unwrap_or(built_from));
    }
    let cwd = std::env::current_dir().map_err(|e| StackError::io("reading the current directory", e))?;
    cwd.ancestors()
        .find(|dir| is_root(dir))
        .map(Path::to_path_buf)
        .ok_or(StackError::RepoNotFound { searched_from: cwd })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_checkout_it_was_built_from() {
        let root = locate(None).expect("root");
        assert!(root.join("monitoring/prometheus/rules").is_dir());
        assert!(locate(Some(Path::new("/"))).is_err());
    }
}
