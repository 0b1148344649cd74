//! Starting, finding and stopping the stack's processes.
//!
//! Every process gets the environment variable [`MARKER_VARIABLE`] set to its run directory. That is how a
//! process is recognised as the stack's (before a PID from the state file is signalled: PIDs get reused) and how
//! leftovers are found (PostgreSQL's backends, anything a crashed runner left behind): `/proc/PID/environ`.
//!
//! A stopped process may linger as a zombie until its parent reaps it. The runner reaps its own children; the
//! PostgreSQL postmaster (daemonised by `pg_ctl`) and the processes of a runner that exited are reaped by PID 1,
//! slowly on these machines: a zombie (`Z` in `/proc/PID/stat`) counts as stopped.

use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use rustix::process::{kill_process, Pid, Signal};

use crate::component::Component;
use crate::error::{one_line_tail, StackError};

/// Set in the environment of every process of a stack, to the stack's run directory.
pub const MARKER_VARIABLE: &str = "TUMULTE_STACK_RUN_DIR";

/// How long a process has to go after SIGKILL before stopping is reported as failed.
const KILL_WAIT: Duration = Duration::from_secs(5);
/// How often a stopping process is looked at.
const POLL: Duration = Duration::from_millis(25);

/// A user to run a process as (PostgreSQL refuses root).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct User {
    pub uid: u32,
    pub gid: u32,
}

impl User {
    /// The system user `name`, from `/etc/passwd`.
    pub fn lookup(name: &str) -> Option<User> {
        let passwd = fs::read_to_string("/etc/passwd").ok()?;
        passwd.lines().find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            match fields.as_slice() {
                [user, _, uid, gid, ..] if *user == name => Some(User {
                    uid: uid.parse().ok()?,
                    gid: gid.parse().ok()?,
                }),
                _ => None,
            }
        })
    }
}

/// A process of the stack gets a minimal environment: its configuration is all on its command line, nothing leaks
/// in from the caller's (the Discord webhook URL, a `.env`'s `DATA_SOURCE_NAME`, `REDIS_PASSWORD`, `PG*`), and
/// nothing secret is readable in its `/proc/PID/environ`. Plus the stack's marker.
fn clean_env<'c>(command: &'c mut Command, run_dir: &Path) -> &'c mut Command {
    command
        .env_clear()
        .env("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .env("LANG", "C.UTF-8")
        .env(MARKER_VARIABLE, run_dir)
}

/// How to start one process.
pub(crate) struct Launch<'a> {
    pub component: Component,
    pub program: &'a Path,
    pub args: Vec<String>,
    pub env: Vec<(&'static str, String)>,
    pub run_dir: &'a Path,
    pub log: &'a Path,
    pub user: Option<User>,
}

impl Launch<'_> {
    fn command(&self) -> Result<Command, StackError> {
        let log = open_log(self.log)?;
        let log_err = log
            .try_clone()
            .map_err(|e| StackError::io(format!("opening {}", self.log.display()), e))?;
        let mut command = Command::new(self.program);
        clean_env(&mut command, self.run_dir)
            .args(&self.args)
            .envs(self.env.iter().map(|(k, v)| (*k, v.as_str())))
            .current_dir(self.run_dir)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            // Its own process group: a Ctrl-C in the runner's terminal reaches the runner only, which then stops
            // the components in order.
            .process_group(0);
        if let Some(user) = self.user {
            command.uid(user.uid).gid(user.gid);
        }
        Ok(command)
    }

    /// Starts it, in the background.
    pub fn spawn(&self) -> Result<Child, StackError> {
        self.command()?
            .spawn()
            .map_err(|e| StackError::io(format!("starting {} ({})", self.component, self.program.display()), e))
    }

    /// Runs it to completion (a start-up step such as `initdb`); fails with the log's tail if it fails.
    pub fn run(&self, step: &'static str) -> Result<(), StackError> {
        let status = self
            .command()?
            .status()
            .map_err(|e| StackError::io(format!("running {}", self.program.display()), e))?;
        if status.success() {
            Ok(())
        } else {
            Err(StackError::StepFailed {
                component: self.component,
                step,
                status: describe(status),
                log: self.log.to_path_buf(),
                tail: log_tail(self.log),
            })
        }
    }
}

