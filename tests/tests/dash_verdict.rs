//! `dash verdict` as a cron job or a CI gate runs it: the built binary against a real Prometheus holding the
//! scenario history, whose verdict is known in advance; against a closed port; against a Prometheus without
//! Tumulte's data.

use std::process::{Command, Output};

use serde_json::Value;
use tumulte_policy::Level;
use tumulte_test_kit::binaries;
use tumulte_test_kit::http::free_port;
use tumulte_tests::prometheus::{self, PrometheusServer};
use tumulte_tests::scenario::Scenario;
use tumulte_tests::Error;

type Result<T = ()> = std::result::Result<T, Error>;

/// The exit code of an unavailable Prometheus, as `dash verdict --help` documents it.
const UNAVAILABLE: i32 = 4;

fn dash_verdict(args: &[&str]) -> Result<Output> {
    Ok(Command::new(binaries::dash()?).arg("verdict").args(args).output()?)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn json_gives_each_scenario_the_values_and_levels_it_implies() -> Result {
    let Some(prom) = prometheus::shared()? else {
        return Ok(());
    };
    let t = prom.timeline.clone().ok_or("no history")?;
    for scenario in Scenario::ALL {
        let at = t.end_of(scenario).to_string();
        let out = dash_verdict(&["--prometheus", &prom.url(), "--at", &at, "--json"])?;
        assert_eq!(out.status.code(), Some(0), "{scenario:?}: {}", stderr(&out));
        let json: Value = serde_json::from_slice(&out.stdout)?;
        let signals = json["signals"].as_array().ok_or("no signals")?;
        assert_eq!(signals.len(), scenario.expected().len(), "{scenario:?}: {json}");
        for (signal, value, level) in scenario.expected() {
            let got = signals
                .iter()
                .find(|s| s["signal"] == signal.key())
                .ok_or_else(|| format!("{scenario:?}: no {}", signal.key()))?;
            assert_eq!(got["level"], level.name(), "{scenario:?} {}: {got}", signal.key());
            match (value, got["value"].as_f64()) {
                (Some(v), Some(g)) => assert!(
                    (v - g).abs() < 0.01 * v.max(1.0),
                    "{scenario:?} {}: {g} vs {v}",
                    signal.key()
                ),
                (None, None) => assert!(got["value"].is_null(), "{scenario:?} {}: {got}", signal.key()),
                other => return Err(format!("{scenario:?} {}: {other:?}", signal.key()).into()),
            }
        }
        assert_eq!(json["overall"], scenario.overall().name(), "{scenario:?}: {json}");
    }
    Ok(())
}

#[test]
fn exit_code_is_each_scenarios_overall_level() -> Result {
    let Some(prom) = prometheus::shared()? else {
        return Ok(());
    };
    let t = prom.timeline.clone().ok_or("no history")?;
    let mut seen = Vec::new();
    for scenario in Scenario::ALL {
        let at = t.end_of(scenario).to_string();
        let out = dash_verdict(&["--prometheus", &prom.url(), "--at", &at, "--exit-code"])?;
        let overall = scenario.overall();
        assert_eq!(
            out.status.code(),
            Some(i32::from(overall.number())),
            "{scenario:?}: {}",
            stderr(&out)
        );
        let table = String::from_utf8_lossy(&out.stdout);
        assert!(
            table.contains(&format!("Overall: {overall} (")),
            "{scenario:?}: {table}"
        );
        seen.push(overall);
    }
    // The scenarios span ok, warning and critical, so a constant exit code cannot pass.
    assert!([Level::Ok, Level::Warning, Level::Critical]
        .iter()
        .all(|l| seen.contains(l)));
    Ok(())
}

#[test]
fn a_closed_port_exits_4_with_one_line_saying_unreachable() -> Result {
    let url = format!("http://127.0.0.1:{}", free_port()?);
    let out = dash_verdict(&["--prometheus", &url, "--exit-code"])?;
    assert_eq!(out.status.code(), Some(UNAVAILABLE));
    let message = stderr(&out);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains(&format!("Prometheus at {url} is unreachable")),
        "{message}"
    );
    assert!(out.stdout.is_empty());
    Ok(())
}

#[test]
fn credentials_in_the_url_are_never_printed() -> Result {
    let port = free_port()?;
    let out = dash_verdict(&["--prometheus", &format!("http://ops:s3cret@127.0.0.1:{port}")])?;
    let message = stderr(&out);
    assert!(message.contains(&format!("http://127.0.0.1:{port}")), "{message}");
    assert!(!message.contains("s3cret") && !message.contains("ops:"), "{message}");
    Ok(())
}

#[test]
fn a_prometheus_without_tumultes_data_exits_4_saying_empty() -> Result {
    let Some(prom) = PrometheusServer::start(None)? else {
        return Ok(());
    };
    let out = dash_verdict(&["--prometheus", &prom.url(), "--exit-code"])?;
    assert_eq!(out.status.code(), Some(UNAVAILABLE), "{}", stderr(&out));
    let message = stderr(&out);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains(&format!("Prometheus at {} is empty at ", prom.url())),
        "{message}"
    );
    assert!(message.contains("--at inside its retention"), "{message}");
    Ok(())
}
