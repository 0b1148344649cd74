//! Prometheus' own configuration (`prometheus.yml`): what it scrapes, where it sends alerts, which rule files it
//! loads. The job names come from [`Job`], so the rules, the dashboard and the scrape config agree.
//!
//! The compose stack and the native runner differ only in addresses, so both render this with their own
//! [`ScrapeSetup`].

use std::collections::BTreeMap;

use grafana_dashboards::PromDuration;
use serde::Serialize;
use tumulte_policy::catalog::{Job, SCRAPE_INTERVAL};

/// Where each job's targets are, and what Prometheus loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScrapeSetup {
    /// How often every target is scraped.
    pub scrape_interval: PromDuration,
    /// How often rules are evaluated.
    pub evaluation_interval: PromDuration,
    /// Glob patterns of rule files.
    pub rule_files: Vec<String>,
    /// Alertmanager addresses (`host:port`).
    pub alertmanagers: Vec<String>,
    /// Targets (`host:port`) of each job; a job without targets is left out.
    pub targets: BTreeMap<Job, Vec<String>>,
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
            vec![format!("{name}:{}", job.default_port())]
        };
        ScrapeSetup {
            scrape_interval: SCRAPE_INTERVAL,
            evaluation_interval: SCRAPE_INTERVAL,
            rule_files: vec!["/etc/prometheus/rules/*.yml".into()],
            alertmanagers: vec![format!("alertmanager:{}", Job::Alertmanager.default_port())],
            targets: Job::ALL.into_iter().map(|job| (job, host(job))).collect(),
        }
    }

    /// `prometheus.yml`, as Prometheus reads it.
    pub fn config(&self) -> PrometheusConfig<'_> {
        PrometheusConfig {
            global: Global {
                scrape_interval: self.scrape_interval,
                evaluation_interval: self.evaluation_interval,
                external_labels: BTreeMap::from([("monitor", "tumulte")]),
            },
            alerting: Alerting {
                alertmanagers: vec![StaticConfigs {
                    static_configs: vec![Targets {
                        targets: &self.alertmanagers,
                    }],
                }],
            },
            rule_files: &self.rule_files,
            scrape_configs: Job::ALL
                .into_iter()
                .filter_map(|job| {
                    let targets = self.targets.get(&job).filter(|t| !t.is_empty())?;
                    Some(ScrapeConfig {
                        job_name: job.name(),
                        metrics_path: "/metrics",
                        static_configs: vec![Targets { targets }],
                    })
                })
                .collect(),
        }
    }

    /// `prometheus.yml` as YAML text.
    pub fn to_yaml(&self) -> Result<String, serde_norway::Error> {
        serde_norway::to_string(&self.config())
    }
}

/// `prometheus.yml`.
#[derive(Debug, Serialize)]
pub struct PrometheusConfig<'a> {
    global: Global,
    alerting: Alerting<'a>,
    rule_files: &'a [String],
    scrape_configs: Vec<ScrapeConfig<'a>>,
}

#[derive(Debug, Serialize)]
struct Global {
    scrape_interval: PromDuration,
    evaluation_interval: PromDuration,
    external_labels: BTreeMap<&'static str, &'static str>,
}

#[derive(Debug, Serialize)]
struct Alerting<'a> {
    alertmanagers: Vec<StaticConfigs<'a>>,
}

#[derive(Debug, Serialize)]
struct StaticConfigs<'a> {
    static_configs: Vec<Targets<'a>>,
}

#[derive(Debug, Serialize)]
struct Targets<'a> {
    targets: &'a [String],
}

#[derive(Debug, Serialize)]
struct ScrapeConfig<'a> {
    job_name: &'static str,
    metrics_path: &'static str,
    static_configs: Vec<Targets<'a>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_scrapes_every_job_every_15_seconds() {
        let json = serde_json::to_value(ScrapeSetup::compose().config()).expect("serialises");
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
