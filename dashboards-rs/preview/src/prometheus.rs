//! Grafana 10.4's Prometheus data source, backend side: a target (`expr`, `legendFormat`, `instant`, `range`,
//! `interval`, `intervalFactor`, `utcOffsetSec`) turned into Prometheus's `query_range` / `query` call as
//! `pkg/tsdb/prometheus/models/query.go` does it (the step, `$__interval`, `$__rate_interval`, `$__range`…,
//! the range aligned on the step), and the answer turned into frames by `grafana_frames::prometheus` — the same
//! functions the plugin uses. Also the label and series lookups query variables make
//! (`resources/api/v1/{labels,series,label/NAME/values}`).

use std::time::Duration;

use grafana_dashboards::excerpt::redact_url;
use grafana_frames::prometheus::{self as frames, Answer, AnswerError, Layout, Style};
use grafana_frames::{Frame, FrameType, Grid, Meta, Notice, Severity};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Deserialize;

use crate::datasource::DataSource;
use crate::interval;
use crate::query::{Query, QueryError, TimeRange};

/// How long a call may take when the data source sets no `jsonData.timeout`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The built-in variables Grafana interpolates, with their `${…}` forms, longest names first so that
/// `$__interval_ms` is not read as `$__interval` followed by `_ms`.
const VARIABLES: [(&str, Variable); 7] = [
    ("__interval_ms", Variable::IntervalMs),
    ("__interval", Variable::Interval),
    ("__range_ms", Variable::RangeMs),
    ("__range_s", Variable::RangeS),
    ("__range", Variable::Range),
    ("__rate_interval_ms", Variable::RateIntervalMs),
    ("__rate_interval", Variable::RateInterval),
];

#[derive(Debug, Clone, Copy)]
enum Variable {
    IntervalMs,
    Interval,
    RangeMs,
    RangeS,
    Range,
    RateIntervalMs,
    RateInterval,
}

/// A Prometheus target, as Grafana's `QueryModel` reads it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// The PromQL.
    #[serde(default)]
    pub expr: String,
    /// The legend template; empty and `__auto` mean none.
    #[serde(default)]
    pub legend_format: String,
    /// An instant query.
    #[serde(default)]
    pub instant: bool,
    /// A range query (the default when neither is set).
    #[serde(default)]
    pub range: bool,
    /// The query's min step (`interval`), possibly `$__rate_interval`.
    #[serde(default)]
    pub interval: String,
    /// The deprecated resolution divisor.
    #[serde(default)]
    pub interval_factor: i64,
    /// The browser's UTC offset, which Grafana aligns the range on.
    #[serde(default)]
    pub utc_offset_sec: i64,
}

/// What Grafana sends Prometheus for one target.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The query's refId.
    pub ref_id: String,
    /// The PromQL with the built-in variables interpolated.
    pub expr: String,
    /// The step.
    pub step: Duration,
    /// The range query's grid (start and end aligned on the step), when it is a range query.
    pub grid: Option<Grid>,
    /// The instant query's time, in seconds, when it is an instant query.
    pub instant_at: Option<f64>,
    /// The legend template.
    pub legend: Option<String>,
}

/// Grafana's plan for a target on `ds` over `range` (`models.Parse`).
pub fn plan(query: &Query, ds: &DataSource, range: TimeRange) -> Result<Plan, QueryError> {
    let target: Target = serde_json::from_value(serde_json::Value::Object(query.target.clone())).map_err(|e| {
        QueryError::downstream(
            400,
            format!(
                "query {}: {e}: a Prometheus query has expr, legendFormat, instant, range",
                query.ref_id
            ),
        )
    })?;
    if range.to_ms < range.from_ms {
        return Err(QueryError::downstream(
            400,
            format!(
                "the time range ends ({}) before it starts ({}): pick a range whose end is after its start",
                range.to_ms, range.from_ms
            ),
        ));
    }
    let scrape = ds.time_interval().unwrap_or("");
    let span = Duration::from_millis((range.to_ms - range.from_ms).unsigned_abs());
    let step = step(&target, scrape, query, span).map_err(|e| {
        QueryError::downstream(
            400,
            format!(
                "query {}: {e} (in the query's min step or the data source's jsonData.timeInterval)",
                query.ref_id
            ),
        )
    })?;
    let expr = interpolate(
        &target.expr,
        Duration::from_millis(query.interval_ms().unsigned_abs()),
        step,
        &target.interval,
        scrape,
        span,
    );
    let (instant, ranged) = (target.instant, target.range || !target.instant);
    let grid = ranged.then(|| align(range, step, target.utc_offset_sec));
    let legend = Some(target.legend_format).filter(|l| !l.is_empty() && l != "__auto");
    Ok(Plan {
        ref_id: query.ref_id.clone(),
        expr,
        step,
        grid,
        instant_at: instant.then_some(range.to_ms as f64 / 1000.0),
        legend,
    })
}

