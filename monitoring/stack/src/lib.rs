//! The Tumulte monitoring stack without Docker: PostgreSQL, Redis, the node/postgres/redis exporters, Alertmanager
//! and Prometheus (optionally VictoriaMetrics) from Debian 12's packages, on loopback ports, in one run directory.
//!
//! Every fact comes from one place: the scrape configuration is rendered by `tumulte-dashboards`'
//! [`ScrapeSetup`](tumulte_artefacts::scrape::ScrapeSetup), the rules are the repository's generated
//! `monitoring/prometheus/rules/*.yml`, the Alertmanager configuration is the repository's template with the
//! Discord webhook URL rendered in.
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
pub mod process;
pub mod readiness;
pub mod render;
pub mod repo;
pub mod stack;
pub mod state;

pub use component::Component;
pub use config::{Binaries, Ports, StackConfig, Webhook, BLACKHOLE_WEBHOOK_URL, DEFAULT_RUN_DIR, WEBHOOK_VARIABLE};
pub use error::StackError;
pub use layout::Layout;
pub use process::{is_alive, processes_of, MARKER_VARIABLE};
pub use readiness::{EngineReport, TargetStatus};
pub use stack::{Readiness, RunningStack, Stack};
pub use state::{status, stop_run_dir, ComponentStatus, ProcessRecord, StackState, StopReport};
