//! Tumulte's generated files, from its [`Policy`](tumulte_policy::Policy): the "Tumulte - Overview" dashboard,
//! the alert and recording rules, `prometheus.yml`, and Grafana's provisioning files.
//!
//! - [`overview`]: the dashboard, one function per row;
//! - [`rules`]: the rule files of the alert table; [`slo`]: the objectives' rule file; [`runbook`]: `docs/runbook.md`; [`tables`]: `docs/policy.md`; [`scrape`]: `prometheus.yml`; [`provisioning`]: Grafana's data sources and
//!   dashboard provider;
//! - [`alerting`]: the scaling verdict as a Grafana-managed alert, its contact point and policy;
//! - [`generate`]: the list of generated files, atomic writes, and drift detection for `dash check`.
//!
//! ```
//! use tumulte_artefacts::overview::overview;
//! use tumulte_policy::Policy;
//!
//! let dashboard = overview(&Policy::default()).expect("Tumulte's overview builds");
//! assert_eq!(dashboard.title(), "Tumulte - Overview");
//! assert!(dashboard.to_pretty_json().ends_with("}\n"));
//! ```

pub mod alerting;
pub mod generate;
pub mod overview;
pub mod provisioning;
pub mod rules;
pub mod runbook;
pub mod scrape;
pub mod slo;
pub mod tables;
