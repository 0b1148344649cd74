//! A backend data source plugin, run as Grafana runs it (`/work/shared/grafana/PLUGIN-CONTRACT.md`): started
//! with Grafana's environment, its go-plugin handshake line ([`handshake`](crate::handshake)) read within a minute,
//! its stdout drained and its stderr (hclog JSON lines) forwarded to `tracing` at debug, spoken to over
//! insecure gRPC with unlimited message sizes, restarted on the next query when it has died, and stopped with
//! `GRPCController.Shutdown` then a kill.
//!
//! `QueryData` is sent as the SDK's `pluginv2::QueryDataRequest` and read as Grafana's newest
//! `DataResponse`, which adds `errorSource` (field 5) to the SDK 0.5 message.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use grafana_frames::Frame;
use grafana_plugin_sdk::pluginv2::{
    DataQuery, DataSourceInstanceSettings, PluginContext, QueryDataRequest, TimeRange as WireRange, User,
};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::Mutex;
use tonic::transport::Channel;

use crate::datasource::DataSource;
use crate::handshake::Address;
use crate::query::{ErrorSource, Query, QueryError, QueryResult, TimeRange};

/// How long Grafana waits for the handshake line.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(60);

/// How long Grafana lets a plugin exit after `GRPCController.Shutdown` before it kills it.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// The Grafana version the plugin is told it runs in.
pub const GRAFANA_VERSION: &str = "10.4.19";

/// Why a plugin could not be started or asked.
#[derive(Debug, thiserror::Error)]
pub enum PluginError {
    /// The binary could not be started.
    #[error("cannot start the {kind} plugin {}: {source}; check the path of its binary and that it is executable", binary.display())]
    Spawn {
        /// The data source type.
        kind: String,
        /// The binary.
        binary: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// No handshake line in time, or not go-plugin's.
    #[error("the {kind} plugin {} did not print go-plugin's handshake (1|2|tcp|HOST:PORT|grpc or 1|2|unix|PATH|grpc) within {:?}: {detail}; run it with RUST_LOG=debug to see its log", binary.display(), HANDSHAKE_TIMEOUT)]
    Handshake {
        /// The data source type.
        kind: String,
        /// The binary.
        binary: PathBuf,
        /// What came instead.
        detail: String,
    },
    /// The gRPC channel could not be opened.
    #[error("cannot connect to the {kind} plugin at {address}: {detail}")]
    Connect {
        /// The data source type.
        kind: String,
        /// Where it serves.
        address: Address,
        /// Why.
        detail: String,
    },
}

/// A running plugin process and its channel.
struct Process {
    child: Child,
    channel: Channel,
}

/// One backend plugin binary, started on first use.
pub struct Plugin {
    kind: String,
    binary: PathBuf,
    process: Mutex<Option<Process>>,
}

impl std::fmt::Debug for Plugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugin")
            .field("kind", &self.kind)
            .field("binary", &self.binary)
            .finish_non_exhaustive()
    }
}

impl Plugin {
    /// The plugin of data source type `kind`, whose binary is `binary`; not started yet.
    pub fn new(kind: impl Into<String>, binary: impl Into<PathBuf>) -> Plugin {
        Plugin {
            kind: kind.into(),
            binary: binary.into(),
            process: Mutex::new(None),
        }
    }

    /// The binary.
    pub fn binary(&self) -> &Path {
        &self.binary
    }

    /// The channel of the running plugin, started (again) when it is not running.
    async fn channel(&self) -> Result<Channel, PluginError> {
        let mut slot = self.process.lock().await;
        if let Some(process) = slot.as_mut() {
            match process.child.try_wait() {
                Ok(None) => return Ok(process.channel.clone()),
                Ok(Some(status)) => {
                    tracing::warn!(plugin = %self.kind, %status, "the plugin has exited; restarting it")
                }
                Err(e) => {
                    tracing::warn!(plugin = %self.kind, error = %e, "cannot tell whether the plugin runs; restarting it")
                }
            }
        }
        let process = self.start().await?;
        let channel = process.channel.clone();
        *slot = Some(process);
        Ok(channel)
    }

