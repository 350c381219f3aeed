//! Brands, and how the reference schema names the AI and the people in a thread.

use crate::harness::{full_scopes, Harness};
use ohallo_sandbox::control_api::KeySpec;
use ohallo_sandbox::{Config, MessageSchema};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

#[tokio::test]
async fn brands_are_listed_tenant_wide_with_distinct_ai_sender_names() {
    let h = Harness::start().await;
    let brands = h.get("/api/brands").await;
    assert_eq!(brands.status, StatusCode::OK);
    let brands = brands.body.as_array().unwrap().clone();
    assert!(brands.len() >= 2);
    for brand in &brands {
        for field in [
            "id",
            "tenantId",
            "name",
            "slug",
            "emailFromName",
            "aiSenderName",
        ] {
            assert!(brand[field].is_string(), "{field} in {brand}");
        }
        assert_eq!(brand["tenantId"], brands[0]["tenantId"], "one tenant");
    }
    let ai_names: HashSet<&str> = brands
        .iter()
        .map(|b| b["aiSenderName"].as_str().unwrap())
        .collect();
    assert!(
        ai_names.len() >= 2,
        "AI names differ per brand: {ai_names:?}"
    );

    let brand_ids: HashSet<&Value> = brands.iter().map(|b| &b["id"]).collect();
    let workspaces = h.get("/api/workspaces").await.body;
    for workspace in workspaces.as_array().unwrap() {
        assert!(brand_ids.contains(&workspace["brandId"]), "{workspace}");
    }

    let restricted = h
        .key_with(KeySpec {
            workspace_id: workspaces[0]["id"].as_str().map(str::to_owned),
            ..KeySpec::default()
        })
        .await;
    let seen = h.get_as("/api/brands", &restricted).await;
    assert_eq!(seen.status, StatusCode::OK, "no scope needed");
    assert_eq!(seen.body.as_array().unwrap().len(), brands.len());
    let anonymous = h.call(Method::GET, "/api/brands", None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn reference_ai_messages_carry_their_brands_ai_name_and_replies_a_persons() {
    let h = Harness::with(Config {
        message_schema: MessageSchema::Reference,
        ..Config::default()
    })
    .await;
    let brands = h.get("/api/brands").await.body;
    let ai_name_of_brand: HashMap<&str, &str> = brands
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["id"].as_str().unwrap(),
                b["aiSenderName"].as_str().unwrap(),
            )
        })
        .collect();
    let ai_names: HashSet<&str> = ai_name_of_brand.values().copied().collect();
    let workspaces = h.get("/api/workspaces").await.body;
    let mut seen_ai_names = HashSet::new();
    for workspace in workspaces.as_array().unwrap() {
        let expected = ai_name_of_brand[workspace["brandId"].as_str().unwrap()];
        let query = format!("workspaceId={}", workspace["id"].as_str().unwrap());
        for conversation in h.all_conversations(&query).await.iter().take(10) {
            let messages = h.messages(conversation["id"].as_str().unwrap()).await;
            let ai: Vec<&Value> = messages
                .iter()
                .filter(|m| {
                    m["role"] == "agent" && ai_names.contains(m["senderName"].as_str().unwrap())
                })
                .collect();
            assert!(ai.iter().all(|m| m["senderName"] == expected));
            if !ai.is_empty() {
                seen_ai_names.insert(expected);
            }
        }
    }
    assert!(seen_ai_names.len() >= 2, "{seen_ai_names:?}");

    let id = h.all_conversations("").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let key = h.key_with(full_scopes()).await;
    let sent = h
        .call(
            Method::POST,
            &format!("/api/conversations/{id}/reply"),
            Some(&key),
            Some(json!({ "content": "A person writes." })),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    let messages = h.messages(&id).await;
    let last = messages.last().unwrap();
    assert_eq!(last["role"], "agent");
    assert_eq!(last["content"], "A person writes.");
    let person = last["senderName"].as_str().unwrap();
    assert!(!person.is_empty() && !ai_names.contains(person), "{person}");
}
