//! The Quickstart and the reference shape of a thread come out as the same `Message`s, and a
//! voice call's AI turns never count as the customer's.

mod common;

use common::*;
use ohallo_core::{Author, ConversationQuery, Message, Speaker};
use ohallo_sandbox::{Config, MessageSchema};
use serde_json::json;

async fn thread_in(schema: MessageSchema) -> Vec<Message> {
    let sandbox = start(Config {
        message_schema: schema,
        ..Config::default()
    })
    .await;
    let conversation = inbound(
        &sandbox,
        json!({"body": "Has my order shipped?", "channel": "email", "contactName": "Jane Smith"}),
    )
    .await;
    let client = client(&sandbox);
    client
        .reply(&conversation, "Yes, yesterday.")
        .await
        .unwrap();
    client.messages(&conversation).await.unwrap()
}

#[tokio::test]
async fn quickstart_and_reference_threads_normalise_alike() {
    let quickstart = thread_in(MessageSchema::Quickstart).await;
    let reference = thread_in(MessageSchema::Reference).await;
    for thread in [&quickstart, &reference] {
        let first = thread.first().unwrap();
        assert_eq!(first.body, "Has my order shipped?");
        assert!(first.is_from_customer());
        let last = thread.last().unwrap();
        assert_eq!(last.body, "Yes, yesterday.");
        assert!(!last.is_from_customer());
        assert!(thread
            .windows(2)
            .all(|pair| pair[0].sent_at <= pair[1].sent_at));
    }
    assert!(
        quickstart[0].channel.is_some(),
        "the Quickstart names the channel"
    );
}

#[tokio::test]
async fn every_seeded_thread_decodes_in_both_schemas() {
    for schema in [MessageSchema::Quickstart, MessageSchema::Reference] {
        let sandbox = start(Config {
            message_schema: schema,
            ..Config::default()
        })
        .await;
        let client = client(&sandbox);
        let page = client
            .list_conversations(&ConversationQuery {
                limit: Some(100),
                ..ConversationQuery::default()
            })
            .await
            .unwrap();
        for conversation in &page.data {
            let thread = client.messages(&conversation.id).await.unwrap();
            assert!(!thread.is_empty(), "{schema:?} {}", conversation.id);
        }
    }
}

#[tokio::test]
async fn on_a_voice_call_the_ai_is_not_the_customer() {
    for schema in [MessageSchema::Quickstart, MessageSchema::Reference] {
        let sandbox = start(Config {
            message_schema: schema,
            ..Config::default()
        })
        .await;
        let call = inbound(
            &sandbox,
            json!({"body": "Hi, I'm calling about my invoice.", "channel": "voice", "speaker": "caller"}),
        )
        .await;
        inbound(
            &sandbox,
            json!({"body": "Of course, which invoice number?", "conversationId": call,
                   "channel": "voice", "speaker": "ai"}),
        )
        .await;
        let thread = client(&sandbox).messages(&call).await.unwrap();
        let caller = thread
            .iter()
            .find(|m| m.body.starts_with("Hi, I'm calling"))
            .unwrap();
        let ai = thread
            .iter()
            .find(|m| m.body.starts_with("Of course"))
            .unwrap();
        assert!(caller.is_from_customer(), "{schema:?}: {caller:?}");
        assert!(!ai.is_from_customer(), "{schema:?}: {ai:?}");
        if schema == MessageSchema::Quickstart {
            assert_eq!(ai.speaker, Some(Speaker::Ai));
            assert_eq!(ai.author, Author::Ai);
            assert_eq!(caller.speaker, Some(Speaker::Caller));
        }
    }
}