    async fn start(&self) -> Result<Process, PluginError> {
        let mut command = Command::new(&self.binary);
        command
            .envs(grafana_env())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = command.spawn().map_err(|source| PluginError::Spawn {
            kind: self.kind.clone(),
            binary: self.binary.clone(),
            source,
        })?;
        let handshake = |detail: String| PluginError::Handshake {
            kind: self.kind.clone(),
            binary: self.binary.clone(),
            detail,
        };
        if let Some(stderr) = child.stderr.take() {
            let kind = self.kind.clone();
            tokio::spawn(async move {
                let mut lines = BufReader::new(stderr).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    tracing::debug!(target: "grafana_preview::plugin::log", plugin = %kind, "{line}");
                }
            });
        }
        let stdout = child.stdout.take().ok_or_else(|| handshake("no stdout".into()))?;
        let mut lines = BufReader::new(stdout).lines();
        let line = match tokio::time::timeout(HANDSHAKE_TIMEOUT, lines.next_line()).await {
            Ok(Ok(Some(line))) => line,
            Ok(Ok(None)) => return Err(handshake("it closed its stdout (did it exit?)".into())),
            Ok(Err(e)) => return Err(handshake(e.to_string())),
            Err(_) => return Err(handshake("nothing came".into())),
        };
        // Keep draining, so that the plugin never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let Some(address) = Address::from_handshake(&line) else {
            return Err(handshake(format!("it printed {line:?}")));
        };
        let connect = |detail: String| PluginError::Connect {
            kind: self.kind.clone(),
            address: address.clone(),
            detail,
        };
        let channel = address
            .connect(Duration::from_secs(5))
            .await
            .map_err(|e| connect(e.to_string()))?;
        tracing::info!(plugin = %self.kind, binary = %self.binary.display(), %address, "plugin started");
        Ok(Process { child, channel })
    }

    /// Asks the plugin for `queries` on data source `ds` (`id` its position) over `range`, as Grafana does:
    /// one `QueryData` call, one answer per refId. A failure of the plugin is every query's error.
    pub async fn query(
        &self,
        ds: &DataSource,
        id: i64,
        last_updated_ms: i64,
        queries: &[Query],
        range: TimeRange,
    ) -> HashMap<String, QueryResult> {
        let failed = |e: QueryError| {
            queries
                .iter()
                .map(|q| (q.ref_id.clone(), QueryResult::from(Err(e.clone()))))
                .collect::<HashMap<_, _>>()
        };
        let channel = match self.channel().await {
            Ok(channel) => channel,
            Err(e) => return failed(QueryError::plugin(500, e.to_string())),
        };
        let request = QueryDataRequest {
            plugin_context: Some(context(ds, id, last_updated_ms)),
            headers: HashMap::new(),
            queries: queries
                .iter()
                .map(|q| DataQuery {
                    ref_id: q.ref_id.clone(),
                    max_data_points: q.max_data_points(),
                    interval_ms: q.interval_ms(),
                    time_range: Some(WireRange {
                        from_epoch_ms: range.from_ms,
                        to_epoch_ms: range.to_ms,
                    }),
                    json: serde_json::to_vec(&q.json()).unwrap_or_default(),
                    query_type: q.query_type.clone().unwrap_or_default(),
                })
                .collect(),
        };
        let mut grpc = tonic::client::Grpc::new(channel)
            .max_decoding_message_size(usize::MAX)
            .max_encoding_message_size(usize::MAX);
        let answer = async {
            grpc.ready()
                .await
                .map_err(|e| tonic::Status::unavailable(e.to_string()))?;
            let path = tonic::codegen::http::uri::PathAndQuery::from_static("/pluginv2.Data/QueryData");
            grpc.unary(tonic::Request::new(request), path, tonic::codec::ProstCodec::default())
                .await
        };
        let response: QueryDataResponse = match answer.await {
            Ok(response) => response.into_inner(),
            Err(status) => {
                return failed(QueryError::plugin(
                    500,
                    format!(
                        "the {} plugin ({}) failed QueryData: {} {}; it is restarted on the next query if it has died",
                        self.kind,
                        self.binary.display(),
                        status.code(),
                        status.message()
                    ),
                ))
            }
        };
        let mut out: HashMap<String, QueryResult> = response
            .responses
            .into_iter()
            .map(|(ref_id, r)| (ref_id.clone(), result(&self.kind, &ref_id, r)))
            .collect();
        for q in queries {
            out.entry(q.ref_id.clone()).or_insert_with(|| {
                QueryResult::from(Err(QueryError::plugin(
                    500,
                    format!("the {} plugin gave no answer for refId {}", self.kind, q.ref_id),
                )))
            });
        }
        out
    }

    /// Stops the plugin as Grafana does: `GRPCController.Shutdown`, two seconds, then a kill.
    pub async fn shutdown(&self) {
        let Some(mut process) = self.process.lock().await.take() else {
            return;
        };
        let mut grpc = tonic::client::Grpc::new(process.channel.clone());
        if grpc.ready().await.is_ok() {
            let path = tonic::codegen::http::uri::PathAndQuery::from_static("/plugin.GRPCController/Shutdown");
            let asked: Result<tonic::Response<Empty>, _> = grpc
                .unary(tonic::Request::new(Empty {}), path, tonic::codec::ProstCodec::default())
                .await;
            if let Err(status) = asked {
                tracing::debug!(plugin = %self.kind, %status, "GRPCController.Shutdown failed; killing the plugin");
            }
        }
        if tokio::time::timeout(SHUTDOWN_GRACE, process.child.wait())
            .await
            .is_err()
        {
            let _ = process.child.kill().await;
        }
    }
}

