//! Grafana-managed alerting as Grafana 10.4's file provisioning reads it (`provisioning/alerting/*.yml`,
//! `pkg/services/provisioning/alerting`): rule groups, contact points and the notification policy tree.
//!
//! - this module: the file ([`Provisioning`]) and what a file may hold, with [`Provisioning::check`], which
//!   gathers every problem Grafana would refuse the file for;
//! - [`expr`]: the models of server-side expressions (`reduce`, `threshold`, `math`);
//! - [`api`]: each item as the object Grafana stores and its API serves once the file is read (what
//!   `alerting.jsonschema.json` describes).
//!
//! Grafana expands `$VAR` and `${VAR}` from its environment in every string of the file except a query's
//! `model` (`$$` is a literal `$`), so a secret such as a webhook URL is written as `${VAR}` and never committed.
//!
//! ```
//! use grafana_dashboards::alerting::expr::{Evaluator, Expression, Reducer};
//! use grafana_dashboards::alerting::*;
//! use grafana_dashboards::PromDuration;
//!
//! let rule = Rule {
//!     uid: "disk-full".into(),
//!     title: "Disk full".into(),
//!     condition: "C".into(),
//!     data: vec![
//!         Query::datasource("A", "prometheus", PromDuration::minutes(10), serde_json::json!({"expr": "disk_used"})),
//!         Query::expression(Expression::reduce("B", "A", Reducer::Last)),
//!         Query::expression(Expression::threshold("C", "B", Evaluator::Above(0.9))),
//!     ],
//!     no_data_state: NoDataState::NoData,
//!     exec_err_state: ExecErrState::Error,
//!     pending: PromDuration::minutes(5),
//!     annotations: [("summary".to_owned(), "The disk is full".to_owned())].into(),
//!     labels: Default::default(),
//!     is_paused: false,
//! };
//! let file = Provisioning {
//!     groups: vec![RuleGroup {
//!         org_id: 1,
//!         name: "disks".into(),
//!         folder: "Infra".into(),
//!         interval: PromDuration::minutes(1),
//!         rules: vec![rule],
//!     }],
//!     contact_points: vec![ContactPoint::one(
//!         "ops",
//!         Receiver::new("ops-discord", ReceiverType::Discord, [("url", "${DISCORD_WEBHOOK_URL}")]),
//!     )],
//!     policies: vec![NotificationPolicy::root("ops")],
//!     ..Provisioning::default()
//! };
//! file.check().expect("consistent");
//! let api = file.api(|_folder_title| "infra-uid".to_owned());
//! assert_eq!(api.rules[0].folder_uid, "infra-uid");
//! assert_eq!(api.contact_points[0].name, "ops");
//! ```

pub mod api;
pub mod expr;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub use self::api::ApiObjects;
use self::expr::{Expression, EXPRESSION_UID};
use crate::duration::PromDuration;

/// One file of `provisioning/alerting/`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Provisioning {
    /// Always 1.
    pub api_version: u32,
    /// Rule groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<RuleGroup>,
    /// Contact points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contact_points: Vec<ContactPoint>,
    /// Notification policy trees, one per organisation; each replaces that organisation's whole tree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<NotificationPolicy>,
}

impl Default for Provisioning {
    fn default() -> Self {
        Provisioning {
            api_version: 1,
            groups: Vec::new(),
            contact_points: Vec::new(),
            policies: Vec::new(),
        }
    }
}

fn default_org() -> i64 {
    1
}

/// Rules evaluated together, at one interval, in one folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleGroup {
    /// The organisation (Grafana reads less than 1 as 1).
    #[serde(default = "default_org")]
    pub org_id: i64,
    /// The group's name (the rules' `ruleGroup`).
    pub name: String,
    /// The folder's title; Grafana finds the folder by title, or creates it.
    pub folder: String,
    /// How often the group is evaluated.
    pub interval: PromDuration,
    /// The rules.
    pub rules: Vec<Rule>,
}

/// A Grafana-managed alert rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// Its uid (1 to 40 characters).
    pub uid: String,
    /// Its title (the alert's `alertname`).
    pub title: String,
    /// The refId whose result decides: non-zero fires.
    pub condition: String,
    /// The queries and expressions, each with a refId.
    pub data: Vec<Query>,
    /// The state when the queries return no data.
    pub no_data_state: NoDataState,
    /// The state when evaluation fails.
    pub exec_err_state: ExecErrState,
    /// The pending period: how long the condition must hold before the alert fires.
    #[serde(rename = "for")]
    pub pending: PromDuration,
    /// Texts for notifications (`summary`, `description`, `runbook_url`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// Labels added to the alert, for routing.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// A paused rule is not evaluated.
    #[serde(default)]
    pub is_paused: bool,
}

