//! The Prometheus HTTP API, through `prometheus-http-query` on one reused `reqwest` client per data source, and
//! for queries to a plain-HTTP Prometheus reached without a proxy, through hyper directly ([`plain_http`]).
//!
//! Every call is bounded by the data source's timeout. Failures become a [`PromError`] that says what went
//! wrong and what to do, with an HTTP-like status for Grafana: 400 for a query Prometheus rejects, 502 for an
//! unreachable, refusing or garbled upstream, 504 for a timeout. Credentials never appear in a message: they
//! travel in sensitive default headers, and URLs are shown without their user-info.

pub mod plain_http;

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use grafana_dashboards::excerpt::{clip, clip_to, prefix, redact_url, Quoted};
use grafana_frames::prometheus::answer::{self, Answer, AnswerError, AnswerReader, Layout};
use grafana_frames::Grid;
use http_body_util::BodyExt as _;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use serde::Deserialize;
use tumulte_policy::names::PLUGIN_ID;
use tumulte_policy::settings::secure::HEADER_VALUE;
use tumulte_policy::settings::HEADER_NAME;

use crate::metrics::Metrics;
use crate::settings::{Auth, Settings};
use crate::tls::{self, TlsError};

use plain_http::{endpoint, Api, PlainHttp, GET_LIMIT};

/// Why a call to Prometheus failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PromError {
    /// Prometheus rejected the query (`bad_data`): a syntax error, a bad parameter.
    #[error("Prometheus rejected the query: {message}. Fix the PromQL expression")]
    BadQuery {
        /// Prometheus's message.
        message: String,
    },
    /// Nothing answered.
    #[error("cannot reach Prometheus at {url}: {detail}. Check the data source URL and that Prometheus is running")]
    Unreachable {
        /// The URL, without credentials.
        url: String,
        /// What the connection said.
        detail: String,
    },
    /// The TLS handshake failed: a certificate the plugin does not trust, or one Prometheus does not.
    #[error("the TLS handshake with Prometheus at {url} failed ({detail}): {fix}")]
    Tls {
        /// The URL, without credentials.
        url: String,
        /// What TLS said.
        detail: String,
        /// What to change.
        fix: &'static str,
    },
    /// No answer within the timeout.
    #[error("Prometheus at {url} did not answer within {after:?}: raise jsonData.timeoutSeconds, narrow the time range, or check Prometheus's load")]
    Timeout {
        /// The URL, without credentials.
        url: String,
        /// The timeout.
        after: Duration,
    },
    /// No connection within the connect timeout: nothing took the connection (a host down, or packets dropped on
    /// the way).
    #[error("no connection to Prometheus at {url} within {after:?}: check the data source URL, that Prometheus is running, and that no firewall drops the connection")]
    ConnectTimeout {
        /// The URL, without credentials.
        url: String,
        /// The connect timeout.
        after: Duration,
    },
    /// 401 or 403.
    #[error("Prometheus at {url} refused the credentials (HTTP {code}): check the basic auth user and password, or the bearer token, in the data source settings")]
    Credentials {
        /// The URL, without credentials.
        url: String,
        /// The HTTP status.
        code: u16,
    },
    /// An HTTP error status without Prometheus's JSON error body.
    #[error("Prometheus at {url} answered HTTP {code}: {excerpt}")]
    Status {
        /// The URL, without credentials.
        url: String,
        /// The HTTP status.
        code: u16,
        /// The start of the body.
        excerpt: String,
    },
    /// A body that is not Prometheus's API JSON.
    #[error("{url} does not answer like Prometheus's HTTP API ({detail}): set the data source URL to Prometheus's root, e.g. http://prometheus:9090")]
    Garbage {
        /// The URL, without credentials.
        url: String,
        /// What was wrong with it.
        detail: String,
    },
    /// Prometheus's own error while evaluating (execution, internal, timeout, …).
    #[error("Prometheus failed to evaluate the query ({error_type}): {message}")]
    Execution {
        /// Prometheus's `errorType`.
        error_type: String,
        /// Prometheus's message.
        message: String,
    },
}

