//! `Config::nulls`: every optional field really is null somewhere, from the first page on.

use crate::harness::Harness;
use ohallo_sandbox::control_api::Inbound;
use ohallo_sandbox::{Config, ListOrder, MessageSchema};
use serde_json::Value;
use std::collections::HashSet;

fn nulls(order: ListOrder) -> Config {
    Config {
        nulls: true,
        list_order: order,
        ..Config::default()
    }
}

fn is_null(conversation: &Value, field: &str) -> bool {
    conversation.get(field) == Some(&Value::Null)
}

#[tokio::test]
async fn the_first_page_has_every_kind_of_null_in_both_orders() {
    for order in [ListOrder::Activity, ListOrder::Created] {
        let h = Harness::with(nulls(order)).await;
        let page = h.get("/api/conversations").await.body;
        let page = page["data"].as_array().unwrap();
        assert_eq!(page.len(), 50);
        for field in [
            "contactId",
            "contactName",
            "contactEmail",
            "accountName",
            "lastMessagePreview",
            "lastMessageAt",
        ] {
            assert!(
                page.iter().any(|c| is_null(c, field)),
                "{order:?}: no {field}: null on the first page"
            );
        }
        assert!(
            page.iter().any(|c| c.get("humanManaged").is_none()),
            "{order:?}: humanManaged is always there"
        );
        for conversation in page {
            for field in ["id", "workspaceId", "channelId", "status", "createdAt"] {
                assert!(conversation[field].is_string(), "{field} in {conversation}");
            }
        }
    }
}

#[tokio::test]
async fn a_conversation_without_messages_has_an_empty_thread_until_one_arrives() {
    let h = Harness::with(nulls(ListOrder::Activity)).await;
    let page = h.get("/api/conversations").await.body;
    let empty = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| is_null(c, "lastMessageAt"))
        .unwrap()
        .clone();
    let id = empty["id"].as_str().unwrap();
    assert!(is_null(&empty, "lastMessagePreview"));
    assert_eq!(h.messages(id).await, Vec::<Value>::new());

    let sent = h
        .control
        .inbound(&Inbound::new("Is anyone there?").in_conversation(id))
        .await
        .unwrap();
    let messages = h.messages(id).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["id"], sent.message_id.as_str());
    let top = &h.get("/api/conversations?limit=1").await.body["data"][0];
    assert_eq!(top["id"], id);
    assert_eq!(top["lastMessageAt"], messages[0]["sentAt"]);
    assert_eq!(top["lastMessagePreview"], "Is anyone there?");
}

#[tokio::test]
async fn inbound_works_for_every_kind_of_null_conversation() {
    let h = Harness::with(nulls(ListOrder::Activity)).await;
    let page = h.get("/api/conversations").await.body;
    let odd: Vec<&Value> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            c.get("humanManaged").is_none()
                || [
                    "contactId",
                    "contactName",
                    "contactEmail",
                    "lastMessagePreview",
                ]
                .iter()
                .any(|field| is_null(c, field))
        })
        .collect();
    assert!(odd.len() >= 5);
    for conversation in odd {
        let id = conversation["id"].as_str().unwrap();
        let before = h.messages(id).await.len();
        h.control
            .inbound(&Inbound::new("Following up").in_conversation(id))
            .await
            .unwrap();
        assert_eq!(h.messages(id).await.len(), before + 1, "{conversation}");
    }
}

#[tokio::test]
async fn reference_messages_on_the_first_page_include_a_null_sender_name() {
    let h = Harness::with(Config {
        message_schema: MessageSchema::Reference,
        ..nulls(ListOrder::Activity)
    })
    .await;
    let page = h.get("/api/conversations").await.body;
    let mut found = false;
    for conversation in page["data"].as_array().unwrap() {
        let messages = h.messages(conversation["id"].as_str().unwrap()).await;
        if messages
            .iter()
            .any(|m| m["role"] == "customer" && m["senderName"].is_null())
        {
            found = true;
        }
        assert!(messages
            .iter()
            .all(|m| m["senderName"].is_null() || m["senderName"].is_string()));
    }
    assert!(found, "no customer message with senderName: null");
}

#[tokio::test]
async fn nulls_page_consistently_in_both_orders() {
    for order in [ListOrder::Activity, ListOrder::Created] {
        let h = Harness::with(nulls(order)).await;
        let mut all = Vec::new();
        let mut path = "/api/conversations?limit=7".to_owned();
        loop {
            let page = h.get(&path).await.body;
            all.extend(page["data"].as_array().unwrap().iter().cloned());
            match page["nextCursor"].as_str() {
                Some(next) => path = format!("/api/conversations?limit=7&cursor={next}"),
                None => break,
            }
        }
        let unique: HashSet<&Value> = all.iter().map(|c| &c["id"]).collect();
        assert_eq!((all.len(), unique.len()), (80, 80), "{order:?}");
        // Activity sorts a conversation without a message by its creation time.
        let key = |c: &Value| {
            let field = match order {
                ListOrder::Activity if !c["lastMessageAt"].is_null() => "lastMessageAt",
                _ => "createdAt",
            };
            chrono::DateTime::parse_from_rfc3339(c[field].as_str().unwrap()).unwrap()
        };
        assert!(
            all.windows(2).all(|w| key(&w[0]) >= key(&w[1])),
            "{order:?}"
        );
    }
}

#[tokio::test]
async fn the_same_seed_gives_the_same_nulls() {
    let a = Harness::with(nulls(ListOrder::Activity)).await;
    let b = Harness::with(nulls(ListOrder::Activity)).await;
    let shape = |all: Vec<Value>| -> Vec<(Value, bool, bool)> {
        all.iter()
            .map(|c| {
                (
                    c["id"].clone(),
                    c["lastMessageAt"].is_null(),
                    c["contactId"].is_null(),
                )
            })
            .collect()
    };
    assert_eq!(
        shape(a.all_conversations("").await),
        shape(b.all_conversations("").await)
    );
}