/// Runs a checker (`promtool`, `amtool`) and returns whether it succeeded and what it printed.
pub(crate) fn check_output(program: &Path, args: &[&OsStr], run_dir: &Path) -> Result<(bool, String), StackError> {
    let mut command = Command::new(program);
    let output = clean_env(&mut command, run_dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| StackError::io(format!("running {}", program.display()), e))?;
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    Ok((output.status.success(), text))
}

fn open_log(path: &Path) -> Result<File, StackError> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| StackError::io(format!("opening {}", path.display()), e))
}

/// The last lines of a log file, on one line.
pub(crate) fn log_tail(path: &Path) -> String {
    let text = fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    one_line_tail(&text, 3)
}

/// `exit status 1`, `signal 9`.
pub(crate) fn describe(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit status {code}"),
        (None, Some(signal)) => format!("killed by signal {signal}"),
        (None, None) => "exited".into(),
    }
}

/// What `/proc/PID/stat` says about a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stat {
    state: char,
    process_group: u32,
    session: u32,
    start_time: u64,
}

fn stat(pid: u32) -> Option<Stat> {
    let text = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) S ppid pgrp session …`: comm may hold spaces and parentheses, the fields follow the last `)`.
    let fields: Vec<&str> = text.rsplit_once(')')?.1.split_whitespace().collect();
    Some(Stat {
        state: fields.first()?.chars().next()?,
        process_group: fields.get(2)?.parse().ok()?,
        session: fields.get(3)?.parse().ok()?,
        // Field 22 of proc(5), counted from the state (field 3).
        start_time: fields.get(19)?.parse().ok()?,
    })
}

/// Whether `pid` is a running process (a zombie is not).
pub fn is_alive(pid: u32) -> bool {
    matches!(stat(pid), Some(s) if s.state != 'Z' && s.state != 'X')
}

/// When `pid` started (clock ticks after boot): with the PID, it identifies a process even after PIDs are reused.
pub fn start_time(pid: u32) -> Option<u64> {
    stat(pid).map(|s| s.start_time)
}

/// Whether `pid` carries the marker of `run_dir` in its environment. Processes that rewrite their title over
/// their environment (Redis, PostgreSQL's backends) lose it, which is why stopping also goes by process group.
pub fn belongs_to(pid: u32, run_dir: &Path) -> bool {
    let Ok(environ) = fs::read(format!("/proc/{pid}/environ")) else {
        return false;
    };
    let wanted = marker_entry(run_dir);
    environ.split(|b| *b == 0).any(|entry| entry == wanted.as_slice())
}

fn marker_entry(run_dir: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    let mut entry = format!("{MARKER_VARIABLE}=").into_bytes();
    entry.extend_from_slice(run_dir.as_os_str().as_bytes());
    entry
}

/// Every live process of the stack of `run_dir`: those carrying its marker, and those in the process group or
/// session of one of `leaders` (each component starts its own process group, the PostgreSQL postmaster its own
/// session, which its backends inherit and whose title overwrites their environment).
///
/// For looking, not for killing: once a leader is gone and its group empty, its PID may lead someone else's group.
pub fn processes_of(run_dir: &Path, leaders: &[u32]) -> Vec<u32> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    let me = std::process::id();
    let mut pids: Vec<u32> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .filter(|pid| *pid != me)
        .filter(|pid| {
            let Some(s) = stat(*pid) else { return false };
            let live = s.state != 'Z' && s.state != 'X';
            let grouped = leaders.contains(&s.process_group) || leaders.contains(&s.session);
            live && (grouped || belongs_to(*pid, run_dir))
        })
        .collect();
    pids.sort_unstable();
    pids
}

fn signal(pid: u32, signal: Signal) {
    if let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) {
        // ESRCH (already gone) is what we want anyway.
        let _ = kill_process(pid, signal);
    }
}

/// One process of a started stack.
#[derive(Debug)]
pub(crate) struct Proc {
    pub component: Component,
    pub pid: u32,
    /// Our child, to reap; `None` for a process we did not fork (the postmaster, or one from a state file).
    pub child: Option<Child>,
    /// When it started ([`start_time`]), to tell it from a later process with the same PID.
    pub start_time: Option<u64>,
    pub log: PathBuf,
}

impl Proc {
    /// The signal that asks it to stop: SIGINT for PostgreSQL ("fast" shutdown, as `pg_ctl stop -m fast`; SIGTERM
    /// would wait for every client to disconnect), SIGTERM for the others.
    fn stop_signal(&self) -> Signal {
        match self.component {
            Component::Postgres => Signal::INT,
            _ => Signal::TERM,
        }
    }

    /// Whether it has exited; reaps it if it is our child. `Some(status)` when we reaped it just now.
    pub fn exited(&mut self) -> Option<Option<ExitStatus>> {
        match &mut self.child {
            Some(child) => match child.try_wait() {
                Ok(Some(status)) => Some(Some(status)),
                Ok(None) => None,
                Err(_) => (!is_alive(self.pid)).then_some(None),
            },
            None => (!is_alive(self.pid)).then_some(None),
        }
    }

    fn wait_until(&mut self, deadline: Instant) -> bool {
        loop {
            if self.exited().is_some() {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            thread::sleep(POLL);
        }
    }

    /// Whether its PID still names the process that was started (our child, or same start time, or the marker).
    pub fn is_ours(&self, run_dir: &Path) -> bool {
        self.child.is_some()
            || match self.start_time {
                Some(started) => start_time(self.pid) == Some(started),
                None => belongs_to(self.pid, run_dir),
            }
    }

    /// Stops it: its stop signal, `grace` to exit, then SIGKILL; reaps it if it is our child.
    /// A PID that is no longer ours ([`Proc::is_ours`]) is left alone.
    /// Whatever else runs in its process group or session (PostgreSQL's backends) is SIGKILLed if still there
    /// once it has exited; those processes are listed before it is signalled, so a PID reused meanwhile is spared.
    pub fn stop(&mut self, grace: Duration, run_dir: &Path) -> Result<(), StackError> {
        if self.exited().is_some() || !self.is_ours(run_dir) {
            return Ok(());
        }
        let members = members_of(self.pid);
        signal(self.pid, self.stop_signal());
        let mut stopped = self.wait_until(Instant::now() + grace);
        if !stopped {
            signal(self.pid, Signal::KILL);
            stopped = self.wait_until(Instant::now() + KILL_WAIT);
        }
        kill_all(&members);
        if stopped {
            Ok(())
        } else {
            Err(StackError::StopFailed {
                component: self.component,
                pid: self.pid,
            })
        }
    }
}

/// The other live processes of the process group or session led by `leader`, with their start times.
fn members_of(leader: u32) -> Vec<(u32, u64)> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| *pid != leader)
        .filter_map(|pid| {
            let s = stat(pid)?;
            let member = s.process_group == leader || s.session == leader;
            (member && s.state != 'Z' && s.state != 'X').then_some((pid, s.start_time))
        })
        .collect()
}

/// SIGKILLs those of `processes` (PID, start time) that still run, and waits for them to go.
fn kill_all(processes: &[(u32, u64)]) {
    let still = |(pid, started): &(u32, u64)| is_alive(*pid) && start_time(*pid) == Some(*started);
    for (pid, _) in processes.iter().filter(|p| still(p)) {
        signal(*pid, Signal::KILL);
    }
    let deadline = Instant::now() + KILL_WAIT;
    while processes.iter().any(still) && Instant::now() < deadline {
        thread::sleep(POLL);
    }
}

/// SIGKILLs every process left with the marker of `run_dir` and waits for them to go. Returns how many there were.
pub(crate) fn kill_leftovers(run_dir: &Path) -> usize {
    let leftovers = processes_of(run_dir, &[]);
    for pid in &leftovers {
        signal(*pid, Signal::KILL);
    }
    let deadline = Instant::now() + KILL_WAIT;
    while leftovers.iter().any(|pid| is_alive(*pid)) && Instant::now() < deadline {
        thread::sleep(POLL);
    }
    leftovers.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_free_pid_is_not() {
        assert!(is_alive(std::process::id()));
        assert!(!is_alive(u32::MAX - 1));
    }

    #[test]
    fn finds_root_in_passwd() {
        assert_eq!(User::lookup("root"), Some(User { uid: 0, gid: 0 }));
        assert_eq!(User::lookup("no-such-user-here"), None);
    }
}