/// A rule's query or expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Query {
    /// Its refId.
    pub ref_id: String,
    /// The data source's uid, or `__expr__` for an expression.
    pub datasource_uid: String,
    /// The time range asked, relative to the evaluation time.
    pub relative_time_range: RelativeTimeRange,
    /// What the data source (or the expression engine) reads.
    pub model: QueryModel,
}

/// A query's `model`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum QueryModel {
    /// A server-side expression.
    Expression(Expression),
    /// A data source's own query JSON.
    DataSource(serde_json::Value),
}

impl Query {
    /// A data source's query over the `window` before the evaluation time.
    pub fn datasource(ref_id: &str, datasource_uid: &str, window: PromDuration, model: serde_json::Value) -> Self {
        Query {
            ref_id: ref_id.into(),
            datasource_uid: datasource_uid.into(),
            relative_time_range: RelativeTimeRange {
                from: window,
                to: PromDuration::seconds(0),
            },
            model: QueryModel::DataSource(model),
        }
    }

    /// A server-side expression (its time range unused: Grafana writes zero).
    pub fn expression(model: Expression) -> Self {
        Query {
            ref_id: model.ref_id.clone(),
            datasource_uid: EXPRESSION_UID.into(),
            relative_time_range: RelativeTimeRange::default(),
            model: QueryModel::Expression(model),
        }
    }
}

/// From `from` before the evaluation time to `to` before it; written in whole seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelativeTimeRange {
    /// How far back the range starts.
    #[serde(with = "seconds")]
    pub from: PromDuration,
    /// How far back it ends (0: at the evaluation time).
    #[serde(with = "seconds")]
    pub to: PromDuration,
}

/// Grafana writes a relative time range's bounds as whole seconds.
mod seconds {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::duration::PromDuration;

    pub fn serialize<S: Serializer>(d: &PromDuration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_secs())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PromDuration, D::Error> {
        u64::deserialize(d).map(PromDuration::seconds)
    }
}

/// The state a rule takes when its queries return no data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoDataState {
    /// Fire.
    Alerting,
    /// A `DatasourceNoData` alert of its own.
    NoData,
    /// Resolve.
    #[serde(rename = "OK")]
    Ok,
}

/// The state a rule takes when its evaluation fails (a query's error, a timeout).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExecErrState {
    /// Fire.
    Alerting,
    /// A `DatasourceError` alert of its own.
    Error,
    /// Resolve.
    #[serde(rename = "OK")]
    Ok,
}

/// A contact point: a name and the receivers it notifies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactPoint {
    /// The organisation.
    #[serde(default = "default_org")]
    pub org_id: i64,
    /// Its name, which policies route to.
    pub name: String,
    /// Its receivers.
    pub receivers: Vec<Receiver>,
}

impl ContactPoint {
    /// A contact point of organisation 1 with one receiver.
    pub fn one(name: &str, receiver: Receiver) -> Self {
        ContactPoint {
            org_id: 1,
            name: name.into(),
            receivers: vec![receiver],
        }
    }
}

/// One integration of a contact point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Receiver {
    /// Its uid (1 to 40 characters).
    pub uid: String,
    /// The integration.
    #[serde(rename = "type")]
    pub kind: ReceiverType,
    /// The integration's settings (`url` for Discord, …).
    pub settings: serde_json::Map<String, serde_json::Value>,
    /// Do not notify when the alert resolves.
    #[serde(default)]
    pub disable_resolve_message: bool,
}

impl Receiver {
    /// A receiver with string settings.
    pub fn new<'a>(uid: &str, kind: ReceiverType, settings: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Receiver {
            uid: uid.into(),
            kind,
            settings: settings
                .into_iter()
                .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v.to_owned())))
                .collect(),
            disable_resolve_message: false,
        }
    }
}

