use crate::harness::{error_message, Harness};
use ohallo_sandbox::control_api::KeySpec;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A workspace's channel of this type: (workspace id, channel id).
async fn channel_of(h: &Harness, channel_type: &str) -> (String, String) {
    let conversation = h.conversation_on(channel_type, "").await;
    (
        conversation["workspaceId"].as_str().unwrap().to_owned(),
        conversation["channelId"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn a_composed_email_starts_a_conversation_whose_first_message_is_the_teams() {
    let h = Harness::start().await;
    let (workspace, channel) = channel_of(&h, "email").await;
    let sent = h
        .post(
            "/api/conversations/compose",
            json!({
                "workspaceId": workspace, "channelId": channel,
                "contactEmail": "lena@example.org", "contactName": "Lena Neu",
                "subject": "Your warranty", "content": "Hello Lena, your warranty was extended.",
            }),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert_eq!(sent.body, json!({ "ok": true }), "no id is returned");
    let found = h
        .all_conversations("q=lena@example.org")
        .await
        .into_iter()
        .find(|c| c["contactEmail"] == "lena@example.org")
        .expect("the new conversation is listed");
    assert_eq!(found["contactName"], "Lena Neu");
    let id = found["id"].as_str().unwrap();
    let messages: Vec<Value> = h.messages(id).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["direction"], "outbound");
}

#[tokio::test]
async fn compose_refuses_what_it_cannot_send_with_400_and_needs_write_scope() {
    let h = Harness::start().await;
    let (workspace, email_channel) = channel_of(&h, "email").await;
    let (whatsapp_workspace, whatsapp) = channel_of(&h, "whatsapp").await;
    let base = |extra: Value| {
        let mut body = json!({ "workspaceId": workspace, "channelId": email_channel, "subject": "Hi", "content": "Hello" });
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    for (body, why) in [
        (base(json!({})), "no recipient"),
        (
            base(json!({ "contactEmail": "a@b.co", "contactPhone": "+4531234567" })),
            "two recipients",
        ),
        (
            base(json!({ "contactEmail": "not-an-address" })),
            "a bad address",
        ),
        (
            base(json!({ "contactEmail": "a@b.co", "content": "  " })),
            "no text",
        ),
        (
            base(json!({ "contactEmail": "a@b.co", "subject": null })),
            "email without a subject",
        ),
        (
            json!({ "workspaceId": whatsapp_workspace, "channelId": whatsapp, "contactPhone": "004531234567", "content": "Hi" }),
            "a phone not in E.164",
        ),
    ] {
        let reply = h.post("/api/conversations/compose", body).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{why}: {}",
            reply.body
        );
        assert!(!error_message(&reply).is_empty(), "{why}");
    }
    let unknown = h
        .post(
            "/api/conversations/compose",
            base(json!({ "channelId": "ch_nope", "contactEmail": "a@b.co" })),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let phone = h
        .post(
            "/api/conversations/compose",
            json!({ "workspaceId": whatsapp_workspace, "channelId": whatsapp, "contactPhone": "+4531234567", "content": "Hi" }),
        )
        .await;
    assert_eq!(
        phone.status,
        StatusCode::OK,
        "no subject needed off email: {}",
        phone.body
    );

    let reader = h
        .key_with(KeySpec::with_scopes(&["conversations:read"]))
        .await;
    let refused = h
        .call(
            Method::POST,
            "/api/conversations/compose",
            Some(&reader),
            Some(base(json!({ "contactEmail": "a@b.co" }))),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
