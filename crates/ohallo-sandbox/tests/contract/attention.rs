use crate::harness::{error_message, Harness};
use ohallo_sandbox::control_api::{Approval, Attention, KeySpec};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn items_of(h: &Harness, conversation_id: &str) -> Vec<Value> {
    let all = h.get("/api/attention-items").await.body;
    all.as_array()
        .unwrap()
        .iter()
        .filter(|item| item["conversationId"] == conversation_id)
        .cloned()
        .collect()
}

async fn with_attention(h: &Harness) -> Vec<String> {
    h.all_conversations("hasAttention=true")
        .await
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn resolving_an_attention_item_closes_it_and_leaves_the_conversation_alone() {
    let h = Harness::start().await;
    let id = h.all_conversations("status=open").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = h.conversation(&id).await;
    let item_id = h
        .control
        .raise_attention(&Attention {
            conversation_id: id.clone(),
            reason: Some("Asked for a manager".into()),
        })
        .await
        .unwrap();
    assert!(with_attention(&h).await.contains(&id));

    let resolved = h
        .post(
            &format!("/api/attention-items/{item_id}/resolve"),
            json!({}),
        )
        .await;
    assert_eq!(resolved.status, StatusCode::OK);
    assert_eq!(resolved.body, json!({ "ok": true }));
    let item = items_of(&h, &id)
        .await
        .into_iter()
        .find(|item| item["id"] == item_id.as_str())
        .unwrap();
    assert_eq!(item["status"], "resolved");
    assert!(item["resolvedAt"].is_string(), "{item}");
    let open_left = items_of(&h, &id)
        .await
        .iter()
        .any(|item| item["status"] == "open");
    assert_eq!(with_attention(&h).await.contains(&id), open_left);
    let after = h.conversation(&id).await;
    assert_eq!(
        after["status"], before["status"],
        "the conversation is untouched"
    );

    // Again: already resolved; the docs name only 404, so a client must cope with a conflict too.
    let again = h
        .post(
            &format!("/api/attention-items/{item_id}/resolve"),
            json!({}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(!error_message(&again).is_empty());
}

#[tokio::test]
async fn resolving_an_unknown_item_answers_404_and_needs_write_scope() {
    let h = Harness::start().await;
    let unknown = h
        .post("/api/attention-items/att_nope/resolve", json!({}))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(error_message(&unknown).contains("attention item"));

    let item = h.get("/api/attention-items").await.body[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reader = h
        .key_with(KeySpec::with_scopes(&["conversations:read"]))
        .await;
    let refused = h
        .call(
            Method::POST,
            &format!("/api/attention-items/{item}/resolve"),
            Some(&reader),
            Some(json!({})),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn approving_releases_the_held_action_once_and_nothing_held_answers_404() {
    let h = Harness::start().await;
    let id = h.all_conversations("status=open").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/conversations/{id}/approve");
    let nothing = h.post(&path, json!({})).await;
    assert_eq!(nothing.status, StatusCode::NOT_FOUND);
    assert!(error_message(&nothing).contains("pending action"));

    h.control
        .hold_for_approval(&Approval {
            conversation_id: id.clone(),
            action: "Refund order #4521 (49.00 EUR)".into(),
        })
        .await
        .unwrap();
    let approved = h.post(&path, json!({})).await;
    assert_eq!(approved.status, StatusCode::OK);
    assert_eq!(approved.body, json!({ "ok": true }));

    let twice = h.post(&path, json!({})).await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND, "approved once only");
    let unknown = h
        .post("/api/conversations/conv_nope/approve", json!({}))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}
