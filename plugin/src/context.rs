//! What the plugin reads of Grafana's `PluginContext`, tolerant of what Grafana really sends: a user whose role
//! is `None` or empty, or no user at all (alerting, provisioning). The SDK 0.5.0 rejects the first two.

use grafana_plugin_sdk::pluginv2::PluginContext;

/// A Grafana org role. Unknown roles are kept as given rather than refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// `Admin`.
    Admin,
    /// `Editor`.
    Editor,
    /// `Viewer`.
    Viewer,
    /// `None` or empty: a user without a basic role.
    None,
    /// Anything else (a future role), as given.
    Other(String),
}

impl Role {
    /// Parses a role; never fails.
    pub fn parse(role: &str) -> Role {
        match role.trim() {
            "Admin" => Role::Admin,
            "Editor" => Role::Editor,
            "Viewer" => Role::Viewer,
            "" | "None" => Role::None,
            other => Role::Other(other.to_owned()),
        }
    }

    /// The role's name for logs.
    pub fn name(&self) -> &str {
        match self {
            Role::Admin => "Admin",
            Role::Editor => "Editor",
            Role::Viewer => "Viewer",
            Role::None => "None",
            Role::Other(s) => s,
        }
    }
}

/// Who asks: a user, or Grafana itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A signed-in user.
    User {
        /// The login.
        login: String,
        /// The org role.
        role: Role,
    },
    /// Grafana's backend (alerting, health of provisioned data sources): no user.
    Grafana,
}

impl Caller {
    /// The caller of a request.
    pub fn of(ctx: Option<&PluginContext>) -> Caller {
        match ctx.and_then(|c| c.user.as_ref()) {
            Some(user) => Caller::User {
                login: user.login.clone(),
                role: Role::parse(&user.role),
            },
            None => Caller::Grafana,
        }
    }

    /// For logs: `login (Role)` or `grafana`.
    pub fn describe(&self) -> String {
        match self {
            Caller::User { login, role } => format!("{login} ({})", role.name()),
            Caller::Grafana => "grafana".to_owned(),
        }
    }
}

/// The header Grafana's alerting sets (value `true`) on every query it evaluates. Grafana notes that HTTP
/// canonicalises it to `Fromalert`, so it is matched without regard to case.
pub const FROM_ALERT_HEADER: &str = "FromAlert";

/// What a query is for: a panel (or Explore), or an alert rule Grafana evaluates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A dashboard panel, Explore, or anything else a user looks at.
    Dashboard,
    /// An alert rule's evaluation (header `FromAlert: true`).
    Alerting,
}

impl Origin {
    /// The origin of a `QueryData` request, from its headers (`http_` is the prefix newer Grafanas give
    /// forwarded HTTP headers).
    pub fn of(headers: &std::collections::HashMap<String, String>) -> Origin {
        let from_alert = headers.iter().any(|(key, value)| {
            let key = key.strip_prefix("http_").unwrap_or(key);
            key.eq_ignore_ascii_case(FROM_ALERT_HEADER) && value.trim().eq_ignore_ascii_case("true")
        });
        if from_alert {
            Origin::Alerting
        } else {
            Origin::Dashboard
        }
    }

    /// Its name, for logs and the `origin` label of the self-metrics.
    pub const fn name(self) -> &'static str {
        match self {
            Origin::Dashboard => "dashboard",
            Origin::Alerting => "alerting",
        }
    }
}

#[cfg(test)]
mod tests {
    use grafana_plugin_sdk::pluginv2::User;

    use super::*;

    #[test]
    fn none_and_empty_roles_are_accepted() {
        assert_eq!(Role::parse("None"), Role::None);
        assert_eq!(Role::parse(""), Role::None);
        assert_eq!(Role::parse("Viewer"), Role::Viewer);
        assert_eq!(Role::parse("Auditor"), Role::Other("Auditor".into()));
    }

    #[test]
    fn the_from_alert_header_marks_an_alert_evaluation_whatever_its_case() {
        let headers = |k: &str, v: &str| [(k.to_owned(), v.to_owned())].into_iter().collect();
        assert_eq!(Origin::of(&headers("FromAlert", "true")), Origin::Alerting);
        assert_eq!(Origin::of(&headers("Fromalert", "true")), Origin::Alerting);
        assert_eq!(Origin::of(&headers("http_FromAlert", "true")), Origin::Alerting);
        assert_eq!(Origin::of(&headers("FromAlert", "false")), Origin::Dashboard);
        assert_eq!(Origin::of(&Default::default()), Origin::Dashboard);
    }

    #[test]
    fn no_user_is_grafana_itself() {
        assert_eq!(Caller::of(None), Caller::Grafana);
        let ctx = PluginContext {
            user: Some(User {
                login: "ana".into(),
                role: "None".into(),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(Caller::of(Some(&ctx)).describe(), "ana (None)");
    }
}
