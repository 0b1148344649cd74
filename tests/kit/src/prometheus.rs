//! The one way a test starts Prometheus, VictoriaMetrics and Alertmanager: the native runner's
//! ([`tumulte_stack`]), which starts them from Debian's packages as `tumulte-stack up` does — its rendered
//! `prometheus.yml`, the repository's rules checked by promtool, every awaited target UP before it returns —
//! here on free loopback ports in a temporary run directory, with test timings ([`config`]).
//!
//! - [`config`]: the runner's configuration for a test (what the runner's own tests start);
//! - [`Setup`], then [`Engines`]: a stack for one test, with history put in its TSDB before it starts;
//! - [`Engines::prometheus`], [`Engines::victoria_metrics`]: one engine holding an OpenMetrics history;
//! - [`Engines::secured_prometheus`]: Prometheus behind `--web.config.file` (TLS, client certificates, basic
//!   auth), which the runner cannot pass yet: the runner's binary and run-directory layout, launched here;
//! - [`Api`]: the Prometheus-compatible HTTP API of either engine.
//!
//! A missing package follows the kit's rule ([`tools::skip`]): the constructors answer `None`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;
pub use tumulte_stack::Component;
use tumulte_stack::{Binaries, Layout, RunningStack, Stack, StackConfig, Webhook};

use crate::http::{self, Address};
use crate::{openmetrics, tools, Error};

/// How long an engine may take to be ready.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// Whether every executable `components` need is installed where the runner looks (Debian's paths); if not,
/// the kit's rule, naming the packages to install.
pub fn installed(components: &[Component]) -> bool {
    let binaries = Binaries::default();
    let missing: BTreeSet<&str> = components
        .iter()
        .filter(|c| binaries.needed_by(**c).iter().any(|b| !tools::is_executable(b)))
        .map(|c| c.package())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let missing: Vec<&str> = missing.into_iter().collect();
    tools::skip(format!(
        "the tests run the real components; install them with: apt-get install --no-install-recommends {} \
         (scripts/test does)",
        missing.join(" ")
    ));
    false
}

/// The runner's configuration for a test: `components` on free loopback ports in `run_dir`, 1 s scrape and
/// evaluation intervals, alerts posted nowhere, no Tumulte target, 60 s to start, 5 s to stop. `None` when a
/// component is not installed ([`installed`]).
///
/// # Panics
///
/// When the kernel has no free loopback port.
pub fn config(run_dir: &Path, components: &[Component]) -> Option<StackConfig> {
    if !installed(components) {
        return None;
    }
    let mut config = StackConfig::new(run_dir)
        .free_ports()
        .unwrap_or_else(|e| panic!("free loopback ports: {e}"));
    config.components = components.iter().copied().collect();
    config.webhook = Webhook::Blackhole;
    config.scrape_interval = Duration::from_secs(1);
    config.evaluation_interval = Duration::from_secs(1);
    config.backend_targets.clear();
    config.frontend_targets.clear();
    config.start_timeout = START_TIMEOUT;
    config.stop_grace = Duration::from_secs(5);
    Some(config)
}

/// A temporary run directory, its files removed when dropped.
fn run_dir() -> Result<(TempDir, PathBuf), Error> {
    let dir = tempfile::Builder::new().prefix("tumulte-test-").tempdir()?;
    let path = dir.path().canonicalize()?;
    Ok((dir, path))
}

/// A stack for one test, not started yet: change [`Setup::config`], put history in Prometheus' TSDB, then
/// [`Setup::start`].
pub struct Setup {
    /// What the runner will start ([`config`]'s defaults).
    pub config: StackConfig,
    dir: TempDir,
}

impl Setup {
    /// `components` in a new temporary run directory; `None` when one is not installed ([`installed`]).
    pub fn new(components: &[Component]) -> Result<Option<Setup>, Error> {
        let (dir, path) = run_dir()?;
        Ok(config(&path, components).map(|config| Setup { config, dir }))
    }

    /// The run directory.
    pub fn run_dir(&self) -> &Path {
        &self.config.run_dir
    }

    /// Prometheus' TSDB directory: blocks put there before the start are its history.
    pub fn prometheus_data(&self) -> PathBuf {
        Layout::new(self.run_dir()).prometheus_data()
    }

