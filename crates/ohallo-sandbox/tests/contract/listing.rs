use crate::harness::{error_message, Harness};
use ohallo_sandbox::control_api::Inbound;
use ohallo_sandbox::Config;
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::HashSet;

fn order_key(conversation: &Value) -> (String, String) {
    (
        conversation["lastMessageAt"].as_str().unwrap().to_owned(),
        conversation["id"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn the_list_is_ordered_newest_first() {
    let h = Harness::start().await;
    let all = h.all_conversations("").await;
    // Same-format RFC 3339 UTC timestamps sort lexicographically.
    assert!(all
        .windows(2)
        .all(|w| w[0]["lastMessageAt"].as_str() >= w[1]["lastMessageAt"].as_str()));
}

#[tokio::test]
async fn paging_reaches_the_last_page_without_duplicates_or_gaps_and_omits_next_cursor() {
    let h = Harness::with(Config {
        conversations: 123,
        ..Config::default()
    })
    .await;
    let first = h.get("/api/conversations").await.body;
    assert_eq!(first["data"].as_array().unwrap().len(), 50, "default limit");

    let mut seen = Vec::new();
    let mut path = "/api/conversations?limit=7".to_owned();
    loop {
        let page = h.get(&path).await.body;
        seen.extend(page["data"].as_array().unwrap().iter().map(order_key));
        match page.get("nextCursor") {
            Some(Value::String(cursor)) => {
                path = format!("/api/conversations?limit=7&cursor={cursor}")
            }
            Some(other) => panic!("nextCursor must be absent, not {other}"),
            None => break,
        }
    }
    let ids: HashSet<_> = seen.iter().map(|(_, id)| id.clone()).collect();
    assert_eq!(seen.len(), 123);
    assert_eq!(ids.len(), 123, "no duplicates");
}

#[tokio::test]
async fn paging_stays_stable_while_new_messages_arrive() {
    let h = Harness::start().await;
    let first = h.get("/api/conversations?limit=20").await.body;
    let cursor = first["nextCursor"].as_str().unwrap().to_owned();
    let page_one: Vec<Value> = first["data"].as_array().unwrap().clone();
    // A conversation from page one gets news and moves to the top.
    h.control
        .inbound(&Inbound::new("Still there?").in_conversation(page_one[5]["id"].as_str().unwrap()))
        .await
        .unwrap();
    let mut rest = Vec::new();
    let mut path = format!("/api/conversations?limit=20&cursor={cursor}");
    loop {
        let page = h.get(&path).await.body;
        rest.extend(page["data"].as_array().unwrap().iter().cloned());
        match page["nextCursor"].as_str() {
            Some(next) => path = format!("/api/conversations?limit=20&cursor={next}"),
            None => break,
        }
    }
    let first_ids: HashSet<_> = page_one.iter().map(|c| c["id"].clone()).collect();
    assert_eq!(rest.len(), 60, "the other 60 conversations, none skipped");
    assert!(rest.iter().all(|c| !first_ids.contains(&c["id"])));
}

#[tokio::test]
async fn limits_outside_1_to_100_or_not_numbers_answer_400() {
    let h = Harness::start().await;
    for limit in ["0", "101", "abc", "-1", "2.5", ""] {
        let reply = h.get(&format!("/api/conversations?limit={limit}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "limit={limit}");
        assert!(error_message(&reply).contains("limit"));
    }
    for limit in ["1", "100"] {
        let reply = h.get(&format!("/api/conversations?limit={limit}")).await;
        assert_eq!(reply.status, StatusCode::OK);
        let expected: usize = limit.parse().unwrap();
        assert_eq!(
            reply.body["data"].as_array().unwrap().len(),
            expected.min(80)
        );
    }
}

#[tokio::test]
async fn a_bad_cursor_answers_400() {
    let h = Harness::start().await;
    for cursor in ["garbage!", "eyJ4IjoxfQ", "%00"] {
        let reply = h.get(&format!("/api/conversations?cursor={cursor}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "cursor={cursor}");
        assert_eq!(error_message(&reply), "invalid cursor");
    }
}

#[tokio::test]
async fn every_status_appears_and_filtering_by_status_returns_only_that_status() {
    let h = Harness::start().await;
    for status in [
        "open",
        "in_progress",
        "awaiting_contact",
        "resolved",
        "closed",
        "abandoned",
    ] {
        let matching = h.all_conversations(&format!("status={status}")).await;
        assert!(!matching.is_empty(), "no {status} conversation");
        assert!(matching.iter().all(|c| c["status"] == status));
    }
    let unknown = h.get("/api/conversations?status=sleeping").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn filtering_by_q_matches_contact_name_email_or_subject_case_insensitively() {
    let h = Harness::start().await;
    let all = h.all_conversations("").await;
    let named = all.iter().find(|c| c["contactName"].is_string()).unwrap();
    let name = named["contactName"].as_str().unwrap();
    let found = h
        .all_conversations(&format!("q={}", name.to_uppercase()))
        .await;
    assert!(found.iter().any(|c| c["id"] == named["id"]));
    assert!(found.iter().all(|c| c["contactName"]
        .as_str()
        .is_some_and(|n| n.to_lowercase().contains(&name.to_lowercase()))));

    let mailed = all.iter().find(|c| c["contactEmail"].is_string()).unwrap();
    let domain = mailed["contactEmail"]
        .as_str()
        .unwrap()
        .split('@')
        .nth(1)
        .unwrap();
    let by_email = h.all_conversations(&format!("q={domain}")).await;
    assert!(by_email.iter().any(|c| c["id"] == mailed["id"]));

    // Subjects are not in the item, but "bulk pricing" is one of the demo topics.
    let by_subject = h.all_conversations("q=BULK%20PRICING").await;
    assert!(!by_subject.is_empty());
    assert!(h.all_conversations("q=zzzz-nobody").await.is_empty());
}

#[tokio::test]
async fn filtering_by_workspace_human_managed_and_attention() {
    let h = Harness::start().await;
    let workspaces = h.get("/api/workspaces").await.body;
    let mut total = 0;
    for workspace in workspaces.as_array().unwrap() {
        let id = workspace["id"].as_str().unwrap();
        let in_workspace = h.all_conversations(&format!("workspaceId={id}")).await;
        assert!(in_workspace.iter().all(|c| c["workspaceId"] == id));
        total += in_workspace.len();
    }
    assert_eq!(total, 80);

    let human = h.all_conversations("humanManaged=true").await;
    let ai = h.all_conversations("humanManaged=false").await;
    assert!(!human.is_empty() && !ai.is_empty());
    assert!(human.iter().all(|c| c["humanManaged"] == true));
    assert!(ai.iter().all(|c| c["humanManaged"] == false));
    assert_eq!(human.len() + ai.len(), 80);

    let flagged: HashSet<Value> = h
        .all_conversations("hasAttention=true")
        .await
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    let open_items: HashSet<Value> = h
        .get("/api/attention-items")
        .await
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| item["status"] == "open")
        .map(|item| item["conversationId"].clone())
        .collect();
    assert!(flagged.len() >= 3, "several conversations need attention");
    assert_eq!(flagged, open_items);
    let unflagged = h.all_conversations("hasAttention=false").await;
    assert_eq!(flagged.len() + unflagged.len(), 80);

    let bad = h.get("/api/conversations?humanManaged=yes").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn optional_fields_are_sometimes_absent_and_sometimes_null() {
    let h = Harness::start().await;
    let all = h.all_conversations("").await;
    let absent = all.iter().any(|c| c.get("accountName").is_none());
    let null = all
        .iter()
        .any(|c| c.get("accountName") == Some(&Value::Null));
    assert!(absent && null);
    for conversation in &all {
        for field in [
            "id",
            "workspaceId",
            "channelId",
            "contactId",
            "status",
            "lastMessagePreview",
            "lastMessageAt",
            "humanManaged",
        ] {
            assert!(conversation.get(field).is_some(), "{field} missing");
        }
    }
    assert!(
        all.iter().any(|c| !c["id"].as_str().unwrap().contains('-')),
        "some ids are not UUIDs"
    );
    assert!(all.iter().any(|c| c["contactName"]
        .as_str()
        .is_some_and(|name| !name.is_ascii())));
}

#[tokio::test]
async fn a_hundred_thousand_conversations_start_and_serve_the_first_page() {
    let h = Harness::with(Config {
        conversations: 100_000,
        ..Config::default()
    })
    .await;
    let page = h.get("/api/conversations?limit=100").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body["data"].as_array().unwrap().len(), 100);
    assert!(page.body["nextCursor"].is_string());
    let id = page.body["data"][99]["id"].as_str().unwrap();
    assert!(!h.messages(id).await.is_empty());
}
