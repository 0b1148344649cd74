//! Property tests of every parser of the plugin's outside input, with shrinking (proptest): the queries Grafana
//! forwards, a data source's settings, Prometheus's answers (whole, truncated, garbled) and the PromQL panels
//! send. For each: it never panics, a refusal names the field and the fix in a bounded message that quotes no
//! secret, and it takes bounded time. A failing case is shrunk to its smallest form and saved under
//! `proptest-regressions/`, which is committed: every later run replays it first.
//!
//! `PROPTEST_CASES=100000 cargo test --release -p tumulte-plugin --test properties` runs longer.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use grafana_frames::prometheus::{numeric, wide, Layout, Style};
use grafana_frames::{arrow::encode, FrameType, Grid, Meta};
use grafana_plugin_sdk::pluginv2::{DataQuery, DataSourceInstanceSettings, TimeRange};
use proptest::prelude::*;
use serde_json::{json, Value};
use tumulte_plugin::metrics::Metrics;
use tumulte_plugin::prometheus::{read_answer, Prometheus};
use tumulte_plugin::query::{self, promql};
use tumulte_plugin::settings::Settings;
use tumulte_test_kit::properties::{cases, MESSAGE_MAX};

/// Time allowed for one parse, far above what any input takes: a guard against blow-ups, not a benchmark.
const SLOW: Duration = Duration::from_secs(2);

fn config(default: u32) -> ProptestConfig {
    ProptestConfig::with_cases(cases(default))
}

/// Runs `work`, failing the case when it takes longer than [`SLOW`].
fn timed<T>(what: &str, work: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    let started = Instant::now();
    let out = work();
    let took = started.elapsed();
    prop_assert!(took < SLOW, "{what} took {took:?}");
    Ok(out)
}

/// Any JSON value, with the keys and values the plugin reads over-represented.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("kind".to_owned()),
        Just("expr".to_owned()),
        Just("legendFormat".to_owned()),
        Just("instant".to_owned()),
        Just("groupBy".to_owned()),
        Just("format".to_owned()),
        Just("refId".to_owned()),
        "\\PC{0,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop_oneof![
            Just("promql"),
            Just("cacheHitRate"),
            Just("scalingVerdict"),
            Just("table"),
            Just("timeseries"),
            Just("up"),
        ]
        .prop_map(Value::from),
        "\\PC{0,40}".prop_map(Value::from),
    ];
    leaf.prop_recursive(6, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// A valid query's text, then edited: truncated, a span deleted or repeated, a byte replaced.
fn mutated(valid: Vec<String>) -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(valid),
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        any::<u8>(),
        0..4u8,
    )
        .prop_map(|(text, a, b, byte, how)| {
            let mut bytes = text.into_bytes();
            let (i, j) = (a.index(bytes.len() + 1), b.index(bytes.len() + 1));
            let (lo, hi) = (i.min(j), i.max(j));
            match how {
                0 => bytes.truncate(lo),
                1 => {
                    bytes.drain(lo..hi);
                }
                2 => {
                    let span = bytes[lo..hi].to_vec();
                    bytes.splice(lo..lo, span);
                }
                _ => {
                    if lo < bytes.len() {
                        bytes[lo] = byte;
                    }
                }
            }
            bytes
        })
}

fn valid_queries() -> Vec<String> {
    [
        json!({"kind": "promql", "expr": "sum by (job) (rate(tumulte_http_requests_total[5m]))", "legendFormat": "{{job}}"}),
        json!({"kind": "promql", "expr": "up", "instant": true}),
        json!({"kind": "cacheHitRate", "groupBy": "instance"}),
        json!({"kind": "scalingVerdict", "format": "table"}),
        json!({"kind": "scalingVerdict", "format": "timeseries"}),
    ]
    .iter()
    .map(Value::to_string)
    .collect()
}

/// The words a refusal of a query names: its field or its part.
const QUERY_WORDS: &[&str] = &["kind", "query", "timeRange", "expr", "field", "JSON"];

fn data_query(json: Vec<u8>, from: i64, to: i64, interval_ms: i64, max_data_points: i64) -> DataQuery {
    DataQuery {
        ref_id: "A".into(),
        json,
        time_range: Some(TimeRange {
            from_epoch_ms: from,
            to_epoch_ms: to,
        }),
        interval_ms,
        max_data_points,
        query_type: String::new(),
    }
}

