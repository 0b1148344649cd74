//! Real dashboards from other projects (`../shared/corpus/dashboards/`, read in place, never copied): every one
//! reads into the typed model and writes back with every field it had.

use std::path::PathBuf;

use grafana_dashboards::viz::Viz;
use grafana_dashboards::{lossless, Dashboard};
use serde_json::Value;

/// The corpus files, or `None` after the test kit's skip rule.
fn corpus() -> Option<Vec<PathBuf>> {
    let dir = tumulte_test_kit::repo::shared("corpus/dashboards")?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the corpus folder lists")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 17, "the corpus has its 17 dashboards: {files:?}");
    Some(files)
}

/// The file as JSON and as read by the crate.
fn read(path: &PathBuf) -> (Value, Result<Dashboard, String>) {
    let text = std::fs::read_to_string(path).expect("readable");
    let json: Value = serde_json::from_str(&text).expect("JSON");
    let dashboard = Dashboard::parse(&text).map_err(|e| format!("{}: {e}", name(path)));
    (json, dashboard)
}

fn name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every file's problems at once, so one run shows them all.
fn each(files: &[PathBuf], check: impl Fn(&PathBuf, Value, Dashboard) -> Vec<String>) {
    let mut problems = Vec::new();
    for path in files {
        match read(path) {
            (json, Ok(dashboard)) => problems.extend(check(path, json, dashboard)),
            (_, Err(e)) => problems.push(e),
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The input as Grafana holds it after loading: unwrapped and migrated, which is what the output must contain.
fn loaded(json: Value) -> Value {
    let mut json = grafana_dashboards::migrate::unwrap_resource(json);
    grafana_dashboards::migrate::upgrade(&mut json);
    json
}

#[test]
fn every_corpus_dashboard_reads() {
    let Some(files) = corpus() else { return };
    each(&files, |path, _, dashboard| {
        let none = dashboard.panels().next().is_none();
        none.then(|| format!("{}: no panel read", name(path)))
            .into_iter()
            .collect()
    });
}

#[test]
fn every_corpus_dashboard_writes_back_every_field_it_had() {
    let Some(files) = corpus() else { return };
    each(&files, |path, json, dashboard| {
        let lost = lossless::lost(&loaded(json), &dashboard.to_json());
        lost.into_iter()
            .map(|at| format!("{}: lost {at}", name(path)))
            .collect()
    });
}

#[test]
fn writing_is_a_fixed_point() {
    let Some(files) = corpus() else { return };
    each(&files, |path, _, dashboard| {
        let once = dashboard.to_pretty_json();
        let twice = Dashboard::parse(&once).map(|d| d.to_pretty_json()).ok();
        (twice.as_ref() != Some(&once))
            .then(|| format!("{}: a second pass changes the output", name(path)))
            .into_iter()
            .collect()
    });
}

#[test]
fn core_panels_of_the_corpus_are_typed() {
    let Some(files) = corpus() else { return };
    each(&files, |path, _, dashboard| {
        dashboard
            .panels()
            .filter_map(|panel| match &panel.viz {
                Viz::Other(other) if Viz::KINDS.contains(&other.kind.as_str()) => Some(format!(
                    "{}: {:?} ({}) kept untyped",
                    name(path),
                    panel.title,
                    other.kind
                )),
                _ => None,
            })
            .collect()
    });
}
