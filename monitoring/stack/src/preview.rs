//! What the dashboard preview serves, found in the repository: the generated overview and data sources, the page
//! built from `dashboards-rs/preview/web`, and the Tumulte Scaling plugin binary. Each one missing is named with
//! the exact way to get it.

use std::path::{Path, PathBuf};

use tumulte_artefacts::provisioning;

use crate::error::StackError;

/// The built page's directory, relative to the repository.
pub const WEB_DIST: &str = "dashboards-rs/preview/web/dist";

/// How to build the page.
pub const BUILD_PAGE: &str =
    "npm --prefix dashboards-rs/preview/web ci && npm --prefix dashboards-rs/preview/web run build";

/// How to get the plugin binary.
pub const BUILD_PLUGIN: &str = "cargo build -p tumulte-plugin (or plugin/scripts/dist.sh)";

/// The files the preview serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewInputs {
    /// The overview dashboard's JSON (`provisioning/dashboards/tumulte/tumulte-overview.json`).
    pub dashboard: PathBuf,
    /// Grafana's data source provisioning (`provisioning/datasources/tumulte.yml`).
    pub datasources: PathBuf,
    /// The built page ([`WEB_DIST`]).
    pub web: PathBuf,
    /// The Tumulte Scaling plugin binary.
    pub plugin: PathBuf,
}

impl PreviewInputs {
    /// The inputs in the repository at `root`, with `plugin` if given (else [`provisioning::newest_plugin_binary`]); the first
    /// one missing is an error naming it and the fix.
    pub fn find(root: &Path, plugin: Option<&Path>) -> Result<PreviewInputs, StackError> {
        let missing = |what, path: PathBuf, fix: String| StackError::PreviewInputMissing { what, path, fix };
        let web = root.join(WEB_DIST);
        if !web.join("index.html").is_file() {
            return Err(missing(
                "the built page",
                web.join("index.html"),
                format!("build it: {BUILD_PAGE}; or pass --skip preview"),
            ));
        }
        let plugin = match plugin {
            Some(path) if path.is_file() => path.to_path_buf(),
            Some(path) => {
                return Err(missing(
                    "the plugin binary given by --plugin",
                    path.to_path_buf(),
                    format!("build it: {BUILD_PLUGIN}, or pass another --plugin PATH, or --skip preview"),
                ))
            }
            None => provisioning::newest_plugin_binary(root).ok_or_else(|| {
                missing(
                    "the plugin binary",
                    plugin_candidates(root).join(", ").into(),
                    format!("build it: {BUILD_PLUGIN}, or pass --plugin PATH, or --skip preview"),
                )
            })?,
        };
        let generated = "generate it: cargo run -p tumulte-dash -- build; or pass --skip preview".to_owned();
        let dashboard = root.join(provisioning::overview_path());
        if !dashboard.is_file() {
            return Err(missing("the overview dashboard", dashboard, generated));
        }
        let datasources = root.join(provisioning::DATASOURCES_PATH);
        if !datasources.is_file() {
            return Err(missing("the data source provisioning", datasources, generated));
        }
        Ok(PreviewInputs {
            dashboard,
            datasources,
            web,
            plugin,
        })
    }
}

fn plugin_candidates(root: &Path) -> Vec<String> {
    provisioning::plugin_binaries(root)
        .iter()
        .map(|p| p.display().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A repository holding the generated files, and the page if `page`.
    fn repo(page: bool) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for file in [provisioning::overview_path(), provisioning::DATASOURCES_PATH.to_owned()] {
            let path = dir.path().join(file);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(path, "{}").expect("write");
        }
        if page {
            fs::create_dir_all(dir.path().join(WEB_DIST)).expect("mkdir");
            fs::write(dir.path().join(WEB_DIST).join("index.html"), "<html>").expect("write");
        }
        dir
    }

    #[test]
    fn a_missing_page_is_named_with_the_npm_build() {
        let dir = repo(false);
        let error = PreviewInputs::find(dir.path(), None).expect_err("no page").to_string();
        assert!(
            error.contains("the built page") && error.contains(BUILD_PAGE),
            "{error}"
        );
        assert!(error.contains("--skip preview"), "{error}");
    }

    #[test]
    fn a_missing_plugin_is_named_with_the_cargo_build_and_the_flags() {
        let dir = repo(true);
        let error = PreviewInputs::find(dir.path(), Some(&dir.path().join("nope")))
            .expect_err("no plugin")
            .to_string();
        assert!(error.contains("cargo build -p tumulte-plugin"), "{error}");
        assert!(
            error.contains("--plugin PATH") && error.contains("--skip preview"),
            "{error}"
        );
        let [plugin, ..] = provisioning::plugin_binaries(dir.path());
        fs::create_dir_all(plugin.parent().expect("parent")).expect("mkdir");
        fs::write(&plugin, "").expect("write");
        let found = PreviewInputs::find(dir.path(), None).expect("found");
        assert_eq!(found.plugin, plugin);
        assert!(found.web.ends_with(WEB_DIST));
    }
}
