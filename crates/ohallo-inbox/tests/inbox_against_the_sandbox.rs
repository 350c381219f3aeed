//! The inbox core against the sandbox over real HTTP.

mod common;

use common::Events;

use std::time::Duration;

use ohallo_core::{ApiError, ApiKey, Client, ConversationQuery};
use ohallo_core::{ClientOptions, RetryPolicy};
use ohallo_inbox::{Announcement, Inbox, ReplyOutcome, SyncEngine, SyncEvent, SyncSettings};
use ohallo_sandbox::control_api::{Attention, FaultSpec, Inbound, KeySpec};
use ohallo_sandbox::{Config, ConversationDetail, Sandbox};

async fn sandbox(config: Config) -> Sandbox {
    Sandbox::start("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap()
}

fn client_for(sandbox: &Sandbox, key: &str) -> Client {
    Client::new(&sandbox.base_url(), ApiKey::parse(key).unwrap()).unwrap()
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
async fn a_key_without_write_scope_is_recognised_before_any_send() {
    let sb = sandbox(Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let read_only = common::control(&sb.base_url())
        .create_key(&KeySpec::with_scopes(&["conversations:read"]))
        .await
        .unwrap();
    let inbox = Inbox::open(client_for(&sb, &read_only), dir.path()).unwrap();
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
    let replies = common::control(&sb.base_url()).replies().await.unwrap();
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
    common::control(&sb.base_url())
        .add_fault(&FaultSpec {
            count: 1,
            path_prefix: Some(format!("/api/conversations/{id}/reply").to_string()),
            drop: true,
            ..FaultSpec::default()
        })
        .await
        .unwrap();

    let outcome = inbox.send_reply(&id, "Are you there?").await.unwrap();
    let ReplyOutcome::Unknown { .. } = outcome else {
        panic!("expected an unknown outcome, got {outcome:?}");
    };
    let replies = common::control(&sb.base_url()).replies().await.unwrap();
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

/// Attention items are read on every sixth poll, the first included.
const ATTENTION_ROUND: u64 = 7;

/// A client that does not retry, so each fault is one failed poll.
fn plain_client(sandbox: &Sandbox) -> Client {
    let options = ClientOptions {
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    Client::with_options(
        &sandbox.base_url(),
        ApiKey::parse(sandbox.key()).unwrap(),
        options,
    )
    .unwrap()
}

fn start_sync(inbox: &Inbox) -> (Events, SyncEngine) {
    let settings = SyncSettings {
        interval: Duration::from_millis(100),
        ..SyncSettings::default()
    };
    let (engine, stream) = inbox.start_sync(settings).unwrap();
    (Events::new(stream), engine)
}

fn announced(events: &Events) -> Vec<Announcement> {
    announcements_in(&events.lock().unwrap())
}

fn announcements_in(events: &[SyncEvent]) -> Vec<Announcement> {
    events
        .iter()
        .filter_map(|e| match e {
            SyncEvent::Announce(batch) => Some(batch.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

async fn wait_for(events: &Events, test: impl Fn(&[SyncEvent]) -> bool) {
    for _ in 0..200 {
        if test(&events.lock().unwrap()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("events never matched: {:?}", events.lock().unwrap());
}

async fn wait_for_announcements(events: &Events, count: usize) {
    wait_for(events, |all| announcements_in(all).len() >= count).await;
}

/// Waits for `count` more polls of `engine` to finish: "nothing was announced" is only proof
/// once polls after the action have run.
async fn polls(engine: &SyncEngine, count: u64) {
    assert!(
        engine.wait_for_polls(count, Duration::from_secs(30)).await,
        "the engine did not finish {count} polls within 30 s"
    );
}

async fn first_sync_done(events: &Events, engine: &SyncEngine) {
    polls(engine, 2).await;
    assert!(announced(events).is_empty(), "the first sync is silent");
}

/// The sandbox, an inbox over it (its state in the temporary directory) and its sync engine,
/// past the first sync.
async fn syncing() -> (Sandbox, tempfile::TempDir, Inbox, Events, SyncEngine) {
    let sb = sandbox(Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(plain_client(&sb), dir.path()).unwrap();
    let (events, engine) = start_sync(&inbox);
    first_sync_done(&events, &engine).await;
    (sb, dir, inbox, events, engine)
}

#[tokio::test]
async fn a_customer_message_is_announced_once_and_marks_its_conversation_unread() {
    let (sb, _dir, inbox, events, engine) = syncing().await;

    let written = common::control(&sb.base_url())
        .inbound(&Inbound::new("Where is my parcel?").from_contact("Nina"))
        .await
        .unwrap();
    let id = written.conversation_id.as_str();
    wait_for_announcements(&events, 1).await;
    polls(&engine, 2).await;

    let all = announced(&events);
    assert_eq!(all.len(), 1, "exactly one announcement: {all:?}");
    assert_eq!(all[0].conversation_id, id);
    assert_eq!(all[0].contact, "Nina");
    assert_eq!(all[0].messages, ["Where is my parcel?"]);
    assert!(events.lock().unwrap().iter().any(
        |e| matches!(e, SyncEvent::Changed(c) if c.conversation_ids.contains(&id.to_string()))
    ));

    let page = inbox.conversations(&first_page()).await.unwrap();
    let view = page.data.iter().find(|v| v.conversation.id == id).unwrap();
    assert!(view.unread);
    assert_eq!(inbox.unread_count(), 1);
    inbox.mark_read(id).unwrap();
    assert_eq!(inbox.unread_count(), 0);
}

#[tokio::test]
async fn nothing_is_announced_twice_across_restarts_and_what_came_while_closed_is_announced_once() {
    let (sb, dir, inbox, events, engine) = syncing().await;
    common::control(&sb.base_url())
        .inbound(&Inbound::new("first"))
        .await
        .unwrap();
    wait_for_announcements(&events, 1).await;
    drop(engine);
    drop(inbox);

    // Written while the app is not running.
    common::control(&sb.base_url())
        .inbound(&Inbound::new("while you were away"))
        .await
        .unwrap();

    let inbox = Inbox::open(plain_client(&sb), dir.path()).unwrap();
    let (events, engine) = start_sync(&inbox);
    wait_for_announcements(&events, 1).await;
    polls(&engine, 2).await;
    let all = announced(&events);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].messages, ["while you were away"]);
    drop(engine);

    let (events, engine) = start_sync(&inbox);
    polls(&engine, 2).await;
    assert!(
        announced(&events).is_empty(),
        "a third start repeats nothing"
    );
}

/// An agent's day is many messages in the same conversations: what the engine keeps of them must
/// stop growing once a thread is longer than what it remembers, however long the day.
#[tokio::test]
async fn the_sync_state_stops_growing_with_the_messages_of_a_conversation() {
    let (sb, dir, _inbox, events, _engine) = syncing().await;
    let control = common::control(&sb.base_url());
    let opened = control.inbound(&Inbound::new("message 10")).await.unwrap();
    let state_size = || {
        std::fs::metadata(dir.path().join("sync-state.json"))
            .unwrap()
            .len()
    };
    let mut sizes = Vec::new();
    // Same-length bodies keep the stored preview the same length.
    for n in 11..=50 {
        wait_for_announcements(&events, n - 10).await;
        // The announcement follows the save: the file holds this message's read.
        sizes.push(state_size());
        let message = Inbound::new(format!("message {n}")).in_conversation(&opened.conversation_id);
        control.inbound(&message).await.unwrap();
    }
    wait_for_announcements(&events, 41).await;
    sizes.push(state_size());
    assert_eq!(announced(&events).len(), 41, "each message announced once");
    // Past the first twenty the thread is longer than the remembered ids: the size holds but for
    // a timestamp's digits and a recheck flag (tens of bytes), where an id a message would add
    // some 800 over these twenty.
    let settled = &sizes[20..];
    let spread = settled.iter().max().unwrap() - settled.iter().min().unwrap();
    assert!(spread < 100, "the state grew with the thread: {sizes:?}");
}

/// The state file is written whole, with two fsyncs: an idle engine, polling every few
/// seconds, must not write it at each poll.
#[cfg(unix)]
#[tokio::test]
async fn polls_that_bring_nothing_write_nothing_and_news_is_written() {
    use std::os::unix::fs::MetadataExt;
    let (sb, dir, _inbox, events, engine) = syncing().await;
    // Each write is a new file renamed over the old one: a new inode.
    let inode = || {
        std::fs::metadata(dir.path().join("sync-state.json"))
            .unwrap()
            .ino()
    };
    let before = inode();
    polls(&engine, 3).await;
    assert_eq!(inode(), before, "three idle polls wrote the state");
    common::control(&sb.base_url())
        .inbound(&Inbound::new("Anyone there?"))
        .await
        .unwrap();
    wait_for_announcements(&events, 1).await;
    assert_ne!(
        inode(),
        before,
        "the news was announced before it was saved"
    );
}

#[tokio::test]
async fn the_ai_speaking_on_a_voice_call_announces_nothing_but_the_caller_does() {
    let (sb, _dir, _inbox, events, engine) = syncing().await;

    let call = common::control(&sb.base_url())
        .inbound(
            &Inbound::new("Hello, I need help")
                .on_channel("voice")
                .spoken_by("caller"),
        )
        .await
        .unwrap();
    wait_for_announcements(&events, 1).await;
    common::control(&sb.base_url())
        .inbound(
            &Inbound::new("Sure, how can I help?")
                .in_conversation(&call.conversation_id)
                .spoken_by("ai"),
        )
        .await
        .unwrap();
    wait_for(&events, |all| {
        all.iter()
            .filter(|e| matches!(e, SyncEvent::Changed(_)))
            .count()
            >= 2
    })
    .await;
    polls(&engine, 2).await;
    let all = announced(&events);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].messages, ["Hello, I need help"]);
    assert_eq!(all[0].channel.as_deref(), Some("voice"));
}

#[tokio::test]
async fn failures_between_polls_lose_and_duplicate_nothing_and_are_reported_once() {
    let (sb, _dir, _inbox, events, engine) = syncing().await;

    let control = common::control(&sb.base_url());
    control
        .inbound(&Inbound::new("during the outage"))
        .await
        .unwrap();
    let outage = [
        FaultSpec {
            count: 2,
            status: Some(503),
            ..FaultSpec::default()
        },
        FaultSpec {
            count: 1,
            malformed: true,
            ..FaultSpec::default()
        },
        FaultSpec {
            count: 1,
            drop: true,
            ..FaultSpec::default()
        },
    ];
    for fault in outage {
        control
            .add_fault(&fault.under("/api/conversations"))
            .await
            .unwrap();
    }
    wait_for(&events, |all| all.contains(&SyncEvent::Online)).await;
    wait_for_announcements(&events, 1).await;
    polls(&engine, 2).await;

    let all = announced(&events);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].messages, ["during the outage"]);
    let offline = events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, SyncEvent::Offline { .. }))
        .count();
    assert_eq!(offline, 1, "one outage is reported once");
}

#[tokio::test]
async fn a_burst_larger_than_a_page_is_announced_in_full() {
    let (sb, _dir, inbox, _events, engine) = syncing().await;
    drop(engine);
    for n in 0..120 {
        common::control(&sb.base_url())
            .inbound(&Inbound::new(format!("burst {n}")))
            .await
            .unwrap();
    }
    let (events, engine) = start_sync(&inbox);
    wait_for_announcements(&events, 120).await;
    polls(&engine, 2).await;
    let all = announced(&events);
    let distinct: std::collections::HashSet<_> =
        all.iter().map(|a| a.conversation_id.clone()).collect();
    assert_eq!(all.len(), 120);
    assert_eq!(distinct.len(), 120);
}

#[tokio::test]
async fn a_new_attention_item_is_announced_once_and_old_ones_never() {
    let (sb, _dir, inbox, events, engine) = syncing().await;
    // Attention items are read every few polls; let one such round pass.
    polls(&engine, ATTENTION_ROUND).await;
    assert!(
        announced(&events).is_empty(),
        "the demo data's open items are history"
    );

    let written = common::control(&sb.base_url())
        .inbound(&Inbound::new("Manager please"))
        .await
        .unwrap();
    let id = written.conversation_id.as_str();
    common::control(&sb.base_url())
        .raise_attention(&Attention {
            conversation_id: id.to_string(),
            reason: Some("Asked for a manager".to_string()),
        })
        .await
        .unwrap();
    wait_for(&events, |all| {
        announcements_in(all).iter().any(|a| a.attention.is_some())
    })
    .await;
    drop(engine);

    let (events_after_restart, engine) = start_sync(&inbox);
    polls(&engine, ATTENTION_ROUND).await;
    let attention: Vec<Announcement> = announced(&events)
        .into_iter()
        .chain(announced(&events_after_restart))
        .filter(|a| a.attention.is_some())
        .collect();
    assert_eq!(attention.len(), 1, "{attention:?}");
    assert_eq!(attention[0].conversation_id, id);
    assert_eq!(
        attention[0].attention.as_deref(),
        Some("Asked for a manager")
    );
}

fn attention_summaries(events: &Events) -> Vec<ohallo_inbox::AttentionSummary> {
    events
        .lock()
        .unwrap()
        .iter()
        .filter_map(|event| match event {
            SyncEvent::Attention(summary) => Some(summary.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn an_attention_item_marked_handled_leaves_the_queue_at_once_and_stays_handled() {
    let sb = sandbox(Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(plain_client(&sb), dir.path()).unwrap();
    let written = common::control(&sb.base_url())
        .inbound(&Inbound::new("A person, please"))
        .await
        .unwrap();
    let id = written.conversation_id.clone();
    let item = common::control(&sb.base_url())
        .raise_attention(&Attention {
            conversation_id: id.clone(),
            reason: Some("Asked for a person".to_string()),
        })
        .await
        .unwrap();
    let (events, engine) = start_sync(&inbox);
    first_sync_done(&events, &engine).await;
    // The first read of the items is published whole, whatever it holds.
    wait_for(&events, |all| {
        all.iter().any(|e| matches!(e, SyncEvent::Attention(_)))
    })
    .await;
    let first = attention_summaries(&events).pop().unwrap();
    assert!(first.conversation_ids.contains(&id), "{first:?}");

    let open = inbox.attention(&id).await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].id, item);
    assert_eq!(open[0].reason.as_deref(), Some("Asked for a person"));

    inbox.resolve_attention(&item).await.unwrap();
    assert!(inbox.attention(&id).await.unwrap().is_empty());
    // Handled twice (another agent, a double click): still fine, the item stays handled.
    inbox.resolve_attention(&item).await.unwrap();

    // Without waiting for the engine's own attention round: the next poll to start reads them
    // (two, in case one was already under way when asked).
    engine.refresh_attention();
    polls(&engine, 2).await;
    let last = attention_summaries(&events).pop().unwrap();
    assert!(!last.conversation_ids.contains(&id), "{last:?}");
    assert_eq!(last.open, first.open - 1);
}

#[tokio::test]
async fn approving_a_held_action_answers_once_and_nothing_held_is_not_found() {
    let sb = sandbox(Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(plain_client(&sb), dir.path()).unwrap();
    let id = common::control(&sb.base_url())
        .inbound(&Inbound::new("Refund me"))
        .await
        .unwrap()
        .conversation_id;
    assert!(matches!(
        inbox.approve(&id).await,
        Err(ApiError::NotFound { .. })
    ));
    common::control(&sb.base_url())
        .hold_for_approval(&ohallo_sandbox::control_api::Approval {
            conversation_id: id.clone(),
            action: "Refund order #4521".into(),
        })
        .await
        .unwrap();
    inbox.approve(&id).await.unwrap();
}

#[tokio::test]
async fn a_customer_is_shown_with_their_other_conversations_and_without_contacts_read_says_why() {
    for detail in [ConversationDetail::IdsOnly, ConversationDetail::Enriched] {
        customer_with_their_other_conversations(detail).await;
    }
}

async fn customer_with_their_other_conversations(detail: ConversationDetail) {
    let sb = sandbox(Config {
        conversation_detail: detail,
        ..Config::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(plain_client(&sb), dir.path()).unwrap();
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
    let listed = inbox.conversations(&first_page()).await.unwrap();
    let view = listed
        .data
        .iter()
        .find(|v| v.conversation.id == first)
        .unwrap();
    let contact_id = view.conversation.contact_id.as_deref();

    let customer = inbox.customer(&first, contact_id).await.unwrap();
    assert_eq!(
        customer.contact.as_ref().and_then(|c| c.name.as_deref()),
        Some("Ana Ruiz")
    );
    assert_eq!(customer.problem, None);
    let others: Vec<&str> = customer
        .others
        .iter()
        .map(|v| v.conversation.id.as_str())
        .collect();
    assert_eq!(
        others,
        [second.as_str()],
        "the open one is not among the others"
    );

    // Neither the server (it knows no such conversation) nor the list names a contact.
    let none = inbox.customer("conv_gone", None).await.unwrap();
    assert!(none.contact.is_none() && none.others.is_empty());
    assert!(none.problem.unwrap().contains("No contact"));

    let reader = control
        .create_key(&KeySpec::with_scopes(&["conversations:read"]))
        .await
        .unwrap();
    let restricted = Inbox::open(
        client_for(&sb, &reader),
        tempfile::tempdir().unwrap().path(),
    )
    .unwrap();
    let limited = restricted.customer(&first, contact_id).await.unwrap();
    assert!(limited.contact.is_none());
    assert!(limited.problem.unwrap().contains("contacts:read"));
    assert_eq!(
        limited.others.len(),
        1,
        "the other conversations are still listed"
    );
}

#[tokio::test]
async fn the_company_comes_from_the_conversation_even_when_the_contact_record_lags_it() {
    let sb = sandbox(Config {
        conversation_detail: ConversationDetail::Enriched,
        nulls: true,
        ..Config::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(plain_client(&sb), dir.path()).unwrap();
    let listed = inbox.conversations(&first_page()).await.unwrap();
    let mut lagging = 0;
    for view in listed
        .data
        .iter()
        .filter(|v| v.conversation.account_name.is_some())
    {
        let conversation = &view.conversation;
        let customer = inbox
            .customer(&conversation.id, conversation.contact_id.as_deref())
            .await
            .unwrap();
        let Some(contact) = customer.contact else {
            continue;
        };
        let account = customer
            .account
            .expect("the conversation names its account");
        assert_eq!(account.name, conversation.account_name);
        if contact.account_id.is_none() {
            lagging += 1;
        }
    }
    assert!(
        lagging > 0,
        "no contact record lagged its conversation's account"
    );
}

#[tokio::test]
async fn a_detail_that_cannot_be_read_falls_back_to_the_listed_contact() {
    let sb = sandbox(Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(plain_client(&sb), dir.path()).unwrap();
    let control = common::control(&sb.base_url());
    let id = control
        .inbound(&Inbound::new("Hello").from_contact("Nora Fallback"))
        .await
        .unwrap()
        .conversation_id;
    let listed = inbox.conversations(&first_page()).await.unwrap();
    let contact_id = listed
        .data
        .iter()
        .find(|v| v.conversation.id == id)
        .and_then(|v| v.conversation.contact_id.clone());
    for fault in [
        FaultSpec {
            count: 1,
            path_prefix: Some(format!("/api/conversations/{id}")),
            status: Some(404),
            ..FaultSpec::default()
        },
        FaultSpec {
            count: 1,
            path_prefix: Some(format!("/api/conversations/{id}")),
            malformed: true,
            ..FaultSpec::default()
        },
    ] {
        control.add_fault(&fault).await.unwrap();
        let customer = inbox.customer(&id, contact_id.as_deref()).await.unwrap();
        assert_eq!(
            customer.contact.and_then(|c| c.name).as_deref(),
            Some("Nora Fallback"),
            "{fault:?}"
        );
    }
}

#[tokio::test]
async fn a_new_conversation_goes_out_on_a_channel_the_app_has_seen_and_a_bad_one_never_leaves() {
    let sb = sandbox(Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(plain_client(&sb), dir.path()).unwrap();
    let listed = inbox.conversations(&first_page()).await.unwrap();
    let email = listed
        .data
        .iter()
        .find(|v| v.channel_type == Some(ohallo_core::ChannelType::Email))
        .expect("an email conversation on the first page");
    let workspace = email.conversation.workspace_id.clone();
    let channels = inbox.known_channels(&workspace);
    assert!(channels
        .iter()
        .any(|c| c.id == email.conversation.channel_id));
    assert!(channels.iter().all(|c| c.workspace_id == workspace));

    let mut draft = ohallo_core::NewConversation {
        workspace_id: workspace,
        channel_id: email.conversation.channel_id.clone(),
        contact_email: Some("lena@example.org".into()),
        content: "Your warranty was extended.".into(),
        ..ohallo_core::NewConversation::default()
    };
    let before = common::control(&sb.base_url())
        .traffic()
        .await
        .unwrap()
        .requests;
    assert!(matches!(
        inbox.compose(&draft).await,
        Err(ApiError::InvalidInput(why)) if why.contains("subject")
    ));
    let after = common::control(&sb.base_url())
        .traffic()
        .await
        .unwrap()
        .requests;
    assert_eq!(after, before, "nothing reached the server");
    draft.subject = Some("Your warranty".into());
    inbox.compose(&draft).await.unwrap();
    let query = ConversationQuery {
        q: Some("lena@example.org".into()),
        ..first_page()
    };
    let found = inbox.conversations(&query).await.unwrap();
    assert_eq!(found.data.len(), 1);
}

/// The figure: the state file once the engine has read 10,000 conversations, each new
/// since it started (a conversation it has only listed, never read, leaves nothing behind), in a
/// list order that makes it sweep every page.
#[tokio::test]
async fn the_sync_state_of_10000_conversations_read_stays_within_300_bytes_each() {
    const CONVERSATIONS: usize = 10_000;
    let sb = sandbox(Config {
        conversations: 0,
        list_order: ohallo_sandbox::ListOrder::Created,
        ..Config::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(plain_client(&sb), dir.path()).unwrap();
    let (events, engine) = start_sync(&inbox);
    first_sync_done(&events, &engine).await;
    let control = common::control(&sb.base_url());
    for n in 0..CONVERSATIONS {
        let body = format!("Hello, this is customer {n}: order ORD-{n} has not arrived yet, could you check where it is?");
        let message = Inbound::new(body).from_contact(format!("Customer {n}"));
        control.inbound(&message).await.unwrap();
    }
    let state_file = dir.path().join("sync-state.json");
    let known = || {
        let text = std::fs::read_to_string(&state_file).unwrap_or_default();
        let state: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        state["conversations"].as_object().map_or(0, |c| c.len())
    };
    // A poll reads the first page and two more of the sweep: 34 polls list them all.
    for _ in 0..20 {
        if known() == CONVERSATIONS {
            break;
        }
        polls(&engine, 5).await;
    }
    assert_eq!(known(), CONVERSATIONS, "every conversation read");
    let size = std::fs::metadata(&state_file).unwrap().len();
    eprintln!("sync state at {CONVERSATIONS} conversations: {size} bytes");
    // An id, a time, a preview of at most 160 characters and the thread's newest ids (here
    // one): per conversation, whatever the uptime.
    assert!(
        size < 300 * CONVERSATIONS as u64,
        "{size} bytes for {CONVERSATIONS} conversations"
    );
}
