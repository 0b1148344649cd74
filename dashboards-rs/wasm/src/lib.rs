//! WebAssembly bindings: the overview dashboard, the signals, the verdict, and the facts the plugin's editors show
//! (levels with their colours, values in their units, what an override may be, the data source's settings keys).
//!
//! Built by `scripts/build-wasm` into an npm package that works in Node and in bundlers. The functions call the
//! same code as `dash build` and the plugin, so JavaScript gets the same bytes, the same verdicts and the same words.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use grafana_dashboards::{Color, Unit};
use tumulte_artefacts::overview;
use tumulte_policy::overrides::{OverrideError, Overrides};
use tumulte_policy::settings::{self, secure, JsonData};
use tumulte_policy::{verdict as engine, Level, Policy};

/// The TypeScript types of the package, written into its `.d.ts` by the custom section below (a plain constant too,
/// so the tests can read it). rustc does not count the custom section's read as a use.
#[allow(dead_code)]
const TS_DECLARATIONS: &str = r#"
/** A verdict level, mildest first. */
export type Level = "ok" | "info" | "warning" | "critical";
/** A level as people see it: its name, its number (0–3, what a state timeline or an alert reads), the Grafana
 * colour it is drawn in (`green`, `orange`, …) and what it asks of people ("act soon"). */
export interface LevelInfo { name: Level; number: number; color: string; meaning: string }
/** The key of a signal. */
export type SignalKey = "cpuUsage" | "memoryUsage" | "memoryAvailable" | "diskAvailable" | "latencyP95"
  | "errorRate" | "dbPoolUsage" | "websocketsPerInstance" | "cacheHitRate";
/** A step of the scaling table. */
export interface Step { level: Level; value: number; action: string }
/** A signal Tumulte watches, with its scaling steps; `unit` is a Grafana unit id (`percent`, `s`, `short`). */
export interface Signal {
  id: SignalKey; name: string; unit: string; direction: "above" | "below"; sustain: string; steps: Step[];
}
/** Overrides of the scaling table's steps, as a data source stores them: `{cpuUsage: {warning: 60}}`. */
export type Overrides = Partial<Record<SignalKey, Partial<Record<Level, number>>>>;
/** Overrides as read from a stored `jsonData.thresholds`: any keys, which `checkOverrides` judges. */
export type StoredOverrides = Record<string, Partial<Record<string, number>>>;
/** One override the backend rejects: the signal key, the level (`null` when the signal itself is unknown), and the
 * backend's own message. */
export interface OverrideProblem { signal: string; level: string | null; message: string }
/** Signal values: a number, or null when there is no data. Every scaling signal must be present. */
export type Readings = Partial<Record<SignalKey, number | null>>;
/** The verdict on one signal. */
export interface SignalVerdict {
  signal: SignalKey; name: string; value: number | null; unit: string;
  warning: number | null; critical: number | null; info: number | null; level: Level; action: string;
}
/** The verdict on every scaling signal, and overall. */
export interface Verdict { signals: SignalVerdict[]; overall: Level; action: string }

/** `jsonData` of a Tumulte Scaling data source: `tumulte_policy::settings::JsonData`, key for key (checked by the
 * package's tests against what serde writes). Every key is optional; a missing one takes Tumulte's default. */
export interface JsonData {
  /** The backend's DB pool size (a whole number ≥ 1); default `defaults().dbPoolSize`. */
  dbPoolSize?: number;
  /** Bound on each request to Prometheus, in seconds (> 0); default `defaults().timeoutSeconds`. */
  timeoutSeconds?: number;
  /** Overrides of the scaling table's steps, `{"cpuUsage": {"warning": 60}}`; see `checkOverrides`. */
  thresholds?: StoredOverrides;
  /** Accept any certificate from Prometheus (testing only). */
  tlsSkipVerify?: boolean;
  /** Trust only `secureJsonData.tlsCACert` for Prometheus's certificate. */
  tlsAuthWithCACert?: boolean;
  /** Present `secureJsonData.tlsClientCert` and `tlsClientKey` to Prometheus. */
  tlsAuth?: boolean;
  /** The name Prometheus's certificate must carry, when the URL's host differs. */
  serverName?: string;
  /** Custom headers, Grafana's keys: `httpHeaderName1`, `httpHeaderName2`, … (values in secureJsonData). */
  [httpHeaderName: `httpHeaderName${number}`]: string | undefined;
}
/** `secureJsonData`: `tumulte_policy::settings::secure`. Write-only: Grafana never sends it back, only
 * `secureJsonFields` saying what is set. */
