//! The `pluginv2` gRPC services: `Data.QueryData`, `Diagnostics.CheckHealth` / `CollectMetrics`,
//! `Resource.CallResource`, on the SDK's tonic server traits (`Data` on the plugin's own route, [`crate::wire`]).
//!
//! No panic crosses the gRPC boundary: each handler, and each query of a request, runs under `catch_unwind`; a
//! panic becomes a per-query 500 or an `INTERNAL` status, and is logged.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use futures::FutureExt as _;
use grafana_dashboards::excerpt::{clip, clip_to};
use grafana_plugin_sdk::pluginv2::{
    self, collect_metrics_response::Payload, diagnostics_server::Diagnostics, resource_server::Resource,
    CallResourceRequest, CallResourceResponse, CheckHealthRequest, CheckHealthResponse, CollectMetricsRequest,
    CollectMetricsResponse, DataQuery, QueryDataRequest, StringList,
};
use tonic::{Request, Response, Status};

use crate::context::{Caller, Origin};
use crate::health;
use crate::instance::{Instance, Instances};
use crate::metrics::{Endpoint, Metrics, Outcome};
use crate::query::{self, QueryError};
use crate::resources;
use crate::wire::{Data, DataResponse, DataServer, QueryDataResponse};
use grafana_frames::arrow::encode_file;

/// The plugin: its instances and its metrics.
#[derive(Debug, Clone)]
pub struct Plugin {
    instances: Arc<Instances>,
    metrics: Arc<Metrics>,
}

impl Default for Plugin {
    fn default() -> Self {
        Self::new()
    }
}

/// The most characters of an error message a query's answer carries: each part of a message is bounded where
/// it is written (`grafana_dashboards::excerpt`); this is the last guard, for a message no one foresaw.
const MESSAGE_CHARS: usize = 2048;

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let message = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unknown panic");
    clip(message).into_owned()
}

/// A failed query's answer: its status and message, and whom its status blames ([`QueryError::error_source`]).
fn failure(e: QueryError) -> DataResponse {
    let source = e.error_source();
    DataResponse::failed(e.status, clip_to(&e.message, MESSAGE_CHARS).into_owned(), source)
}

/// Runs a handler; a panic becomes `INTERNAL`.
async fn guarded<T>(
    metrics: &Metrics,
    endpoint: Endpoint,
    work: impl std::future::Future<Output = Result<T, Status>>,
) -> Result<T, Status> {
    let result = match AssertUnwindSafe(work).catch_unwind().await {
        Ok(result) => result,
        Err(panic) => {
            let message = panic_message(panic.as_ref());
            tracing::error!(endpoint = endpoint.name(), panic = %message, "handler panicked");
            metrics.request(endpoint, Outcome::Panic);
            return Err(Status::internal(format!(
                "the plugin failed on an internal error ({message}); this is a bug, see Grafana's log"
            )));
        }
    };
    metrics.request(endpoint, if result.is_ok() { Outcome::Ok } else { Outcome::Error });
    result
}

impl Plugin {
    /// A plugin with no instances yet.
    pub fn new() -> Self {
        let metrics = Arc::new(Metrics::default());
        Plugin {
            instances: Arc::new(Instances::new(metrics.clone())),
            metrics,
        }
    }

    /// The self-metrics.
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    async fn answer(&self, instance: Arc<Instance>, q: DataQuery, origin: Origin) -> DataResponse {
        let started = Instant::now();
        let ref_id = query::ref_id(&q);
        // The kind is known once the query is read; one that cannot be read counts as `unknown`.
        let mut kind = "unknown";
        let outcome = AssertUnwindSafe(async {
            let request = query::parse(&q)?;
            kind = request.kind();
            let frames = query::run(&instance, &request).await?;
            // Each file shares its frame's column buffers: the frames themselves can go.
            frames
                .iter()
                .map(|frame| encode_file(frame).map_err(|e| QueryError::internal(e.to_string())))
                .collect::<Result<Vec<_>, _>>()
        })
        .catch_unwind()
        .await
        .unwrap_or_else(|panic| {
            let message = panic_message(panic.as_ref());
            tracing::error!(ref_id = %ref_id, panic = %message, "query panicked");
            Err(QueryError::internal(format!(
                "the plugin failed on an internal error ({message}); this is a bug, see Grafana's log"
            )))
        });
        self.metrics.query(kind, origin);
        match outcome {
            Ok(frames) => {
                self.metrics.query_duration(kind, started.elapsed());
                DataResponse::frames(frames)
            }
            Err(e) => {
                tracing::info!(
                    ref_id = %ref_id,
                    origin = origin.name(),
                    status = e.status,
                    error_source = e.error_source().as_str(),
                    error = %clip_to(&e.message, MESSAGE_CHARS),
                    "query failed"
                );
                failure(e)
            }
        }
    }
}

