//! The sandbox's state and its state machine: conversations, threads, attention items and the
//! replies received. Callers hold it behind a mutex; nothing here awaits.

use crate::config::ListOrder;
use crate::corpus::API_SENDER;
use crate::cursor::Cursor;
use crate::data::{self, Dataset};
use crate::ids;
use crate::limits;
use crate::model::{
    AttentionItem, Author, Brand, Channel, ChannelType, Contact, Conversation, Message, Reply,
    Status, Workspace,
};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::ops::Bound;
use std::sync::Arc;

const SUBJECT_CHARS: usize = 60;

#[derive(Debug, thiserror::Error)]
pub(crate) enum StoreError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(&'static str),
    #[error("{0}")]
    Invalid(String),
    /// A cap of [`Limits`] is reached.
    #[error("{0}")]
    Full(String),
}

/// How much clients may make the store keep; [`Limits::default`] is [`crate::limits`]'s caps.
/// A field rather than the constants themselves so unit tests can reach a cap cheaply.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub recorded_replies: usize,
    pub recorded_reply_bytes: usize,
    pub created_conversations: usize,
    pub raised_attention: usize,
    pub added_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            recorded_replies: limits::MAX_RECORDED_REPLIES,
            recorded_reply_bytes: limits::MAX_RECORDED_REPLY_BYTES,
            created_conversations: limits::MAX_CREATED_CONVERSATIONS,
            raised_attention: limits::MAX_RAISED_ATTENTION,
            added_bytes: limits::MAX_ADDED_BYTES,
        }
    }
}

/// What storing `text` costs against [`Limits::added_bytes`].
fn cost(text: &str) -> usize {
    text.len().saturating_add(limits::ITEM_OVERHEAD_BYTES)
}

/// Newest first by the order's time (see [`sort_time`]), ties by id: the list order and the
/// cursor's key.
type OrderKey = (Reverse<i64>, Arc<str>);

#[derive(Debug, Default)]
pub(crate) struct ListFilter {
    pub status: Option<Status>,
    /// Already lower-cased.
    pub q: Option<String>,
    pub workspace_id: Option<String>,
    pub human_managed: Option<bool>,
    pub has_attention: Option<bool>,
    pub contact_id: Option<String>,
}

pub(crate) struct Page<'a> {
    pub items: Vec<&'a Conversation>,
    pub next: Option<Cursor>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Speaker {
    Caller,
    Ai,
}

/// Who a composed conversation is to: a known contact, or an address of a new one.
pub(crate) enum Recipient {
    Contact(String),
    Email { email: String, name: Option<String> },
    Phone { phone: String, name: Option<String> },
}

/// `POST /api/conversations/compose`, its fields checked by the API layer.
pub(crate) struct Compose {
    pub workspace_id: String,
    pub channel_id: String,
    pub recipient: Recipient,
    pub subject: Option<String>,
    pub content: String,
}

/// A message from outside: a customer (or, on a call, the AI) writing in.
#[derive(Debug, Default)]
pub(crate) struct Inbound {
    pub conversation_id: Option<String>,
    pub channel: Option<ChannelType>,
    pub speaker: Option<Speaker>,
    pub contact_name: Option<String>,
    /// A new conversation's contact is this conversation's.
    pub contact_of: Option<String>,
    pub workspace_id: Option<String>,
    pub body: String,
}

/// A thread as `GET /api/conversations/{id}/messages` renders it.
pub(crate) struct Thread<'a> {
    /// The store the thread was read from, shared again once the thread is materialised.
    pub store: &'a Store,
    pub kind: ChannelType,
    /// The AI's name in this conversation's brand.
    pub ai_sender_name: &'a str,
    pub conversation: &'a Conversation,
}

/// An accepted reply that is not in the thread yet.
struct PendingReply {
    due: DateTime<Utc>,
    conversation: usize,
    content: String,
}