export interface SecureJsonData {
  /** The basic auth password (with `basicAuth` on and `basicAuthUser`). */
  basicAuthPassword?: string;
  /** Sent as `Authorization: Bearer …` when basic auth is off. */
  bearerToken?: string;
  /** The CA certificate, PEM (with `tlsAuthWithCACert`). */
  tlsCACert?: string;
  /** The client certificate, PEM (with `tlsAuth`). */
  tlsClientCert?: string;
  /** The client certificate's private key, PEM (with `tlsAuth`). */
  tlsClientKey?: string;
  /** Custom header values: `httpHeaderValue1`, … */
  [httpHeaderValue: `httpHeaderValue${number}`]: string | undefined;
}
/** The keys the Rust side reads and writes: those serde writes for a fully-populated `JsonData`, the
 * `secureJsonData` keys, and the prefixes of the numbered header keys. */
export interface JsonDataKeys { jsonData: string[]; headerName: string; secureJsonData: string[]; headerValue: string }
/** Tumulte's defaults for what a data source may leave unset. */
export interface Defaults { timeoutSeconds: number; dbPoolSize: number; scrapeIntervalMs: number }
"#;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = TS_DECLARATIONS;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    // JSON-compatible: maps become plain objects and `None` becomes `null`, as the TypeScript types say.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// `null` and `undefined` are no overrides; anything else must be `{signalKey: {level: number}}`.
fn overrides_from_js(overrides: Option<JsValue>) -> Result<Overrides, JsError> {
    let Some(overrides) = overrides.filter(|o| !o.is_undefined() && !o.is_null()) else {
        return Ok(Overrides::new());
    };
    serde_wasm_bindgen::from_value(overrides)
        .map_err(|e| JsError::new(&format!("overrides must look like {{cpuUsage: {{warning: 60}}}}: {e}")))
}

/// The "Tumulte - Overview" dashboard JSON, byte for byte what `dash build` writes.
#[wasm_bindgen(js_name = overviewDashboard)]
pub fn overview_dashboard() -> Result<String, JsError> {
    overview::overview(&Policy::default())
        .map(|d| d.to_pretty_json())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Every signal with its unit, direction, "constant" window and scaling steps (thresholds and actions).
#[wasm_bindgen(js_name = signals, unchecked_return_type = "Signal[]")]
pub fn signals() -> Result<JsValue, JsError> {
    to_js(&Policy::default().signals())
}

/// The verdict for these signal values (`{cpuUsage: 75, latencyP95: 0.3, …}`, `null` for no data), with Tumulte's
/// default thresholds or, when given, a data source's overrides of them (`{cpuUsage: {warning: 60}}`).
/// Throws an `Error` naming the signal and the fix for a missing signal, an unknown key, NaN, a negative value,
/// or an override the backend rejects (the message `checkOverrides` gives).
#[wasm_bindgen(js_name = verdict, unchecked_return_type = "Verdict")]
pub fn verdict(
    #[wasm_bindgen(unchecked_param_type = "Readings")] readings: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "StoredOverrides | null")] overrides: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let values: std::collections::BTreeMap<String, Option<f64>> =
        serde_wasm_bindgen::from_value(readings).map_err(|e| {
            JsError::new(&format!(
                "readings must be an object of signal keys to numbers or null: {e}"
            ))
        })?;
    let mut policy = Policy::default();
    policy
        .apply_overrides(&overrides_from_js(overrides)?)
        .map_err(|e| JsError::new(&e.to_string()))?;
    let readings = engine::readings_from_keys(values.iter().map(|(k, v)| (k.as_str(), *v)))
        .map_err(|e| JsError::new(&e.to_string()))?;
    let result = engine::evaluate(&policy, &readings).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&result)
}

/// A level as the editors draw it.
#[derive(Debug, Serialize)]
struct LevelInfo {
    name: Level,
    number: u8,
    color: Color,
    meaning: &'static str,
}

fn level_infos() -> Vec<LevelInfo> {
    Level::ALL
        .into_iter()
        .map(|level| LevelInfo {
            name: level,
            number: level.number(),
            color: level.color(),
            meaning: level.meaning(),
        })
        .collect()
}

/// Every level, mildest first, with its number, its Grafana colour (`Level::color`, as dashboards and the plugin's
/// frames draw it) and what it asks of people.
#[wasm_bindgen(js_name = levels, unchecked_return_type = "LevelInfo[]")]
pub fn levels() -> Result<JsValue, JsError> {
    to_js(&level_infos())
}

fn unit_of(id: &str) -> Result<Unit, String> {
    Unit::from_id(id).ok_or_else(|| format!("unknown unit {id:?}: give a Grafana unit id such as percent, s or short"))
}

