use crate::harness::{error_message, Harness};
use ohallo_sandbox::{Config, MessageSchema};
use reqwest::StatusCode;
use serde_json::Value;

fn is_whole_second_utc(timestamp: &str) -> bool {
    timestamp.len() == "2026-03-20T14:32:00Z".len() && timestamp.ends_with('Z')
}

#[tokio::test]
async fn quickstart_messages_are_a_bare_array_oldest_first_ending_with_the_preview() {
    let h = Harness::start().await;
    let conversation = h.conversation_on("email", "").await;
    let id = conversation["id"].as_str().unwrap();
    let reply = h.get(&format!("/api/conversations/{id}/messages")).await;
    let messages = reply.body.as_array().expect("a bare array").clone();
    assert!(!messages.is_empty());
    for message in &messages {
        assert!(message["direction"] == "inbound" || message["direction"] == "outbound");
        assert_eq!(message["speaker"], Value::Null);
        assert_eq!(message["channel"], "email");
        assert!(message["body"].is_string() && message["id"].is_string());
        assert!(is_whole_second_utc(message["sentAt"].as_str().unwrap()));
    }
    assert!(messages
        .windows(2)
        .all(|w| w[0]["sentAt"].as_str() <= w[1]["sentAt"].as_str()));
    let last = messages.last().unwrap();
    assert_eq!(last["sentAt"], conversation["lastMessageAt"]);
    let preview = conversation["lastMessagePreview"].as_str().unwrap();
    let flat_body = last["body"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat_body.starts_with(preview.trim_end_matches("...")));
    assert!(messages
        .iter()
        .filter(|m| m["direction"] == "inbound")
        .all(|m| m["fromAddress"].is_string()));
    assert!(
        messages
            .iter()
            .any(|m| m["body"].as_str().unwrap().contains('\n')),
        "email bodies are multi-line"
    );
}

#[tokio::test]
async fn voice_threads_are_all_inbound_with_caller_and_ai_speakers() {
    let h = Harness::start().await;
    let conversation = h.conversation_on("voice", "status=resolved").await;
    let messages = h.messages(conversation["id"].as_str().unwrap()).await;
    assert!(messages.len() >= 2);
    assert!(messages.iter().all(|m| m["direction"] == "inbound"));
    assert!(messages.iter().all(|m| m["channel"] == "voice"));
    let speakers: Vec<&str> = messages
        .iter()
        .map(|m| m["speaker"].as_str().unwrap())
        .collect();
    assert!(speakers.contains(&"caller") && speakers.contains(&"ai"));
    assert!(
        speakers.windows(2).all(|w| w[0] != w[1]),
        "speakers alternate"
    );
}

#[tokio::test]
async fn reference_messages_are_wrapped_in_data_with_roles_and_fractional_timestamps() {
    let h = Harness::with(Config {
        message_schema: MessageSchema::Reference,
        ..Config::default()
    })
    .await;
    let conversation = h.conversation_on("chat", "humanManaged=true").await;
    let id = conversation["id"].as_str().unwrap();
    let reply = h.get(&format!("/api/conversations/{id}/messages")).await;
    let messages = reply.body["data"].as_array().expect("a data wrapper");
    let roles: Vec<&str> = messages
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert!(roles.contains(&"customer") && roles.contains(&"system"));
    for message in messages {
        assert!(message["content"].is_string() && message["senderName"].is_string());
        let created = message["createdAt"].as_str().unwrap();
        assert_eq!(created.len(), "2026-03-20T14:32:00.123Z".len(), "{created}");
        assert_eq!(&created[19..20], ".");
    }
}

#[tokio::test]
async fn messages_of_an_unknown_conversation_answer_404() {
    let h = Harness::start().await;
    let reply = h.get("/api/conversations/conv_nope/messages").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(error_message(&reply), "conversation not found");
}

#[tokio::test]
async fn the_same_seed_gives_the_same_demo_data_and_another_seed_differs() {
    let seeded = |seed| Config {
        seed,
        ..Config::default()
    };
    let a = Harness::with(seeded(11)).await;
    let b = Harness::with(seeded(11)).await;
    let c = Harness::with(seeded(12)).await;
    let ids = |all: Vec<Value>| -> Vec<Value> { all.iter().map(|x| x["id"].clone()).collect() };
    let mut first = ids(a.all_conversations("").await);
    let mut second = ids(b.all_conversations("").await);
    first.sort_by_key(|v| v.to_string());
    second.sort_by_key(|v| v.to_string());
    assert_eq!(first, second);
    let id = first[0].as_str().unwrap();
    assert_eq!(a.messages(id).await, b.messages(id).await);
    assert_ne!(ids(c.all_conversations("").await).len(), 0);
    assert!(!ids(c.all_conversations("").await).contains(&first[0]));
}