impl PromError {
    /// The HTTP-like status Grafana shows: 400, 502 or 504.
    pub fn status(&self) -> i32 {
        match self {
            PromError::BadQuery { .. } => 400,
            PromError::Timeout { .. } | PromError::ConnectTimeout { .. } => 504,
            PromError::Execution { error_type, .. } if error_type == "timeout" => 504,
            _ => 502,
        }
    }

    /// A short name for the self-metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            PromError::BadQuery { .. } => "badQuery",
            PromError::Unreachable { .. } => "unreachable",
            PromError::Tls { .. } => "tls",
            PromError::Timeout { .. } | PromError::ConnectTimeout { .. } => "timeout",
            PromError::Credentials { .. } => "credentials",
            PromError::Status { .. } => "status",
            PromError::Garbage { .. } => "garbage",
            PromError::Execution { .. } => "execution",
        }
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The URL does not parse.
    #[error("the data source URL {url} is invalid: {detail}")]
    Url {
        /// The URL, without credentials.
        url: String,
        /// Why.
        detail: String,
    },
    /// The credentials hold characters a header cannot.
    #[error("the credentials contain characters an HTTP header cannot carry: retype them")]
    Header,
    /// A custom header's name is not an HTTP header name.
    #[error(
        "jsonData.{key}{index} {} is not an HTTP header name: use letters, digits and dashes, e.g. X-Scope-OrgID",
        Quoted(name),
        key = HEADER_NAME
    )]
    HeaderName {
        /// `N` of `httpHeaderName<N>`.
        index: usize,
        /// The name.
        name: String,
    },
    /// A custom header's value holds characters a header cannot.
    #[error(
        "secureJsonData.{key}{0} contains characters an HTTP header cannot carry (a line break?): retype it",
        key = HEADER_VALUE
    )]
    HeaderValue(usize),
    /// The TLS settings cannot be used.
    #[error(transparent)]
    Tls(#[from] TlsError),
    /// TLS set-up failed.
    #[error("cannot set up the HTTP client: {0}")]
    Build(String),
}

/// Whether an I/O error in `e` or its sources timed out: how hyper's connector, like the system, says that a
/// connection was not made in time.
fn timed_out(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    while let Some(s) = source {
        if s.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
        {
            return true;
        }
        source = s.source();
    }
    false
}

/// An error and its sources, on one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    text
}

/// reqwest's message without its ` for url (…)`: the URL is in the error's own message, shortened and without
/// credentials, and the request's URL would repeat the whole query.
fn without_url(text: &str) -> String {
    match text.find(" for url (") {
        Some(start) => {
            let rest = &text[start..];
            let end = rest.find("): ").map_or(rest.len(), |i| i + 1);
            format!("{}{}", &text[..start], &rest[end..])
        }
        None => text.to_owned(),
    }
}

/// The most characters of the data source URL an error message shows.
const URL_CHARS: usize = 120;

/// GET for ordinary expressions (one write, no body), POST for long ones.
async fn send<G, P>(get: G, post: P, expr: &str) -> Result<reqwest::Response, prometheus_http_query::Error>
where
    G: std::future::Future<Output = Result<reqwest::Response, prometheus_http_query::Error>>,
    P: std::future::Future<Output = Result<reqwest::Response, prometheus_http_query::Error>>,
{
    if expr.len() <= GET_LIMIT {
        get.await
    } else {
        post.await
    }
}

/// Prometheus's JSON envelope.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<T> {
    status: String,
    data: Option<T>,
    error_type: Option<String>,
    error: Option<String>,
}

/// `/api/v1/status/buildinfo`'s data.
#[derive(Debug, Clone, Deserialize)]
pub struct BuildInfo {
    /// The version, e.g. `2.42.0`.
    pub version: String,
}

/// The longest a connection to Prometheus is waited for. Within that, half a call's timeout: a connection not
/// made by then would leave the answer too little time, and a connect timeout shorter than the call's is one
/// the call can tell apart from its own and name.
pub const CONNECT_TIMEOUT_MAX: Duration = Duration::from_secs(10);

