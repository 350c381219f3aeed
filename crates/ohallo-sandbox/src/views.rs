//! JSON renderings of the domain, in the Quickstart or the reference shape.

use crate::config::{ConversationDetail, MessageSchema};
use crate::control_api::RecordedReply;
use crate::corpus::SYSTEM_NAME;
use crate::model::{
    AttentionItem, Author, Brand, Channel, ChannelType, Contact, Conversation, Message, Reply,
    Status, Workspace,
};
use crate::store::{Store, Thread};
use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

/// How the API writes what it serves; fixed for a sandbox's lifetime.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Render {
    pub schema: MessageSchema,
    /// Timestamps in this offset instead of `Z`: the same instants, written as another server might.
    pub offset: Option<FixedOffset>,
    /// `Config::nulls`: `senderName` is null where nobody (or nobody known) sent a message.
    pub nulls: bool,
    pub detail: ConversationDetail,
}

impl Render {
    /// The Quickstart shows whole seconds, the reference milliseconds: clients must accept both.
    pub(crate) fn timestamp(&self, at: DateTime<Utc>) -> String {
        let format = match self.schema {
            MessageSchema::Quickstart => SecondsFormat::Secs,
            MessageSchema::Reference => SecondsFormat::Millis,
        };
        self.timestamp_as(at, format)
    }

    fn timestamp_as(&self, at: DateTime<Utc>, format: SecondsFormat) -> String {
        match self.offset {
            Some(offset) => at.with_timezone(&offset).to_rfc3339_opts(format, false),
            None => at.to_rfc3339_opts(format, true),
        }
    }
}

pub(crate) fn conversation(store: &Store, conversation: &Conversation, render: Render) -> Value {
    let mut item = Map::new();
    item.insert("id".into(), json!(&*conversation.id));
    item.insert(
        "workspaceId".into(),
        json!(store.workspace(conversation.workspace).id),
    );
    item.insert(
        "channelId".into(),
        json!(store.channel(conversation.channel).id),
    );
    item.insert("contactId".into(), json!(conversation.contact.id));
    item.insert("status".into(), json!(conversation.status.as_str()));
    item.insert("lastMessagePreview".into(), json!(conversation.preview));
    item.insert(
        "lastMessageAt".into(),
        json!(conversation.last_message_at.map(|at| render.timestamp(at))),
    );
    // Not in the Quickstart's item, but it says where the creation order puts a conversation.
    item.insert(
        "createdAt".into(),
        json!(render.timestamp(conversation.created_at)),
    );
    let contact = &conversation.contact;
    for (key, value) in [
        ("contactName", &contact.name),
        ("contactEmail", &contact.email),
        ("accountName", &contact.account),
    ] {
        match value {
            Some(value) => {
                item.insert(key.into(), json!(value));
            }
            None if conversation.explicit_nulls => {
                item.insert(key.into(), Value::Null);
            }
            None => {}
        }
    }
    if conversation.shows_human_managed {
        item.insert("humanManaged".into(), json!(conversation.human_managed));
    }
    Value::Object(item)
}

/// The whole thread: a bare array (Quickstart) or `{"data": [...]}` (reference).
pub(crate) fn messages(thread: &Thread<'_>, render: Render) -> Value {
    let list = message_list(thread, render);
    match render.schema {
        MessageSchema::Quickstart => Value::Array(list),
        MessageSchema::Reference => json!({ "data": list }),
    }
}

fn message_list(thread: &Thread<'_>, render: Render) -> Vec<Value> {
    let (kind, conversation) = (thread.kind, thread.conversation);
    let contact = &conversation.contact;
    match render.schema {
        MessageSchema::Quickstart => conversation
            .messages
            .iter()
            .filter_map(|message| quickstart_message(render, kind, contact, message))
            .collect(),
        MessageSchema::Reference => conversation
            .messages
            .iter()
            .map(|message| reference_message(render, thread, message))
            .collect(),
    }
}

