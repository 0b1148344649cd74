//! Property tests of reading dashboard JSON from outside, with shrinking (proptest). Real dashboards (the
//! overview, and the public corpus when it is beside the checkout) are edited at random: a value anywhere
//! replaced by any JSON, a key removed, the text truncated. Whatever comes in, reading never panics, a refusal is
//! a bounded message, and what reads also writes, lints and imports without a panic, and writes a fixed point.
//! A failing case is shrunk and saved under `proptest-regressions/`, which is committed and replayed first.
//!
//! `PROPTEST_CASES=20000 cargo test --release -p grafana-dashboards --test properties` runs longer.

mod corpus_files;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use grafana_dashboards::codegen::{import, Source};
use grafana_dashboards::lint::{lint_dashboard, LintContext};
use grafana_dashboards::Dashboard;
use proptest::prelude::*;
use serde_json::Value;
use tumulte_test_kit::properties::{cases, MESSAGE_MAX};

/// Time allowed for reading, writing, linting and importing one dashboard in a debug build: a guard against
/// blow-ups, far above what any input takes.
const SLOW: Duration = Duration::from_secs(5);

fn config(default: u32) -> ProptestConfig {
    ProptestConfig::with_cases(cases(default))
}

/// The seeds: the overview and, when present, the smaller half of the public corpus (the large ones make each
/// case slow without reaching other code).
fn seeds() -> &'static [(String, Value)] {
    static SEEDS: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let overview = tumulte_test_kit::repo::root().join("provisioning/dashboards/tumulte/tumulte-overview.json");
        let text = std::fs::read_to_string(&overview).unwrap_or_else(|e| panic!("{}: {e}", overview.display()));
        let mut seeds = vec![("tumulte-overview.json".to_owned(), text)];
        if let Some(files) = corpus_files::files() {
            seeds.extend(
                files
                    .into_iter()
                    .filter(|f| f.text.len() < 64 * 1024)
                    .map(|f| (f.name, f.text)),
            );
        }
        seeds
            .into_iter()
            .map(|(name, text)| {
                let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
                (name, json)
            })
            .collect()
    })
}

/// Any JSON value, small.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop_oneof![
            Just("row"),
            Just("timeseries"),
            Just("graph"),
            Just("stat"),
            Just("prometheus"),
            Just("$datasource"),
            Just("${DS_PROMETHEUS}"),
            Just("rate(up[$__rate_interval])"),
        ]
        .prop_map(Value::from),
        "\\PC{0,24}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-zA-Z]{1,10}", inner), 0..4)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// Every JSON pointer of `value`.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

/// An edit of a seed: up to three values anywhere replaced by any JSON, or removed.
#[derive(Debug, Clone)]
struct Edit {
    seed: usize,
    places: Vec<(prop::sample::Index, Option<Value>)>,
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        any::<prop::sample::Index>(),
        prop::collection::vec(
            (any::<prop::sample::Index>(), prop::option::weighted(0.8, json_value())),
            1..4,
        ),
    )
        .prop_map(|(seed, places)| Edit {
            seed: seed.index(seeds().len()),
            places,
        })
}

fn apply(edit: &Edit) -> Value {
    let mut value = seeds()[edit.seed].1.clone();
    for (place, replacement) in &edit.places {
        let mut all = Vec::new();
        pointers(&value, String::new(), &mut all);
        if all.is_empty() {
            break;
        }
        let pointer = &all[place.index(all.len())];
        match replacement {
            Some(v) => {
                if let Some(slot) = value.pointer_mut(pointer) {
                    *slot = v.clone();
                }
            }
            None => {
                let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
                match value.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.remove(&key.replace("~1", "/").replace("~0", "~"));
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = key.parse::<usize>() {
                            if i < items.len() {
                                items.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    value
}

/// Reads `text`; what reads must write a fixed point, lint and import; a refusal must be bounded.
fn check(text: &str) -> Result<(), TestCaseError> {
    let started = Instant::now();
    match Dashboard::parse(text) {
        Err(e) => {
            let message = e.to_string();
            prop_assert!(message.len() <= MESSAGE_MAX, "{} bytes: {message}", message.len());
        }
        Ok(dashboard) => {
            let written = dashboard.to_json();
            let again = Dashboard::from_json(written.clone());
            prop_assert!(
                again.is_ok(),
                "what it wrote does not read: {:?}",
                again.err().map(|e| e.to_string())
            );
            if let Ok(again) = again {
                prop_assert_eq!(&again.to_json(), &written, "writing is not a fixed point");
            }
            let _ = lint_dashboard(&written, &LintContext::new());
            let _ = import(&dashboard, Source::Function);
        }
    }
    let took = started.elapsed();
    prop_assert!(took < SLOW, "took {took:?}");
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn an_edited_dashboard_reads_writes_lints_and_imports_or_is_refused_briefly(edit in edit()) {
        check(&apply(&edit).to_string())?;
    }

    #[test]
    fn a_truncated_dashboard_is_refused_briefly(seed in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>()) {
        let text = seeds()[seed.index(seeds().len())].1.to_string();
        let mut end = cut.index(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        check(&text[..end])?;
    }

    #[test]
    fn any_json_is_read_or_refused_briefly(value in json_value()) {
        check(&value.to_string())?;
    }

    #[test]
    fn a_huge_value_is_quoted_by_its_prefix(len in 1_000usize..100_000, depth in 1usize..120) {
        let long = "x".repeat(len);
        let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        for text in [
            format!(r#"{{"panels": ["{long}"]}}"#),
            format!(r#"{{"panels": [{{"type": "row", "panels": ["{long}"]}}]}}"#),
            format!(r#"{{"panels": [], "schemaVersion": "{long}"}}"#),
            format!(r#"{{"panels": [{{"type": "stat", "gridPos": {{"h": "{long}"}}}}]}}"#),
            format!(r#"{{"panels": [{{"type": "stat", "id": {nested}}}]}}"#),
            format!(r#"{{"panels": {nested}}}"#),
            format!(r#"{{"{long}": 1}}"#),
        ] {
            check(&text)?;
        }
    }
}
