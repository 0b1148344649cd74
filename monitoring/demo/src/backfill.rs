//! History for dashboards: the simulation run over a past window, written as OpenMetrics by
//! [`openmetrics::History`](crate::openmetrics::History) for `promtool tsdb create-blocks-from openmetrics`
//! ([`openmetrics::create_blocks`](crate::openmetrics::create_blocks)).
//!
//! One point per `step` (by default the scrape interval of the catalog), all at or before `end`; each point is the live `/metrics`
//! text of the simulation at that time ([`Simulation::exposition`]), labelled with the `job` and `instance`
//! Prometheus attaches when it scrapes that target, so history and live scrape give the same series.
//!
//! Besides the `tumulte_*` families it writes `up` (1, or 0 while the timeline is in the outage scenario, when
//! no `tumulte_*` point is written), as Prometheus records a failed scrape.

use std::io::Write;

use tumulte_policy::catalog::{Job, SCRAPE_INTERVAL, UP};

use crate::model::Simulation;
use crate::openmetrics::{target_labels, History, Summary};
use crate::scenario::{Thresholds, Timeline};
use crate::{Error, DEFAULT_SEED};

/// What to write.
#[derive(Debug, Clone, PartialEq)]
pub struct BackfillSpec {
    /// The scenarios, laid from the window's start (the last one goes on to its end).
    pub timeline: Timeline,
    /// The end of the window, Unix seconds (the last point is at or before it).
    pub end: u64,
    /// The window's length, seconds.
    pub seconds: u64,
    /// Seconds between points (the scrape interval).
    pub step: u64,
    /// The `job` label (the scrape job's name).
    pub job: String,
    /// The `instance` label (the scrape target's `host:port`).
    pub instance: String,
    /// The seed of the randomness.
    pub seed: u64,
    /// The thresholds the scenarios are placed against.
    pub thresholds: Thresholds,
    /// Simulated seconds per tick of the simulation.
    pub tick: f64,
}

impl BackfillSpec {
    /// `seconds` of `timeline` ending at `end`: a point per scrape interval, job `tumulte-backend`, instance `127.0.0.1:3333`,
    /// the default seed, the thresholds of Tumulte's defaults, 1 s ticks.
    pub fn new(timeline: Timeline, end: u64, seconds: u64) -> Result<Self, Error> {
        Ok(BackfillSpec {
            timeline,
            end,
            seconds,
            step: SCRAPE_INTERVAL.as_secs(),
            job: Job::TumulteBackend.name().into(),
            instance: format!("127.0.0.1:{}", Job::TumulteBackend.default_port()),
            seed: DEFAULT_SEED,
            thresholds: Thresholds::tumulte_defaults()?,
            tick: 1.0,
        })
    }

    /// The window's start, Unix seconds.
    pub fn start(&self) -> u64 {
        self.end.saturating_sub(self.seconds)
    }

    /// The points' timestamps: every multiple of `step` in `[start, end]`.
    pub fn timestamps(&self) -> impl Iterator<Item = u64> {
        let step = self.step.max(1);
        let first = self.start().div_ceil(step) * step;
        let last = self.end / step * step;
        (first..=last).step_by(usize::try_from(step).unwrap_or(usize::MAX))
    }

    fn check(&self) -> Result<(), Error> {
        if self.step == 0 {
            return Err(Error::Backfill("the step must be at least 1 s".into()));
        }
        if self.seconds < self.step {
            return Err(Error::Backfill("the window is shorter than one step".into()));
        }
        if self.end < self.seconds {
            return Err(Error::Backfill("the window starts before 1970".into()));
        }
        if self.end > 100_000_000_000 {
            return Err(Error::Backfill(format!(
                "--end {} is not in seconds (milliseconds?)",
                self.end
            )));
        }
        if self.job.is_empty() || self.instance.is_empty() {
            return Err(Error::Backfill("job and instance must not be empty".into()));
        }
        Ok(())
    }
}

/// Runs the simulation over the spec's window and writes it as OpenMetrics to `out`: at every timestamp the
/// live exposition of the simulation, labelled with the spec's target, and `up`.
pub fn write_openmetrics<W: Write>(out: W, spec: &BackfillSpec) -> Result<Summary, Error> {
    spec.check()?;
    let start = spec.start();
    let target = target_labels(&spec.job, &spec.instance);
    let mut sim = Simulation::with_tick(spec.timeline.scenario_at(0.0), spec.seed, spec.thresholds, spec.tick);
    let mut history = History::new();
    let mut previous = 0.0;
    for ts in spec.timestamps() {
        let offset = (ts - start) as f64;
        // The interval (previous, ts] runs in the scenario of its start.
        let scenario = spec.timeline.scenario_at(previous);
        if scenario != sim.scenario() {
            sim.set_scenario(scenario);
        }
        sim.advance_to(offset);
        previous = offset;

        let up = sim.scenario().is_up();
        let up_exposition = format!(
            "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n",
            name = UP.name,
            help = UP.help,
            value = if up { "1" } else { "0" }
        );
        history.scrape(ts, &target, &up_exposition)?;
        if up {
            history.scrape(ts, &target, &sim.exposition()?)?;
        }
    }
    if history.is_empty() {
        return Err(Error::Backfill("the window holds no timestamp".into()));
    }
    history.write(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    #[test]
    fn timestamps_are_aligned_and_end_at_or_before_end() -> Result<(), Error> {
        let spec = BackfillSpec::new(Timeline::constant(Scenario::Calm), 1_000_007, 60)?;
        let ts: Vec<u64> = spec.timestamps().collect();
        assert_eq!(ts, vec![999_960, 999_975, 999_990, 1_000_005]);
        Ok(())
    }

    #[test]
    fn milliseconds_are_refused() -> Result<(), Error> {
        let spec = BackfillSpec::new(Timeline::constant(Scenario::Calm), 1_700_000_000_000, 3600)?;
        assert!(matches!(write_openmetrics(Vec::new(), &spec), Err(Error::Backfill(_))));
        Ok(())
    }
}
