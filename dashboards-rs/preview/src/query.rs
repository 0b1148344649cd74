//! Grafana's `POST /api/ds/query`: the request a page sends ([`QueryRequest`], times as epoch-ms strings or
//! Grafana's relative `now-6h`), and the answer ([`QueryResponse`]: one [`QueryResult`] per `refId`, its frames in
//! Grafana's data frame JSON, or its error with an HTTP-like status and whom it blames).

use std::collections::BTreeMap;

use grafana_frames::Frame;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Grafana's `maxDataPoints` when a query has none.
pub const DEFAULT_MAX_DATA_POINTS: i64 = 100;

/// Grafana's `intervalMs` when a query has none.
pub const DEFAULT_INTERVAL_MS: i64 = 1000;

/// The body of `POST /api/ds/query`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryRequest {
    /// The queries, each a panel's target.
    pub queries: Vec<Query>,
    /// Start of the range: epoch milliseconds as a string, or `now-6h`.
    pub from: String,
    /// End of the range.
    pub to: String,
}

/// A data source reference: `{type, uid}`, or (in old dashboards) a data source's name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DataSourceRef {
    /// `{"type": …, "uid": …}`.
    Ref {
        /// The plugin type.
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        kind: Option<String>,
        /// The uid.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        uid: Option<String>,
    },
    /// A name.
    Name(String),
}

impl DataSourceRef {
    /// The uid or name it names, if any.
    pub fn key(&self) -> Option<&str> {
        match self {
            DataSourceRef::Ref { uid, .. } => uid.as_deref(),
            DataSourceRef::Name(name) => Some(name),
        }
    }
}

/// One query: the fields the host reads, and the rest of the target as the page sent it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Query {
    /// The query's id in its panel; Grafana's default is `A`.
    #[serde(default = "default_ref_id")]
    pub ref_id: String,
    /// Its data source; the default data source when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datasource: Option<DataSourceRef>,
    /// The panel's interval in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_ms: Option<i64>,
    /// The panel's maximum number of points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_data_points: Option<i64>,
    /// The query type, for data sources that have several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_type: Option<String>,
    /// Everything else of the target (`expr`, `legendFormat`, `kind`, …).
    #[serde(flatten)]
    pub target: Map<String, Value>,
}

fn default_ref_id() -> String {
    "A".to_owned()
}

impl Query {
    /// `intervalMs`, or Grafana's default 1000.
    pub fn interval_ms(&self) -> i64 {
        self.interval_ms.filter(|i| *i > 0).unwrap_or(DEFAULT_INTERVAL_MS)
    }

    /// `maxDataPoints`, or Grafana's default 100.
    pub fn max_data_points(&self) -> i64 {
        self.max_data_points
            .filter(|m| *m > 0)
            .unwrap_or(DEFAULT_MAX_DATA_POINTS)
    }

    /// The whole target as JSON, as Grafana forwards it to a backend plugin (with Grafana's defaults filled in).
    pub fn json(&self) -> Value {
        let mut full = self.clone();
        full.interval_ms = Some(self.interval_ms());
        full.max_data_points = Some(self.max_data_points());
        serde_json::to_value(full).unwrap_or(Value::Null)
    }

    /// A string field of the target.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.target.get(key).and_then(Value::as_str)
    }

    /// A boolean field of the target (`instant`, `range`); absent is false.
    pub fn flag(&self, key: &str) -> bool {
        self.target.get(key).and_then(Value::as_bool).unwrap_or(false)
    }
}

/// A time range in milliseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeRange {
    /// Start.
    pub from_ms: i64,
    /// End.
    pub to_ms: i64,
}

/// A `from` or `to` Grafana cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} is {value:?}: send epoch milliseconds (\"1700000000000\") or a relative time (now, now-6h, now-30m, now-7d)")]
pub struct TimeError {
    /// `from` or `to`.
    pub field: &'static str,
    /// What was sent.
    pub value: String,
}

impl QueryRequest {
    /// The request's time range, relative times read against `now_ms`.
    pub fn range(&self, now_ms: i64) -> Result<TimeRange, TimeError> {
        Ok(TimeRange {
            from_ms: parse_time("from", &self.from, now_ms)?,
            to_ms: parse_time("to", &self.to, now_ms)?,
        })
    }
}

/// Reads `1700000000000`, `now`, `now-6h` or `now+1d` (units s, m, h, d, w, M, y as Grafana's date math).
pub fn parse_time(field: &'static str, value: &str, now_ms: i64) -> Result<i64, TimeError> {
    let error = || TimeError {
        field,
        value: value.to_owned(),
    };
    let text = value.trim();
    if let Ok(ms) = text.parse::<i64>() {
        return Ok(ms);
    }
    let rest = text.strip_prefix("now").ok_or_else(error)?;
    if rest.is_empty() {
        return Ok(now_ms);
    }
    let (sign, amount) = match rest.split_at(1) {
        ("-", amount) => (-1, amount),
        ("+", amount) => (1, amount),
        _ => return Err(error()),
    };
    let digits = amount.find(|c: char| !c.is_ascii_digit()).ok_or_else(error)?;
    let (number, unit) = amount.split_at(digits);
    let number: i64 = if number.is_empty() {
        1
    } else {
        number.parse().map_err(|_| error())?
    };
    let unit_ms: i64 = match unit {
        "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        "w" => 7 * 86_400_000,
        "M" => 30 * 86_400_000,
        "y" => 365 * 86_400_000,
        _ => return Err(error()),
    };
    Ok(now_ms + sign * number * unit_ms)
}

