//! One instance per data source: its checked settings and its Prometheus client (one reused HTTP client),
//! cached by data source uid and rebuilt when Grafana's `lastUpdatedMS` changes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

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

/// The cache of instances.
#[derive(Debug)]
pub struct Instances {
    metrics: Arc<Metrics>,
    cache: Mutex<HashMap<String, Arc<Instance>>>,
}

impl Instances {
    /// An empty cache.
    pub fn new(metrics: Arc<Metrics>) -> Self {
        Instances {
            metrics,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The instance of the request's data source, built or rebuilt as needed.
    pub fn get(&self, ctx: Option<&PluginContext>) -> Result<Arc<Instance>, InstanceError> {
        let ds = ctx
            .and_then(|c| c.data_source_instance_settings.as_ref())
            .ok_or(InstanceError::NoDataSource)?;
        let key = if ds.uid.is_empty() {
            format!("id:{}", ds.id)
        } else {
            ds.uid.clone()
        };
        let mut cache = self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(instance) = cache.get(&key) {
            if instance.last_updated_ms == ds.last_updated_ms {
                return Ok(instance.clone());
            }
        }
        let instance = Arc::new(self.build(ds)?);
        tracing::info!(
            datasource = %ds.name,
            uid = %ds.uid,
            url = %instance.prometheus.url(),
            last_updated_ms = ds.last_updated_ms,
            "data source instance built"
        );
        cache.insert(key, instance.clone());
        Ok(instance)
    }

    fn build(&self, ds: &DataSourceInstanceSettings) -> Result<Instance, InstanceError> {
        let invalid = |reason: String| InstanceError::Invalid {
            name: ds.name.clone(),
            reason,
        };
        let settings = Settings::from_grafana(ds).map_err(|e| invalid(e.to_string()))?;
        let prometheus = Prometheus::new(&settings, self.metrics.clone()).map_err(|e| invalid(e.to_string()))?;
        Ok(Instance {
            settings,
            prometheus,
            last_updated_ms: ds.last_updated_ms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(updated: i64) -> PluginContext {
        PluginContext {
            data_source_instance_settings: Some(DataSourceInstanceSettings {
                uid: "tumulte-scaling".into(),
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
        let a = instances.get(Some(&ctx(1))).expect("built");
        let b = instances.get(Some(&ctx(1))).expect("cached");
        assert!(Arc::ptr_eq(&a, &b));
        let c = instances.get(Some(&ctx(2))).expect("rebuilt");
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(instances.get(None).expect_err("none"), InstanceError::NoDataSource);
    }
}
