//! `prometheus.yml`, rendered by `tumulte-artefacts`' [`ScrapeSetup`] with loopback targets, and checked by
//! `promtool check config` (which also checks every rule file it loads).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tumulte_artefacts::scrape::ScrapeSetup;
use tumulte_policy::catalog::Job;

use super::checker_message;
use crate::component::Component;
use crate::config::StackConfig;
use crate::error::StackError;
use crate::process::check_output;

/// The scrape setup of a native stack: each started component's job on its loopback port, the Tumulte app's
/// configured targets, no cAdvisor (it has no native package), the loopback Alertmanager.
pub fn scrape_setup(config: &StackConfig, rules_dir: &Path) -> ScrapeSetup {
    let mut targets: BTreeMap<Job, Vec<String>> = BTreeMap::new();
    if !config.backend_targets.is_empty() {
        targets.insert(Job::TumulteBackend, config.backend_targets.clone());
    }
    if !config.frontend_targets.is_empty() {
        targets.insert(Job::TumulteFrontend, config.frontend_targets.clone());
    }
    for component in &config.components {
        if let (Some(job), Some(port)) = (component.job(), config.ports.get(*component)) {
            targets.insert(job, vec![loopback(port)]);
        }
    }
    let alertmanagers = if config.starts(Component::Alertmanager) {
        vec![loopback(config.ports.alertmanager)]
    } else {
        Vec::new()
    };
    ScrapeSetup {
        scrape_interval: config.scrape_interval.into(),
        evaluation_interval: config.evaluation_interval.into(),
        rule_files: vec![format!("{}/*.yml", rules_dir.display())],
        alertmanagers,
        targets,
    }
}

/// `127.0.0.1:PORT`.
pub fn loopback(port: u16) -> String {
    format!("127.0.0.1:{port}")
}

/// Writes `prometheus.yml` to `path` and has `promtool` (if given) check it and the rule files it loads.
pub fn write_and_check(
    setup: &ScrapeSetup,
    path: &Path,
    promtool: Option<&Path>,
    run_dir: &Path,
) -> Result<(), StackError> {
    let yaml = setup
        .to_yaml()
        .map_err(|e| StackError::InvalidConfig(format!("rendering prometheus.yml: {e}")))?;
    let text = format!("# Rendered by tumulte-stack from tumulte-artefacts' ScrapeSetup. Do not edit.\n{yaml}");
    fs::write(path, text).map_err(|e| StackError::io(format!("writing {}", path.display()), e))?;
    let Some(promtool) = promtool else {
        return Ok(());
    };
    let (ok, output) = check_output(
        promtool,
        &["check".as_ref(), "config".as_ref(), path.as_os_str()],
        run_dir,
    )?;
    if ok {
        Ok(())
    } else {
        Err(StackError::PromtoolRejected {
            config: path.to_path_buf(),
            message: checker_message(&output),
        })
    }
}

#[derive(Deserialize)]
struct RuleFileGroups {
    #[serde(default)]
    groups: Vec<GroupName>,
}

#[derive(Deserialize)]
struct GroupName {
    name: String,
}

/// The rule groups Prometheus must show once it has loaded `rules_dir/*.yml`: (file, group name).
pub fn expected_rule_groups(rules_dir: &Path) -> Result<Vec<(PathBuf, String)>, StackError> {
    let read_dir = |e| StackError::io(format!("reading the rules directory {}", rules_dir.display()), e);
    let mut files: Vec<PathBuf> = fs::read_dir(rules_dir)
        .map_err(read_dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yml"))
        .collect();
    files.sort();
    let mut groups = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).map_err(|e| StackError::io(format!("reading {}", file.display()), e))?;
        let parsed: RuleFileGroups =
            serde_norway::from_str(&text).map_err(|e| StackError::InvalidConfig(format!("{}: {e}", file.display())))?;
        groups.extend(parsed.groups.into_iter().map(|g| (file.clone(), g.name)));
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tumulte_artefacts::rules::{alert_rules, recording_rules};
    use tumulte_policy::Policy;

    use super::*;
    use crate::config::Ports;

    #[test]
    fn loopback_targets_for_what_runs_and_several_app_targets() {
        let mut config = StackConfig::new("/run/x");
        config.ports = Ports {
            prometheus: 19090,
            ..Ports::default()
        };
        config.backend_targets = vec!["127.0.0.1:1".into(), "127.0.0.1:2".into()];
        config.frontend_targets.clear();
        config.components.remove(&Component::NodeExporter);
        config.scrape_interval = Duration::from_secs(1);
        let setup = scrape_setup(&config, Path::new("/repo/monitoring/prometheus/rules"));
        assert_eq!(setup.targets[&Job::TumulteBackend].len(), 2);
        assert!(!setup.targets.contains_key(&Job::TumulteFrontend));
        assert!(!setup.targets.contains_key(&Job::Node));
        assert!(!setup.targets.contains_key(&Job::Cadvisor));
        assert_eq!(setup.targets[&Job::Prometheus], ["127.0.0.1:19090"]);
        assert_eq!(setup.alertmanagers, [loopback(Job::Alertmanager.default_port())]);
        assert_eq!(setup.rule_files, ["/repo/monitoring/prometheus/rules/*.yml"]);
        assert_eq!(setup.scrape_interval.to_string(), "1s");
    }

    #[test]
    fn the_repository_rules_hold_the_generated_groups() {
        let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../prometheus/rules");
        let groups = expected_rule_groups(&rules).expect("rule files parse");
        let policy = Policy::default();
        let alerts = alert_rules(&policy).expect("the alert table's rules");
        for generated in alerts.groups.iter().chain(&recording_rules(&policy).groups) {
            assert!(
                groups.iter().any(|(_, name)| *name == generated.name),
                "{}",
                generated.name
            );
        }
    }
}