/// `calculatePrometheusInterval`: the larger of the interval for `maxDataPoints` (at least the min interval)
/// and the safe interval for 11,000 points; times `intervalFactor`, or `$__rate_interval` of it when the min
/// step is `$__rate_interval`.
fn step(target: &Target, scrape: &str, query: &Query, span: Duration) -> Result<Duration, interval::IntervalError> {
    let variable = is_variable(&target.interval);
    let query_interval = (!variable).then_some(target.interval.as_str());
    let scrape_interval = Some(scrape).filter(|s| !s.is_empty());
    let interval_ms = query.interval_ms.unwrap_or(0);
    let min = interval::min_interval(
        scrape_interval,
        query_interval,
        interval_ms,
        interval::DEFAULT_SCRAPE_INTERVAL,
    )?;
    let calculated = interval::calculate(span, min, query.max_data_points().unsigned_abs());
    let adjusted = calculated.max(interval::safe(span, interval::SAFE_RESOLUTION));
    if matches!(target.interval.as_str(), "$__rate_interval" | "${__rate_interval}") {
        return Ok(interval::rate_interval(adjusted, scrape));
    }
    let factor = u32::try_from(target.interval_factor.max(1)).unwrap_or(1);
    Ok(adjusted * factor)
}

fn is_variable(interval: &str) -> bool {
    let name = interval
        .strip_prefix("${")
        .and_then(|n| n.strip_suffix('}'))
        .or_else(|| interval.strip_prefix('$'));
    matches!(
        name,
        Some("__interval" | "__interval_ms" | "__rate_interval" | "__rate_interval_ms")
    )
}

/// `InterpolateVariables`: `$__interval` and `$__interval_ms` are the step; `$__range`, `$__range_s`,
/// `$__range_ms` the range; `$__rate_interval` is `max(interval + scrape, 4 × scrape)` with the query's min step
/// as the scrape interval when set (the step itself when the min step is `$__rate_interval`), else the data
/// source's.
pub fn interpolate(
    expr: &str,
    interval: Duration,
    step: Duration,
    min_step: &str,
    scrape: &str,
    span: Duration,
) -> String {
    let rate = match min_step {
        "$__rate_interval" | "${__rate_interval}" => step,
        "$__interval" | "${__interval}" => interval::rate_interval(interval, &interval::format_go(step)),
        "" => interval::rate_interval(interval, scrape),
        other => interval::rate_interval(interval, other),
    };
    let range_ms = span.as_millis() as i64;
    let range_s = (range_ms as f64 / 1000.0).round() as i64;
    let value = |v: Variable| match v {
        Variable::IntervalMs => step.as_millis().to_string(),
        Variable::Interval => interval::format_kbn(step),
        Variable::RangeMs => range_ms.to_string(),
        Variable::RangeS => range_s.to_string(),
        Variable::Range => format!("{range_s}s"),
        Variable::RateIntervalMs => rate.as_millis().to_string(),
        Variable::RateInterval => interval::format_go(rate),
    };
    let mut out = expr.to_owned();
    for (name, variable) in VARIABLES {
        out = out.replace(&format!("${name}"), &value(variable));
    }
    for (name, variable) in VARIABLES {
        out = out.replace(&format!("${{{name}}}"), &value(variable));
    }
    out
}

/// `AlignTimeRange`: start and end rounded down to a multiple of the step (shifted by the UTC offset), as the
/// grid of a range query. The grid counts whole seconds: a step under a second becomes one second.
pub fn align(range: TimeRange, step: Duration, utc_offset_sec: i64) -> Grid {
    let step_s = (step.as_millis() as i64 + 999).div_euclid(1000).max(1);
    let down = |ms: i64| {
        let shifted = ms + utc_offset_sec * 1000;
        shifted.div_euclid(step_s * 1000) * step_s - utc_offset_sec
    };
    Grid {
        start: down(range.from_ms),
        end: down(range.to_ms),
        step: step_s,
    }
}

/// One data source's Prometheus: its URL, credentials and timeout, on one reused HTTP client.
#[derive(Clone)]
pub struct Prometheus {
    http: reqwest::Client,
    base: String,
    shown: String,
    basic_auth: Option<(String, String)>,
    get: bool,
    query_timeout: Option<String>,
}

