//! What oHallo sends, as typed values. Reading is tolerant (both documented message shapes,
//! three status vocabularies, optional fields absent or null); writing is the camelCase form
//! the app hands to its UI. None of these types can hold the API key.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::decode::truncate_body;
use crate::lenient::{self, open_string_enum};

open_string_enum! {
    /// A conversation's state, in any of the vocabularies oHallo's material uses: the list
    /// filter's, the single-conversation schema's and the dashboard's.
    pub enum ConversationStatus {
        Open => "open",
        InProgress => "in_progress",
        AwaitingContact => "awaiting_contact",
        Resolved => "resolved",
        Closed => "closed",
        Abandoned => "abandoned",
        New => "new",
        Active => "active",
        HumanManaged => "human_managed",
        Waiting => "waiting",
    }
}

open_string_enum! {
    /// Who talks on a voice call (every voice message is `inbound`, so this is what tells the
    /// caller from the AI).
    pub enum Speaker {
        Caller => "caller",
        Ai => "ai",
    }
}

open_string_enum! {
    pub enum ChannelType {
        Email => "email",
        Chat => "chat",
        Whatsapp => "whatsapp",
        Voice => "voice",
    }
}

open_string_enum! {
    pub enum AttentionStatus {
        Open => "open",
        Resolved => "resolved",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(deserialize_with = "lenient::id")]
    pub workspace_id: String,
    #[serde(deserialize_with = "lenient::id")]
    pub channel_id: String,
    /// Null for a conversation whose contact oHallo could not (yet) tell.
    #[serde(default, deserialize_with = "lenient::optional_id")]
    pub contact_id: Option<String>,
    pub status: ConversationStatus,
    /// Empty when the server sends null (a conversation with no message yet).
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub last_message_preview: String,
    /// Null for a conversation with no message yet.
    #[serde(default)]
    pub last_message_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub contact_name: Option<String>,
    #[serde(default)]
    pub contact_email: Option<String>,
    #[serde(default)]
    pub account_name: Option<String>,
    #[serde(default)]
    pub human_managed: Option<bool>,
}

/// Who wrote a message, as far as the schema in use can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Author {
    Customer,
    /// Our side: a person on the team, or the AI where the schema does not tell them apart
    /// (the Quickstart's `outbound`, the reference's `agent`).
    Team,
    /// The AI, where the schema says so (a voice call's `speaker: ai`).
    Ai,
    /// The platform itself, or a message that names no sender.
    System,
}

/// One message of a thread, normalised from either documented shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", try_from = "WireMessage")]
pub struct Message {
    pub id: String,
    pub author: Author,
    pub speaker: Option<Speaker>,
    pub body: String,
    pub sent_at: DateTime<Utc>,
    pub channel: Option<String>,
    pub from_address: Option<String>,
    pub sender_name: Option<String>,
}

impl Message {
    /// True only for what the customer wrote or said: these, and only these, may notify.
    /// `author` is derived by the contract's rule (`direction` inbound and `speaker` not
    /// `ai`, or `role` customer), so a voice AI turn, inbound with speaker `ai`, is not.
    pub fn is_from_customer(&self) -> bool {
        self.author == Author::Customer
    }
}

/// The union of the Quickstart shape (`direction`, `speaker`, `body`, `sentAt`, `channel`,
/// `fromAddress`) and the reference shape (`role`, `content`, `senderName`, `createdAt`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireMessage {
    #[serde(deserialize_with = "lenient::id")]
    id: String,
    direction: Option<String>,
    speaker: Option<Speaker>,
    body: Option<String>,
    sent_at: Option<DateTime<Utc>>,
    channel: Option<String>,
    from_address: Option<String>,
    role: Option<String>,
    content: Option<String>,
    sender_name: Option<String>,
    created_at: Option<DateTime<Utc>>,
}

impl TryFrom<WireMessage> for Message {
    type Error = String;

    fn try_from(wire: WireMessage) -> Result<Message, String> {
        let author = author_of(
            wire.direction.as_deref(),
            wire.speaker.as_ref(),
            wire.role.as_deref(),
        );
        let body = wire
            .body
            .or(wire.content)
            .ok_or("message has neither `body` nor `content`")?;
        let sent_at = wire
            .sent_at
            .or(wire.created_at)
            .ok_or("message has neither `sentAt` nor `createdAt`")?;
        Ok(Message {
            id: wire.id,
            author,
            speaker: wire.speaker,
            body: truncate_body(body),
            sent_at,
            channel: wire.channel,
            from_address: wire.from_address,
            sender_name: wire.sender_name,
        })
    }
}

