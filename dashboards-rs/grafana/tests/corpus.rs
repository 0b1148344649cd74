//! Real dashboards from other projects (`../shared/corpus/dashboards/`, read in place, never copied): every one
//! reads into the typed model and writes back with every field it had.

mod corpus_files;

use corpus_files::CorpusFile;
use grafana_dashboards::viz::Viz;
use grafana_dashboards::{lossless, Dashboard};
use serde_json::Value;

/// Every file's problems at once, so one run shows them all.
fn each(files: &[CorpusFile], check: impl Fn(&CorpusFile, Value, Dashboard) -> Vec<String>) {
    let mut problems = Vec::new();
    for file in files {
        match Dashboard::parse(&file.text) {
            Ok(dashboard) => problems.extend(check(file, file.json(), dashboard)),
            Err(e) => problems.push(format!("{}: {e}", file.name)),
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
    let Some(files) = corpus_files::files() else { return };
    each(&files, |file, _, dashboard| {
        let none = dashboard.panels().next().is_none();
        none.then(|| format!("{}: no panel read", file.name))
            .into_iter()
            .collect()
    });
}

#[test]
fn every_corpus_dashboard_writes_back_every_field_it_had() {
    let Some(files) = corpus_files::files() else { return };
    each(&files, |file, json, dashboard| {
        let lost = lossless::lost(&loaded(json), &dashboard.to_json());
        lost.into_iter().map(|at| format!("{}: lost {at}", file.name)).collect()
    });
}

#[test]
fn writing_is_a_fixed_point() {
    let Some(files) = corpus_files::files() else { return };
    each(&files, |file, _, dashboard| {
        let once = dashboard.to_pretty_json();
        let twice = Dashboard::parse(&once).map(|d| d.to_pretty_json()).ok();
        (twice.as_ref() != Some(&once))
            .then(|| format!("{}: a second pass changes the output", file.name))
            .into_iter()
            .collect()
    });
}

#[test]
fn core_panels_of_the_corpus_are_typed() {
    let Some(files) = corpus_files::files() else { return };
    each(&files, |file, _, dashboard| {
        dashboard
            .panels()
            .filter_map(|panel| match &panel.viz {
                Viz::Other(other) if Viz::KINDS.contains(&other.kind.as_str()) => Some(format!(
                    "{}: {:?} ({}) kept untyped",
                    file.name, panel.title, other.kind
                )),
                _ => None,
            })
            .collect()
    });
}
