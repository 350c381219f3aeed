//! The background sync engine. oHallo has no push, no `since` filter and no ETag, so it polls the
//! first page of conversations, reads only the threads whose last message moved, and announces
//! each customer message exactly once.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use ohallo_core::{ApiError, AttentionStatus, Client, Conversation, ConversationQuery, Message};
use serde::Serialize;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::directory::Directory;
use crate::read_marks::ReadMarks;
use crate::sync_state::{Seen, SyncState, SyncStore};
use crate::{InboxError, LocalError};

/// The most a failing server is left alone between polls: long enough to spare it, short
/// enough that a message after an outage is not hours late.
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// Backoff doubles at most this many times (32 intervals).
const MAX_DOUBLINGS: u32 = 5;
/// Attention items are a second listing; reading them every few polls keeps idle traffic low.
const ATTENTION_EVERY: u32 = 6;
/// Bounds the walk through later pages (a burst of changes, or a list not newest-first).
const MAX_PAGES: usize = 40;
const PAGE_SIZE: u32 = 100;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InboxChange {
    /// Conversations that are new or whose last message moved since the previous poll.
    pub conversation_ids: Vec<String>,
}

/// Something for the user to hear about: new customer messages in one conversation, or a
/// conversation where a human is needed.
#[derive(Debug, Clone, PartialEq)]
pub struct Announcement {
    pub conversation_id: String,
    pub contact: String,
    pub channel: Option<String>,
    /// The customer's messages, oldest first; empty for an attention item.
    pub messages: Vec<String>,
    /// Why a human is needed, for an attention item.
    pub attention: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SyncEvent {
    Changed(InboxChange),
    Announce(Vec<Announcement>),
    Online,
    Offline { reason: String },
}

/// Runs the engine on a task of its own until dropped.
pub struct SyncEngine {
    wake: Arc<Notify>,
    task: JoinHandle<()>,
}

pub struct SyncSettings {
    pub interval: Duration,
}

impl SyncEngine {
    pub fn spawn(
        client: Client,
        directory: Arc<Directory>,
        read_marks: Arc<ReadMarks>,
        state_dir: &Path,
        settings: SyncSettings,
        on_event: impl Fn(SyncEvent) + Send + Sync + 'static,
    ) -> Result<SyncEngine, LocalError> {
        let store = SyncStore::new(state_dir);
        let state = store.load()?;
        let syncer = Syncer {
            contacts: HashMap::new(),
            client,
            directory,
            read_marks,
            store,
            state,
        };
        let wake = Arc::new(Notify::new());
        let task = tokio::spawn(run(syncer, settings.interval, wake.clone(), on_event));
        Ok(SyncEngine { wake, task })
    }

    /// Polls at once: the window gained focus, or the network or the machine came back.
    pub fn poll_now(&self) {
        self.wake.notify_one();
    }
}

impl Drop for SyncEngine {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn run(
    mut syncer: Syncer,
    interval: Duration,
    wake: Arc<Notify>,
    on_event: impl Fn(SyncEvent) + Send + Sync + 'static,
) {
    let mut failures: u32 = 0;
    let mut polls: u32 = 0;
    loop {
        let with_attention = polls.is_multiple_of(ATTENTION_EVERY);
        polls = polls.wrapping_add(1);
        let outcome = syncer.sync_once(with_attention).await;
        for event in outcome.events {
            on_event(event);
        }
        let delay = match outcome.error {
            None => {
                if failures > 0 {
                    on_event(SyncEvent::Online);
                }
                failures = 0;
                interval
            }
            Some(error) => {
                if failures == 0 {
                    on_event(SyncEvent::Offline {
                        reason: error.user_message(),
                    });
                }
                failures = failures.saturating_add(1);
                backoff(interval, failures, &error)
            }
        };
        tokio::select! {
            () = tokio::time::sleep(delay) => {}
            () = wake.notified() => {}
        }
    }
}

struct Syncer {
    /// Contact names from the latest listing, to name conversations in attention notices.
    contacts: HashMap<String, String>,
    client: Client,
    directory: Arc<Directory>,
    read_marks: Arc<ReadMarks>,
    store: SyncStore,
    state: SyncState,
}

/// What one sync produced: events for what was learnt, even when it stopped part-way.
struct Outcome {
    events: Vec<SyncEvent>,
    error: Option<InboxError>,
}

impl Syncer {
    async fn sync_once(&mut self, with_attention: bool) -> Outcome {
        let mut announcements = Vec::new();
        let mut changed = Vec::new();
        let mut error = self
            .sync_conversations(&mut announcements, &mut changed)
            .await
            .err();
        if error.is_none() && with_attention {
            error = self.sync_attention(&mut announcements).await.err();
        }
        // Saved before anything is announced: a crash between the two can lose a notification
        // but never repeat one.
        if let Err(saving) = self.store.save(&self.state) {
            return Outcome {
                events: Vec::new(),
                error: Some(saving.into()),
            };
        }
        let mut events = Vec::new();
        if !changed.is_empty() {
            events.push(SyncEvent::Changed(InboxChange {
                conversation_ids: changed,
            }));
        }
        if !announcements.is_empty() {
            events.push(SyncEvent::Announce(announcements));
        }
        Outcome { events, error }
    }