fn author_of(direction: Option<&str>, speaker: Option<&Speaker>, role: Option<&str>) -> Author {
    let is = |value: Option<&str>, expected: &str| {
        value.is_some_and(|value| value.trim().eq_ignore_ascii_case(expected))
    };
    let ai_speaking = speaker == Some(&Speaker::Ai);
    if (is(direction, "inbound") && !ai_speaking) || is(role, "customer") {
        Author::Customer
    } else if ai_speaking || ["ai", "assistant", "bot"].iter().any(|r| is(role, r)) {
        Author::Ai
    } else if is(role, "system") {
        Author::System
    } else if direction.is_some() || role.is_some() {
        Author::Team
    } else {
        Author::System
    }
}

/// One page of a cursor-paginated listing; `next_cursor` is `None` on the last page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub data: Vec<T>,
    #[serde(default, deserialize_with = "lenient::cursor")]
    pub next_cursor: Option<String>,
    /// Rows left out because they could not be read.
    #[serde(default)]
    pub skipped: usize,
    /// The server's clock when it answered (its `Date` header), where it sent one.
    #[serde(skip)]
    pub served_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    pub name: String,
    /// The brand whose AI persona speaks in this workspace.
    #[serde(default, deserialize_with = "lenient::optional_id")]
    pub brand_id: Option<String>,
}

/// A customer-facing identity; only what tells the AI's messages from a person's is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Brand {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// The name the AI signs its messages with under the reference schema, where the AI and a
    /// person are both `role: agent`.
    #[serde(default)]
    pub ai_sender_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Channel {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(deserialize_with = "lenient::id")]
    pub workspace_id: String,
    pub channel_type: ChannelType,
    pub display_name: String,
}

/// A "a human is needed" signal on a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttentionItem {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(deserialize_with = "lenient::id")]
    pub conversation_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub reason: Option<String>,
    pub status: AttentionStatus,
    pub created_at: DateTime<Utc>,
}

/// A customer as the CRM knows them (`GET /api/contacts/{id}`). The docs write the name whole
/// (`name`) in one place and split (`firstName`, `lastName`) in another; either is read, and
/// every field but the id may be missing or null.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub account_id: Option<String>,
    pub account_name: Option<String>,
    /// How the customer reaches us, e.g. `{channel: "email", value: "…"}`.
    pub identities: Vec<Identity>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Identity {
    pub channel: String,
    pub value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContactFields {
    #[serde(deserialize_with = "lenient::id")]
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    first_name: Option<String>,
    #[serde(default)]
    last_name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default, deserialize_with = "lenient::optional_id")]
    account_id: Option<String>,
    #[serde(default)]
    account_name: Option<String>,
    #[serde(default)]
    company_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    identities: Vec<serde_json::Value>,
}

impl<'de> Deserialize<'de> for Contact {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fields = ContactFields::deserialize(deserializer)?;
        let split: Vec<String> = [fields.first_name, fields.last_name]
            .into_iter()
            .flatten()
            .filter(|part| !part.trim().is_empty())
            .collect();
        let name = fields
            .name
            .filter(|name| !name.trim().is_empty())
            .or_else(|| (!split.is_empty()).then(|| split.join(" ")));
        Ok(Contact {
            id: fields.id,
            name,
            email: fields.email,
            phone: fields.phone,
            account_id: fields.account_id,
            account_name: fields.account_name.or(fields.company_name),
            // An identity that cannot be read is left out, not the whole contact.
            identities: fields
                .identities
                .into_iter()
                .filter_map(|value| serde_json::from_value(value).ok())
                .collect(),
        })
    }
}

/// Who a conversation is with (`GET /api/conversations/{id}`). The docs promise "contact and
/// account details" but show no shape: a server may send only the ids or the records too, so
/// both are read, and an embedded record that cannot be read counts as not sent. The thread
/// and attention items it also carries are read from their own endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationDetail {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::optional_id")]
    pub contact_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::optional_id")]
    pub account_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::optional_or_malformed")]
    pub contact: Option<Contact>,
    #[serde(default, deserialize_with = "lenient::optional_or_malformed")]
    pub account: Option<Account>,
}

