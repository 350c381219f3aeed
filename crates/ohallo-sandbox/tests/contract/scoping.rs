//! Workspace scoping and per-endpoint scopes, as oHallo's conventions page describes them.

use crate::harness::{error_message, full_scopes, Harness};
use ohallo_sandbox::control_api::KeySpec;
use ohallo_sandbox::Config;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::HashSet;

const LISTS: [&str; 2] = ["/api/conversations", "/api/attention-items"];

async fn workspace_ids(h: &Harness) -> Vec<String> {
    h.get("/api/workspaces")
        .await
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap().to_owned())
        .collect()
}

fn with_workspace(path: &str, id: &str) -> String {
    format!("{path}?workspaceId={id}")
}

#[tokio::test]
async fn a_restricted_key_must_always_pass_its_workspace_id() {
    let h = Harness::start().await;
    let ids = workspace_ids(&h).await;
    let key = h
        .key_with(KeySpec {
            workspace_id: Some(ids[1].clone()),
            ..full_scopes()
        })
        .await;
    for list in LISTS {
        let absent = h.get_as(list, &key).await;
        assert_eq!(absent.status, StatusCode::BAD_REQUEST, "{list}");
        assert_eq!(absent.body, json!({ "error": "workspaceId is required." }));
        let empty = h.get_as(&format!("{list}?workspaceId="), &key).await;
        assert_eq!(
            empty.status,
            StatusCode::BAD_REQUEST,
            "{list} with an empty id"
        );

        let other = h.get_as(&with_workspace(list, &ids[0]), &key).await;
        assert_eq!(other.status, StatusCode::FORBIDDEN, "{list}");
        assert_eq!(error_message(&other), "workspace mismatch");
        let unknown = h.get_as(&with_workspace(list, "ws_nope"), &key).await;
        assert_eq!(unknown.status, StatusCode::FORBIDDEN, "{list}");

        let matching = h.get_as(&with_workspace(list, &ids[1]), &key).await;
        assert_eq!(matching.status, StatusCode::OK, "{list}");
    }
    let conversations = h
        .get_as(&with_workspace("/api/conversations", &ids[1]), &key)
        .await
        .body;
    let conversations = conversations["data"].as_array().unwrap();
    assert!(!conversations.is_empty());
    assert!(conversations.iter().all(|c| c["workspaceId"] == ids[1]));
}

#[tokio::test]
async fn require_workspace_makes_every_key_pass_workspace_id() {
    let h = Harness::with(Config {
        require_workspace: true,
        ..Config::default()
    })
    .await;
    let ids = workspace_ids(&h).await;
    for list in LISTS {
        let absent = h.get(list).await;
        assert_eq!(absent.status, StatusCode::BAD_REQUEST, "{list}");
        assert_eq!(absent.body, json!({ "error": "workspaceId is required." }));
        assert_eq!(
            h.get(&with_workspace(list, &ids[0])).await.status,
            StatusCode::OK,
            "{list}"
        );
        let unknown = h.get(&with_workspace(list, "ws_nope")).await;
        assert_eq!(
            unknown.status,
            StatusCode::OK,
            "{list}: unknown is just empty"
        );
    }
    assert_eq!(h.get("/api/workspaces").await.status, StatusCode::OK);
    assert_eq!(h.get("/api/brands").await.status, StatusCode::OK);
}

#[tokio::test]
async fn without_require_workspace_an_unrestricted_key_may_omit_it() {
    let h = Harness::start().await;
    for list in LISTS {
        assert_eq!(h.get(list).await.status, StatusCode::OK, "{list}");
    }
}

#[tokio::test]
async fn attention_items_filter_by_workspace_and_an_unknown_one_is_empty() {
    let h = Harness::start().await;
    let all = h.get("/api/attention-items").await.body;
    let all: HashSet<Value> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].clone())
        .collect();
    let mut union = HashSet::new();
    for id in workspace_ids(&h).await {
        let in_workspace: HashSet<Value> = h
            .all_conversations(&format!("workspaceId={id}"))
            .await
            .iter()
            .map(|c| c["id"].clone())
            .collect();
        let items = h
            .get(&with_workspace("/api/attention-items", &id))
            .await
            .body;
        for item in items.as_array().unwrap() {
            assert!(in_workspace.contains(&item["conversationId"]));
            assert!(
                union.insert(item["id"].clone()),
                "an item in two workspaces"
            );
        }
    }
    assert_eq!(union, all);
    let unknown = h
        .get(&with_workspace("/api/attention-items", "ws_nope"))
        .await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(unknown.body, json!([]));
}

#[tokio::test]
async fn the_quickstart_key_is_refused_channels_but_reads_conversations_and_workspaces() {
    let h = Harness::start().await;
    let key = h.key_with(full_scopes()).await;
    let channel_id = h.get("/api/conversations?limit=1").await.body["data"][0]["channelId"]
        .as_str()
        .unwrap()
        .to_owned();
    let channel = format!("/api/channels/{channel_id}");
    let refused = h.get_as(&channel, &key).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        refused.body,
        json!({ "error": "missing scope channels:read" })
    );
    for open in [
        "/api/conversations",
        "/api/attention-items",
        "/api/workspaces",
        "/api/brands",
    ] {
        assert_eq!(h.get_as(open, &key).await.status, StatusCode::OK, "{open}");
    }

    let reader = h
        .key_with(KeySpec::with_scopes(&[
            "channels:read",
            "contacts:read",
            "kb:read",
        ]))
        .await;
    assert_eq!(h.get_as(&channel, &reader).await.status, StatusCode::OK);
    let no_conversations = h.get_as("/api/conversations", &reader).await;
    assert_eq!(no_conversations.status, StatusCode::FORBIDDEN);
    assert_eq!(
        error_message(&no_conversations),
        "missing scope conversations:read"
    );
    assert_eq!(
        h.get(&channel).await.status,
        StatusCode::OK,
        "the start-up key has every scope"
    );
}

#[tokio::test]
async fn an_unknown_scope_is_refused_at_key_creation() {
    let h = Harness::start().await;
    let reply = h
        .call(
            reqwest::Method::POST,
            "/_sandbox/keys",
            None,
            Some(json!({ "scopes": ["channels:write"] })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_message(&reply), "unknown scope channels:write");
}
