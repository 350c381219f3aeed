//! The inbox core against the sandbox over real HTTP.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ohallo_core::{ApiError, ApiKey, Client, ConversationQuery};
use ohallo_inbox::{Inbox, WatchEvent, Watcher};
use ohallo_sandbox::{Config, Sandbox};
use serde_json::{json, Value};

async fn sandbox(config: Config) -> Sandbox {
    Sandbox::start("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap()
}

fn client_for(sandbox: &Sandbox, key: &str) -> Client {
    Client::new(&sandbox.base_url(), ApiKey::parse(key).unwrap()).unwrap()
}

async fn control(sandbox: &Sandbox, path: &str, body: Value) -> Value {
    reqwest::Client::new()
        .post(format!("{}/_sandbox/{path}", sandbox.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn first_page() -> ConversationQuery {
    ConversationQuery::default()
}

#[tokio::test]
async fn conversations_carry_their_channel_type_and_workspace_name_and_start_read() {
    let sb = sandbox(Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client_for(&sb, sb.key()), dir.path()).unwrap();

    let page = inbox.conversations(&first_page()).await.unwrap();
    assert!(!page.data.is_empty());
    for view in &page.data {
        assert!(view.channel_type.is_some(), "{view:?}");
        assert!(view.workspace_name.is_some(), "{view:?}");
        assert!(
            !view.unread,
            "history before the first start is not news: {view:?}"
        );
    }
    let types: std::collections::HashSet<String> = page
        .data
        .iter()
        .filter_map(|v| v.channel_type.as_ref().map(|t| t.as_str().to_string()))
        .collect();
    assert!(types.len() >= 3, "demo data spans channels: {types:?}");
}

#[tokio::test]
async fn a_customer_message_makes_its_conversation_unread_until_it_is_read() {
    let sb = sandbox(Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client_for(&sb, sb.key()), dir.path()).unwrap();
    // Timestamps have second precision on the wire; let the clock move past the baseline.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let written = control(&sb, "inbound", json!({ "body": "Where is my parcel?" })).await;
    let id = written["conversationId"].as_str().unwrap();

    let page = inbox.conversations(&first_page()).await.unwrap();
    let view = page.data.iter().find(|v| v.conversation.id == id).unwrap();
    assert!(view.unread);

    inbox
        .mark_read(id, view.conversation.last_message_at)
        .unwrap();
    let page = inbox.conversations(&first_page()).await.unwrap();
    let view = page.data.iter().find(|v| v.conversation.id == id).unwrap();
    assert!(!view.unread);

    // Read marks are kept on disk: a restart does not resurrect the mark.
    drop(inbox);
    let reopened = Inbox::open(client_for(&sb, sb.key()), dir.path()).unwrap();
    let page = reopened.conversations(&first_page()).await.unwrap();
    assert!(
        !page
            .data
            .iter()
            .find(|v| v.conversation.id == id)
            .unwrap()
            .unread
    );
}

#[tokio::test]
async fn a_key_without_write_scope_is_recognised_before_any_send() {
    let sb = sandbox(Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let read_only = control(&sb, "keys", json!({ "scopes": ["conversations:read"] })).await;
    let inbox = Inbox::open(
        client_for(&sb, read_only["key"].as_str().unwrap()),
        dir.path(),
    )
    .unwrap();
    assert_eq!(inbox.can_write().await, Some(false));

    let full = Inbox::open(client_for(&sb, sb.key()), dir.path()).unwrap();
    assert_eq!(full.can_write().await, Some(true));
}

#[tokio::test]
async fn a_reply_shows_up_in_the_thread_and_reaches_the_server_once() {
    let sb = sandbox(Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client_for(&sb, sb.key()), dir.path()).unwrap();
    let id = inbox.conversations(&first_page()).await.unwrap().data[0]
        .conversation
        .id
        .clone();

    inbox
        .send_reply(&id, "Your parcel left today.")
        .await
        .unwrap();

    let thread = inbox.messages(&id).await.unwrap();
    let last = thread.last().unwrap();
    assert_eq!(last.body, "Your parcel left today.");
    assert!(!last.is_from_customer());
    let replies: Vec<Value> = reqwest::get(format!("{}/_sandbox/replies", sb.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(replies.len(), 1);
}

#[tokio::test]
async fn a_reply_lost_in_a_dropped_connection_is_checked_against_the_thread_not_resent() {
    let sb = sandbox(Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client_for(&sb, sb.key()), dir.path()).unwrap();
    let id = inbox.conversations(&first_page()).await.unwrap().data[0]
        .conversation
        .id
        .clone();
    control(
        &sb,
        "faults",
        json!({ "count": 1, "pathPrefix": format!("/api/conversations/{id}/reply"), "drop": true }),
    )
    .await;

    let error = inbox.send_reply(&id, "Are you there?").await.unwrap_err();
    match error {
        ApiError::OutcomeUnknown { detail } => {
            assert!(detail.contains("safe to send again"), "{detail}")
        }
        other => panic!("expected an unknown outcome, got {other:?}"),
    }
    let replies: Vec<Value> = reqwest::get(format!("{}/_sandbox/replies", sb.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(replies.is_empty(), "nothing was re-sent: {replies:?}");
}

#[tokio::test]
async fn drafts_are_kept_per_conversation_across_restarts() {
    let sb = sandbox(Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client_for(&sb, sb.key()), dir.path()).unwrap();
    inbox.save_draft("a", "half a thought").unwrap();
    drop(inbox);
    let reopened = Inbox::open(client_for(&sb, sb.key()), dir.path()).unwrap();
    assert_eq!(reopened.draft("a").as_deref(), Some("half a thought"));
    assert_eq!(reopened.draft("b"), None);
}

fn recorder() -> (
    Arc<Mutex<Vec<WatchEvent>>>,
    impl Fn(WatchEvent) + Send + Sync + 'static,
) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    (events, move |event| sink.lock().unwrap().push(event))
}

async fn wait_for(events: &Mutex<Vec<WatchEvent>>, test: impl Fn(&WatchEvent) -> bool) {
    for _ in 0..100 {
        if events.lock().unwrap().iter().any(&test) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("event never came: {:?}", events.lock().unwrap());
}

#[tokio::test]
async fn the_watcher_reports_a_conversation_whose_last_message_moved() {
    let sb = sandbox(Config::default()).await;
    let (events, sink) = recorder();
    let _watcher = Watcher::spawn(client_for(&sb, sb.key()), Duration::from_millis(100), sink);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        events.lock().unwrap().is_empty(),
        "the first poll is a baseline, not news"
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;

    let written = control(&sb, "inbound", json!({ "body": "Hello?" })).await;
    let id = written["conversationId"].as_str().unwrap().to_string();
    wait_for(
        &events,
        |e| matches!(e, WatchEvent::Changed(change) if change.conversation_ids == [id.clone()]),
    )
    .await;
}

#[tokio::test]
async fn the_watcher_reports_going_offline_and_coming_back() {
    let sb = sandbox(Config::default()).await;
    let (events, sink) = recorder();
    control(
        &sb,
        "faults",
        json!({ "count": 3, "pathPrefix": "/api/conversations", "status": 503 }),
    )
    .await;
    let _watcher = Watcher::spawn(client_for(&sb, sb.key()), Duration::from_millis(50), sink);
    wait_for(&events, |e| matches!(e, WatchEvent::Offline { .. })).await;
    wait_for(&events, |e| *e == WatchEvent::Online).await;
    let offline = events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, WatchEvent::Offline { .. }))
        .count();
    assert_eq!(offline, 1, "one outage is reported once");
}
