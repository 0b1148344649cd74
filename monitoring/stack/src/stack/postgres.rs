//! Starting PostgreSQL: `initdb` (first run only), then `pg_ctl start`, as the user `postgres`, with trust
//! authentication on loopback and the socket in the run directory.

use std::fs;
use std::path::Path;

use super::preflight::Plan;
use super::run_dir::{create_dir, give_to, set_mode};
use super::running::RunningStack;
use crate::component::Component;
use crate::error::StackError;
use crate::process::{log_tail, start_time, Launch, Proc};

impl RunningStack {
    /// `initdb` (first time only) and `pg_ctl start`, as the user postgres, with trust authentication on loopback
    /// and the socket in the run directory. `pg_ctl` daemonises the postmaster: its PID comes from
    /// `postmaster.pid`.
    pub(super) fn start_postgres(&mut self, plan: &Plan) -> Result<(), StackError> {
        let layout = &plan.layout;
        let user = plan.postgres_user.ok_or(StackError::NoPostgresUser)?;
        let data = layout.postgres_data();
        let socket = layout.postgres_socket();
        let log = layout.log(Component::Postgres);
        let bins = self.config.binaries.clone();
        for dir in [layout.postgres_dir(), socket.clone(), data.clone()] {
            create_dir(&dir)?;
            give_to(&dir, user)?;
        }
        set_mode(&data, 0o700)?;
        fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .map_err(|e| StackError::io(format!("creating {}", log.display()), e))?;
        give_to(&log, user)?;
        let lossy = |p: &Path| p.to_string_lossy().into_owned();
        if !data.join("PG_VERSION").exists() {
            Launch {
                component: Component::Postgres,
                program: &bins.initdb,
                args: vec![
                    "-D".into(),
                    lossy(&data),
                    "-U".into(),
                    "postgres".into(),
                    "--auth=trust".into(),
                    "--encoding=UTF8".into(),
                    "--locale=C.UTF-8".into(),
                    "--no-sync".into(),
                ],
                env: Vec::new(),
                run_dir: layout.root(),
                log: &layout.step_log("initdb"),
                user: Some(user),
            }
            .run("initdb")?;
        }
        let timeout = self.config.start_timeout.as_secs().max(1).to_string();
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k '{}'",
            self.config.ports.postgres,
            lossy(&socket)
        );
        let started = Launch {
            component: Component::Postgres,
            program: &bins.pg_ctl,
            args: vec![
                "-D".into(),
                lossy(&data),
                "-w".into(),
                "-t".into(),
                timeout,
                "-l".into(),
                lossy(&log),
                "-o".into(),
                options,
                "start".into(),
            ],
            env: Vec::new(),
            run_dir: layout.root(),
            log: &layout.step_log("pg_ctl"),
            user: Some(user),
        }
        .run("pg_ctl start");
        if let Err(e) = started {
            // The postmaster's own log says why (a taken port, a bad option).
            return Err(match e {
                StackError::StepFailed {
                    component,
                    step,
                    status,
                    ..
                } => StackError::StepFailed {
                    component,
                    step,
                    status,
                    tail: log_tail(&log),
                    log,
                },
                other => other,
            });
        }
        let pid_file = data.join("postmaster.pid");
        let pid = fs::read_to_string(&pid_file)
            .ok()
            .and_then(|text| text.lines().next()?.trim().parse::<u32>().ok())
            .ok_or_else(|| StackError::StepFailed {
                component: Component::Postgres,
                step: "pg_ctl start",
                status: format!("no PID in {}", pid_file.display()),
                tail: log_tail(&log),
                log: log.clone(),
            })?;
        self.record(Proc {
            component: Component::Postgres,
            pid,
            start_time: start_time(pid),
            child: None,
            log,
        })
    }
}
