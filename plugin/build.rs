//! Generates the tonic server of `pluginv2.Data` for the plugin's own reply messages (`src/wire.rs`): the SDK
//! 0.5 messages predate `DataResponse.errorSource`. Written with tonic-build's manual builder, so no `.proto` file
//! and no `protoc` are needed; the request stays the SDK's `QueryDataRequest`.

fn main() {
    let query_data = tonic_build::manual::Method::builder()
        .name("query_data")
        .route_name("QueryData")
        .input_type("grafana_plugin_sdk::pluginv2::QueryDataRequest")
        .output_type("crate::wire::QueryDataResponse")
        .codec_path("tonic::codec::ProstCodec")
        .build();
    let data = tonic_build::manual::Service::builder()
        .name("Data")
        .package("pluginv2")
        .method(query_data)
        .build();
    tonic_build::manual::Builder::new().build_client(false).compile(&[data]);
}
