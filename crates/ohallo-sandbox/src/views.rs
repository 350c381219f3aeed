//! JSON renderings of the domain, in the Quickstart or the reference shape.

use crate::config::MessageSchema;
use crate::corpus::SYSTEM_NAME;
use crate::model::{
    AttentionItem, Author, Brand, Channel, ChannelType, Contact, Conversation, Message, Reply,
    Workspace,
};
use crate::store::{Store, Thread};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

/// The Quickstart shows whole seconds, the reference milliseconds: clients must accept both.
pub(crate) fn timestamp(at: DateTime<Utc>, schema: MessageSchema) -> String {
    let format = match schema {
        MessageSchema::Quickstart => SecondsFormat::Secs,
        MessageSchema::Reference => SecondsFormat::Millis,
    };
    at.to_rfc3339_opts(format, true)
}

pub(crate) fn conversation(
    store: &Store,
    conversation: &Conversation,
    schema: MessageSchema,
) -> Value {
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
        json!(timestamp(conversation.last_message_at, schema)),
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
    item.insert("humanManaged".into(), json!(conversation.human_managed));
    Value::Object(item)
}

/// The whole thread: a bare array (Quickstart) or `{"data": [...]}` (reference).
pub(crate) fn messages(thread: &Thread<'_>, schema: MessageSchema) -> Value {
    let (kind, conversation) = (thread.kind, thread.conversation);
    let contact = &conversation.contact;
    match schema {
        MessageSchema::Quickstart => Value::Array(
            conversation
                .messages
                .iter()
                .filter_map(|message| quickstart_message(kind, contact, message))
                .collect(),
        ),
        MessageSchema::Reference => json!({
            "data": conversation
                .messages
                .iter()
                .map(|message| reference_message(contact, thread.ai_sender_name, message))
                .collect::<Vec<_>>(),
        }),
    }
}

/// `None` for system notes, which the Quickstart shape cannot express.
fn quickstart_message(kind: ChannelType, contact: &Contact, message: &Message) -> Option<Value> {
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
        json!(timestamp(message.sent_at, MessageSchema::Quickstart)),
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
fn reference_message(contact: &Contact, ai_sender_name: &str, message: &Message) -> Value {
    let (role, sender) = match &message.author {
        Author::Customer => (
            "customer",
            [&contact.name, &contact.email, &contact.phone]
                .into_iter()
                .flatten()
                .next()
                .map_or("Customer", String::as_str),
        ),
        Author::Ai => ("agent", ai_sender_name),
        Author::Agent(name) => ("agent", name.as_str()),
        Author::System => ("system", SYSTEM_NAME),
    };
    json!({
        "id": message.id,
        "role": role,
        "content": message.body,
        "senderName": sender,
        "createdAt": timestamp(message.sent_at, MessageSchema::Reference),
    })
}

pub(crate) fn workspace(store: &Store, workspace: &Workspace, schema: MessageSchema) -> Value {
    json!({
        "id": workspace.id,
        "name": workspace.name,
        "brandId": store.brand(workspace.brand).id,
        "createdAt": timestamp(workspace.created_at, schema),
    })
}

pub(crate) fn brand(brand: &Brand, schema: MessageSchema) -> Value {
    json!({
        "id": brand.id,
        "tenantId": brand.tenant_id,
        "name": brand.name,
        "slug": brand.slug,
        "emailFromName": brand.email_from_name,
        "aiSenderName": brand.ai_sender_name,
        "createdAt": timestamp(brand.created_at, schema),
    })
}

pub(crate) fn channel(store: &Store, channel: &Channel, schema: MessageSchema) -> Value {
    json!({
        "id": channel.id,
        "workspaceId": store.workspace(channel.workspace).id,
        "channelType": channel.kind.as_str(),
        "displayName": channel.display_name,
        "createdAt": timestamp(channel.created_at, schema),
    })
}

pub(crate) fn attention_item(
    item: &AttentionItem,
    conversation: &Conversation,
    schema: MessageSchema,
) -> Value {
    json!({
        "id": item.id,
        "conversationId": &*conversation.id,
        "type": item.kind,
        "reason": item.reason,
        "status": if item.open { "open" } else { "resolved" },
        "createdAt": timestamp(item.created_at, schema),
    })
}

pub(crate) fn reply(reply: &Reply) -> Value {
    json!({
        "conversationId": &*reply.conversation_id,
        "content": reply.content,
        "receivedAt": timestamp(reply.received_at, MessageSchema::Reference),
    })
}
