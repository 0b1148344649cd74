//! Each scenario puts each signal on the intended side of each threshold of `Policy::default()`, measured the
//! way PromQL measures it (increase of counters and buckets between two scrapes, `histogram_quantile`
//! interpolation), from the model directly and from a live server.

mod common;

use std::time::Duration;

use common::{error_alert, get, level, parse, post, signals, step, Signals};
use tumulte_demo::model::expected;
use tumulte_demo::{DemoConfig, DemoServer, Scenario, Simulation, Thresholds, DEFAULT_SEED};
use tumulte_policy::Level;
use tumulte_policy::{Policy, SignalId};
use tumulte_test_kit::http::Response;

/// Asserts where `s` stands against Tumulte's defaults for `scenario`.
fn assert_placed(scenario: Scenario, s: &Signals) {
    let policy = Policy::default();
    let latency = level(&policy, SignalId::LatencyP95, s.p95);
    let pool = level(&policy, SignalId::DbPoolUsage, s.pool_percent);
    let websockets = level(&policy, SignalId::WebsocketsPerInstance, s.websockets);
    let errors_alert = s.error_ratio > error_alert(&policy);
    let warning = step(&policy, SignalId::LatencyP95, Level::Warning);
    let context = format!("{scenario}: {s:?}");
    assert!(s.requests > 100.0, "{context}: too little traffic to judge");
    match scenario {
        Scenario::Calm => {
            assert_eq!(latency, Level::Ok, "{context}");
            assert!(s.p95 < 0.5 * warning, "{context}: p95 not well below the warning");
            assert!(!errors_alert && s.error_ratio < 0.01, "{context}");
            assert_eq!(pool, Level::Ok, "{context}");
            assert!(s.pool_percent < 50.0, "{context}");
            assert_eq!(websockets, Level::Ok, "{context}");
        }
        Scenario::Busy => {
            assert_eq!(latency, Level::Warning, "{context}");
            assert!(!errors_alert, "{context}");
            assert_eq!(pool, Level::Warning, "{context}");
            assert!(s.pool_percent < 100.0, "{context}: busy must not saturate the pool");
            assert_eq!(websockets, Level::Info, "{context}");
        }
        Scenario::Overload => {
            assert_eq!(latency, Level::Critical, "{context}");
            assert!(errors_alert, "{context}");
            assert_eq!(s.pool_percent, 100.0, "{context}: pool not saturated");
            assert_eq!(websockets, Level::Info, "{context}");
        }
        Scenario::Outage => unreachable!("the outage exposes nothing"),
    }
}

#[test]
fn model_places_each_scenario_on_the_intended_side_of_every_threshold() {
    let thresholds = Thresholds::tumulte_defaults().expect("thresholds");
    for scenario in [Scenario::Calm, Scenario::Busy, Scenario::Overload] {
        let mut sim = Simulation::new(scenario, DEFAULT_SEED, thresholds);
        sim.advance_to(60.0);
        let before = parse(&sim.exposition().expect("encode"));
        sim.advance_to(360.0); // a 5-minute window, as the rules use
        let after = parse(&sim.exposition().expect("encode"));
        let measured = signals(&before, &after, thresholds.pool_size);
        eprintln!("model {scenario}: {measured:?}");
        assert_placed(scenario, &measured);

        // And close to what the model says it settles at.
        let e = expected(scenario, &thresholds);
        assert!(
            (measured.p95 / e.p95_histogram - 1.0).abs() < 0.15,
            "{scenario}: p95 {} vs {}",
            measured.p95,
            e.p95_histogram
        );
        assert!(
            (measured.error_ratio - e.error_ratio).abs() < 0.3 * e.error_ratio + 0.002,
            "{scenario}"
        );
        assert!((measured.websockets / e.websockets - 1.0).abs() < 0.06, "{scenario}");
        assert!(
            (measured.cache_hit_percent - e.cache_hit_percent).abs() < 2.0,
            "{scenario}"
        );
    }
}

/// Two scrapes `gap` apart of a server running `speed` times faster than real time.
fn measure_live(server: &DemoServer, gap: Duration) -> Signals {
    let addr = server.addr().to_string();
    let scrape = || {
        let Response { status, body } = get(&addr, "/metrics");
        assert_eq!(status, 200, "{body}");
        parse(&body)
    };
    let before = scrape();
    std::thread::sleep(gap);
    let after = scrape();
    signals(
        &before,
        &after,
        Thresholds::tumulte_defaults().expect("thresholds").pool_size,
    )
}

fn fast(scenario: Scenario, speed: f64) -> DemoServer {
    let mut config = DemoConfig::new(scenario).expect("config");
    config.speed = speed;
    config.instance_name = format!("test-{scenario}");
    DemoServer::start_with("127.0.0.1:0", config).expect("start")
}

#[test]
fn live_scrapes_place_each_scenario_on_the_intended_side_of_every_threshold() {
    // 60× real time: two scrapes 2 s apart span two simulated minutes.
    std::thread::scope(|scope| {
        let handles: Vec<_> = [Scenario::Calm, Scenario::Busy, Scenario::Overload]
            .into_iter()
            .map(|scenario| {
                scope.spawn(move || {
                    let server = fast(scenario, 60.0);
                    std::thread::sleep(Duration::from_millis(300));
                    (scenario, measure_live(&server, Duration::from_secs(2)))
                })
            })
            .collect();
        for handle in handles {
            let (scenario, measured) = handle.join().expect("thread");
            eprintln!("live {scenario}: {measured:?}");
            assert_placed(scenario, &measured);
        }
    });
}

#[test]
fn switching_scenario_over_http_moves_the_signals_across_the_thresholds() {
    let server = fast(Scenario::Calm, 60.0);
    let addr = server.addr().to_string();
    assert_placed(Scenario::Calm, &measure_live(&server, Duration::from_millis(1500)));

    assert_eq!(post(&addr, "/scenario/overload").status, 200);
    // The signals follow with a 40 s (simulated) time constant: 3 s here is 3 simulated minutes.
    std::thread::sleep(Duration::from_secs(3));
    assert_placed(Scenario::Overload, &measure_live(&server, Duration::from_millis(1500)));

    assert_eq!(post(&addr, "/scenario/outage").status, 200);
    assert_eq!(get(&addr, "/metrics").status, 503);
}
