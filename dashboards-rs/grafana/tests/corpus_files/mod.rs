//! The public dashboards of `../shared/corpus/dashboards/` (other projects', read in place and never copied into
//! the repository), found by the test kit's rule: `TUMULTE_SHARED`, else beside the checkout; absent, the test
//! says it was skipped (or fails when every tool is required).

// Each test crate that includes this module uses a part of it.
#![allow(dead_code)]

use std::path::PathBuf;

/// One corpus dashboard.
pub struct CorpusFile {
    /// Its file name (`01-node-exporter-full.json`).
    pub name: String,
    /// Its text.
    pub text: String,
}

impl CorpusFile {
    /// Its JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{}: {e}", self.name))
    }
}

/// Every corpus dashboard, in file-name order, or `None` after the skip rule.
pub fn files() -> Option<Vec<CorpusFile>> {
    let dir = tumulte_test_kit::repo::shared("corpus/dashboards")?;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 17, "the corpus has its 17 dashboards: {paths:?}");
    let files = paths
        .into_iter()
        .map(|path| CorpusFile {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            text: std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        })
        .collect();
    Some(files)
}
