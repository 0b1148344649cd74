//! Starting the stack: [`Stack::start`] checks, starts the components in order, waits until they are ready.
//!
//! Start-up checks everything it can before starting anything (binaries, the `postgres` user, the webhook, ports,
//! the rendered configurations through `promtool` and `amtool`); then starts the components in order, writing the
//! state file after each; then polls the APIs until every awaited target is UP and the rules are loaded. If any
//! step fails, what was started is stopped before the error is returned.
//!
//! - `preflight`: the checks, and the plan they resolve; `run_dir`: creating the run directory; `history`: the
//!   demo's history put in Prometheus' TSDB before it starts;
//! - `launch`: each component's command line; `postgres`: `initdb` and `pg_ctl start`;
//! - `wait`: polling until ready; `report`: what start-up saw then ([`Readiness`]);
//! - `running`: the started stack ([`RunningStack`]); `stop`: stopping it, or leaving it running.

pub mod history;
mod launch;
mod postgres;
mod preflight;
mod report;
mod run_dir;
mod running;
mod stop;
mod wait;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

pub use report::Readiness;
pub use running::RunningStack;

use crate::component::Component;
use crate::config::StackConfig;
use crate::error::StackError;

/// Starts stacks.
#[derive(Debug, Clone, Copy)]
pub struct Stack;

impl Stack {
    /// Starts the stack described by `config` and waits until it is ready.
    ///
    /// On error nothing that this call started is left running.
    pub fn start(config: StackConfig) -> Result<RunningStack, StackError> {
        Stack::start_cancellable(config, &AtomicBool::new(false))
    }

    /// [`Stack::start`], giving up with [`StackError::Interrupted`] (and stopping what started) as soon as
    /// `cancel` becomes true, e.g. from a SIGINT handler.
    pub fn start_cancellable(config: StackConfig, cancel: &AtomicBool) -> Result<RunningStack, StackError> {
        let began = Instant::now();
        let plan = preflight::preflight(&config)?;
        let mut stack = RunningStack::new(config, plan.layout.clone());
        // From here on, an early return drops `stack`, which stops whatever was started.
        for component in Component::ALL {
            if !stack.config.starts(component) {
                continue;
            }
            if cancel.load(Ordering::SeqCst) {
                return Err(StackError::Interrupted);
            }
            if component == Component::Prometheus {
                stack.history = history::backfill(&stack.config, &plan)?;
            }
            stack.start_component(component, &plan)?;
        }
        stack.wait_ready(&plan, began, cancel)?;
        history::backfill_rules(&stack.config, &plan, &stack.history)?;
        Ok(stack)
    }
}
