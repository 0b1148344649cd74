//! `Data.QueryData` on the wire: Grafana's newest `pluginv2` reply, and the gRPC route that sends it without
//! copying the frames.
//!
//! The SDK 0.5 messages predate `DataResponse.errorSource`, which tells Grafana whether a failed query is the
//! plugin's fault or its downstream's (the query, the settings, Prometheus): Grafana counts the two apart in
//! its plugin SLO metrics and logs. The reply here adds it, with the field numbers of Grafana's `backend.proto`;
//! the request stays the SDK's `QueryDataRequest`, whose newer fields the plugin does not need.
//!
//! tonic's codec encodes a reply into one buffer, which copies every frame once more: at a million values the
//! frames and that copy were twice the memory the answer needs. [`DataServer`] is the `pluginv2.Data` route
//! written out instead: it reads the request with tonic's types, and answers the protobuf encoding of
//! [`QueryDataResponse`] as chunks that share the frames' Arrow buffers ([`ArrowFile`]).

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::{BufMut as _, Bytes, BytesMut};
use grafana_frames::arrow::ArrowFile;
use grafana_plugin_sdk::pluginv2::QueryDataRequest;
use http_body_util::{BodyExt as _, StreamBody};
use prost::encoding::{self, encode_key, encode_varint, encoded_len_varint, key_len, WireType};
use prost::Message as _;
use tonic::body::BoxBody;
use tonic::codegen::{http, BoxFuture, Service};
use tonic::server::NamedService;
use tonic::Status;

/// Who a failed query is to blame on, as Grafana's `DataResponse.errorSource` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorSource {
    /// The plugin failed (a bug): Grafana counts it against the plugin.
    Plugin,
    /// The query, the data source's settings or Prometheus failed: the plugin did its job.
    Downstream,
}

impl ErrorSource {
    /// The value Grafana expects on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorSource::Plugin => "plugin",
            ErrorSource::Downstream => "downstream",
        }
    }
}

/// `pluginv2.QueryDataResponse`: one answer per `refId`.
#[derive(Debug, Clone, Default)]
pub struct QueryDataResponse {
    /// Answers by `refId`.
    pub responses: HashMap<String, DataResponse>,
}

/// `pluginv2.DataResponse`: the frames of one query, or its error. (Field 3, `jsonMeta`, is unused by
/// Grafana's frontend and never written.)
#[derive(Debug, Clone, Default)]
pub struct DataResponse {
    /// Arrow IPC files, one per frame (field 1).
    pub frames: Vec<ArrowFile>,
    /// What went wrong, and what to do; empty on success (field 2).
    pub error: String,
    /// HTTP-like status (field 4).
    pub status: i32,
    /// `plugin` or `downstream` when the query failed; empty on success (field 5).
    pub error_source: String,
}

impl DataResponse {
    /// A successful answer.
    pub fn frames(frames: Vec<ArrowFile>) -> Self {
        DataResponse {
            frames,
            status: 200,
            ..Default::default()
        }
    }

    /// A failed answer: its status, its message and whom to blame.
    pub fn failed(status: i32, message: impl Into<String>, source: ErrorSource) -> Self {
        DataResponse {
            error: message.into(),
            status,
            error_source: source.as_str().to_owned(),
            ..Default::default()
        }
    }

    /// The length of its protobuf encoding.
    fn encoded_len(&self) -> usize {
        let frames: usize = self
            .frames
            .iter()
            .map(|f| key_len(1) + encoded_len_varint(f.len() as u64) + f.len())
            .sum();
        let error = if self.error.is_empty() {
            0
        } else {
            encoding::string::encoded_len(2, &self.error)
        };
        let status = if self.status == 0 {
            0
        } else {
            encoding::int32::encoded_len(4, &self.status)
        };
        let source = if self.error_source.is_empty() {
            0
        } else {
            encoding::string::encoded_len(5, &self.error_source)
        };
        frames + error + status + source
    }

