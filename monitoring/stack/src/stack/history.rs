//! The demo's history (`--demo-history`): the demo's simulation over the past window, for every target of the
//! Tumulte app's jobs, written as OpenMetrics by `tumulte-demo` and turned into blocks in Prometheus' TSDB by
//! `promtool`, before Prometheus starts (so that the history ends before its live scrapes begin). Once Prometheus
//! is up, the recording rules are evaluated over that history too (`promtool tsdb create-blocks-from rules`):
//! Prometheus evaluates rules only from its start, and panels that read recorded series (the objectives' row)
//! would otherwise show minutes where the raw series show hours.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use tumulte_demo::{BackfillSpec, DemoConfig, Timeline};
use tumulte_policy::catalog::Job;

use super::preflight::Plan;
use crate::component::Component;
use crate::config::StackConfig;
use crate::error::StackError;
use crate::process::check_output;

/// What became of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum History {
    /// None was asked for.
    None,
    /// Written into Prometheus' TSDB.
    Written,
    /// Not written: Prometheus' TSDB already holds data (an earlier run's), which history ending now would
    /// overlap; the reason, with what to do.
    Skipped(String),
}

/// Whether Prometheus' data directory holds any block or write-ahead log already.
fn holds_data(data: &std::path::Path) -> bool {
    fs::read_dir(data).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.file_name() == "wal" || e.path().join("meta.json").is_file())
    })
}

/// Puts `config.demo_history` of the demo's scenario, ending now, in Prometheus' TSDB, unless it holds data
/// already: an earlier run's samples and a new history of the same series would overlap, and every rate
/// across them would be wrong.
pub(super) fn backfill(config: &StackConfig, plan: &Plan) -> Result<History, StackError> {
    let Some(window) = config.demo_history else {
        return Ok(History::None);
    };
    let data = plan.layout.prometheus_data();
    if holds_data(&data) {
        return Ok(History::Skipped(format!(
            "Prometheus' data in {} already holds an earlier run's samples; remove that folder for a fresh history",
            data.display()
        )));
    }
    let failed = |what: String| StackError::DemoHistory(what);
    let end = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| failed(format!("the clock is before 1970: {e}")))?
        .as_secs();
    let layout = &plan.layout;
    let file = layout.demo_history();
    let targets = [
        (Job::TumulteBackend, &config.backend_targets),
        (Job::TumulteFrontend, &config.frontend_targets),
    ];
    for (job, instances) in targets {
        for instance in instances {
            let mut spec = BackfillSpec::new(Timeline::constant(config.demo_scenario), end, window.as_secs())
                .map_err(|e| failed(e.to_string()))?;
            job.name().clone_into(&mut spec.job);
            spec.instance.clone_from(instance);
            // The seed `serve-demo` gives the live server of this address, so each target has its own traffic.
            spec.seed = DemoConfig {
                instance_name: instance.clone(),
                ..DemoConfig::new(config.demo_scenario).map_err(|e| failed(e.to_string()))?
            }
            .effective_seed();
            let out = File::create(&file).map_err(|e| StackError::io(format!("creating {}", file.display()), e))?;
            tumulte_demo::backfill::write_openmetrics(out, &spec)
                .map_err(|e| failed(format!("writing {}: {e}", file.display())))?;
            // The runner's promtool (checked by preflight), not the one on the PATH that `tumulte-demo` would run.
            let (ok, output) = check_output(
                &config.binaries.promtool,
                &[
                    "tsdb".as_ref(),
                    "create-blocks-from".as_ref(),
                    "openmetrics".as_ref(),
                    file.as_os_str(),
                    layout.prometheus_data().as_os_str(),
                ],
                layout.root(),
            )?;
            let _ = fs::remove_file(&file);
            if !ok {
                return Err(failed(format!(
                    "promtool tsdb create-blocks-from openmetrics failed for {job} {instance}: {}",
                    crate::error::one_line_tail(&output, 3)
                )));
            }
        }
    }
    Ok(History::Written)
}