/// A `DataResponse`'s frames decoded from Arrow, or its error passed through.
fn result(kind: &str, ref_id: &str, r: DataResponse) -> QueryResult {
    if !r.error.is_empty() || !(r.status == 0 || (200..300).contains(&r.status)) {
        let blame = if r.error_source == "plugin" {
            ErrorSource::Plugin
        } else {
            ErrorSource::Downstream
        };
        let status = u16::try_from(r.status).ok().filter(|s| *s >= 400).unwrap_or(500);
        let message = if r.error.is_empty() {
            format!("the {kind} plugin answered status {} for refId {ref_id}", r.status)
        } else {
            r.error
        };
        return QueryResult::from(Err(QueryError { status, message, blame }));
    }
    let frames: Result<Vec<Frame>, _> = r.frames.iter().map(|f| grafana_frames::arrow::decode(f)).collect();
    QueryResult::from(frames.map_err(|e| {
        QueryError::plugin(
            500,
            format!("the {kind} plugin sent refId {ref_id} a frame that is not Grafana's Arrow: {e}"),
        )
    }))
}

/// Grafana's `PluginContext` for a request by the preview's Admin on `ds`.
fn context(ds: &DataSource, id: i64, last_updated_ms: i64) -> PluginContext {
    PluginContext {
        org_id: ds.org_id,
        plugin_id: ds.kind.clone(),
        user: Some(User {
            login: "admin".into(),
            name: "admin".into(),
            email: "admin@localhost".into(),
            role: "Admin".into(),
        }),
        app_instance_settings: None,
        data_source_instance_settings: Some(DataSourceInstanceSettings {
            id,
            uid: ds.uid.clone(),
            name: ds.name.clone(),
            url: ds.url.clone(),
            basic_auth_enabled: ds.basic_auth,
            basic_auth_user: ds.basic_auth_user.clone(),
            json_data: serde_json::to_vec(&ds.json_data).unwrap_or_default(),
            decrypted_secure_json_data: ds
                .secure_json_data
                .iter()
                .map(|(k, v)| (k.clone(), v.expose().to_owned()))
                .collect(),
            last_updated_ms,
            ..Default::default()
        }),
    }
}

/// The environment Grafana adds to its own when it starts a data source plugin.
pub fn grafana_env() -> Vec<(&'static str, String)> {
    vec![
        ("grafana_plugin_type", "datasource".into()),
        ("PLUGIN_PROTOCOL_VERSIONS", "2".into()),
        ("PLUGIN_MIN_PORT", "10000".into()),
        ("PLUGIN_MAX_PORT", "25000".into()),
        ("GF_VERSION", GRAFANA_VERSION.into()),
        ("GF_EDITION", "Open Source".into()),
        ("GF_INSTANCE_FEATURE_TOGGLES_ENABLE", String::new()),
    ]
}

/// go-plugin's `plugin.Empty`.
#[derive(Clone, Copy, PartialEq, Eq, prost::Message)]
struct Empty {}

/// `pluginv2.QueryDataResponse` of Grafana's newest `backend.proto`.
#[derive(Clone, PartialEq, prost::Message)]
struct QueryDataResponse {
    #[prost(map = "string, message", tag = "1")]
    responses: HashMap<String, DataResponse>,
}

/// `pluginv2.DataResponse` of Grafana's newest `backend.proto`: the SDK 0.5 message plus `errorSource`.
#[derive(Clone, PartialEq, prost::Message)]
struct DataResponse {
    #[prost(bytes = "vec", repeated, tag = "1")]
    frames: Vec<Vec<u8>>,
    #[prost(string, tag = "2")]
    error: String,
    #[prost(int32, tag = "4")]
    status: i32,
    #[prost(string, tag = "5")]
    error_source: String,
}

#[cfg(test)]
mod tests {
    use prost::Message as _;

    use super::*;
    use crate::datasource::DataSources;

    #[test]
    fn the_context_carries_the_provisioned_settings_and_secrets() {
        let text = "datasources:\n- {name: S, uid: s, type: x-datasource, url: 'http://p:9090', basicAuth: true, basicAuthUser: ana, jsonData: {a: 1}, secureJsonData: {basicAuthPassword: pw}}\n";
        let sources = DataSources::parse(text, Path::new("ds.yml")).expect("valid");
        let c = context(&sources.all()[0], 1, 42);
        assert_eq!((c.org_id, c.plugin_id.as_str()), (1, "x-datasource"));
        assert_eq!(c.user.as_ref().map(|u| u.role.as_str()), Some("Admin"));
        let s = c.data_source_instance_settings.expect("settings");
        assert_eq!(
            (s.id, s.uid.as_str(), s.last_updated_ms, s.basic_auth_enabled),
            (1, "s", 42, true)
        );
        assert_eq!(s.json_data, br#"{"a":1}"#);
        assert_eq!(s.decrypted_secure_json_data["basicAuthPassword"], "pw");
    }

    #[test]
    fn an_error_answer_passes_its_status_and_source_through() {
        let wire = DataResponse {
            error: "bad".into(),
            status: 400,
            error_source: "downstream".into(),
            ..Default::default()
        };
        // What an SDK 0.5 plugin sends decodes too: no errorSource means downstream.
        let decoded = DataResponse::decode(wire.encode_to_vec().as_slice()).expect("decodes");
        let r = result("x", "A", decoded);
        assert_eq!(
            (r.status, r.error.as_deref(), r.error_source),
            (400, Some("bad"), Some(ErrorSource::Downstream))
        );
    }
}
