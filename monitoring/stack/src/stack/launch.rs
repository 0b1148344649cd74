//! How each component is started: its command line (loopback port, run-directory paths), its environment, its log.
//! PostgreSQL, started through `initdb` and `pg_ctl`, has its own module (`postgres`). The demo and the preview
//! are this crate's binary again, with its hidden commands `serve-demo` and `serve-preview`.

use std::path::{Path, PathBuf};

use super::preflight::Plan;
use super::running::RunningStack;
use crate::component::Component;
use crate::error::StackError;
use crate::process::{start_time, Launch, Proc};
use crate::render;

impl RunningStack {
    /// Starts `component` in the background and records it in the state file.
    pub(super) fn start_component(&mut self, component: Component, plan: &Plan) -> Result<(), StackError> {
        if component == Component::Postgres {
            return self.start_postgres(plan);
        }
        let layout = &plan.layout;
        let ports = self.config.ports;
        let bins = &self.config.binaries;
        // The demo has no port of its own (its addresses are the Tumulte targets) and takes no such flag.
        let port = ports.get(component).unwrap_or_else(|| component.default_port());
        let listen = format!("--web.listen-address={}", render::prometheus::loopback(port));
        let path = |p: PathBuf| p.to_string_lossy().into_owned();
        let mut env = Vec::new();
        let (program, args): (&Path, Vec<String>) = match component {
            Component::Postgres | Component::Redis => (
                &bins.redis_server,
                vec![
                    "--bind".into(),
                    "127.0.0.1".into(),
                    "--port".into(),
                    ports.redis.to_string(),
                    "--save".into(),
                    String::new(),
                    "--appendonly".into(),
                    "no".into(),
                    "--dir".into(),
                    path(layout.redis_dir()),
                    // Keeps its environment (and so the stack's marker) readable in /proc: a process title
                    // longer than the command line would be written over it.
                    "--set-proc-title".into(),
                    "no".into(),
                ],
            ),
            Component::NodeExporter => (
                &bins.node_exporter,
                vec![
                    listen,
                    // The systemd collector logs a D-Bus error on every scrape where systemd does not run.
                    "--no-collector.systemd".into(),
                    format!("--collector.textfile.directory={}", path(layout.node_textfile())),
                ],
            ),
            Component::PostgresExporter => {
                env.push((
                    "DATA_SOURCE_NAME",
                    format!(
                        "postgresql://postgres@127.0.0.1:{}/postgres?sslmode=disable",
                        ports.postgres
                    ),
                ));
                (&bins.postgres_exporter, vec![listen])
            }
            Component::RedisExporter => (
                &bins.redis_exporter,
                vec![format!("--redis.addr=redis://127.0.0.1:{}", ports.redis), listen],
            ),
            Component::Alertmanager => (
                &bins.alertmanager,
                vec![
                    format!("--config.file={}", path(layout.alertmanager_config())),
                    format!("--storage.path={}", path(layout.alertmanager_data())),
                    listen,
                    // A single node: no gossip listener on 0.0.0.0:9094.
                    "--cluster.listen-address=".into(),
                ],
            ),
            Component::Prometheus => (
                &bins.prometheus,
                vec![
                    format!("--config.file={}", path(layout.prometheus_config())),
                    format!("--storage.tsdb.path={}", path(layout.prometheus_data())),
                    format!("--storage.tsdb.retention.time={}", self.config.retention),
                    listen,
                    "--web.enable-lifecycle".into(),
                ],
            ),
            Component::VictoriaMetrics => (
                &bins.victoria_metrics,
                vec![
                    format!("-httpListenAddr=127.0.0.1:{}", ports.victoria_metrics),
                    format!("-promscrape.config={}", path(layout.prometheus_config())),
                    // prometheus.yml also holds `rule_files`, `alerting`, `evaluation_interval`.
                    "-promscrape.config.strictParse=false".into(),
                    format!("-storageDataPath={}", path(layout.victoria_metrics_data())),
                ],
            ),
            Component::Demo => {
                let mut args = vec![
                    "serve-demo".into(),
                    "--scenario".into(),
                    self.config.demo_scenario.name().into(),
                ];
                for address in self.config.addresses(Component::Demo) {
                    args.extend(["--listen".into(), address]);
                }
                (&bins.runner, args)
            }
            Component::Preview => {
                let inputs = plan.preview.as_ref().ok_or_else(|| {
                    StackError::InvalidConfig("the preview's files were not checked before start-up".into())
                })?;
                (
                    &bins.runner,
                    vec![
                        "serve-preview".into(),
                        "--listen".into(),
                        render::prometheus::loopback(ports.preview),
                        "--prometheus".into(),
                        format!("http://{}", render::prometheus::loopback(ports.prometheus)),
                        "--plugin".into(),
                        path(inputs.plugin.clone()),
                        "--root".into(),
                        path(plan.root.clone()),
                    ],
                )
            }
        };
        let launch = Launch {
            component,
            program,
            args,
            env,
            run_dir: layout.root(),
            log: &layout.log(component),
            user: None,
        };
        let child = launch.spawn()?;
        let proc = Proc {
            component,
            pid: child.id(),
            start_time: start_time(child.id()),
            child: Some(child),
            log: layout.log(component),
        };
        self.record(proc)
    }
}