    fn encode(&self, out: &mut Chunks) {
        for frame in &self.frames {
            encode_key(1, WireType::LengthDelimited, &mut out.head);
            encode_varint(frame.len() as u64, &mut out.head);
            for chunk in frame.chunks() {
                out.share(chunk);
            }
        }
        if !self.error.is_empty() {
            encoding::string::encode(2, &self.error, &mut out.head);
        }
        if self.status != 0 {
            encoding::int32::encode(4, &self.status, &mut out.head);
        }
        if !self.error_source.is_empty() {
            encoding::string::encode(5, &self.error_source, &mut out.head);
        }
    }
}

impl QueryDataResponse {
    /// The reply as one gRPC message (the 5-byte prefix, then the protobuf encoding), in chunks that share the
    /// frames' buffers.
    pub fn grpc_message(&self) -> Vec<Bytes> {
        let entries: Vec<(&String, &DataResponse, usize, usize)> = self
            .responses
            .iter()
            .map(|(ref_id, response)| {
                let value_len = response.encoded_len();
                let entry_len = encoding::string::encoded_len(1, ref_id)
                    + key_len(2)
                    + encoded_len_varint(value_len as u64)
                    + value_len;
                (ref_id, response, value_len, entry_len)
            })
            .collect();
        let message_len: usize = entries
            .iter()
            .map(|(.., entry_len)| key_len(1) + encoded_len_varint(*entry_len as u64) + entry_len)
            .sum();
        let mut out = Chunks::default();
        out.head.put_u8(0);
        out.head.put_u32(message_len as u32);
        for (ref_id, response, value_len, entry_len) in entries {
            encode_key(1, WireType::LengthDelimited, &mut out.head);
            encode_varint(entry_len as u64, &mut out.head);
            encoding::string::encode(1, ref_id, &mut out.head);
            encode_key(2, WireType::LengthDelimited, &mut out.head);
            encode_varint(value_len as u64, &mut out.head);
            response.encode(&mut out);
        }
        out.finish()
    }
}

/// Bytes written in order: small fields gathered, large buffers shared as they are.
#[derive(Default)]
struct Chunks {
    done: Vec<Bytes>,
    head: BytesMut,
}

impl Chunks {
    fn share(&mut self, chunk: &Bytes) {
        if !self.head.is_empty() {
            self.done.push(self.head.split().freeze());
        }
        self.done.push(chunk.clone());
    }

    fn finish(mut self) -> Vec<Bytes> {
        if !self.head.is_empty() {
            self.done.push(self.head.split().freeze());
        }
        self.done
    }
}

/// What answers `Data.QueryData`.
#[tonic::async_trait]
pub trait Data: Send + Sync + 'static {
    /// Answers every query of a request.
    async fn query_data(&self, request: QueryDataRequest) -> Result<QueryDataResponse, Status>;
}

/// The `pluginv2.Data` service, ready to add to a tonic server.
#[derive(Debug)]
pub struct DataServer<T> {
    inner: Arc<T>,
}

impl<T> DataServer<T> {
    /// The service of `inner`.
    pub fn new(inner: T) -> Self {
        DataServer { inner: Arc::new(inner) }
    }
}

impl<T> Clone for DataServer<T> {
    fn clone(&self) -> Self {
        DataServer {
            inner: self.inner.clone(),
        }
    }
}

impl<T> NamedService for DataServer<T> {
    const NAME: &'static str = "pluginv2.Data";
}

/// The one method's route.
const QUERY_DATA: &str = "/pluginv2.Data/QueryData";

impl<T: Data> Service<http::Request<BoxBody>> for DataServer<T> {
    type Response = http::Response<BoxBody>;
    type Error = Infallible;
    type Future = BoxFuture<Self::Response, Infallible>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<BoxBody>) -> Self::Future {
        let inner = self.inner.clone();
        Box::pin(async move {
            if request.uri().path() != QUERY_DATA {
                return Ok(
                    Status::unimplemented(format!("{} is not a method of pluginv2.Data", request.uri().path()))
                        .into_http(),
                );
            }
            let answer = async {
                let request = read_request(request.into_body()).await?;
                inner.query_data(request).await
            };
            Ok(match answer.await {
                Ok(response) => reply(response),
                Err(status) => status.into_http(),
            })
        })
    }
}

