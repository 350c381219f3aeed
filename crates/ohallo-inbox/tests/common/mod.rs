//! The sandbox's control API over HTTP, shared by the integration tests.

// Each test binary compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use serde_json::Value;

pub async fn control(base_url: &str, path: &str, body: Value) -> Value {
    reqwest::Client::new()
        .post(format!("{base_url}/_sandbox/{path}"))
        .json(&body)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub async fn replies(base_url: &str) -> Vec<Value> {
    reqwest::get(format!("{base_url}/_sandbox/replies"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
