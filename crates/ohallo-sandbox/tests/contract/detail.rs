use crate::harness::{error_message, full_scopes, Harness};
use ohallo_sandbox::control_api::{Attention, Inbound, KeySpec};
use ohallo_sandbox::{Config, ConversationDetail};
use reqwest::StatusCode;
use serde_json::Value;

const STATUSES: [&str; 5] = ["new", "active", "human_managed", "resolved", "waiting"];

fn enriched() -> Config {
    Config {
        conversation_detail: ConversationDetail::Enriched,
        ..Config::default()
    }
}

#[tokio::test]
async fn by_default_the_detail_names_contact_and_account_only_by_id() {
    let h = Harness::start().await;
    let written = h
        .control
        .inbound(&Inbound::new("Where is my order?").from_contact("Henrik Larsen"))
        .await
        .unwrap();
    let id = written.conversation_id;
    let item_id = h
        .control
        .raise_attention(&Attention {
            conversation_id: id.clone(),
            reason: Some("Asked for a manager".into()),
        })
        .await
        .unwrap();
    let listed = h.conversation(&id).await;

    let detail = h.get(&format!("/api/conversations/{id}")).await;
    assert_eq!(detail.status, StatusCode::OK);
    let body = detail.body;
    assert_eq!(body["id"], id.as_str());
    assert_eq!(body["contactId"], listed["contactId"]);
    assert_eq!(body["workspaceId"], listed["workspaceId"]);
    assert!(
        body["accountId"].is_string() || body["accountId"].is_null(),
        "{body}"
    );
    let status = body["status"].as_str().unwrap();
    assert!(STATUSES.contains(&status), "{status}");
    assert_eq!(
        Value::Array(h.messages(&id).await),
        body["messages"],
        "the detail carries the thread as /messages has it"
    );
    let items = body["attentionItems"].as_array().unwrap();
    assert!(items.iter().any(|item| item["id"] == item_id.as_str()));
    assert!(body.get("contact").is_none() && body.get("account").is_none());
}

#[tokio::test]
async fn enriched_details_carry_the_contact_and_account_records() {
    let h = Harness::with(enriched()).await;
    let with_account = h
        .all_conversations("")
        .await
        .into_iter()
        .find(|c| c["accountName"].is_string())
        .unwrap();
    let id = with_account["id"].as_str().unwrap();
    let body = h.get(&format!("/api/conversations/{id}")).await.body;
    let contact_id = body["contactId"].as_str().unwrap();
    let contact = h.get(&format!("/api/contacts/{contact_id}")).await.body;
    assert_eq!(body["contact"], contact);
    let account_id = body["accountId"].as_str().unwrap();
    assert_eq!(
        body["account"],
        h.get(&format!("/api/accounts/{account_id}")).await.body
    );
    assert_eq!(body["account"]["name"], with_account["accountName"]);

    let reader = h
        .key_with(KeySpec::with_scopes(&["conversations:read"]))
        .await;
    let without_contacts = h.get_as(&format!("/api/conversations/{id}"), &reader).await;
    assert_eq!(without_contacts.status, StatusCode::OK);
    assert!(without_contacts.body["contact"].is_null());
    assert_eq!(without_contacts.body["contactId"], contact_id);
}

#[tokio::test]
async fn with_nulls_a_contact_record_may_lack_the_account_its_conversation_names() {
    let h = Harness::with(Config {
        nulls: true,
        ..enriched()
    })
    .await;
    let (mut lagging, mut agreeing) = (0, 0);
    for listed in h.all_conversations("").await.iter().take(60) {
        let id = listed["id"].as_str().unwrap();
        let body = h.get(&format!("/api/conversations/{id}")).await.body;
        if body["accountId"].is_null() || body["contact"].is_null() {
            continue;
        }
        if body["contact"]["accountId"].is_null() {
            lagging += 1;
        } else {
            assert_eq!(body["contact"]["accountId"], body["accountId"]);
            agreeing += 1;
        }
    }
    assert!(
        lagging > 0 && agreeing > 0,
        "{lagging} lag, {agreeing} agree"
    );
}

#[tokio::test]
async fn the_detail_needs_conversations_read_and_hides_other_workspaces_as_unknown() {
    let h = Harness::start().await;
    let unknown = h.get("/api/conversations/conv_nobody").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(!error_message(&unknown).is_empty());

    let workspaces = h.get("/api/workspaces").await.body;
    let (first, second) = (&workspaces[0]["id"], &workspaces[1]["id"]);
    let elsewhere = h
        .all_conversations(&format!("workspaceId={}", first.as_str().unwrap()))
        .await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let restricted = h
        .key_with(KeySpec {
            workspace_id: Some(second.as_str().unwrap().to_owned()),
            ..full_scopes()
        })
        .await;
    let hidden = h
        .get_as(&format!("/api/conversations/{elsewhere}"), &restricted)
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert_eq!(
        hidden.body, unknown.body,
        "the same answer as for no conversation"
    );

    let contacts_only = h.key_with(KeySpec::with_scopes(&["contacts:read"])).await;
    let refused = h
        .get_as(&format!("/api/conversations/{elsewhere}"), &contacts_only)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
