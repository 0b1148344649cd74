//! Each item of a provisioning file as the object Grafana stores once it has read the file, and serves from its
//! provisioning API: what `alerting.jsonschema.json` describes (`Rule`, `ContactPoint`, `NotificationPolicy`).
//!
//! The mapping is Grafana 10.4's reader (`pkg/services/provisioning/alerting`): a rule takes its group's
//! organisation, the uid of the folder the group names by title (`getOrCreateFolderUID`), and the group's name
//! as `ruleGroup` (`rules_types.go`, `rules_provisioner.go`); a receiver takes its contact point's name
//! (`contact_point_types.go`); a policy is its route, the `orgId` read beside it and not part of the route
//! (`notification_policy_types.go`).

use serde::Serialize;

use super::{Provisioning, ReceiverType, Route, Rule};

/// A rule as Grafana stores it (`ProvisionedAlertRule`): the file's rule with its group's organisation, folder
/// and name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiRule {
    /// The organisation of its group.
    #[serde(rename = "orgID")]
    pub org_id: i64,
    /// The uid of its group's folder.
    #[serde(rename = "folderUID")]
    pub folder_uid: String,
    /// Its group's name.
    pub rule_group: String,
    /// The rule as the file writes it.
    #[serde(flatten)]
    pub rule: Rule,
}

/// A receiver as Grafana stores it (`EmbeddedContactPoint`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiContactPoint {
    /// The receiver's uid.
    pub uid: String,
    /// Its contact point's name.
    pub name: String,
    /// The integration.
    #[serde(rename = "type")]
    pub kind: ReceiverType,
    /// Its settings.
    pub settings: serde_json::Map<String, serde_json::Value>,
    /// See [`super::Receiver::disable_resolve_message`].
    pub disable_resolve_message: bool,
}

/// Every object a provisioning file gives Grafana.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiObjects {
    /// The rules of every group.
    pub rules: Vec<ApiRule>,
    /// Every receiver of every contact point.
    pub contact_points: Vec<ApiContactPoint>,
    /// Each organisation's policy tree (its root route).
    pub policies: Vec<Route>,
}

impl Provisioning {
    /// The objects Grafana makes of this file; `folder_uid` gives the uid of the folder a group names by title
    /// (Grafana's: the existing folder of that title, else one it creates).
    pub fn api(&self, folder_uid: impl Fn(&str) -> String) -> ApiObjects {
        let rules = self
            .groups
            .iter()
            .flat_map(|group| {
                let folder = folder_uid(&group.folder);
                group.rules.iter().map(move |rule| ApiRule {
                    org_id: group.org_id.max(1),
                    folder_uid: folder.clone(),
                    rule_group: group.name.clone(),
                    rule: rule.clone(),
                })
            })
            .collect();
        let contact_points = self
            .contact_points
            .iter()
            .flat_map(|cp| {
                cp.receivers.iter().map(|r| ApiContactPoint {
                    uid: r.uid.clone(),
                    name: cp.name.clone(),
                    kind: r.kind,
                    settings: r.settings.clone(),
                    disable_resolve_message: r.disable_resolve_message,
                })
            })
            .collect();
        let policies = self.policies.iter().map(|p| p.route.clone()).collect();
        ApiObjects {
            rules,
            contact_points,
            policies,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::example;

    #[test]
    fn a_rule_takes_its_groups_org_folder_uid_and_name() {
        let mut file = example();
        file.groups[0].org_id = 0;
        let api = file.api(|title| format!("uid-of-{title}"));
        let rule = serde_json::to_value(&api.rules[0]).expect("serialises");
        assert_eq!(rule["orgID"], 1, "Grafana reads an orgId below 1 as 1");
        assert_eq!(rule["folderUID"], "uid-of-F");
        assert_eq!(rule["ruleGroup"], "g");
        assert_eq!(rule["for"], "5m");
    }

    #[test]
    fn a_receiver_takes_its_contact_points_name() {
        let api = example().api(|_| String::new());
        let cp = serde_json::to_value(&api.contact_points[0]).expect("serialises");
        assert_eq!(
            cp,
            json!({"uid": "cp-1", "name": "cp", "type": "discord", "settings": {"url": "${URL}"},
                   "disableResolveMessage": false})
        );
    }

    #[test]
    fn a_policy_loses_its_org_id() {
        let api = example().api(|_| String::new());
        assert_eq!(
            serde_json::to_value(&api.policies[0]).expect("ok"),
            json!({"receiver": "cp"})
        );
    }
}
