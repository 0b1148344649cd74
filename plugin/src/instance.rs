//! One instance per data source: its checked settings and its Prometheus client (one reused HTTP client),
//! cached by data source uid, rebuilt when Grafana's `lastUpdatedMS` changes, dropped when unused for [`IDLE`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use grafana_dashboards::excerpt::prefix;
use grafana_plugin_sdk::pluginv2::{DataSourceInstanceSettings, PluginContext};

use crate::metrics::Metrics;
use crate::prometheus::Prometheus;
use crate::settings::Settings;

/// A data source, ready to query.
#[derive(Debug)]
pub struct Instance {
    /// Its settings.
    pub settings: Settings,
    /// Its Prometheus.
    pub prometheus: Prometheus,
    /// The `lastUpdatedMS` it was built from.
    pub last_updated_ms: i64,
}

/// Why there is no instance for a request.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InstanceError {
    /// The request carries no data source settings.
    #[error(
        "the request names no data source: query through a data source of type {}",
        tumulte_policy::names::PLUGIN_ID
    )]
    NoDataSource,
    /// The settings are invalid.
    #[error("data source {name:?}: {reason}")]
    Invalid {
        /// The data source's name.
        name: String,
        /// What is wrong, with the fix.
        reason: String,
    },
}

/// How long an instance no request has named is kept. Grafana never tells a plugin that a data source was
/// deleted; its requests just stop naming it (Grafana's Go SDK has a TTL instance manager for the same reason).
pub const IDLE: Duration = Duration::from_secs(3600);

/// How often, at most, [`Instances::get`] looks for idle instances to drop.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// Builds a data source's instance from its settings.
type Builder = dyn Fn(&DataSourceInstanceSettings, &Arc<Metrics>) -> Result<Instance, InstanceError> + Send + Sync;

/// One data source's place in the cache, for one version of its settings. Its instance is built once, by the
/// first request that needs it, outside the cache's lock: a slow build (a TLS set-up) holds up only the requests
/// of the same data source.
struct Slot {
    last_updated_ms: i64,
    built: OnceLock<Result<Arc<Instance>, InstanceError>>,
    /// When a request last named it, in ms since the cache's start.
    used_ms: AtomicU64,
}

/// The cache of instances, by data source: an instance is replaced when its data source's settings change, and
/// dropped when no request has named it for [`IDLE`].
pub struct Instances {
    metrics: Arc<Metrics>,
    slots: Mutex<HashMap<String, Arc<Slot>>>,
    build: Box<Builder>,
    started: Instant,
    swept_ms: AtomicU64,
}

impl std::fmt::Debug for Instances {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Instances")
            .field("len", &self.len())
            .finish_non_exhaustive()
    }
}

impl Instances {
    /// An empty cache.
    pub fn new(metrics: Arc<Metrics>) -> Self {
        Self::with_builder(metrics, build)
    }

    /// An empty cache that builds instances with `build`.
    fn with_builder(
        metrics: Arc<Metrics>,
        build: impl Fn(&DataSourceInstanceSettings, &Arc<Metrics>) -> Result<Instance, InstanceError>
            + Send
            + Sync
            + 'static,
    ) -> Self {
        Instances {
            metrics,
            slots: Mutex::new(HashMap::new()),
            build: Box::new(build),
            started: Instant::now(),
            swept_ms: AtomicU64::new(0),
        }
    }

    /// How many data sources have an instance (or a refusal) cached.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no data source has one.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Slot>>> {
        self.slots.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The instance of the request's data source, built or rebuilt as needed.
    pub fn get(&self, ctx: Option<&PluginContext>) -> Result<Arc<Instance>, InstanceError> {
        self.get_at(ctx, self.started.elapsed())
    }

    /// [`Instances::get`] at `now` (since the cache's start).
    fn get_at(&self, ctx: Option<&PluginContext>, now: Duration) -> Result<Arc<Instance>, InstanceError> {
        let ds = ctx
            .and_then(|c| c.data_source_instance_settings.as_ref())
            .ok_or(InstanceError::NoDataSource)?;
        let key = if ds.uid.is_empty() {
            format!("id:{}", ds.id)
        } else {
            ds.uid.clone()
        };
        let now_ms = u64::try_from(now.as_millis()).unwrap_or(u64::MAX);
        let slot = {
            let mut slots = self.lock();
            self.sweep(&mut slots, now_ms);
            match slots.get(&key) {
                Some(slot) if slot.last_updated_ms == ds.last_updated_ms => slot.clone(),
                previous => {
                    if previous.is_some() {
                        tracing::info!(uid = %ds.uid, "data source settings changed: its instance is replaced");
                    }
                    let slot = Arc::new(Slot {
                        last_updated_ms: ds.last_updated_ms,
                        built: OnceLock::new(),
                        used_ms: AtomicU64::new(now_ms),
                    });
                    slots.insert(key, slot.clone());
                    slot
                }
            }
        };
        slot.used_ms.store(now_ms, Ordering::Relaxed);
        slot.built
            .get_or_init(|| {
                let built = (self.build)(ds, &self.metrics).map(Arc::new);
                if let Ok(instance) = &built {
                    tracing::info!(
                        datasource = %prefix(&ds.name),
                        uid = %prefix(&ds.uid),
                        url = %instance.prometheus.url(),
                        last_updated_ms = ds.last_updated_ms,
                        "data source instance built"
                    );
                }
                built
            })
            .clone()
    }

