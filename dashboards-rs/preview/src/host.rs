//! The HTTP server: the routes of the README's API on axum, the page's built files, and `/api/ds/query` answered
//! by Prometheus ([`crate::prometheus`]) or by a backend plugin ([`crate::plugin`]) per query. A failed query
//! is that query's error; nothing a query does takes the server down. No secret is ever sent to the browser.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures::future::join_all;
use serde_json::{json, Value};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::dashboard::{Dashboard, DashboardError};
use crate::datasource::{DataSource, DataSources, ProvisioningError};
use crate::plugin::{Plugin, GRAFANA_VERSION};
use crate::prometheus::{self, ClientError, Prometheus};
use crate::query::{Query, QueryError, QueryRequest, QueryResponse, QueryResult, TimeRange};

/// What the host serves, and where.
#[derive(Debug, Clone)]
pub struct HostConfig {
    /// The address to listen on (port 0: any free port).
    pub listen: SocketAddr,
    /// The dashboard JSON file.
    pub dashboard: PathBuf,
    /// The data source provisioning YAML file.
    pub datasources: PathBuf,
    /// Another URL for the Prometheus data source (and every data source that shares its URL).
    pub prometheus: Option<String>,
    /// The backend plugin binary of each data source type.
    pub plugins: HashMap<String, PathBuf>,
    /// The built page (`web/dist`).
    pub web: PathBuf,
}

/// Why the host could not start; each message names the thing and the fix.
#[derive(Debug, thiserror::Error)]
pub enum HostError {
    /// The dashboard file.
    #[error(transparent)]
    Dashboard(#[from] DashboardError),
    /// The provisioning file.
    #[error(transparent)]
    Provisioning(#[from] ProvisioningError),
    /// A Prometheus data source's settings.
    #[error(transparent)]
    Client(#[from] ClientError),
    /// The page has not been built.
    #[error("the page is not built: {} is missing; run npm --prefix dashboards-rs/preview/web ci && npm --prefix dashboards-rs/preview/web run build", index.display())]
    NoPage {
        /// The missing `index.html`.
        index: PathBuf,
    },
    /// A plugin binary is missing.
    #[error("the {kind} plugin binary {} does not exist: build it, or point the preview at it", binary.display())]
    NoPlugin {
        /// The data source type.
        kind: String,
        /// The binary.
        binary: PathBuf,
    },
    /// The address cannot be listened on.
    #[error("cannot listen on {addr}: {source}; pick another address with --listen (e.g. --listen 127.0.0.1:0 for any free port)")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why (in use, not permitted…).
        source: std::io::Error,
    },
}

/// Everything a request reads.
struct Shared {
    dashboard_path: PathBuf,
    dashboard: Dashboard,
    datasources: DataSources,
    clients: HashMap<String, Prometheus>,
    plugins: HashMap<String, Arc<Plugin>>,
    web: PathBuf,
}

/// A running host.
pub struct RunningHost {
    addr: SocketAddr,
    uid: String,
    stop: oneshot::Sender<()>,
    server: JoinHandle<()>,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for RunningHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningHost")
            .field("addr", &self.addr)
            .field("uid", &self.uid)
            .finish_non_exhaustive()
    }
}

impl RunningHost {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The dashboard's page: `http://127.0.0.1:PORT/d/UID` (loopback when listening on every address).
    pub fn url(&self) -> String {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(if addr.is_ipv4() {
                std::net::Ipv4Addr::LOCALHOST.into()
            } else {
                std::net::Ipv6Addr::LOCALHOST.into()
            });
        }
        format!("http://{addr}/d/{}", self.uid)
    }

    /// Stops serving, then stops the plugins as Grafana does.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let _ = self.server.await;
        for plugin in self.shared.plugins.values() {
            plugin.shutdown().await;
        }
    }
}

