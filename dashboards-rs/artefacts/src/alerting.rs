//! `provisioning/alerting/tumulte-verdict.yml`: the scaling verdict as a Grafana-managed alert, its Discord
//! contact point and the notification policy, from the policy's [`VerdictAlert`] and the names.
//!
//! The rule: A asks the Tumulte Scaling data source for the overall level as a time series over the alert's
//! window; B reduces it to its last value; C compares that with the level the alert fires at; C decides, and
//! must hold for the pending period.

use grafana_dashboards::alerting::expr::{Evaluator, Expression, Reducer};
use grafana_dashboards::alerting::{
    AlertingErrors, ContactPoint, ExecErrState, NoDataState, NotificationPolicy, Provisioning, Query, Receiver,
    ReceiverType, Route, Rule, RuleGroup,
};
use grafana_dashboards::{DataSourceRef, PluginQueryError, PluginTarget, PromDuration};
use tumulte_policy::names::{
    CONTACT_POINT, CONTACT_POINT_UID, DISCORD_WEBHOOK_VARIABLE, FOLDER_TITLE, PLUGIN_ID, PLUGIN_UID,
    VERDICT_RULE_GROUP, VERDICT_RULE_UID,
};
use tumulte_policy::query::{ScalingQuery, VerdictFormat, VerdictSeries};
use tumulte_policy::verdict_alert::VerdictAlert;
use tumulte_policy::{Level, Policy};

/// Path of the alerting provisioning file, relative to the repository root (the compose file mounts
/// `provisioning/` at `/etc/grafana/provisioning`, whose `alerting/` Grafana reads at start-up).
pub const ALERTING_PATH: &str = "provisioning/alerting/tumulte-verdict.yml";

/// The refIds of the rule's steps: the data source's series, its last value, the comparison.
pub const QUERY: &str = "A";
/// See [`QUERY`].
pub const LAST: &str = "B";
/// See [`QUERY`].
pub const CONDITION: &str = "C";

