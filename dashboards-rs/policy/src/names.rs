//! Names other parts rely on (`../shared/DESIGN.md`): uids, plugin ids, folders. Defined once here.

/// The overview dashboard's uid.
pub const DASHBOARD_UID: &str = "tumulte-overview";
/// The overview dashboard's title.
pub const DASHBOARD_TITLE: &str = "Tumulte - Overview";
/// Grafana's plugin id of Prometheus.
pub const PROMETHEUS_TYPE: &str = "prometheus";
/// The provisioned Prometheus data source's uid.
pub const PROMETHEUS_UID: &str = "prometheus";
/// The provisioned Prometheus data source's name.
pub const PROMETHEUS_NAME: &str = "Prometheus";
/// Our backend data source plugin's id.
pub const PLUGIN_ID: &str = "tumulte-scaling-datasource";
/// The provisioned plugin data source's uid.
pub const PLUGIN_UID: &str = "tumulte-scaling";
/// The provisioned plugin data source's name.
pub const PLUGIN_NAME: &str = "Tumulte Scaling";
/// The dashboard variable that picks the Prometheus data source.
pub const DATASOURCE_VARIABLE: &str = "datasource";
/// Where the runbook lives; alert `runbook_url`s point at its sections.
pub const RUNBOOK_URL: &str = "https://github.com/tumulte/tumulte-monitoring/blob/main/docs/runbook.md";
/// The port Grafana answers on in the compose file (`3001:3000`); `dash preview` listens on it by default, so
/// the page is where Tumulte's operators already look.
pub const GRAFANA_PORT: u16 = 3001;
/// The plugin's executable, as `plugin.json` names it (`_linux_amd64`/`_linux_arm64` in `plugin/dist/`).
pub const PLUGIN_EXECUTABLE: &str = "gpx_tumulte_scaling";
