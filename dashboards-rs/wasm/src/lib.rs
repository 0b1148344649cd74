//! WebAssembly bindings: the overview dashboard, the signals and the verdict for JavaScript.
//!
//! Built by `scripts/build-wasm` into an npm package that works in Node and in bundlers. The functions call the
//! same code as `dash build` and the plugin, so JavaScript gets the same bytes and the same verdicts.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use tumulte_artefacts::overview;
use tumulte_policy::overrides::Overrides;
use tumulte_policy::{verdict as engine, Policy};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A verdict level, mildest first. */
export type Level = "ok" | "info" | "warning" | "critical";
/** The key of a signal. */
export type SignalKey = "cpuUsage" | "memoryUsage" | "memoryAvailable" | "diskAvailable" | "latencyP95"
  | "errorRate" | "dbPoolUsage" | "websocketsPerInstance" | "cacheHitRate";
/** A step of the seed's scaling table. */
export interface Step { level: Level; value: number; action: string }
/** A signal the seed watches, with its scaling steps. */
export interface Signal {
  id: SignalKey; name: string; unit: string; direction: "above" | "below"; sustain: string; steps: Step[];
}
/** Overrides of the seed's steps, as a data source stores them: `{cpuUsage: {warning: 60}}`. */
export type Overrides = Partial<Record<SignalKey, Partial<Record<Level, number>>>>;
/** Signal values: a number, or null when there is no data. Every scaling signal must be present. */
export type Readings = Partial<Record<SignalKey, number | null>>;
/** The verdict on one signal. */
export interface SignalVerdict {
  signal: SignalKey; name: string; value: number | null; unit: string;
  warning: number | null; critical: number | null; info: number | null; level: Level; action: string;
}
/** The verdict on every scaling signal, and overall. */
export interface Verdict { signals: SignalVerdict[]; overall: Level; action: string }
"#;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    // JSON-compatible: maps become plain objects and `None` becomes `null`, as the TypeScript types say.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
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

/// The verdict for these signal values (`{cpuUsage: 75, latencyP95: 0.3, …}`, `null` for no data), with the seed's
/// thresholds or, when given, a data source's overrides of them (`{cpuUsage: {warning: 60}}`).
/// Throws an `Error` naming the signal and the fix for a missing signal, an unknown key, NaN, a negative value,
/// or an override of a step the seed lacks.
#[wasm_bindgen(js_name = verdict, unchecked_return_type = "Verdict")]
pub fn verdict(
    #[wasm_bindgen(unchecked_param_type = "Readings")] readings: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Overrides | null | undefined")] overrides: JsValue,
) -> Result<JsValue, JsError> {
    let values: std::collections::BTreeMap<String, Option<f64>> =
        serde_wasm_bindgen::from_value(readings).map_err(|e| {
            JsError::new(&format!(
                "readings must be an object of signal keys to numbers or null: {e}"
            ))
        })?;
    let mut policy = Policy::default();
    if !overrides.is_undefined() && !overrides.is_null() {
        let overrides: Overrides = serde_wasm_bindgen::from_value(overrides)
            .map_err(|e| JsError::new(&format!("overrides must look like {{cpuUsage: {{warning: 60}}}}: {e}")))?;
        policy
            .apply_overrides(&overrides)
            .map_err(|e| JsError::new(&e.to_string()))?;
    }
    let readings = engine::readings_from_keys(values.iter().map(|(k, v)| (k.as_str(), *v)))
        .map_err(|e| JsError::new(&e.to_string()))?;
    let result = engine::evaluate(&policy, &readings).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&result)
}