/// A time range: ordinary ones, reversed and empty ones, and the extremes of the type.
fn millis() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => 1_600_000_000_000i64..1_900_000_000_000,
        1 => Just(0i64),
        1 => Just(i64::MIN),
        1 => Just(i64::MAX),
        2 => any::<i64>(),
    ]
}

fn check_query(json: Vec<u8>, from: i64, to: i64, interval: i64, points: i64) -> Result<(), TestCaseError> {
    let q = data_query(json, from, to, interval, points);
    match timed("query::parse", || query::parse(&q))? {
        Ok(request) => {
            prop_assert!(request.grid().is_ok(), "a parsed query has a grid");
            if let tumulte_policy::query::ScalingQuery::Promql { expr, .. } = &request.query {
                check_promql(expr)?;
            }
        }
        Err(e) => {
            prop_assert_eq!(e.status, 400, "{}", e.message);
            prop_assert!(
                e.message.len() <= MESSAGE_MAX,
                "{} bytes: {}",
                e.message.len(),
                e.message
            );
            prop_assert!(
                QUERY_WORDS.iter().any(|w| e.message.contains(w)),
                "names no field: {}",
                e.message
            );
        }
    }
    Ok(())
}

fn check_promql(expr: &str) -> Result<(), TestCaseError> {
    if let Err(e) = timed("promql::validate", || promql::validate(expr))? {
        prop_assert_eq!(e.status, 400);
        prop_assert!(e.message.starts_with("field expr"), "{}", e.message);
        prop_assert!(
            e.message.len() <= MESSAGE_MAX,
            "{} bytes: {}",
            e.message.len(),
            e.message
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_query_json_is_answered_or_refused_by_name(
        value in json_value(), from in millis(), to in millis(), interval in any::<i64>(), points in any::<i64>(),
    ) {
        check_query(value.to_string().into_bytes(), from, to, interval, points)?;
    }

    #[test]
    fn edited_queries_are_answered_or_refused_by_name(
        bytes in mutated(valid_queries()), from in millis(), to in millis(),
    ) {
        check_query(bytes, from, to, 15_000, 1_000)?;
    }

    #[test]
    fn any_bytes_are_refused_by_name(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        check_query(bytes, 0, 60_000, 1_000, 100)?;
    }

    #[test]
    fn a_huge_value_is_quoted_by_its_prefix(len in 1_000usize..200_000, depth in 1usize..400) {
        let long = "k".repeat(len);
        let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        for json in [
            format!(r#"{{"kind":"{long}"}}"#),
            format!(r#"{{"kind":{nested}}}"#),
            format!(r#"{{"kind":"scalingVerdict","format":"{long}"}}"#),
            format!(r#"{{"kind":"promql","expr":"{long}("}}"#),
            format!(r#"{{"kind":"promql","expr":{nested}}}"#),
        ] {
            check_query(json.into_bytes(), 0, 60_000, 1_000, 100)?;
        }
    }
}

/// PromQL-like text: the tokens of the language, Grafana's macros as they arrive substituted, and noise.
fn promql_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("up".to_owned()),
        Just("tumulte_http_requests_total".to_owned()),
        Just("rate(".to_owned()),
        Just("sum by (job) (".to_owned()),
        Just("histogram_quantile(0.95, ".to_owned()),
        Just("{job=~\"api|web\"}".to_owned()),
        Just("{__name__=~\".+\"}".to_owned()),
        Just("[5m]".to_owned()),
        Just("[1m:15s]".to_owned()),
        Just("[99999999999999999999y]".to_owned()),
        Just(" offset -1h".to_owned()),
        Just(" @ 1700000000".to_owned()),
        Just(" @ end()".to_owned()),
        Just(")".to_owned()),
        Just(", ".to_owned()),
        Just(" / ".to_owned()),
        Just(" and on(instance) ".to_owned()),
        Just(" > bool 0.5".to_owned()),
        Just("1e308".to_owned()),
        Just("0x7fffffffffffffff".to_owned()),
        Just("\"\\u00e9\\x41\\777\"".to_owned()),
        Just("`raw`".to_owned()),
        Just("# comment\n".to_owned()),
        "[0-9]{1,25}[smhdwy]?".prop_map(|d| format!("[{d}]")),
        "\\PC{0,8}",
    ];
    prop::collection::vec(token, 0..24).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn any_promql_is_checked_or_refused_by_name(expr in promql_text()) {
        check_promql(&expr)?;
    }
}

/// A secret as a data source holds it: recognisable, so that a message that quotes it is caught.
fn secret() -> impl Strategy<Value = String> {
    prop_oneof![
        "SECRET-[a-z0-9]{6,12}",
        "SECRET-[a-z0-9]{2}\n[a-z0-9]{4}",
        Just("SECRET-\u{0}\u{7f}".to_owned()),
        Just("-----BEGIN CERTIFICATE-----\nSECRET-not-base64\n-----END CERTIFICATE-----\n".to_owned()),
        Just("-----BEGIN PRIVATE KEY-----\nSECRETSECRET\n-----END PRIVATE KEY-----\n".to_owned()),
    ]
}

/// `jsonData` with the keys the plugin reads, each with any value.
fn json_data() -> impl Strategy<Value = Value> {
    let keys = prop::sample::subsequence(
        vec![
            "timeoutSeconds",
            "dbPoolSize",
            "thresholds",
            "tlsSkipVerify",
            "tlsAuth",
            "tlsAuthWithCACert",
            "serverName",
            "httpHeaderName1",
            "httpHeaderName2",
        ],
        0..9,
    );
    let thresholds = prop::collection::btree_map(
        prop_oneof![
            Just("cpuUsage".to_owned()),
            Just("dbPoolUsage".to_owned()),
            "\\PC{0,80}"
        ],
        prop::collection::btree_map(
            prop_oneof![Just("warning".to_owned()), Just("critical".to_owned()), "\\PC{0,80}"],
            prop_oneof![any::<f64>(), -1.0..200.0f64],
            0..3,
        ),
        0..3,
    )
    .prop_map(|t| serde_json::to_value(t).unwrap_or(Value::Null));
    (keys, json_value(), thresholds).prop_map(|(keys, any, thresholds)| {
        let mut object = serde_json::Map::new();
        for (i, key) in keys.into_iter().enumerate() {
            let value = match (key, i % 3) {
                ("thresholds", _) => thresholds.clone(),
                ("timeoutSeconds" | "dbPoolSize", 0) => json!(i as f64 - 1.5),
                ("httpHeaderName1" | "httpHeaderName2", 0) => json!("X-Scope-OrgID"),
                (_, 1) => json!(true),
                _ => any.clone(),
            };
            object.insert(key.to_owned(), value);
        }
        Value::Object(object)
    })
}

fn url() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("http://127.0.0.1:9090".to_owned()),
        Just("https://user:SECRET-pw@prometheus:9090/prometheus".to_owned()),
        "https?://[a-z0-9.:@\\[\\]%/ -]{0,40}",
        "\\PC{0,60}",
    ]
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_settings_are_read_or_refused_by_name_without_a_secret(
        url in url(),
        json in json_data(),
        raw_json in prop::option::of(prop::collection::vec(any::<u8>(), 0..64)),
        basic_user in prop::option::of("[a-z]{0,8}"),
        secrets in prop::collection::vec(
            (prop::sample::select(vec![
                "basicAuthPassword", "bearerToken", "tlsCACert", "tlsClientCert", "tlsClientKey",
                "httpHeaderValue1", "httpHeaderValue2",
            ]), secret()),
            0..7,
        ),
    ) {
        let ds = DataSourceInstanceSettings {
            uid: "ds".into(),
            url,
            basic_auth_enabled: basic_user.is_some(),
            basic_auth_user: basic_user.unwrap_or_default(),
            json_data: raw_json.unwrap_or_else(|| json.to_string().into_bytes()),
            decrypted_secure_json_data: secrets
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect::<HashMap<_, _>>(),
            ..Default::default()
        };
        let message = match timed("Settings::from_grafana", || Settings::from_grafana(&ds))? {
            Err(e) => e.to_string(),
            Ok(settings) => match timed("Prometheus::new", || Prometheus::new(&settings, Arc::new(Metrics::default())))? {
                Ok(_) => return Ok(()),
                Err(e) => e.to_string(),
            },
        };
        prop_assert!(message.len() <= MESSAGE_MAX, "{} bytes: {message}", message.len());
        prop_assert!(!message.contains("SECRET"), "a secret in: {message}");
        prop_assert!(
            ["URL", "jsonData", "secureJsonData", "basic auth", "credentials", "certificate", "PEM", "key"]
                .iter()
                .any(|w| message.contains(w)),
            "names no field: {message}"
        );
    }
}

/// A sample value as Prometheus writes it, the special ones included.
fn sample_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|f| f.to_string()),
        Just("NaN".to_owned()),
        Just("+Inf".to_owned()),
        Just("-Inf".to_owned()),
        Just("1e400".to_owned()),
        "\\PC{0,6}",
    ]
}

