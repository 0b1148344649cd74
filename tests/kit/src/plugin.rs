//! The plugin binary a test runs: built by cargo once per test binary, in that binary's target directory and
//! profile ([`binaries`]), so the tests drive the code they were compiled with.

use std::path::PathBuf;

use tumulte_policy::names::PLUGIN_EXECUTABLE;

use crate::{binaries, repo, Error};

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
    binaries::built("tumulte-plugin", PLUGIN_EXECUTABLE)
}