/// What can keep the alerting file from being written.
#[derive(Debug, thiserror::Error)]
pub enum AlertingFileError {
    /// The rule's query does not serialise as a plugin target.
    #[error("the verdict rule's query: {0}")]
    Query(#[from] PluginQueryError),
    /// The file would not load in Grafana, or would never notify.
    #[error(transparent)]
    Inconsistent(#[from] AlertingErrors),
}

/// The rule's query A, as the plugin receives it: the overall level as a time series.
pub fn verdict_query() -> Result<serde_json::Value, PluginQueryError> {
    let mut target = PluginTarget::new(
        DataSourceRef::uid(PLUGIN_ID, PLUGIN_UID),
        &ScalingQuery::ScalingVerdict {
            format: VerdictFormat::Timeseries,
            series: VerdictSeries::Overall,
        },
    )?;
    target.ref_id = Some(QUERY.into());
    Ok(serde_json::to_value(target)?)
}

fn rule(alert: &VerdictAlert) -> Result<Rule, PluginQueryError> {
    Ok(Rule {
        uid: VERDICT_RULE_UID.into(),
        title: alert.name.clone(),
        condition: CONDITION.into(),
        data: vec![
            Query::datasource(QUERY, PLUGIN_UID, alert.window, verdict_query()?),
            Query::expression(Expression::reduce(LAST, QUERY, Reducer::Last)),
            Query::expression(Expression::threshold(
                CONDITION,
                LAST,
                Evaluator::Above(alert.threshold()),
            )),
        ],
        // The plugin answers a level for every point of the window, even without traffic (no data is ok for
        // each signal), so an empty answer is not "all is well": Grafana's own NoData alert says so.
        no_data_state: NoDataState::NoData,
        // An error (Prometheus down or slow, the plugin failing) means the verdict cannot be computed; Grafana's
        // DatasourceError alert reports that instead of resolving an alert that might still be true.
        exec_err_state: ExecErrState::Error,
        pending: alert.pending,
        annotations: [
            ("summary", alert.summary.clone()),
            ("description", alert.description()),
            ("runbook_url", alert.runbook_url()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect(),
        labels: [("severity".to_owned(), alert.fires_at.name().to_owned())].into(),
        is_paused: false,
    })
}

/// The alerting file: the verdict rule, the Discord contact point (its URL `${DISCORD_WEBHOOK_URL}`, expanded
/// by Grafana from its environment), and the policy that sends every alert there.
pub fn verdict_alerting(policy: &Policy) -> Result<Provisioning, AlertingFileError> {
    let alert = &policy.verdict_alert;
    let url = format!("${{{DISCORD_WEBHOOK_VARIABLE}}}");
    let file = Provisioning {
        groups: vec![RuleGroup {
            org_id: 1,
            name: VERDICT_RULE_GROUP.into(),
            folder: FOLDER_TITLE.into(),
            interval: alert.interval,
            rules: vec![rule(alert)?],
        }],
        contact_points: vec![ContactPoint::one(
            CONTACT_POINT,
            Receiver::new(CONTACT_POINT_UID, ReceiverType::Discord, [("url", url.as_str())]),
        )],
        policies: vec![NotificationPolicy {
            org_id: 1,
            route: Route {
                receiver: Some(CONTACT_POINT.into()),
                group_by: vec!["grafana_folder".into(), "alertname".into()],
                // Alertmanager's timings (`monitoring/alertmanager/alertmanager.yml.tmpl`), so that both notify
                // the channel alike: critical sooner and more often.
                group_wait: Some(PromDuration::seconds(30)),
                group_interval: Some(PromDuration::minutes(5)),
                repeat_interval: Some(PromDuration::hours(4)),
                routes: vec![Route {
                    object_matchers: vec![["severity".into(), "=".into(), Level::Critical.name().into()]],
                    group_wait: Some(PromDuration::seconds(10)),
                    repeat_interval: Some(PromDuration::hours(1)),
                    ..Route::default()
                }],
                ..Route::default()
            },
        }],
        ..Provisioning::default()
    };
    file.check()?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Provisioning {
        verdict_alerting(&Policy::default()).expect("Tumulte's alerting file is consistent")
    }

    #[test]
    fn query_a_asks_the_scaling_data_source_for_the_overall_level_over_time() {
        let rule = &file().groups[0].rules[0];
        let a = serde_json::to_value(&rule.data[0]).expect("ok");
        assert_eq!(a["datasourceUid"], PLUGIN_UID);
        assert_eq!(a["relativeTimeRange"], serde_json::json!({"from": 300, "to": 0}));
        assert_eq!(a["model"]["kind"], "scalingVerdict");
        assert_eq!(a["model"]["format"], "timeseries");
        assert_eq!(a["model"]["series"], "overall");
        assert_eq!(a["model"]["refId"], QUERY);
    }

    #[test]
    fn the_rule_fires_above_the_level_below_critical_after_the_pending_period() {
        let rule = &file().groups[0].rules[0];
        assert_eq!(rule.condition, CONDITION);
        assert_eq!(rule.pending, Policy::default().verdict_alert.pending);
        let c = serde_json::to_value(&rule.data[2]).expect("ok");
        let t = c["model"]["conditions"][0]["evaluator"]["params"][0]
            .as_f64()
            .expect("a number");
        assert!(
            f64::from(Level::Critical.number()) > t && f64::from(Level::Warning.number()) < t,
            "{t}"
        );
    }

    #[test]
    fn the_webhook_url_is_the_environment_variable_alertmanager_uses() {
        let json = serde_json::to_value(file()).expect("ok");
        assert_eq!(
            json["contactPoints"][0]["receivers"][0]["settings"]["url"],
            "${DISCORD_WEBHOOK_URL}"
        );
    }

    #[test]
    fn the_only_dollar_grafana_expands_is_the_webhook_variable() {
        // Grafana runs every string of the file but a query's model through os.ExpandEnv: a stray `$` in an
        // annotation would be replaced by an empty variable.
        let yaml = serde_norway::to_string(&file()).expect("ok");
        assert_eq!(yaml.matches('$').count(), 1, "{yaml}");
        assert!(yaml.contains("${DISCORD_WEBHOOK_URL}"));
    }

    #[test]
    fn the_policy_routes_to_the_contact_point() {
        let file = file();
        assert_eq!(
            file.policies[0].route.receiver.as_deref(),
            Some(file.contact_points[0].name.as_str())
        );
    }
}
