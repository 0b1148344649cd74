//! `Resource.CallResource`, served under `/api/datasources/uid/:uid/resources/`:
//!
//! - `GET signals`: the scaling table in force (seed thresholds with this data source's overrides), each
//!   signal's sustain window, actions and the PromQL the verdict runs.
//! - `GET verdict`: the current verdict as JSON.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use crate::instance::Instance;
use crate::query::verdict::verdict_at;

/// A resource's answer: HTTP status and JSON body.
pub type Answer = (u16, Value);

/// Answers `method path`.
pub async fn handle(instance: &Instance, method: &str, path: &str) -> Answer {
    let path = path.split('?').next().unwrap_or_default().trim_matches('/');
    let known = ["signals", "verdict"];
    if !known.contains(&path) {
        return (
            404,
            json!({"error": format!("no resource {path:?}: use GET signals or GET verdict")}),
        );
    }
    if !method.eq_ignore_ascii_case("GET") {
        return (
            405,
            json!({"error": format!("{method} {path} is not allowed: use GET")}),
        );
    }
    match path {
        "signals" => (200, signals(instance)),
        _ => verdict(instance).await,
    }
}

fn signals(instance: &Instance) -> Value {
    let policy = &instance.settings.policy;
    let signals: Vec<Value> = policy
        .scaling_signals()
        .map(|s| {
            let mut v = serde_json::to_value(s).unwrap_or_else(|_| json!({}));
            v["query"] = Value::from(s.sustained_expr(policy.db_pool_size));
            v
        })
        .collect();
    json!({"dbPoolSize": policy.db_pool_size, "signals": signals})
}

async fn verdict(instance: &Instance) -> Answer {
    let at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    match verdict_at(&instance.prometheus, &instance.settings.policy, at).await {
        Ok((verdict, queries)) => (200, json!({"at": at, "verdict": verdict, "queries": queries})),
        Err(e) => (u16::try_from(e.status).unwrap_or(500), json!({"error": e.message})),
    }
}
