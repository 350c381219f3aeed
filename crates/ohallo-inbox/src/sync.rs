//! The background sync engine. oHallo has no push, no `since` filter and no ETag, so it polls the
//! list of conversations (one listing per workspace, as oHallo requires), reads only the threads
//! whose last message moved, and announces each customer message exactly once.
//!
//! The list's order is not promised. Where the server is seen to list by activity (a conversation
//! that got a message moved up to the first page), the first page is enough; until then, or when
//! the list is seen not to be by activity, every poll also reads the next pages of a sweep
//! through the whole list, a few at a time, so a message in any conversation is found within one
//! sweep.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};
use chrono::{DateTime, Timelike, Utc};
use ohallo_core::{
    ApiError, AttentionItem, AttentionStatus, Client, Conversation, ConversationQuery,
    ConversationStatus, Message, Page, MAX_RETRY_AFTER,
};
use serde::Serialize;
use tokio::sync::{mpsc, watch, Notify};
use tokio::task::JoinHandle;
use ts_rs::TS;

use crate::attention_repeat::RepeatClock;
use crate::directory::Directory;
use crate::listing;
use crate::read_marks::ReadMarks;
use crate::sync_state::{Seen, SyncState, SyncStore};
use crate::{InboxError, LocalError};

/// The most a failing server is left alone between polls: long enough to spare it, short
/// enough that a message after an outage is not hours late.
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// Backoff doubles at most this many times (up to 32 intervals, jitter included).
const MAX_DOUBLINGS: u32 = 4;
/// Attention items are a second listing; reading them every few polls keeps idle traffic low.
pub const ATTENTION_EVERY: u32 = 6;
/// Later pages of the sweep read per poll and workspace, on top of the first page: at 100 rows a
/// page and a 10 s interval, 1,000 conversations are swept in 50 s and 10,000 in about 8 minutes,
/// for three requests per interval per workspace.
pub const SWEEP_PAGES_PER_POLL: usize = 2;
pub const PAGE_SIZE: u32 = 100;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InboxChange {
    /// Conversations that are new or whose last message moved since the previous poll.
    pub conversation_ids: Vec<String>,
}

/// The open attention items ("a human is needed"), as of the engine's latest read of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttentionSummary {
    /// Open items in all.
    pub open: usize,
    /// The conversations with at least one, sorted.
    pub conversation_ids: Vec<String>,
}

impl AttentionSummary {
    fn of(open: &[AttentionItem]) -> AttentionSummary {
        let mut conversation_ids: Vec<String> = open
            .iter()
            .map(|item| item.conversation_id.clone())
            .collect();
        conversation_ids.sort_unstable();
        conversation_ids.dedup();
        AttentionSummary {
            open: open.len(),
            conversation_ids,
        }
    }
}

/// Something for the user to hear about: new customer messages in one conversation, or a
/// conversation where a human is needed.
#[derive(Debug, Clone, PartialEq)]
pub struct Announcement {
    pub conversation_id: String,
    /// Empty when the conversation was never listed (an attention item of one not seen yet).
    pub workspace_id: String,
    /// Whether a person handles the conversation (taken over from the AI).
    pub human_queue: bool,
    pub contact: String,
    pub channel: Option<String>,
    /// The customer's messages, oldest first; empty for an attention item.
    pub messages: Vec<String>,
    /// Why a human is needed, for an attention item.
    pub attention: Option<String>,
    /// An attention item said before and still open: said again only where the user asked.
    pub repeat: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SyncEvent {
    Changed(InboxChange),
    Announce(Vec<Announcement>),
    /// The open attention items changed (and once, at the first read of them).
    Attention(AttentionSummary),
    Online,
    Offline {
        reason: String,
    },
    /// The server no longer accepts the key (revoked or expired): polling has stopped.
    KeyRejected {
        reason: String,
    },
}

/// How far the engine has got, for whoever must wait for it (the first sync before the inbox
/// shows; tests that need "two polls after the action" rather than a sleep).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncStatus {
    /// Polls finished, successful or not.
    pub polls: u64,
    /// Polls that finished without an error.
    pub successful: u64,
}

