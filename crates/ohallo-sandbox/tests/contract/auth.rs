use crate::harness::{error_message, full_scopes, Harness};
use ohallo_sandbox::control_api::KeySpec;
use ohallo_sandbox::Config;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn listing_without_a_key_answers_401_with_an_error_body() {
    let h = Harness::start().await;
    let reply = h.call(Method::GET, "/api/conversations", None, None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(error_message(&reply).contains("missing API key"));
}

#[tokio::test]
async fn a_malformed_authorization_header_answers_401() {
    let h = Harness::start().await;
    let response = h
        .http
        .get(h.url("/api/conversations"))
        .header("Authorization", format!("Token {}", h.sandbox.key()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("malformed"));
}

#[tokio::test]
async fn an_unknown_key_answers_401() {
    let h = Harness::start().await;
    let reply = h
        .get_as("/api/conversations", "sf_test_v1_doesnotexist")
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_message(&reply), "invalid API key");
}

#[tokio::test]
async fn an_expired_key_answers_401_saying_it_expired() {
    let h = Harness::start().await;
    let key = h
        .key_with(KeySpec {
            expired: true,
            ..full_scopes()
        })
        .await;
    assert!(key.starts_with("sf_test_v1_"));
    let reply = h.get_as("/api/conversations", &key).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_message(&reply), "API key expired");
}

#[tokio::test]
async fn a_revoked_key_answers_401_saying_it_was_revoked() {
    let h = Harness::start().await;
    let key = h.key_with(full_scopes()).await;
    assert_eq!(
        h.get_as("/api/conversations", &key).await.status,
        StatusCode::OK
    );
    h.control.revoke(&key).await.unwrap();
    let reply = h.get_as("/api/conversations", &key).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_message(&reply), "API key revoked");
}

#[tokio::test]
async fn a_key_without_the_read_scope_is_refused_reads_naming_the_scope() {
    let h = Harness::start().await;
    let key = h
        .key_with(KeySpec::with_scopes(&["conversations:write"]))
        .await;
    for path in ["/api/conversations", "/api/attention-items"] {
        let reply = h.get_as(path, &key).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(error_message(&reply), "missing scope conversations:read");
    }
}

#[tokio::test]
async fn a_key_without_the_write_scope_is_refused_actions_naming_the_scope() {
    let h = Harness::start().await;
    let key = h
        .key_with(KeySpec::with_scopes(&["conversations:read"]))
        .await;
    let first = h.get_as("/api/conversations?limit=1", &key).await.body["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for action in ["reply", "take-over", "release", "resolve"] {
        let reply = h
            .call(
                Method::POST,
                &format!("/api/conversations/{first}/{action}"),
                Some(&key),
                Some(json!({ "content": "Hello" })),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{action}");
        assert_eq!(error_message(&reply), "missing scope conversations:write");
    }
}

#[tokio::test]
async fn a_workspace_bound_key_sees_only_its_workspace() {
    let h = Harness::start().await;
    let workspaces = h.get("/api/workspaces").await.body;
    let mine = workspaces[0]["id"].as_str().unwrap();
    let other = workspaces[1]["id"].as_str().unwrap();
    let key = h
        .key_with(KeySpec {
            workspace_id: Some(mine.to_owned()),
            ..full_scopes()
        })
        .await;

    let mismatch = h
        .get_as(&format!("/api/conversations?workspaceId={other}"), &key)
        .await;
    assert_eq!(mismatch.status, StatusCode::FORBIDDEN);
    assert_eq!(error_message(&mismatch), "workspace mismatch");

    let listed = h
        .get_as(
            &format!("/api/conversations?limit=100&workspaceId={mine}"),
            &key,
        )
        .await;
    assert_eq!(listed.status, StatusCode::OK);
    let listed = listed.body["data"].as_array().unwrap().clone();
    assert!(!listed.is_empty());
    assert!(listed.iter().all(|c| c["workspaceId"] == mine));

    let foreign = h
        .all_conversations(&format!("workspaceId={other}"))
        .await
        .remove(0);
    let foreign_messages = h
        .get_as(
            &format!(
                "/api/conversations/{}/messages",
                foreign["id"].as_str().unwrap()
            ),
            &key,
        )
        .await;
    assert_eq!(foreign_messages.status, StatusCode::NOT_FOUND);

    let visible = h.get_as("/api/workspaces", &key).await.body;
    assert_eq!(visible.as_array().unwrap().len(), 1);
    assert_eq!(visible[0]["id"], mine);
}

#[tokio::test]
async fn workspaces_need_a_valid_key_but_no_scope_and_channels_need_channels_read() {
    let h = Harness::start().await;
    let key = h.key_with(KeySpec::default()).await;
    assert_eq!(
        h.get_as("/api/workspaces", &key).await.status,
        StatusCode::OK
    );
    let channel_id = h.get("/api/conversations?limit=1").await.body["data"][0]["channelId"]
        .as_str()
        .unwrap()
        .to_owned();
    let channel = format!("/api/channels/{channel_id}");
    let refused = h.get_as(&channel, &key).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(error_message(&refused), "missing scope channels:read");
    let anonymous = h.call(Method::GET, "/api/workspaces", None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn exceeding_the_rate_limit_answers_429_with_retry_after() {
    let h = Harness::with(Config {
        rate_limit: Some(3),
        ..Config::default()
    })
    .await;
    for _ in 0..3 {
        assert_eq!(h.get("/api/workspaces").await.status, StatusCode::OK);
    }
    let limited = h.get("/api/conversations").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error_message(&limited), "rate limited");
    let retry_after: u64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "Retry-After {retry_after}");

    let other_key = h.key_with(full_scopes()).await;
    assert_eq!(
        h.get_as("/api/workspaces", &other_key).await.status,
        StatusCode::OK,
        "the limit is per key"
    );
}

#[tokio::test]
async fn a_configured_key_replaces_the_random_one() {
    let h = Harness::with(Config {
        key: Some("sf_test_v1_fixeddemokey".into()),
        ..Config::default()
    })
    .await;
    assert_eq!(h.sandbox.key(), "sf_test_v1_fixeddemokey");
    assert_eq!(
        h.get_as("/api/conversations", "sf_test_v1_fixeddemokey")
            .await
            .status,
        StatusCode::OK
    );
}
