//! Where Alertmanager's Discord receivers post: [`Webhook`], the variable its URL is read from, the blackhole URL.
//!
//! It depends on nothing else in the crate: the errors name [`WEBHOOK_VARIABLE`] in their messages, and rendering
//! `alertmanager.yml` resolves a [`Webhook`] to its URL.

use std::fmt;

/// The environment variable the Alertmanager configuration's `${DISCORD_WEBHOOK_URL}` is rendered from (the
/// policy's name for it, which Grafana's alerting provisioning reads too).
pub const WEBHOOK_VARIABLE: &str = tumulte_policy::names::DISCORD_WEBHOOK_VARIABLE;

/// What [`Webhook::Blackhole`] renders: port 9 (discard) on loopback, where nothing listens.
pub const BLACKHOLE_WEBHOOK_URL: &str = "http://127.0.0.1:9/tumulte-stack-no-discord";

/// Where the Discord receivers of Alertmanager post.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum Webhook {
    /// The value of `DISCORD_WEBHOOK_URL` when the stack starts; start-up fails if it is unset.
    #[default]
    FromEnv,
    /// This URL (e.g. a loopback webhook receiver in tests).
    Url(String),
    /// Nowhere: a loopback URL on the discard port that refuses connections (`--no-discord`).
    Blackhole,
}

impl fmt::Debug for Webhook {
    // The URL is a secret: never printed, not even by `{:?}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Webhook::FromEnv => write!(f, "FromEnv({WEBHOOK_VARIABLE})"),
            Webhook::Url(_) => f.write_str("Url(<redacted>)"),
            Webhook::Blackhole => f.write_str("Blackhole"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_never_shows_in_debug_output() {
        let webhook = Webhook::Url("https://discord.com/api/webhooks/1/secret".into());
        assert!(!format!("{webhook:?}").contains("secret"));
    }
}