pub(crate) struct Store {
    brands: Vec<Brand>,
    workspaces: Vec<Workspace>,
    channels: Vec<Channel>,
    conversations: Vec<Conversation>,
    by_id: HashMap<Arc<str>, usize>,
    list_order: ListOrder,
    order: BTreeSet<OrderKey>,
    /// The newest creation time so far: a new conversation is created strictly after it, so in
    /// the creation order it is always on top.
    newest_created: DateTime<Utc>,
    attention: Vec<AttentionItem>,
    /// The newest replies, oldest first, within [`Limits::recorded_replies`] and
    /// [`Limits::recorded_reply_bytes`].
    replies: VecDeque<Reply>,
    /// The text of `replies`.
    recorded_reply_bytes: usize,
    /// `Config::reply_delay`; `None` delivers replies at once.
    reply_delay: Option<Duration>,
    /// Due in the order they were accepted, since every reply waits the same delay.
    pending: VecDeque<PendingReply>,
    rng: StdRng,
    limits: Limits,
    created_conversations: usize,
    raised_attention: usize,
    /// Charged by everything added at run time, never refunded: threads only grow.
    added_bytes: usize,
}

impl Store {
    pub(crate) fn new(
        data: Dataset,
        seed: u64,
        list_order: ListOrder,
        reply_delay: Option<std::time::Duration>,
    ) -> Store {
        let by_id = data
            .conversations
            .iter()
            .enumerate()
            .map(|(index, conversation)| (conversation.id.clone(), index))
            .collect();
        let order = data
            .conversations
            .iter()
            .map(|conversation| order_key(list_order, conversation))
            .collect();
        let newest_created = data
            .conversations
            .iter()
            .map(|conversation| conversation.created_at)
            .max()
            .unwrap_or_default();
        Store {
            list_order,
            newest_created,
            brands: data.brands,
            workspaces: data.workspaces,
            channels: data.channels,
            conversations: data.conversations,
            by_id,
            order,
            attention: data.attention,
            replies: VecDeque::new(),
            recorded_reply_bytes: 0,
            // Beyond chrono's range is "never", which is what such a delay means anyway.
            reply_delay: reply_delay
                .map(|delay| Duration::from_std(delay).unwrap_or(Duration::MAX)),
            pending: VecDeque::new(),
            rng: StdRng::seed_from_u64(data::mix(seed, u64::MAX)),
            limits: Limits::default(),
            created_conversations: 0,
            raised_attention: 0,
            added_bytes: 0,
        }
    }

    #[cfg(test)]
    pub(crate) fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// Whether `bytes` more of run-time text fit; checked before any change, so a refused
    /// request leaves nothing behind.
    fn ensure_room(&self, bytes: usize) -> Result<(), StoreError> {
        if self.added_bytes.saturating_add(bytes) > self.limits.added_bytes {
            return Err(StoreError::Full(format!(
                "the sandbox keeps at most {} MiB of messages, notes and names added at run \
                 time, and that is used up; restart it to start over",
                self.limits.added_bytes / (1024 * 1024)
            )));
        }
        Ok(())
    }

    /// Whether the simulation (or `/_sandbox/inbound`) may still start a conversation.
    pub(crate) fn may_create_conversation(&self) -> bool {
        self.created_conversations < self.limits.created_conversations
    }

    /// Keeps `reply` and forgets the oldest ones beyond the limits.
    fn record(&mut self, reply: Reply) {
        self.recorded_reply_bytes += reply.content.len();
        self.replies.push_back(reply);
        while self.replies.len() > self.limits.recorded_replies
            || self.recorded_reply_bytes > self.limits.recorded_reply_bytes
        {
            match self.replies.pop_front() {
                Some(oldest) => self.recorded_reply_bytes -= oldest.content.len(),
                None => break,
            }
        }
    }

