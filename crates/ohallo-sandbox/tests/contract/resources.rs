use crate::harness::{error_message, Harness};
use reqwest::StatusCode;
use std::collections::HashSet;

#[tokio::test]
async fn workspaces_lists_the_three_demo_workspaces() {
    let h = Harness::start().await;
    let workspaces = h.get("/api/workspaces").await.body;
    let names: Vec<&str> = workspaces
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Acme Support", "Globex EU", "Initech Sales"]);
    assert!(workspaces[0]["id"].is_string() && workspaces[0]["createdAt"].is_string());
}

#[tokio::test]
async fn channels_are_described_by_id_and_cover_every_channel_type() {
    let h = Harness::start().await;
    let channel_ids: HashSet<String> = h
        .all_conversations("")
        .await
        .iter()
        .map(|c| c["channelId"].as_str().unwrap().to_owned())
        .collect();
    let mut types = HashSet::new();
    for id in &channel_ids {
        let channel = h.get(&format!("/api/channels/{id}")).await;
        assert_eq!(channel.status, StatusCode::OK);
        assert_eq!(channel.body["id"], id.as_str());
        assert!(channel.body["displayName"].is_string());
        assert!(channel.body["workspaceId"].is_string());
        types.insert(channel.body["channelType"].as_str().unwrap().to_owned());
    }
    assert_eq!(types.len(), 4, "email, chat, whatsapp and voice: {types:?}");
    let unknown = h.get("/api/channels/ch_unknown").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(error_message(&unknown), "channel not found");
}

#[tokio::test]
async fn attention_items_name_existing_conversations_and_several_are_open() {
    let h = Harness::start().await;
    let ids: HashSet<String> = h
        .all_conversations("")
        .await
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    let items = h.get("/api/attention-items").await.body;
    let items = items.as_array().unwrap();
    assert!(items.iter().filter(|i| i["status"] == "open").count() >= 3);
    for item in items {
        assert!(ids.contains(item["conversationId"].as_str().unwrap()));
        for field in ["id", "type", "reason", "createdAt"] {
            assert!(item[field].is_string(), "{field}");
        }
        assert!(item["status"] == "open" || item["status"] == "resolved");
    }
}
