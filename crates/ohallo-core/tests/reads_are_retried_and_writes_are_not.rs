//! Reads ride out transient failures; a reply is sent at most once, and one whose fate is
//! unknown says so instead of pretending to have failed.

mod common;

use std::time::{Duration, Instant};

use common::*;
use ohallo_core::{ApiError, ConversationQuery, RetryPolicy};
use serde_json::json;

#[tokio::test]
async fn a_read_waits_out_retry_after_then_succeeds() {
    let sandbox = start_default().await;
    fault(
        &sandbox,
        json!({"count": 1, "pathPrefix": "/api/conversations", "status": 429, "retryAfter": 1}),
    )
    .await;
    let started = Instant::now();
    let page = client(&sandbox)
        .list_conversations(&ConversationQuery::default())
        .await
        .expect("the retry succeeds");
    assert!(!page.data.is_empty());
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "Retry-After: 1 must be honoured, took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_budget_is_reported_instead_of_waited_for() {
    let sandbox = start_default().await;
    fault(
        &sandbox,
        json!({"count": 1, "pathPrefix": "/api/", "status": 429, "retryAfter": 120}),
    )
    .await;
    let started = Instant::now();
    let error = client(&sandbox).workspaces().await.unwrap_err();
    assert_eq!(
        error,
        ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(120))
        }
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_read_is_retried_after_a_503() {
    let sandbox = start_default().await;
    fault(
        &sandbox,
        json!({"count": 2, "pathPrefix": "/api/workspaces", "status": 503}),
    )
    .await;
    let workspaces = client(&sandbox)
        .workspaces()
        .await
        .expect("third attempt succeeds");
    assert!(!workspaces.is_empty());
}

#[tokio::test]
async fn a_read_gives_up_after_the_last_attempt() {
    let sandbox = start_default().await;
    fault(
        &sandbox,
        json!({"count": 3, "pathPrefix": "/api/workspaces", "status": 503}),
    )
    .await;
    let error = client(&sandbox).workspaces().await.unwrap_err();
    assert!(
        matches!(error, ApiError::Server { status: 503, .. }),
        "{error:?}"
    );
    // The fault is used up: the next read goes through.
    assert!(client(&sandbox).workspaces().await.is_ok());
}

#[tokio::test]
async fn a_read_is_retried_after_a_dropped_connection() {
    let sandbox = start_default().await;
    fault(
        &sandbox,
        json!({"count": 1, "pathPrefix": "/api/workspaces", "drop": true}),
    )
    .await;
    assert!(client(&sandbox).workspaces().await.is_ok());
}

#[tokio::test]
async fn a_reply_is_not_retried_after_a_503() {
    let sandbox = start_default().await;
    let conversation = inbound(&sandbox, json!({"body": "Hello?"})).await;
    fault(
        &sandbox,
        json!({"count": 1, "pathPrefix": "/api/conversations", "status": 503}),
    )
    .await;
    let error = client(&sandbox)
        .reply(&conversation, "We are on it")
        .await
        .unwrap_err();
    assert!(
        matches!(error, ApiError::Server { status: 503, .. }),
        "{error:?}"
    );
    assert!(
        replies(&sandbox).await.is_empty(),
        "a failed reply must not be re-sent automatically"
    );
}

#[tokio::test]
async fn a_dropped_connection_on_reply_leaves_the_outcome_unknown() {
    let sandbox = start_default().await;
    let conversation = inbound(&sandbox, json!({"body": "Hello?"})).await;
    fault(
        &sandbox,
        json!({"count": 1, "pathPrefix": "/api/conversations", "drop": true}),
    )
    .await;
    let error = client(&sandbox)
        .reply(&conversation, "We are on it")
        .await
        .unwrap_err();
    assert!(
        matches!(error, ApiError::OutcomeUnknown { .. }),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert!(replies(&sandbox).await.len() <= 1, "sent at most once");
}

#[tokio::test]
async fn a_reply_timing_out_after_sending_leaves_the_outcome_unknown() {
    let sandbox = start_default().await;
    let conversation = inbound(&sandbox, json!({"body": "Hello?"})).await;
    fault(
        &sandbox,
        json!({"count": 1, "pathPrefix": "/api/conversations", "delayMs": 3000}),
    )
    .await;
    let mut options = options(RetryPolicy::default());
    options.request_timeout = Duration::from_millis(300);
    let client = client_with_key(&sandbox, sandbox.key(), options);
    let error = client
        .reply(&conversation, "We are on it")
        .await
        .unwrap_err();
    assert!(
        matches!(error, ApiError::OutcomeUnknown { .. }),
        "{error:?}"
    );
}