    pub(crate) fn workspaces<'a>(
        &'a self,
        visible: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Workspace> + 'a {
        self.workspaces
            .iter()
            .filter(move |workspace| visible.is_none_or(|id| workspace.id == id))
    }

    /// Tenant-wide: a key restricted to one workspace sees every brand.
    pub(crate) fn brands(&self) -> &[Brand] {
        &self.brands
    }

    pub(crate) fn brand(&self, index: usize) -> &Brand {
        &self.brands[index]
    }

    pub(crate) fn workspace_exists(&self, id: &str) -> bool {
        self.workspaces.iter().any(|workspace| workspace.id == id)
    }

    pub(crate) fn workspace(&self, index: usize) -> &Workspace {
        &self.workspaces[index]
    }

    pub(crate) fn channel(&self, index: usize) -> &Channel {
        &self.channels[index]
    }

    pub(crate) fn find_channel(
        &self,
        id: &str,
        visible: Option<&str>,
    ) -> Result<&Channel, StoreError> {
        self.channels
            .iter()
            .find(|channel| channel.id == id && self.is_visible(channel.workspace, visible))
            .ok_or(StoreError::NotFound("channel"))
    }

    pub(crate) fn list(
        &self,
        filter: &ListFilter,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Page<'_> {
        let workspace = match &filter.workspace_id {
            Some(id) => match self.workspaces.iter().position(|w| &w.id == id) {
                Some(index) => Some(index),
                None => {
                    return Page {
                        items: Vec::new(),
                        next: None,
                    }
                }
            },
            None => None,
        };
        let start = match after {
            Some(cursor) => Bound::Excluded((Reverse(cursor.at_ms), Arc::from(cursor.id.as_str()))),
            None => Bound::Unbounded,
        };
        let mut matching = self
            .order
            .range((start, Bound::Unbounded))
            .filter_map(|(_, id)| self.by_id.get(id).map(|&index| &self.conversations[index]))
            .filter(|conversation| matches(filter, workspace, conversation));
        let items: Vec<&Conversation> = matching.by_ref().take(limit).collect();
        let next = match (items.last(), matching.next()) {
            (Some(last), Some(_)) => Some(Cursor {
                at_ms: sort_time(self.list_order, last).timestamp_millis(),
                id: last.id.to_string(),
            }),
            _ => None,
        };
        Page { items, next }
    }

    /// The conversation, its whole thread materialised (oldest first).
    pub(crate) fn thread(
        &mut self,
        id: &str,
        visible: Option<&str>,
    ) -> Result<Thread<'_>, StoreError> {
        let index = self.find(id, visible)?;
        self.materialize(index);
        let store = &*self;
        let conversation = &store.conversations[index];
        let workspace = &store.workspaces[conversation.workspace];
        Ok(Thread {
            store,
            kind: store.channels[conversation.channel].kind,
            ai_sender_name: store.brands[workspace.brand].ai_sender_name,
            conversation,
        })
    }

    /// `key` is the one the reply came with, recorded for tests of which account sent what.
    pub(crate) fn reply(
        &mut self,
        id: &str,
        visible: Option<&str>,
        content: String,
        strict: bool,
        key: &str,
    ) -> Result<(), StoreError> {
        let index = self.find(id, visible)?;
        if strict && !self.conversations[index].human_managed {
            return Err(StoreError::Conflict(
                "conversation is AI-managed; take it over before replying",
            ));
        }
        let charge = cost(&content);
        self.ensure_room(charge)?;
        self.added_bytes += charge;
        let received_at = now_ms();
        self.record(Reply {
            conversation_id: self.conversations[index].id.clone(),
            content: content.clone(),
            received_at,
            key: key.to_owned(),
        });
        match self.reply_delay {
            None => {
                self.append(index, Author::Agent(API_SENDER.to_owned()), content);
            }
            Some(delay) => self.pending.push_back(PendingReply {
                due: received_at
                    .checked_add_signed(delay)
                    .unwrap_or(DateTime::<Utc>::MAX_UTC),
                conversation: index,
                content,
            }),
        }
        Ok(())
    }

    /// Puts the replies whose delay has passed into their threads, at the time they were due.
    pub(crate) fn deliver_due(&mut self) {
        let now = now_ms();
        while self.pending.front().is_some_and(|reply| reply.due <= now) {
            if let Some(reply) = self.pending.pop_front() {
                self.append_at(
                    reply.conversation,
                    Author::Agent(API_SENDER.to_owned()),
                    reply.content,
                    reply.due,
                );
            }
        }
    }

    pub(crate) fn take_over(&mut self, id: &str, visible: Option<&str>) -> Result<(), StoreError> {
        let index = self.find(id, visible)?;
        let conversation = &self.conversations[index];
        if conversation.status == Status::Resolved {
            return Err(StoreError::Conflict(
                "conversation is resolved; it cannot be taken over",
            ));
        }
        if conversation.human_managed {
            return Err(StoreError::Conflict(
                "conversation is already human-managed",
            ));
        }
        let note = "A team member took over the conversation from the AI.".to_owned();
        self.ensure_room(cost(&note))?;
        self.change_state(index, Status::InProgress, true);
        self.note(index, note);
        Ok(())
    }

    pub(crate) fn release(&mut self, id: &str, visible: Option<&str>) -> Result<(), StoreError> {
        let index = self.find(id, visible)?;
        if !self.conversations[index].human_managed {
            return Err(StoreError::Conflict("conversation is not human-managed"));
        }
        let note = "The conversation was handed back to the AI.".to_owned();
        self.ensure_room(cost(&note))?;
        self.change_state(index, Status::Open, false);
        self.note(index, note);
        Ok(())
    }

    pub(crate) fn resolve(
        &mut self,
        id: &str,
        visible: Option<&str>,
        outcome: Option<String>,
    ) -> Result<(), StoreError> {
        let index = self.find(id, visible)?;
        if self.conversations[index].status == Status::Resolved {
            return Err(StoreError::Conflict("conversation is already resolved"));
        }
        let note = match outcome {
            Some(outcome) => format!("The conversation was resolved: {outcome}"),
            None => "The conversation was resolved.".to_owned(),
        };
        self.ensure_room(cost(&note))?;
        self.change_state(index, Status::Resolved, false);
        for item in self
            .attention
            .iter_mut()
            .filter(|item| item.conversation == index)
        {
            if item.open {
                item.open = false;
                item.resolved_at = Some(now_ms());
            }
        }
        self.conversations[index].open_attention = 0;
        self.note(index, note);
        Ok(())
    }

    /// Returns the conversation's id and the new message's id.
    pub(crate) fn inbound(&mut self, inbound: Inbound) -> Result<(Arc<str>, String), StoreError> {
        let existing = match &inbound.conversation_id {
            Some(id) => Some(self.find(id, None)?),
            None => None,
        };
        let kind = match existing {
            Some(index) => self.channels[self.conversations[index].channel].kind,
            None => inbound.channel.unwrap_or(ChannelType::Chat),
        };
        let author = match (inbound.speaker, kind == ChannelType::Voice) {
            (Some(_), false) => {
                return Err(StoreError::Invalid(
                    "speaker applies to voice conversations only".to_owned(),
                ))
            }
            (Some(Speaker::Ai), true) => Author::Ai,
            _ => Author::Customer,
        };
        let mut charge = cost(&inbound.body);
        if existing.is_none() {
            if !self.may_create_conversation() {
                return Err(StoreError::Full(format!(
                    "the sandbox creates at most {} conversations at run time, and has; write \
                     into an existing one (conversationId) or restart it",
                    self.limits.created_conversations
                )));
            }
            charge = charge.saturating_add(cost(inbound.contact_name.as_deref().unwrap_or("")));
        }
        self.ensure_room(charge)?;
        let index = match existing {
            Some(index) => index,
            None => self.create_conversation(&inbound, kind)?,
        };
        self.added_bytes += charge;
        if author == Author::Customer {
            self.reopen(index);
        }
        self.append(index, author, inbound.body);
        let conversation = &self.conversations[index];
        let message_id = conversation
            .messages
            .last()
            .map(|message| message.id.clone())
            .unwrap_or_default();
        Ok((conversation.id.clone(), message_id))
    }

    /// The AI flags a conversation for a human; returns the new attention item's id.
    pub(crate) fn raise_attention(
        &mut self,
        id: &str,
        reason: String,
    ) -> Result<String, StoreError> {
        let index = self.find(id, None)?;
        if self.raised_attention >= self.limits.raised_attention {
            return Err(StoreError::Full(format!(
                "the sandbox raises at most {} attention items at run time, and has; restart \
                 it to start over",
                self.limits.raised_attention
            )));
        }
        let charge = cost(&reason);
        self.ensure_room(charge)?;
        self.added_bytes += charge;
        self.raised_attention += 1;
        let item_id = ids::mixed("att", 5, &mut self.rng);
        self.attention.push(AttentionItem {
            id: item_id.clone(),
            conversation: index,
            kind: "human_requested",
            reason,
            open: true,
            created_at: now_ms(),
            resolved_at: None,
        });
        self.conversations[index].open_attention += 1;
        Ok(item_id)
    }

    /// A human has handled the item; the conversation itself is left as it is. An item already
    /// resolved answers a conflict: the docs name only 404, and a client must cope with either.
    pub(crate) fn resolve_attention(
        &mut self,
        item_id: &str,
        visible: Option<&str>,
    ) -> Result<(), StoreError> {
        let Some(position) = self.attention.iter().position(|item| {
            item.id == item_id
                && self.is_visible(self.conversations[item.conversation].workspace, visible)
        }) else {
            return Err(StoreError::NotFound("attention item"));
        };
        let item = &mut self.attention[position];
        if !item.open {
            return Err(StoreError::Conflict("attention item is already resolved"));
        }
        item.open = false;
        item.resolved_at = Some(now_ms());
        let conversation = &mut self.conversations[item.conversation];
        conversation.open_attention = conversation.open_attention.saturating_sub(1);
        Ok(())
    }

    /// An approval guardrail holds one of the AI's actions until a human approves it.
    pub(crate) fn hold_for_approval(&mut self, id: &str, action: String) -> Result<(), StoreError> {
        let index = self.find(id, None)?;
        let charge = cost(&action);
        self.ensure_room(charge)?;
        self.added_bytes += charge;
        self.conversations[index].pending_approval = Some(action);
        Ok(())
    }

    /// Releases the held action, which the AI then carries out (a note in the thread says so).
    /// Nothing held answers 404, as the docs say.
    pub(crate) fn approve(&mut self, id: &str, visible: Option<&str>) -> Result<(), StoreError> {
        let index = self.find(id, visible)?;
        let Some(action) = self.conversations[index].pending_approval.clone() else {
            return Err(StoreError::NotFound("pending action"));
        };
        let note = format!("Approved: {action}");
        self.ensure_room(cost(&note))?;
        self.materialize(index);
        self.conversations[index].pending_approval = None;
        self.note(index, note);
        Ok(())
    }

    /// The contact with this id, as the first visible conversation with it knows them.
    pub(crate) fn contact(
        &self,
        id: &str,
        visible: Option<&str>,
    ) -> Result<&Conversation, StoreError> {
        self.conversations
            .iter()
            .find(|c| c.contact.id.as_deref() == Some(id) && self.is_visible(c.workspace, visible))
            .ok_or(StoreError::NotFound("contact"))
    }

    /// Every item, or those of one workspace (an unknown id matches none).
    pub(crate) fn attention<'a>(
        &'a self,
        workspace: Option<&'a str>,
    ) -> impl Iterator<Item = (&'a AttentionItem, &'a Conversation)> + 'a {
        self.attention
            .iter()
            .map(|item| (item, &self.conversations[item.conversation]))
            .filter(move |(_, conversation)| self.is_visible(conversation.workspace, workspace))
    }

    /// The newest replies received, oldest first.
    pub(crate) fn replies(&self) -> impl Iterator<Item = &Reply> {
        self.replies.iter()
    }

    pub(crate) fn conversation_count(&self) -> usize {
        self.conversations.len()
    }

    pub(crate) fn conversation_at(&self, index: usize) -> Option<(&str, ChannelType)> {
        self.conversations
            .get(index)
            .map(|conversation| (&*conversation.id, self.channels[conversation.channel].kind))
    }

    fn find(&self, id: &str, visible: Option<&str>) -> Result<usize, StoreError> {
        self.by_id
            .get(id)
            .copied()
            .filter(|&index| self.is_visible(self.conversations[index].workspace, visible))
            .ok_or(StoreError::NotFound("conversation"))
    }

    fn is_visible(&self, workspace: usize, visible: Option<&str>) -> bool {
        visible.is_none_or(|id| self.workspaces[workspace].id == id)
    }

    /// Generates a pending demo thread. Must run before a conversation changes, because the
    /// generator derives the thread from the conversation as it was generated.
    fn materialize(&mut self, index: usize) {
        if let Some(seed) = self.conversations[index].pending_thread.take() {
            let conversation = &self.conversations[index];
            let messages = data::thread(
                conversation,
                seed,
                self.channels[conversation.channel].kind,
                self.workspaces[conversation.workspace].name,
            );
            self.conversations[index].messages = messages;
        }
    }

    fn change_state(&mut self, index: usize, status: Status, human_managed: bool) {
        self.materialize(index);
        let conversation = &mut self.conversations[index];
        conversation.status = status;
        conversation.human_managed = human_managed;
    }

    fn reopen(&mut self, index: usize) {
        let conversation = &self.conversations[index];
        let closed = matches!(
            conversation.status,
            Status::Resolved | Status::Closed | Status::Abandoned | Status::AwaitingContact
        );
        if closed && !conversation.human_managed {
            self.change_state(index, Status::Open, false);
        }
    }

    /// Appends a message that counts as the conversation's latest; returns its time.
    fn append(&mut self, index: usize, author: Author, body: String) -> DateTime<Utc> {
        self.append_at(index, author, body, now_ms())
    }

    /// Appends a message sent at `sent_at` (or just after the previous message).
    fn append_at(
        &mut self,
        index: usize,
        author: Author,
        body: String,
        sent_at: DateTime<Utc>,
    ) -> DateTime<Utc> {
        self.materialize(index);
        let conversation = &self.conversations[index];
        let previous = conversation
            .last_message_at
            .unwrap_or(conversation.created_at);
        // Strictly later than the previous message, so pollers comparing lastMessageAt notice it.
        let at = sent_at.max(previous + Duration::milliseconds(1));
        self.order
            .remove(&order_key(self.list_order, &self.conversations[index]));
        let preview = data::preview(&body);
        let id = ids::mixed("msg", 5, &mut self.rng);
        let conversation = &mut self.conversations[index];
        conversation.messages.push(Message {
            id,
            author,
            body,
            sent_at: at,
        });
        conversation.last_message_at = Some(at);
        conversation.preview = Some(preview);
        self.order.insert(order_key(self.list_order, conversation));
        at
    }

    /// A system note: part of the thread, but not a message the list's preview reflects.
    /// Callers check [`Store::ensure_room`] first, before changing anything else.
    fn note(&mut self, index: usize, body: String) {
        self.added_bytes += cost(&body);
        let id = ids::mixed("msg", 5, &mut self.rng);
        let conversation = &mut self.conversations[index];
        let at = now_ms().max(
            conversation
                .last_message_at
                .unwrap_or(conversation.created_at),
        );
        conversation.messages.push(Message {
            id,
            author: Author::System,
            body,
            sent_at: at,
        });
    }

    fn create_conversation(
        &mut self,
        inbound: &Inbound,
        kind: ChannelType,
    ) -> Result<usize, StoreError> {
        let workspace = match &inbound.workspace_id {
            Some(id) => Some(
                self.workspaces
                    .iter()
                    .position(|workspace| &workspace.id == id)
                    .ok_or_else(|| StoreError::Invalid(format!("unknown workspaceId {id}")))?,
            ),
            None => None,
        };
        let channel = self
            .channels
            .iter()
            .position(|channel| {
                channel.kind == kind && workspace.is_none_or(|w| channel.workspace == w)
            })
            .ok_or_else(|| {
                StoreError::Invalid(format!("no {} channel in that workspace", kind.as_str()))
            })?;
        let contact = match &inbound.contact_of {
            Some(id) => self.conversations[self.find(id, None)?].contact.clone(),
            None => data::contact(kind, inbound.contact_name.clone(), &mut self.rng),
        };
        Ok(self.insert_conversation(channel, contact, &inbound.body))
    }

    /// A team member writes first: a new conversation whose first message is theirs. The API
    /// answers no id; the client finds the conversation in the list.
    pub(crate) fn compose(
        &mut self,
        compose: Compose,
        visible: Option<&str>,
    ) -> Result<(), StoreError> {
        if !self.may_create_conversation() {
            return Err(StoreError::Full(format!(
                "the sandbox creates at most {} conversations at run time, and has",
                self.limits.created_conversations
            )));
        }
        let channel = self
            .channels
            .iter()
            .position(|c| c.id == compose.channel_id && self.is_visible(c.workspace, visible))
            .ok_or(StoreError::NotFound("channel"))?;
        if self.workspaces[self.channels[channel].workspace].id != compose.workspace_id {
            return Err(StoreError::Invalid(
                "the channel is not in that workspace".to_owned(),
            ));
        }
        if self.channels[channel].kind == ChannelType::Email && compose.subject.is_none() {
            return Err(StoreError::Invalid(
                "subject is required on an email channel".to_owned(),
            ));
        }
        let contact = match compose.recipient {
            Recipient::Contact(id) => self
                .conversations
                .iter()
                .find(|c| c.contact.id.as_deref() == Some(id.as_str()))
                .map(|c| c.contact.clone())
                .ok_or(StoreError::NotFound("contact"))?,
            Recipient::Email { email, name } => Contact {
                id: Some(ids::mixed("ct", 4, &mut self.rng)),
                name,
                email: Some(email),
                phone: None,
                account: None,
            },
            Recipient::Phone { phone, name } => Contact {
                id: Some(ids::mixed("ct", 4, &mut self.rng)),
                name,
                email: None,
                phone: Some(phone),
                account: None,
            },
        };
        let subject = compose.subject.unwrap_or_else(|| compose.content.clone());
        let charge = cost(&compose.content).saturating_add(cost(&subject));
        self.ensure_room(charge)?;
        self.added_bytes += charge;
        let index = self.insert_conversation(channel, contact, &subject);
        self.append(index, Author::Agent(API_SENDER.to_owned()), compose.content);
        Ok(())
    }

    fn insert_conversation(&mut self, channel: usize, contact: Contact, about: &str) -> usize {
        let subject: String = about.chars().take(SUBJECT_CHARS).collect();
        let created_at = now_ms().max(self.newest_created + Duration::milliseconds(1));
        self.newest_created = created_at;
        let conversation = Conversation {
            id: ids::mixed("conv", 6, &mut self.rng).into(),
            workspace: self.channels[channel].workspace,
            channel,
            contact,
            subject: subject.split_whitespace().collect::<Vec<_>>().join(" "),
            status: Status::Open,
            human_managed: false,
            created_at,
            // Set by the first message, which follows at once.
            last_message_at: None,
            preview: None,
            explicit_nulls: self.rng.random(),
            shows_human_managed: true,
            anonymous_sender: false,
            open_attention: 0,
            pending_approval: None,
            pending_thread: None,
            messages: Vec::new(),
        };
        let index = self.conversations.len();
        self.created_conversations += 1;
        self.by_id.insert(conversation.id.clone(), index);
        self.order.insert(order_key(self.list_order, &conversation));
        self.conversations.push(conversation);
        index
    }
}

