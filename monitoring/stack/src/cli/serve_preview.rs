//! `tumulte-stack serve-preview` (hidden): the dashboard preview (`grafana-preview`'s host, with the Tumulte
//! Scaling plugin) on the overview, as `up` runs it, until SIGINT/SIGTERM; then the host stops the plugin too.

use std::collections::HashMap;
use std::process::ExitCode;

use grafana_preview::host::{self, HostConfig};
use tokio::signal::unix::{signal, SignalKind};
use tumulte_policy::names::PLUGIN_ID;
use tumulte_stack::{Component, PreviewInputs, StackError};

use super::args::ServePreviewArgs;

/// Runs `serve-preview`.
pub fn run(args: ServePreviewArgs) -> Result<ExitCode, StackError> {
    let failed = |reason: String| StackError::ServeFailed {
        component: Component::Preview,
        reason,
    };
    let inputs = PreviewInputs::find(&args.root, Some(&args.plugin))?;
    let config = HostConfig {
        listen: args.listen,
        dashboard: inputs.dashboard,
        datasources: inputs.datasources,
        prometheus: Some(args.prometheus),
        plugins: HashMap::from([(PLUGIN_ID.to_owned(), inputs.plugin)]),
        web: inputs.web,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| StackError::io("starting the preview's runtime", e))?;
    runtime.block_on(async move {
        // Installed before the host starts: a stop asked for during start-up is not lost.
        let mut term = signal(SignalKind::terminate()).map_err(|e| StackError::io("installing SIGTERM", e))?;
        let mut int = signal(SignalKind::interrupt()).map_err(|e| StackError::io("installing SIGINT", e))?;
        let running = host::start(config).await.map_err(|e| failed(e.to_string()))?;
        println!("preview: {}", running.url());
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
        // Stops the plugin child as well, the way Grafana does.
        running.shutdown().await;
        Ok(ExitCode::SUCCESS)
    })
}