/// A value in a unit (a Grafana unit id, as `Signal.unit` gives it) for people, as the dashboards and the plugin
/// write it: `formatValue("s", 0.5)` is `"500 ms"`, `formatValue("percent", 70)` is `"70%"`.
/// Throws an `Error` for an unknown unit id.
#[wasm_bindgen(js_name = formatValue)]
pub fn format_value(unit: &str, value: f64) -> Result<String, JsError> {
    unit_of(unit).map(|u| u.format(value)).map_err(|e| JsError::new(&e))
}

/// The short suffix of a unit (a Grafana unit id) for an input or a table: `%`, `s`, or `""` for a count.
/// Throws an `Error` for an unknown unit id.
#[wasm_bindgen(js_name = unitSymbol)]
pub fn unit_symbol(unit: &str) -> Result<String, JsError> {
    unit_of(unit)
        .map(|u| u.symbol().to_owned())
        .map_err(|e| JsError::new(&e))
}

/// An override the backend rejects.
#[derive(Debug, PartialEq, Serialize)]
struct OverrideProblem {
    signal: String,
    level: Option<String>,
    message: String,
}

/// Every override `Policy::apply_overrides` rejects, each with its message. `apply_overrides` stops at the first;
/// here each signal, then each of its steps, is applied on its own, so every problem is named, in key order.
fn override_problems(overrides: &Overrides) -> Vec<OverrideProblem> {
    let apply = |signal: &str, levels: std::collections::BTreeMap<String, f64>| {
        Policy::default().apply_overrides(&Overrides::from([(signal.to_owned(), levels)]))
    };
    let mut problems = Vec::new();
    for (signal, levels) in overrides {
        if let Err(e @ OverrideError::UnknownSignal { .. }) = apply(signal, Default::default()) {
            problems.push(OverrideProblem {
                signal: signal.clone(),
                level: None,
                message: e.to_string(),
            });
            continue;
        }
        for (level, &value) in levels {
            if let Err(e) = apply(signal, [(level.clone(), value)].into()) {
                problems.push(OverrideProblem {
                    signal: signal.clone(),
                    level: Some(level.clone()),
                    message: e.to_string(),
                });
            }
        }
    }
    // Overrides are judged one by one today; should a rule ever look at several at once, it still shows up here.
    if problems.is_empty() {
        if let Err(e) = Policy::default().apply_overrides(overrides) {
            problems.push(OverrideProblem {
                signal: String::new(),
                level: None,
                message: e.to_string(),
            });
        }
    }
    problems
}

/// What the backend would reject of these overrides (`jsonData.thresholds`): for each, the signal, the level
/// (`null` for an unknown signal) and the message `Policy::apply_overrides` gives, word for word. An empty list means
/// the backend applies them all. Throws an `Error` when `overrides` is not `{signalKey: {level: number}}`.
#[wasm_bindgen(js_name = checkOverrides, unchecked_return_type = "OverrideProblem[]")]
pub fn check_overrides(
    #[wasm_bindgen(unchecked_optional_param_type = "StoredOverrides | null")] overrides: Option<JsValue>,
) -> Result<JsValue, JsError> {
    to_js(&override_problems(&overrides_from_js(overrides)?))
}

/// The `jsonData` keys serde writes for a `JsonData` with every field set. Built with a struct literal, so a field
/// added to `JsonData` does not compile here until it is set (and declared in the TypeScript `JsonData`).
fn json_data_keys_written() -> Vec<String> {
    let full = JsonData {
        db_pool_size: Some(10),
        timeout_seconds: Some(30.0),
        thresholds: Overrides::from([("cpuUsage".to_owned(), [("warning".to_owned(), 60.0)].into())]),
        tls_skip_verify: true,
        tls_auth_with_ca_cert: true,
        tls_auth: true,
        server_name: Some("prometheus".to_owned()),
        rest: serde_json::Map::new(),
    };
    match serde_json::to_value(&full) {
        Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
        // JsonData is a struct, so it always serialises as an object; the key-for-key tests would see nothing here.
        _ => Vec::new(),
    }
}

/// The `secureJsonData` keys (the numbered header values aside).
const SECURE_KEYS: [&str; 5] = secure::ALL;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonDataKeys {
    json_data: Vec<String>,
    header_name: &'static str,
    secure_json_data: Vec<&'static str>,
    header_value: &'static str,
}

