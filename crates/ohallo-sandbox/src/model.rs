//! The domain: what the sandbox stores, independent of how it is rendered as JSON.

use chrono::{DateTime, Utc};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChannelType {
    Email,
    Chat,
    Whatsapp,
    Voice,
}

impl ChannelType {
    pub(crate) const ALL: [ChannelType; 4] = [
        ChannelType::Email,
        ChannelType::Chat,
        ChannelType::Whatsapp,
        ChannelType::Voice,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ChannelType::Email => "email",
            ChannelType::Chat => "chat",
            ChannelType::Whatsapp => "whatsapp",
            ChannelType::Voice => "voice",
        }
    }

    pub(crate) fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// The list-filter vocabulary of conversation statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Open,
    InProgress,
    AwaitingContact,
    Resolved,
    Closed,
    Abandoned,
}

impl Status {
    pub(crate) const ALL: [Status; 6] = [
        Status::Open,
        Status::InProgress,
        Status::AwaitingContact,
        Status::Resolved,
        Status::Closed,
        Status::Abandoned,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in_progress",
            Status::AwaitingContact => "awaiting_contact",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
            Status::Abandoned => "abandoned",
        }
    }

    pub(crate) fn parse(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == value)
    }

    /// Whether a thread in this state normally ends with the customer's message.
    pub(crate) fn waits_on_team(self) -> bool {
        matches!(self, Status::Open | Status::InProgress | Status::Abandoned)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Brand {
    pub id: String,
    pub tenant_id: String,
    pub name: &'static str,
    pub slug: &'static str,
    pub email_from_name: &'static str,
    /// The name the AI's messages carry in the reference schema.
    pub ai_sender_name: &'static str,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub(crate) struct Workspace {
    pub id: String,
    pub name: &'static str,
    /// Index into the brands.
    pub brand: usize,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub(crate) struct Channel {
    pub id: String,
    pub workspace: usize,
    pub kind: ChannelType,
    pub display_name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub(crate) struct Contact {
    /// `None` for an anonymous visitor (only with `Config::nulls`).
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub account: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Author {
    Customer,
    Ai,
    /// A human team member, by display name.
    Agent(String),
    /// A note such as "taken over"; only the reference schema can express it.
    System,
}

#[derive(Debug, Clone)]
pub(crate) struct Message {
    pub id: String,
    pub author: Author,
    pub body: String,
    pub sent_at: DateTime<Utc>,
}

/// What regenerates a demo thread on demand: at 100k conversations, materialising every thread
/// up front would cost seconds and hundreds of megabytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ThreadSeed {
    pub seed: u64,
    pub topic: u16,
    pub len: u8,
    pub order_number: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct Conversation {
    pub id: Arc<str>,
    pub workspace: usize,
    pub channel: usize,
    pub contact: Contact,
    pub subject: String,
    pub status: Status,
    pub human_managed: bool,
    /// Older than the first message; never changes. Orders the list under `ListOrder::Created`.
    pub created_at: DateTime<Utc>,
    /// `None` until the conversation has its first message (only with `Config::nulls`, or
    /// never: every other conversation starts with one).
    pub last_message_at: Option<DateTime<Utc>>,
    /// `None` renders `null`: no message yet, or a server that did not compute it.
    pub preview: Option<String>,
    /// Missing optional fields render as `null` rather than being left out, to keep clients tolerant.
    pub explicit_nulls: bool,
    /// `false` leaves `humanManaged` out of the list item (the field is optional).
    pub shows_human_managed: bool,
    /// The customer's messages carry `senderName: null` in the reference schema.
    pub anonymous_sender: bool,
    pub open_attention: u32,
    /// An AI action held by an approval guardrail, as the AI would describe it.
    pub pending_approval: Option<String>,
    /// Set until the thread is first read or changed; `messages` is empty until then.
    pub pending_thread: Option<ThreadSeed>,
    pub messages: Vec<Message>,
}

#[derive(Debug, Clone)]
pub(crate) struct AttentionItem {
    pub id: String,
    pub conversation: usize,
    pub kind: &'static str,
    pub reason: String,
    pub open: bool,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub conversation_id: Arc<str>,
    pub content: String,
    pub received_at: DateTime<Utc>,
    pub key: String,
}
