//! The inbox and its sync engine against a sandbox that does everything oHallo's docs allow and
//! a naive client would not expect: workspace-scoped keys without channel scope, nulls, a list
//! not ordered by activity, other offsets, asynchronous delivery, lost answers, repeated
//! cursors and revoked keys.

mod common;

use common::Events;

use std::time::Duration;

use chrono::FixedOffset;
use ohallo_core::{ApiKey, Author, Client, ClientOptions, ConversationQuery, RetryPolicy};
use ohallo_inbox::{Announcement, Inbox, ReplyOutcome, SyncEngine, SyncEvent, SyncSettings};
use ohallo_sandbox::control_api::{FaultSpec, Inbound, KeySpec};
use ohallo_sandbox::{Config, ListOrder, MessageSchema, Sandbox};
use serde_json::Value;

async fn sandbox(config: Config) -> Sandbox {
    Sandbox::start("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap()
}

/// Every documented inconvenience at once.
fn least_convenient() -> Config {
    Config {
        require_workspace: true,
        nulls: true,
        list_order: ListOrder::Created,
        timestamp_offset: FixedOffset::east_opt(2 * 3600),
        message_schema: MessageSchema::Reference,
        ..Config::default()
    }
}

fn client(sandbox: &Sandbox, key: &str) -> Client {
    let options = ClientOptions {
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    Client::with_options(&sandbox.base_url(), ApiKey::parse(key).unwrap(), options).unwrap()
}

async fn workspaces(sandbox: &Sandbox) -> Vec<Value> {
    reqwest::Client::new()
        .get(format!("{}/api/workspaces", sandbox.base_url()))
        .bearer_auth(sandbox.key())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The Quickstart's key: only the two conversations scopes, restricted to one workspace.
async fn quickstart_key(sandbox: &Sandbox, workspace_id: &str) -> String {
    common::control(&sandbox.base_url())
        .create_key(&KeySpec {
            workspace_id: Some(workspace_id.to_string()),
            ..KeySpec::with_scopes(&["conversations:read", "conversations:write"])
        })
        .await
        .unwrap()
}

async fn traffic(sandbox: &Sandbox) -> u64 {
    common::control(&sandbox.base_url())
        .traffic()
        .await
        .unwrap()
        .requests
}

async fn first_conversation(inbox: &Inbox) -> String {
    let page = inbox
        .conversations(&ConversationQuery::default())
        .await
        .unwrap();
    page.data[0].conversation.id.clone()
}

/// The next reply to `id` meets this fault (its `count` and path are set here).
async fn fail_next_reply(sandbox: &Sandbox, id: &str, fault: FaultSpec) {
    let fault = FaultSpec { count: 1, ..fault }.under(format!("/api/conversations/{id}/reply"));
    common::control(&sandbox.base_url())
        .add_fault(&fault)
        .await
        .unwrap();
}

fn start_sync(inbox: &Inbox) -> (Events, SyncEngine) {
    let settings = SyncSettings {
        interval: Duration::from_millis(100),
        ..SyncSettings::default()
    };
    let (engine, stream) = inbox.start_sync(settings).unwrap();
    (Events::new(stream), engine)
}

async fn polls(engine: &SyncEngine, count: u64) {
    assert!(
        engine.wait_for_polls(count, Duration::from_secs(30)).await,
        "the engine did not finish {count} polls within 30 s"
    );
}

fn announced(events: &Events) -> Vec<Announcement> {
    events
        .lock()
        .unwrap()
        .iter()
        .filter_map(|event| match event {
            SyncEvent::Announce(batch) => Some(batch.clone()),
            _ => None,
        })
        .flatten()
        .filter(|a| a.attention.is_none())
        .collect()
}

/// Polls until `test` holds of what was announced, for at most `polls_allowed` polls.
async fn announced_within(
    events: &Events,
    engine: &SyncEngine,
    polls_allowed: u64,
    test: impl Fn(&[Announcement]) -> bool,
) -> Vec<Announcement> {
    for _ in 0..polls_allowed {
        if test(&announced(events)) {
            return announced(events);
        }
        polls(engine, 1).await;
    }
    panic!(
        "not announced within {polls_allowed} polls: {:?}",
        announced(events)
    );
}

#[tokio::test]
async fn a_workspace_restricted_key_without_channel_scope_signs_in_lists_and_says_what_it_lacks() {
    let sb = sandbox(least_convenient()).await;
    let workspace = workspaces(&sb).await[0]["id"].as_str().unwrap().to_owned();
    let key = quickstart_key(&sb, &workspace).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client(&sb, &key), dir.path()).unwrap();

    inbox.check_key().await.unwrap();
    let missing = inbox.missing_scopes().await;
    assert_eq!(
        missing.iter().map(|m| m.scope).collect::<Vec<_>>(),
        ["channels:read"]
    );

    let page = inbox
        .conversations(&ConversationQuery::default())
        .await
        .unwrap();
    assert!(!page.data.is_empty());
    assert!(page
        .data
        .iter()
        .all(|v| v.conversation.workspace_id == workspace));
    assert!(page.data.iter().all(|v| v.channel_type.is_none()));
    // The refused channel lookup is remembered: a second page of rows costs one request.
    let before = traffic(&sb).await;
    inbox
        .conversations(&ConversationQuery::default())
        .await
        .unwrap();
    assert_eq!(traffic(&sb).await - before, 1, "no channel request per row");
}

#[tokio::test]
async fn rows_with_every_allowed_null_are_listed_and_synced_without_error() {
    let sb = sandbox(least_convenient()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client(&sb, sb.key()), dir.path()).unwrap();
    let page = inbox
        .conversations(&ConversationQuery::default())
        .await
        .unwrap();
    assert_eq!(page.skipped, 0, "nothing the schemas allow is unreadable");
    let rows: Vec<_> = page.data.iter().map(|v| &v.conversation).collect();
    assert!(rows.iter().any(|c| c.contact_id.is_none()));
    assert!(rows.iter().any(|c| c.contact_name.is_none()));
    assert!(rows.iter().any(|c| c.human_managed.is_none()));
    let empty = rows
        .iter()
        .find(|c| c.last_message_at.is_none())
        .expect("a conversation with no message yet");
    assert!(inbox.messages(&empty.id).await.unwrap().is_empty());

    let (events, engine) = start_sync(&inbox);
    polls(&engine, 2).await;
    let status = *engine.status().borrow();
    assert_eq!(status.successful, status.polls, "every poll succeeded");
    // The first message of a conversation that had none is news.
    common::control(&sb.base_url())
        .inbound(&Inbound::new("Hello, anyone?").in_conversation(&empty.id))
        .await
        .unwrap();
    let all = announced_within(&events, &engine, 20, |all| !all.is_empty()).await;
    assert_eq!(all[0].conversation_id, empty.id);
}

#[tokio::test]
async fn in_creation_order_a_customer_writing_on_a_later_page_is_announced_once() {
    let sb = sandbox(Config {
        conversations: 260,
        ..least_convenient()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client(&sb, sb.key()), dir.path()).unwrap();
    let (events, engine) = start_sync(&inbox);
    polls(&engine, 2).await;
    assert!(announced(&events).is_empty(), "the first sync is silent");

    // The oldest-created conversation of the first workspace sits on its last page, and a new
    // message does not move it in this order.
    let workspace = workspaces(&sb).await[0]["id"].as_str().unwrap().to_owned();
    let mut cursor = None;
    let mut pages = 0;
    let oldest = loop {
        pages += 1;
        assert!(pages <= 100, "the list does not end");
        let page = inbox
            .conversations(&ConversationQuery {
                workspace_id: Some(workspace.clone()),
                limit: Some(100),
                cursor: cursor.take(),
                ..ConversationQuery::default()
            })
            .await
            .unwrap();
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break page.data.last().unwrap().conversation.id.clone(),
        }
    };
    common::control(&sb.base_url())
        .inbound(&Inbound::new("Still waiting for my refund").in_conversation(&oldest))
        .await
        .unwrap();
    // Three workspaces of about 90 conversations: one poll sweeps two later pages each.
    announced_within(&events, &engine, 10, |all| !all.is_empty()).await;
    polls(&engine, 4).await;
    let all = announced(&events);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].conversation_id, oldest);
    assert_eq!(all[0].messages, ["Still waiting for my refund"]);
}

