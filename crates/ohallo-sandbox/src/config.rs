use chrono::FixedOffset;
use std::time::Duration;

/// The largest demo dataset we promise to generate quickly.
pub const MAX_CONVERSATIONS: usize = 100_000;

/// Which of the two documented message shapes `GET /api/conversations/{id}/messages` serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MessageSchema {
    /// The Quickstart's bare array of `{id, direction, speaker, body, sentAt, channel, fromAddress?}`.
    #[default]
    Quickstart,
    /// The API reference's `{"data": [{id, role, content, senderName, createdAt}]}`.
    Reference,
}

/// The order of `GET /api/conversations`, which oHallo does not document. Cursors are keysets
/// on the order's key and the conversation id, so they stay valid while messages arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListOrder {
    /// Newest `lastMessageAt` first, as observed: a new message moves its conversation to the
    /// top. A conversation without a message yet sorts by its creation time.
    #[default]
    Activity,
    /// Newest created first, never moved by new messages: a customer writing into an old
    /// conversation does not bring it back to the first page. A new conversation goes on top.
    Created,
}

/// What `GET /api/conversations/{id}` says of the customer. The docs promise "contact and account
/// details" without showing their shape, so the least a server may send is their ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConversationDetail {
    /// The conversation's own fields, `accountId`, its messages and attention items: a client
    /// must read `/api/contacts/{id}` and `/api/accounts/{id}` for the rest.
    #[default]
    IdsOnly,
    /// Also `contact` (as `/api/contacts/{id}` has it, `null` without `contacts:read`) and
    /// `account` (as `/api/accounts/{id}`).
    Enriched,
}

/// How a [`crate::Sandbox`] behaves and which demo data it serves.
#[derive(Debug, Clone)]
pub struct Config {
    /// Seeds the demo data, so the same seed always yields the same workspaces and threads.
    pub seed: u64,
    /// Number of demo conversations, at most [`MAX_CONVERSATIONS`].
    pub conversations: usize,
    pub message_schema: MessageSchema,
    /// Replying to a conversation that is not human-managed answers 409, as the API reference describes.
    pub strict_reply: bool,
    /// A simulated customer writes a new inbound message at this interval.
    pub simulate_every: Option<Duration>,
    /// Requests per minute per key; beyond it the API answers 429 with `Retry-After`.
    pub rate_limit: Option<u32>,
    /// Registers this full-scope key instead of a random `sf_test_v1_` key.
    pub key: Option<String>,
    /// `GET /api/conversations` and `GET /api/attention-items` answer 400 `workspaceId is
    /// required.` without a `workspaceId`, for every key. Keys restricted to a workspace always
    /// must pass it (and 403 on a mismatch), whatever this says.
    pub require_workspace: bool,
    /// Every timestamp the API writes (`lastMessageAt`, `sentAt`, `createdAt`, ...) carries this
    /// offset, e.g. `2026-03-20T16:32:00+02:00`, instead of `Z`: the same instants, written as a
    /// server in another zone would. `None` writes UTC with `Z`.
    pub timestamp_offset: Option<FixedOffset>,
    /// Nulls wherever the schemas allow them, deterministically from the seed: some
    /// conversations have `contactId`, `contactName`, `contactEmail`, `accountName` or
    /// `lastMessagePreview` null, some have no message yet (`lastMessageAt: null`, an empty
    /// thread), some leave `humanManaged` out, and some reference-schema messages have
    /// `senderName: null`. The list's first page of 50 holds at least one of each kind.
    pub nulls: bool,
    pub list_order: ListOrder,
    /// An accepted reply answers `{"ok":true}` and shows in `GET /_sandbox/replies` at once, but
    /// reaches the thread (and `lastMessageAt`, `lastMessagePreview`) only after this delay:
    /// delivery is asynchronous. `None` delivers at once.
    pub reply_delay: Option<Duration>,
    /// Serves the control API under `/_sandbox/` (inbound messages, keys, faults, the replies
    /// received). It has no authentication: anyone who reaches the port may use it, so the
    /// in-app demo turns it off, and `/_sandbox/*` then answers 404 like any unknown path.
    /// The simulation (`simulate_every`) runs inside the sandbox and needs no control API.
    pub control_api: bool,
    /// How long an attachment's pre-signed `url` works; then the file host answers 403 and the
    /// client must list the attachments again for a fresh one.
    pub attachment_url_ttl: Duration,
    /// Demo attachments a naive client would mishandle: a file name with `../`, control and
    /// bidi characters, a content type that lies (a script as `application/pdf`), and a body
    /// longer than its `sizeBytes`.
    pub hostile_attachments: bool,
    pub conversation_detail: ConversationDetail,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 2026,
            conversations: 80,
            message_schema: MessageSchema::Quickstart,
            strict_reply: false,
            simulate_every: None,
            rate_limit: None,
            key: None,
            require_workspace: false,
            timestamp_offset: None,
            nulls: false,
            list_order: ListOrder::Activity,
            reply_delay: None,
            control_api: true,
            attachment_url_ttl: Duration::from_secs(60),
            hostile_attachments: false,
            conversation_detail: ConversationDetail::IdsOnly,
        }
    }
}
