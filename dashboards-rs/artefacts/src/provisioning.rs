//! Grafana provisioning files: the data sources and the dashboard provider, from the same names as the
//! dashboard, so a uid is written once; and where the plugin binary Grafana would load is built.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tumulte_policy::catalog::SCRAPE_INTERVAL;
use tumulte_policy::names::{
    DASHBOARD_UID, FOLDER_TITLE, PLUGIN_EXECUTABLE, PLUGIN_ID, PLUGIN_NAME, PLUGIN_UID, PROMETHEUS_NAME,
    PROMETHEUS_TYPE, PROMETHEUS_UID,
};
use tumulte_policy::settings::{JsonData, DEFAULT_TIMEOUT_SECONDS};
use tumulte_policy::Policy;

use grafana_dashboards::PromDuration;

/// Where Grafana's container sees the generated dashboards (the compose file mounts `provisioning/` at
/// `/etc/grafana/provisioning`).
pub const DASHBOARDS_PATH_IN_GRAFANA: &str = "/etc/grafana/provisioning/dashboards/tumulte";

/// The address of Prometheus from Grafana's container, on the compose network.
pub const PROMETHEUS_URL: &str = "http://prometheus:9090";

/// The Prometheus version the compose file runs, which Grafana uses to pick the API features it calls.
pub const PROMETHEUS_VERSION: &str = "2.51.0";

/// The plugin's timeout as provisioned: a third of its default, so a stuck Prometheus fails a panel fast.
const PROVISIONED_TIMEOUT_SECONDS: u64 = DEFAULT_TIMEOUT_SECONDS / 3;

/// Where a build of the plugin may be, for this machine: `plugin/dist/` (from `plugin/scripts/dist.sh`), then
/// cargo's release and debug builds (`CARGO_TARGET_DIR` honoured).
pub fn plugin_binaries(root: &Path) -> [PathBuf; 3] {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    [
        root.join("plugin/dist")
            .join(format!("{PLUGIN_EXECUTABLE}_linux_{arch}")),
        target.join("release").join(PLUGIN_EXECUTABLE),
        target.join("debug").join(PLUGIN_EXECUTABLE),
    ]
}

/// The newest existing one of [`plugin_binaries`]: the one last built is the one meant.
pub fn newest_plugin_binary(root: &Path) -> Option<PathBuf> {
    plugin_binaries(root)
        .into_iter()
        .filter_map(|path| Some((path.metadata().ok()?.modified().ok()?, path)))
        .max_by_key(|(modified, _)| *modified)
        .map(|(_, path)| path)
}

/// Path of the data source provisioning file, relative to the repository root.
pub const DATASOURCES_PATH: &str = "provisioning/datasources/tumulte.yml";

/// Path of the overview dashboard, relative to the repository root.
pub fn overview_path() -> String {
    format!("provisioning/dashboards/tumulte/{DASHBOARD_UID}.json")
}

/// `provisioning/datasources/*.yml`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSources {
    api_version: u32,
    datasources: Vec<DataSource>,
}

/// One provisioned data source.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct DataSource {
    name: &'static str,
    uid: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    access: &'static str,
    url: &'static str,
    is_default: bool,
    editable: bool,
    json_data: DataSourceJson,
}

/// The `jsonData` of each data source: Grafana's Prometheus keys, or the plugin's.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum DataSourceJson {
    Prometheus(PrometheusJson),
    Scaling(JsonData),
}

/// Grafana's Prometheus data source settings that the provisioned one sets.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PrometheusJson {
    http_method: &'static str,
    prometheus_type: &'static str,
    prometheus_version: &'static str,
    /// The scrape interval, so Grafana's `$__rate_interval` is at least four scrapes.
    time_interval: PromDuration,
}

/// `provisioning/datasources/tumulte.yml`: Prometheus and the scaling plugin.
pub fn datasources(policy: &Policy) -> DataSources {
    DataSources {
        api_version: 1,
        datasources: vec![
            DataSource {
                name: PROMETHEUS_NAME,
                uid: PROMETHEUS_UID,
                kind: PROMETHEUS_TYPE,
                access: "proxy",
                url: PROMETHEUS_URL,
                is_default: true,
                editable: false,
                json_data: DataSourceJson::Prometheus(PrometheusJson {
                    http_method: "POST",
                    prometheus_type: "Prometheus",
                    prometheus_version: PROMETHEUS_VERSION,
                    time_interval: SCRAPE_INTERVAL,
                }),
            },
            DataSource {
                name: PLUGIN_NAME,
                uid: PLUGIN_UID,
                kind: PLUGIN_ID,
                access: "proxy",
                url: PROMETHEUS_URL,
                is_default: false,
                editable: false,
                json_data: DataSourceJson::Scaling(JsonData {
                    db_pool_size: Some(policy.db_pool_size),
                    timeout_seconds: Some(PROVISIONED_TIMEOUT_SECONDS as f64),
                    ..JsonData::default()
                }),
            },
        ],
    }
}

/// `provisioning/dashboards/*.yml`: file providers of dashboards.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DashboardProviders {
    api_version: u32,
    providers: Vec<DashboardProvider>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct DashboardProvider {
    name: &'static str,
    org_id: u32,
    folder: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    disable_deletion: bool,
    allow_ui_updates: bool,
    update_interval_seconds: u32,
    options: ProviderOptions,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ProviderOptions {
    path: &'static str,
    folders_from_files_structure: bool,
}

/// `provisioning/dashboards/tumulte.yml`: the provider that loads the generated dashboards.
pub fn dashboard_provider() -> DashboardProviders {
    DashboardProviders {
        api_version: 1,
        providers: vec![DashboardProvider {
            name: "tumulte",
            org_id: 1,
            folder: FOLDER_TITLE,
            kind: "file",
            disable_deletion: true,
            allow_ui_updates: false,
            update_interval_seconds: 30,
            options: ProviderOptions {
                path: DASHBOARDS_PATH_IN_GRAFANA,
                folders_from_files_structure: false,
            },
        }],
    }
}
