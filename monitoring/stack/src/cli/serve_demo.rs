//! `tumulte-stack serve-demo` (hidden): the demo Tumulte backend on each address, as `up --demo` runs it, until
//! SIGINT/SIGTERM.

use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::thread;
use std::time::Duration;

use tumulte_demo::{DemoConfig, DemoServer};
use tumulte_stack::{Component, StackError};

use super::args::ServeDemoArgs;
use super::up::stop_flag;

/// How often it looks at the stop flag.
const POLL: Duration = Duration::from_millis(100);

/// Runs `serve-demo`.
pub fn run(args: &ServeDemoArgs) -> Result<ExitCode, StackError> {
    let failed = |reason: String| StackError::ServeFailed {
        component: Component::Demo,
        reason,
    };
    let stop = stop_flag()?;
    let mut servers = Vec::new();
    for address in &args.listen {
        // The address as instance name: each target gets its own traffic (the seed mixes it in), as its
        // history does (`--demo-history`).
        let config = DemoConfig {
            instance_name: address.clone(),
            ..DemoConfig::new(args.scenario).map_err(|e| failed(e.to_string()))?
        };
        let server = DemoServer::start_with(address.as_str(), config).map_err(|e| failed(e.to_string()))?;
        println!("demo: scenario {} on {}/metrics", args.scenario, server.url());
        servers.push(server);
    }
    while !stop.load(Ordering::SeqCst) {
        thread::sleep(POLL);
    }
    for server in servers {
        server.shutdown();
    }
    Ok(ExitCode::SUCCESS)
}
