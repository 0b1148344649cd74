//! `gpx_tumulte_scaling`: the executable Grafana starts. It checks Grafana's magic cookie, binds a loopback
//! port, serves the `pluginv2` services over gRPC, prints go-plugin's handshake line, and stops on
//! `GRPCController.Shutdown`, SIGTERM or SIGINT.

use std::io::Write as _;
use std::process::ExitCode;

use tokio_stream::wrappers::TcpListenerStream;
use tumulte_plugin::controller::ControllerServer;
use tumulte_plugin::handshake::Listener;
use tumulte_plugin::services::{servers, Plugin};
use tumulte_plugin::shutdown::Shutdown;
use tumulte_plugin::{handshake, logging, VERSION};

fn main() -> ExitCode {
    let env = |key: &str| std::env::var(key).ok();
    if let Err(e) = handshake::check(env) {
        eprintln!("gpx_tumulte_scaling: {e}");
        return ExitCode::from(1);
    }
    logging::init();
    std::panic::set_hook(Box::new(|info| {
        // The PromQL parser's panics are caught and answered as errors: not worth an error line.
        if !grafana_dashboards::promql::parsing() {
            tracing::error!(panic = %info, "panic");
        }
    }));
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!(error = %e, "cannot start the async runtime");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(serve()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "plugin stopped on an error");
            ExitCode::from(1)
        }
    }
}

/// Accepted connections with Nagle's algorithm off: a small gRPC reply must not wait for a delayed ACK (40 ms).
fn incoming(listener: tokio::net::TcpListener) -> impl futures::Stream<Item = std::io::Result<tokio::net::TcpStream>> {
    use futures::StreamExt as _;
    TcpListenerStream::new(listener).map(|accepted| {
        accepted.inspect(|stream| {
            if let Err(e) = stream.set_nodelay(true) {
                tracing::warn!(error = %e, "cannot set TCP_NODELAY");
            }
        })
    })
}

async fn serve() -> Result<(), Box<dyn std::error::Error>> {
    let listener = handshake::listen(|key: &str| std::env::var(key).ok()).await?;
    let line = listener.line()?;
    let shutdown = Shutdown::new();
    shutdown.watch_process();
    let plugin = Plugin::new();
    let (data, diagnostics, resource) = servers(plugin);
    let (mut health_reporter, health_service) = tonic_health::server::health_reporter();
    health_reporter
        .set_service_status("plugin", tonic_health::ServingStatus::Serving)
        .await;
    let server = tonic::transport::Server::builder()
        .add_service(health_service)
        .add_service(ControllerServer::new(shutdown.clone()))
        .add_service(data)
        .add_service(diagnostics)
        .add_service(resource);
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{line}")?;
        stdout.flush()?;
    }
    tracing::info!(version = VERSION, handshake = %line, "plugin serving");
    let stop = async move { shutdown.wait().await };
    match listener {
        Listener::Tcp(listener) => server.serve_with_incoming_shutdown(incoming(listener), stop).await?,
        #[cfg(unix)]
        Listener::Unix(listener, file) => {
            let served = server
                .serve_with_incoming_shutdown(tokio_stream::wrappers::UnixListenerStream::new(listener), stop)
                .await;
            drop(file);
            served?
        }
    }
    tracing::info!("plugin stopped");
    Ok(())
}

/// mimalloc rather than the C library's allocator: the shipped binaries link musl statically, and musl's
/// allocator made a verdict cost the plugin about 50% more CPU (README, "Benchmark"). Transparent huge pages
/// are off (`no_thp`): with them idle RSS doubled; it now stays at musl's level (peak RSS under load is a few
/// MiB higher).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
