//! Why the stack did not start or stop. Every message is one line that names the offending value and the fix.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use crate::component::Component;
use crate::webhook::WEBHOOK_VARIABLE;

/// An error of the runner. When [`crate::Stack::start`] returns one, nothing it started is left running.
#[derive(Debug, thiserror::Error)]
pub enum StackError {
    /// An executable is missing: its package is not installed (or the configured path is wrong).
    #[error("{component}: {} not found; install it with: apt-get install {package}", binary.display())]
    MissingBinary {
        /// The component that needs it.
        component: Component,
        /// The path looked at.
        binary: PathBuf,
        /// The Debian package that installs it.
        package: &'static str,
    },
    /// A component's port is already taken on loopback.
    #[error("port {port} ({component}) is already in use on 127.0.0.1; choose another with {flag} PORT")]
    PortTaken {
        /// The port.
        port: u16,
        /// The component configured on it.
        component: Component,
        /// The `up` flag that changes it.
        flag: &'static str,
    },
    /// The demo cannot listen on one of the Tumulte app's targets (taken, or not an address of this machine).
    #[error("the demo cannot listen on {address} (a target of {job}): {reason}; choose another with {flag} HOST:PORT")]
    AddressTaken {
        /// The target, `host:port`.
        address: String,
        /// The job it is a target of.
        job: &'static str,
        /// The `up` flag that sets that job's targets.
        flag: &'static str,
        /// Why it cannot be bound.
        reason: String,
    },
    /// Something the preview serves is missing (the plugin binary, the built page, a generated file).
    #[error("preview: {what} is missing ({}); {fix}", path.display())]
    PreviewInputMissing {
        /// What is missing.
        what: &'static str,
        /// Where it was looked for.
        path: PathBuf,
        /// The exact way to get it, or to do without the preview.
        fix: String,
    },
    /// The demo's history could not be written or turned into TSDB blocks.
    #[error("the demo's history (--demo-history): {0}")]
    DemoHistory(String),
    /// The demo or the preview, run by this binary's hidden commands, failed to serve.
    #[error("{component}: {reason}")]
    ServeFailed {
        /// The component.
        component: Component,
        /// Why.
        reason: String,
    },
    /// Two components were given the same port.
    #[error("port {port} is given to both {first} and {second}; give one of them another port ({flag} PORT)")]
    PortClash {
        /// The port.
        port: u16,
        /// The first component.
        first: Component,
        /// The second component.
        second: Component,
        /// The flag of the second component's port.
        flag: &'static str,
    },
    /// The Discord webhook URL is not set.
    #[error(
        "{WEBHOOK_VARIABLE} is not set: Alertmanager's Discord receivers need it; export {WEBHOOK_VARIABLE}=https://discord.com/api/webhooks/… or pass --no-discord to send alerts nowhere"
    )]
    MissingWebhook,
    /// The Discord webhook URL is not an http(s) URL (the value itself is a secret and is not shown).
    #[error("{WEBHOOK_VARIABLE} is not an http:// or https:// URL (its value is not shown: it is a secret)")]
    InvalidWebhook,
    /// `promtool check config` rejected the rendered `prometheus.yml` or a rule file.
    #[error("promtool check config {} failed: {message}", config.display())]
    PromtoolRejected {
        /// The rendered configuration.
        config: PathBuf,
        /// What promtool said.
        message: String,
    },
    /// `amtool check-config` rejected the rendered Alertmanager configuration.
    #[error("amtool check-config {} failed: {message}", config.display())]
    AmtoolRejected {
        /// The rendered configuration (it holds the webhook URL: not shown in the message).
        config: PathBuf,
        /// What amtool said.
        message: String,
    },
    /// The repository (for the rule files and the Alertmanager template) was not found.
    #[error("the Tumulte Monitoring repository (a directory holding Cargo.toml, dashboards-rs/ and monitoring/) was not found from {}; pass --root DIR", searched_from.display())]
    RepoNotFound {
        /// Where the search started.
        searched_from: PathBuf,
    },
    /// A value of the configuration is unusable.
    #[error("{0}")]
    InvalidConfig(String),
    /// The system user `postgres` does not exist.
    #[error("there is no system user postgres (PostgreSQL refuses to run as root); install it with: apt-get install postgresql-15")]
    NoPostgresUser,
    /// Another stack runs from the same run directory.
    #[error("a stack is already running in {} (pids {pids}); stop it with: tumulte-stack down --run-dir {}", run_dir.display(), run_dir.display())]
    AlreadyRunning {
        /// The run directory.
        run_dir: PathBuf,
        /// Its live processes.
        pids: String,
    },
    /// A component exited while the stack was starting.
    #[error("{component} exited during start-up ({status}); its log {}: {tail}", log.display())]
    ChildExited {
        /// The component.
        component: Component,
        /// How it exited.
        status: String,
        /// Its log file.
        log: PathBuf,
        /// The last lines of its log, joined.
        tail: String,
    },
    /// A start-up step (`initdb`, `pg_ctl start`) failed.
    #[error("{component}: {step} failed ({status}); see {}: {tail}", log.display())]
    StepFailed {
        /// The component.
        component: Component,
        /// The command.
        step: &'static str,
        /// How it exited.
        status: String,
        /// Its log file.
        log: PathBuf,
        /// The last lines of its log, joined.
        tail: String,
    },
    /// The stack was not ready in time.
    #[error("not ready after {}s: {pending}; logs in {}", waited.as_secs(), logs.display())]
    StartTimeout {
        /// How long start-up waited.
        waited: Duration,
        /// What was still missing.
        pending: String,
        /// The log directory.
        logs: PathBuf,
    },
    /// Start-up was interrupted (SIGINT/SIGTERM); what had started was stopped.
    #[error("interrupted during start-up; every component started so far was stopped")]
    Interrupted,
    /// A process did not exit, even after SIGKILL.
    #[error("{component} (pid {pid}) did not exit after SIGKILL")]
    StopFailed {
        /// The component.
        component: Component,
        /// Its process id.
        pid: u32,
    },
    /// The state file is missing or unreadable.
    #[error("no stack state in {}: {reason}", path.display())]
    NoState {
        /// The state file.
        path: PathBuf,
        /// Why it could not be read.
        reason: String,
    },
    /// A file-system or process operation failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, with the path.
        context: String,
        /// The error.
        #[source]
        source: io::Error,
    },
}

impl StackError {
    /// An [`StackError::Io`] with its context.
    pub fn io(context: impl Into<String>, source: io::Error) -> Self {
        StackError::Io {
            context: context.into(),
            source,
        }
    }
}

/// The last `n` non-empty lines of `text`, joined on one line with ` | `.
pub(crate) fn one_line_tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let start = lines.len().saturating_sub(n);
    let tail = lines[start..].join(" | ");
    if tail.is_empty() {
        "(empty)".into()
    } else {
        tail
    }
}