/// Whom a failed query blames, as Grafana's `errorSource` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorSource {
    /// The data source's plugin (or the host) failed.
    Plugin,
    /// The query, the settings, or what the data source reads (Prometheus) failed.
    Downstream,
}

/// A query's failure: an HTTP-like status, a message that names the thing and the fix, and whom it blames.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    /// HTTP-like status (400, 404, 502, 504, 500…).
    pub status: u16,
    /// What went wrong and what to do.
    pub message: String,
    /// Whom it blames.
    pub blame: ErrorSource,
}

impl QueryError {
    /// A failure of the query or of what the data source reads.
    pub fn downstream(status: u16, message: impl Into<String>) -> Self {
        QueryError {
            status,
            message: message.into(),
            blame: ErrorSource::Downstream,
        }
    }

    /// A failure of the plugin or of the host.
    pub fn plugin(status: u16, message: impl Into<String>) -> Self {
        QueryError {
            status,
            message: message.into(),
            blame: ErrorSource::Plugin,
        }
    }
}

/// One query's answer, as Grafana writes a `DataResponse`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryResult {
    /// HTTP-like status: 200, or the failure's.
    pub status: u16,
    /// The frames (none on failure).
    pub frames: Vec<Frame>,
    /// The failure's message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Whom the failure blames.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_source: Option<ErrorSource>,
}

impl From<Result<Vec<Frame>, QueryError>> for QueryResult {
    fn from(result: Result<Vec<Frame>, QueryError>) -> Self {
        match result {
            Ok(frames) => QueryResult {
                status: 200,
                frames,
                error: None,
                error_source: None,
            },
            Err(e) => QueryResult {
                status: e.status,
                frames: Vec::new(),
                error: Some(e.message),
                error_source: Some(e.blame),
            },
        }
    }
}

/// The answer of `POST /api/ds/query`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryResponse {
    /// One answer per `refId`.
    pub results: BTreeMap<String, QueryResult>,
}

impl QueryResponse {
    /// The HTTP status Grafana 10.4 answers with (`toJsonStreamingResponse` in `pkg/api/ds_query.go`): 200, or
    /// 400 when any query failed (207 only behind the `datasourceQueryMultiStatus` feature toggle, off by default).
    pub fn http_status(&self) -> u16 {
        if self.results.values().any(|r| r.error.is_some()) {
            400
        } else {
            200
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const NOW: i64 = 1_700_000_000_000;

    #[test]
    fn times_are_epoch_milliseconds_or_relative_to_now() {
        assert_eq!(parse_time("from", "1699999000000", NOW), Ok(1_699_999_000_000));
        assert_eq!(parse_time("to", "now", NOW), Ok(NOW));
        assert_eq!(parse_time("from", "now-6h", NOW), Ok(NOW - 6 * 3_600_000));
        assert_eq!(parse_time("from", "now-30m", NOW), Ok(NOW - 1_800_000));
        assert_eq!(parse_time("from", "now-7d", NOW), Ok(NOW - 7 * 86_400_000));
        assert_eq!(parse_time("to", "now+1h", NOW), Ok(NOW + 3_600_000));
        let e = parse_time("from", "yesterday", NOW).expect_err("unreadable");
        assert!(
            e.to_string()
                .starts_with("from is \"yesterday\": send epoch milliseconds"),
            "{e}"
        );
        assert!(parse_time("from", "now-6q", NOW).is_err());
    }

    #[test]
    fn a_query_keeps_its_target_for_the_plugin() {
        let sent = json!({"refId": "B", "datasource": {"type": "x-datasource", "uid": "x"}, "kind": "scalingVerdict",
                          "intervalMs": 15000, "maxDataPoints": 500});
        let q: Query = serde_json::from_value(sent.clone()).expect("valid");
        assert_eq!(q.datasource.as_ref().and_then(DataSourceRef::key), Some("x"));
        assert_eq!(q.text("kind"), Some("scalingVerdict"));
        assert_eq!(q.json(), sent);
    }

    #[test]
    fn grafanas_defaults_fill_what_the_page_left_out() {
        let q: Query = serde_json::from_value(json!({"expr": "up"})).expect("valid");
        assert_eq!(
            (q.ref_id.as_str(), q.interval_ms(), q.max_data_points()),
            ("A", 1000, 100)
        );
        assert_eq!(q.json()["maxDataPoints"], 100);
    }

    #[test]
    fn a_name_can_stand_for_a_data_source() {
        let q: Query = serde_json::from_value(json!({"datasource": "Prometheus"})).expect("valid");
        assert_eq!(q.datasource.as_ref().and_then(DataSourceRef::key), Some("Prometheus"));
    }

    #[test]
    fn one_failed_query_makes_the_answer_a_400() {
        let mut results = BTreeMap::new();
        results.insert("A".to_owned(), QueryResult::from(Ok(Vec::new())));
        let ok = QueryResponse {
            results: results.clone(),
        };
        assert_eq!(ok.http_status(), 200);
        results.insert(
            "B".to_owned(),
            QueryResult::from(Err(QueryError::downstream(502, "down"))),
        );
        let failed = QueryResponse { results };
        assert_eq!(failed.http_status(), 400);
        assert_eq!(
            serde_json::to_value(&failed.results["B"]).expect("serialises"),
            json!({"status": 502, "frames": [], "error": "down", "errorSource": "downstream"})
        );
    }
}