    async fn sync_conversations(
        &mut self,
        announcements: &mut Vec<Announcement>,
        changed_ids: &mut Vec<String>,
    ) -> Result<(), InboxError> {
        let conversations = self.changed_pages().await?;
        for conversation in &conversations {
            self.contacts
                .insert(conversation.id.clone(), contact_of(conversation));
        }
        let Some(baseline) = self.state.baseline else {
            // The very first sync: everything already there is history, not news.
            let newest = conversations.iter().map(|c| c.last_message_at).max();
            for conversation in &conversations {
                self.state
                    .conversations
                    .insert(conversation.id.clone(), seen(conversation));
            }
            self.state.baseline = Some(newest.unwrap_or_else(Utc::now));
            return Ok(());
        };
        let mut customer_latest = Vec::new();
        let mut result = Ok(());
        let changed: Vec<&Conversation> = conversations
            .iter()
            .filter(|c| self.is_changed(c))
            .collect();
        for conversation in changed {
            changed_ids.push(conversation.id.clone());
            let thread = match self.client.messages(&conversation.id).await {
                Ok(thread) => thread,
                Err(ApiError::NotFound { .. }) => Vec::new(),
                Err(error) => {
                    // This conversation keeps its old mark and is read again next time.
                    result = Err(error.into());
                    break;
                }
            };
            let fresh = self.fresh_customer_messages(conversation, baseline, &thread);
            // Only news makes a conversation unread; older customer messages were there before.
            if let Some(latest) = fresh.iter().map(|m| m.sent_at).max() {
                customer_latest.push((conversation.id.clone(), latest));
            }
            for message in &fresh {
                self.state.remember_announced(&conversation.id, &message.id);
            }
            if !fresh.is_empty() {
                announcements.push(Announcement {
                    conversation_id: conversation.id.clone(),
                    contact: contact_of(conversation),
                    channel: self.channel_of(conversation, &fresh).await,
                    messages: fresh.iter().map(|m| m.body.clone()).collect(),
                    attention: None,
                });
            }
            let mut mark = seen(conversation);
            mark.last_id = thread.last().map(|m| m.id.clone());
            self.state
                .conversations
                .insert(conversation.id.clone(), mark);
        }
        self.read_marks.note_customer_messages(&customer_latest)?;
        result
    }

    fn is_changed(&self, conversation: &Conversation) -> bool {
        match self.state.conversations.get(&conversation.id) {
            // Timestamps may have whole seconds only: a new preview in the same second is news too.
            Some(seen) => {
                conversation.last_message_at > seen.last_message_at
                    || (conversation.last_message_at == seen.last_message_at
                        && conversation.last_message_preview != seen.preview)
            }
            None => self
                .state
                .baseline
                .is_some_and(|baseline| conversation.last_message_at >= baseline),
        }
    }

    fn fresh_customer_messages<'m>(
        &self,
        conversation: &Conversation,
        baseline: DateTime<Utc>,
        thread: &'m [Message],
    ) -> Vec<&'m Message> {
        let start = match self.state.conversations.get(&conversation.id) {
            Some(seen) => position_after(seen, thread),
            None => thread
                .iter()
                .position(|m| m.sent_at >= baseline)
                .unwrap_or(thread.len()),
        };
        thread[start..]
            .iter()
            .filter(|m| m.is_from_customer())
            .filter(|m| !self.state.was_announced(&conversation.id, &m.id))
            .collect()
    }

    async fn channel_of(&self, conversation: &Conversation, fresh: &[&Message]) -> Option<String> {
        if let Some(channel) = fresh.iter().rev().find_map(|m| m.channel.clone()) {
            return Some(channel);
        }
        self.directory
            .channel(&self.client, &conversation.channel_id)
            .await
            .map(|c| c.channel_type.as_str().to_string())
    }

