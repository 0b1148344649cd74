//! The Prometheus the plugin is tested against, holding the scenario history ([`Timeline`]): started by the
//! test kit (`tumulte_test_kit::prometheus`, the native runner's Prometheus), or behind TLS with a [`Pki`]'s web
//! configuration. Stopped when dropped.

use std::sync::{Arc, Mutex, Weak};

use tumulte_test_kit::prometheus::{Component, Engines, Setup};

use crate::scenario::Timeline;
use crate::tls::Pki;
use crate::Error;

/// A running Prometheus.
pub struct PrometheusServer {
    engines: Engines,
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// The history it holds, if any.
    pub timeline: Option<Timeline>,
}

impl PrometheusServer {
    /// Starts Prometheus holding `timeline`'s history (or nothing); `None` when it is not installed (the kit's
    /// rule: skipped, or failing under `TUMULTE_REQUIRE_TOOLS=1`).
    pub fn start(timeline: Option<Timeline>) -> Result<Option<Self>, Error> {
        let history = timeline.as_ref().map(Timeline::openmetrics);
        let engines = Engines::prometheus(history.as_deref())?;
        Ok(engines.map(|engines| Self::new(engines, timeline)))
    }

    /// Starts Prometheus holding the OpenMetrics `history` (which holds `timeline`'s, and more), keeping
    /// `retention` (`--storage.tsdb.retention.time`, e.g. `90d`): history older than the runner's default 30 days
    /// would otherwise be deleted as soon as Prometheus loads it. `None` when it is not installed.
    pub fn start_with_history(history: &str, timeline: Timeline, retention: &str) -> Result<Option<Self>, Error> {
        let Some(mut setup) = Setup::new(&[Component::Prometheus])? else {
            return Ok(None);
        };
        setup.config.retention = retention.to_owned();
        setup.backfill(history)?;
        Ok(Some(Self::new(setup.start()?, Some(timeline))))
    }

    /// Starts Prometheus holding `timeline`'s history behind `pki`'s web configuration: https only, a client
    /// certificate signed by its CA required, basic auth.
    pub fn start_secured(timeline: Option<Timeline>, pki: &Pki) -> Result<Option<Self>, Error> {
        let history = timeline.as_ref().map(Timeline::openmetrics);
        let engines = Engines::secured_prometheus(
            history.as_deref(),
            |dir| pki.write_web_config(dir),
            |port| pki.get(port, "/-/ready").is_ok_and(|r| r.status == 200),
        )?;
        Ok(engines.map(|engines| Self::new(engines, timeline)))
    }

    fn new(engines: Engines, timeline: Option<Timeline>) -> Self {
        PrometheusServer {
            port: engines.port(Component::Prometheus),
            engines,
            timeline,
        }
    }

    /// Its URL.
    pub fn url(&self) -> String {
        self.engines.url(Component::Prometheus)
    }

    /// Its PID.
    pub fn pid(&self) -> u32 {
        self.engines.pid(Component::Prometheus).unwrap_or_default()
    }
}

/// The Prometheus loaded with the scenario history, shared by the tests of one binary that run at the same
/// time; it stops when the last of them drops it. `None` when Prometheus is not installed.
pub fn shared() -> Result<Option<Arc<PrometheusServer>>, Error> {
    static SHARED: Mutex<Weak<PrometheusServer>> = Mutex::new(Weak::new());
    let mut slot = SHARED.lock().map_err(|_| "poisoned")?;
    if let Some(server) = slot.upgrade() {
        return Ok(Some(server));
    }
    let Some(server) = PrometheusServer::start(Some(Timeline::ending_now()))? else {
        return Ok(None);
    };
    let server = Arc::new(server);
    *slot = Arc::downgrade(&server);
    Ok(Some(server))
}

/// An HTTP client for a test Prometheus. The workspace builds reqwest with the plugin's TLS features (rustls
/// without a provider): ring is installed first, as the plugin does.
pub fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
