//! `Resource.CallResource`, served under `/api/datasources/uid/:uid/resources/`:
//!
//! - `GET signals`: the scaling table in force (Tumulte's defaults with this data source's overrides), each
//!   signal's sustain window, actions and the PromQL the verdict runs.
//! - `GET verdict`: the current verdict as JSON.

use std::time::{SystemTime, UNIX_EPOCH};

use grafana_dashboards::excerpt::{prefix, Quoted};
use serde::Serialize;
use tumulte_policy::verdict::Verdict;
use tumulte_policy::Signal;

use crate::instance::Instance;
use crate::query::verdict::verdict_at;

/// A resource's answer: HTTP status and JSON body.
pub type Answer = (u16, Body);

/// The JSON body of a resource's answer.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Body {
    /// What went wrong, and what to do: `{"error": "…"}`.
    Error {
        /// The message.
        error: String,
    },
    /// `GET signals`.
    Signals(Signals),
    /// `GET verdict`.
    Verdict(Box<VerdictAnswer>),
}

impl Body {
    /// An error body.
    pub fn error(message: impl Into<String>) -> Self {
        Body::Error { error: message.into() }
    }
}

/// `GET signals`: the scaling table in force.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Signals {
    /// The DB pool size the pool-usage signal divides by.
    pub db_pool_size: u32,
    /// Every signal of the scaling table, with its thresholds in force.
    pub signals: Vec<SignalInForce>,
}

/// A signal of the scaling table and the PromQL the verdict runs for it.
#[derive(Debug, Clone, Serialize)]
pub struct SignalInForce {
    /// The signal, with this data source's overrides.
    #[serde(flatten)]
    pub signal: Signal,
    /// Its sustained PromQL ([`Signal::sustained_expr`]).
    pub query: String,
}

/// `GET verdict`: the verdict now, and the PromQL behind it.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictAnswer {
    /// When, in Unix seconds.
    pub at: i64,
    /// The verdict.
    pub verdict: Verdict,
    /// The PromQL run, one per signal.
    pub queries: Vec<String>,
}

/// Answers `method path`.
pub async fn handle(instance: &Instance, method: &str, path: &str) -> Answer {
    let path = path.split('?').next().unwrap_or_default().trim_matches('/');
    let known = ["signals", "verdict"];
    if !known.contains(&path) {
        return (
            404,
            Body::error(format!("no resource {}: use GET signals or GET verdict", Quoted(path))),
        );
    }
    if !method.eq_ignore_ascii_case("GET") {
        return (
            405,
            Body::error(format!("{} {} is not allowed: use GET", prefix(method), prefix(path))),
        );
    }
    match path {
        "signals" => (200, Body::Signals(signals(instance))),
        _ => verdict(instance).await,
    }
}

fn signals(instance: &Instance) -> Signals {
    let policy = &instance.settings.policy;
    Signals {
        db_pool_size: policy.db_pool_size,
        signals: policy
            .scaling_signals()
            .map(|s| SignalInForce {
                signal: s.clone(),
                query: s.sustained_expr(policy.db_pool_size),
            })
            .collect(),
    }
}

async fn verdict(instance: &Instance) -> Answer {
    let at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    match verdict_at(&instance.prometheus, &instance.settings.policy, at).await {
        Ok((verdict, queries)) => (200, Body::Verdict(Box::new(VerdictAnswer { at, verdict, queries }))),
        Err(e) => (u16::try_from(e.status).unwrap_or(500), Body::error(e.message)),
    }
}

#[cfg(test)]
mod tests {
    use tumulte_policy::Policy;

    use super::*;

    #[test]
    fn a_signal_in_force_is_the_signal_and_its_query() {
        let policy = Policy::default();
        let signal = policy.scaling_signals().next().expect("a signal").clone();
        let query = signal.sustained_expr(policy.db_pool_size);
        let body = Body::Signals(Signals {
            db_pool_size: policy.db_pool_size,
            signals: vec![SignalInForce {
                signal: signal.clone(),
                query: query.clone(),
            }],
        });
        let json = serde_json::to_value(&body).expect("serialises");
        let mut expected = serde_json::to_value(&signal).expect("serialises");
        expected["query"] = query.into();
        assert_eq!(json["signals"][0], expected);
        assert_eq!(json["dbPoolSize"], policy.db_pool_size);
        assert_eq!(
            serde_json::to_value(Body::error("no")).expect("serialises"),
            serde_json::json!({"error": "no"})
        );
    }
}
