//! How long `dash fmt`, `dash import` and `dash lint` take on real dashboards, against the floor for reading
//! them: parsing the same text into a `serde_json::Value`.
//!
//! ```text
//! cargo run --release -p grafana-dashboards --example corpus_bench [-- DIR [RUNS]]
//! ```
//!
//! DIR defaults to `../shared/corpus/dashboards` beside the checkout; RUNS (default 15) runs of each step per
//! file, all steps of a file measured side by side, medians printed.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use grafana_dashboards::codegen::{self, Source};
use grafana_dashboards::lint::{lint_dashboard, LintContext};
use grafana_dashboards::Dashboard;
use serde_json::Value;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dashboards"),
        PathBuf::from,
    );
    let runs: usize = args
        .next()
        .map_or(Ok(15), |r| r.parse())
        .map_err(|e| format!("RUNS: {e}"))?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| {
            format!(
                "cannot list {}: {e} (pass the corpus folder as the first argument)",
                dir.display()
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let ctx = LintContext::default();
    println!("{runs} runs per step, medians in ms; ratio = step / parsing into serde_json::Value\n");
    println!("| dashboard | KiB | panels | parse Value | fmt | × | import | × | lint | × |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut totals = [Duration::ZERO; 4];
    for path in &files {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let panels = Dashboard::parse(&text)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .panels()
            .count();
        let mut samples: [Vec<Duration>; 4] = Default::default();
        for _ in 0..runs {
            let t = Instant::now();
            let value: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            samples[0].push(t.elapsed());
            std::hint::black_box(value);

            let t = Instant::now();
            let normalised = Dashboard::normalise(&text).map_err(|e| e.to_string())?;
            samples[1].push(t.elapsed());
            std::hint::black_box(normalised);

            let t = Instant::now();
            let dashboard = Dashboard::parse(&text).map_err(|e| e.to_string())?;
            let source = codegen::import(&dashboard, Source::Function);
            samples[2].push(t.elapsed());
            std::hint::black_box(source);

            let t = Instant::now();
            let value: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            let findings = lint_dashboard(&value, &ctx);
            samples[3].push(t.elapsed());
            std::hint::black_box(findings);
        }
        let m: Vec<Duration> = samples.into_iter().map(median).collect();
        for (total, m) in totals.iter_mut().zip(&m) {
            *total += *m;
        }
        let ratio = |d: Duration| format!("{:.1}", d.as_secs_f64() / m[0].as_secs_f64());
        println!(
            "| {} | {} | {panels} | {} | {} | {} | {} | {} | {} | {} |",
            path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
            text.len() / 1024,
            ms(m[0]),
            ms(m[1]),
            ratio(m[1]),
            ms(m[2]),
            ratio(m[2]),
            ms(m[3]),
            ratio(m[3]),
        );
    }
    let ratio = |d: Duration| format!("{:.1}", d.as_secs_f64() / totals[0].as_secs_f64());
    println!(
        "| **all {}** | | | {} | {} | {} | {} | {} | {} | {} |",
        files.len(),
        ms(totals[0]),
        ms(totals[1]),
        ratio(totals[1]),
        ms(totals[2]),
        ratio(totals[2]),
        ms(totals[3]),
        ratio(totals[3]),
    );
    Ok(())
}
