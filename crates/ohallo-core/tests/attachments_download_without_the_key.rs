//! Attachments over HTTP: listed with the key, downloaded from their pre-signed URL without it,
//! and never read past the cap or the announced size.

mod common;

use ohallo_core::{Attachment, Client, DownloadError, Downloader};
use ohallo_sandbox::control_api::NewAttachment;
use ohallo_sandbox::control_client::ControlClient;
use ohallo_sandbox::Sandbox;

async fn conversation(client: &Client) -> String {
    let page = client
        .list_conversations(&Default::default())
        .await
        .unwrap();
    page.data[0].id.clone()
}

async fn attach(sandbox: &Sandbox, attachment: NewAttachment) -> String {
    ControlClient::new(sandbox.base_url())
        .add_attachment(&attachment)
        .await
        .unwrap()
        .attachment_id
}

async fn listed(client: &Client, conversation: &str, id: &str) -> Attachment {
    client
        .attachments(conversation)
        .await
        .unwrap()
        .into_iter()
        .find(|attachment| attachment.id == id)
        .unwrap()
}

#[tokio::test]
async fn an_attachment_downloads_byte_for_byte_and_the_file_host_never_sees_the_key() {
    let sandbox = common::start_default().await;
    let client = common::client(&sandbox);
    let id = conversation(&client).await;
    let bytes: Vec<u8> = (0..200_000u32).map(|n| (n * 7 % 251) as u8).collect();
    let attachment_id = attach(
        &sandbox,
        NewAttachment::new(&id, "photo.jpg", "image/jpeg", &bytes),
    )
    .await;
    let listed = listed(&client, &id, &attachment_id).await;
    assert_eq!(listed.file_name.as_deref(), Some("photo.jpg"));
    assert_eq!(listed.size_bytes, Some(200_000));

    let mut out = Vec::new();
    let written = Downloader::new()
        .unwrap()
        .fetch_to(listed.url.as_deref().unwrap(), listed.size_bytes, &mut out)
        .await
        .unwrap();
    assert_eq!(written, 200_000);
    assert_eq!(out, bytes);
    // The file host refuses (and counts) any request with an Authorization header: none came.
    let downloads = ControlClient::new(sandbox.base_url())
        .downloads()
        .await
        .unwrap();
    assert_eq!(
        (downloads.served, downloads.refused_with_authorization),
        (1, 0)
    );
    // The URL never reaches the UI.
    let json = serde_json::to_value(&listed).unwrap();
    assert!(json.get("url").is_none(), "{json}");
}

#[tokio::test]
async fn a_body_longer_than_announced_is_cut_off_at_the_announced_size() {
    let sandbox = common::start_default().await;
    let client = common::client(&sandbox);
    let id = conversation(&client).await;
    for chunked in [false, true] {
        let mut liar =
            NewAttachment::new(&id, "statement.pdf", "application/pdf", &[b'A'; 300_000]);
        liar.size_bytes = Some(1000);
        liar.chunked = chunked;
        let attachment = listed(&client, &id, &attach(&sandbox, liar).await).await;
        let mut out = Vec::new();
        let error = Downloader::new()
            .unwrap()
            .fetch_to(
                attachment.url.as_deref().unwrap(),
                attachment.size_bytes,
                &mut out,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                DownloadError::LongerThanAnnounced { announced: 1000 }
            ),
            "{error:?}"
        );
        assert!(
            out.len() <= 1000,
            "read {} bytes past the announced size",
            out.len()
        );
    }
}

#[tokio::test]
async fn without_an_announced_size_the_cap_stops_the_download() {
    let sandbox = common::start_default().await;
    let client = common::client(&sandbox);
    let id = conversation(&client).await;
    let mut unsized_file =
        NewAttachment::new(&id, "big.bin", "application/octet-stream", &[7; 100_000]);
    unsized_file.no_size = true;
    unsized_file.chunked = true;
    let attachment = listed(&client, &id, &attach(&sandbox, unsized_file).await).await;
    assert_eq!(attachment.size_bytes, None);
    let mut out = Vec::new();
    let error = Downloader::with_cap(50_000)
        .unwrap()
        .fetch_to(attachment.url.as_deref().unwrap(), None, &mut out)
        .await
        .unwrap_err();
    assert!(matches!(error, DownloadError::TooLarge), "{error:?}");
    assert!(out.len() <= 50_000);
}

#[tokio::test]
async fn an_expired_or_unknown_url_is_told_as_expired() {
    let sandbox = common::start_default().await;
    let url = format!("{}/_files/0000", sandbox.base_url());
    let error = Downloader::new()
        .unwrap()
        .fetch_to(&url, None, &mut Vec::new())
        .await
        .unwrap_err();
    assert!(error.is_expired(), "{error:?}");
}

#[tokio::test]
async fn nulls_in_every_nullable_field_are_read() {
    let sandbox = common::start_default().await;
    let client = common::client(&sandbox);
    let id = conversation(&client).await;
    let bare = NewAttachment {
        conversation_id: id.clone(),
        no_size: true,
        no_url: true,
        content_base64: "aGk=".into(),
        ..NewAttachment::default()
    };
    let attachment = listed(&client, &id, &attach(&sandbox, bare).await).await;
    assert_eq!(
        (
            attachment.file_name,
            attachment.content_type,
            attachment.size_bytes,
            attachment.url
        ),
        (None, None, None, None)
    );
}

#[test]
fn odd_sizes_read_as_unknown_and_odd_rows_are_skipped() {
    let body = br#"[
        {"id": 1, "messageId": 2, "fileName": "a", "sizeBytes": -5, "createdAt": "2026-03-24T08:15:30Z"},
        {"id": "b", "messageId": "m", "sizeBytes": "12", "createdAt": "2026-03-24T08:15:30.000Z"},
        {"id": "c", "messageId": "m", "sizeBytes": 1.5, "createdAt": "2026-03-24T08:15:30+02:00"},
        {"id": "d", "createdAt": "2026-03-24T08:15:30Z"}
    ]"#;
    let attachments = ohallo_core::decode::attachments(body).unwrap();
    let sizes: Vec<_> = attachments
        .iter()
        .map(|a| (a.id.as_str(), a.size_bytes))
        .collect();
    assert_eq!(sizes, [("1", None), ("b", Some(12)), ("c", None)]);
    let wrapped = br#"{"data": []}"#;
    assert!(ohallo_core::decode::attachments(wrapped)
        .unwrap()
        .is_empty());
}
