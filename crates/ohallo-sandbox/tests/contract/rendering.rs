//! How timestamps are written: any offset, the same instants.

use crate::harness::Harness;
use chrono::{DateTime, FixedOffset};
use ohallo_sandbox::{Config, MessageSchema};
use serde_json::{json, Value};
use std::collections::HashMap;

fn plus_two() -> FixedOffset {
    FixedOffset::east_opt(2 * 3600).unwrap()
}

fn parse(text: &Value) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text.as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn a_timestamp_offset_rewrites_every_timestamp_but_not_the_instants() {
    let utc = Harness::start().await;
    let shifted = Harness::with(Config {
        timestamp_offset: Some(plus_two()),
        ..Config::default()
    })
    .await;
    let instants: HashMap<Value, DateTime<FixedOffset>> = utc
        .all_conversations("")
        .await
        .iter()
        .map(|c| (c["id"].clone(), parse(&c["lastMessageAt"])))
        .collect();
    let listed = shifted.all_conversations("").await;
    assert_eq!(listed.len(), instants.len());
    for conversation in &listed {
        let text = conversation["lastMessageAt"].as_str().unwrap();
        assert_eq!(text.len(), "2026-03-20T16:32:00+02:00".len(), "{text}");
        assert!(text.ends_with("+02:00"), "{text}");
        // The two sandboxes started a moment apart; demo times are relative to the start.
        let drift = parse(&conversation["lastMessageAt"]) - instants[&conversation["id"]];
        assert!(drift.num_seconds().abs() < 30, "{text}: {drift}");
    }
    // Still sorted newest first: the order is by instant, not by text.
    assert!(listed
        .windows(2)
        .all(|w| parse(&w[0]["lastMessageAt"]) >= parse(&w[1]["lastMessageAt"])));

    let id = listed[0]["id"].as_str().unwrap();
    let messages = shifted.messages(id).await;
    let last = messages.last().unwrap();
    assert!(last["sentAt"].as_str().unwrap().ends_with("+02:00"));
    assert_eq!(parse(&last["sentAt"]), parse(&listed[0]["lastMessageAt"]));
    for path in ["/api/workspaces", "/api/attention-items", "/api/brands"] {
        let items = shifted.get(path).await.body;
        for item in items.as_array().unwrap() {
            let created = item["createdAt"].as_str().unwrap();
            assert!(created.ends_with("+02:00"), "{path}: {created}");
        }
    }
    shifted
        .post(
            &format!("/api/conversations/{id}/reply"),
            json!({ "content": "Hej" }),
        )
        .await;
    let replies = shifted.control.replies().await.unwrap();
    assert!(replies[0].received_at.ends_with("+02:00"));
}

#[tokio::test]
async fn the_reference_schema_keeps_milliseconds_in_the_offset() {
    let h = Harness::with(Config {
        message_schema: MessageSchema::Reference,
        timestamp_offset: FixedOffset::west_opt(5 * 3600 + 30 * 60),
        ..Config::default()
    })
    .await;
    let first = &h.get("/api/conversations?limit=1").await.body["data"][0];
    let listed = first["lastMessageAt"].as_str().unwrap();
    assert_eq!(
        listed.len(),
        "2026-03-20T09:02:00.123-05:30".len(),
        "{listed}"
    );
    assert!(listed.ends_with("-05:30"));
    let messages = h.messages(first["id"].as_str().unwrap()).await;
    for message in &messages {
        let created = message["createdAt"].as_str().unwrap();
        assert_eq!(&created[19..20], ".", "{created}");
        assert!(created.ends_with("-05:30"), "{created}");
    }
    assert_eq!(
        parse(&messages.last().unwrap()["createdAt"]),
        parse(&first["lastMessageAt"])
    );
}
