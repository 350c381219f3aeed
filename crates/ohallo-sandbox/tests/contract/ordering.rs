//! The list's order, which oHallo does not document: by activity (the default) or by creation.

use crate::harness::Harness;
use chrono::{DateTime, FixedOffset};
use ohallo_sandbox::control_api::Inbound;
use ohallo_sandbox::{Config, ListOrder};
use serde_json::Value;
use std::collections::HashSet;

fn created() -> Config {
    Config {
        list_order: ListOrder::Created,
        ..Config::default()
    }
}

fn instant(conversation: &Value, field: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(conversation[field].as_str().unwrap()).unwrap()
}

fn ids(conversations: &[Value]) -> Vec<Value> {
    conversations.iter().map(|c| c["id"].clone()).collect()
}

/// Follows cursors at `limit` per page, calling `between` after the first page.
async fn walk(h: &Harness, limit: usize, between: impl AsyncFnOnce(&[Value])) -> Vec<Value> {
    let first = h
        .get(&format!("/api/conversations?limit={limit}"))
        .await
        .body;
    let mut all = first["data"].as_array().unwrap().clone();
    between(&all).await;
    let mut cursor = first["nextCursor"].as_str().map(str::to_owned);
    while let Some(next) = cursor {
        let page = h
            .get(&format!("/api/conversations?limit={limit}&cursor={next}"))
            .await
            .body;
        all.extend(page["data"].as_array().unwrap().iter().cloned());
        cursor = page["nextCursor"].as_str().map(str::to_owned);
    }
    all
}

#[tokio::test]
async fn the_created_order_is_newest_created_first_and_pages_without_gaps() {
    let h = Harness::with(created()).await;
    let all = walk(&h, 7, async |_| {}).await;
    assert_eq!(all.len(), 80);
    assert_eq!(ids(&all).into_iter().collect::<HashSet<_>>().len(), 80);
    assert!(all
        .windows(2)
        .all(|w| instant(&w[0], "createdAt") >= instant(&w[1], "createdAt")));
    let by_activity = Harness::start().await.all_conversations("").await;
    assert_ne!(
        ids(&all),
        ids(&by_activity),
        "the two orders differ on the demo data"
    );
}

#[tokio::test]
async fn a_customer_writing_into_an_old_conversation_does_not_bring_it_to_page_one() {
    let h = Harness::with(created()).await;
    let before = h.all_conversations("").await;
    let old = before.last().unwrap()["id"].as_str().unwrap().to_owned();
    let sent = h
        .control
        .inbound(&Inbound::new("Hello again, months later.").in_conversation(&old))
        .await
        .unwrap();
    assert_eq!(sent.conversation_id, old);
    let after = h.all_conversations("").await;
    assert_eq!(ids(&after), ids(&before), "nothing moved");
    let moved = after.last().unwrap();
    assert!(instant(moved, "lastMessageAt") > instant(&before[0], "lastMessageAt"));
    let page_one = h.get("/api/conversations").await.body;
    assert!(page_one["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["id"] != old.as_str()));

    let new = h
        .control
        .inbound(&Inbound::new("A brand-new question"))
        .await
        .unwrap();
    let top = &h.get("/api/conversations?limit=1").await.body["data"][0];
    assert_eq!(
        top["id"],
        new.conversation_id.as_str(),
        "a new conversation goes on top"
    );
}

#[tokio::test]
async fn cursors_stay_valid_while_messages_arrive_in_both_orders() {
    for order in [ListOrder::Activity, ListOrder::Created] {
        let h = Harness::with(Config {
            list_order: order,
            ..Config::default()
        })
        .await;
        let everything = h.all_conversations("").await;
        let all = walk(&h, 20, async |first: &[Value]| {
            // News on page one, and on conversations not yet listed.
            for id in [
                &first[3]["id"],
                &everything[40]["id"],
                &everything[79]["id"],
            ] {
                h.control
                    .inbound(&Inbound::new("Any news?").in_conversation(id.as_str().unwrap()))
                    .await
                    .unwrap();
            }
        })
        .await;
        let unique: HashSet<Value> = ids(&all).into_iter().collect();
        let expected: HashSet<Value> = ids(&everything).into_iter().collect();
        match order {
            // Created: nothing moves, so the walk sees every conversation exactly once.
            ListOrder::Created => assert_eq!(ids(&all), ids(&everything)),
            // Activity: ones that moved above the cursor are behind it now, none is listed twice.
            ListOrder::Activity => {
                assert_eq!(unique.len(), all.len(), "{order:?}: no duplicates");
                let missing: Vec<_> = expected.difference(&unique).collect();
                assert!(
                    missing.len() <= 2,
                    "{order:?}: only moved ones: {missing:?}"
                );
            }
        }
    }
}

#[tokio::test]
async fn every_conversation_was_created_before_its_first_message() {
    let h = Harness::start().await;
    for conversation in h.all_conversations("").await.iter().take(15) {
        let messages = h.messages(conversation["id"].as_str().unwrap()).await;
        let first = DateTime::parse_from_rfc3339(messages[0]["sentAt"].as_str().unwrap()).unwrap();
        assert!(instant(conversation, "createdAt") < first, "{conversation}");
    }
}
