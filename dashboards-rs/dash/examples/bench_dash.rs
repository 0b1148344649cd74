//! Benchmark of `dash`: prints the median, p90 and best time of each command over many runs.
//!
//! Run with `scripts/bench-dash` (it builds the release binary first). Timing is wall-clock from spawn to
//! exit, as a user or CI meets it; each command runs against a scratch repository root so the numbers do not
//! depend on the checkout.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use tumulte_artefacts::generate;
use tumulte_policy::Policy;

const RUNS: usize = 41;

fn stats(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort();
    (samples[samples.len() / 2], samples[samples.len() * 9 / 10], samples[0])
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn time_command(dash: &Path, root: &Path, args: &[&str], before: impl Fn()) -> Vec<Duration> {
    (0..RUNS)
        .map(|_| {
            before();
            let start = Instant::now();
            let status = Command::new(dash)
                .arg("--root")
                .arg(root)
                .args(args)
                .output()
                .map(|o| o.status);
            let elapsed = start.elapsed();
            assert!(status.is_ok_and(|s| s.success()), "dash {args:?} failed");
            elapsed
        })
        .collect()
}

fn main() {
    let dash = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release/dash"));
    if !dash.is_file() {
        eprintln!(
            "bench_dash: {} not found; run `cargo build --release -p tumulte-dash` first",
            dash.display()
        );
        std::process::exit(2);
    }
    let root = tempfile::tempdir().expect("scratch root");
    std::fs::write(root.path().join("Cargo.toml"), "[workspace]\n").expect("write");
    std::fs::create_dir(root.path().join("dashboards-rs")).expect("mkdir");
    let wipe = || {
        for dir in ["provisioning", "monitoring"] {
            let _ = std::fs::remove_dir_all(root.path().join(dir));
        }
    };

    let in_process: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let files = generate::files(&Policy::default()).expect("generates");
            std::hint::black_box(files);
            start.elapsed()
        })
        .collect();
    let fresh = time_command(&dash, root.path(), &["build"], wipe);
    let unchanged = time_command(&dash, root.path(), &["build"], || {});
    let check = time_command(&dash, root.path(), &["check"], || {});
    let lint = time_command(&dash, root.path(), &["lint"], || {});

    println!(
        "dash benchmark: {RUNS} runs each, wall clock from spawn to exit ({})",
        dash.display()
    );
    println!("{:<40} {:>10} {:>10} {:>10}", "what", "median", "p90", "best");
    for (what, samples) in [
        ("generate every file (in process)", in_process),
        ("dash build (writes every file)", fresh),
        ("dash build (nothing changed)", unchanged),
        ("dash check", check),
        ("dash lint", lint),
    ] {
        let (median, p90, best) = stats(samples);
        println!("{what:<40} {:>10} {:>10} {:>10}", ms(median), ms(p90), ms(best));
    }
}