/// A sample time: ordinary, fractional, and absurd ones.
fn sample_time() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => (1_700_000_000i64..1_700_010_000).prop_map(Value::from),
        1 => any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        1 => any::<i64>().prop_map(Value::from),
        1 => Just(json!("1700000000")),
    ]
}

fn labels() -> impl Strategy<Value = Value> {
    prop::collection::btree_map("__name__|job|instance|\\PC{0,10}", "\\PC{0,20}", 0..4)
        .prop_map(|m| serde_json::to_value(m).unwrap_or(Value::Null))
}

/// A Prometheus query answer of any result type, as the API writes it.
fn answer() -> impl Strategy<Value = Value> {
    let sample = (sample_time(), sample_value()).prop_map(|(t, v)| json!([t, v])).boxed();
    let matrix =
        prop::collection::vec((labels(), prop::collection::vec(sample.clone(), 0..20)), 0..4).prop_map(|series| {
            json!({"resultType": "matrix", "result": series.into_iter()
                .map(|(metric, values)| json!({"metric": metric, "values": values})).collect::<Vec<_>>()})
        });
    let vector = prop::collection::vec((labels(), sample.clone()), 0..4).prop_map(|series| {
        json!({"resultType": "vector", "result": series.into_iter()
            .map(|(metric, value)| json!({"metric": metric, "value": value})).collect::<Vec<_>>()})
    });
    let scalar = sample.prop_map(|s| json!({"resultType": "scalar", "result": s}));
    let data = prop_oneof![matrix, vector, scalar, json_value()];
    (data, 0..4u8).prop_map(|(data, how)| match how {
        0 | 1 => json!({"status": "success", "data": data}),
        2 => json!({"status": "error", "errorType": "bad_data", "error": data.to_string()}),
        _ => data,
    })
}