/// Reads the files, checks the page, and starts serving.
pub async fn start(config: HostConfig) -> Result<RunningHost, HostError> {
    let dashboard = Dashboard::load(&config.dashboard)?;
    let mut datasources = DataSources::load(&config.datasources)?;
    if let Some(url) = &config.prometheus {
        datasources.override_prometheus(url, &config.datasources)?;
    }
    let index = config.web.join("index.html");
    if !index.is_file() {
        return Err(HostError::NoPage { index });
    }
    let mut plugins = HashMap::new();
    for (kind, binary) in &config.plugins {
        if !binary.is_file() {
            return Err(HostError::NoPlugin {
                kind: kind.clone(),
                binary: binary.clone(),
            });
        }
        plugins.insert(kind.clone(), Arc::new(Plugin::new(kind.clone(), binary.clone())));
    }
    let mut clients = HashMap::new();
    for ds in datasources.all().iter().filter(|d| d.is_prometheus()) {
        clients.insert(ds.uid.clone(), Prometheus::new(ds)?);
    }
    if !config.listen.ip().is_loopback() {
        tracing::warn!(listen = %config.listen, "the preview has no authentication: anyone who reaches {} can read the dashboard and query its data sources", config.listen);
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| HostError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| HostError::Bind {
        addr: config.listen,
        source,
    })?;
    let uid = dashboard.uid.clone();
    let shared = Arc::new(Shared {
        dashboard_path: config.dashboard,
        dashboard,
        datasources,
        clients,
        plugins,
        web: config.web,
    });
    let (stop, stopped) = oneshot::channel::<()>();
    let app = router(shared.clone());
    let server = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "the preview's server stopped");
        }
    });
    tracing::info!(%addr, dashboard = %uid, "preview host listening");
    Ok(RunningHost {
        addr,
        uid,
        stop,
        server,
        shared,
    })
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(root))
        .route("/d/:uid", get(page))
        .route("/d/:uid/:slug", get(page))
        .route("/public/preview/*file", get(file))
        .route("/api/health", get(health))
        .route("/api/frontend/settings", get(settings))
        .route("/api/dashboards/uid/:uid", get(dashboard))
        .route("/api/ds/query", post(query))
        .route("/api/datasources/uid/:uid/resources/*path", get(resource))
        .fallback(not_found)
        .with_state(shared)
}

/// `{"message": …}` with a status, as Grafana answers API errors.
fn message(status: StatusCode, text: impl Into<String>) -> Response {
    (status, Json(json!({ "message": text.into() }))).into_response()
}

async fn not_found() -> Response {
    message(StatusCode::NOT_FOUND, "Not found")
}

async fn root(State(shared): State<Arc<Shared>>) -> Redirect {
    Redirect::to(&format!("/d/{}", shared.dashboard.uid))
}

async fn page(State(shared): State<Arc<Shared>>) -> Response {
    serve(&shared.web.join("index.html"), &HeaderMap::new(), Caching::None).await
}

async fn file(State(shared): State<Arc<Shared>>, UrlPath(file): UrlPath<String>, headers: HeaderMap) -> Response {
    let relative = Path::new(&file);
    // Only plain names below web/: no `..`, no absolute path.
    if !relative.components().all(|c| matches!(c, Component::Normal(_))) {
        return not_found().await;
    }
    // @grafana/ui's icons never change; the bundle changes with each build, so the browser asks again, cheaply.
    let caching = if relative.starts_with("img") {
        Caching::Day
    } else {
        Caching::Revalidate
    };
    serve(&shared.web.join(relative), &headers, caching).await
}

/// How the browser may keep a built file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caching {
    /// Not at all (the page itself, which names the bundle).
    None,
    /// Kept, but asked again each time with its ETag (a 304 when unchanged, and the browser's compiled code
    /// cache is kept).
    Revalidate,
    /// Kept a day without asking.
    Day,
}