/// `GET /api/conversations/{id}`: the list's fields (its status in the detail's own
/// vocabulary), `accountId`, the thread and the attention items, and with
/// [`ConversationDetail::Enriched`] the contact and account records.
pub(crate) fn conversation_detail(
    thread: &Thread<'_>,
    attention: Vec<Value>,
    may_read_contact: bool,
    render: Render,
) -> Value {
    let (store, conversation) = (thread.store, thread.conversation);
    let mut detail = self::conversation(store, conversation, render);
    detail["status"] = json!(detail_status(conversation));
    let account_id = conversation.contact.account.as_deref().map(account_id);
    detail["accountId"] = json!(account_id);
    detail["messages"] = Value::Array(message_list(thread, render));
    detail["attentionItems"] = Value::Array(attention);
    if render.detail == ConversationDetail::Enriched {
        let contact = match conversation.contact.id {
            Some(_) if may_read_contact => {
                let mut contact = self::contact(store, conversation, render);
                // The detail's own accountId is the one to trust: a contact record may lag it.
                if render.nulls && conversation.id.bytes().last().is_some_and(|b| b % 2 == 0) {
                    contact["accountId"] = Value::Null;
                }
                contact
            }
            _ => Value::Null,
        };
        detail["contact"] = contact;
        detail["account"] = account_id
            .as_deref()
            .and_then(account)
            .unwrap_or(Value::Null);
    }
    detail
}

/// The detail endpoint writes status as `new/active/human_managed/resolved/waiting`.
fn detail_status(conversation: &Conversation) -> &'static str {
    match conversation.status {
        _ if conversation.human_managed => "human_managed",
        Status::Open if conversation.messages.len() <= 1 => "new",
        Status::Open | Status::InProgress => "active",
        Status::AwaitingContact => "waiting",
        Status::Resolved | Status::Closed | Status::Abandoned => "resolved",
    }
}

/// `None` for system notes, which the Quickstart shape cannot express.
fn quickstart_message(
    render: Render,
    kind: ChannelType,
    contact: &Contact,
    message: &Message,
) -> Option<Value> {
    let voice = kind == ChannelType::Voice;
    let (direction, speaker) = match (&message.author, voice) {
        (Author::System, _) => return None,
        (Author::Customer, true) => ("inbound", json!("caller")),
        (Author::Ai, true) => ("inbound", json!("ai")),
        (Author::Customer, false) => ("inbound", Value::Null),
        (Author::Ai | Author::Agent(_), _) => ("outbound", Value::Null),
    };
    let mut item = Map::new();
    item.insert("id".into(), json!(message.id));
    item.insert("direction".into(), json!(direction));
    item.insert("speaker".into(), speaker);
    item.insert("body".into(), json!(message.body));
    item.insert(
        "sentAt".into(),
        json!(render.timestamp_as(message.sent_at, SecondsFormat::Secs)),
    );
    item.insert("channel".into(), json!(kind.as_str()));
    let from = match kind {
        ChannelType::Email => contact.email.as_deref(),
        ChannelType::Whatsapp | ChannelType::Voice => contact.phone.as_deref(),
        ChannelType::Chat => None,
    };
    if let (Author::Customer, Some(from)) = (&message.author, from) {
        item.insert("fromAddress".into(), json!(from));
    }
    Some(Value::Object(item))
}

/// The AI and a person are both `agent`s here: only `senderName`, compared with the brand's
/// `aiSenderName`, tells them apart.
fn reference_message(render: Render, thread: &Thread<'_>, message: &Message) -> Value {
    let conversation = thread.conversation;
    let contact = &conversation.contact;
    let (role, sender) = match &message.author {
        // With nulls, only a known name; otherwise the best handle there is.
        Author::Customer if render.nulls => (
            "customer",
            contact
                .name
                .as_deref()
                .filter(|_| !conversation.anonymous_sender),
        ),
        Author::Customer => (
            "customer",
            Some(
                [&contact.name, &contact.email, &contact.phone]
                    .into_iter()
                    .flatten()
                    .next()
                    .map_or("Customer", String::as_str),
            ),
        ),
        Author::Ai => ("agent", Some(thread.ai_sender_name)),
        Author::Agent(name) => ("agent", Some(name.as_str())),
        Author::System => ("system", (!render.nulls).then_some(SYSTEM_NAME)),
    };
    json!({
        "id": message.id,
        "role": role,
        "content": message.body,
        "senderName": sender,
        "createdAt": render.timestamp_as(message.sent_at, SecondsFormat::Millis),
    })
}

