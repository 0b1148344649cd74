//! The overview's world for the preview's page tests and benchmark: the native runner's Prometheus (with, for
//! the page, the exporters, PostgreSQL and Redis), six hours of the demo's history backfilled into its TSDB, the
//! demo backend scraped live, and `grafana-preview`'s host with the real plugin binary.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use grafana_preview::browser::Browser;
use grafana_preview::host::{self, HostConfig, RunningHost};
use tumulte_demo::backfill::write_openmetrics;
use tumulte_demo::{BackfillSpec, DemoServer, Scenario, Timeline};
use tumulte_policy::catalog::Job;
use tumulte_policy::names::PLUGIN_ID;
use tumulte_test_kit::prometheus::{Component, Engines, Setup};
use tumulte_test_kit::{repo, tools};

use crate::host::plugin_binary;
use crate::Error;

type Result<T = ()> = std::result::Result<T, Error>;

/// The range the page shows, as the overview's default time picker does.
pub const HOURS: u64 = 6;

/// How long the exporters are scraped live before the page is drawn.
pub const LIVE_FOR: Duration = Duration::from_secs(70);

/// The built page, or `None` (skipped, or failing under `TUMULTE_REQUIRE_TOOLS=1`) when it is not built.
pub fn web_dir() -> Option<PathBuf> {
    let dir = repo::root().join("dashboards-rs/preview/web/dist");
    if dir.join("index.html").is_file() {
        return Some(dir);
    }
    tools::skip(
        "the preview page is not built: npm --prefix dashboards-rs/preview/web ci && npm --prefix dashboards-rs/preview/web run build",
    );
    None
}

/// Chromium, or `None` when it is not installed (the same rule).
pub fn browser() -> Result<Option<Browser>> {
    let path = Browser::default_path();
    if !tools::is_executable(&path) {
        tools::skip(format!(
            "{} is missing: apt-get install -y --no-install-recommends chromium, or set CHROMIUM_PATH",
            path.display()
        ));
        return Ok(None);
    }
    Ok(Some(Browser::launch_at(path)?))
}

/// Now, in Unix seconds.
pub fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The demo's history for one scrape target, ending `end`: what Prometheus would have scraped from it.
fn history(job: Job, instance: &str, end: u64) -> Result<String> {
    let mut spec = BackfillSpec::new(Timeline::constant(Scenario::Busy), end, HOURS * 3600)?;
    spec.job = job.name().into();
    spec.instance = instance.into();
    let mut out = Vec::new();
    write_openmetrics(&mut out, &spec)?;
    Ok(String::from_utf8(out)?)
}

/// Everything the overview reads, running: the stack, the demo (history and live), the host with the plugin.
pub struct World {
    _demo: DemoServer,
    /// The end of the backfilled history, Unix seconds: before it, every answer is fixed.
    pub history_end: u64,
    /// The stack.
    pub engines: Engines,
    /// The preview's host.
    pub host: RunningHost,
    /// The runtime the host runs on.
    pub runtime: tokio::runtime::Runtime,
}

impl World {
    /// Every component the overview reads.
    pub const OVERVIEW: [Component; 6] = [
        Component::Postgres,
        Component::Redis,
        Component::NodeExporter,
        Component::PostgresExporter,
        Component::RedisExporter,
        Component::Prometheus,
    ];

    /// Starts `components` with the demo's history and the host serving the overview from `web`; `None` when
    /// a component is not installed (the kit's rule).
    pub fn start(web: PathBuf, components: &[Component]) -> Result<Option<World>> {
        let demo = DemoServer::start("127.0.0.1:0", Scenario::Busy)?;
        let Some(mut setup) = Setup::new(components)? else {
            return Ok(None);
        };
        let instance = demo.addr().to_string();
        setup.config.backend_targets = vec![instance.clone()];
        setup.config.frontend_targets = vec![instance.clone()];
        setup.config.wait_for_app_targets = true;
        // Ends before the live scrapes begin, so history and live samples never overlap.
        let end = now() - 30;
        for job in [Job::TumulteBackend, Job::TumulteFrontend] {
            setup.backfill(&history(job, &instance, end)?)?;
        }
        let engines = setup.start()?;
        let runtime = tokio::runtime::Runtime::new()?;
        let config = HostConfig {
            listen: "127.0.0.1:0".parse()?,
            dashboard: repo::root().join(tumulte_artefacts::provisioning::overview_path()),
            datasources: repo::root().join(tumulte_artefacts::provisioning::DATASOURCES_PATH),
            prometheus: Some(engines.url(Component::Prometheus)),
            plugins: HashMap::from([(PLUGIN_ID.to_owned(), plugin_binary()?)]),
            web,
        };
        let host = runtime.block_on(host::start(config))?;
        Ok(Some(World {
            _demo: demo,
            history_end: end,
            engines,
            host,
            runtime,
        }))
    }

    /// The overview on the last [`HOURS`].
    pub fn url(&self) -> String {
        format!("{}?from=now-{HOURS}h&to=now", self.host.url())
    }
}
