//! Starting a sandbox and driving its control API (through its typed client), shared by the
//! HTTP tests.
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::time::Duration;

use ohallo_core::{ApiError, ApiKey, Client, ClientOptions, RetryPolicy};
use ohallo_sandbox::control_api::RecordedReply;
use ohallo_sandbox::control_client::ControlClient;
use ohallo_sandbox::{Config, Sandbox};
use serde_json::{json, Value};

pub const READ: &str = "conversations:read";
pub const WRITE: &str = "conversations:write";

pub async fn start(config: Config) -> Sandbox {
    Sandbox::start("127.0.0.1:0".parse().unwrap(), config)
        .await
        .expect("sandbox starts")
}

pub async fn start_default() -> Sandbox {
    start(Config::default()).await
}

/// Retries with short delays, so retry tests take milliseconds rather than seconds.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(100),
        max_total_wait: Duration::from_secs(5),
    }
}

pub fn options(retry: RetryPolicy) -> ClientOptions {
    ClientOptions {
        request_timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        retry,
    }
}

/// A client with the sandbox's full-scope key.
pub fn client(sandbox: &Sandbox) -> Client {
    client_with_key(sandbox, sandbox.key(), options(fast_retry()))
}

/// A client that reports the first failure as it is.
pub fn client_without_retries(sandbox: &Sandbox) -> Client {
    client_with_key(sandbox, sandbox.key(), options(RetryPolicy::none()))
}

pub fn client_with_key(sandbox: &Sandbox, key: &str, options: ClientOptions) -> Client {
    let key = ApiKey::parse(key).expect("sandbox keys are valid keys");
    Client::with_options(&sandbox.base_url(), key, options).expect("loopback URL is accepted")
}

/// The sandbox's control API, typed: these helpers take the JSON bodies the tests read best
/// in, and the typed client checks each against the API's own request types.
pub fn control(sandbox: &Sandbox) -> ControlClient {
    ControlClient::new(sandbox.base_url())
}

fn body<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("a control API body")
}

pub async fn new_key(sandbox: &Sandbox, spec: Value) -> String {
    control(sandbox)
        .create_key(&body(spec))
        .await
        .expect("a key")
}

pub async fn key_with_scopes(sandbox: &Sandbox, scopes: &[&str]) -> String {
    new_key(sandbox, json!({ "scopes": scopes })).await
}

pub async fn revoke(sandbox: &Sandbox, key: &str) {
    control(sandbox).revoke(key).await.expect("revoked");
}

/// Injects `fault` (the sandbox's `/_sandbox/faults` body) for the next requests.
pub async fn fault(sandbox: &Sandbox, fault: Value) {
    control(sandbox)
        .add_fault(&body(fault))
        .await
        .expect("fault injected");
}

/// A customer writes in; returns the conversation id.
pub async fn inbound(sandbox: &Sandbox, message: Value) -> String {
    control(sandbox)
        .inbound(&body(message))
        .await
        .expect("a conversation id")
        .conversation_id
}

/// Every reply the sandbox has received, oldest first.
pub async fn replies(sandbox: &Sandbox) -> Vec<RecordedReply> {
    control(sandbox).replies().await.expect("the replies")
}

/// Fails if the secret key shows anywhere a person or a log could see it.
pub fn assert_key_hidden(error: &ApiError, key: &str) {
    let shown = format!("{error} | {error:?} | {}", error.user_message());
    assert!(!shown.contains(key), "the key leaked: {shown}");
}