pub(crate) fn workspace(store: &Store, workspace: &Workspace, render: Render) -> Value {
    json!({
        "id": workspace.id,
        "name": workspace.name,
        "brandId": store.brand(workspace.brand).id,
        "createdAt": render.timestamp(workspace.created_at),
    })
}

pub(crate) fn brand(brand: &Brand, render: Render) -> Value {
    json!({
        "id": brand.id,
        "tenantId": brand.tenant_id,
        "name": brand.name,
        "slug": brand.slug,
        "emailFromName": brand.email_from_name,
        "aiSenderName": brand.ai_sender_name,
        "createdAt": render.timestamp(brand.created_at),
    })
}

pub(crate) fn channel(store: &Store, channel: &Channel, render: Render) -> Value {
    json!({
        "id": channel.id,
        "workspaceId": store.workspace(channel.workspace).id,
        "channelType": channel.kind.as_str(),
        "displayName": channel.display_name,
        "createdAt": render.timestamp(channel.created_at),
    })
}

pub(crate) fn attention_item(
    item: &AttentionItem,
    conversation: &Conversation,
    render: Render,
) -> Value {
    json!({
        "id": item.id,
        "conversationId": &*conversation.id,
        "type": item.kind,
        "reason": item.reason,
        "status": if item.open { "open" } else { "resolved" },
        "createdAt": render.timestamp(item.created_at),
        "resolvedAt": item.resolved_at.map(|at| render.timestamp(at)),
    })
}

pub(crate) fn reply(render: Render, reply: &Reply) -> RecordedReply {
    RecordedReply {
        conversation_id: reply.conversation_id.to_string(),
        content: reply.content.clone(),
        received_at: render.timestamp_as(reply.received_at, SecondsFormat::Millis),
        key: reply.key.clone(),
    }
}

/// An account's id, made from its name: the sandbox's accounts are a fixed list.
pub(crate) fn account_id(name: &str) -> String {
    let slug: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    format!("acc_{slug}")
}

/// `GET /api/contacts/{id}`: the person, their company and how they reach us.
pub(crate) fn contact(store: &Store, conversation: &Conversation, render: Render) -> Value {
    let contact = &conversation.contact;
    let kind = store.channel(conversation.channel).kind;
    let mut identities = Vec::new();
    if let Some(email) = &contact.email {
        identities.push(json!({ "channel": "email", "value": email }));
    }
    if let Some(phone) = &contact.phone {
        let channel = if kind == ChannelType::Whatsapp {
            "whatsapp"
        } else {
            "phone"
        };
        identities.push(json!({ "channel": channel, "value": phone }));
    }
    json!({
        "id": contact.id,
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "accountId": contact.account.as_deref().map(account_id),
        "accountName": contact.account,
        "externalRef": null,
        "identities": identities,
        "createdAt": render.timestamp(conversation.created_at),
        "updatedAt": render.timestamp(conversation.last_message_at.unwrap_or(conversation.created_at)),
    })
}

/// `GET /api/accounts/{id}`, or `None` for an id no account has.
pub(crate) fn account(id: &str) -> Option<Value> {
    let (name, domain) = crate::corpus::ACCOUNTS
        .iter()
        .find(|(name, _)| account_id(name) == id)?;
    let country = match domain.rsplit('.').next() {
        Some("dk") => Some("DK"),
        Some("de") => Some("DE"),
        Some("es") => Some("ES"),
        Some("nl") => Some("NL"),
        Some("fr") => Some("FR"),
        _ => None,
    };
    Some(json!({
        "id": id,
        "name": name,
        "emailDomain": domain,
        "country": country,
        "phone": null,
        "website": format!("https://{domain}"),
    }))
}