/// The integrations of Grafana 10.4's contact points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReceiverType {
    /// Another Alertmanager.
    Alertmanager,
    /// DingDing.
    Dingding,
    /// A Discord webhook.
    Discord,
    /// E-mail.
    Email,
    /// Google Chat.
    Googlechat,
    /// Kafka REST proxy.
    Kafka,
    /// LINE.
    Line,
    /// Opsgenie.
    Opsgenie,
    /// PagerDuty.
    Pagerduty,
    /// Pushover.
    Pushover,
    /// Sensu Go.
    Sensugo,
    /// Slack.
    Slack,
    /// Microsoft Teams.
    Teams,
    /// Telegram.
    Telegram,
    /// Threema Gateway.
    Threema,
    /// VictorOps.
    Victorops,
    /// A plain webhook.
    Webhook,
    /// WeCom.
    Wecom,
}

/// An organisation's notification policy tree, as the file writes it: the root route and its `orgId`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationPolicy {
    /// The organisation.
    #[serde(default = "default_org")]
    pub org_id: i64,
    /// The root route.
    #[serde(flatten)]
    pub route: Route,
}

impl NotificationPolicy {
    /// Organisation 1's tree: everything to `receiver`, with Grafana's default timings.
    pub fn root(receiver: &str) -> Self {
        NotificationPolicy {
            org_id: 1,
            route: Route {
                receiver: Some(receiver.into()),
                ..Route::default()
            },
        }
    }
}

/// A node of the policy tree: which alerts, grouped how, to whom, how often.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Route {
    /// The contact point's name (inherited when absent, except at the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiver: Option<String>,
    /// Labels that group alerts into one notification.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_by: Vec<String>,
    /// `[label, operator, value]` triples an alert must match (below the root).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub object_matchers: Vec<[String; 3]>,
    /// How long to wait for more alerts of a new group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_wait: Option<PromDuration>,
    /// How long to wait before notifying about changes to a group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_interval: Option<PromDuration>,
    /// How long before an unchanged firing group is notified again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_interval: Option<PromDuration>,
    /// Keep matching the next siblings after this one matched.
    #[serde(default, rename = "continue", skip_serializing_if = "std::ops::Not::not")]
    pub continue_matching: bool,
    /// Child routes, tried in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<Route>,
}

/// Something Grafana would refuse in a provisioning file, or that would never work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlertingError {
    /// A uid outside 1 to 40 characters.
    #[error("{what} uid {uid:?} has {len} characters: Grafana takes 1 to 40")]
    UidLength {
        /// Rule or receiver.
        what: &'static str,
        /// The uid.
        uid: String,
        /// Its length.
        len: usize,
    },
    /// Two items with one uid.
    #[error("{what} uid {uid:?} is used twice: give each its own")]
    DuplicateUid {
        /// Rule or receiver.
        what: &'static str,
        /// The uid.
        uid: String,
    },
    /// A title or name that is empty or longer than 190 characters.
    #[error("{what} {text:?} must have 1 to 190 characters")]
    Text {
        /// What it names.
        what: &'static str,
        /// The text.
        text: String,
    },
    /// A refId read by the condition or an expression that no query has.
    #[error("rule {rule}: {reader} reads refId {ref_id}, which none of its queries has; add it or fix the name")]
    UnknownRefId {
        /// The rule's uid.
        rule: String,
        /// The condition or the expression that reads it.
        reader: String,
        /// The refId.
        ref_id: String,
    },
    /// A data source query whose range does not start before it ends (Grafana: `ErrInvalidRelativeTimeRange`).
    #[error(
        "rule {rule}: query {ref_id} asks from {from} to {to} before the evaluation: `from` must be further back \
         than `to`"
    )]
    EmptyRange {
        /// The rule's uid.
        rule: String,
        /// The query's refId.
        ref_id: String,
        /// Its `from`.
        from: PromDuration,
        /// Its `to`.
        to: PromDuration,
    },
    /// Two queries of a rule with one refId.
    #[error("rule {rule}: refId {ref_id} is used twice; give each query its own")]
    DuplicateRefId {
        /// The rule's uid.
        rule: String,
        /// The refId.
        ref_id: String,
    },
    /// A receiver without settings (Grafana: "no settings are set").
    #[error("receiver {uid} has no settings: give its integration's settings (Discord: url)")]
    NoSettings {
        /// The receiver's uid.
        uid: String,
    },
    /// A route to a contact point this file does not define.
    #[error("a notification policy routes to {receiver:?}, which no contact point of this file is named; define it")]
    UnknownReceiver {
        /// The receiver's name.
        receiver: String,
    },
    /// A root route without a receiver.
    #[error("the notification policy of organisation {org_id} has no receiver: the root route needs one")]
    RootWithoutReceiver {
        /// The organisation.
        org_id: i64,
    },
}

