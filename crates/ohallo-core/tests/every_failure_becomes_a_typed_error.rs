//! Each way a call can fail, provoked over real HTTP, arrives as its own `ApiError` variant,
//! and none of them shows the key.

mod common;

use std::time::Duration;

use common::*;
use ohallo_core::{ApiError, ApiKey, Client, ConversationQuery, RetryPolicy};
use ohallo_sandbox::Config;
use serde_json::json;

fn one_conversation() -> ConversationQuery {
    ConversationQuery {
        limit: Some(1),
        ..ConversationQuery::default()
    }
}

#[tokio::test]
async fn an_unknown_key_is_unauthorized() {
    let sandbox = start_default().await;
    let key = "sf_test_v1_NotAKeyTheSandboxIssued";
    let client = client_with_key(&sandbox, key, options(fast_retry()));
    let error = client.validate_key(None).await.unwrap_err();
    assert!(matches!(error, ApiError::Unauthorized { .. }), "{error:?}");
    assert!(!error.is_retryable());
    assert_key_hidden(&error, key);
}

#[tokio::test]
async fn an_expired_key_is_unauthorized() {
    let sandbox = start_default().await;
    let key = new_key(&sandbox, json!({"scopes": [READ, WRITE], "expired": true})).await;
    let client = client_with_key(&sandbox, &key, options(fast_retry()));
    let error = client.validate_key(None).await.unwrap_err();
    assert!(matches!(error, ApiError::Unauthorized { .. }), "{error:?}");
    assert_key_hidden(&error, &key);
}

#[tokio::test]
async fn a_revoked_key_is_unauthorized() {
    let sandbox = start_default().await;
    let key = key_with_scopes(&sandbox, &[READ, WRITE]).await;
    let client = client_with_key(&sandbox, &key, options(fast_retry()));
    client.validate_key(None).await.expect("the new key works");
    revoke(&sandbox, &key).await;
    let error = client.validate_key(None).await.unwrap_err();
    assert!(matches!(error, ApiError::Unauthorized { .. }), "{error:?}");
    assert_key_hidden(&error, &key);
}

#[tokio::test]
async fn replying_without_the_write_scope_names_the_missing_scope() {
    let sandbox = start_default().await;
    let conversation = inbound(&sandbox, json!({"body": "Hello?"})).await;
    let key = key_with_scopes(&sandbox, &[READ]).await;
    let client = client_with_key(&sandbox, &key, options(fast_retry()));
    let error = client.reply(&conversation, "Hi there").await.unwrap_err();
    let ApiError::Forbidden { missing_scope, .. } = &error else {
        panic!("expected Forbidden, got {error:?}")
    };
    assert_eq!(missing_scope.as_deref(), Some(WRITE));
    assert!(error.user_message().contains(WRITE));
    assert_key_hidden(&error, &key);
    assert!(replies(&sandbox).await.is_empty());
}

#[tokio::test]
async fn listing_without_the_read_scope_names_the_missing_scope() {
    let sandbox = start_default().await;
    let key = key_with_scopes(&sandbox, &[WRITE]).await;
    let client = client_with_key(&sandbox, &key, options(fast_retry()));
    let error = client
        .list_conversations(&one_conversation())
        .await
        .unwrap_err();
    let ApiError::Forbidden { missing_scope, .. } = &error else {
        panic!("expected Forbidden, got {error:?}")
    };
    assert_eq!(missing_scope.as_deref(), Some(READ));
    assert_key_hidden(&error, &key);
}

#[tokio::test]
async fn an_unknown_conversation_is_not_found() {
    let sandbox = start_default().await;
    let client = client(&sandbox);
    let error = client.messages("no-such-conversation").await.unwrap_err();
    assert!(matches!(error, ApiError::NotFound { .. }), "{error:?}");
    let error = client
        .resolve("no/such/../conversation", None)
        .await
        .unwrap_err();
    assert!(matches!(error, ApiError::NotFound { .. }), "{error:?}");
}

#[tokio::test]
async fn replying_to_an_ai_managed_conversation_in_strict_mode_conflicts() {
    let sandbox = start(Config {
        strict_reply: true,
        ..Config::default()
    })
    .await;
    let conversation = inbound(&sandbox, json!({"body": "Can a person help me?"})).await;
    let client = client(&sandbox);
    let error = client.reply(&conversation, "Hello").await.unwrap_err();
    assert!(matches!(error, ApiError::Conflict { .. }), "{error:?}");
    assert!(replies(&sandbox).await.is_empty());

    client.take_over(&conversation).await.unwrap();
    client.reply(&conversation, "Hello").await.unwrap();
    assert_eq!(replies(&sandbox).await.len(), 1);
}

