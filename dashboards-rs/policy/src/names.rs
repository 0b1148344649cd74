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
/// The Grafana folder of the provisioned dashboards and of the Grafana-managed alert rules.
pub const FOLDER_TITLE: &str = "Tumulte";
/// The uid of the Grafana-managed alert rule on the scaling verdict.
pub const VERDICT_RULE_UID: &str = "tumulte-scaling-verdict";
/// The rule group that holds it.
pub const VERDICT_RULE_GROUP: &str = "tumulte-scaling";
/// Grafana's contact point for Tumulte's alerts: the Discord channel Alertmanager notifies too.
pub const CONTACT_POINT: &str = "Tumulte Discord";
/// The uid of that contact point's Discord receiver.
pub const CONTACT_POINT_UID: &str = "tumulte-discord";
/// The environment variable holding the Discord webhook URL, a secret never committed: Alertmanager's
/// configuration is rendered from it, and Grafana expands it in its alerting provisioning.
pub const DISCORD_WEBHOOK_VARIABLE: &str = "DISCORD_WEBHOOK_URL";