/// Runs the engine on a task of its own until dropped.
pub struct SyncEngine {
    wake: Arc<Notify>,
    /// Read the attention items at the next poll, not only every `ATTENTION_EVERY`.
    attention_due: Arc<AtomicBool>,
    status: watch::Receiver<SyncStatus>,
    task: JoinHandle<()>,
}

#[derive(Debug, Clone, Copy)]
pub struct SyncSettings {
    pub interval: Duration,
    /// How often an open "needs a human" item is announced again (as a repeat).
    pub attention_repeat: Duration,
}

/// How often the app polls when nothing says otherwise.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(10);
pub const DEFAULT_ATTENTION_REPEAT: Duration = Duration::from_secs(120);

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings {
            interval: DEFAULT_POLL_INTERVAL,
            attention_repeat: DEFAULT_ATTENTION_REPEAT,
        }
    }
}

/// The engine's events, in the order they happened. Unbounded on purpose: a lagging reader
/// must get every announcement late rather than lose one (a `broadcast` would drop them), and
/// the engine produces at most a page's worth per poll.
pub type SyncEvents = mpsc::UnboundedReceiver<SyncEvent>;

impl SyncEngine {
    pub fn spawn(
        client: Client,
        directory: Arc<Directory>,
        read_marks: Arc<ReadMarks>,
        state_dir: &Path,
        settings: SyncSettings,
    ) -> Result<(SyncEngine, SyncEvents), LocalError> {
        let store = SyncStore::new(state_dir);
        let state = store.load()?;
        let syncer = Syncer {
            listed: HashMap::new(),
            repeats: RepeatClock::new(settings.attention_repeat),
            client,
            directory,
            read_marks,
            store,
            state,
            order: Order::Unknown,
            sweeps: HashMap::new(),
            later_pages: HashSet::new(),
            attention: None,
        };
        let wake = Arc::new(Notify::new());
        let attention_due = Arc::new(AtomicBool::new(false));
        let (report, status) = watch::channel(SyncStatus::default());
        let (events, receiver) = mpsc::unbounded_channel();
        let task = tokio::spawn(run(
            syncer,
            settings.interval,
            Wakes {
                poll: wake.clone(),
                attention: attention_due.clone(),
            },
            report,
            Publisher(events),
        ));
        let engine = SyncEngine {
            wake,
            attention_due,
            status,
            task,
        };
        Ok((engine, receiver))
    }

    /// Polls at once: the window gained focus, or the network or the machine came back.
    pub fn poll_now(&self) {
        self.wake.notify_one();
    }

    /// Polls at once and reads the attention items too: the user just handled one.
    pub fn refresh_attention(&self) {
        self.attention_due.store(true, AtomicOrdering::SeqCst);
        self.wake.notify_one();
    }

    /// Drops what the engine remembered in `state_dir`: for a sign-in, which may be another
    /// account than the one whose state is there.
    pub fn forget(state_dir: &Path) -> Result<(), LocalError> {
        SyncStore::new(state_dir).forget()
    }

    pub fn status(&self) -> watch::Receiver<SyncStatus> {
        self.status.clone()
    }

    /// Waits until `polls` more polls have finished than had when called, or `limit` passed;
    /// whether they did.
    pub async fn wait_for_polls(&self, polls: u64, limit: Duration) -> bool {
        let mut status = self.status.clone();
        let target = status.borrow().polls.saturating_add(polls);
        tokio::time::timeout(limit, status.wait_for(|s| s.polls >= target))
            .await
            .is_ok_and(|seen| seen.is_ok())
    }
}

