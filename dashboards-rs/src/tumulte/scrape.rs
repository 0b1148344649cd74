//! Prometheus' own configuration (`prometheus.yml`): what it scrapes, where it sends alerts, which rule files it
//! loads. The job names come from [`Job`], so the rules, the dashboard and the scrape config agree.
//!
//! The compose stack and the native runner differ only in addresses, so both render this with their own
//! [`ScrapeSetup`].

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::metrics::Job;

/// Where each job's targets are, and what Prometheus loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScrapeSetup {
    /// How often every target is scraped (the seed: 15 s).
    pub scrape_interval: String,
    /// How often rules are evaluated.
    pub evaluation_interval: String,
    /// Glob patterns of rule files.
    pub rule_files: Vec<String>,
    /// Alertmanager addresses (`host:port`).
    pub alertmanagers: Vec<String>,
    /// Targets (`host:port`) of each job; a job without targets is left out.
    pub targets: BTreeMap<Job, Vec<String>>,
}

/// The port each component listens on in the compose stack (and by default natively).
pub const fn default_port(job: Job) -> u16 {
    match job {
        Job::TumulteBackend => 3333,
        Job::TumulteFrontend => 3000,
        Job::Node => 9100,
        Job::Postgres => 9187,
        Job::Redis => 9121,
        Job::Cadvisor => 8080,
        Job::Prometheus => 9090,
        Job::Alertmanager => 9093,
    }
}

impl ScrapeSetup {
    /// The compose stack: exporters by service name, Tumulte on the Docker host.
    pub fn compose() -> Self {
        let host = |job: Job| {
            let name = match job {
                Job::TumulteBackend | Job::TumulteFrontend => "host.docker.internal",
                Job::Node => "node-exporter",
                Job::Postgres => "postgres-exporter",
                Job::Redis => "redis-exporter",
                Job::Cadvisor => "cadvisor",
                Job::Prometheus => "localhost",
                Job::Alertmanager => "alertmanager",
            };
            vec![format!("{name}:{}", default_port(job))]
        };
        ScrapeSetup {
            scrape_interval: "15s".into(),
            evaluation_interval: "15s".into(),
            rule_files: vec!["/etc/prometheus/rules/*.yml".into()],
            alertmanagers: vec![format!("alertmanager:{}", default_port(Job::Alertmanager))],
            targets: Job::ALL.into_iter().map(|job| (job, host(job))).collect(),
        }
    }

    /// `prometheus.yml` as JSON (written as YAML).
    pub fn to_json(&self) -> Value {
        let scrape_configs: Vec<Value> = Job::ALL
            .into_iter()
            .filter_map(|job| {
                let targets = self.targets.get(&job).filter(|t| !t.is_empty())?;
                Some(json!({
                    "job_name": job.name(),
                    "metrics_path": "/metrics",
                    "static_configs": [{ "targets": targets }],
                }))
            })
            .collect();
        json!({
            "global": {
                "scrape_interval": self.scrape_interval,
                "evaluation_interval": self.evaluation_interval,
                "external_labels": { "monitor": "tumulte" },
            },
            "alerting": {
                "alertmanagers": [{ "static_configs": [{ "targets": self.alertmanagers }] }],
            },
            "rule_files": self.rule_files,
            "scrape_configs": scrape_configs,
        })
    }

    /// `prometheus.yml` as YAML text.
    pub fn to_yaml(&self) -> Result<String, serde_norway::Error> {
        serde_norway::to_string(&self.to_json())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_scrapes_every_job_every_15_seconds() {
        let json = ScrapeSetup::compose().to_json();
        assert_eq!(json["global"]["scrape_interval"], "15s");
        let jobs: Vec<_> = json["scrape_configs"]
            .as_array()
            .expect("jobs")
            .iter()
            .map(|j| j["job_name"].clone())
            .collect();
        assert_eq!(jobs.len(), Job::ALL.len());
        assert_eq!(jobs[0], "tumulte-backend");
    }

    #[test]
    fn a_job_without_targets_is_left_out() {
        let mut setup = ScrapeSetup::compose();
        setup.targets.remove(&Job::Cadvisor);
        let text = setup.to_yaml().expect("yaml");
        assert!(!text.contains("cadvisor"));
    }
}