/// The request: one uncompressed gRPC message.
async fn read_request(body: BoxBody) -> Result<QueryDataRequest, Status> {
    let bytes = body.collect().await?.to_bytes();
    let Some((prefix, message)) = bytes.split_first_chunk::<5>() else {
        return Err(Status::invalid_argument(
            "the QueryData request is shorter than a gRPC message's 5-byte prefix",
        ));
    };
    if prefix[0] != 0 {
        return Err(Status::unimplemented(
            "the QueryData request is compressed: send it uncompressed, as Grafana does",
        ));
    }
    let len = u32::from_be_bytes([prefix[1], prefix[2], prefix[3], prefix[4]]) as usize;
    if len != message.len() {
        return Err(Status::invalid_argument(format!(
            "the QueryData request says {len} bytes and carries {}: send one message per call",
            message.len()
        )));
    }
    QueryDataRequest::decode(message)
        .map_err(|e| Status::invalid_argument(format!("the QueryData request does not decode: {e}")))
}

/// A successful reply: the message's chunks as they are, then `grpc-status: 0`.
fn reply(response: QueryDataResponse) -> http::Response<BoxBody> {
    let mut trailers = http::HeaderMap::new();
    trailers.insert("grpc-status", http::HeaderValue::from_static("0"));
    let frames = response
        .grpc_message()
        .into_iter()
        .map(|chunk| Ok::<_, Infallible>(http_body::Frame::data(chunk)))
        .chain(std::iter::once(Ok(http_body::Frame::trailers(trailers))));
    let body = BoxBody::new(StreamBody::new(futures::stream::iter(frames)).map_err(|never| match never {}));
    let mut reply = http::Response::new(body);
    reply.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/grpc"),
    );
    reply
}

#[cfg(test)]
mod tests {
    use super::*;
    use grafana_frames::arrow::encode_file;
    use grafana_frames::{Field, Frame, FrameType, Meta, Values};

    fn message(response: &QueryDataResponse) -> Vec<u8> {
        let whole: Vec<u8> = response.grpc_message().concat();
        assert_eq!(whole[0], 0, "uncompressed");
        let len = u32::from_be_bytes(whole[1..5].try_into().expect("4 bytes")) as usize;
        assert_eq!(len, whole.len() - 5, "the prefix gives the message's length");
        whole[5..].to_vec()
    }

    fn reply() -> QueryDataResponse {
        let frame = Frame {
            name: "f".into(),
            ref_id: "A".into(),
            meta: Meta::new(FrameType::TimeseriesWide),
            fields: vec![
                // Columns large enough to be shared rather than copied into the file.
                Field::new("Time", Values::Time((0..3_000).collect())),
                Field::new("v", Values::F64((0..3_000).map(|i| Some(f64::from(i))).collect())),
            ],
        };
        QueryDataResponse {
            responses: HashMap::from([
                (
                    "A".to_owned(),
                    DataResponse::frames(vec![encode_file(&frame).expect("encodes")]),
                ),
                (
                    "B".to_owned(),
                    DataResponse::failed(-1, "bad query", ErrorSource::Downstream),
                ),
            ]),
        }
    }

    /// (`errorSource`, which the SDK's message lacks, is read by Grafana's own `backend.proto` in the end-to-end
    /// tests.)
    #[test]
    fn the_sdk_decodes_our_answer_unchanged_but_for_the_new_field() {
        let ours = reply();
        let sdk = grafana_plugin_sdk::pluginv2::QueryDataResponse::decode(message(&ours).as_slice())
            .expect("the older message decodes the newer one");
        assert_eq!(
            (sdk.responses["B"].status, sdk.responses["B"].error.as_str()),
            (-1, "bad query")
        );
        assert_eq!(sdk.responses["A"].frames, vec![ours.responses["A"].frames[0].to_vec()]);
    }

    #[test]
    fn frames_are_sent_as_shared_chunks_not_copied() {
        let ours = reply();
        let chunks = ours.grpc_message();
        let file = &ours.responses["A"].frames[0];
        let values = file.chunks().iter().max_by_key(|c| c.len()).expect("chunks");
        assert!(
            chunks.iter().any(|c| c.as_ptr() == values.as_ptr()),
            "the value buffer goes out as it is"
        );
    }
}