fn matches(filter: &ListFilter, workspace: Option<usize>, conversation: &Conversation) -> bool {
    workspace.is_none_or(|w| conversation.workspace == w)
        && filter.status.is_none_or(|s| conversation.status == s)
        && filter
            .human_managed
            .is_none_or(|h| conversation.human_managed == h)
        && filter
            .has_attention
            .is_none_or(|a| (conversation.open_attention > 0) == a)
        && filter
            .contact_id
            .as_deref()
            .is_none_or(|id| conversation.contact.id.as_deref() == Some(id))
        && filter.q.as_deref().is_none_or(|q| {
            let contact = &conversation.contact;
            [
                contact.name.as_deref(),
                contact.email.as_deref(),
                Some(&conversation.subject),
            ]
            .into_iter()
            .flatten()
            .any(|text| text.to_lowercase().contains(q))
        })
}

/// What the list sorts by. In the activity order a conversation without a message yet sorts by
/// its creation time, as if being opened were its latest activity; in the creation order
/// nothing but creation counts, so new messages never move a conversation.
fn sort_time(order: ListOrder, conversation: &Conversation) -> DateTime<Utc> {
    match order {
        ListOrder::Activity => conversation
            .last_message_at
            .unwrap_or(conversation.created_at),
        ListOrder::Created => conversation.created_at,
    }
}

