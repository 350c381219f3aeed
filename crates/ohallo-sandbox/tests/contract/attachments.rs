use crate::harness::{error_message, Harness};
use ohallo_sandbox::control_api::NewAttachment;
use ohallo_sandbox::Config;
use reqwest::StatusCode;
use serde_json::Value;
use std::time::Duration;

async fn first_open(h: &Harness) -> String {
    h.all_conversations("status=open").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn listed(h: &Harness, id: &str) -> Vec<Value> {
    let reply = h.get(&format!("/api/conversations/{id}/attachments")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body.as_array().unwrap().clone()
}

/// A plain GET, as a browser or a careful client would: no key.
async fn fetch(url: &str) -> (StatusCode, Option<String>, Vec<u8>) {
    let response = reqwest::get(url).await.unwrap();
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .map(|value| value.to_str().unwrap().to_owned());
    (status, kind, response.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn an_added_attachment_is_listed_with_a_url_that_serves_its_bytes_without_a_key() {
    let h = Harness::start().await;
    let id = first_open(&h).await;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    let added = h
        .control
        .add_attachment(&NewAttachment::new(
            &id,
            "invoice.pdf",
            "application/pdf",
            &bytes,
        ))
        .await
        .unwrap();
    let messages = h.messages(&id).await;
    assert!(messages.iter().any(|m| m["id"] == added.message_id));

    let items = listed(&h, &id).await;
    let item = items
        .iter()
        .find(|item| item["id"] == added.attachment_id)
        .unwrap();
    assert_eq!(item["messageId"], added.message_id);
    assert_eq!(item["fileName"], "invoice.pdf");
    assert_eq!(item["contentType"], "application/pdf");
    assert_eq!(item["sizeBytes"], 5000);
    assert!(item["createdAt"].as_str().unwrap().ends_with('Z'));
    let url = item["url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/_files/", h.sandbox.base_url())));

    let (status, kind, body) = fetch(url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind.as_deref(), Some("application/pdf"));
    assert_eq!(body, bytes);
    assert_eq!(h.control.downloads().await.unwrap().served, 1);
}

#[tokio::test]
async fn the_file_host_refuses_a_request_carrying_an_authorization_header_and_counts_it() {
    let h = Harness::start().await;
    let id = first_open(&h).await;
    h.control
        .add_attachment(&NewAttachment::new(&id, "a.txt", "text/plain", b"hello"))
        .await
        .unwrap();
    let url = listed(&h, &id).await.last().unwrap()["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = reqwest::Client::new()
        .get(&url)
        .bearer_auth(h.sandbox.key())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let downloads = h.control.downloads().await.unwrap();
    assert_eq!(
        (downloads.served, downloads.refused_with_authorization),
        (0, 1)
    );
}

#[tokio::test]
async fn a_url_expires_after_its_time_and_listing_again_gives_a_fresh_one() {
    let h = Harness::with(Config {
        attachment_url_ttl: Duration::from_millis(300),
        ..Config::default()
    })
    .await;
    let id = first_open(&h).await;
    h.control
        .add_attachment(&NewAttachment::new(&id, "a.txt", "text/plain", b"hello"))
        .await
        .unwrap();
    let old = listed(&h, &id).await.last().unwrap()["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(old.contains("X-Amz-Expires=0"));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let (status, _, _) = fetch(&old).await;
        if status == StatusCode::FORBIDDEN {
            break;
        }
        assert_eq!(status, StatusCode::OK);
        assert!(tokio::time::Instant::now() < deadline, "never expired");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let fresh = listed(&h, &id).await.last().unwrap()["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(fresh, old);
    assert_eq!(fetch(&fresh).await.2, b"hello");
    // Listing again forgets expired grants: the old URL is now unknown.
    assert_eq!(fetch(&old).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_control_api_can_make_every_field_null_lie_about_the_size_or_hide_the_length() {
    let h = Harness::start().await;
    let id = first_open(&h).await;
    let nothing = NewAttachment {
        conversation_id: id.clone(),
        no_size: true,
        no_url: true,
        content_base64: "aGk=".into(),
        ..NewAttachment::default()
    };
    let bare = h.control.add_attachment(&nothing).await.unwrap();
    let mut liar = NewAttachment::new(&id, "statement.pdf", "application/pdf", &[b'A'; 4096]);
    liar.size_bytes = Some(10);
    liar.chunked = true;
    let lying = h.control.add_attachment(&liar).await.unwrap();

    let items = listed(&h, &id).await;
    let bare = items
        .iter()
        .find(|i| i["id"] == bare.attachment_id)
        .unwrap();
    for field in ["fileName", "contentType", "sizeBytes", "url"] {
        assert!(bare[field].is_null(), "{field}: {bare}");
    }
    let lying = items
        .iter()
        .find(|i| i["id"] == lying.attachment_id)
        .unwrap();
    assert_eq!(lying["sizeBytes"], 10);
    let response = reqwest::get(lying["url"].as_str().unwrap()).await.unwrap();
    assert_eq!(response.content_length(), None, "chunked");
    assert_eq!(response.bytes().await.unwrap().len(), 4096);
}

#[tokio::test]
async fn a_slow_file_host_sends_its_chunks_apart_with_the_length_announced() {
    let h = Harness::start().await;
    let id = first_open(&h).await;
    let bytes: Vec<u8> = (0..64 * 1024u32).map(|n| (n % 251) as u8).collect();
    let mut slow = NewAttachment::new(&id, "scan.tiff", "image/tiff", &bytes);
    slow.chunk_delay_ms = Some(40);
    let added = h.control.add_attachment(&slow).await.unwrap();
    let item = listed(&h, &id)
        .await
        .into_iter()
        .find(|i| i["id"] == added.attachment_id)
        .unwrap();
    let mut response = reqwest::get(item["url"].as_str().unwrap()).await.unwrap();
    assert_eq!(response.content_length(), Some(bytes.len() as u64));
    let (mut received, mut chunks) = (Vec::new(), 0);
    let started = std::time::Instant::now();
    while let Some(chunk) = response.chunk().await.unwrap() {
        received.extend_from_slice(&chunk);
        chunks += 1;
    }
    assert_eq!(received, bytes);
    assert!(chunks >= 2, "{chunks} chunk(s)");
    // Four 16 KiB chunks, each 40 ms after the one before.
    assert!(started.elapsed() >= std::time::Duration::from_millis(4 * 40));
}

#[tokio::test]
async fn unknown_conversations_messages_and_bad_content_are_refused() {
    let h = Harness::start().await;
    let reply = h.get("/api/conversations/nope/attachments").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(error_message(&reply), "conversation not found");
    let id = first_open(&h).await;
    let wrong = NewAttachment::new(&id, "a", "text/plain", b"x").on_message("msg-nope");
    assert!(h.control.add_attachment(&wrong).await.is_err());
    let mut garbled = NewAttachment::new(&id, "a", "text/plain", b"x");
    garbled.content_base64 = "***".into();
    assert!(h.control.add_attachment(&garbled).await.is_err());
    let (status, _, _) = fetch(&h.url("/_files/0123456789abcdef")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn demo_threads_carry_realistic_files_and_the_hostile_option_adds_dangerous_ones() {
    let h = Harness::with(Config {
        hostile_attachments: true,
        ..Config::default()
    })
    .await;
    let mut names = Vec::new();
    for conversation in h.all_conversations("").await.iter().take(12) {
        let id = conversation["id"].as_str().unwrap();
        let messages = h.messages(id).await;
        for item in listed(&h, id).await {
            assert!(messages.iter().any(|m| m["id"] == item["messageId"]));
            names.push(item["fileName"].as_str().unwrap().to_owned());
            if item["fileName"] == "statement.pdf" {
                let (_, _, body) = fetch(item["url"].as_str().unwrap()).await;
                assert!(body.len() as u64 > item["sizeBytes"].as_u64().unwrap());
            }
        }
    }
    for expected in ["photo.jpg", "notes.txt", "statement.pdf"] {
        assert!(names.iter().any(|n| n == expected), "{names:?}");
    }
    assert!(names.iter().any(|n| n.starts_with("invoice-")), "{names:?}");
    assert!(
        names
            .iter()
            .any(|n| n.contains("../") && n.contains('\u{7}')),
        "{names:?}"
    );
}

#[tokio::test]
async fn with_nulls_some_demo_attachments_have_no_name_type_size_or_url() {
    let h = Harness::with(Config {
        nulls: true,
        ..Config::default()
    })
    .await;
    let mut found = false;
    for conversation in h.all_conversations("").await.iter().take(30) {
        let id = conversation["id"].as_str().unwrap();
        if listed(&h, id)
            .await
            .iter()
            .any(|item| item["url"].is_null())
        {
            found = true;
            break;
        }
    }
    assert!(found);
}

#[tokio::test]
async fn a_conversation_given_files_by_a_test_gets_no_demo_files_beside_them() {
    let h = Harness::start().await;
    for _ in 0..6 {
        let written = h
            .control
            .inbound(&ohallo_sandbox::control_api::Inbound::new("see attached"))
            .await
            .unwrap();
        let id = &written.conversation_id;
        h.control
            .add_attachment(&NewAttachment::new(id, "only.txt", "text/plain", b"x"))
            .await
            .unwrap();
        let names: Vec<Value> = listed(&h, id)
            .await
            .iter()
            .map(|item| item["fileName"].clone())
            .collect();
        assert_eq!(names, [Value::from("only.txt")]);
    }
}
