//! The reply of `Data.QueryData` as Grafana's newest `pluginv2` protocol defines it, and the tonic server that
//! sends it.
//!
//! The SDK 0.5 messages predate `DataResponse.errorSource`, which tells Grafana whether a failed query is the
//! plugin's fault or its downstream's (the query, the settings, Prometheus): Grafana counts the two apart in
//! its plugin SLO metrics and logs. These messages add it, with the field numbers of Grafana's `backend.proto`;
//! the request stays the SDK's `QueryDataRequest`, whose newer fields the plugin does not need.

use std::collections::HashMap;

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
#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryDataResponse {
    /// Answers by `refId`.
    #[prost(map = "string, message", tag = "1")]
    pub responses: HashMap<String, DataResponse>,
}

/// `pluginv2.DataResponse`: the frames of one query, or its error.
#[derive(Clone, PartialEq, prost::Message)]
pub struct DataResponse {
    /// Arrow IPC files, one per frame.
    #[prost(bytes = "bytes", repeated, tag = "1")]
    pub frames: Vec<bytes::Bytes>,
    /// What went wrong, and what to do; empty on success.
    #[prost(string, tag = "2")]
    pub error: String,
    /// Unused by Grafana's frontend; kept for the field number.
    #[prost(bytes = "vec", tag = "3")]
    pub json_meta: Vec<u8>,
    /// HTTP-like status.
    #[prost(int32, tag = "4")]
    pub status: i32,
    /// `plugin` or `downstream` when the query failed; empty on success.
    #[prost(string, tag = "5")]
    pub error_source: String,
}

impl DataResponse {
    /// A successful answer.
    pub fn frames(frames: Vec<bytes::Bytes>) -> Self {
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
}

/// The generated `pluginv2.Data` server (`build.rs`): `data_server::Data` and `data_server::DataServer`.
#[allow(missing_docs, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/pluginv2.Data.rs"));
}
pub use generated::data_server;

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message as _;

    #[test]
    fn the_sdk_decodes_our_answer_unchanged_but_for_the_new_field() {
        let ours = DataResponse::failed(400, "bad query", ErrorSource::Downstream);
        let sdk = grafana_plugin_sdk::pluginv2::DataResponse::decode(ours.encode_to_vec().as_slice())
            .expect("the older message decodes the newer one");
        assert_eq!((sdk.status, sdk.error.as_str()), (400, "bad query"));
    }
}