fn order_key(order: ListOrder, conversation: &Conversation) -> OrderKey {
    (
        Reverse(sort_time(order, conversation).timestamp_millis()),
        conversation.id.clone(),
    )
}

/// Now, at the millisecond precision cursors and timestamps carry.
fn now_ms() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(limits: Limits) -> Store {
        let mut store = Store::new(
            data::generate(7, 5, Utc::now(), false),
            7,
            ListOrder::Activity,
            None,
        );
        store.set_limits(limits);
        store
    }

    fn first_id(store: &Store) -> String {
        store
            .conversation_at(0)
            .map(|(id, _)| id.to_owned())
            .expect("a conversation")
    }

    fn new_conversation(body: &str) -> Inbound {
        Inbound {
            body: body.to_owned(),
            ..Inbound::default()
        }
    }

    #[test]
    fn the_replies_log_keeps_the_newest_ten_thousand() {
        let mut store = store(Limits::default());
        let id = first_id(&store);
        for n in 0..=limits::MAX_RECORDED_REPLIES {
            store
                .reply(&id, None, format!("reply {n}"), false, "")
                .expect("accepted");
        }
        let kept: Vec<&Reply> = store.replies().collect();
        assert_eq!(kept.len(), limits::MAX_RECORDED_REPLIES);
        assert_eq!(kept[0].content, "reply 1", "the oldest went");
        assert_eq!(
            kept.last().map(|reply| reply.content.as_str()),
            Some("reply 10000")
        );
    }

    #[test]
    fn the_replies_log_also_keeps_within_its_bytes() {
        let mut store = store(Limits {
            recorded_reply_bytes: 25,
            ..Limits::default()
        });
        let id = first_id(&store);
        for content in ["0123456789", "abcdefghij", "ABCDEFGHIJ"] {
            store
                .reply(&id, None, content.to_owned(), false, "")
                .expect("accepted");
        }
        let kept: Vec<&str> = store.replies().map(|r| r.content.as_str()).collect();
        assert_eq!(kept, ["abcdefghij", "ABCDEFGHIJ"]);
    }

    #[test]
    fn creating_conversations_stops_at_the_cap_and_writing_into_old_ones_goes_on() {
        let mut store = store(Limits {
            created_conversations: 3,
            ..Limits::default()
        });
        for _ in 0..3 {
            store.inbound(new_conversation("hi")).expect("created");
        }
        assert!(!store.may_create_conversation());
        let refused = store.inbound(new_conversation("one more"));
        assert!(
            matches!(&refused, Err(StoreError::Full(message)) if message.contains("at most 3")),
            "{:?}",
            refused.err()
        );
        assert_eq!(store.conversation_count(), 5 + 3);
        let id = first_id(&store);
        store
            .inbound(Inbound {
                conversation_id: Some(id),
                ..new_conversation("still here")
            })
            .expect("an existing conversation takes more");
    }

    #[test]
    fn the_real_cap_on_created_conversations_is_ten_thousand() {
        let mut store = store(Limits::default());
        for _ in 0..limits::MAX_CREATED_CONVERSATIONS {
            store.inbound(new_conversation("hi")).expect("created");
        }
        assert!(matches!(
            store.inbound(new_conversation("hi")),
            Err(StoreError::Full(_))
        ));
    }

    #[test]
    fn raising_attention_stops_at_the_cap() {
        let mut store = store(Limits::default());
        let id = first_id(&store);
        let before = store.attention(None).count();
        for _ in 0..limits::MAX_RAISED_ATTENTION {
            store
                .raise_attention(&id, "help".to_owned())
                .expect("raised");
        }
        assert!(matches!(
            store.raise_attention(&id, "help".to_owned()),
            Err(StoreError::Full(_))
        ));
        assert_eq!(
            store.attention(None).count(),
            before + limits::MAX_RAISED_ATTENTION
        );
    }

    #[test]
    fn added_text_stops_at_its_budget_and_a_refusal_changes_nothing() {
        let budget = 3 * (100 + limits::ITEM_OVERHEAD_BYTES);
        let mut store = store(Limits {
            added_bytes: budget,
            ..Limits::default()
        });
        let id = first_id(&store);
        let hundred = "x".repeat(100);
        store
            .reply(&id, None, hundred.clone(), false, "")
            .expect("first");
        store
            .inbound(Inbound {
                conversation_id: Some(id.clone()),
                ..new_conversation(&hundred)
            })
            .expect("second");
        let thread_before = store
            .thread(&id, None)
            .map(|t| t.conversation.messages.len());
        let too_much = "x".repeat(101 + limits::ITEM_OVERHEAD_BYTES);
        assert!(matches!(
            store.reply(&id, None, too_much, false, ""),
            Err(StoreError::Full(_))
        ));
        assert_eq!(
            store.replies().count(),
            1,
            "the refused reply is not recorded"
        );
        let thread_after = store
            .thread(&id, None)
            .map(|t| t.conversation.messages.len());
        assert_eq!(thread_before.ok(), thread_after.ok());
        store
            .reply(&id, None, hundred.clone(), false, "")
            .expect("exactly the budget fits");
        for refused in [
            store.inbound(new_conversation("hi")).map(drop),
            store.raise_attention(&id, "help".to_owned()).map(drop),
            store.resolve(&id, None, None),
            store.take_over(&id, None),
        ] {
            assert!(matches!(refused, Err(StoreError::Full(_))), "{refused:?}");
        }
    }
}
