//! The caps on what clients can make the sandbox keep, over HTTP. Each is reached with the real
//! constant, several requests in flight at once so the whole file stays within seconds.

use crate::harness::{error_message, Harness};
use ohallo_sandbox::control_api::{FaultSpec, Inbound};
use ohallo_sandbox::limits::{
    MAX_BODY_BYTES, MAX_CREATED_CONVERSATIONS, MAX_FAULT_RULES, MAX_MINTED_KEYS,
    MAX_RAISED_ATTENTION, MAX_RECORDED_REPLIES,
};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::sync::Arc;

/// In flight at once: enough to hide the round trips, few enough for any CI machine.
const PARALLEL: usize = 8;

/// POSTs `count` bodies made by `body(n)` to `path` and asserts every one succeeded.
async fn post_many(
    h: &Arc<Harness>,
    path: &str,
    key: Option<&str>,
    count: usize,
    body: impl Fn(usize) -> Value + Send + Sync + 'static,
) {
    let body = Arc::new(body);
    let mut tasks = tokio::task::JoinSet::new();
    for lane in 0..PARALLEL {
        let (h, path, key) = (h.clone(), path.to_owned(), key.map(str::to_owned));
        let body = body.clone();
        tasks.spawn(async move {
            for n in (lane..count).step_by(PARALLEL) {
                let reply = h
                    .call(Method::POST, &path, key.as_deref(), Some(body(n)))
                    .await;
                assert_eq!(reply.status, StatusCode::OK, "{path} #{n}: {}", reply.body);
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
}

async fn first_conversation(h: &Harness) -> String {
    h.get("/api/conversations?limit=1").await.body["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413() {
    let h = Harness::start().await;
    let id = first_conversation(&h).await;
    let huge = "x".repeat(MAX_BODY_BYTES);
    for (path, key, body) in [
        (
            format!("/api/conversations/{id}/reply"),
            Some(h.sandbox.key()),
            json!({ "content": huge }),
        ),
        (
            "/_sandbox/inbound".to_owned(),
            None,
            json!({ "body": huge }),
        ),
    ] {
        let reply = h.call(Method::POST, &path, key, Some(body)).await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        assert!(!error_message(&reply).is_empty());
    }
    assert!(h.control.replies().await.unwrap().is_empty());
    // Just under the limit is fine: tests push 1 MiB messages to prove the client truncates.
    let megabyte = "x".repeat(1024 * 1024);
    h.control.inbound(&Inbound::new(megabyte)).await.unwrap();
}

#[tokio::test]
async fn the_replies_log_keeps_the_newest() {
    let h = Arc::new(Harness::start().await);
    let id = first_conversation(&h).await;
    let path = format!("/api/conversations/{id}/reply");
    let key = h.sandbox.key().to_owned();
    post_many(
        &h,
        &path,
        Some(&key),
        MAX_RECORDED_REPLIES,
        |n| json!({ "content": format!("reply {n}") }),
    )
    .await;
    let last = h.post(&path, json!({ "content": "the newest" })).await;
    assert_eq!(last.status, StatusCode::OK, "replies are never refused");
    let recorded = h.call(Method::GET, "/_sandbox/replies", None, None).await;
    let recorded = recorded.body.as_array().unwrap();
    assert_eq!(recorded.len(), MAX_RECORDED_REPLIES);
    assert_eq!(recorded.last().unwrap()["content"], "the newest");
}

#[tokio::test]
async fn creating_conversations_stops_at_the_cap_with_429() {
    let h = Arc::new(
        Harness::with(ohallo_sandbox::Config {
            conversations: 5,
            ..ohallo_sandbox::Config::default()
        })
        .await,
    );
    post_many(
        &h,
        "/_sandbox/inbound",
        None,
        MAX_CREATED_CONVERSATIONS,
        |_| json!({ "body": "hi" }),
    )
    .await;
    let refused = h
        .call(
            Method::POST,
            "/_sandbox/inbound",
            None,
            Some(json!({ "body": "one more" })),
        )
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        error_message(&refused).contains("conversations"),
        "{}",
        refused.body
    );
    let id = first_conversation(&h).await;
    h.control
        .inbound(&Inbound::new("an old one still takes messages").in_conversation(&id))
        .await
        .unwrap();
}

#[tokio::test]
async fn raising_attention_stops_at_the_cap_with_429() {
    let h = Arc::new(Harness::start().await);
    let id = first_conversation(&h).await;
    let before = h.get("/api/attention-items").await.body;
    let before = before.as_array().unwrap().len();
    let target = id.clone();
    post_many(
        &h,
        "/_sandbox/attention",
        None,
        MAX_RAISED_ATTENTION,
        move |_| json!({ "conversationId": target, "reason": "help" }),
    )
    .await;
    let refused = h
        .call(
            Method::POST,
            "/_sandbox/attention",
            None,
            Some(json!({ "conversationId": id })),
        )
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(error_message(&refused).contains("attention"));
    let items = h.get("/api/attention-items").await.body;
    assert_eq!(
        items.as_array().unwrap().len(),
        before + MAX_RAISED_ATTENTION
    );
}

#[tokio::test]
async fn minting_keys_stops_at_the_cap_with_429() {
    let h = Arc::new(Harness::start().await);
    post_many(
        &h,
        "/_sandbox/keys",
        None,
        MAX_MINTED_KEYS,
        |_| json!({ "scopes": ["conversations:read"] }),
    )
    .await;
    let refused = h
        .call(
            Method::POST,
            "/_sandbox/keys",
            None,
            Some(json!({ "scopes": ["conversations:read"] })),
        )
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(error_message(&refused).contains("keys"));
    assert_eq!(h.get("/api/workspaces").await.status, StatusCode::OK);
}

#[tokio::test]
async fn queued_fault_rules_stop_at_the_cap_until_cleared() {
    let h = Arc::new(Harness::start().await);
    let rule = || FaultSpec {
        count: 1,
        status: Some(503),
        path_prefix: Some("/api/brands".to_owned()),
        ..FaultSpec::default()
    };
    post_many(&h, "/_sandbox/faults", None, MAX_FAULT_RULES, move |_| {
        json!(rule())
    })
    .await;
    let refused = h
        .call(Method::POST, "/_sandbox/faults", None, Some(json!(rule())))
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(error_message(&refused).contains("DELETE"));
    let long_prefix = json!({ "count": 1, "status": 503, "pathPrefix": "/".repeat(2000) });
    h.control.clear_faults().await.unwrap();
    let too_long = h
        .call(Method::POST, "/_sandbox/faults", None, Some(long_prefix))
        .await;
    assert_eq!(too_long.status, StatusCode::BAD_REQUEST);
    h.control.add_fault(&rule()).await.unwrap();
}
