use crate::harness::{error_message, Harness};
use ohallo_sandbox::control_api::{Attention, Inbound};
use ohallo_sandbox::control_client::ControlError;
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
        .control
        .inbound(&Inbound::new("Actually, one more thing – Grüße!").in_conversation(&id))
        .await
        .unwrap();
    assert_eq!(created.conversation_id, id);
    let messages = h.messages(&id).await;
    assert_eq!(messages.len(), before + 1);
    let last = messages.last().unwrap();
    assert_eq!(last["id"], created.message_id.as_str());
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
        .control
        .inbound(
            &Inbound::new("Hallo, ich rufe wegen meiner Rechnung an.")
                .on_channel("voice")
                .from_contact("Jürgen Weiß"),
        )
        .await
        .unwrap();
    let id = created.conversation_id.as_str();
    h.control
        .inbound(
            &Inbound::new("Gern, ich sehe nach.")
                .in_conversation(id)
                .spoken_by("ai"),
        )
        .await
        .unwrap();
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

    let chat = h.control.inbound(&Inbound::new("Hi there")).await.unwrap();
    let chat_conversation = h.conversation(&chat.conversation_id).await;
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
        .control
        .inbound(&Inbound::new("I want a person."))
        .await
        .unwrap();
    let id = created.conversation_id;
    let item_id = h
        .control
        .raise_attention(&Attention {
            conversation_id: id.clone(),
            reason: Some("Asked for a manager".to_owned()),
        })
        .await
        .unwrap();

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

#[tokio::test]
async fn the_control_client_reports_a_refusal_with_its_status_and_the_sandboxs_reason() {
    let h = Harness::start().await;
    let refused = h
        .control
        .inbound(&Inbound::new("hi").in_conversation("conv_missing"))
        .await;
    match refused {
        Err(ControlError::Refused {
            path,
            status,
            message,
        }) => {
            assert_eq!(path, "inbound");
            assert_eq!(status, 404);
            assert!(message.contains("not found"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let unknown_key = h.control.revoke("sf_test_v1_never_minted").await;
    assert!(matches!(
        unknown_key,
        Err(ControlError::Refused { status: 404, .. })
    ));
}