/// Every problem of a provisioning file, in file order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("alerting provisioning has {} problem(s):\n{}", .errors.len(), .errors.iter().map(|e| format!("- {e}")).collect::<Vec<_>>().join("\n"))]
pub struct AlertingErrors {
    /// The problems.
    pub errors: Vec<AlertingError>,
}

impl Provisioning {
    /// Every problem Grafana would refuse the file for, or that would leave an alert without a way to fire or
    /// to notify, gathered.
    pub fn check(&self) -> Result<(), AlertingErrors> {
        let mut errors = Vec::new();
        let mut uid = |what: &'static str, uid: &str, seen: &mut BTreeSet<String>| {
            let len = uid.chars().count();
            if !(1..=40).contains(&len) {
                errors.push(AlertingError::UidLength {
                    what,
                    uid: uid.into(),
                    len,
                });
            }
            if !seen.insert(uid.to_owned()) {
                errors.push(AlertingError::DuplicateUid { what, uid: uid.into() });
            }
        };
        let (mut rule_uids, mut receiver_uids) = (BTreeSet::new(), BTreeSet::new());
        for rule in self.groups.iter().flat_map(|g| &g.rules) {
            uid("rule", &rule.uid, &mut rule_uids);
        }
        for receiver in self.contact_points.iter().flat_map(|c| &c.receivers) {
            uid("receiver", &receiver.uid, &mut receiver_uids);
        }
        let text = |what: &'static str, text: &str, errors: &mut Vec<AlertingError>| {
            if text.trim().is_empty() || text.chars().count() > 190 {
                errors.push(AlertingError::Text {
                    what,
                    text: text.into(),
                });
            }
        };
        for group in &self.groups {
            text("rule group name", &group.name, &mut errors);
            text("folder", &group.folder, &mut errors);
            for rule in &group.rules {
                text("rule title", &rule.title, &mut errors);
                rule_refs(rule, &mut errors);
            }
        }
        let mut names = BTreeSet::new();
        for contact_point in &self.contact_points {
            text("contact point name", &contact_point.name, &mut errors);
            names.insert(contact_point.name.as_str());
            for receiver in contact_point.receivers.iter().filter(|r| r.settings.is_empty()) {
                errors.push(AlertingError::NoSettings {
                    uid: receiver.uid.clone(),
                });
            }
        }
        for policy in &self.policies {
            if policy.route.receiver.is_none() {
                errors.push(AlertingError::RootWithoutReceiver { org_id: policy.org_id });
            }
            let mut stack = vec![&policy.route];
            while let Some(route) = stack.pop() {
                if let Some(receiver) = &route.receiver {
                    if !names.contains(receiver.as_str()) {
                        errors.push(AlertingError::UnknownReceiver {
                            receiver: receiver.clone(),
                        });
                    }
                }
                stack.extend(route.routes.iter().rev());
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AlertingErrors { errors })
        }
    }
}