#[tokio::test]
async fn resolving_twice_conflicts() {
    let sandbox = start_default().await;
    let conversation = inbound(&sandbox, json!({"body": "Thanks, all sorted."})).await;
    let client = client(&sandbox);
    client
        .resolve(&conversation, Some("answered"))
        .await
        .unwrap();
    let error = client.resolve(&conversation, None).await.unwrap_err();
    assert!(matches!(error, ApiError::Conflict { .. }), "{error:?}");
}

#[tokio::test]
async fn a_rate_limit_carries_its_retry_after() {
    let sandbox = start_default().await;
    fault(
        &sandbox,
        json!({"count": 1, "pathPrefix": "/api/", "status": 429, "retryAfter": 7}),
    )
    .await;
    let error = client_without_retries(&sandbox)
        .list_conversations(&one_conversation())
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(7))
        }
    );
    assert!(error.user_message().contains("7 seconds"));
}

#[tokio::test]
async fn the_sandbox_rate_limit_answers_429_with_retry_after() {
    let sandbox = start(Config {
        rate_limit: Some(5),
        ..Config::default()
    })
    .await;
    let client = client_without_retries(&sandbox);
    let mut outcome = Ok(());
    for _ in 0..10 {
        outcome = client.validate_key(None).await;
        if outcome.is_err() {
            break;
        }
    }
    let error = outcome.unwrap_err();
    let ApiError::RateLimited { retry_after } = error else {
        panic!("expected RateLimited, got {error:?}")
    };
    assert!(retry_after.is_some());
}

#[tokio::test]
async fn a_server_failure_is_a_retryable_server_error() {
    let sandbox = start_default().await;
    fault(
        &sandbox,
        json!({"count": 1, "pathPrefix": "/api/workspaces", "status": 500}),
    )
    .await;
    let error = client_without_retries(&sandbox)
        .workspaces()
        .await
        .unwrap_err();
    assert!(
        matches!(error, ApiError::Server { status: 500, .. }),
        "{error:?}"
    );
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_dead_port_is_a_network_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let key = "sf_test_v1_DeadPortKey";
    let client = Client::with_options(
        &format!("http://127.0.0.1:{port}"),
        ApiKey::parse(key).unwrap(),
        options(RetryPolicy::none()),
    )
    .unwrap();
    let error = client.validate_key(None).await.unwrap_err();
    assert!(matches!(error, ApiError::Network(_)), "{error:?}");
    assert_key_hidden(&error, key);
    // Nothing was sent, so a write failing this way is safe to repeat: it is not "unknown".
    let error = client.reply("c1", "hello").await.unwrap_err();
    assert!(matches!(error, ApiError::Network(_)), "{error:?}");
}

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let sandbox = start_default().await;
    fault(
        &sandbox,
        json!({"count": 1, "pathPrefix": "/api/conversations", "delayMs": 3000}),
    )
    .await;
    let mut options = options(RetryPolicy::none());
    options.request_timeout = Duration::from_millis(300);
    let client = client_with_key(&sandbox, sandbox.key(), options);
    let error = client.validate_key(None).await.unwrap_err();
    assert_eq!(error, ApiError::Timeout);
}

#[tokio::test]
async fn malformed_json_is_a_bad_response_that_says_what_is_wrong() {
    let sandbox = start_default().await;
    fault(
        &sandbox,
        json!({"count": 1, "pathPrefix": "/api/conversations", "malformed": true}),
    )
    .await;
    let error = client(&sandbox)
        .list_conversations(&one_conversation())
        .await
        .unwrap_err();
    let ApiError::BadResponse { detail } = &error else {
        panic!("expected BadResponse, got {error:?}")
    };
    assert!(
        detail.contains("JSON") || detail.contains('`'),
        "the detail should say what is wrong: {detail}"
    );
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn invalid_input_is_refused_before_anything_is_sent() {
    let sandbox = start_default().await;
    let client = client(&sandbox);
    for limit in [0, 101] {
        let query = ConversationQuery {
            limit: Some(limit),
            ..ConversationQuery::default()
        };
        let error = client.list_conversations(&query).await.unwrap_err();
        assert!(matches!(error, ApiError::InvalidInput(_)), "{error:?}");
    }
    let conversation = inbound(&sandbox, json!({"body": "Hi"})).await;
    for empty in ["", "  \n\t "] {
        let error = client.reply(&conversation, empty).await.unwrap_err();
        assert!(matches!(error, ApiError::InvalidInput(_)), "{error:?}");
    }
    let error = client.messages("..").await.unwrap_err();
    assert!(matches!(error, ApiError::InvalidInput(_)), "{error:?}");
    assert!(replies(&sandbox).await.is_empty());
}