async fn serve(path: &Path, request: &HeaderMap, caching: Caching) -> Response {
    let Ok(meta) = tokio::fs::metadata(path).await else {
        return not_found().await;
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let etag = format!("\"{:x}-{modified:x}\"", meta.len());
    let cache_control = match caching {
        Caching::None => "no-store",
        Caching::Revalidate => "no-cache",
        Caching::Day => "public, max-age=86400",
    };
    if caching != Caching::None
        && request
            .get(header::IF_NONE_MATCH)
            .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    match tokio::fs::read(path).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, content_type(path).to_owned()),
                (header::CACHE_CONTROL, cache_control.to_owned()),
                (header::ETAG, etag),
            ],
            Body::from(bytes),
        )
            .into_response(),
        Err(_) => not_found().await,
    }
}

/// The content type of a built file.
fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn health() -> Json<Value> {
    Json(json!({"database": "ok", "version": GRAFANA_VERSION}))
}

/// The data sources as the page sees them: no URL (it may hold credentials), no secret.
async fn settings(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let datasources: serde_json::Map<String, Value> = shared
        .datasources
        .all()
        .iter()
        .map(|ds| {
            let entry = json!({
                "id": shared.datasources.id_of(&ds.uid),
                "uid": ds.uid,
                "type": ds.kind,
                "name": ds.name,
                "isDefault": ds.is_default,
                "access": "proxy",
                "jsonData": ds.json_data,
            });
            (ds.name.clone(), entry)
        })
        .collect();
    let default = shared.datasources.default_source().map(|d| d.name.clone());
    Json(json!({
        "datasources": datasources,
        "defaultDatasource": default,
        "buildInfo": {"version": GRAFANA_VERSION},
    }))
}

/// The dashboard, read again so that an edited file shows on reload.
async fn dashboard(State(shared): State<Arc<Shared>>, UrlPath(uid): UrlPath<String>) -> Response {
    let current = match Dashboard::load(&shared.dashboard_path) {
        Ok(d) => d,
        Err(e) => return message(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    if uid != current.uid {
        return message(
            StatusCode::NOT_FOUND,
            format!("Dashboard not found: the preview serves uid {}, not {uid}", current.uid),
        );
    }
    let slug = current.slug();
    Json(json!({
        "dashboard": current.model,
        "meta": {"slug": slug, "provisioned": true, "canEdit": false, "canSave": false, "url": format!("/d/{}/{slug}", current.uid)},
    }))
    .into_response()
}

async fn query(State(shared): State<Arc<Shared>>, body: axum::body::Bytes) -> Response {
    let request: QueryRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return message(StatusCode::BAD_REQUEST, format!("bad request data: {e}")),
    };
    if request.queries.is_empty() {
        return message(StatusCode::BAD_REQUEST, "No queries found in query");
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let range = match request.range(now) {
        Ok(r) => r,
        Err(e) => return message(StatusCode::BAD_REQUEST, e.to_string()),
    };
    let response = answer(&shared, &request.queries, range).await;
    let status = StatusCode::from_u16(response.http_status()).unwrap_or(StatusCode::OK);
    (status, Json(response)).into_response()
}

/// Every query answered: Prometheus queries one by one, concurrently; a plugin's queries in one call per data
/// source, as Grafana groups them.
async fn answer(shared: &Shared, queries: &[Query], range: TimeRange) -> QueryResponse {
    let mut results = BTreeMap::new();
    let mut prometheus = Vec::new();
    let mut by_plugin: BTreeMap<String, (&DataSource, Vec<Query>)> = BTreeMap::new();
    for q in queries {
        let ds = match data_source(shared, q) {
            Ok(ds) => ds,
            Err(e) => {
                results.insert(q.ref_id.clone(), QueryResult::from(Err(e)));
                continue;
            }
        };
        if let Some(client) = shared.clients.get(&ds.uid) {
            prometheus.push(async move {
                let result = match prometheus::plan(q, ds, range) {
                    Ok(plan) => client.run(&plan).await,
                    Err(e) => Err(e),
                };
                if let Err(e) = &result {
                    tracing::debug!(ref_id = %q.ref_id, status = e.status, error = %e, "Prometheus query failed");
                }
                (q.ref_id.clone(), QueryResult::from(result))
            });
        } else if shared.plugins.contains_key(&ds.kind) {
            by_plugin
                .entry(ds.uid.clone())
                .or_insert_with(|| (ds, Vec::new()))
                .1
                .push(q.clone());
        } else {
            let e = QueryError::plugin(
                400,
                format!(
                    "data source {} is of type {}, which the preview has no backend plugin binary for: give one (--plugin {}=PATH) or query a Prometheus data source",
                    ds.name, ds.kind, ds.kind
                ),
            );
            results.insert(q.ref_id.clone(), QueryResult::from(Err(e)));
        }
    }
    let plugin_calls = by_plugin.into_values().filter_map(|(ds, queries)| {
        let plugin = shared.plugins.get(&ds.kind)?.clone();
        let id = shared.datasources.id_of(&ds.uid);
        let loaded = shared.datasources.loaded_ms;
        Some(async move { plugin.query(ds, id, loaded, &queries, range).await })
    });
    let (prometheus, plugins) = futures::join!(join_all(prometheus), join_all(plugin_calls));
    results.extend(prometheus);
    for answers in plugins {
        results.extend(answers);
    }
    QueryResponse { results }
}

/// The data source a query names (its uid, or a name), else the default one.
fn data_source<'a>(shared: &'a Shared, q: &Query) -> Result<&'a DataSource, QueryError> {
    match q.datasource.as_ref().and_then(|d| d.key()) {
        Some(key) => shared.datasources.find(key).ok_or_else(|| {
            let known: Vec<&str> = shared.datasources.all().iter().map(|d| d.uid.as_str()).collect();
            QueryError::downstream(
                404,
                format!(
                    "data source {key:?} not found: the provisioning file has uids {}",
                    known.join(", ")
                ),
            )
        }),
        None => shared
            .datasources
            .default_source()
            .ok_or_else(|| QueryError::downstream(404, "no default data source: mark one isDefault: true")),
    }
}