/// The rule's refIds: unique, and every one read (by the condition or an expression) defined.
fn rule_refs(rule: &Rule, errors: &mut Vec<AlertingError>) {
    let mut defined = BTreeSet::new();
    for q in &rule.data {
        if !defined.insert(q.ref_id.as_str()) {
            errors.push(AlertingError::DuplicateRefId {
                rule: rule.uid.clone(),
                ref_id: q.ref_id.clone(),
            });
        }
    }
    for q in &rule.data {
        let range = q.relative_time_range;
        if matches!(q.model, QueryModel::DataSource(_)) && range.from <= range.to {
            errors.push(AlertingError::EmptyRange {
                rule: rule.uid.clone(),
                ref_id: q.ref_id.clone(),
                from: range.from,
                to: range.to,
            });
        }
    }
    let mut reads = vec![("the condition".to_owned(), rule.condition.clone())];
    for q in &rule.data {
        if let QueryModel::Expression(e) = &q.model {
            reads.extend(e.inputs().into_iter().map(|i| (format!("expression {}", q.ref_id), i)));
        }
    }
    for (reader, ref_id) in reads {
        if !defined.contains(ref_id.as_str()) {
            errors.push(AlertingError::UnknownRefId {
                rule: rule.uid.clone(),
                reader,
                ref_id,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::expr::{Evaluator, Reducer};
    use super::*;

    /// A small file of every part, for this module's tests and `api`'s.
    pub(super) fn example() -> Provisioning {
        Provisioning {
            groups: vec![RuleGroup {
                org_id: 1,
                name: "g".into(),
                folder: "F".into(),
                interval: PromDuration::minutes(1),
                rules: vec![Rule {
                    uid: "r".into(),
                    title: "R".into(),
                    condition: "C".into(),
                    data: vec![
                        Query::datasource("A", "ds", PromDuration::minutes(10), json!({"expr": "up"})),
                        Query::expression(Expression::reduce("B", "A", Reducer::Last)),
                        Query::expression(Expression::threshold("C", "B", Evaluator::Above(0.5))),
                    ],
                    no_data_state: NoDataState::Ok,
                    exec_err_state: ExecErrState::Error,
                    pending: PromDuration::minutes(5),
                    annotations: BTreeMap::new(),
                    labels: BTreeMap::new(),
                    is_paused: false,
                }],
            }],
            contact_points: vec![ContactPoint::one(
                "cp",
                Receiver::new("cp-1", ReceiverType::Discord, [("url", "${URL}")]),
            )],
            policies: vec![NotificationPolicy::root("cp")],
            ..Provisioning::default()
        }
    }

    #[test]
    fn the_file_is_written_with_grafanas_keys() {
        let json = serde_json::to_value(example()).expect("serialises");
        assert_eq!(json["apiVersion"], 1);
        let rule = &json["groups"][0]["rules"][0];
        assert_eq!(rule["for"], "5m");
        assert_eq!(rule["noDataState"], "OK");
        assert_eq!(rule["execErrState"], "Error");
        assert_eq!(rule["data"][0]["relativeTimeRange"], json!({"from": 600, "to": 0}));
        assert_eq!(rule["data"][0]["datasourceUid"], "ds");
        assert_eq!(rule["data"][1]["datasourceUid"], "__expr__");
        assert_eq!(json["contactPoints"][0]["receivers"][0]["type"], "discord");
        assert_eq!(json["policies"][0], json!({"orgId": 1, "receiver": "cp"}));
    }

    #[test]
    fn the_file_reads_back_as_written() {
        let file = example();
        let back: Provisioning = serde_json::from_value(serde_json::to_value(&file).expect("ok")).expect("reads");
        assert_eq!(back, file);
    }

    #[test]
    fn a_consistent_file_passes_the_check() {
        assert_eq!(example().check(), Ok(()));
    }

    #[test]
    fn the_check_gathers_every_problem() {
        let mut file = example();
        let rule = &mut file.groups[0].rules[0];
        rule.condition = "D".into();
        rule.uid = "x".repeat(41);
        file.contact_points[0].receivers[0].settings.clear();
        file.policies[0].route.routes.push(Route {
            receiver: Some("nobody".into()),
            ..Route::default()
        });
        let errors = file.check().expect_err("broken").errors;
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(matches!(errors[0], AlertingError::UidLength { len: 41, .. }));
        assert!(matches!(&errors[1], AlertingError::UnknownRefId { ref_id, .. } if ref_id == "D"));
        assert!(matches!(errors[2], AlertingError::NoSettings { .. }));
        assert!(matches!(&errors[3], AlertingError::UnknownReceiver { receiver } if receiver == "nobody"));
    }

    #[test]
    fn a_data_source_query_over_an_empty_range_is_refused_as_grafana_does() {
        let mut file = example();
        file.groups[0].rules[0].data[0].relative_time_range.from = PromDuration::seconds(0);
        let errors = file.check().expect_err("empty range").errors;
        assert!(
            matches!(&errors[..], [AlertingError::EmptyRange { ref_id, .. }] if ref_id == "A"),
            "{errors:?}"
        );
    }

    #[test]
    fn an_expression_reading_a_missing_ref_id_is_named() {
        let mut file = example();
        file.groups[0].rules[0].data[2] = Query::expression(Expression::threshold("C", "Z", Evaluator::Above(1.0)));
        let message = file.check().expect_err("Z is missing").to_string();
        assert!(message.contains("expression C reads refId Z"), "{message}");
    }
}
