//! Stopping a [`RunningStack`] (explicitly, on drop, or when start-up fails), or leaving it running (`detach`).

use super::running::RunningStack;
use crate::error::StackError;
use crate::process::kill_leftovers;
use crate::state::{remove_state, StackState};

impl RunningStack {
    /// Stops every component in reverse start order (SIGTERM, SIGINT for PostgreSQL; the grace period; SIGKILL),
    /// reaps them, kills any leftover process of the run directory and removes the state file.
    pub fn stop(mut self) -> Result<(), StackError> {
        self.stop_all()
    }

    /// Leaves the stack running (e.g. `tumulte-stack up` without `--foreground`) and returns its state; stop it
    /// later with [`crate::stop_run_dir`].
    pub fn detach(mut self) -> StackState {
        self.done = true;
        self.state.clone()
    }

    fn stop_all(&mut self) -> Result<(), StackError> {
        self.done = true;
        let mut first_error = None;
        for proc in self.procs.iter_mut().rev() {
            if let Err(e) = proc.stop(self.config.stop_grace, self.layout.root()) {
                first_error.get_or_insert(e);
            }
        }
        kill_leftovers(self.layout.root());
        self.procs.clear();
        remove_state(self.layout.root());
        first_error.map_or(Ok(()), Err)
    }
}

impl Drop for RunningStack {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.stop_all();
        }
    }
}