#[tokio::test]
async fn what_customers_write_right_after_the_first_sync_is_announced() {
    let sb = sandbox(least_convenient()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client(&sb, sb.key()), dir.path()).unwrap();
    let (events, engine) = start_sync(&inbox);
    // The app shows the inbox once the first sync is done; six customers write at once.
    polls(&engine, 1).await;
    for n in 0..6 {
        common::control(&sb.base_url())
            .inbound(&Inbound::new(format!("customer {n} here")).from_contact(format!("C{n}")))
            .await
            .unwrap();
    }
    announced_within(&events, &engine, 20, |all| all.len() >= 6).await;
    polls(&engine, 2).await;
    assert_eq!(announced(&events).len(), 6);
    let changed = events
        .lock()
        .unwrap()
        .iter()
        .any(|e| matches!(e, SyncEvent::Changed(c) if !c.conversation_ids.is_empty()));
    assert!(changed, "the first sync tells the window to list again");
}

#[tokio::test]
async fn the_same_words_twice_in_one_second_are_announced_twice() {
    let sb = sandbox(Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client(&sb, sb.key()), dir.path()).unwrap();
    let (events, engine) = start_sync(&inbox);
    polls(&engine, 2).await;
    let first = common::control(&sb.base_url())
        .inbound(&Inbound::new("ok"))
        .await
        .unwrap();
    announced_within(&events, &engine, 20, |all| all.len() == 1).await;
    common::control(&sb.base_url())
        .inbound(&Inbound::new("ok").in_conversation(&first.conversation_id))
        .await
        .unwrap();
    announced_within(&events, &engine, 20, |all| all.len() == 2).await;
    polls(&engine, 3).await;
    assert_eq!(announced(&events).len(), 2);
}

