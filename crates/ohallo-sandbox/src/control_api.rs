//! The bodies of the control API under `/_sandbox/`, shared by the server, which reads requests
//! and writes answers with them, and [`crate::control_client`], which does the opposite, so the
//! two cannot drift apart.

use serde::{Deserialize, Serialize};

/// `POST /_sandbox/inbound`: a customer (or, with `speaker: "ai"`, the AI on a voice call)
/// writes into a conversation, or into a new one when `conversation_id` is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Inbound {
    /// Required and not blank; optional here so a missing one is answered 400, not 422.
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// `email`, `chat` (the default), `whatsapp` or `voice`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// `caller` or `ai`, on voice conversations only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    /// A new conversation from the same person as this existing one (their contact reused).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<String>,
}

impl Inbound {
    /// A message from a new customer on the default channel.
    pub fn new(body: impl Into<String>) -> Inbound {
        Inbound {
            body: Some(body.into()),
            ..Inbound::default()
        }
    }

    pub fn in_conversation(mut self, id: impl Into<String>) -> Inbound {
        self.conversation_id = Some(id.into());
        self
    }

    /// Starts a new conversation from the person who wrote conversation `id`.
    pub fn as_contact_of(mut self, id: impl Into<String>) -> Inbound {
        self.contact_of = Some(id.into());
        self
    }

    pub fn from_contact(mut self, name: impl Into<String>) -> Inbound {
        self.contact_name = Some(name.into());
        self
    }

    pub fn on_channel(mut self, channel: impl Into<String>) -> Inbound {
        self.channel = Some(channel.into());
        self
    }

    pub fn spoken_by(mut self, speaker: impl Into<String>) -> Inbound {
        self.speaker = Some(speaker.into());
        self
    }

    pub fn in_workspace(mut self, id: impl Into<String>) -> Inbound {
        self.workspace_id = Some(id.into());
        self
    }
}

/// The answer to [`Inbound`]: where the message went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Written {
    pub conversation_id: String,
    pub message_id: String,
}

/// `POST /_sandbox/attention`: a conversation needs a human.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attention {
    pub conversation_id: String,
    /// A default reason when absent or blank.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST /_sandbox/approval`: an approval guardrail holds one of the AI's actions in a
/// conversation until `POST /api/conversations/{id}/approve`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    pub conversation_id: String,
    /// What the AI wants to do, e.g. "Refund order #4521 (49.00 EUR)".
    pub action: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AttentionRaised {
    pub attention_item_id: String,
}

/// `POST /_sandbox/keys`: mints a key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeySpec {
    /// Scope names such as `conversations:read`; an unknown one is refused.
    pub scopes: Vec<String>,
    #[serde(default)]
    pub expired: bool,
    /// Restricts the key to this workspace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<String>,
}

impl KeySpec {
    pub fn with_scopes(scopes: &[&str]) -> KeySpec {
        KeySpec {
            scopes: scopes.iter().map(|scope| (*scope).to_owned()).collect(),
            ..KeySpec::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct MintedKey {
    pub key: String,
}

/// `POST /_sandbox/revoke`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Revoke {
    pub key: String,
}

/// `POST /_sandbox/faults`: the next `count` API requests under `path_prefix` (`/api/` when
/// absent) fail in one chosen way. Choose one of `status`, `malformed`, `drop`, `drop_answer`
/// and `echo_cursor`; `delay_ms` goes with any of them or alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultSpec {
    pub count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    #[serde(default)]
    pub malformed: bool,
    #[serde(default)]
    pub drop: bool,
    /// Serve and apply the request, then close the connection without the answer.
    #[serde(default)]
    pub drop_answer: bool,
    /// The list's `nextCursor` repeats the request's `cursor`.
    #[serde(default)]
    pub echo_cursor: bool,
}

impl FaultSpec {
    /// The `n`th of a rotating mix of every kind a client must survive, one request each: 503,
    /// 429 with `Retry-After`, a dropped connection, malformed JSON, a 2.5 s delay.
    pub fn rotating(n: usize) -> FaultSpec {
        let once = FaultSpec {
            count: 1,
            ..FaultSpec::default()
        };
        match n % 5 {
            0 => FaultSpec {
                status: Some(503),
                ..once
            },
            1 => FaultSpec {
                status: Some(429),
                retry_after: Some(1),
                ..once
            },
            2 => FaultSpec { drop: true, ..once },
            3 => FaultSpec {
                malformed: true,
                ..once
            },
            _ => FaultSpec {
                delay_ms: Some(2500),
                ..once
            },
        }
    }

    /// The same fault, only for requests under `prefix`.
    pub fn under(mut self, prefix: impl Into<String>) -> FaultSpec {
        self.path_prefix = Some(prefix.into());
        self
    }
}

/// A reply the sandbox received, from `GET /_sandbox/replies`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordedReply {
    pub conversation_id: String,
    pub content: String,
    /// RFC 3339, in the sandbox's configured offset.
    pub received_at: String,
    /// The API key the reply came with (a sandbox's keys are test keys, minted for the test).
    #[serde(default)]
    pub key: String,
}

/// `POST /_sandbox/attachments`: a file attached to a message of a conversation (by default
/// its last customer message), served at pre-signed URLs like the demo's own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NewAttachment {
    pub conversation_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// `null` in the listing when absent.
    pub file_name: Option<String>,
    /// `null` in the listing when absent; served as `application/octet-stream` then.
    pub content_type: Option<String>,
    /// What the listing announces; the content's true length when absent. May lie.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
    /// `sizeBytes: null` in the listing.
    pub no_size: bool,
    /// `url: null` in the listing.
    pub no_url: bool,
    /// Served in chunks, without a `Content-Length`.
    pub chunked: bool,
    /// A slow file host: served in 16 KiB chunks this many milliseconds apart (with a
    /// `Content-Length` unless `chunked`), so a client's progress can be watched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chunk_delay_ms: Option<u64>,
    /// The file's bytes, standard base64.
    pub content_base64: String,
}

impl NewAttachment {
    pub fn new(
        conversation_id: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        content: &[u8],
    ) -> NewAttachment {
        use base64::Engine;
        NewAttachment {
            conversation_id: conversation_id.into(),
            file_name: Some(file_name.into()),
            content_type: Some(content_type.into()),
            content_base64: base64::engine::general_purpose::STANDARD.encode(content),
            ..NewAttachment::default()
        }
    }

    pub fn on_message(mut self, id: impl Into<String>) -> NewAttachment {
        self.message_id = Some(id.into());
        self
    }
}

/// The answer to [`NewAttachment`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentAdded {
    pub attachment_id: String,
    pub message_id: String,
}

/// `GET /_sandbox/downloads`: what the file host did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Downloads {
    /// Files served.
    pub served: u64,
    /// Requests refused because they carried an `Authorization` header.
    pub refused_with_authorization: u64,
}