    /// Puts the OpenMetrics `history` in Prometheus' TSDB ([`openmetrics::backfill`]); returns promtool's output.
    pub fn backfill(&self, history: &str) -> Result<String, Error> {
        openmetrics::backfill(history, self.run_dir(), &self.prometheus_data())
    }

    /// Starts the stack and waits until it is ready (every awaited target UP, the rules loaded).
    pub fn start(self) -> Result<Engines, Error> {
        let stack = Stack::start(self.config)?;
        Ok(Engines {
            runner: Runner::Stack(Box::new(stack)),
            _dir: self.dir,
        })
    }
}

/// An engine launched without the runner, killed when dropped.
struct Launched {
    child: Child,
    component: Component,
    port: u16,
    log: PathBuf,
}

impl Drop for Launched {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

enum Runner {
    Stack(Box<RunningStack>),
    Launched(Launched),
}

/// Engines started for one test; stopped, and their run directory removed, when dropped.
pub struct Engines {
    // Declared first: the engines stop before their directory goes.
    runner: Runner,
    _dir: TempDir,
}

impl Engines {
    /// Prometheus alone, holding the OpenMetrics `history` if any; `None` when it is not installed.
    pub fn prometheus(history: Option<&str>) -> Result<Option<Engines>, Error> {
        let Some(setup) = Setup::new(&[Component::Prometheus])? else {
            return Ok(None);
        };
        if let Some(history) = history {
            setup.backfill(history)?;
        }
        setup.start().map(Some)
    }

    /// VictoriaMetrics alone, holding the OpenMetrics `history` (imported through its Prometheus import, then
    /// flushed so that queries see it at once); `None` when it is not installed.
    pub fn victoria_metrics(history: &str) -> Result<Option<Engines>, Error> {
        let Some(setup) = Setup::new(&[Component::VictoriaMetrics])? else {
            return Ok(None);
        };
        let engines = setup.start()?;
        let port = engines.port(Component::VictoriaMetrics);
        let import = openmetrics::prometheus_import(history);
        let response = http::post(port, "/api/v1/import/prometheus", import.as_bytes())?;
        if !matches!(response.status, 200 | 204) {
            return Err(format!(
                "VictoriaMetrics refused the history import: HTTP {} {}",
                response.status, response.body
            )
            .into());
        }
        let response = http::get(port, "/internal/force_flush")?;
        if response.status != 200 {
            return Err(format!(
                "VictoriaMetrics force_flush: HTTP {} {}",
                response.status, response.body
            )
            .into());
        }
        Ok(Some(engines))
    }