/// One data source's Prometheus.
#[derive(Clone)]
pub struct Prometheus {
    client: prometheus_http_query::Client,
    plain: Option<PlainHttp>,
    url: String,
    timeout: Duration,
    connect_timeout: Duration,
    metrics: Arc<Metrics>,
}

impl std::fmt::Debug for Prometheus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prometheus")
            .field("url", &self.url)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Prometheus {
    /// A client for the settings' URL, with their credentials and timeout.
    pub fn new(settings: &Settings, metrics: Arc<Metrics>) -> Result<Self, ClientError> {
        let mut headers = HeaderMap::new();
        let auth = match &settings.auth {
            Auth::None => None,
            Auth::Basic { user, password } => Some(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{}", password.expose()))
            )),
            Auth::Bearer(token) => Some(format!("Bearer {}", token.expose())),
        };
        if let Some(value) = auth {
            let mut value = HeaderValue::from_str(&value).map_err(|_| ClientError::Header)?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        // After the credentials, as in Grafana: a custom header may replace Authorization.
        for header in &settings.headers {
            let name = HeaderName::from_bytes(header.name.as_bytes()).map_err(|_| ClientError::HeaderName {
                index: header.index,
                name: header.name.clone(),
            })?;
            let mut value =
                HeaderValue::from_str(header.value.expose()).map_err(|_| ClientError::HeaderValue(header.index))?;
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        // The TLS backend is rustls without a default crypto provider: ring, installed once per process (a
        // second install fails harmlessly).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder();
        if let Some(config) = tls::client_config(&settings.tls)? {
            builder = builder.tls_backend_preconfigured(config);
        }
        let user_agent = format!("{PLUGIN_ID}/{}", crate::VERSION);
        let connect_timeout = (settings.timeout / 2).min(CONNECT_TIMEOUT_MAX);
        let http = builder
            .default_headers(headers.clone())
            .timeout(settings.timeout)
            .connect_timeout(connect_timeout)
            .pool_idle_timeout(plain_http::IDLE_TIMEOUT)
            .tcp_nodelay(true)
            .user_agent(user_agent.as_str())
            .build()
            .map_err(|e| ClientError::Build(e.without_url().to_string()))?;
        let url = clip_to(&redact_url(&settings.url), URL_CHARS).into_owned();
        let client = prometheus_http_query::Client::from(http, &settings.url).map_err(|e| ClientError::Url {
            url: url.clone(),
            detail: clip(&e.to_string()).into_owned(),
        })?;
        if let Ok(value) = HeaderValue::from_str(&user_agent) {
            headers.insert(USER_AGENT, value);
        }
        let plain = PlainHttp::for_url(client.base_url(), headers, connect_timeout);
        Ok(Prometheus {
            client,
            plain,
            url,
            timeout: settings.timeout,
            connect_timeout,
            metrics,
        })
    }

    /// The URL, without credentials.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The timeout of one call.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// An instant query at `at` (Unix seconds): each series' value.
    pub async fn instant(&self, expr: &str, at: i64) -> Result<Answer, PromError> {
        let timeout = self.timeout.as_millis() as i64;
        if let Some(plain) = &self.plain {
            let (at, timeout) = (at.to_string(), format!("{timeout}ms"));
            let params = [("query", expr), ("time", at.as_str()), ("timeout", timeout.as_str())];
            return self
                .run(self.plain_send(plain, Api::Query, &params), Layout::Latest)
                .await;
        }
        let builder = self.client.query(expr).at(at).timeout(timeout);
        self.run(
            self.reqwest_send(send(builder.clone().get_raw(), builder.post_raw(), expr)),
            Layout::Latest,
        )
        .await
    }

    /// A range query on `grid`: each series a column of the grid's points.
    pub async fn range(&self, expr: &str, grid: &Grid) -> Result<Answer, PromError> {
        let timeout = self.timeout.as_millis() as i64;
        if let Some(plain) = &self.plain {
            let (start, end, step) = (
                grid.start.to_string(),
                grid.end.to_string(),
                (grid.step as f64).to_string(),
            );
            let timeout = format!("{timeout}ms");
            let params = [
                ("query", expr),
                ("start", start.as_str()),
                ("end", end.as_str()),
                ("step", step.as_str()),
                ("timeout", timeout.as_str()),
            ];
            return self
                .run(self.plain_send(plain, Api::QueryRange, &params), Layout::Grid(grid))
                .await;
        }
        let builder = self
            .client
            .query_range(expr, grid.start, grid.end, grid.step as f64)
            .timeout(timeout);
        self.run(
            self.reqwest_send(send(builder.clone().get_raw(), builder.post_raw(), expr)),
            Layout::Grid(grid),
        )
        .await
    }

    /// Prometheus's build information (its version).
    pub async fn build_info(&self) -> Result<BuildInfo, PromError> {
        let url = endpoint(self.client.base_url(), "api/v1/status/buildinfo");
        let request = self.client.inner().get(url);
        self.call(async { request.send().await }).await
    }

    /// The names of the metrics matching `selector` that Prometheus holds, over its whole retention.
    pub async fn metric_names(&self, selector: &str) -> Result<Vec<String>, PromError> {
        let url = endpoint(self.client.base_url(), "api/v1/label/__name__/values");
        let request = self.client.inner().get(url).query(&[("match[]", selector)]);
        self.call(async { request.send().await }).await
    }

    /// A query sent by reqwest, its failure explained.
    async fn reqwest_send(
        &self,
        send: impl std::future::Future<Output = Result<reqwest::Response, prometheus_http_query::Error>>,
    ) -> Result<Reply, PromError> {
        match send.await {
            Ok(response) => Ok(Reply::Reqwest(response)),
            Err(prometheus_http_query::Error::Client(c)) => Err(match c.inner() {
                Some(source) => self.transport(source),
                None => PromError::Unreachable {
                    url: self.url.clone(),
                    detail: clip(&c.to_string()).into_owned(),
                },
            }),
            Err(other) => Err(PromError::Unreachable {
                url: self.url.clone(),
                detail: clip(&other.to_string()).into_owned(),
            }),
        }
    }

    /// A query sent by hyper directly, its failure explained.
    async fn plain_send(&self, plain: &PlainHttp, api: Api, params: &[(&str, &str)]) -> Result<Reply, PromError> {
        plain.send(api, params).await.map(Reply::Plain).map_err(|e| {
            if e.is_connect() && timed_out(&e) {
                self.connect_timeout()
            } else {
                self.failure(&e)
            }
        })
    }

    async fn run(
        &self,
        send: impl std::future::Future<Output = Result<Reply, PromError>>,
        layout: Layout<'_>,
    ) -> Result<Answer, PromError> {
        self.bounded(self.plain.is_none(), async {
            let mut reply = send.await?;
            let code = reply.status();
            refused(&self.url, code)?;
            if !reply.is_json() {
                let mut bytes = Vec::new();
                while let Some(chunk) = self.chunk(&mut reply).await? {
                    bytes.extend_from_slice(&chunk);
                    if bytes.len() > EXCERPT_BYTES {
                        break;
                    }
                }
                return Err(not_json(&self.url, code, &bytes));
            }
            // Read chunk by chunk as it arrives: the body is never held whole, and a body that is not
            // Prometheus's is refused at its first chunk.
            let mut reader = AnswerReader::new(layout);
            while let Some(chunk) = self.chunk(&mut reply).await? {
                reader.feed(&chunk).map_err(|e| answer_error(&self.url, code, e))?;
            }
            reader.finish().map_err(|e| answer_error(&self.url, code, e))
        })
        .await
    }

    /// The next piece of a reply's body, `None` at its end.
    async fn chunk(&self, reply: &mut Reply) -> Result<Option<Bytes>, PromError> {
        match reply {
            Reply::Reqwest(response) => response.chunk().await.map_err(|e| self.transport(&e)),
            Reply::Plain(response) => loop {
                match response.body_mut().frame().await {
                    None => return Ok(None),
                    Some(Err(e)) => return Err(self.failure(&e)),
                    Some(Ok(frame)) => {
                        if let Ok(data) = frame.into_data() {
                            return Ok(Some(data));
                        }
                    }
                }
            },
        }
    }

    /// Whether a response says it is JSON; credentials refused are an error.
    fn is_json(&self, response: &reqwest::Response) -> Result<bool, PromError> {
        refused(&self.url, response.status().as_u16())?;
        Ok(says_json(response.headers()))
    }

    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        send: impl std::future::Future<Output = Result<reqwest::Response, reqwest::Error>>,
    ) -> Result<T, PromError> {
        self.bounded(true, async {
            let response = send.await.map_err(|e| self.transport(&e))?;
            let body = self.body(response).await?;
            self.envelope(&body)
        })
        .await
    }

    /// `work` within the timeout. reqwest bounds its own calls by the timeout and says which phase ran out;
    /// this bound is then a backstop, half a second later. hyper's calls have only this one.
    async fn bounded<T>(
        &self,
        reqwest: bool,
        work: impl std::future::Future<Output = Result<T, PromError>>,
    ) -> Result<T, PromError> {
        let bound = if reqwest {
            self.timeout + Duration::from_millis(500)
        } else {
            self.timeout
        };
        let result = match tokio::time::timeout(bound, work).await {
            Ok(result) => result,
            Err(_) => Err(PromError::Timeout {
                url: self.url.clone(),
                after: self.timeout,
            }),
        };
        if let Err(e) = &result {
            self.metrics.prometheus_error(e.kind());
            tracing::warn!(error = %e, status = e.status(), "Prometheus call failed");
        }
        result
    }

    fn transport(&self, e: &reqwest::Error) -> PromError {
        match (e.is_timeout(), e.is_connect()) {
            (true, true) => self.connect_timeout(),
            (true, false) => PromError::Timeout {
                url: self.url.clone(),
                after: self.timeout,
            },
            _ => self.failure(e),
        }
    }

    fn connect_timeout(&self) -> PromError {
        PromError::ConnectTimeout {
            url: self.url.clone(),
            after: self.connect_timeout,
        }
    }

    /// A failure to reach Prometheus or read from it: a TLS handshake's, or else the connection's, in words.
    fn failure(&self, e: &(dyn std::error::Error + 'static)) -> PromError {
        if let Some((detail, fix)) = tls::handshake_failure(e) {
            return PromError::Tls {
                url: self.url.clone(),
                detail,
                fix,
            };
        }
        PromError::Unreachable {
            url: self.url.clone(),
            detail: clip(&without_url(&chain(e))).into_owned(),
        }
    }

    /// The whole body of a response, whether it claims to be JSON; credentials refused or a failed read are
    /// errors.
    async fn body(&self, response: reqwest::Response) -> Result<Body, PromError> {
        let code = response.status().as_u16();
        let json = self.is_json(&response)?;
        let bytes = response.bytes().await.map_err(|e| self.transport(&e))?;
        Ok(Body { code, json, bytes })
    }

    fn envelope<'a, T: Deserialize<'a>>(&self, body: &'a Body) -> Result<T, PromError> {
        envelope(&self.url, body)
    }
}

/// The `data` of Prometheus's envelope, or the error it reports; a non-JSON body is an error that quotes its
/// start.
fn envelope<'a, T: Deserialize<'a>>(url: &str, body: &'a Body) -> Result<T, PromError> {
    let code = body.code;
    if !body.json {
        return Err(not_json(url, code, &body.bytes));
    }
    let envelope: Envelope<T> = serde_json::from_slice(&body.bytes).map_err(|e| PromError::Garbage {
        url: url.to_owned(),
        detail: format!("HTTP {code}, JSON not of Prometheus's API: {}", clip(&e.to_string())),
    })?;
    match (envelope.status.as_str(), envelope.data) {
        ("success", Some(data)) => Ok(data),
        ("error", _) => {
            let error_type = prefix(envelope.error_type.as_deref().unwrap_or_default()).into_owned();
            let message = clip(envelope.error.as_deref().unwrap_or_default()).into_owned();
            if error_type == "bad_data" {
                Err(PromError::BadQuery { message })
            } else {
                Err(PromError::Execution { error_type, message })
            }
        }
        (status, _) => Err(PromError::Garbage {
            url: url.to_owned(),
            detail: format!("HTTP {code}, status {} without data", Quoted(status)),
        }),
    }
}

/// 401 and 403: Prometheus refused the credentials.
fn refused(url: &str, code: u16) -> Result<(), PromError> {
    if code == 401 || code == 403 {
        return Err(PromError::Credentials {
            url: url.to_owned(),
            code,
        });
    }
    Ok(())
}

/// A body that does not claim to be JSON: garbage on success, an HTTP error otherwise; both quote its start.
fn not_json(url: &str, code: u16, body: &[u8]) -> PromError {
    let excerpt = excerpt(body);
    if (200..300).contains(&code) {
        PromError::Garbage {
            url: url.to_owned(),
            detail: format!("HTTP {code} with a non-JSON body: {excerpt}"),
        }
    } else {
        PromError::Status {
            url: url.to_owned(),
            code,
            excerpt,
        }
    }
}

/// Prometheus's error as the plugin reports it: a rejected query, a failed evaluation, or an answer not of
/// Prometheus's API.
fn answer_error(url: &str, code: u16, e: AnswerError) -> PromError {
    match e {
        AnswerError::Failed { error_type, error } => {
            let message = clip(&error).into_owned();
            if error_type == "bad_data" {
                PromError::BadQuery { message }
            } else {
                PromError::Execution {
                    error_type: prefix(&error_type).into_owned(),
                    message,
                }
            }
        }
        AnswerError::Malformed(detail) => PromError::Garbage {
            url: url.to_owned(),
            detail: format!("HTTP {code}, JSON not of Prometheus's API: {}", clip(&detail)),
        },
    }
}

/// A query's answer as Prometheus sent it (`code`, whether its content type is JSON, its body), read in
/// `layout`, or the error it is: what [`Prometheus::instant`] and [`Prometheus::range`] do with a body as it
/// arrives, on a body in memory.
pub fn read_answer(url: &str, code: u16, json: bool, bytes: &[u8], layout: Layout<'_>) -> Result<Answer, PromError> {
    refused(url, code)?;
    if !json {
        return Err(not_json(url, code, bytes));
    }
    answer::from_slice(bytes, layout).map_err(|e| answer_error(url, code, e))
}

/// A response's status, whether it says it is JSON, and its body.
/// A reply to a query, from either client.
enum Reply {
    Reqwest(reqwest::Response),
    Plain(hyper::Response<hyper::body::Incoming>),
}

impl Reply {
    fn status(&self) -> u16 {
        match self {
            Reply::Reqwest(r) => r.status().as_u16(),
            Reply::Plain(r) => r.status().as_u16(),
        }
    }

    /// Whether it says it is JSON.
    fn is_json(&self) -> bool {
        says_json(match self {
            Reply::Reqwest(r) => r.headers(),
            Reply::Plain(r) => r.headers(),
        })
    }
}

/// Whether a response's headers say its body is JSON.
fn says_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"))
}

struct Body {
    code: u16,
    json: bool,
    bytes: bytes::Bytes,
}

/// How much of a body an error message quotes.
const EXCERPT_BYTES: usize = 200;

/// The start of a body, for an error message.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(EXCERPT_BYTES)])
        .trim()
        .to_owned();
    if text.is_empty() {
        "empty body".to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_errors_lose_the_request_url() {
        assert_eq!(
            without_url("error sending request for url (http://u:p@h/api/v1/query?query=up): connection refused"),
            "error sending request: connection refused"
        );
        assert_eq!(without_url("connection refused"), "connection refused");
    }

    #[test]
    fn statuses_follow_the_contract() {
        let url = String::new();
        assert_eq!(PromError::BadQuery { message: "x".into() }.status(), 400);
        assert_eq!(
            PromError::Timeout {
                url: url.clone(),
                after: Duration::from_secs(1)
            }
            .status(),
            504
        );
        assert_eq!(PromError::Credentials { url, code: 401 }.status(), 502);
    }
}