/// The settings keys the Rust side reads: every `jsonData` key serde writes for a fully-populated
/// `tumulte_policy::settings::JsonData`, the `secureJsonData` keys, and the prefixes of the numbered header keys
/// (`httpHeaderName<N>`, `httpHeaderValue<N>`). The package's tests check the `JsonData` and `SecureJsonData`
/// TypeScript types against them.
#[wasm_bindgen(js_name = jsonDataKeys, unchecked_return_type = "JsonDataKeys")]
pub fn json_data_keys() -> Result<JsValue, JsError> {
    to_js(&JsonDataKeys {
        json_data: json_data_keys_written(),
        header_name: settings::HEADER_NAME,
        secure_json_data: SECURE_KEYS.to_vec(),
        header_value: secure::HEADER_VALUE,
    })
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Defaults {
    timeout_seconds: u64,
    db_pool_size: u32,
    scrape_interval_ms: u64,
}

/// Tumulte's defaults for what a data source may leave unset: the timeout of a request to Prometheus, in seconds,
/// and the backend's DB pool size; and the scrape interval `$__rate_interval` assumes, in milliseconds.
#[wasm_bindgen(js_name = defaults, unchecked_return_type = "Defaults")]
pub fn defaults() -> Result<JsValue, JsError> {
    to_js(&Defaults {
        timeout_seconds: settings::DEFAULT_TIMEOUT_SECONDS,
        db_pool_size: settings::DEFAULT_DB_POOL_SIZE,
        scrape_interval_ms: tumulte_policy::catalog::SCRAPE_INTERVAL.as_millis(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The property names of `export interface <name> { … }` in the TypeScript declarations.
    fn declared_keys(name: &str) -> Vec<String> {
        let start = TS_DECLARATIONS
            .find(&format!("export interface {name} {{"))
            .unwrap_or_else(|| panic!("interface {name} is declared"));
        let body = &TS_DECLARATIONS[start..];
        let body = &body[..body.find("\n}").expect("the interface ends")];
        let mut keys: Vec<String> = body
            .lines()
            .filter_map(|line| line.trim().split_once("?:").map(|(key, _)| key.to_owned()))
            .filter(|key| key.chars().all(|c| c.is_ascii_alphanumeric()))
            .collect();
        keys.sort();
        keys
    }

    #[test]
    fn the_typescript_json_data_declares_the_keys_serde_writes() {
        let mut written = json_data_keys_written();
        written.sort();
        assert_eq!(declared_keys("JsonData"), written);
        assert!(TS_DECLARATIONS.contains(&format!("`{}${{number}}`", settings::HEADER_NAME)));
    }

    #[test]
    fn the_typescript_secure_json_data_declares_the_secure_keys() {
        let mut keys: Vec<String> = SECURE_KEYS.iter().map(|k| (*k).to_owned()).collect();
        keys.sort();
        assert_eq!(declared_keys("SecureJsonData"), keys);
        assert!(TS_DECLARATIONS.contains(&format!("`{}${{number}}`", secure::HEADER_VALUE)));
    }

    #[test]
    fn every_problem_is_named_with_the_policys_message() {
        let overrides: Overrides = serde_json::from_str(
            r#"{"cpu": {"warning": 60, "critical": 80}, "cpuUsage": {"warning": -1, "critical": 90},
                "dbPoolUsage": {"critical": 95, "warning": 70}}"#,
        )
        .expect("overrides JSON");
        let problems = override_problems(&overrides);
        let paths: Vec<_> = problems
            .iter()
            .map(|p| (p.signal.as_str(), p.level.as_deref()))
            .collect();
        assert_eq!(
            paths,
            [
                ("cpu", None),
                ("cpuUsage", Some("warning")),
                ("dbPoolUsage", Some("critical"))
            ]
        );
        // Each message is the policy's own, as apply_overrides gives it for that override alone.
        let first = Policy::default()
            .apply_overrides(&overrides)
            .expect_err("rejected")
            .to_string();
        assert_eq!(problems[0].message, first);
        assert!(
            problems[1].message.starts_with("thresholds.cpuUsage.warning is -1"),
            "{problems:?}"
        );
    }

    #[test]
    fn overrides_the_policy_accepts_have_no_problem() {
        let overrides: Overrides =
            serde_json::from_str(r#"{"cpuUsage": {"warning": 60}, "latencyP95": {"critical": 0.8}}"#).expect("JSON");
        assert_eq!(override_problems(&overrides), []);
        assert_eq!(override_problems(&Overrides::new()), []);
    }

    #[test]
    fn levels_carry_the_policys_colours_and_words() {
        let json = serde_json::to_value(level_infos()).expect("serialises");
        assert_eq!(
            json[2],
            serde_json::json!({"name": "warning", "number": 2, "color": "orange", "meaning": "act soon"})
        );
        assert_eq!(json.as_array().map(Vec::len), Some(Level::ALL.len()));
    }

    #[test]
    fn values_are_formatted_by_the_unit_of_their_grafana_id() {
        assert_eq!(unit_of("s").map(|u| u.format(0.5)), Ok("500 ms".to_owned()));
        assert!(unit_of("seconds")
            .expect_err("no such id")
            .contains("unknown unit \"seconds\""));
    }
}