fn check_answer(code: u16, is_json: bool, bytes: &[u8]) -> Result<(), TestCaseError> {
    let url = "http://127.0.0.1:9090";
    let grid =
        Grid::new(1_700_000_000_000, 1_700_003_600_000, 15_000, 240).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let style = Style {
        legend: Some("{{job}} {{__name__}}"),
        config: None,
        name: "Value",
        finite_only: false,
    };
    for layout in [Layout::Grid(&grid), Layout::Latest] {
        match timed("read_answer", || read_answer(url, code, is_json, bytes, layout))? {
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.len() <= MESSAGE_MAX, "{} bytes: {message}", message.len());
                prop_assert!(message.contains("Prometheus"), "names no cause: {message}");
            }
            Ok(answer) => {
                let frame = timed("frames", || match layout {
                    Layout::Grid(grid) => wide(answer, grid, "A", Meta::new(FrameType::TimeseriesWide), &style),
                    Layout::Latest => numeric(answer, "A", Meta::new(FrameType::NumericWide), &style),
                })?;
                prop_assert!(encode(&frame).is_ok(), "a frame that does not encode");
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_prometheus_answer_becomes_frames_or_an_error_naming_it(
        answer in answer(), code in prop::sample::select(vec![200u16, 400, 422, 500, 503]), is_json in any::<bool>(),
    ) {
        check_answer(code, is_json, answer.to_string().as_bytes())?;
    }

    #[test]
    fn truncated_and_garbled_answers_are_errors_naming_them(
        answer in answer(), cut in any::<prop::sample::Index>(), flip in any::<prop::sample::Index>(), byte in any::<u8>(),
    ) {
        let mut bytes = answer.to_string().into_bytes();
        let at = flip.index(bytes.len().max(1));
        if let Some(b) = bytes.get_mut(at) {
            *b = byte;
        }
        bytes.truncate(cut.index(bytes.len() + 1));
        check_answer(200, true, &bytes)?;
    }

    #[test]
    fn any_bytes_from_prometheus_are_an_error_naming_them(
        bytes in prop::collection::vec(any::<u8>(), 0..512), code in any::<u16>(), is_json in any::<bool>(),
    ) {
        check_answer(code, is_json, &bytes)?;
    }
}
