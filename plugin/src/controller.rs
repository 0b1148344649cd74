//! go-plugin's `plugin.GRPCController` service (`Shutdown(Empty) returns (Empty)`), which Grafana calls to stop
//! a plugin. The SDK does not expose it, so it is written here the way tonic generates a unary service.

use std::convert::Infallible;
use std::task::{Context, Poll};

use tonic::codegen::{empty_body, http, Body, BoxFuture, StdError};

use crate::shutdown::Shutdown;

/// `plugin.Empty`.
#[derive(Clone, Copy, PartialEq, Eq, prost::Message)]
pub struct Empty {}

/// The `plugin.GRPCController` server.
#[derive(Debug, Clone)]
pub struct ControllerServer {
    shutdown: Shutdown,
}

impl ControllerServer {
    /// A controller that pulls `shutdown`.
    pub fn new(shutdown: Shutdown) -> Self {
        ControllerServer { shutdown }
    }
}

impl tonic::server::NamedService for ControllerServer {
    const NAME: &'static str = "plugin.GRPCController";
}

struct ShutdownSvc(Shutdown);

impl tonic::server::UnaryService<Empty> for ShutdownSvc {
    type Response = Empty;
    type Future = BoxFuture<tonic::Response<Empty>, tonic::Status>;

    fn call(&mut self, _request: tonic::Request<Empty>) -> Self::Future {
        let shutdown = self.0.clone();
        Box::pin(async move {
            shutdown.trigger("GRPCController.Shutdown");
            Ok(tonic::Response::new(Empty {}))
        })
    }
}

impl<B> tonic::codegen::Service<http::Request<B>> for ControllerServer
where
    B: Body + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
{
    type Response = http::Response<tonic::body::BoxBody>;
    type Error = Infallible;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        if req.uri().path() == "/plugin.GRPCController/Shutdown" {
            let svc = ShutdownSvc(self.shutdown.clone());
            return Box::pin(async move {
                let mut grpc = tonic::server::Grpc::new(tonic::codec::ProstCodec::default());
                Ok(grpc.unary(svc, req).await)
            });
        }
        Box::pin(async move {
            let mut response = http::Response::new(empty_body());
            let headers = response.headers_mut();
            headers.insert(
                "grpc-status",
                http::HeaderValue::from(tonic::Code::Unimplemented as i32),
            );
            headers.insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/grpc"),
            );
            Ok(response)
        })
    }
}