/// The company a customer belongs to (`GET /api/accounts/{id}`); all but the id may be absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email_domain: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
}

/// A file attached to a message (`GET /api/conversations/{id}/attachments`). Every field but
/// the ids and the time may be null. The name and type are the sender's word, not the truth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(deserialize_with = "lenient::id")]
    pub message_id: String,
    #[serde(default)]
    pub file_name: Option<String>,
    #[serde(default)]
    pub content_type: Option<String>,
    /// As announced; a negative, fractional or unreadable size reads as unknown.
    #[serde(default, deserialize_with = "optional_size")]
    #[ts(type = "number | null")]
    pub size_bytes: Option<u64>,
    /// Pre-signed and short-lived, on another host: fetched without the key, never shown, and
    /// kept out of the webview.
    #[serde(default, skip_serializing)]
    #[ts(skip)]
    pub url: Option<String>,
    pub created_at: DateTime<Utc>,
}

fn optional_size<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u64>, D::Error> {
    let value: Option<serde_json::Value> = Deserialize::deserialize(deserializer)?;
    Ok(match value {
        Some(serde_json::Value::Number(number)) => number.as_u64(),
        Some(serde_json::Value::String(text)) => text.trim().parse().ok(),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_reads_with_its_name_whole_or_split_and_tolerates_nulls() {
        let whole: Contact = serde_json::from_str(
            r#"{"id":"ct_1","name":"Henrik Larsen","email":"h@n.dk","phone":null,
                "accountId":"acc_1","accountName":"Nordic Parts ApS",
                "identities":[{"channel":"email","value":"h@n.dk"},{"channel":7},null]}"#,
        )
        .unwrap();
        assert_eq!(whole.name.as_deref(), Some("Henrik Larsen"));
        assert_eq!(whole.phone, None);
        assert_eq!(whole.account_id.as_deref(), Some("acc_1"));
        assert_eq!(
            whole.identities,
            [Identity {
                channel: "email".into(),
                value: "h@n.dk".into()
            }],
            "unreadable identities are left out"
        );
        let split: Contact = serde_json::from_str(
            r#"{"id":42,"firstName":"Jan","lastName":"Mueller","companyName":"Acme GmbH"}"#,
        )
        .unwrap();
        assert_eq!(split.id, "42");
        assert_eq!(split.name.as_deref(), Some("Jan Mueller"));
        assert_eq!(split.account_name.as_deref(), Some("Acme GmbH"));
        assert!(split.identities.is_empty());
        let bare: Contact =
            serde_json::from_str(r#"{"id":"ct_2","name":"  ","identities":null}"#).unwrap();
        assert_eq!(bare.name, None);
        assert!(serde_json::from_str::<Contact>(r#"{"name":"No id"}"#).is_err());
    }

    #[test]
    fn authorship_follows_the_contract() {
        let customer = |d, s, r| author_of(d, s, r) == Author::Customer;
        assert!(customer(Some("inbound"), None, None));
        assert!(customer(Some("inbound"), Some(&Speaker::Caller), None));
        assert!(!customer(Some("inbound"), Some(&Speaker::Ai), None));
        assert!(customer(None, None, Some("customer")));
        assert!(!customer(Some("outbound"), None, None));
        assert!(!customer(None, None, Some("agent")));
        assert!(!customer(None, None, Some("system")));
        assert!(!customer(None, None, None));
        assert_eq!(
            author_of(Some("inbound"), Some(&Speaker::Ai), None),
            Author::Ai
        );
        assert_eq!(author_of(None, None, Some("agent")), Author::Team);
        assert_eq!(author_of(None, None, Some("system")), Author::System);
    }

    #[test]
    fn statuses_from_every_vocabulary_are_known_and_unknown_ones_kept() {
        assert_eq!(
            ConversationStatus::from("In progress"),
            ConversationStatus::InProgress
        );
        assert_eq!(
            ConversationStatus::from("human_managed"),
            ConversationStatus::HumanManaged
        );
        let unknown = ConversationStatus::from("Escalated-To-Legal");
        assert_eq!(unknown.as_str(), "Escalated-To-Legal");
        assert_eq!(ChannelType::from("WhatsApp"), ChannelType::Whatsapp);
    }
}
