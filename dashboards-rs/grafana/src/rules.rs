//! The Prometheus rule-file model (`groups:` of recording and alerting rules) and its YAML (feature `yaml`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::duration::PromDuration;

/// A rule file, as `rule_files:` in `prometheus.yml` loads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleFile {
    /// Its groups.
    pub groups: Vec<RuleGroup>,
}

/// A group of rules evaluated together, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleGroup {
    /// The group's name.
    pub name: String,
    /// How often it is evaluated (defaults to the global `evaluation_interval`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<PromDuration>,
    /// Its rules.
    pub rules: Vec<Rule>,
}

/// A recording rule or an alerting rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Rule {
    /// Stores `expr` as a new series named `record`.
    Record(RecordingRule),
    /// Fires `alert` while `expr` returns series for `for`.
    Alert(AlertingRule),
}

/// A recording rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordingRule {
    /// The series name, `level:metric:operations`.
    pub record: String,
    /// The PromQL.
    pub expr: String,
}

/// An alerting rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertingRule {
    /// The alert name.
    pub alert: String,
    /// The PromQL; every series it returns is an alert.
    pub expr: String,
    /// How long the condition must hold before it fires.
    #[serde(rename = "for")]
    pub for_duration: PromDuration,
    /// Labels added to the alert (`severity`).
    pub labels: BTreeMap<String, String>,
    /// Texts for notifications (`summary`, `description`, `runbook_url`).
    pub annotations: BTreeMap<String, String>,
}

impl Rule {
    /// The rule's name: the recorded series or the alert.
    pub fn name(&self) -> &str {
        match self {
            Rule::Record(r) => &r.record,
            Rule::Alert(a) => &a.alert,
        }
    }

    /// Its PromQL.
    pub fn expr(&self) -> &str {
        match self {
            Rule::Record(r) => &r.expr,
            Rule::Alert(a) => &a.expr,
        }
    }
}

/// What can go wrong writing a rule file.
#[cfg(feature = "yaml")]
#[derive(Debug, thiserror::Error)]
#[error("cannot write rule file as YAML: {0}")]
pub struct RuleYamlError(#[from] serde_norway::Error);

impl RuleFile {
    /// Every rule of every group.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.groups.iter().flat_map(|g| g.rules.iter())
    }

    /// The file's YAML, with a header saying it is generated.
    #[cfg(feature = "yaml")]
    pub fn to_yaml(&self, header: &str) -> Result<String, RuleYamlError> {
        let body = serde_norway::to_string(self)?;
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&body);
        if !out.ends_with('\n') {
            out.push('\n');
        }
        Ok(out)
    }
}
