//! Creating the run directory and its layout, with the modes and owners PostgreSQL (another user) needs.

use std::fs;
use std::os::unix::fs::{chown, PermissionsExt};
use std::path::Path;

use crate::error::StackError;
use crate::layout::Layout;
use crate::process::User;

/// PostgreSQL's Unix socket path must fit in `sun_path` (108 bytes, NUL included).
const MAX_SOCKET_PATH: usize = 107;

pub(super) fn create_dir(path: &Path) -> Result<(), StackError> {
    fs::create_dir_all(path).map_err(|e| StackError::io(format!("creating {}", path.display()), e))
}

pub(super) fn set_mode(path: &Path, mode: u32) -> Result<(), StackError> {
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(|e| StackError::io(format!("setting the mode of {}", path.display()), e))
}

pub(super) fn give_to(path: &Path, user: User) -> Result<(), StackError> {
    chown(path, Some(user.uid), Some(user.gid)).map_err(|e| StackError::io(format!("chown {}", path.display()), e))
}

/// Creates the run directory and its layout; PostgreSQL (another user) must be able to reach it.
pub(super) fn prepare_run_dir(run_dir: &Path, postgres: bool) -> Result<Layout, StackError> {
    create_dir(run_dir)?;
    let run_dir =
        fs::canonicalize(run_dir).map_err(|e| StackError::io(format!("resolving {}", run_dir.display()), e))?;
    let layout = Layout::new(run_dir);
    for dir in [
        layout.logs(),
        layout.prometheus_data(),
        layout.alertmanager_data(),
        layout.redis_dir(),
        layout.node_textfile(),
        layout.victoria_metrics_data(),
    ] {
        create_dir(&dir)?;
    }
    if postgres {
        let mode = fs::metadata(layout.root())
            .map_err(|e| StackError::io(format!("reading {}", layout.root().display()), e))?
            .permissions()
            .mode();
        set_mode(layout.root(), (mode & 0o7777) | 0o711)?;
        set_mode(&layout.logs(), 0o755)?;
        for ancestor in layout.root().ancestors().skip(1) {
            let searchable = fs::metadata(ancestor).is_ok_and(|m| m.permissions().mode() & 0o001 != 0);
            if !searchable {
                return Err(StackError::InvalidConfig(format!(
                    "PostgreSQL (user postgres) cannot reach {}: {} is not searchable by others; chmod o+x it or \
                     choose another --run-dir",
                    layout.root().display(),
                    ancestor.display()
                )));
            }
        }
        let socket = layout.postgres_socket().join(".s.PGSQL.65535");
        if socket.as_os_str().len() > MAX_SOCKET_PATH {
            return Err(StackError::InvalidConfig(format!(
                "the run directory {} is too long for PostgreSQL's Unix socket path; choose a shorter --run-dir",
                layout.root().display()
            )));
        }
        if layout.root().to_string_lossy().contains('\'') {
            return Err(StackError::InvalidConfig(format!(
                "the run directory {} holds a quote, which pg_ctl's command line cannot carry; choose another \
                 --run-dir",
                layout.root().display()
            )));
        }
    }
    Ok(layout)
}
