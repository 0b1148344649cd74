//! When the stack is ready: every awaited target UP in Prometheus (and VictoriaMetrics), the rule groups loaded,
//! the exporters connected to their database, the demo's and the preview's health. Read from the HTTP APIs;
//! nothing here sleeps.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::http;

/// How long one API request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(2);

/// One scrape target as Prometheus reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetStatus {
    /// The `job` label.
    pub job: String,
    /// The `instance` label (`host:port`).
    pub instance: String,
    /// `up`, `down` or `unknown` (not scraped yet).
    pub health: String,
    /// Why the last scrape failed, if it did.
    pub last_error: String,
}

impl TargetStatus {
    /// Whether the last scrape succeeded.
    pub fn is_up(&self) -> bool {
        self.health == "up"
    }
}

/// What start-up waits for on one engine's API.
#[derive(Debug, Clone, Default)]
pub(crate) struct Expectation {
    /// Jobs and how many targets each must have UP.
    pub jobs: Vec<(String, usize)>,
    /// Rule groups (file, name) that must be loaded; empty for VictoriaMetrics.
    pub rule_groups: Vec<(PathBuf, String)>,
    /// Instant queries whose every value must be `1` (`pg_up`, `redis_up`), with what a failure means.
    pub ones: Vec<(&'static str, &'static str)>,
}

/// What an engine reported once ready.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineReport {
    /// The awaited targets, all UP.
    pub targets: Vec<TargetStatus>,
    /// The other targets (the Tumulte app's, when not awaited), as they were.
    pub other_targets: Vec<TargetStatus>,
    /// The rule groups loaded.
    pub rule_groups: Vec<String>,
}

/// The engine's state if it meets `expected`, else a sentence saying what is missing.
pub(crate) fn check(port: u16, expected: &Expectation) -> Result<EngineReport, String> {
    let targets = fetch_targets(port).map_err(|e| format!("API on 127.0.0.1:{port} not answering yet ({e})"))?;
    let mut report = EngineReport::default();
    let mut pending = Vec::new();
    for target in targets {
        if expected.jobs.iter().any(|(job, _)| *job == target.job) {
            if !target.is_up() {
                let why = if target.last_error.is_empty() {
                    "not scraped yet".to_owned()
                } else {
                    target.last_error.clone()
                };
                pending.push(format!(
                    "target {} {} is {} ({why})",
                    target.job, target.instance, target.health
                ));
            }
            report.targets.push(target);
        } else {
            report.other_targets.push(target);
        }
    }
    for (job, count) in &expected.jobs {
        let seen = report.targets.iter().filter(|t| t.job == *job).count();
        if seen < *count {
            pending.push(format!("job {job} has {seen} of its {count} targets"));
        }
    }
    if !expected.rule_groups.is_empty() {
        let loaded = fetch_rule_groups(port).map_err(|e| format!("rules API not answering yet ({e})"))?;
        for (file, name) in &expected.rule_groups {
            if !loaded
                .iter()
                .any(|(f, n)| n == name && (f.is_empty() || std::path::Path::new(f) == file))
            {
                pending.push(format!("rule group {name} ({}) not loaded", file.display()));
            }
        }
        report.rule_groups = loaded.into_iter().map(|(_, name)| name).collect();
    }
    if pending.is_empty() {
        for (expr, meaning) in &expected.ones {
            match query_values(port, expr) {
                Ok(values) if !values.is_empty() && values.iter().all(|v| v == "1") => {}
                Ok(values) => pending.push(format!("{expr} is {values:?}, not 1: {meaning}")),
                Err(e) => pending.push(format!("query {expr} failed ({e})")),
            }
        }
    }
    if pending.is_empty() {
        Ok(report)
    } else {
        Err(pending.join("; "))
    }
}

/// Whether `GET path` on `address` (`host:port`) answers one of the `expected` statuses; else why not.
pub(crate) fn answers(address: &str, path: &str, expected: &[u16]) -> Result<(), String> {
    let response = http::request(address, "GET", path, &[], REQUEST_TIMEOUT)
        .map_err(|e| format!("{path} on {address} not answering yet ({e})"))?;
    if expected.contains(&response.status) {
        Ok(())
    } else {
        Err(format!("{path} on {address} answers HTTP {}", response.status))
    }
}

fn get_json(port: u16, path: &str) -> Result<Value, String> {
    let response = http::get(port, path, REQUEST_TIMEOUT).map_err(|e| e.to_string())?;
    if response.status != 200 {
        return Err(format!("HTTP {} on {path}", response.status));
    }
    serde_json::from_str(&response.body).map_err(|e| format!("invalid JSON from {path}: {e}"))
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// The active targets of the Prometheus-compatible API on `port`.
pub fn fetch_targets(port: u16) -> Result<Vec<TargetStatus>, String> {
    let json = get_json(port, "/api/v1/targets?state=active")?;
    let active = json["data"]["activeTargets"].as_array().cloned().unwrap_or_default();
    Ok(active
        .iter()
        .map(|t| TargetStatus {
            job: text(&t["labels"]["job"]),
            instance: text(&t["labels"]["instance"]),
            health: text(&t["health"]),
            last_error: text(&t["lastError"]),
        })
        .collect())
}

/// The loaded rule groups (file, name) of the Prometheus on `port`.
pub fn fetch_rule_groups(port: u16) -> Result<Vec<(String, String)>, String> {
    let json = get_json(port, "/api/v1/rules")?;
    let groups = json["data"]["groups"].as_array().cloned().unwrap_or_default();
    Ok(groups.iter().map(|g| (text(&g["file"]), text(&g["name"]))).collect())
}

/// The values of an instant vector query (`expr` must need no URL encoding).
fn query_values(port: u16, expr: &str) -> Result<Vec<String>, String> {
    let json = get_json(port, &format!("/api/v1/query?query={expr}"))?;
    let result = json["data"]["result"].as_array().cloned().unwrap_or_default();
    Ok(result.iter().map(|r| text(&r["value"][1])).collect())
}
