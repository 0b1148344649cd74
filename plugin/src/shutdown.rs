//! Clean shutdown: Grafana stops a plugin by calling go-plugin's `GRPCController.Shutdown` (served by
//! [`crate::controller`]), then kills it 2 s later; SIGTERM and SIGINT also stop it. Any of them ends the
//! server gracefully (calls in flight finish). stdin is not watched: Grafana may hand its plugins a closed
//! stdin.

use tokio::sync::watch;

/// A shutdown trigger shared by the signal handlers and the gRPC controller.
#[derive(Debug, Clone)]
pub struct Shutdown {
    tx: watch::Sender<bool>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self::new()
    }
}

impl Shutdown {
    /// A trigger not yet pulled.
    pub fn new() -> Self {
        Shutdown {
            tx: watch::Sender::new(false),
        }
    }

    /// Pulls it.
    pub fn trigger(&self, why: &str) {
        tracing::info!(reason = why, "shutting down");
        self.tx.send_replace(true);
    }

    /// Resolves once pulled.
    pub async fn wait(&self) {
        let mut rx = self.tx.subscribe();
        let _ = rx.wait_for(|pulled| *pulled).await;
    }

    /// Pulls it on SIGTERM or SIGINT.
    pub fn watch_process(&self) {
        let on_signal = self.clone();
        tokio::spawn(async move {
            #[cfg(unix)]
            {
                use tokio::signal::unix::{signal, SignalKind};
                match (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) {
                    (Ok(mut term), Ok(mut int)) => {
                        tokio::select! {
                            _ = term.recv() => on_signal.trigger("SIGTERM"),
                            _ = int.recv() => on_signal.trigger("SIGINT"),
                        }
                    }
                    _ => tracing::warn!("cannot install signal handlers"),
                }
            }
            #[cfg(not(unix))]
            {
                if tokio::signal::ctrl_c().await.is_ok() {
                    on_signal.trigger("interrupt");
                }
            }
        });
    }
}
