//! The host's HTTP server: the router on hyper's HTTP/1.1, with the limits `axum::serve` does not
//! set. A client has [`Limits::header_read`] to send a request's headers (so that a client
//! sending them byte by byte, or nothing at all, holds a connection only that long), and at most
//! [`Limits::connections`] connections are served at once (the others wait in the listen queue),
//! so that no one can run the process out of file descriptors.

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tracing::{debug, info, warn};

/// The server's limits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// How long a client has to send the headers of a request, the first or the next on a
    /// kept-alive connection; then the connection is closed.
    pub header_read: Duration,
    /// How many connections are served at once.
    pub connections: usize,
    /// How long requests under way may take to finish once the server is told to stop.
    pub drain: Duration,
}

impl Limits {
    /// The host binary's limits: ample for an admin's browser (which opens six connections or
    /// so), and far below the process's file descriptor limit.
    pub const DEFAULT: Limits = Limits {
        header_read: Duration::from_secs(10),
        connections: 256,
        drain: Duration::from_secs(15),
    };
}

/// Serves `router` on `listener` within `limits` until `stop` completes, then lets the requests
/// under way finish (up to [`Limits::drain`]).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    stop: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.connections));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read);
    let mut stop = std::pin::pin!(stop);
    loop {
        // A permit first: past the limit, connections wait in the kernel's queue, not here.
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.expect("it is never closed"),
            () = &mut stop => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors, say: wait for some to be closed.
                    warn!("cannot accept a connection: {error}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let service = TowerToHyperService::new(router.clone());
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                debug!("connection closed: {error}");
            }
            drop(permit);
        });
    }
    if tokio::time::timeout(limits.drain, graceful.shutdown()).await.is_err() {
        info!("stopped with requests still under way after {:?}", limits.drain);
    }
}
