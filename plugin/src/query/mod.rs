//! The query kinds (JSON field `kind`, modelled by [`ScalingQuery`]): `promql`, `cacheHitRate`,
//! `scalingVerdict`. Each query of a request answers on its own: a bad one gets a [`QueryError`] with an
//! HTTP-like status, the others still answer.

pub mod cache_hit_rate;
pub mod promql;
pub mod verdict;

use grafana_dashboards::excerpt::{clip, prefix, Quoted};
use grafana_plugin_sdk::pluginv2::DataQuery;
use serde_json::Value;
use tumulte_policy::query::ScalingQuery;

use crate::instance::Instance;
use crate::prometheus::PromError;
use crate::wire::ErrorSource;
use grafana_frames::{Frame, Grid};

/// The kinds a query may name, for messages.
fn kinds() -> String {
    ScalingQuery::KINDS.join(", ")
}

/// A per-query error: a status (400 bad query, 502 upstream, 504 timeout, 500 bug) and a message that names
/// the field and the fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    /// HTTP-like status.
    pub status: i32,
    /// What is wrong, and what to do.
    pub message: String,
}

impl QueryError {
    /// A 400.
    pub fn bad_request(message: impl Into<String>) -> Self {
        QueryError {
            status: 400,
            message: message.into(),
        }
    }

    /// Whom Grafana should blame (`DataResponse.errorSource`): a 500 is the plugin's own failure; every other
    /// status comes from the query, the data source's settings or Prometheus. (Not `source`, which would shadow
    /// [`std::error::Error::source`].)
    pub fn error_source(&self) -> ErrorSource {
        if self.status == 500 {
            ErrorSource::Plugin
        } else {
            ErrorSource::Downstream
        }
    }

    /// A 500 (a bug of the plugin).
    pub fn internal(message: impl Into<String>) -> Self {
        QueryError {
            status: 500,
            message: message.into(),
        }
    }
}

impl From<PromError> for QueryError {
    fn from(e: PromError) -> Self {
        QueryError {
            status: e.status(),
            message: e.to_string(),
        }
    }
}

/// A query as Grafana sent it, with Grafana's defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The refId.
    pub ref_id: String,
    /// Start of the range, ms.
    pub from_ms: i64,
    /// End of the range, ms.
    pub to_ms: i64,
    /// The panel's interval, ms.
    pub interval_ms: i64,
    /// The panel's max data points.
    pub max_data_points: i64,
    /// The parsed query.
    pub query: ScalingQuery,
}

impl Request {
    /// The kind's name, for metrics.
    pub fn kind(&self) -> &'static str {
        self.query.kind()
    }

    /// The range query grid.
    pub fn grid(&self) -> Result<Grid, QueryError> {
        Grid::new(self.from_ms, self.to_ms, self.interval_ms, self.max_data_points)
            .map_err(|e| QueryError::bad_request(e.to_string()))
    }
}

/// The refId of a query (`A` when Grafana sent none).
pub fn ref_id(q: &DataQuery) -> String {
    if q.ref_id.is_empty() {
        "A".to_owned()
    } else {
        q.ref_id.clone()
    }
}