impl Drop for SyncEngine {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// What makes the engine poll before its interval is up.
struct Wakes {
    poll: Arc<Notify>,
    attention: Arc<AtomicBool>,
}

async fn run(
    mut syncer: Syncer,
    interval: Duration,
    wake: Wakes,
    report: watch::Sender<SyncStatus>,
    events: Publisher,
) {
    // Present while the server is failing; a success starts the next outage from the bottom.
    let mut outage: Option<ExponentialBackoff> = None;
    let mut polls: u32 = 0;
    loop {
        let with_attention = wake.attention.swap(false, AtomicOrdering::SeqCst)
            || polls.is_multiple_of(ATTENTION_EVERY)
            || syncer.repeats.any_due(Instant::now());
        polls = polls.wrapping_add(1);
        let outcome = syncer.sync_once(with_attention).await;
        for event in outcome.events {
            events.publish(event);
        }
        let succeeded = outcome.error.is_none();
        let rejected = match &outcome.error {
            Some(InboxError::Api(error @ ApiError::Unauthorized { .. })) => {
                events.publish(SyncEvent::KeyRejected {
                    reason: error.user_message(),
                });
                true
            }
            _ => false,
        };
        // Reported after the poll's events, so a waiter sees them once it sees the count.
        report.send_modify(|status| {
            status.polls += 1;
            status.successful += u64::from(succeeded);
        });
        if rejected {
            return;
        }
        let delay = match outcome.error {
            None => {
                if outage.take().is_some() {
                    events.publish(SyncEvent::Online);
                }
                interval
            }
            Some(error) => {
                let delays = outage.get_or_insert_with(|| {
                    events.publish(SyncEvent::Offline {
                        reason: error.user_message(),
                    });
                    outage_backoff(interval)
                });
                wait_after_failure(delays, &error)
            }
        };
        tokio::select! {
            () = tokio::time::sleep(delay) => {}
            () = wake.poll.notified() => {}
        }
    }
}

struct Publisher(mpsc::UnboundedSender<SyncEvent>);

impl Publisher {
    fn publish(&self, event: SyncEvent) {
        // Nobody listens once the session that read these events has ended; polling goes on
        // until the engine is dropped, so its state stays current.
        if self.0.send(event).is_err() {
            tracing::debug!("sync event dropped: no listener");
        }
    }
}

/// What the engine has learnt of the list's order while running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    /// Nothing seen yet either way: sweep.
    Unknown,
    /// A conversation that got a message moved up to the first page, and no page was ever out
    /// of activity order: the first page holds all news.
    Activity,
    /// A page came out of activity order: only sweeping finds everything.
    Other,
}

/// A sweep through one workspace's later pages, continued at each poll.
#[derive(Debug, Default)]
struct Sweep {
    cursor: Option<String>,
    /// Cursors already followed in this sweep: a server that repeats one must not loop us.
    followed: HashSet<String>,
    /// The last row's activity, to tell whether the whole sweep is in activity order.
    last_at: Option<DateTime<Utc>>,
}

/// What the latest listing said of a conversation, for its attention notices.
struct Listed {
    contact: String,
    workspace_id: String,
    human_queue: bool,
}