#[tonic::async_trait]
impl Data for Plugin {
    async fn query_data(&self, request: QueryDataRequest) -> Result<QueryDataResponse, Status> {
        guarded(&self.metrics, Endpoint::QueryData, async {
            let ctx = request.plugin_context.as_ref();
            // An alert evaluation has no user (the caller is Grafana itself) and says so in a header: the log and
            // the self-metrics tell alerting's load and failures apart from the dashboards'.
            let origin = Origin::of(&request.headers);
            tracing::debug!(
                caller = %Caller::of(ctx).describe(),
                origin = origin.name(),
                queries = request.queries.len(),
                "queryData"
            );
            let instance = self.instances.get(ctx);
            let responses: HashMap<String, DataResponse> = match instance {
                Ok(instance) => {
                    let answers = request.queries.into_iter().map(|q| {
                        let ref_id = query::ref_id(&q);
                        let instance = instance.clone();
                        async move { (ref_id, self.answer(instance, q, origin).await) }
                    });
                    futures::future::join_all(answers).await.into_iter().collect()
                }
                Err(e) => request
                    .queries
                    .iter()
                    .map(|q| (query::ref_id(q), failure(QueryError::bad_request(e.to_string()))))
                    .collect(),
            };
            Ok(QueryDataResponse { responses })
        })
        .await
    }
}

#[tonic::async_trait]
impl Diagnostics for Plugin {
    async fn check_health(
        &self,
        request: Request<CheckHealthRequest>,
    ) -> Result<Response<CheckHealthResponse>, Status> {
        guarded(&self.metrics, Endpoint::CheckHealth, async {
            let request = request.into_inner();
            let health = match self.instances.get(request.plugin_context.as_ref()) {
                Ok(instance) => health::check(&instance).await,
                Err(e) => health::Health::error(e.to_string()),
            };
            tracing::info!(status = health.status.as_str_name(), message = %health.message, "health check");
            Ok(Response::new(CheckHealthResponse {
                status: health.status as i32,
                json_details: health.json_details(),
                message: health.message,
            }))
        })
        .await
    }

    async fn collect_metrics(
        &self,
        _request: Request<CollectMetricsRequest>,
    ) -> Result<Response<CollectMetricsResponse>, Status> {
        guarded(&self.metrics, Endpoint::CollectMetrics, async {
            Ok(Response::new(CollectMetricsResponse {
                metrics: Some(Payload {
                    prometheus: self.metrics.render().into_bytes(),
                }),
            }))
        })
        .await
    }
}

#[tonic::async_trait]
impl Resource for Plugin {
    type CallResourceStream = tokio_stream::Once<Result<CallResourceResponse, Status>>;

    async fn call_resource(
        &self,
        request: Request<CallResourceRequest>,
    ) -> Result<Response<Self::CallResourceStream>, Status> {
        guarded(&self.metrics, Endpoint::CallResource, async {
            let request = request.into_inner();
            let (code, body) = match self.instances.get(request.plugin_context.as_ref()) {
                Ok(instance) => resources::handle(&instance, &request.method, &request.path).await,
                Err(e) => (400, resources::Body::error(e.to_string())),
            };
            let headers = HashMap::from([(
                "Content-Type".to_owned(),
                StringList {
                    values: vec!["application/json".to_owned()],
                },
            )]);
            let mut bytes = serde_json::to_vec_pretty(&body).unwrap_or_default();
            bytes.push(b'\n');
            Ok(Response::new(tokio_stream::once(Ok(CallResourceResponse {
                code: i32::from(code),
                headers,
                body: bytes.into(),
            }))))
        })
        .await
    }
}

/// The services, ready to add to a tonic server.
pub fn servers(
    plugin: Plugin,
) -> (
    DataServer<Plugin>,
    pluginv2::diagnostics_server::DiagnosticsServer<Plugin>,
    pluginv2::resource_server::ResourceServer<Plugin>,
) {
    (
        DataServer::new(plugin.clone()),
        pluginv2::diagnostics_server::DiagnosticsServer::new(plugin.clone()).max_decoding_message_size(usize::MAX),
        pluginv2::resource_server::ResourceServer::new(plugin).max_decoding_message_size(usize::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_becomes_an_internal_status_and_is_counted() {
        let metrics = Metrics::default();
        let result: Result<(), Status> = guarded(&metrics, Endpoint::QueryData, async {
            let v: Vec<u8> = Vec::new();
            let _ = v[3];
            Ok(())
        })
        .await;
        let status = result.expect_err("the panic is caught");
        assert_eq!(status.code(), tonic::Code::Internal);
        assert!(status.message().contains("this is a bug"), "{}", status.message());
        assert!(metrics
            .render()
            .contains("grafana_plugin_request_total{endpoint=\"queryData\",status=\"panic\"} 1"));
    }

    #[tokio::test]
    async fn queries_without_a_data_source_are_400s_each() {
        let plugin = Plugin::new();
        let request = QueryDataRequest {
            queries: vec![
                DataQuery {
                    ref_id: "A".into(),
                    ..Default::default()
                },
                DataQuery {
                    ref_id: "B".into(),
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let response = plugin.query_data(request).await.expect("answers");
        assert_eq!(response.responses.len(), 2);
        assert!(response
            .responses
            .values()
            .all(|r| r.status == 400 && r.error_source == "downstream"));
    }
}
