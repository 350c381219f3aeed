//! Starting a sandbox and driving its control API, shared by the HTTP tests.
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::time::Duration;

use ohallo_core::{ApiError, ApiKey, Client, ClientOptions, RetryPolicy};
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

/// POSTs to the sandbox's control API and returns its JSON answer.
pub async fn control(sandbox: &Sandbox, path: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{}/_sandbox/{path}", sandbox.base_url()))
        .json(&body)
        .send()
        .await
        .expect("control API answers");
    let status = response.status();
    let text = response.text().await.expect("control API body");
    assert!(
        status.is_success(),
        "control {path} failed: {status} {text}"
    );
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

pub async fn new_key(sandbox: &Sandbox, body: Value) -> String {
    let answer = control(sandbox, "keys", body).await;
    answer["key"].as_str().expect("a key").to_owned()
}

pub async fn key_with_scopes(sandbox: &Sandbox, scopes: &[&str]) -> String {
    new_key(sandbox, json!({ "scopes": scopes })).await
}

/// Injects `fault` (the sandbox's `/_sandbox/faults` body) for the next requests.
pub async fn fault(sandbox: &Sandbox, fault: Value) {
    control(sandbox, "faults", fault).await;
}

/// A customer writes in; returns the conversation id.
pub async fn inbound(sandbox: &Sandbox, body: Value) -> String {
    let answer = control(sandbox, "inbound", body).await;
    answer["conversationId"]
        .as_str()
        .expect("a conversation id")
        .to_owned()
}

/// Every reply the sandbox has received, as `{conversationId, content, receivedAt}`.
pub async fn replies(sandbox: &Sandbox) -> Vec<Value> {
    reqwest::get(format!("{}/_sandbox/replies", sandbox.base_url()))
        .await
        .expect("control API answers")
        .json()
        .await
        .expect("replies are JSON")
}

/// Fails if the secret key shows anywhere a person or a log could see it.
pub fn assert_key_hidden(error: &ApiError, key: &str) {
    let shown = format!("{error} | {error:?} | {}", error.user_message());
    assert!(!shown.contains(key), "the key leaked: {shown}");
}