impl std::fmt::Debug for Prometheus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prometheus")
            .field("url", &self.shown)
            .finish_non_exhaustive()
    }
}

/// Why a data source's client cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// A custom header's name or value cannot be sent.
    #[error("data source {name}: jsonData.httpHeaderName{index} or its secureJsonData value cannot be an HTTP header: use letters, digits and dashes in the name, and no line break in the value")]
    Header {
        /// The data source.
        name: String,
        /// `N` of `httpHeaderNameN`.
        index: usize,
    },
    /// reqwest refused the settings.
    #[error("data source {name}: cannot build its HTTP client: {detail}")]
    Build {
        /// The data source.
        name: String,
        /// Why.
        detail: String,
    },
}

/// rustls on ring with the system's roots, built for each client rather than installed process-wide, so no
/// other crate's choice of TLS provider in the same binary can leave a client without one (`dash verdict`'s too).
pub fn tls_config() -> Result<rustls::ClientConfig, String> {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|e| e.to_string())?;
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(std::sync::Arc::new(verifier))
        .with_no_client_auth())
}

impl Prometheus {
    /// The client of a data source: its URL, `basicAuth`, `jsonData.timeout` (seconds), `jsonData.httpMethod`,
    /// `jsonData.queryTimeout`, and custom headers (`jsonData.httpHeaderNameN`, `secureJsonData.httpHeaderValueN`).
    pub fn new(ds: &DataSource) -> Result<Prometheus, ClientError> {
        let timeout = ds
            .json_data
            .get("timeout")
            .and_then(|t| t.as_f64().or_else(|| t.as_str().and_then(|s| s.parse().ok())))
            .filter(|t| *t > 0.0)
            .map_or(DEFAULT_TIMEOUT, Duration::from_secs_f64);
        let mut headers = HeaderMap::new();
        for index in 1.. {
            let Some(name) = ds
                .json_data
                .get(&format!("httpHeaderName{index}"))
                .and_then(|n| n.as_str())
            else {
                break;
            };
            let header = || ClientError::Header {
                name: ds.name.clone(),
                index,
            };
            let value = ds
                .secure_json_data
                .get(&format!("httpHeaderValue{index}"))
                .map_or("", |v| v.expose());
            let mut value = HeaderValue::from_str(value).map_err(|_| header())?;
            value.set_sensitive(true);
            headers.insert(HeaderName::from_bytes(name.as_bytes()).map_err(|_| header())?, value);
        }
        let tls = tls_config().map_err(|detail| ClientError::Build {
            name: ds.name.clone(),
            detail,
        })?;
        let http = reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .default_headers(headers)
            .user_agent("Grafana/10.4.19")
            .build()
            .map_err(|e| ClientError::Build {
                name: ds.name.clone(),
                detail: e.without_url().to_string(),
            })?;
        let basic_auth = ds.basic_auth.then(|| {
            let password = ds.basic_auth_password().map_or("", |p| p.expose());
            (ds.basic_auth_user.clone(), password.to_owned())
        });
        let method = ds
            .json_data
            .get("httpMethod")
            .and_then(|m| m.as_str())
            .unwrap_or("POST");
        Ok(Prometheus {
            http,
            base: ds.url.trim_end_matches('/').to_owned(),
            shown: redact_url(ds.url.trim_end_matches('/')),
            basic_auth,
            get: method.eq_ignore_ascii_case("GET"),
            query_timeout: ds
                .json_data
                .get("queryTimeout")
                .and_then(|t| t.as_str())
                .map(str::to_owned),
        })
    }

    /// The URL, without user-info.
    pub fn url(&self) -> &str {
        &self.shown
    }

    /// Runs a plan: a `timeseries-wide` frame for the range query, a `numeric-wide` one for the instant query.
    pub async fn run(&self, plan: &Plan) -> Result<Vec<Frame>, QueryError> {
        let style = Style {
            legend: plan.legend.as_deref(),
            config: None,
            name: "Value",
            finite_only: false,
        };
        let mut out = Vec::new();
        if let Some(grid) = &plan.grid {
            let mut params = vec![
                ("query", plan.expr.clone()),
                ("start", grid.start.to_string()),
                ("end", grid.end.to_string()),
                ("step", grid.step.to_string()),
            ];
            params.extend(self.query_timeout.iter().map(|t| ("timeout", t.clone())));
            let (answer, notices) = self.call("query_range", &params, Layout::Grid(grid)).await?;
            let executed = format!(
                "Expr: {}\nStep: {}",
                plan.expr,
                interval::format_go(Duration::from_secs(grid.step.unsigned_abs()))
            );
            let mut meta = Meta::new(FrameType::TimeseriesWide).executed(executed);
            meta.notices = notices;
            out.push(frames::wide(answer, grid, &plan.ref_id, meta, &style));
        }
        if let Some(at) = plan.instant_at {
            let mut params = vec![("query", plan.expr.clone()), ("time", at.to_string())];
            params.extend(self.query_timeout.iter().map(|t| ("timeout", t.clone())));
            let (answer, notices) = self.call("query", &params, Layout::Latest).await?;
            let mut meta = Meta::new(FrameType::NumericWide).executed(format!("Expr: {}", plan.expr));
            meta.notices = notices;
            out.push(frames::numeric(answer, &plan.ref_id, meta, &style));
        }
        Ok(out)
    }