struct Syncer {
    listed: HashMap<String, Listed>,
    repeats: RepeatClock,
    client: Client,
    directory: Arc<Directory>,
    read_marks: Arc<ReadMarks>,
    store: SyncStore,
    state: SyncState,
    order: Order,
    sweeps: HashMap<Option<String>, Sweep>,
    /// Conversations last seen on a page after the first: one of them on the first page, with a
    /// new message, shows the list is by activity.
    later_pages: HashSet<String>,
    /// What the last attention read found, to publish only changes.
    attention: Option<AttentionSummary>,
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
        let mut attention = None;
        if error.is_none() && with_attention {
            match self.sync_attention(&mut announcements).await {
                Ok(summary) => attention = summary,
                Err(failed) => error = Some(failed),
            }
        }
        self.state.prune(Utc::now());
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
        if let Some(summary) = attention {
            events.push(SyncEvent::Attention(summary));
        }
        Outcome { events, error }
    }

    async fn sync_conversations(
        &mut self,
        announcements: &mut Vec<Announcement>,
        changed_ids: &mut Vec<String>,
    ) -> Result<(), InboxError> {
        let (conversations, served_at) = self.listed().await?;
        for conversation in &conversations {
            self.listed.insert(
                conversation.id.clone(),
                Listed {
                    contact: contact_of(conversation),
                    workspace_id: conversation.workspace_id.clone(),
                    human_queue: in_human_queue(conversation),
                },
            );
        }
        if self.state.baseline.is_none() {
            // The very first sync: everything listed is history, not news. Conversations not
            // listed yet (later pages of a list not by activity) are judged, when the sweep
            // reaches them, against the server's clock now: older messages are history.
            for conversation in &conversations {
                self.state
                    .conversations
                    .insert(conversation.id.clone(), seen(conversation));
            }
            self.state.baseline = Some(served_at.unwrap_or_else(Utc::now));
            // The window may have listed before this sync did: have it list again.
            changed_ids.extend(conversations.iter().map(|c| c.id.clone()));
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
            let fresh = self.fresh_customer_messages(conversation, &thread);
            // Only news makes a conversation unread; older customer messages were there before.
            if let Some(latest) = fresh.iter().map(|m| m.sent_at).max() {
                customer_latest.push((conversation.id.clone(), latest));
            }
            let had_news = !fresh.is_empty();
            for message in &fresh {
                self.state.remember_announced(&conversation.id, &message.id);
            }
            if !fresh.is_empty() {
                announcements.push(Announcement {
                    conversation_id: conversation.id.clone(),
                    workspace_id: conversation.workspace_id.clone(),
                    human_queue: in_human_queue(conversation),
                    contact: contact_of(conversation),
                    channel: self.channel_of(conversation, &fresh).await,
                    messages: fresh.iter().map(|m| m.body.clone()).collect(),
                    attention: None,
                    repeat: false,
                });
            }
            let mut mark = seen(conversation);
            mark.recent_ids = thread
                .iter()
                .rev()
                .take(RECENT_IDS)
                .rev()
                .map(|m| m.id.clone())
                .collect();
            // With whole-second times, a twin written later in the same second would leave
            // the list's row unchanged: read such a thread once more next poll.
            mark.recheck = had_news && thread.last().is_some_and(|m| m.sent_at.nanosecond() == 0);
            self.state
                .settle_announced(&conversation.id, &mark.recent_ids);
            self.state
                .conversations
                .insert(conversation.id.clone(), mark);
        }
        self.read_marks.note_customer_messages(&customer_latest)?;
        result
    }

    fn is_changed(&self, conversation: &Conversation) -> bool {
        match self.state.conversations.get(&conversation.id) {
            // Any move counts, not only a later time: a late or back-dated message may carry a
            // time no later than one already seen, and whole seconds make same-second twins.
            Some(seen) => {
                seen.recheck
                    || conversation.last_message_at != seen.last_message_at
                    || stored_preview(&conversation.last_message_preview) != seen.preview
            }
            None => conversation
                .last_message_at
                .is_some_and(|at| self.state.is_news_when_unknown(at)),
        }
    }

    fn fresh_customer_messages<'m>(
        &self,
        conversation: &Conversation,
        thread: &'m [Message],
    ) -> Vec<&'m Message> {
        let seen = self.state.conversations.get(&conversation.id);
        let start = match seen {
            Some(seen) => position_after(seen, thread),
            None => thread
                .iter()
                .position(|m| self.state.is_news_when_unknown(m.sent_at))
                .unwrap_or(thread.len()),
        };
        let known: HashSet<&str> = seen
            .map(|seen| seen.recent_ids.iter().map(String::as_str).collect())
            .unwrap_or_default();
        thread[start..]
            .iter()
            .filter(|m| m.is_from_customer())
            .filter(|m| !known.contains(m.id.as_str()))
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

    /// What this poll lists, across every workspace, and the server's clock at the first page.
    async fn listed(&mut self) -> Result<(Vec<Conversation>, Option<DateTime<Utc>>), ApiError> {
        let scopes = listing::scopes(&self.directory, &self.client, None).await?;
        let mut all = Vec::new();
        let mut served_at = None;
        for scope in scopes {
            let first = self.page(&scope, None).await?;
            served_at = served_at.or(first.served_at);
            let mut next = first.next_cursor.clone();
            self.note_first_page(&first.data);
            let baseline_taken = self.state.baseline.is_some();
            match self.order {
                // While every row of a page is news, the next page may hold news too.
                Order::Activity => {
                    let mut followed = HashSet::new();
                    let mut page = first;
                    loop {
                        let all_changed = baseline_taken
                            && !page.data.is_empty()
                            && page.data.iter().all(|c| self.is_changed(c));
                        all.extend(page.data);
                        match next.take() {
                            Some(cursor) if all_changed && followed.insert(cursor.clone()) => {
                                page = self.page(&scope, Some(cursor)).await?;
                                next = page.next_cursor.clone();
                            }
                            _ => break,
                        }
                    }
                }
                Order::Unknown | Order::Other => {
                    all.extend(first.data);
                    if baseline_taken {
                        all.extend(self.sweep(&scope, next).await?);
                    }
                }
            }
        }
        Ok((all, served_at))
    }

    async fn page(
        &self,
        scope: &Option<String>,
        cursor: Option<String>,
    ) -> Result<Page<Conversation>, ApiError> {
        let query = ConversationQuery {
            limit: Some(PAGE_SIZE),
            cursor,
            workspace_id: scope.clone(),
            ..ConversationQuery::default()
        };
        self.client.list_conversations(&query).await
    }

    /// Learns the order from the first page: out of activity order means not by activity; a
    /// conversation from a later page now on the first, with news, means by activity.
    fn note_first_page(&mut self, rows: &[Conversation]) {
        if !in_activity_order(None, rows) {
            self.order = Order::Other;
        }
        for conversation in rows {
            let moved_up = self.later_pages.remove(&conversation.id);
            if moved_up && self.order == Order::Unknown && self.is_changed(conversation) {
                tracing::info!("the server lists conversations by activity");
                self.order = Order::Activity;
            }
        }
    }

    /// The next pages of this workspace's sweep; a finished sweep starts again after the
    /// first page next time.
    async fn sweep(
        &mut self,
        scope: &Option<String>,
        after_first: Option<String>,
    ) -> Result<Vec<Conversation>, ApiError> {
        let mut rows = Vec::new();
        let mut sweep = self.sweeps.remove(scope).unwrap_or_default();
        if sweep.cursor.is_none() {
            sweep = Sweep {
                cursor: after_first,
                ..Sweep::default()
            };
        }
        for _ in 0..SWEEP_PAGES_PER_POLL {
            let Some(cursor) = sweep.cursor.take() else {
                break;
            };
            if !sweep.followed.insert(cursor.clone()) {
                tracing::warn!("the server repeated a cursor; the sweep starts over");
                break;
            }
            let page = match self.page(scope, Some(cursor.clone())).await {
                Ok(page) => page,
                Err(error) => {
                    // Resume here next time rather than from the top.
                    sweep.followed.remove(&cursor);
                    sweep.cursor = Some(cursor);
                    self.sweeps.insert(scope.clone(), sweep);
                    return Err(error);
                }
            };
            if !in_activity_order(sweep.last_at, &page.data) {
                self.order = Order::Other;
            }
            if let Some(last) = page.data.iter().rev().find_map(|c| c.last_message_at) {
                sweep.last_at = Some(last);
            }
            self.later_pages
                .extend(page.data.iter().map(|c| c.id.clone()));
            rows.extend(page.data);
            sweep.cursor = page.next_cursor;
        }
        if sweep.cursor.is_some() {
            self.sweeps.insert(scope.clone(), sweep);
        }
        Ok(rows)
    }

    fn attention_announcement(&self, item: &AttentionItem, repeat: bool) -> Announcement {
        let listed = self.listed.get(&item.conversation_id);
        Announcement {
            conversation_id: item.conversation_id.clone(),
            workspace_id: listed.map(|l| l.workspace_id.clone()).unwrap_or_default(),
            human_queue: listed.is_some_and(|l| l.human_queue),
            contact: listed.map(|l| l.contact.clone()).unwrap_or_default(),
            channel: None,
            messages: Vec::new(),
            attention: Some(item.reason.clone().unwrap_or_else(|| item.kind.clone())),
            repeat,
        }
    }

    /// Announces newly opened items, and open ones due again; returns the open items' summary
    /// when it changed.
    async fn sync_attention(
        &mut self,
        announcements: &mut Vec<Announcement>,
    ) -> Result<Option<AttentionSummary>, InboxError> {
        let mut open = Vec::new();
        for scope in listing::scopes(&self.directory, &self.client, None).await? {
            let items = self.client.attention_items(scope.as_deref()).await?;
            // The whole history comes back each time: only open items are kept.
            open.extend(
                items
                    .into_iter()
                    .filter(|item| item.status == AttentionStatus::Open),
            );
        }
        let first_time = !self.state.attention_baseline_taken;
        let now = Instant::now();
        let taken_over: Vec<(&str, bool)> = open
            .iter()
            .map(|item| {
                let listed = self.listed.get(&item.conversation_id);
                (item.id.as_str(), listed.is_some_and(|l| l.human_queue))
            })
            .collect();
        let due = self.repeats.due(&taken_over, now);
        for item in &open {
            let new = self.state.attention_announced.insert(item.id.clone()) && !first_time;
            let repeat = due.contains(&item.id);
            if new || repeat {
                announcements.push(self.attention_announcement(item, !new));
            }
        }
        // Items no longer open cannot come back under the same id worth remembering.
        let open_ids: HashSet<&String> = open.iter().map(|item| &item.id).collect();
        self.state
            .attention_announced
            .retain(|id| open_ids.contains(id));
        self.state.attention_baseline_taken = true;
        let summary = AttentionSummary::of(&open);
        if self.attention.as_ref() == Some(&summary) {
            return Ok(None);
        }
        self.attention = Some(summary.clone());
        Ok(Some(summary))
    }
}

