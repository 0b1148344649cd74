//! The Grafana-host emulator: what Grafana does to a backend plugin (`PLUGIN-CONTRACT.md`).
//!
//! It starts the plugin binary with Grafana's environment, reads the go-plugin handshake line from stdout
//! (within Grafana's one minute), dials insecure gRPC with Grafana's unlimited message sizes, collects the
//! hclog JSON lines from stderr, and stops the plugin the way Grafana does (`GRPCController.Shutdown`, then a
//! kill).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use grafana_preview::handshake::Address;
use tonic::transport::Channel;

use crate::frames::{decode, DecodedFrame};
use crate::pluginv2::{
    data_client::DataClient, diagnostics_client::DiagnosticsClient, resource_client::ResourceClient,
    CheckHealthRequest, CheckHealthResponse, DataFrameFormat, DataQuery, DataResponse, DataSourceInstanceSettings,
    PluginContext, QueryDataRequest, TimeRange, User,
};
use crate::Error;

/// The plugin's id.
pub const PLUGIN_ID: &str = tumulte_policy::names::PLUGIN_ID;
/// The executable's name.
pub const EXECUTABLE: &str = tumulte_policy::names::PLUGIN_EXECUTABLE;

/// The plugin binary, built by cargo once per test run in this binary's target directory and profile.
pub fn plugin_binary() -> Result<PathBuf, Error> {
    tumulte_test_kit::plugin::binary().map_err(|e| e.to_string().into())
}

/// Grafana's environment for a data source plugin.
pub fn grafana_env() -> Vec<(&'static str, String)> {
    vec![
        ("grafana_plugin_type", "datasource".into()),
        ("PLUGIN_PROTOCOL_VERSIONS", "2".into()),
        ("PLUGIN_MIN_PORT", "10000".into()),
        ("PLUGIN_MAX_PORT", "25000".into()),
        ("GF_VERSION", "10.4.0".into()),
        ("GF_EDITION", "Open Source".into()),
        ("GF_INSTANCE_FEATURE_TOGGLES_ENABLE", String::new()),
    ]
}

/// Grafana's environment plus the plugin's debug log, which the tests read.
pub fn test_env() -> Vec<(&'static str, String)> {
    let mut env = grafana_env();
    env.push(("GF_PLUGIN_TUMULTE_LOG", "debug".into()));
    env
}

/// A running plugin, as Grafana holds it.
pub struct PluginProcess {
    child: Child,
    /// The handshake line.
    pub handshake: String,
    /// The gRPC channel.
    pub channel: Channel,
    /// stderr lines so far.
    pub stderr: Arc<Mutex<Vec<String>>>,
    /// Time from spawn to handshake.
    pub startup: Duration,
}

impl PluginProcess {
    /// Starts the plugin with Grafana's environment and its debug log, and completes the handshake.
    pub async fn start() -> Result<Self, Error> {
        Self::start_with(&test_env()).await
    }

