//! Waiting until the started stack is ready: every component listening, the demo's and the preview's health
//! answering, every awaited target UP, the rule groups loaded, the exporters connected to their database; or a
//! component exited, or the time ran out.

use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use tumulte_policy::catalog::{Job, PG_UP, REDIS_UP};

use super::preflight::Plan;
use super::running::RunningStack;
use crate::component::Component;
use crate::error::StackError;
use crate::process::{describe, log_tail};
use crate::readiness::{self, Expectation};
use crate::render;

/// How often start-up looks at the APIs.
const POLL: Duration = Duration::from_millis(100);
/// How long a component's port has to accept a connection, each time it is tried.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(500);

impl RunningStack {
    /// What start-up waits for on one engine: a target per started exporter, Prometheus and Alertmanager (and the
    /// Tumulte app's with `wait_for_app_targets`, or when the demo serves them and is up); `with_rules`
    /// (Prometheus): the rule groups, `pg_up`, `redis_up`.
    fn expectation(&self, plan: &Plan, with_rules: bool) -> Expectation {
        let mut jobs: Vec<(String, usize)> = self
            .config
            .components
            .iter()
            .filter_map(|c| c.job())
            .map(|job| (job.name().to_owned(), 1))
            .collect();
        let demo_up = self.config.starts(Component::Demo) && self.config.demo_scenario.is_up();
        if self.config.wait_for_app_targets || demo_up {
            for (job, targets) in [
                (Job::TumulteBackend, &self.config.backend_targets),
                (Job::TumulteFrontend, &self.config.frontend_targets),
            ] {
                if !targets.is_empty() {
                    jobs.push((job.name().to_owned(), targets.len()));
                }
            }
        }
        let mut ones = Vec::new();
        if with_rules {
            let starts = |c| self.config.starts(c);
            if starts(Component::Postgres) && starts(Component::PostgresExporter) {
                ones.push((PG_UP.name, "postgres-exporter cannot reach PostgreSQL"));
            }
            if starts(Component::Redis) && starts(Component::RedisExporter) {
                ones.push((REDIS_UP.name, "redis-exporter cannot reach Redis"));
            }
        }
        Expectation {
            jobs,
            rule_groups: if with_rules {
                plan.rule_groups.clone()
            } else {
                Vec::new()
            },
            ones,
        }
    }

    /// Polls until the stack is ready (then fills in [`RunningStack::readiness`]), failing as soon as a component
    /// exits, `cancel` becomes true, or the start-up timeout (counted from `began`) passes.
    pub(super) fn wait_ready(&mut self, plan: &Plan, began: Instant, cancel: &AtomicBool) -> Result<(), StackError> {
        let prometheus = self
            .config
            .starts(Component::Prometheus)
            .then(|| self.expectation(plan, true));
        let victoria = self
            .config
            .starts(Component::VictoriaMetrics)
            .then(|| self.expectation(plan, false));
        let deadline = began + self.config.start_timeout;
        loop {
            if cancel.load(Ordering::SeqCst) {
                return Err(StackError::Interrupted);
            }
            for proc in &mut self.procs {
                if let Some(status) = proc.exited() {
                    return Err(StackError::ChildExited {
                        component: proc.component,
                        status: status.map_or_else(|| "exited".to_owned(), describe),
                        log: proc.log.clone(),
                        tail: log_tail(&proc.log),
                    });
                }
            }
            let mut pending = Vec::new();
            for component in &self.config.components {
                for address in self.config.addresses(*component) {
                    if !accepts(&address) {
                        pending.push(format!("{component} not listening on {address} yet"));
                    }
                }
            }
            if pending.is_empty() {
                pending.extend(self.health());
            }
            if pending.is_empty() {
                if let Some(expected) = &prometheus {
                    match readiness::check(self.config.ports.prometheus, expected) {
                        Ok(report) => self.readiness.prometheus = Some(report),
                        Err(why) => pending.push(format!("{}: {why}", Component::Prometheus)),
                    }
                }
                if let Some(expected) = &victoria {
                    match readiness::check(self.config.ports.victoria_metrics, expected) {
                        Ok(report) => self.readiness.victoria_metrics = Some(report),
                        Err(why) => pending.push(format!("{}: {why}", Component::VictoriaMetrics)),
                    }
                }
            }
            if pending.is_empty() {
                self.readiness.elapsed = began.elapsed();
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(StackError::StartTimeout {
                    waited: self.config.start_timeout,
                    pending: pending.join("; "),
                    logs: self.layout.logs(),
                });
            }
            thread::sleep(POLL);
        }
    }

    /// What the demo's `/health` and the preview's `/api/health` say is not right yet.
    fn health(&self) -> Vec<String> {
        let mut pending = Vec::new();
        if self.config.starts(Component::Demo) {
            // In the outage scenario the demo answers 503 on purpose: answering is what counts.
            let expected: &[u16] = if self.config.demo_scenario.is_up() {
                &[200]
            } else {
                &[503]
            };
            for address in self.config.addresses(Component::Demo) {
                if let Err(why) = readiness::answers(&address, "/health", expected) {
                    pending.push(format!("{}: {why}", Component::Demo));
                }
            }
        }
        if self.config.starts(Component::Preview) {
            let address = render::prometheus::loopback(self.config.ports.preview);
            if let Err(why) = readiness::answers(&address, "/api/health", &[200]) {
                pending.push(format!("{}: {why}", Component::Preview));
            }
        }
        pending
    }
}

/// Whether something accepts connections on `address` (`host:port`).
fn accepts(address: &str) -> bool {
    address
        .to_socket_addrs()
        .is_ok_and(|mut addrs| addrs.any(|addr| TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT).is_ok()))
}