async fn resource(
    State(shared): State<Arc<Shared>>,
    UrlPath((uid, path)): UrlPath<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(client) = shared.clients.get(&uid) else {
        let what = match shared.datasources.by_uid(&uid) {
            Some(ds) => format!(
                "data source {uid} is of type {}: the preview proxies resources of Prometheus data sources only",
                ds.kind
            ),
            None => format!("Data source not found: no data source has uid {uid}"),
        };
        return message(StatusCode::NOT_FOUND, what);
    };
    let Some(api) = path.strip_prefix("api/v1/") else {
        return message(
            StatusCode::NOT_FOUND,
            format!(
                "{path} is not proxied: the preview proxies api/v1/labels, api/v1/series and api/v1/label/NAME/values"
            ),
        );
    };
    match client.resource(api, raw.as_deref()).await {
        Ok((status, body)) => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
            [(header::CONTENT_TYPE, "application/json")],
            Body::from(body),
        )
            .into_response(),
        Err(e) => message(
            StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_GATEWAY),
            e.message,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_unchanged_bundle_is_a_304_to_a_browser_that_has_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bundle = dir.path().join("preview.js");
        std::fs::write(&bundle, "console.log(1)").expect("write");
        let first = serve(&bundle, &HeaderMap::new(), Caching::Revalidate).await;
        assert_eq!(first.status(), StatusCode::OK);
        assert_eq!(first.headers()[header::CACHE_CONTROL], "no-cache");
        let mut again = HeaderMap::new();
        again.insert(header::IF_NONE_MATCH, first.headers()[header::ETAG].clone());
        let second = serve(&bundle, &again, Caching::Revalidate).await;
        assert_eq!(second.status(), StatusCode::NOT_MODIFIED);
    }

    #[test]
    fn built_files_get_their_content_types() {
        assert_eq!(content_type(Path::new("preview.js")), "text/javascript; charset=utf-8");
        assert_eq!(content_type(Path::new("img/icons/unicons/x.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("index.html")), "text/html; charset=utf-8");
    }
}