    /// `GET api/v1/{path}?{query}` for query variables: only `labels`, `series` and `label/NAME/values`. Answers
    /// Prometheus's status and JSON body as they are.
    pub async fn resource(&self, path: &str, query: Option<&str>) -> Result<(u16, Vec<u8>), QueryError> {
        let allowed = matches!(path, "labels" | "series")
            || path
                .strip_prefix("label/")
                .and_then(|p| p.strip_suffix("/values"))
                .is_some_and(|name| !name.is_empty() && !name.contains('/'));
        if !allowed {
            return Err(QueryError::downstream(
                404,
                format!("api/v1/{path} is not proxied: the preview proxies api/v1/labels, api/v1/series and api/v1/label/NAME/values"),
            ));
        }
        let mut url = format!("{}/api/v1/{path}", self.base);
        if let Some(query) = query.filter(|q| !q.is_empty()) {
            url = format!("{url}?{query}");
        }
        let response = self
            .authorised(self.http.get(url))
            .send()
            .await
            .map_err(|e| self.transport(e))?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(|e| self.transport(e))?;
        Ok((status, body.to_vec()))
    }

    fn authorised(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.basic_auth {
            Some((user, password)) => request.basic_auth(user, Some(password)),
            None => request,
        }
    }

    /// One API call: Prometheus's answer read in `layout`, its error turned into a [`QueryError`], its warnings
    /// into notices.
    async fn call(
        &self,
        endpoint: &str,
        params: &[(&str, String)],
        layout: Layout<'_>,
    ) -> Result<(Answer, Vec<Notice>), QueryError> {
        let url = format!("{}/api/v1/{endpoint}", self.base);
        let request = if self.get {
            self.http.get(url).query(params)
        } else {
            self.http.post(url).form(params)
        };
        let response = self.authorised(request).send().await.map_err(|e| self.transport(e))?;
        let code = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| self.transport(e))?;
        let answer = match frames::from_slice(&bytes, layout) {
            Ok(answer) => answer,
            Err(AnswerError::Failed { error_type, error }) => {
                let (status, fix) = match error_type.as_str() {
                    "bad_data" => (400, "fix the query"),
                    "execution" => (422, "fix the query"),
                    "timeout" => (504, "narrow the time range or simplify the query"),
                    "unavailable" => (503, "wait for Prometheus to be ready"),
                    _ => (502, "see Prometheus's log"),
                };
                return Err(QueryError::downstream(
                    status,
                    format!("Prometheus at {} answered {error_type}: {error}; {fix}", self.shown),
                ));
            }
            Err(e) => return Err(self.not_json(code, &bytes, &e)),
        };
        let notices = answer
            .warnings
            .iter()
            .map(|text| Notice {
                severity: Severity::Warning,
                text: text.clone(),
            })
            .chain(answer.infos.iter().map(|text| Notice {
                severity: Severity::Info,
                text: text.clone(),
            }))
            .collect();
        Ok((answer, notices))
    }

    fn not_json(&self, code: u16, body: &[u8], e: &AnswerError) -> QueryError {
        let excerpt = String::from_utf8_lossy(&body[..body.len().min(200)]).trim().to_owned();
        let (status, fix) = match code {
            401 | 403 => (502, "check the data source's basicAuth user and password"),
            404 => (
                502,
                "set the data source URL to Prometheus's root, e.g. http://prometheus:9090",
            ),
            503 => (503, "wait for Prometheus to be ready"),
            _ => (502, "check that the data source URL is Prometheus's"),
        };
        QueryError::downstream(
            status,
            format!(
                "Prometheus at {} answered HTTP {code} that is not its API's JSON ({e}): {excerpt:?}; {fix}",
                self.shown
            ),
        )
    }

    fn transport(&self, e: reqwest::Error) -> QueryError {
        if e.is_timeout() {
            return QueryError::downstream(
                504,
                format!("Prometheus at {} did not answer in time: raise the data source's jsonData.timeout or narrow the time range", self.shown),
            );
        }
        let detail = transport_detail(e);
        QueryError::downstream(
            502,
            format!("cannot reach Prometheus at {}: {detail}; check that Prometheus is running and the data source URL (or --prometheus)", self.shown),
        )
    }
}