#[tokio::test]
async fn the_ai_and_a_person_are_told_apart_by_the_brands_ai_sender_name() {
    let sb = sandbox(least_convenient()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client(&sb, sb.key()), dir.path()).unwrap();
    let page = inbox
        .conversations(&ConversationQuery::default())
        .await
        .unwrap();
    let mut authors = std::collections::HashSet::new();
    for view in page.data.iter().take(20) {
        for message in inbox.messages(&view.conversation.id).await.unwrap() {
            authors.insert(message.author);
        }
    }
    assert!(authors.contains(&Author::Ai), "{authors:?}");
    assert!(authors.contains(&Author::Customer), "{authors:?}");

    let id = &page.data[0].conversation.id;
    assert_eq!(
        inbox.send_reply(id, "A person writes").await.unwrap(),
        ReplyOutcome::Sent
    );
    let thread = inbox.messages(id).await.unwrap();
    let mine = thread.iter().find(|m| m.body == "A person writes").unwrap();
    assert_eq!(mine.author, Author::Team, "a person is not the AI");
}

#[tokio::test]
async fn a_reply_whose_answer_was_lost_is_found_once_delivery_catches_up_and_sent_once() {
    let sb = sandbox(Config {
        reply_delay: Some(Duration::from_secs(2)),
        ..least_convenient()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client(&sb, sb.key()), dir.path()).unwrap();
    let id = first_conversation(&inbox).await;
    let drop_answer = FaultSpec {
        drop_answer: true,
        ..FaultSpec::default()
    };
    fail_next_reply(&sb, &id, drop_answer).await;

    let outcome = inbox.send_reply(&id, "On its way").await.unwrap();
    let ReplyOutcome::Unknown { sent_at } = outcome else {
        panic!("the answer was lost: {outcome:?}");
    };
    // Not in the thread yet, and that says nothing: keep looking.
    assert!(!inbox
        .messages(&id)
        .await
        .unwrap()
        .iter()
        .any(|m| m.body == "On its way"));
    let confirmed = inbox
        .confirm_reply(&id, "On its way", sent_at, Duration::from_secs(20))
        .await;
    assert_eq!(confirmed, ReplyOutcome::Sent);
    assert_eq!(
        common::control(&sb.base_url())
            .replies()
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn a_reply_never_seen_in_the_thread_is_reported_as_not_seen_not_as_safe() {
    let sb = sandbox(Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client(&sb, sb.key()), dir.path()).unwrap();
    let id = first_conversation(&inbox).await;
    let drop = FaultSpec {
        drop: true,
        ..FaultSpec::default()
    };
    fail_next_reply(&sb, &id, drop).await;
    let ReplyOutcome::Unknown { sent_at } = inbox.send_reply(&id, "Lost").await.unwrap() else {
        panic!("the connection dropped");
    };
    let outcome = inbox
        .confirm_reply(&id, "Lost", sent_at, Duration::from_secs(4))
        .await;
    assert_eq!(outcome, ReplyOutcome::NotSeen);
    assert!(common::control(&sb.base_url())
        .replies()
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn a_server_that_repeats_its_cursor_is_not_followed_forever() {
    let sb = sandbox(Config {
        conversations: 260,
        ..least_convenient()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client(&sb, sb.key()), dir.path()).unwrap();
    let (_events, engine) = start_sync(&inbox);
    polls(&engine, 1).await;
    common::control(&sb.base_url())
        .add_fault(&FaultSpec {
            count: 50,
            path_prefix: Some("/api/conversations".to_string()),
            echo_cursor: true,
            ..FaultSpec::default()
        })
        .await
        .unwrap();
    // Every sweep page now points at itself; the engine must still finish its polls.
    polls(&engine, 5).await;

    let workspace = workspaces(&sb).await[0]["id"].as_str().unwrap().to_owned();
    let query = ConversationQuery {
        workspace_id: Some(workspace),
        ..ConversationQuery::default()
    };
    let first = inbox.conversations(&query).await.unwrap();
    let second = inbox
        .conversations(&ConversationQuery {
            cursor: first.next_cursor.clone(),
            ..query.clone()
        })
        .await
        .unwrap();
    assert_eq!(second.next_cursor, None, "a repeated cursor ends the list");
}

#[tokio::test]
async fn a_key_revoked_while_running_stops_the_engine_with_the_reason() {
    let sb = sandbox(Config::default()).await;
    let key = common::control(&sb.base_url())
        .create_key(&KeySpec::with_scopes(&[
            "conversations:read",
            "conversations:write",
        ]))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client(&sb, &key), dir.path()).unwrap();
    let (events, engine) = start_sync(&inbox);
    polls(&engine, 1).await;
    common::control(&sb.base_url()).revoke(&key).await.unwrap();
    let mut status = engine.status();
    let stopped = tokio::time::timeout(
        Duration::from_secs(30),
        status.wait_for(|_| {
            events
                .lock()
                .unwrap()
                .iter()
                .any(|e| matches!(e, SyncEvent::KeyRejected { .. }))
        }),
    )
    .await;
    assert!(stopped.is_ok(), "{:?}", events.lock().unwrap());
    let offline = events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, SyncEvent::Offline { .. }))
        .count();
    assert_eq!(offline, 0, "a revoked key is not an outage");
}

#[tokio::test]
async fn a_503_with_a_huge_retry_after_is_capped_not_a_crash() {
    let sb = sandbox(Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(client(&sb, sb.key()), dir.path()).unwrap();
    common::control(&sb.base_url())
        .add_fault(&FaultSpec {
            count: 1,
            path_prefix: Some("/api/conversations".to_string()),
            status: Some(503),
            retry_after: Some(u64::MAX / 2),
            ..FaultSpec::default()
        })
        .await
        .unwrap();
    let error = inbox
        .conversations(&ConversationQuery::default())
        .await
        .unwrap_err();
    assert_eq!(error.retry_after(), Some(ohallo_core::MAX_RETRY_AFTER));
}

#[tokio::test]
async fn the_customer_panel_works_with_a_workspace_key_and_with_the_full_key_when_workspace_is_required(
) {
    let sb = sandbox(least_convenient()).await;
    let control = common::control(&sb.base_url());
    let first = control
        .inbound(&Inbound::new("Where is my order?").from_contact("Ana Ruiz"))
        .await
        .unwrap()
        .conversation_id;
    let second = control
        .inbound(&Inbound::new("And my invoice?").as_contact_of(&first))
        .await
        .unwrap()
        .conversation_id;
    let full = Inbox::open(client(&sb, sb.key()), tempfile::tempdir().unwrap().path()).unwrap();
    let customer = full.customer(&first, None).await.unwrap();
    assert_eq!(
        customer.contact.and_then(|c| c.name).as_deref(),
        Some("Ana Ruiz")
    );
    let others: Vec<&str> = customer
        .others
        .iter()
        .map(|v| v.conversation.id.as_str())
        .collect();
    assert_eq!(others, [second.as_str()]);

    // The Quickstart's key: its own workspace only, and no contacts:read.
    let workspace = full
        .conversations(&ConversationQuery::default())
        .await
        .unwrap()
        .data
        .into_iter()
        .find(|v| v.conversation.id == first)
        .map(|v| v.conversation.workspace_id)
        .unwrap();
    let key = quickstart_key(&sb, &workspace).await;
    let limited = Inbox::open(client(&sb, &key), tempfile::tempdir().unwrap().path()).unwrap();
    let customer = limited.customer(&first, None).await.unwrap();
    assert!(customer.contact.is_none());
    assert!(customer.problem.unwrap().contains("contacts:read"));
    assert_eq!(customer.others.len(), 1);
}