/// The recording rules of `rules_dir/*.yml` alone, written to `dir`: `promtool tsdb create-blocks-from rules`
/// would write an alerting rule's result as a series named after the alert.
fn recording_rules_only(rules_dir: &Path, dir: &Path) -> Result<Vec<PathBuf>, StackError> {
    let read_dir = |e| StackError::io(format!("reading the rules directory {}", rules_dir.display()), e);
    let mut sources: Vec<PathBuf> = fs::read_dir(rules_dir)
        .map_err(read_dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml"))
        .collect();
    sources.sort();
    let mut written = Vec::new();
    for source in sources {
        let text =
            fs::read_to_string(&source).map_err(|e| StackError::io(format!("reading {}", source.display()), e))?;
        let mut file: serde_norway::Value = serde_norway::from_str(&text)
            .map_err(|e| StackError::DemoHistory(format!("{} is not a rule file: {e}", source.display())))?;
        let mut any = false;
        for group in file
            .get_mut("groups")
            .and_then(serde_norway::Value::as_sequence_mut)
            .into_iter()
            .flatten()
        {
            if let Some(rules) = group.get_mut("rules").and_then(serde_norway::Value::as_sequence_mut) {
                rules.retain(|rule| rule.get("record").is_some());
                any |= !rules.is_empty();
            }
        }
        if any {
            let target = dir.join(source.file_name().unwrap_or_default());
            let body = serde_norway::to_string(&file)
                .map_err(|e| StackError::DemoHistory(format!("rewriting {}: {e}", source.display())))?;
            fs::write(&target, body).map_err(|e| StackError::io(format!("writing {}", target.display()), e))?;
            written.push(target);
        }
    }
    Ok(written)
}

/// Evaluates the recording rules over the demo's history, against the running Prometheus, and moves the blocks
/// into its TSDB, which loads them at its next block reload (within a minute). Does nothing unless the history
/// was written by this start.
pub(super) fn backfill_rules(config: &StackConfig, plan: &Plan, history: &History) -> Result<(), StackError> {
    let (History::Written, Some(window), Some(port)) =
        (history, config.demo_history, config.port(Component::Prometheus))
    else {
        return Ok(());
    };
    let failed = |what: String| StackError::DemoHistory(what);
    let layout = &plan.layout;
    let work = layout.root().join("rules-history");
    let _ = fs::remove_dir_all(&work);
    let blocks = work.join("blocks");
    fs::create_dir_all(&blocks).map_err(|e| StackError::io(format!("creating {}", blocks.display()), e))?;
    let files = recording_rules_only(&plan.rules_dir, &work)?;
    if files.is_empty() {
        return Ok(());
    }
    let end = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| failed(format!("the clock is before 1970: {e}")))?
        .as_secs();
    let start = end.saturating_sub(window.as_secs());
    let mut args: Vec<std::ffi::OsString> = vec![
        "tsdb".into(),
        "create-blocks-from".into(),
        "rules".into(),
        format!("--start={start}").into(),
        format!("--end={end}").into(),
        format!("--url=http://127.0.0.1:{port}").into(),
        format!("--eval-interval={}s", config.evaluation_interval.as_secs().max(1)).into(),
        "--output-dir".into(),
        blocks.clone().into(),
    ];
    args.extend(files.into_iter().map(Into::into));
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let (ok, output) = check_output(&config.binaries.promtool, &args, layout.root())?;
    if !ok {
        return Err(failed(format!(
            "promtool tsdb create-blocks-from rules failed: {}",
            crate::error::one_line_tail(&output, 3)
        )));
    }
    let data = layout.prometheus_data();
    for entry in fs::read_dir(&blocks)
        .map_err(|e| StackError::io(format!("reading {}", blocks.display()), e))?
        .filter_map(Result::ok)
        .filter(|e| e.path().join("meta.json").is_file())
    {
        let target = data.join(entry.file_name());
        fs::rename(entry.path(), &target)
            .map_err(|e| StackError::io(format!("moving a rules block into {}", data.display()), e))?;
    }
    let _ = fs::remove_dir_all(&work);
    Ok(())
}
