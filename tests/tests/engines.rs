//! The plugin on VictoriaMetrics: users who outgrow one Prometheus point the data source's URL at a
//! Prometheus-compatible engine. The same history of known verdicts, held by a real VictoriaMetrics, gives the
//! same levels through the plugin as it does on Prometheus.

use tumulte_test_kit::prometheus::{Component, Engines};
use tumulte_tests::host::{query_data, verdict_table_query, Asker, DataSource, PluginProcess};
use tumulte_tests::pluginv2::DataFrameFormat;
use tumulte_tests::scenario::{Scenario, Timeline};
use tumulte_tests::Error;

type Result<T = ()> = std::result::Result<T, Error>;

#[tokio::test(flavor = "multi_thread")]
async fn the_scaling_verdict_on_victoria_metrics_gives_the_known_levels() -> Result {
    // The test kit's VictoriaMetrics (the native runner's), holding the same history as the Prometheus fixture.
    let timeline = Timeline::ending_now();
    let history = timeline.openmetrics();
    let Some(vm) = tokio::task::spawn_blocking(move || Engines::victoria_metrics(&history))
        .await
        .map_err(|e| format!("the fixture thread failed: {e}"))??
    else {
        return Ok(());
    };
    let plugin = PluginProcess::start().await?;
    let ds = DataSource::new(vm.url(Component::VictoriaMetrics));
    for scenario in Scenario::ALL {
        let to = timeline.end_of(scenario);
        let q = verdict_table_query(to);
        let answers = query_data(&plugin, &ds, &Asker::Grafana, DataFrameFormat::Arrow, vec![q]).await?;
        let a = answers.get("V").ok_or("no answer")?;
        assert_eq!(a.status, 200, "{scenario:?}: {}", a.error);
        let frame = a.frames.first().ok_or("no frame")?;
        let signals = frame.field("Key").ok_or("no Key field")?.strings();
        let levels = frame.field("Level").ok_or("no Level field")?.strings();
        for (signal, _, level) in scenario.expected() {
            let row = signals
                .iter()
                .position(|k| k.as_deref() == Some(signal.key()))
                .ok_or("no row")?;
            assert_eq!(
                levels[row].as_deref(),
                Some(level.name()),
                "{scenario:?} {} on VictoriaMetrics",
                signal.key()
            );
        }
        assert_eq!(
            levels.last().cloned().flatten().as_deref(),
            Some(scenario.overall().name()),
            "{scenario:?} overall"
        );
    }
    plugin.shutdown().await?;
    Ok(())
}
