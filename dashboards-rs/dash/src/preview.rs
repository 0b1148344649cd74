//! `dash preview`: serve a dashboard as Grafana would draw it, or take one screenshot of it.
//!
//! The host and the page are `grafana-preview`'s; this module gives them Tumulte's defaults: the generated
//! overview, the provisioned data sources, the plugin binary that `plugin/scripts/dist.sh` or cargo built, and
//! Grafana's port in the compose file.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use grafana_preview::browser::Browser;
use grafana_preview::host::{self, HostConfig};
use grafana_preview::screenshot::{self, PanelState};
use tumulte_artefacts::generate;
use tumulte_artefacts::provisioning;
use tumulte_policy::names::{GRAFANA_PORT, PLUGIN_EXECUTABLE, PLUGIN_ID};

use crate::DashError;

/// `dash preview`'s arguments.
#[derive(Args)]
pub struct PreviewArgs {
    /// The dashboard JSON file to show (default: the generated overview).
    file: Option<PathBuf>,
    /// Where to listen. Loopback by default: the preview has no authentication.
    #[arg(long, value_name = "ADDR", default_value_t = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), GRAFANA_PORT))]
    listen: SocketAddr,
    /// Prometheus's URL (default: the provisioned Prometheus data source's, which the plugin's follows).
    #[arg(long, value_name = "URL")]
    prometheus: Option<String>,
    /// The Tumulte Scaling plugin binary (default: the newest of plugin/dist/ and cargo's target/).
    #[arg(long, value_name = "PATH")]
    plugin: Option<PathBuf>,
    /// Grafana's data source provisioning file (default: the generated one).
    #[arg(long, value_name = "FILE")]
    datasources: Option<PathBuf>,
    /// The built page (default: dashboards-rs/preview/web/dist).
    #[arg(long, value_name = "DIR")]
    web: Option<PathBuf>,
    /// Render once in headless Chromium, write this PNG and exit: 0, or 1 naming the panels in error.
    #[arg(long, value_name = "FILE.png")]
    screenshot: Option<PathBuf>,
    /// The screenshot's width in CSS pixels.
    #[arg(long, value_name = "PX", default_value_t = 1600)]
    width: u32,
    /// How long the screenshot waits for every panel to settle, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    timeout: u64,
}

/// Runs `dash preview` from the repository at `root`.
pub fn run(root: &Path, args: PreviewArgs) -> Result<ExitCode, DashError> {
    let plugin = match args.plugin {
        Some(path) => Some(path),
        None => provisioning::newest_plugin_binary(root),
    };
    let mut plugins = HashMap::new();
    match plugin {
        Some(path) => {
            plugins.insert(PLUGIN_ID.to_owned(), path);
        }
        None => eprintln!(
            "dash preview: no {PLUGIN_EXECUTABLE} binary found, so the Tumulte Scaling panels will show an error: \
             build it with `cargo build -p tumulte-plugin` or pass --plugin PATH"
        ),
    }
    let listen = match (&args.screenshot, args.listen.port() == GRAFANA_PORT) {
        // A one-off render needs no fixed port, and must not collide with a preview already serving.
        (Some(_), true) => SocketAddr::new(args.listen.ip(), 0),
        _ => args.listen,
    };
    let config = HostConfig {
        listen,
        dashboard: args.file.unwrap_or_else(|| root.join(provisioning::overview_path())),
        datasources: args
            .datasources
            .unwrap_or_else(|| root.join(provisioning::DATASOURCES_PATH)),
        prometheus: args.prometheus,
        plugins,
        web: args.web.unwrap_or_else(|| root.join("dashboards-rs/preview/web/dist")),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(DashError::Runtime)?;
    runtime.block_on(async move {
        let running = host::start(config).await?;
        let code = match &args.screenshot {
            Some(png) => {
                let url = running.url();
                let (width, timeout) = (args.width, Duration::from_secs(args.timeout));
                let shot = tokio::task::spawn_blocking(move || {
                    let browser = Browser::launch().map_err(screenshot::ShotError::from)?;
                    screenshot::capture(&browser, &url, width, timeout)
                })
                .await
                .map_err(|e| DashError::Task(e.to_string()))??;
                generate::write_atomic_bytes(png, &shot.png)?;
                report(png, &shot)
            }
            None => {
                println!("dash preview: {} (Ctrl-C stops it)", running.url());
                if !running.addr().ip().is_loopback() {
                    eprintln!(
                        "dash preview: listening on {}: the preview has no authentication, anyone who reaches it \
                         sees the dashboard and can query its data sources",
                        running.addr()
                    );
                }
                shutdown_signal().await;
                ExitCode::SUCCESS
            }
        };
        running.shutdown().await;
        Ok(code)
    })
}

fn report(png: &Path, shot: &screenshot::Shot) -> ExitCode {
    let count = |state| shot.panels.iter().filter(|p| p.state == state).count();
    println!(
        "dash preview: wrote {} ({} panels: {} with data, {} empty, {} in error; settled in {:.1} s)",
        png.display(),
        shot.panels.len(),
        count(PanelState::Data),
        count(PanelState::Empty),
        count(PanelState::Error),
        shot.settled_after.as_secs_f64()
    );
    let mut failed = false;
    for panel in shot.errors() {
        failed = true;
        eprintln!(
            "dash preview: panel {} \"{}\" ({}): {}",
            panel.id,
            panel.title,
            panel.kind,
            panel.error.as_deref().unwrap_or("error")
        );
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => {
                let _ = ctrl_c.await;
                return;
            }
        };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