/// Message ids remembered per conversation read: what follows the oldest of them and is not
/// among them is new, so a late message slotted in before the newest is still found.
const RECENT_IDS: usize = 16;

/// The server decides how long a preview is; the state file keeps only this much of it, so a
/// hostile or careless server cannot grow it without bound. A prefix still tells a change.
const STORED_PREVIEW_CHARS: usize = 160;

fn stored_preview(preview: &str) -> String {
    preview.chars().take(STORED_PREVIEW_CHARS).collect()
}

fn seen(conversation: &Conversation) -> Seen {
    Seen {
        last_message_at: conversation.last_message_at,
        preview: stored_preview(&conversation.last_message_preview),
        last_id: None,
        recent_ids: Vec::new(),
        recheck: false,
    }
}

/// Whether `rows` (after a row whose activity was `before`) are newest activity first; rows
/// with no message yet have no place in that order and are not judged.
fn in_activity_order(before: Option<DateTime<Utc>>, rows: &[Conversation]) -> bool {
    let mut previous = before;
    for at in rows.iter().filter_map(|c| c.last_message_at) {
        if previous.is_some_and(|previous| at > previous) {
            return false;
        }
        previous = Some(at);
    }
    true
}

/// Where the news starts in a chronological thread. Timestamps may have whole seconds only, so
/// time alone cannot tell a message seen last time from one written in the same second after.
fn position_after(seen: &Seen, thread: &[Message]) -> usize {
    // From the oldest message remembered; those remembered are filtered out by the caller.
    if let Some(index) = seen
        .recent_ids
        .iter()
        .find_map(|id| thread.iter().position(|m| &m.id == id))
    {
        return index;
    }
    if let Some(index) = seen
        .last_id
        .as_ref()
        .and_then(|id| thread.iter().rposition(|m| &m.id == id))
    {
        return index + 1;
    }
    let Some(last_seen_at) = seen.last_message_at else {
        // Seen with no message at all: the whole thread is new.
        return 0;
    };
    // Known from the list only: the mark's own message is the last of its second that the
    // preview shows.
    if let Some(index) = thread
        .iter()
        .rposition(|m| m.sent_at == last_seen_at && preview_shows(&seen.preview, &m.body))
    {
        return index + 1;
    }
    thread
        .iter()
        .position(|m| m.sent_at > last_seen_at)
        .unwrap_or(thread.len())
}

