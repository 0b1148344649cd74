//! Grafana provisioning files: the data sources and the dashboard provider, from the same names as the
//! dashboard, so a uid is written once.

use serde_json::{json, Value};

use super::names::{
    DASHBOARD_UID, PLUGIN_ID, PLUGIN_NAME, PLUGIN_UID, PROMETHEUS_NAME, PROMETHEUS_TYPE, PROMETHEUS_UID,
};
use super::signals::Policy;

/// Where Grafana's container sees the generated dashboards (the compose file mounts `provisioning/` at
/// `/etc/grafana/provisioning`).
pub const DASHBOARDS_PATH_IN_GRAFANA: &str = "/etc/grafana/provisioning/dashboards/tumulte";

/// The address of Prometheus from Grafana's container, on the compose network.
pub const PROMETHEUS_URL: &str = "http://prometheus:9090";

/// Path of the overview dashboard, relative to the repository root.
pub fn overview_path() -> String {
    format!("provisioning/dashboards/tumulte/{DASHBOARD_UID}.json")
}

/// `provisioning/datasources/tumulte.yml`: Prometheus and the scaling plugin.
pub fn datasources(policy: &Policy) -> Value {
    json!({
        "apiVersion": 1,
        "datasources": [
            {
                "name": PROMETHEUS_NAME,
                "uid": PROMETHEUS_UID,
                "type": PROMETHEUS_TYPE,
                "access": "proxy",
                "url": PROMETHEUS_URL,
                "isDefault": true,
                "editable": false,
                "jsonData": {
                    "httpMethod": "POST",
                    "prometheusType": "Prometheus",
                    "prometheusVersion": "2.51.0",
                    "timeInterval": "15s",
                },
            },
            {
                "name": PLUGIN_NAME,
                "uid": PLUGIN_UID,
                "type": PLUGIN_ID,
                "access": "proxy",
                "url": PROMETHEUS_URL,
                "isDefault": false,
                "editable": false,
                "jsonData": {
                    "dbPoolSize": policy.db_pool_size,
                    "timeoutSeconds": 10,
                },
            },
        ],
    })
}

/// `provisioning/dashboards/tumulte.yml`: the provider that loads the generated dashboards.
pub fn dashboard_provider() -> Value {
    json!({
        "apiVersion": 1,
        "providers": [
            {
                "name": "tumulte",
                "orgId": 1,
                "folder": "Tumulte",
                "type": "file",
                "disableDeletion": true,
                "allowUiUpdates": false,
                "updateIntervalSeconds": 30,
                "options": { "path": DASHBOARDS_PATH_IN_GRAFANA, "foldersFromFilesStructure": false },
            },
        ],
    })
}