    /// Starts the plugin with exactly `env` (plus PATH) and completes the handshake.
    pub async fn start_with(env: &[(&'static str, String)]) -> Result<Self, Error> {
        Self::start_program(&plugin_binary()?, &[], env).await
    }

    /// Starts `program` with `args` (a shipped binary, or an emulator and the binary it runs) and exactly `env`
    /// (plus PATH), and completes the handshake.
    pub async fn start_program(program: &Path, args: &[&Path], env: &[(&'static str, String)]) -> Result<Self, Error> {
        let started = Instant::now();
        let mut child = Command::new(program)
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Ok(mut l) = sink.lock() {
                    l.push(line);
                }
            }
        });
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            // Keep draining so the plugin never blocks on a full pipe.
            let mut rest = String::new();
            while reader.read_line(&mut rest).is_ok_and(|n| n > 0) {
                rest.clear();
            }
        });
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if !line.is_empty() => line.trim().to_owned(),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                let log = lines.lock().map(|l| l.join("\n")).unwrap_or_default();
                return Err(format!("no handshake line within Grafana's minute; stderr:\n{log}").into());
            }
        };
        let startup = started.elapsed();
        let Some(address) = Address::from_handshake(&line) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("handshake {line:?} is not 1|2|tcp|HOST:PORT|grpc or 1|2|unix|PATH|grpc").into());
        };
        let channel = address.connect(Duration::from_secs(5)).await?;
        Ok(PluginProcess {
            child,
            handshake: line,
            channel,
            stderr: lines,
            startup,
        })
    }

    /// A `Data` client with Grafana's message sizes.
    pub fn data(&self) -> DataClient<Channel> {
        DataClient::new(self.channel.clone())
            .max_decoding_message_size(i32::MAX as usize)
            .max_encoding_message_size(i32::MAX as usize)
    }

    /// A `Diagnostics` client.
    pub fn diagnostics(&self) -> DiagnosticsClient<Channel> {
        DiagnosticsClient::new(self.channel.clone()).max_decoding_message_size(i32::MAX as usize)
    }

    /// A `Resource` client.
    pub fn resource(&self) -> ResourceClient<Channel> {
        ResourceClient::new(self.channel.clone()).max_decoding_message_size(i32::MAX as usize)
    }

    /// `Diagnostics.CheckHealth` for `ds`, asked by an Admin as the data source page does.
    pub async fn check_health(&self, ds: &DataSource) -> Result<CheckHealthResponse, Error> {
        Ok(self
            .diagnostics()
            .check_health(CheckHealthRequest {
                plugin_context: Some(ds.context(&Asker::User("Admin"))),
                ..Default::default()
            })
            .await?
            .into_inner())
    }

    /// The plugin's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The stderr lines so far.
    pub fn log(&self) -> Vec<String> {
        self.stderr.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Stops the plugin as Grafana does: `GRPCController.Shutdown`, then up to 2 s for it to exit, then a
    /// kill. Returns whether it exited on its own, successfully.
    pub async fn shutdown(mut self) -> Result<bool, Error> {
        let mut grpc = tonic::client::Grpc::new(self.channel.clone());
        grpc.ready().await?;
        let path = tonic::codegen::http::uri::PathAndQuery::from_static("/plugin.GRPCController/Shutdown");
        let _: tonic::Response<Empty> = grpc
            .unary(tonic::Request::new(Empty {}), path, tonic::codec::ProstCodec::default())
            .await?;
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                return Ok(status.success());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        Ok(false)
    }

    /// The resident set size of the plugin, in KiB (Linux).
    pub fn rss_kib(&self) -> Option<u64> {
        crate::bench::rss_kib(self.pid())
    }

    /// The plugin's peak resident set size so far, in KiB (Linux's high-water mark).
    pub fn peak_rss_kib(&self) -> Option<u64> {
        crate::bench::peak_rss_kib(self.pid())
    }

    /// The file-backed part of the plugin's resident set (its code), in KiB (Linux).
    pub fn file_rss_kib(&self) -> Option<u64> {
        crate::bench::file_rss_kib(self.pid())
    }
}

impl Drop for PluginProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// go-plugin's `plugin.Empty`.
#[derive(Clone, Copy, PartialEq, Eq, prost::Message)]
pub struct Empty {}

/// Who asks, as Grafana fills `PluginContext.user`.
#[derive(Debug, Clone)]
pub enum Asker {
    /// A user with this role (`Admin`, `Viewer`, `None`, `""`).
    User(&'static str),
    /// Grafana itself (alerting): no user.
    Grafana,
}

/// A data source's settings as Grafana sends them.
#[derive(Debug, Clone)]
pub struct DataSource {
    /// The URL.
    pub url: String,
    /// `jsonData`.
    pub json: serde_json::Value,
    /// `decryptedSecureJsonData`.
    pub secure: HashMap<String, String>,
    /// Basic auth user, if enabled.
    pub basic_auth_user: Option<String>,
    /// `lastUpdatedMS`.
    pub last_updated_ms: i64,
    /// Its uid.
    pub uid: String,
}

impl DataSource {
    /// The provisioned data source pointing at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        DataSource {
            url: url.into(),
            json: serde_json::json!({}),
            secure: HashMap::new(),
            basic_auth_user: None,
            last_updated_ms: 1_700_000_000_000,
            uid: tumulte_policy::names::PLUGIN_UID.into(),
        }
    }

    /// Grafana's `PluginContext` for a request by `asker`.
    pub fn context(&self, asker: &Asker) -> PluginContext {
        PluginContext {
            org_id: 1,
            plugin_id: PLUGIN_ID.into(),
            user: match asker {
                Asker::User(role) => Some(User {
                    login: "ana".into(),
                    name: "Ana".into(),
                    email: "ana@example.org".into(),
                    role: (*role).into(),
                }),
                Asker::Grafana => None,
            },
            data_source_instance_settings: Some(DataSourceInstanceSettings {
                id: 7,
                uid: self.uid.clone(),
                name: tumulte_policy::names::PLUGIN_NAME.into(),
                url: self.url.clone(),
                basic_auth_enabled: self.basic_auth_user.is_some(),
                basic_auth_user: self.basic_auth_user.clone().unwrap_or_default(),
                json_data: serde_json::to_vec(&self.json).unwrap_or_default(),
                decrypted_secure_json_data: self.secure.clone(),
                last_updated_ms: self.last_updated_ms,
                ..Default::default()
            }),
            plugin_version: "0.1.0".into(),
            user_agent: "Grafana/10.4.0 (linux; amd64)".into(),
            ..Default::default()
        }
    }
}

