//! `Config::reply_delay`: an accepted reply reaches the thread later, as oHallo's asynchronous
//! delivery does.

use crate::harness::Harness;
use ohallo_sandbox::Config;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_delayed_reply_is_accepted_and_recorded_at_once_but_threaded_later() {
    let h = Harness::with(Config {
        reply_delay: Some(Duration::from_millis(700)),
        ..Config::default()
    })
    .await;
    let all = h.all_conversations("").await;
    let target = all.last().unwrap();
    let id = target["id"].as_str().unwrap();
    let before = h.messages(id).await;

    let sent = Instant::now();
    let accepted = h
        .post(
            &format!("/api/conversations/{id}/reply"),
            json!({ "content": "On its way" }),
        )
        .await;
    assert_eq!(accepted.body, json!({ "ok": true }));
    let recorded = h.control.replies().await.unwrap();
    assert_eq!(recorded[0].content, "On its way", "recorded at once");

    assert_eq!(h.messages(id).await, before, "not in the thread yet");
    let unchanged = h.conversation(id).await;
    assert_eq!(unchanged["lastMessageAt"], target["lastMessageAt"]);
    assert_eq!(
        unchanged["lastMessagePreview"],
        target["lastMessagePreview"]
    );

    let deadline = sent + Duration::from_secs(10);
    let after = loop {
        let after = h.messages(id).await;
        if after.len() > before.len() {
            break after;
        }
        assert!(
            Instant::now() < deadline,
            "the reply never reached the thread"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(
        sent.elapsed() >= Duration::from_millis(700),
        "delivered early"
    );
    assert_eq!(after.len(), before.len() + 1);
    let last = after.last().unwrap();
    assert_eq!(last["body"], "On its way");
    assert_eq!(last["direction"], "outbound");
    let top = &h.get("/api/conversations?limit=1").await.body["data"][0];
    assert_eq!(top["id"], id);
    assert_eq!(top["lastMessageAt"], last["sentAt"]);
    assert_eq!(top["lastMessagePreview"], "On its way");
}

#[tokio::test]
async fn without_a_delay_a_reply_is_in_the_thread_at_once() {
    let h = Harness::start().await;
    let id = h.all_conversations("").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = h.messages(&id).await.len();
    h.post(
        &format!("/api/conversations/{id}/reply"),
        json!({ "content": "Now" }),
    )
    .await;
    assert_eq!(h.messages(&id).await.len(), before + 1);
}
