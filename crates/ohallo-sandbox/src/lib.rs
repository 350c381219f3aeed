//! `ohallo-sandbox`: an in-memory implementation of the oHallo API contract
//! (`shared/api-contract.md`), served over real HTTP so a client that passes against it works
//! unchanged against `https://api.ohallo.eu`. A control API under `/_sandbox/` (loopback peers
//! only, and only while [`Config::control_api`] is on) drives it from tests: inbound messages,
//! keys, injected faults and recorded replies.
//!
//! Whoever reaches the port is not trusted. Bound to a loopback address, the sandbox refuses
//! (403) any `Host` but `127.0.0.1`, `localhost` or `[::1]` with its port, so a web page cannot
//! reach it by DNS rebinding; bound elsewhere, it accepts any `Host`. A request with a body
//! must say `Content-Type: application/json` (415 otherwise), so a cross-site form or
//! `text/plain` POST is refused. What clients can make it keep is capped ([`limits`]).
//!
//! [`Config::default`] is a convenient server. Each of the other [`Config`] options turns on a
//! behaviour oHallo's docs allow but a naive client would not expect: `workspaceId` required
//! (`require_workspace`), nulls in every nullable field (`nulls`), a list ordered by creation
//! (`list_order`), timestamps in another offset (`timestamp_offset`), asynchronous reply delivery
//! (`reply_delay`), 409 on replies to AI-managed conversations (`strict_reply`) and the
//! reference message schema (`message_schema`). `conversation_detail` does the opposite: its
//! default is the sparser reading of the docs, and `Enriched` the convenient one. Together they model the least convenient server
//! that still matches the docs. Keys restricted to a workspace always must pass `workspaceId`.

mod api;
mod auth;
mod body;
mod config;
mod control;
pub mod control_api;
#[cfg(feature = "client")]
pub mod control_client;
mod corpus;
mod cursor;
mod data;
mod error;
mod faults;
mod files;
mod guard;
mod ids;
pub mod limits;
mod list_query;
mod model;
mod nulls;
mod ratelimit;
mod server;
mod simulate;
mod state;
mod store;
mod traffic;
mod views;

pub use config::{Config, ConversationDetail, ListOrder, MessageSchema, MAX_CONVERSATIONS};
pub use corpus::WORKSPACE_COUNT;
pub use error::SandboxError;
pub use files::{MAX_ADDED_ATTACHMENTS, MAX_ADDED_ATTACHMENT_BYTES};
pub use traffic::TrafficStats;

use std::net::SocketAddr;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A running sandbox. Dropping it stops serving at once; [`Sandbox::shutdown`] lets requests in
/// flight finish first.
pub struct Sandbox {
    addr: SocketAddr,
    key: String,
    stop: watch::Sender<bool>,
    server: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Generates the demo data, binds `addr` (port 0 picks a free port) and serves on a spawned task.
    pub async fn start(addr: SocketAddr, config: Config) -> Result<Sandbox, SandboxError> {
        validate(&config)?;
        let key = config.key.clone().unwrap_or_else(auth::random_key);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| SandboxError::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| SandboxError::Bind { addr, source })?;
        let (stop, stopped) = watch::channel(false);
        let server = server::spawn(listener, addr, config, &key, stopped).await?;
        tracing::info!(%addr, "oHallo sandbox listening");
        Ok(Sandbox {
            addr,
            key,
            stop,
            server: Some(server),
        })
    }

    /// The base URL clients use, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The full-scope key registered at start.
    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections and waits (briefly) for requests in flight to finish.
    pub async fn shutdown(mut self) {
        // Nobody listening just means the server task already ended.
        let _ = self.stop.send(true);
        if let Some(server) = self.server.take() {
            if let Err(error) = server.await {
                tracing::warn!(%error, "sandbox server task ended abnormally");
            }
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

fn validate(config: &Config) -> Result<(), SandboxError> {
    if config.conversations > MAX_CONVERSATIONS {
        return Err(SandboxError::TooManyConversations {
            requested: config.conversations,
            max: MAX_CONVERSATIONS,
        });
    }
    if config
        .key
        .as_deref()
        .is_some_and(|key| key.trim().is_empty())
    {
        return Err(SandboxError::EmptyKey);
    }
    if config.rate_limit == Some(0) {
        return Err(SandboxError::ZeroRateLimit);
    }
    if config.simulate_every.is_some_and(|every| every.is_zero()) {
        return Err(SandboxError::ZeroSimulationInterval);
    }
    Ok(())
}