    /// Drops the slots no request has named for [`IDLE`]; looks at most every [`SWEEP_EVERY`].
    fn sweep(&self, slots: &mut HashMap<String, Arc<Slot>>, now_ms: u64) {
        let every = SWEEP_EVERY.as_millis() as u64;
        if now_ms.saturating_sub(self.swept_ms.load(Ordering::Relaxed)) < every {
            return;
        }
        self.swept_ms.store(now_ms, Ordering::Relaxed);
        let idle = IDLE.as_millis() as u64;
        slots.retain(|uid, slot| {
            let keep = now_ms.saturating_sub(slot.used_ms.load(Ordering::Relaxed)) < idle;
            if !keep {
                tracing::info!(uid = %prefix(uid), "data source unused for an hour: its instance is dropped");
            }
            keep
        });
    }
}

/// Reads and checks a data source's settings and builds its Prometheus client.
fn build(ds: &DataSourceInstanceSettings, metrics: &Arc<Metrics>) -> Result<Instance, InstanceError> {
    let invalid = |reason: String| InstanceError::Invalid {
        name: prefix(&ds.name).into_owned(),
        reason,
    };
    let settings = Settings::from_grafana(ds).map_err(|e| invalid(e.to_string()))?;
    let prometheus = Prometheus::new(&settings, metrics.clone()).map_err(|e| invalid(e.to_string()))?;
    Ok(Instance {
        settings,
        prometheus,
        last_updated_ms: ds.last_updated_ms,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    fn ctx(uid: &str, updated: i64) -> PluginContext {
        PluginContext {
            data_source_instance_settings: Some(DataSourceInstanceSettings {
                uid: uid.into(),
                url: "http://127.0.0.1:9".into(),
                last_updated_ms: updated,
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn instances_are_reused_until_the_settings_change() {
        let instances = Instances::new(Arc::default());
        let a = instances.get(Some(&ctx("a", 1))).expect("built");
        let b = instances.get(Some(&ctx("a", 1))).expect("cached");
        assert!(Arc::ptr_eq(&a, &b));
        let c = instances.get(Some(&ctx("a", 2))).expect("rebuilt");
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(instances.get(None).expect_err("none"), InstanceError::NoDataSource);
    }

    #[test]
    fn a_changed_data_source_leaves_no_old_instance_behind() {
        let instances = Instances::new(Arc::default());
        let old = Arc::downgrade(&instances.get(Some(&ctx("a", 1))).expect("built"));
        instances.get(Some(&ctx("a", 2))).expect("rebuilt");
        assert!(old.upgrade().is_none(), "the old instance is still held");
        assert_eq!(instances.len(), 1);
    }

    #[test]
    fn an_unused_data_source_is_dropped_after_an_hour() {
        let instances = Instances::new(Arc::default());
        let at = |minutes: u64| Duration::from_secs(minutes * 60);
        let deleted = Arc::downgrade(&instances.get_at(Some(&ctx("deleted", 1)), at(0)).expect("built"));
        instances.get_at(Some(&ctx("kept", 1)), at(0)).expect("built");
        instances.get_at(Some(&ctx("kept", 1)), at(59)).expect("cached");
        instances.get_at(Some(&ctx("kept", 1)), at(61)).expect("cached");
        assert!(
            deleted.upgrade().is_none(),
            "an hour without a request keeps its instance"
        );
        assert_eq!(instances.len(), 1);
    }

    #[test]
    fn a_slow_build_holds_up_no_other_data_source() {
        let (entered, building) = mpsc::channel();
        let (release, released) = mpsc::channel::<()>();
        let released = Mutex::new(released);
        let instances = Arc::new(Instances::with_builder(Arc::default(), move |ds, metrics| {
            if ds.uid == "slow" {
                let _ = entered.send(());
                let _ = released.lock().expect("lock").recv();
            }
            build(ds, metrics)
        }));
        let slow = {
            let instances = instances.clone();
            std::thread::spawn(move || instances.get(Some(&ctx("slow", 1))).map(|_| ()))
        };
        building.recv().expect("the slow build started");
        // The slow build is under way: another data source is built and answered meanwhile.
        instances
            .get(Some(&ctx("fast", 1)))
            .expect("built while the other builds");
        release.send(()).expect("release");
        slow.join().expect("no panic").expect("built");
    }

    #[test]
    fn invalid_settings_are_refused_with_the_data_source_name() {
        let mut context = ctx("bad", 1);
        if let Some(ds) = context.data_source_instance_settings.as_mut() {
            ds.url = "prometheus:9090".into();
            ds.name = "n".repeat(10_000);
        }
        let e = Instances::new(Arc::default())
            .get(Some(&context))
            .expect_err("no scheme");
        assert!(e.to_string().len() < 400, "{e}");
        assert!(e.to_string().contains("not an http:// or https:// URL"), "{e}");
    }
}