/// The scaling verdict as a table panel asks it (refId `V`), for the hour ending at `to` (Unix seconds).
pub fn verdict_table_query(to: i64) -> DataQuery {
    let target = serde_json::json!({"kind": "scalingVerdict", "format": "table"});
    query("V", target, to - 3600, to, 15_000, 500)
}

/// A query as a panel posts it: `json` is the target, `from`/`to` in Unix seconds.
pub fn query(
    ref_id: &str,
    json: serde_json::Value,
    from: i64,
    to: i64,
    interval_ms: i64,
    max_points: i64,
) -> DataQuery {
    let mut target = json;
    if let Some(o) = target.as_object_mut() {
        o.insert("refId".into(), ref_id.into());
        o.insert(
            "datasource".into(),
            serde_json::json!({"type": PLUGIN_ID, "uid": tumulte_policy::names::PLUGIN_UID}),
        );
        o.insert("intervalMs".into(), interval_ms.into());
        o.insert("maxDataPoints".into(), max_points.into());
    }
    DataQuery {
        ref_id: ref_id.into(),
        max_data_points: max_points,
        interval_ms,
        time_range: Some(TimeRange {
            from_epoch_ms: from * 1000,
            to_epoch_ms: to * 1000,
        }),
        json: serde_json::to_vec(&target).unwrap_or_default(),
        query_type: String::new(),
    }
}

/// A query's answer, its frames decoded.
#[derive(Debug, Clone)]
pub struct Answer {
    /// `status`.
    pub status: i32,
    /// `error`.
    pub error: String,
    /// `errorSource`: `plugin`, `downstream`, or empty on success.
    pub error_source: String,
    /// The frames.
    pub frames: Vec<DecodedFrame>,
}

/// Sends `queries` as `asker` in `format` and decodes every frame of every answer (an undecodable frame fails
/// the whole response, as in Grafana).
pub async fn query_data(
    plugin: &PluginProcess,
    ds: &DataSource,
    asker: &Asker,
    format: DataFrameFormat,
    queries: Vec<DataQuery>,
) -> Result<HashMap<String, Answer>, Error> {
    query_data_with_headers(plugin, ds, asker, format, HashMap::new(), queries).await
}

/// [`query_data`] with the request's `headers` (alerting sends `FromAlert: true`).
pub async fn query_data_with_headers(
    plugin: &PluginProcess,
    ds: &DataSource,
    asker: &Asker,
    format: DataFrameFormat,
    headers: HashMap<String, String>,
    queries: Vec<DataQuery>,
) -> Result<HashMap<String, Answer>, Error> {
    let request = QueryDataRequest {
        plugin_context: Some(ds.context(asker)),
        headers,
        queries,
        format: format as i32,
    };
    let response = plugin.data().query_data(request).await?.into_inner();
    let mut out = HashMap::new();
    for (ref_id, r) in response.responses {
        out.insert(ref_id, answer(r)?);
    }
    Ok(out)
}

fn answer(r: DataResponse) -> Result<Answer, Error> {
    let frames = r.frames.iter().map(|f| decode(f)).collect::<Result<Vec<_>, _>>()?;
    Ok(Answer {
        status: r.status,
        error: r.error,
        error_source: r.error_source,
        frames,
    })
}
