//! What lives where in the run directory.
//!
//! ```text
//! RUN_DIR/
//!   state.json                     PIDs, ports, URLs of the running stack (removed when it stops)
//!   logs/COMPONENT.log             stdout and stderr of every process (postgres.log is PostgreSQL's own log,
//!                                  initdb.log and pg_ctl.log its start-up steps)
//!   prometheus/prometheus.yml      rendered from tumulte-artefacts' ScrapeSetup
//!   prometheus/data/               TSDB
//!   prometheus/demo-history.om     the demo's history while it is turned into blocks (--demo-history)
//!   alertmanager/alertmanager.yml  rendered from the template, with the webhook URL (mode 0600)
//!   alertmanager/data/
//!   postgres/data/  postgres/socket/   owned by the user postgres
//!   redis/  node-exporter/textfile/  victoria-metrics/data/
//! ```

use std::path::{Path, PathBuf};

use crate::component::Component;

/// The paths of a run directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The run directory itself (absolute).
    pub run_dir: PathBuf,
}

impl Layout {
    /// The layout of `run_dir` (expected absolute).
    pub fn new(run_dir: impl Into<PathBuf>) -> Self {
        Layout {
            run_dir: run_dir.into(),
        }
    }

    fn join(&self, path: &str) -> PathBuf {
        self.run_dir.join(path)
    }

    /// `state.json`.
    pub fn state_file(&self) -> PathBuf {
        self.join("state.json")
    }

    /// `logs/`.
    pub fn logs(&self) -> PathBuf {
        self.join("logs")
    }

    /// `logs/COMPONENT.log`.
    pub fn log(&self, component: Component) -> PathBuf {
        self.logs().join(format!("{component}.log"))
    }

    /// `logs/NAME.log` for a start-up step (`initdb`, `pg_ctl`).
    pub fn step_log(&self, name: &str) -> PathBuf {
        self.logs().join(format!("{name}.log"))
    }

    /// `prometheus/prometheus.yml`.
    pub fn prometheus_config(&self) -> PathBuf {
        self.join("prometheus/prometheus.yml")
    }

    /// `prometheus/data`.
    pub fn prometheus_data(&self) -> PathBuf {
        self.join("prometheus/data")
    }

    /// `prometheus/demo-history.om`: the demo's OpenMetrics history, removed once promtool made its blocks.
    pub fn demo_history(&self) -> PathBuf {
        self.join("prometheus/demo-history.om")
    }

    /// `alertmanager/alertmanager.yml`.
    pub fn alertmanager_config(&self) -> PathBuf {
        self.join("alertmanager/alertmanager.yml")
    }

    /// `alertmanager/data`.
    pub fn alertmanager_data(&self) -> PathBuf {
        self.join("alertmanager/data")
    }

    /// `postgres/` (owned by postgres).
    pub fn postgres_dir(&self) -> PathBuf {
        self.join("postgres")
    }

    /// `postgres/data`.
    pub fn postgres_data(&self) -> PathBuf {
        self.join("postgres/data")
    }

    /// `postgres/socket`: PostgreSQL's Unix socket directory.
    pub fn postgres_socket(&self) -> PathBuf {
        self.join("postgres/socket")
    }

    /// `redis/`: Redis' working directory.
    pub fn redis_dir(&self) -> PathBuf {
        self.join("redis")
    }

    /// `node-exporter/textfile`: the node exporter's textfile collector directory.
    pub fn node_textfile(&self) -> PathBuf {
        self.join("node-exporter/textfile")
    }

    /// `victoria-metrics/data`.
    pub fn victoria_metrics_data(&self) -> PathBuf {
        self.join("victoria-metrics/data")
    }

    /// The run directory.
    pub fn root(&self) -> &Path {
        &self.run_dir
    }
}
