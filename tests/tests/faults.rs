//! The plugin under load while Prometheus fails in every way it can (`tumulte_tests::faults`): one cycle of the
//! faults, about a minute. `cargo run --release -p tumulte-tests --bin fault-bench` runs ten minutes of them.

use std::time::Duration;

use tumulte_tests::faults::{cycle, Bench, Cause, Fault};
use tumulte_tests::host::{grafana_env, PluginProcess};

/// The plugin's memory under this load stays far below this (about 30 MiB is seen).
const RSS_BOUND_MIB: f64 = 256.0;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_load_every_fault_is_answered_in_time_and_named() {
    let plugin = PluginProcess::start_with(&grafana_env())
        .await
        .expect("the plugin starts");
    let Some(mut bench) = Bench::start(plugin).await.expect("Prometheus and the proxy start") else {
        return;
    };
    let report = bench.run(&cycle(1.0), Duration::ZERO).await.expect("the run completes");
    eprintln!("{}", report.render());
    assert!(report.violations.is_empty(), "{}", report.render());
    assert_eq!(report.restarts, 1, "Prometheus was killed and came back once");
    for fault in [Fault::Down, Fault::Slow, Fault::Failing, Fault::Garbage] {
        let met = report
            .causes
            .iter()
            .any(|((f, c), n)| *f == fault && *c != Cause::Ok && *n > 0);
        assert!(met, "no query met the fault {}:\n{}", fault.name(), report.render());
    }
    assert!(
        report.by_cause().get(&Cause::Ok).copied().unwrap_or(0) > 100,
        "few queries succeeded:\n{}",
        report.render()
    );
    assert!(report.peak_rss_mib < RSS_BOUND_MIB, "{}", report.render());
}
