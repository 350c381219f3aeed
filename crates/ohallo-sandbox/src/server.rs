//! The accept loop. We run our own (rather than `axum::serve`) so an injected fault can close a
//! connection without any response, and so dropping the sandbox tears down every connection.

use crate::auth::KeyRing;
use crate::config::Config;
use crate::error::{json_errors, not_found, SandboxError};
use crate::files::{self, Files};
use crate::guard::{self, HostPolicy};
use crate::limits::MAX_BODY_BYTES;
use crate::ratelimit::RateLimiter;
use crate::state::{AppState, Shared};
use crate::store::Store;
use crate::views::Render;
use crate::{api, control, data, simulate};
use axum::extract::{ConnectInfo, DefaultBodyLimit};
use axum::{middleware, Router};
use chrono::Utc;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

/// How long a graceful shutdown waits for requests in flight.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// `bound` is the listener's address, its real port included: only then is the `Host` a
/// browser sends for this sandbox known.
pub(crate) async fn spawn(
    listener: TcpListener,
    bound: SocketAddr,
    config: Config,
    key: &str,
    stop: watch::Receiver<bool>,
) -> Result<JoinHandle<()>, SandboxError> {
    let state = build_state(&config, key).await?;
    let router = router(
        state.clone(),
        config.control_api,
        HostPolicy::for_bound(bound),
    );
    let simulation = {
        let state = state.clone();
        async move {
            match config.simulate_every {
                Some(every) => simulate::run(state, every, config.seed).await,
                None => std::future::pending().await,
            }
        }
    };
    Ok(tokio::spawn(async move {
        // The simulation never ends on its own: it stops with the server.
        tokio::select! {
            () = accept_loop(listener, state, router, stop) => {}
            () = simulation => {}
        }
    }))
}

async fn build_state(config: &Config, key: &str) -> Result<AppState, SandboxError> {
    let (seed, count, nulls) = (config.seed, config.conversations, config.nulls);
    // Large datasets take a moment: keep that off the async worker threads.
    let data =
        tokio::task::spawn_blocking(move || data::generate(seed, count, Utc::now(), nulls)).await?;
    Ok(AppState::new(Shared::new(
        Store::new(data, seed, config.list_order, config.reply_delay),
        KeyRing::with_full_key(key),
        config.rate_limit.map(RateLimiter::new),
        Render {
            schema: config.message_schema,
            offset: config.timestamp_offset,
            nulls: config.nulls,
            detail: config.conversation_detail,
        },
        config.strict_reply,
        config.require_workspace,
        Files::new(
            config.attachment_url_ttl,
            config.nulls,
            config.hostile_attachments,
        ),
    )))
}

fn router(state: AppState, control_api: bool, hosts: HostPolicy) -> Router {
    let mut routes = api::router().merge(files::router());
    if control_api {
        routes = routes
            .merge(control::router())
            .merge(files::control_router());
    }
    // The last layer added runs first: a foreign Host is refused before its body is looked at.
    routes
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(guard::json_bodies))
        .layer(middleware::from_fn_with_state(hosts, guard::host))
        .layer(middleware::map_response(json_errors))
        .with_state(state)
}

#[cfg(test)]
pub(crate) async fn test_router() -> Router {
    let state = build_state(&Config::default(), "sf_test_v1_unit")
        .await
        .expect("demo data");
    let bound = SocketAddr::from(([127, 0, 0, 1], 0));
    router(state, true, HostPolicy::for_bound(bound))
}

async fn accept_loop(
    listener: TcpListener,
    state: AppState,
    router: Router,
    mut stop: watch::Receiver<bool>,
) {
    // Owning the connection tasks here means aborting this task (Sandbox's Drop) aborts them too.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    // A response written in two parts must not wait for the client's delayed ACK
                    // (up to 40 ms on Linux): the sandbox stands in for a server in benchmarks.
                    if let Err(error) = stream.set_nodelay(true) {
                        tracing::debug!(%error, "could not disable Nagle's algorithm");
                    }
                    connections.spawn(serve_connection(
                        stream,
                        peer,
                        state.clone(),
                        router.clone(),
                        stop.clone(),
                    ));
                }
                Err(error) => {
                    // Usually descriptor exhaustion: back off instead of spinning.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let drained = tokio::time::timeout(DRAIN_TIMEOUT, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!("connections still open after the shutdown grace period; closing them");
    }
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    state: AppState,
    router: Router,
    mut stop: watch::Receiver<bool>,
) {
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        let (state, router) = (state.clone(), router.clone());
        async move {
            state
                .faults
                .serve(router, request.map(axum::body::Body::new))
                .await
        }
    });
    let builder = auto::Builder::new(TokioExecutor::new());
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    tokio::select! {
        result = connection.as_mut() => log_connection_end(result),
        _ = stop.changed() => {
            connection.as_mut().graceful_shutdown();
            log_connection_end(connection.await);
        }
    }
}

fn log_connection_end(result: Result<(), Box<dyn std::error::Error + Send + Sync>>) {
    if let Err(error) = result {
        tracing::debug!(%error, "connection ended with an error");
    }
}
