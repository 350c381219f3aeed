use crate::harness::{error_message, Harness};
use ohallo_sandbox::Config;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn first_id(h: &Harness, query: &str) -> String {
    h.all_conversations(query).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn an_empty_missing_or_non_string_reply_answers_400() {
    let h = Harness::start().await;
    let id = first_id(&h, "").await;
    let path = format!("/api/conversations/{id}/reply");
    let before = h.messages(&id).await.len();
    for body in [
        json!({}),
        json!({ "content": "" }),
        json!({ "content": " \n\t " }),
        json!({ "content": 42 }),
        json!(["content"]),
    ] {
        let reply = h.post(&path, body.clone()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(!error_message(&reply).is_empty());
    }
    let malformed = h
        .http
        .post(h.url(&path))
        .bearer_auth(h.sandbox.key())
        .header("content-type", "application/json")
        .body("{\"content\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    let body: Value = malformed.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("JSON"));
    assert_eq!(h.messages(&id).await.len(), before, "nothing was appended");
    assert!(h.control.replies().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_reply_is_appended_moves_the_conversation_to_the_top_and_is_recorded() {
    let h = Harness::start().await;
    let all = h.all_conversations("").await;
    let target = all.last().unwrap();
    let id = target["id"].as_str().unwrap();
    let before = h.messages(id).await.len();
    let content = "Hej Søren,\nwe've refunded €42. Tak!";
    let reply = h
        .post(
            &format!("/api/conversations/{id}/reply"),
            json!({ "content": content }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, json!({ "ok": true }));

    let messages = h.messages(id).await;
    assert_eq!(messages.len(), before + 1);
    let last = messages.last().unwrap();
    assert_eq!(last["body"], content);
    assert_eq!(last["direction"], "outbound");

    let top = &h.get("/api/conversations?limit=1").await.body["data"][0];
    assert_eq!(top["id"], id);
    assert_eq!(
        top["lastMessagePreview"],
        "Hej Søren, we've refunded €42. Tak!"
    );

    let recorded = h.control.replies().await.unwrap();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].conversation_id, id);
    assert_eq!(recorded[0].content, content);
    assert!(chrono::DateTime::parse_from_rfc3339(&recorded[0].received_at).is_ok());
}

#[tokio::test]
async fn strict_reply_refuses_ai_managed_conversations_until_taken_over() {
    let h = Harness::with(Config {
        strict_reply: true,
        ..Config::default()
    })
    .await;
    let id = first_id(&h, "humanManaged=false&status=open").await;
    let path = format!("/api/conversations/{id}/reply");
    let refused = h.post(&path, json!({ "content": "Hello" })).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(
        error_message(&refused),
        "conversation is AI-managed; take it over before replying"
    );
    let taken = h
        .post(&format!("/api/conversations/{id}/take-over"), json!({}))
        .await;
    assert_eq!(taken.status, StatusCode::OK);
    let accepted = h.post(&path, json!({ "content": "Hello" })).await;
    assert_eq!(accepted.status, StatusCode::OK);
}

#[tokio::test]
async fn take_over_release_and_resolve_follow_the_state_machine() {
    let h = Harness::start().await;
    let id = first_id(&h, "humanManaged=false&status=open").await;
    let action = |name: &str| format!("/api/conversations/{id}/{name}");
    let state = |c: Value| (c["status"].clone(), c["humanManaged"].clone());

    assert_eq!(
        h.post(&action("release"), json!({})).await.status,
        StatusCode::CONFLICT
    );

    let taken = h.post(&action("take-over"), json!({})).await;
    assert_eq!(
        (taken.status, taken.body),
        (StatusCode::OK, json!({ "ok": true }))
    );
    assert_eq!(
        state(h.conversation(&id).await),
        (json!("in_progress"), json!(true))
    );
    let again = h.post(&action("take-over"), json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(error_message(&again).contains("already human-managed"));

    assert_eq!(
        h.post(&action("release"), json!({})).await.status,
        StatusCode::OK
    );
    assert_eq!(
        state(h.conversation(&id).await),
        (json!("open"), json!(false))
    );

    assert_eq!(
        h.post(&action("take-over"), json!({})).await.status,
        StatusCode::OK
    );
    assert_eq!(
        h.post(&action("resolve"), json!({})).await.status,
        StatusCode::OK
    );
    assert_eq!(
        state(h.conversation(&id).await),
        (json!("resolved"), json!(false))
    );
    let twice = h.post(&action("resolve"), json!({})).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(error_message(&twice), "conversation is already resolved");
    let take_resolved = h.post(&action("take-over"), json!({})).await;
    assert_eq!(take_resolved.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn resolving_accepts_an_empty_body_or_an_outcome_and_resolves_attention_items() {
    let h = Harness::start().await;
    let flagged = h.all_conversations("hasAttention=true").await;
    let first = flagged[0]["id"].as_str().unwrap().to_owned();
    let second = flagged[1]["id"].as_str().unwrap().to_owned();

    let empty = h
        .http
        .post(h.url(&format!("/api/conversations/{first}/resolve")))
        .bearer_auth(h.sandbox.key())
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), StatusCode::OK);
    let with_outcome = h
        .post(
            &format!("/api/conversations/{second}/resolve"),
            json!({ "outcome": "refund issued" }),
        )
        .await;
    assert_eq!(with_outcome.status, StatusCode::OK);

    let items = h.get("/api/attention-items").await.body;
    for id in [&first, &second] {
        let theirs: Vec<&Value> = items
            .as_array()
            .unwrap()
            .iter()
            .filter(|item| item["conversationId"] == id.as_str())
            .collect();
        assert!(!theirs.is_empty());
        assert!(theirs.iter().all(|item| item["status"] == "resolved"));
    }
    let still_flagged = h.all_conversations("hasAttention=true").await;
    assert_eq!(still_flagged.len(), flagged.len() - 2);
}

#[tokio::test]
async fn actions_on_an_unknown_conversation_answer_404() {
    let h = Harness::start().await;
    for action in ["reply", "take-over", "release", "resolve"] {
        let reply = h
            .post(
                &format!("/api/conversations/00000000-0000-4000-8000-000000000000/{action}"),
                json!({ "content": "Hello" }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{action}");
        assert_eq!(error_message(&reply), "conversation not found");
    }
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods_answer_json_errors() {
    let h = Harness::start().await;
    let missing = h.get("/api/nothing-here").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(!error_message(&missing).is_empty());
    let wrong_method = h
        .call(
            Method::DELETE,
            "/api/conversations",
            Some(h.sandbox.key()),
            None,
        )
        .await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error_message(&wrong_method), "method not allowed");
}