/// Reads a query: its JSON, its time range; a 400 naming the field when it is wrong.
pub fn parse(q: &DataQuery) -> Result<Request, QueryError> {
    let value: Value = serde_json::from_slice(&q.json).map_err(|e| {
        QueryError::bad_request(format!(
            "the query is not valid JSON ({}): send an object such as {{\"kind\":\"scalingVerdict\"}}",
            clip(&e.to_string())
        ))
    })?;
    let Some(object) = value.as_object() else {
        return Err(QueryError::bad_request(
            "the query is not a JSON object: send an object such as {\"kind\":\"scalingVerdict\"}",
        ));
    };
    match object.get("kind") {
        None => {
            return Err(QueryError::bad_request(format!(
                "the query has no field kind: set kind to one of {}",
                kinds()
            )))
        }
        Some(Value::String(k)) if !ScalingQuery::KINDS.contains(&k.as_str()) => {
            return Err(QueryError::bad_request(format!(
                "unknown kind {}: set kind to one of {}",
                Quoted(k),
                kinds()
            )))
        }
        Some(Value::String(_)) => {}
        Some(other) => {
            return Err(QueryError::bad_request(format!(
                "field kind is {}, not a string: set kind to one of {}",
                prefix(&other.to_string()),
                kinds()
            )))
        }
    }
    let query: ScalingQuery = serde_json::from_value(value.clone()).map_err(|e| {
        QueryError::bad_request(format!(
            "query of kind {}: {}. Fields: promql {{expr, legendFormat?, instant?}}, cacheHitRate {{groupBy?}}, \
             scalingVerdict {{format?: \"table\"|\"timeseries\", \
             series?: \"all\"|\"overall\"}}",
            object.get("kind").and_then(Value::as_str).unwrap_or_default(),
            clip(&e.to_string())
        ))
    })?;
    let range = q
        .time_range
        .ok_or_else(|| QueryError::bad_request("the query has no timeRange: send fromEpochMS and toEpochMS"))?;
    let request = Request {
        ref_id: ref_id(q),
        from_ms: range.from_epoch_ms,
        to_ms: range.to_epoch_ms,
        interval_ms: if q.interval_ms > 0 { q.interval_ms } else { 1_000 },
        max_data_points: q.max_data_points,
        query,
    };
    // An empty or reversed range is a 400 for every kind, instant or not.
    request.grid()?;
    Ok(request)
}

/// Answers one query.
pub async fn run(instance: &Instance, request: &Request) -> Result<Vec<Frame>, QueryError> {
    match &request.query {
        ScalingQuery::Promql {
            expr,
            legend_format,
            instant,
        } => promql::run(instance, request, expr, legend_format.as_deref(), *instant).await,
        ScalingQuery::CacheHitRate { group_by } => cache_hit_rate::run(instance, request, group_by.as_deref()).await,
        ScalingQuery::ScalingVerdict { format, series } => verdict::run(instance, request, *format, *series).await,
    }
}

#[cfg(test)]
mod tests {
    use grafana_plugin_sdk::pluginv2::TimeRange;

    use super::*;

    #[test]
    fn only_a_500_is_blamed_on_the_plugin() {
        assert_eq!(QueryError::internal("bug").error_source(), ErrorSource::Plugin);
        assert_eq!(QueryError::bad_request("bad").error_source(), ErrorSource::Downstream);
        let down = PromError::Unreachable {
            url: "http://127.0.0.1:1".into(),
            detail: "connection refused".into(),
        };
        assert_eq!(QueryError::from(down).error_source(), ErrorSource::Downstream);
    }

    fn q(json: &str, from: i64, to: i64) -> DataQuery {
        DataQuery {
            ref_id: "A".into(),
            json: json.as_bytes().to_vec(),
            time_range: Some(TimeRange {
                from_epoch_ms: from,
                to_epoch_ms: to,
            }),
            ..Default::default()
        }
    }

    #[test]
    fn bad_queries_name_the_field_and_the_fix() {
        let cases = [
            ("{", "not valid JSON"),
            ("[]", "not a JSON object"),
            ("{}", "no field kind"),
            (r#"{"kind":"cpu"}"#, "unknown kind \"cpu\""),
            (r#"{"kind":3}"#, "not a string"),
            (r#"{"kind":"promql"}"#, "missing field `expr`"),
            (r#"{"kind":"scalingVerdict","format":"pie"}"#, "unknown variant `pie`"),
        ];
        for (json, expected) in cases {
            let e = parse(&q(json, 0, 1000)).expect_err(json);
            assert_eq!(e.status, 400);
            assert!(e.message.contains(expected), "{json}: {}", e.message);
        }
        let e = parse(&q(r#"{"kind":"scalingVerdict"}"#, 1000, 0)).expect_err("reversed");
        assert!(e.message.contains("timeRange is reversed"), "{}", e.message);
    }

    #[test]
    fn grafana_defaults_apply() {
        let mut d = q(r#"{"kind":"cacheHitRate"}"#, 0, 60_000);
        d.ref_id.clear();
        let r = parse(&d).expect("valid");
        assert_eq!(r.ref_id, "A");
        assert_eq!(r.interval_ms, 1_000);
        assert_eq!(r.kind(), "cacheHitRate");
    }
}
