//! The query path's own HTTP/1.1 client, for a data source on plain HTTP that no proxy stands in front of (the
//! usual Prometheus beside Grafana).
//!
//! `prometheus-http-query` sends through reqwest, which wraps hyper in a redirect and a retry layer and parses
//! the request's URL three times. For a verdict's five small queries that was a fifth of the plugin's CPU, and
//! with the other processes on the machine waiting for it, 0.1–0.2 ms of the verdict's latency (measured with
//! perf and side by side: plugin/README.md, "Scaling"). Here hyper's client is driven directly: the query
//! string is encoded once, the body streams to the caller as it arrives, and a connection's read buffer is
//! bounded ([`READ_BUFFER_BYTES`]). The headers are the data source's own, the ones reqwest sends (credentials,
//! custom headers, user agent).
//!
//! TLS, credentials in the URL, and proxies from the environment (`HTTP_PROXY`, `NO_PROXY`, …) stay reqwest's: a
//! data source that needs one of them is asked through it ([`PlainHttp::for_url`] says which).

use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::{HeaderMap, Method, Request, Response, Uri};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use url::Url;

/// Past this length a query string is POSTed as a form body rather than sent in the URL, which proxies and
/// servers may cap.
pub const GET_LIMIT: usize = 4096;

/// The most a connection's read buffer grows to. hyper's default, about 400 kB, stayed allocated in every pooled
/// connection between answers; since an answer is read as it arrives (the reader keeps only a sample cut by a
/// chunk's end), a larger buffer saves only read calls. Measured at 10 × 10,800 values, the plugin's memory
/// growth over its Arrow frames: 7.0–8.6× with hyper's default, 3.3–3.7× at 64 KiB at the same speed; then,
/// with the shipped binary, 1.7–1.8× at 32 KiB against 1.9–2.1× at 64 KiB (each of the two worker threads keeps
/// the buffers it allocated), for 5% more CPU at 1.08 M values. 16 KiB cost 10% more CPU.
pub const READ_BUFFER_BYTES: usize = 32 * 1024;

/// How long an idle connection to Prometheus is kept for the next query.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// The API calls that go through [`PlainHttp`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// `api/v1/query`: an instant query.
    Query,
    /// `api/v1/query_range`: a range query.
    QueryRange,
}

impl Api {
    /// The path under the API's base.
    pub fn path(self) -> &'static str {
        match self {
            Api::Query => "api/v1/query",
            Api::QueryRange => "api/v1/query_range",
        }
    }
}

/// A hyper client for one data source's Prometheus, on plain HTTP.
#[derive(Clone)]
pub struct PlainHttp {
    client: Client<HttpConnector, Full<Bytes>>,
    /// The URL of each [`Api`] call, built once rather than per query.
    query: String,
    query_range: String,
    headers: HeaderMap,
}

impl PlainHttp {
    /// A client for `base` sending `headers` with every request, or `None` when `base` needs what only reqwest
    /// does here: TLS (`https`), credentials in the URL, or a proxy that the environment names for it.
    pub fn for_url(base: &Url, headers: HeaderMap, connect_timeout: Duration) -> Option<Self> {
        if base.scheme() != "http" || !base.username().is_empty() || base.password().is_some() {
            return None;
        }
        let uri: Uri = base.as_str().parse().ok()?;
        if Matcher::from_system().intercept(&uri).is_some() {
            return None;
        }
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector.set_connect_timeout(Some(connect_timeout));
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(IDLE_TIMEOUT)
            .pool_timer(TokioTimer::new())
            .http1_max_buf_size(READ_BUFFER_BYTES)
            .build(connector);
        Some(PlainHttp {
            client,
            query: endpoint(base, Api::Query.path()).into(),
            query_range: endpoint(base, Api::QueryRange.path()).into(),
            headers,
        })
    }

    /// Sends `params` to `api`: as a GET with a query string, or as a POST form when the string is longer than
    /// [`GET_LIMIT`].
    pub async fn send(
        &self,
        api: Api,
        params: &[(&str, &str)],
    ) -> Result<Response<Incoming>, hyper_util::client::legacy::Error> {
        let form = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish();
        let endpoint = match api {
            Api::Query => &self.query,
            Api::QueryRange => &self.query_range,
        };
        let request = if form.len() <= GET_LIMIT {
            self.request(Method::GET, format!("{endpoint}?{form}"), Bytes::new())
        } else {
            let mut request = self.request(Method::POST, endpoint.clone(), Bytes::from(form));
            request.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            );
            request
        };
        self.client.request(request).await
    }

    fn request(&self, method: Method, uri: String, body: Bytes) -> Request<Full<Bytes>> {
        let mut request = Request::new(Full::new(body));
        *request.method_mut() = method;
        // The URL was parsed as a URL and the query string encoded: it is a URI.
        *request.uri_mut() = Uri::try_from(uri).unwrap_or_default();
        *request.headers_mut() = self.headers.clone();
        request
    }
}

/// The URL of the API's `path` under `base`, which may have a path of its own (a Prometheus served under
/// `--web.route-prefix`, behind a reverse proxy): `http://host/prom` and `api/v1/query` give
/// `http://host/prom/api/v1/query`.
pub fn endpoint(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let joined = format!("{}/{path}", base.path().trim_end_matches('/'));
    url.set_path(&joined);
    url.set_query(None);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("a URL")
    }

    #[test]
    fn the_endpoint_keeps_the_base_path() {
        assert_eq!(
            endpoint(&url("http://h:9090"), "api/v1/query").as_str(),
            "http://h:9090/api/v1/query"
        );
        assert_eq!(
            endpoint(&url("http://h:9090/"), "api/v1/query").as_str(),
            "http://h:9090/api/v1/query"
        );
        assert_eq!(
            endpoint(&url("http://h/prom"), "api/v1/query").as_str(),
            "http://h/prom/api/v1/query"
        );
        assert_eq!(
            endpoint(&url("http://h/prom/"), "api/v1/query").as_str(),
            "http://h/prom/api/v1/query"
        );
    }

    #[test]
    fn tls_and_credentials_in_the_url_are_left_to_reqwest() {
        let timeout = Duration::from_secs(1);
        assert!(PlainHttp::for_url(&url("https://h:9090"), HeaderMap::new(), timeout).is_none());
        assert!(PlainHttp::for_url(&url("http://u:p@h:9090"), HeaderMap::new(), timeout).is_none());
    }
}