    /// The first page, and later ones while they may still hold changes: when every row of a
    /// newest-first page changed, the next page may have changed too; when the order is not
    /// newest-first, only the whole list can tell.
    async fn changed_pages(&self) -> Result<Vec<Conversation>, ApiError> {
        let mut all = Vec::new();
        let mut cursor = None;
        for _ in 0..MAX_PAGES {
            let query = ConversationQuery {
                limit: Some(PAGE_SIZE),
                cursor: cursor.take(),
                ..ConversationQuery::default()
            };
            let page = self.client.list_conversations(&query).await?;
            let newest_first = page
                .data
                .windows(2)
                .all(|pair| pair[0].last_message_at >= pair[1].last_message_at);
            let all_changed = self.state.baseline.is_some()
                && !page.data.is_empty()
                && page.data.iter().all(|c| self.is_changed(c));
            all.extend(page.data);
            match page.next_cursor {
                Some(next) if !newest_first || all_changed => cursor = Some(next),
                _ => break,
            }
        }
        Ok(all)
    }

    async fn sync_attention(
        &mut self,
        announcements: &mut Vec<Announcement>,
    ) -> Result<(), InboxError> {
        let items = self.client.attention_items().await?;
        let open: Vec<_> = items
            .into_iter()
            .filter(|item| item.status == AttentionStatus::Open)
            .collect();
        let first_time = !self.state.attention_baseline_taken;
        for item in &open {
            if self.state.attention_announced.insert(item.id.clone()) && !first_time {
                announcements.push(Announcement {
                    conversation_id: item.conversation_id.clone(),
                    contact: self
                        .contacts
                        .get(&item.conversation_id)
                        .cloned()
                        .unwrap_or_default(),
                    channel: None,
                    messages: Vec::new(),
                    attention: Some(item.reason.clone().unwrap_or_else(|| item.kind.clone())),
                });
            }
        }
        // Items no longer open cannot come back under the same id worth remembering.
        let open_ids: HashSet<&String> = open.iter().map(|item| &item.id).collect();
        self.state
            .attention_announced
            .retain(|id| open_ids.contains(id));
        self.state.attention_baseline_taken = true;
        Ok(())
    }
}

fn seen(conversation: &Conversation) -> Seen {
    Seen {
        last_message_at: conversation.last_message_at,
        preview: conversation.last_message_preview.clone(),
        last_id: None,
    }
}

/// Where the news starts in a chronological thread. Timestamps may have whole seconds only, so
/// time alone cannot tell a message seen last time from one written in the same second after.
fn position_after(seen: &Seen, thread: &[Message]) -> usize {
    if let Some(index) = seen
        .last_id
        .as_ref()
        .and_then(|id| thread.iter().rposition(|m| &m.id == id))
    {
        return index + 1;
    }
    // Known from the list only: the mark's own message is the last of its second that the
    // preview shows.
    if let Some(index) = thread
        .iter()
        .rposition(|m| m.sent_at == seen.last_message_at && preview_shows(&seen.preview, &m.body))
    {
        return index + 1;
    }
    thread
        .iter()
        .position(|m| m.sent_at > seen.last_message_at)
        .unwrap_or(thread.len())
}

fn preview_shows(preview: &str, body: &str) -> bool {
    let shown = preview.trim_end_matches(['.', '…']).trim();
    let flat_body: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat_shown: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    flat_body.starts_with(&flat_shown)
}

pub(crate) fn contact_of(conversation: &Conversation) -> String {
    conversation
        .contact_name
        .clone()
        .filter(|name| !name.trim().is_empty())
        .or_else(|| conversation.contact_email.clone())
        .unwrap_or_else(|| "A customer".to_string())
}

/// Exponential backoff with jitter, never sooner than the server's `Retry-After`.
fn backoff(interval: Duration, failures: u32, error: &InboxError) -> Duration {
    let exponential = interval.saturating_mul(2u32.saturating_pow(failures.min(MAX_DOUBLINGS)));
    let jittered = exponential
        .min(MAX_BACKOFF)
        .mul_f64(0.5 + rand::random::<f64>() / 2.0);
    match error {
        InboxError::Api(ApiError::RateLimited {
            retry_after: Some(wait),
        }) => jittered.max(*wait),
        _ => jittered,
    }
}
