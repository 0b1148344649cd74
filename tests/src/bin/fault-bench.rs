//! `fault-bench`: the plugin under 64 concurrent mixed queries for ten minutes while Prometheus is killed and
//! restarted, answers slower than the timeout, answers 503 and answers garbage, in cycles
//! (`tumulte_tests::faults`). Prints the queries, the answers by fault and cause, p50/p99 latency against the
//! deadline (the timeout plus a second), the plugin's peak RSS and its RSS after each healthy phase, and every
//! rule broken. Exits 1 when one was.
//!
//! `cargo run --release -p tumulte-tests --bin fault-bench [-- --minutes N] [BINARY]` (needs `prometheus` and
//! `promtool` from apt). It measures BINARY, else the shipped `plugin/dist/gpx_tumulte_scaling_linux_amd64` when
//! `plugin/scripts/dist.sh` has run, else this build's binary.

use std::path::PathBuf;
use std::time::Duration;

use tumulte_tests::faults::{cycle, Bench};
use tumulte_tests::host::{grafana_env, PluginProcess};
use tumulte_tests::Error;

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Error> {
    let mut minutes = 10.0;
    let mut binary = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--minutes" => {
                minutes = args
                    .next()
                    .and_then(|m| m.parse().ok())
                    .ok_or("--minutes takes a number, e.g. --minutes 10")?;
            }
            other if other.starts_with('-') => {
                return Err(format!("unknown option {other}: usage: fault-bench [--minutes N] [BINARY]").into())
            }
            path => binary = Some(PathBuf::from(path)),
        }
    }
    let binary = tumulte_test_kit::plugin::benched(binary)?;
    let plugin = PluginProcess::start_program(&binary, &[], &grafana_env()).await?;
    let mut bench = Bench::start(plugin)
        .await?
        .ok_or("prometheus is not installed: apt-get install --no-install-recommends prometheus")?;
    println!("fault-bench: {} for {minutes} min", binary.display());
    let report = bench.run(&cycle(1.0), Duration::from_secs_f64(minutes * 60.0)).await?;
    println!("{}", report.render());
    if !report.violations.is_empty() {
        std::process::exit(1);
    }
    Ok(())
}
