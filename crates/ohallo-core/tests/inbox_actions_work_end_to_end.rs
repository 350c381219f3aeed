//! The inbox's whole round trip against the sandbox: list, read, reply, take over, release,
//! resolve, and the lookups that label it all.

mod common;

use std::collections::HashSet;

use common::*;
use ohallo_core::{ConversationQuery, ConversationStatus};
use serde_json::json;

async fn find(client: &ohallo_core::Client, id: &str) -> ohallo_core::Conversation {
    let query = ConversationQuery {
        limit: Some(100),
        ..ConversationQuery::default()
    };
    let mut cursor = None;
    // Bounded: a list that never ends must fail the test, not hang it.
    for _ in 0..100 {
        let page = client
            .list_conversations(&ConversationQuery {
                cursor,
                ..query.clone()
            })
            .await
            .unwrap();
        if let Some(found) = page.data.into_iter().find(|c| c.id == id) {
            return found;
        }
        cursor = Some(page.next_cursor.expect("the conversation is listed"));
    }
    panic!("{id} is not within the first 100 pages");
}

#[tokio::test]
async fn a_reply_is_appended_to_the_thread() {
    let sandbox = start_default().await;
    let conversation = inbound(
        &sandbox,
        json!({"body": "Where is my order?", "channel": "email"}),
    )
    .await;
    let client = client(&sandbox);
    let before = client.messages(&conversation).await.unwrap();
    assert!(before.last().unwrap().is_from_customer());

    client
        .reply(&conversation, "It ships tomorrow.")
        .await
        .unwrap();

    let after = client.messages(&conversation).await.unwrap();
    assert_eq!(after.len(), before.len() + 1);
    let reply = after.last().unwrap();
    assert_eq!(reply.body, "It ships tomorrow.");
    assert!(!reply.is_from_customer());
    let recorded = replies(&sandbox).await;
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].conversation_id, conversation);
    assert_eq!(recorded[0].content, "It ships tomorrow.");
}

#[tokio::test]
async fn take_over_release_and_resolve_change_the_conversation() {
    let sandbox = start_default().await;
    let conversation = inbound(&sandbox, json!({"body": "I need a person"})).await;
    let client = client(&sandbox);

    client.take_over(&conversation).await.unwrap();
    let taken = find(&client, &conversation).await;
    assert_ne!(taken.human_managed, Some(false));
    assert!(
        taken.human_managed == Some(true)
            || matches!(
                taken.status,
                ConversationStatus::InProgress | ConversationStatus::HumanManaged
            ),
        "{taken:?}"
    );

    client.release(&conversation).await.unwrap();
    let released = find(&client, &conversation).await;
    assert_ne!(released.human_managed, Some(true), "{released:?}");

    client
        .resolve(&conversation, Some("Answered by phone"))
        .await
        .unwrap();
    let resolved = find(&client, &conversation).await;
    assert_eq!(resolved.status, ConversationStatus::Resolved);
}

#[tokio::test]
async fn filters_narrow_the_list() {
    let sandbox = start_default().await;
    let client = client(&sandbox);
    let query = ConversationQuery {
        status: Some(ConversationStatus::Resolved),
        limit: Some(100),
        ..ConversationQuery::default()
    };
    let page = client.list_conversations(&query).await.unwrap();
    assert!(page
        .data
        .iter()
        .all(|c| c.status == ConversationStatus::Resolved));

    let contact = inbound(
        &sandbox,
        json!({"body": "Hello", "contactName": "Zebulon Quaxley"}),
    )
    .await;
    let query = ConversationQuery {
        q: Some("Zebulon Quaxley".into()),
        ..ConversationQuery::default()
    };
    let page = client.list_conversations(&query).await.unwrap();
    assert!(page.data.iter().any(|c| c.id == contact), "{page:?}");
}

#[tokio::test]
async fn workspaces_channels_and_attention_items_are_readable() {
    let sandbox = start_default().await;
    let client = client(&sandbox);
    client.validate_key(None).await.unwrap();

    let workspaces = client.workspaces().await.unwrap();
    let workspace_ids: HashSet<_> = workspaces.iter().map(|w| w.id.clone()).collect();
    assert!(!workspaces.is_empty());

    let page = client
        .list_conversations(&ConversationQuery::default())
        .await
        .unwrap();
    let conversation = &page.data[0];
    assert!(workspace_ids.contains(&conversation.workspace_id));
    let channel = client.channel(&conversation.channel_id).await.unwrap();
    assert_eq!(channel.id, conversation.channel_id);
    assert_eq!(channel.workspace_id, conversation.workspace_id);
    assert!(!channel.display_name.is_empty());

    let items = client.attention_items(None).await.unwrap();
    for item in &items {
        assert!(!item.conversation_id.is_empty());
        assert!(!item.kind.is_empty());
    }
    let flagged = client
        .list_conversations(&ConversationQuery {
            has_attention: Some(true),
            limit: Some(100),
            ..ConversationQuery::default()
        })
        .await
        .unwrap();
    let with_open_items: HashSet<_> = items
        .iter()
        .filter(|item| item.status == ohallo_core::AttentionStatus::Open)
        .map(|item| item.conversation_id.as_str())
        .collect();
    for conversation in &flagged.data {
        assert!(with_open_items.contains(conversation.id.as_str()));
    }
}

