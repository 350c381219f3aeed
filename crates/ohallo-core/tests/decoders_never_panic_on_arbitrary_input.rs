//! Whatever arrives, every decoder returns `Ok` or `Err`, and never panics.

use ohallo_core::decode;
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Runs every decoder on `bytes`; a panic fails the property.
fn decode_with_all(bytes: &[u8]) {
    let _ = decode::conversations_page(bytes);
    let _ = decode::messages(bytes);
    let _ = decode::workspaces(bytes);
    let _ = decode::channel(bytes);
    let _ = decode::attention_items(bytes);
    let _ = decode::conversation_detail(bytes);
    let _ = decode::server_error_text(bytes);
}

/// Field names the decoders look for, so random JSON reaches past the first lookup.
const KEYS: &[&str] = &[
    "data",
    "nextCursor",
    "id",
    "workspaceId",
    "channelId",
    "contactId",
    "status",
    "lastMessagePreview",
    "lastMessageAt",
    "contactName",
    "humanManaged",
    "direction",
    "speaker",
    "body",
    "sentAt",
    "channel",
    "role",
    "content",
    "createdAt",
    "name",
    "channelType",
    "displayName",
    "conversationId",
    "type",
    "reason",
    "error",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        Just(Value::from("2026-03-20T14:32:00Z")),
        Just(Value::from("inbound")),
        Just(Value::from("ai")),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8).prop_map(|fields| {
                let object: Map<String, Value> = fields
                    .into_iter()
                    .map(|(key, value)| (key.to_owned(), value))
                    .collect();
                Value::Object(object)
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_with_all(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        decode_with_all(text.as_bytes());
    }

    #[test]
    fn arbitrary_json_shaped_like_the_api_never_panics(value in json_value()) {
        decode_with_all(value.to_string().as_bytes());
    }
}
