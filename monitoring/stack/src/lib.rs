//! The Tumulte monitoring stack without Docker: PostgreSQL, Redis, the node/postgres/redis exporters, Alertmanager
//! and Prometheus (optionally VictoriaMetrics) from Debian 12's packages, on loopback ports, in one run directory;
//! with the dashboard preview and (optionally) the demo Tumulte backend, served by this crate's own binary.
//!
//! Every fact comes from one place: the scrape configuration is rendered by `tumulte-artefacts`'
//! [`ScrapeSetup`](tumulte_artefacts::scrape::ScrapeSetup), the job names, their ports and the scrape interval
//! come from [`tumulte_policy::catalog`], the rules are the repository's generated
//! `monitoring/prometheus/rules/*.yml`, the Alertmanager configuration is the repository's template with the
//! Discord webhook URL rendered in.
//!
//! The modules, from what to start to what runs:
//!
//! - [`component`]: the components; [`config`]: what to start, where ([`StackConfig`]); [`webhook`]: where the
//!   alerts go; [`layout`]: the run directory's files; [`repo`]: finding the repository; [`preview`]: what the
//!   preview serves;
//! - [`render`]: the rendered `prometheus.yml` and `alertmanager.yml`, checked by `promtool` and `amtool`;
//! - [`stack`]: start-up ([`Stack::start`]) and the started stack ([`RunningStack`]); [`process`]: starting,
//!   finding and stopping processes; [`readiness`] and [`http`]: what the APIs say;
//! - [`state`]: the state file, and `down`/`status` from another process; [`error`]: why it failed;
//!   [`duration`]: durations on the command line.
//!
//! ```no_run
//! use std::time::Duration;
//! use tumulte_stack::{Stack, StackConfig, Webhook};
//!
//! let mut config = StackConfig::new("/var/tmp/my-stack").free_ports()?;
//! config.webhook = Webhook::Blackhole;
//! config.scrape_interval = Duration::from_secs(1);
//! config.evaluation_interval = Duration::from_secs(1);
//! let stack = Stack::start(config)?; // every target UP, the rule groups loaded
//! println!("{}", stack.prometheus_url().unwrap_or_default());
//! stack.stop()?; // or drop it
//! # Ok::<(), tumulte_stack::StackError>(())
//! ```

pub mod component;
pub mod config;
pub mod duration;
pub mod error;
pub mod http;
pub mod layout;
pub mod preview;
pub mod process;
pub mod readiness;
pub mod render;
pub mod repo;
pub mod stack;
pub mod state;
pub mod webhook;

pub use component::Component;
pub use config::{Binaries, Ports, StackConfig, DEFAULT_DEMO_SCENARIO, DEFAULT_RUN_DIR};
pub use error::StackError;
pub use layout::Layout;
pub use preview::PreviewInputs;
pub use process::{is_alive, processes_of, MARKER_VARIABLE};
pub use readiness::{EngineReport, TargetStatus};
pub use stack::history::History;
pub use stack::{Readiness, RunningStack, Stack};
pub use state::{status, stop_run_dir, ComponentStatus, ProcessRecord, StackState, StopReport};
pub use webhook::{Webhook, BLACKHOLE_WEBHOOK_URL, WEBHOOK_VARIABLE};
