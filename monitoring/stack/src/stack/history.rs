//! The demo's history (`--demo-history`): the demo's simulation over the past window, for every target of the
//! Tumulte app's jobs, written as OpenMetrics by `tumulte-demo` and turned into blocks in Prometheus' TSDB by
//! `promtool`, before Prometheus starts (so that the history ends before its live scrapes begin).

use std::fs::{self, File};
use std::time::{SystemTime, UNIX_EPOCH};

use tumulte_demo::{BackfillSpec, DemoConfig, Timeline};
use tumulte_policy::catalog::Job;

use super::preflight::Plan;
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