fn preview_shows(preview: &str, body: &str) -> bool {
    let shown = preview.trim_end_matches(['.', '…']).trim();
    let flat_body: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat_shown: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    flat_body.starts_with(&flat_shown)
}

/// Whether a person handles the conversation: oHallo says so in `humanManaged` where it can, and
/// in the status otherwise.
fn in_human_queue(conversation: &Conversation) -> bool {
    conversation.human_managed.unwrap_or(matches!(
        conversation.status,
        ConversationStatus::InProgress | ConversationStatus::HumanManaged
    ))
}

pub(crate) fn contact_of(conversation: &Conversation) -> String {
    conversation
        .contact_name
        .clone()
        .filter(|name| !name.trim().is_empty())
        .or_else(|| conversation.contact_email.clone())
        .unwrap_or_else(|| "A customer".to_string())
}

/// Exponential backoff from one interval up to 32 (at most [`MAX_BACKOFF`]), each step with
/// jitter of up to its own length, so clients that failed together do not return together.
fn outage_backoff(interval: Duration) -> ExponentialBackoff {
    let most = interval
        .saturating_mul(2u32.pow(MAX_DOUBLINGS))
        .min(MAX_BACKOFF / 2);
    ExponentialBuilder::new()
        .with_min_delay(interval.min(most))
        .with_max_delay(most)
        .with_jitter()
        .without_max_times()
        .build()
}