#[tokio::test]
async fn an_attention_item_is_marked_handled_once_and_an_unknown_one_is_not_found() {
    let sandbox = start_default().await;
    let conversation = inbound(&sandbox, json!({"body": "I want a person"})).await;
    let item = control(&sandbox)
        .raise_attention(&ohallo_sandbox::control_api::Attention {
            conversation_id: conversation.clone(),
            reason: None,
        })
        .await
        .unwrap();
    let client = client(&sandbox);
    client.resolve_attention_item(&item).await.unwrap();
    let items = client.attention_items(None).await.unwrap();
    let resolved = items.iter().find(|i| i.id == item).unwrap();
    assert_eq!(resolved.status, ohallo_core::AttentionStatus::Resolved);
    assert_eq!(resolved.conversation_id, conversation);

    assert!(matches!(
        client.resolve_attention_item(&item).await,
        Err(ohallo_core::ApiError::Conflict { .. })
    ));
    assert!(matches!(
        client.resolve_attention_item("att_unknown").await,
        Err(ohallo_core::ApiError::NotFound { .. })
    ));
    assert!(matches!(
        client.resolve_attention_item("..").await,
        Err(ohallo_core::ApiError::InvalidInput(_))
    ));
}

#[tokio::test]
async fn approving_releases_a_held_action_and_nothing_held_is_not_found() {
    let sandbox = start_default().await;
    let conversation = inbound(&sandbox, json!({"body": "Refund me please"})).await;
    let client = client(&sandbox);
    assert!(matches!(
        client.approve(&conversation).await,
        Err(ohallo_core::ApiError::NotFound { .. })
    ));
    control(&sandbox)
        .hold_for_approval(&ohallo_sandbox::control_api::Approval {
            conversation_id: conversation.clone(),
            action: "Refund order #4521".into(),
        })
        .await
        .unwrap();
    client.approve(&conversation).await.unwrap();
    assert!(
        matches!(
            client.approve(&conversation).await,
            Err(ohallo_core::ApiError::NotFound { .. })
        ),
        "approved once only"
    );
}

#[tokio::test]
async fn a_customer_is_read_with_their_company_and_their_other_conversations() {
    let sandbox = start_default().await;
    let first = inbound(
        &sandbox,
        json!({"body": "Order question", "contactName": "Ana Ruiz", "channel": "email"}),
    )
    .await;
    let second = inbound(
        &sandbox,
        json!({"body": "Invoice question", "contactOf": first}),
    )
    .await;
    let client = client(&sandbox);
    let listed = find(&client, &first).await;
    let contact_id = listed.contact_id.clone().expect("a contact");
    let contact = client.contact(&contact_id).await.unwrap();
    assert_eq!(contact.name.as_deref(), Some("Ana Ruiz"));
    assert_eq!(contact.email, listed.contact_email);
    if let Some(account_id) = &contact.account_id {
        let account = client.account(account_id).await.unwrap();
        assert_eq!(account.name, contact.account_name);
    }
    let theirs = client
        .list_conversations(&ConversationQuery {
            contact_id: Some(contact_id.clone()),
            ..ConversationQuery::default()
        })
        .await
        .unwrap();
    let ids: HashSet<String> = theirs.data.into_iter().map(|c| c.id).collect();
    assert_eq!(ids, HashSet::from([first.clone(), second]));

    let reader = key_with_scopes(&sandbox, &["conversations:read"]).await;
    let restricted = client_with_key(&sandbox, &reader, options(fast_retry()));
    assert!(matches!(
        restricted.contact(&contact_id).await,
        Err(ohallo_core::ApiError::Forbidden { .. })
    ));
    assert!(matches!(
        client.contact("ct_nobody").await,
        Err(ohallo_core::ApiError::NotFound { .. })
    ));
}

#[tokio::test]
async fn a_composed_conversation_is_sent_and_a_refused_one_says_why() {
    let sandbox = start_default().await;
    let client = client(&sandbox);
    let seen = inbound(&sandbox, json!({"body": "Hi", "channel": "email"})).await;
    let email = find(&client, &seen).await;
    client
        .compose(&ohallo_core::NewConversation {
            workspace_id: email.workspace_id.clone(),
            channel_id: email.channel_id.clone(),
            contact_email: Some("lena@example.org".into()),
            contact_name: Some("Lena Neu".into()),
            subject: Some("Your warranty".into()),
            content: "Your warranty was extended.".into(),
            ..ohallo_core::NewConversation::default()
        })
        .await
        .unwrap();
    let found = client
        .list_conversations(&ConversationQuery {
            q: Some("lena@example.org".into()),
            ..ConversationQuery::default()
        })
        .await
        .unwrap();
    assert!(found
        .data
        .iter()
        .any(|c| c.contact_email.as_deref() == Some("lena@example.org")));
    let refused = client
        .compose(&ohallo_core::NewConversation {
            workspace_id: email.workspace_id,
            channel_id: email.channel_id,
            contact_email: Some("lena@example.org".into()),
            content: "No subject".into(),
            ..ohallo_core::NewConversation::default()
        })
        .await;
    assert!(
        matches!(refused, Err(ohallo_core::ApiError::InvalidInput(ref why)) if why.contains("subject")),
        "{refused:?}"
    );
}
