use crate::harness::{error_message, Harness};
use ohallo_sandbox::Config;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn inbound_into_an_existing_conversation_moves_it_to_the_top_and_reopens_it() {
    let h = Harness::start().await;
    let resolved = h.all_conversations("status=resolved").await;
    let id = resolved.last().unwrap()["id"].as_str().unwrap().to_owned();
    let before = h.messages(&id).await.len();
    let created = h
        .control(
            "/_sandbox/inbound",
            json!({ "conversationId": id, "body": "Actually, one more thing – Grüße!" }),
        )
        .await;
    assert_eq!(created["conversationId"], id.as_str());
    let messages = h.messages(&id).await;
    assert_eq!(messages.len(), before + 1);
    let last = messages.last().unwrap();
    assert_eq!(last["id"], created["messageId"]);
    assert_eq!(last["direction"], "inbound");
    assert_eq!(last["body"], "Actually, one more thing – Grüße!");

    let top = &h.get("/api/conversations?limit=1").await.body["data"][0];
    assert_eq!(top["id"], id.as_str());
    assert_eq!(top["status"], "open");
    assert_eq!(top["lastMessageAt"], last["sentAt"]);
}

#[tokio::test]
async fn inbound_without_a_conversation_starts_a_new_one_on_the_requested_channel() {
    let h = Harness::start().await;
    let created = h
        .control(
            "/_sandbox/inbound",
            json!({ "body": "Hallo, ich rufe wegen meiner Rechnung an.", "channel": "voice",
                    "contactName": "Jürgen Weiß" }),
        )
        .await;
    let id = created["conversationId"].as_str().unwrap();
    h.control(
        "/_sandbox/inbound",
        json!({ "conversationId": id, "body": "Gern, ich sehe nach.", "speaker": "ai" }),
    )
    .await;
    let conversation = h.conversation(id).await;
    assert_eq!(conversation["contactName"], "Jürgen Weiß");
    assert_eq!(conversation["status"], "open");
    assert_eq!(h.all_conversations("").await.len(), 81);
    let channel = h
        .get(&format!(
            "/api/channels/{}",
            conversation["channelId"].as_str().unwrap()
        ))
        .await
        .body;
    assert_eq!(channel["channelType"], "voice");
    let messages = h.messages(id).await;
    let speakers: Vec<_> = messages.iter().map(|m| m["speaker"].clone()).collect();
    assert_eq!(speakers, [json!("caller"), json!("ai")]);
    assert!(messages.iter().all(|m| m["direction"] == "inbound"));

    let chat = h
        .control("/_sandbox/inbound", json!({ "body": "Hi there" }))
        .await;
    let chat_conversation = h
        .conversation(chat["conversationId"].as_str().unwrap())
        .await;
    let chat_channel = h
        .get(&format!(
            "/api/channels/{}",
            chat_conversation["channelId"].as_str().unwrap()
        ))
        .await
        .body;
    assert_eq!(chat_channel["channelType"], "chat", "chat is the default");
}

#[tokio::test]
async fn bad_inbound_requests_answer_json_errors() {
    let h = Harness::start().await;
    let unknown = h
        .call(
            Method::POST,
            "/_sandbox/inbound",
            None,
            Some(json!({ "conversationId": "conv_missing", "body": "hi" })),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    for body in [
        json!({}),
        json!({ "body": "hi", "channel": "fax" }),
        json!({ "body": "hi", "channel": "chat", "speaker": "ai" }),
    ] {
        let reply = h
            .call(Method::POST, "/_sandbox/inbound", None, Some(body.clone()))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(!error_message(&reply).is_empty());
    }
}

#[tokio::test]
async fn the_simulation_adds_inbound_messages_over_time() {
    let h = Harness::with(Config {
        conversations: 10,
        simulate_every: Some(Duration::from_millis(100)),
        ..Config::default()
    })
    .await;
    let newest = |body: serde_json::Value| {
        body["data"][0]["lastMessageAt"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let start = newest(h.get("/api/conversations?limit=1").await.body);
    let mut changed = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let top = h.get("/api/conversations?limit=1").await.body;
        if newest(top.clone()) > start {
            let id = top["data"][0]["id"].as_str().unwrap();
            let messages = h.messages(id).await;
            assert!(messages.iter().any(|m| m["direction"] == "inbound"));
            changed = true;
            break;
        }
    }
    assert!(changed, "no simulated message within 5 s");
}

#[tokio::test]
async fn raising_attention_adds_an_open_item_and_marks_the_conversation() {
    let h = Harness::start().await;
    let created = h
        .control("/_sandbox/inbound", json!({ "body": "I want a person." }))
        .await;
    let id = created["conversationId"].as_str().unwrap().to_owned();
    let raised = h
        .control(
            "/_sandbox/attention",
            json!({ "conversationId": id, "reason": "Asked for a manager" }),
        )
        .await;
    let item_id = raised["attentionItemId"].as_str().unwrap();

    let items = h.get("/api/attention-items").await.body;
    let item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == item_id)
        .unwrap();
    assert_eq!(item["conversationId"], id.as_str());
    assert_eq!(item["status"], "open");
    assert_eq!(item["reason"], "Asked for a manager");
    let flagged = h.all_conversations("hasAttention=true").await;
    assert!(flagged.iter().any(|c| c["id"] == id.as_str()));

    let unknown = h
        .call(
            Method::POST,
            "/_sandbox/attention",
            None,
            Some(json!({ "conversationId": "no-such-conversation" })),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}