/// The next backoff step, never sooner than the server's `Retry-After` (on a 429 or a 503),
/// which is capped so no answer can silence the app for long.
fn wait_after_failure(delays: &mut ExponentialBackoff, error: &InboxError) -> Duration {
    let step = delays.next().unwrap_or(MAX_BACKOFF);
    match error {
        InboxError::Api(error) => error
            .retry_after()
            .map_or(step, |wait| step.max(wait.min(MAX_RETRY_AFTER))),
        InboxError::Local(_) => step,
    }
}

#[cfg(test)]
mod human_queue_tests {
    use super::*;

    fn conversation(status: &str, human_managed: serde_json::Value) -> Conversation {
        serde_json::from_value(serde_json::json!({
            "id": "c1", "workspaceId": "w1", "channelId": "ch1",
            "status": status, "humanManaged": human_managed,
        }))
        .unwrap()
    }

    #[test]
    fn the_human_queue_reads_human_managed_and_falls_back_to_the_status_when_it_is_null() {
        assert!(in_human_queue(&conversation("open", true.into())));
        assert!(!in_human_queue(&conversation("in_progress", false.into())));
        // The least convenient server leaves humanManaged null: the status decides.
        assert!(in_human_queue(&conversation(
            "in_progress",
            serde_json::Value::Null
        )));
        assert!(!in_human_queue(&conversation(
            "open",
            serde_json::Value::Null
        )));
    }
}
