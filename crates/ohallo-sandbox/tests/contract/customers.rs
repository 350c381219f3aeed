use crate::harness::{error_message, Harness};
use ohallo_sandbox::control_api::{Inbound, KeySpec};
use reqwest::StatusCode;

#[tokio::test]
async fn a_contact_is_read_with_its_identities_and_its_account() {
    let h = Harness::start().await;
    let first = h
        .control
        .inbound(
            &Inbound::new("Hello")
                .from_contact("Henrik Larsen")
                .on_channel("email"),
        )
        .await
        .unwrap();
    let conversation = h.conversation(&first.conversation_id).await;
    let contact_id = conversation["contactId"].as_str().unwrap();
    let contact = h.get(&format!("/api/contacts/{contact_id}")).await;
    assert_eq!(contact.status, StatusCode::OK);
    assert_eq!(contact.body["name"], "Henrik Larsen");
    assert_eq!(contact.body["email"], conversation["contactEmail"]);
    assert!(contact.body["identities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|identity| identity["channel"] == "email"));
    if let Some(account_id) = contact.body["accountId"].as_str() {
        let account = h.get(&format!("/api/accounts/{account_id}")).await;
        assert_eq!(account.status, StatusCode::OK);
        assert_eq!(account.body["name"], contact.body["accountName"]);
        assert!(account.body["emailDomain"].is_string());
    } else {
        assert!(contact.body["accountName"].is_null());
    }
}

#[tokio::test]
async fn a_second_conversation_from_the_same_person_is_listed_by_contact() {
    let h = Harness::start().await;
    let first = h
        .control
        .inbound(&Inbound::new("Order question").from_contact("Ana Ruiz"))
        .await
        .unwrap();
    let second = h
        .control
        .inbound(&Inbound::new("And an invoice question").as_contact_of(&first.conversation_id))
        .await
        .unwrap();
    assert_ne!(first.conversation_id, second.conversation_id);
    let contact_id = h.conversation(&first.conversation_id).await["contactId"]
        .as_str()
        .unwrap()
        .to_owned();
    let theirs: Vec<String> = h
        .all_conversations(&format!("contactId={contact_id}"))
        .await
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(theirs.len(), 2, "{theirs:?}");
    assert!(theirs.contains(&first.conversation_id) && theirs.contains(&second.conversation_id));
}

#[tokio::test]
async fn contacts_need_contacts_read_and_unknown_ones_are_404() {
    let h = Harness::start().await;
    let unknown = h.get("/api/contacts/ct_nobody").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(!error_message(&unknown).is_empty());
    assert_eq!(
        h.get("/api/accounts/acc_nobody").await.status,
        StatusCode::NOT_FOUND
    );

    let any = h.all_conversations("").await;
    let contact_id = any
        .iter()
        .find_map(|c| c["contactId"].as_str())
        .unwrap()
        .to_owned();
    let reader = h
        .key_with(KeySpec::with_scopes(&["conversations:read"]))
        .await;
    let refused = h
        .get_as(&format!("/api/contacts/{contact_id}"), &reader)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