/// A transport error with its causes, on one line, without the request's URL (its user-info included).
pub fn transport_detail(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        detail = format!("{detail}: {s}");
        source = s.source();
    }
    detail
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::datasource::DataSources;

    fn ds(json_data: &str) -> DataSource {
        let text = format!(
            "datasources:\n- {{name: P, type: prometheus, url: 'http://u:pw@prom:9090/', jsonData: {json_data}}}\n"
        );
        DataSources::parse(&text, std::path::Path::new("ds.yml"))
            .expect("valid")
            .all()[0]
            .clone()
    }

    fn query(target: serde_json::Value) -> Query {
        serde_json::from_value(target).expect("a query")
    }

    const HOUR: TimeRange = TimeRange {
        from_ms: 1_700_000_000_000,
        to_ms: 1_700_003_600_000,
    };

    #[test]
    fn the_step_is_the_interval_for_max_data_points_but_never_under_the_min_interval() {
        let q = query(json!({"expr": "up", "intervalMs": 15000, "maxDataPoints": 500}));
        // 3600 s / 500 = 7.2 s, under the 15 s interval: 15 s.
        assert_eq!(
            plan(&q, &ds("{timeInterval: 15s}"), HOUR).expect("valid").step,
            Duration::from_secs(15)
        );
        let q = query(json!({"expr": "up", "intervalMs": 15000, "maxDataPoints": 50}));
        // 72 s, rounded to 1 m.
        assert_eq!(plan(&q, &ds("{}"), HOUR).expect("valid").step, Duration::from_secs(60));
    }

    #[test]
    fn a_min_step_of_rate_interval_makes_the_step_the_rate_interval() {
        let q = query(json!({"expr": "up", "interval": "$__rate_interval", "intervalMs": 15000, "maxDataPoints": 500}));
        // max(15 s + 15 s, 4 × 15 s).
        assert_eq!(
            plan(&q, &ds("{timeInterval: 15s}"), HOUR).expect("valid").step,
            Duration::from_secs(60)
        );
    }

    #[test]
    fn built_in_variables_are_interpolated_as_grafana_does() {
        let s = Duration::from_secs;
        let expr = "rate(x[$__rate_interval]) $__interval $__interval_ms $__range $__range_s $__range_ms ${__rate_interval_ms}";
        assert_eq!(
            interpolate(expr, s(15), s(15), "", "15s", s(3600)),
            "rate(x[1m0s]) 15s 15000 3600s 3600 3600000 60000"
        );
        // A min step is the scrape interval of $__rate_interval: max(15 s + 30 s, 4 × 30 s).
        assert_eq!(
            interpolate("[$__rate_interval]", s(15), s(30), "30s", "15s", s(3600)),
            "[2m0s]"
        );
        // The interval plus the scrape interval when that is larger: 5 m + 15 s.
        assert_eq!(
            interpolate("[$__rate_interval]", s(300), s(300), "", "15s", s(86_400)),
            "[5m15s]"
        );
    }

    #[test]
    fn the_range_is_aligned_down_on_the_step() {
        let range = TimeRange {
            from_ms: 1_000_007_000,
            to_ms: 1_000_052_500,
        };
        let grid = align(range, Duration::from_secs(15), 0);
        assert_eq!((grid.start, grid.end, grid.step), (1_000_005, 1_000_050, 15));
        let shifted = align(range, Duration::from_secs(3600), 3600);
        assert_eq!(shifted.start % 3600, 0);
    }

    #[test]
    fn instant_range_and_legend_flags_are_read() {
        let q = query(json!({"expr": "up", "instant": true, "legendFormat": "__auto"}));
        let p = plan(&q, &ds("{}"), HOUR).expect("valid");
        assert!(p.grid.is_none() && p.instant_at == Some(1_700_003_600.0) && p.legend.is_none());
        let q = query(json!({"expr": "up", "legendFormat": "{{job}}"}));
        let p = plan(&q, &ds("{}"), HOUR).expect("valid");
        assert!(p.grid.is_some() && p.instant_at.is_none());
        assert_eq!(p.legend.as_deref(), Some("{{job}}"));
    }

    #[test]
    fn urls_are_shown_without_credentials() {
        assert_eq!(Prometheus::new(&ds("{}")).expect("client").url(), "http://prom:9090");
    }
}