    /// Prometheus holding the OpenMetrics `history` if any, its web served as the file `web_config` writes into
    /// the run directory says (`--web.config.file`: TLS, client certificates, basic auth). The runner has no way
    /// to pass that flag, nor to poll an API behind TLS, so its binary is launched here, with the runner's
    /// binary path and run-directory layout; `ready` says whether the port answers. `None` when it is not
    /// installed.
    pub fn secured_prometheus(
        history: Option<&str>,
        web_config: impl FnOnce(&Path) -> Result<PathBuf, Error>,
        ready: impl Fn(u16) -> bool,
    ) -> Result<Option<Engines>, Error> {
        if !installed(&[Component::Prometheus]) {
            return Ok(None);
        }
        let (dir, path) = run_dir()?;
        let layout = Layout::new(&path);
        let data = layout.prometheus_data();
        std::fs::create_dir_all(&data)?;
        if let Some(history) = history {
            openmetrics::backfill(history, &path, &data)?;
        }
        let config = layout.prometheus_config();
        std::fs::write(&config, "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\n")?;
        let web_config = web_config(&path)?;
        let port = http::free_port()?;
        std::fs::create_dir_all(layout.logs())?;
        let log = layout.log(Component::Prometheus);
        let child = Command::new(&Binaries::default().prometheus)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!("--storage.tsdb.path={}", data.display()))
            .arg(format!(
                "--storage.tsdb.retention.time={}",
                StackConfig::new(&path).retention
            ))
            .arg(format!("--web.listen-address={}", http::loopback(port)))
            .arg(format!("--web.config.file={}", web_config.display()))
            .arg("--log.level=warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log)?)
            .spawn()?;
        let engines = Engines {
            runner: Runner::Launched(Launched {
                child,
                component: Component::Prometheus,
                port,
                log,
            }),
            _dir: dir,
        };
        let deadline = Instant::now() + START_TIMEOUT;
        while !ready(port) {
            if Instant::now() > deadline {
                return Err(format!(
                    "Prometheus on port {port} not ready within {START_TIMEOUT:?}:\n{}",
                    engines.log(Component::Prometheus)
                )
                .into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(Some(engines))
    }

    /// The running stack, when the runner started it.
    pub fn stack(&self) -> Option<&RunningStack> {
        match &self.runner {
            Runner::Stack(stack) => Some(stack),
            Runner::Launched(_) => None,
        }
    }

    /// The run directory.
    pub fn run_dir(&self) -> &Path {
        match &self.runner {
            Runner::Stack(stack) => stack.run_dir(),
            Runner::Launched(_) => self._dir.path(),
        }
    }

    /// The loopback port of a started component.
    ///
    /// # Panics
    ///
    /// When `component` was not started.
    pub fn port(&self, component: Component) -> u16 {
        let port = match &self.runner {
            Runner::Stack(stack) => stack.port(component),
            Runner::Launched(l) => (l.component == component).then_some(l.port),
        };
        port.unwrap_or_else(|| panic!("{component} was not started"))
    }

    /// The URL of a started component: `http://127.0.0.1:PORT`, or `https://…` for
    /// [`Engines::secured_prometheus`].
    pub fn url(&self, component: Component) -> String {
        let scheme = match self.runner {
            Runner::Stack(_) => "http",
            Runner::Launched(_) => "https",
        };
        format!("{scheme}://{}", http::loopback(self.port(component)))
    }

    /// The process id of a started component.
    pub fn pid(&self, component: Component) -> Option<u32> {
        match &self.runner {
            Runner::Stack(stack) => stack
                .pids()
                .into_iter()
                .find_map(|(c, pid)| (c == component).then_some(pid)),
            Runner::Launched(l) => (l.component == component).then(|| l.child.id()),
        }
    }

    /// The log of a component so far.
    pub fn log(&self, component: Component) -> String {
        let path = match &self.runner {
            Runner::Stack(stack) => stack.log(component),
            Runner::Launched(l) => l.log.clone(),
        };
        std::fs::read_to_string(path).unwrap_or_default()
    }

    /// The Prometheus-compatible API of a started engine (plain HTTP).
    pub fn api(&self, component: Component) -> Api {
        Api::new(self.port(component))
    }
}

/// The Prometheus-compatible HTTP API (Prometheus, VictoriaMetrics) of a server on loopback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    addr: String,
}

impl Api {
    /// The API at `to`.
    pub fn new(to: impl Address) -> Api {
        Api { addr: to.address() }
    }

    /// `GET /api/v1/<path>` (its query already encoded): the `data` of a successful answer.
    pub fn get(&self, path: &str) -> Result<Value, Error> {
        let response = http::get(&self.addr, &format!("/api/v1/{path}"))?;
        let failed = |why: String| format!("/api/v1/{path} on {}: HTTP {}: {why}", self.addr, response.status);
        let json: Value =
            serde_json::from_str(&response.body).map_err(|e| failed(format!("{e}: {}", response.body)))?;
        if json["status"] != "success" {
            return Err(failed(response.body.clone()).into());
        }
        Ok(json["data"].clone())
    }

    /// An instant query at `time` (Unix seconds; now when `None`): the result vector.
    pub fn query(&self, expr: &str, time: Option<f64>) -> Result<Vec<Value>, Error> {
        let at = time.map(|t| format!("&time={t:.3}")).unwrap_or_default();
        let data = self.get(&format!("query?query={}{at}", http::urlencode(expr)))?;
        Ok(data["result"].as_array().cloned().unwrap_or_default())
    }

    /// The value of an instant query that must return exactly one series.
    pub fn scalar(&self, expr: &str, time: Option<f64>) -> Result<f64, Error> {
        let result = self.query(expr, time)?;
        let [series] = result.as_slice() else {
            return Err(format!("{expr} at {time:?}: {} series, expected 1: {result:?}", result.len()).into());
        };
        series["value"][1]
            .as_str()
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{expr} at {time:?}: no value in {series}").into())
    }
}
