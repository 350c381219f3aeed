//! Saving attachments against the sandbox over HTTP: the bytes it served, a hostile name kept
//! inside the directory, an expired URL replaced by listing again, a lying size refused with
//! nothing left behind.

use ohallo_core::{ApiKey, Client, ConversationQuery, DownloadError, Downloader};
use ohallo_inbox::{save_attachment, SaveError, SaveTarget};
use ohallo_sandbox::control_api::{FaultSpec, NewAttachment};
use ohallo_sandbox::control_client::ControlClient;
use ohallo_sandbox::{Config, Sandbox};
use std::path::{Path, PathBuf};

struct Setup {
    _sandbox: Sandbox,
    client: Client,
    control: ControlClient,
    conversation: String,
    dir: tempfile::TempDir,
}

async fn setup() -> Setup {
    let sandbox = Sandbox::start("127.0.0.1:0".parse().unwrap(), Config::default())
        .await
        .unwrap();
    let client = Client::new(&sandbox.base_url(), ApiKey::parse(sandbox.key()).unwrap()).unwrap();
    let conversation = client
        .list_conversations(&ConversationQuery::default())
        .await
        .unwrap()
        .data[0]
        .id
        .clone();
    Setup {
        control: ControlClient::new(sandbox.base_url()),
        _sandbox: sandbox,
        client,
        conversation,
        dir: tempfile::tempdir().unwrap(),
    }
}

impl Setup {
    async fn attach(&self, attachment: NewAttachment) -> String {
        self.control
            .add_attachment(&attachment)
            .await
            .unwrap()
            .attachment_id
    }

    async fn save(&self, id: &str) -> Result<std::path::PathBuf, SaveError> {
        self.save_counting(id, &mut Vec::new()).await
    }

    async fn save_to(&self, id: &str, target: SaveTarget<'_>) -> Result<PathBuf, SaveError> {
        self.save_with(id, target, &mut |_| {}).await
    }

    /// Saves, keeping every progress report in `heard`.
    async fn save_counting(
        &self,
        id: &str,
        heard: &mut Vec<u64>,
    ) -> Result<std::path::PathBuf, SaveError> {
        let target = SaveTarget::Folder(self.dir.path());
        self.save_with(id, target, &mut |received| heard.push(received))
            .await
    }

    async fn save_with(
        &self,
        id: &str,
        target: SaveTarget<'_>,
        progress: &mut (dyn FnMut(u64) + Send),
    ) -> Result<PathBuf, SaveError> {
        let downloader = Downloader::new().unwrap();
        save_attachment(
            &self.client,
            &downloader,
            &self.conversation,
            id,
            target,
            progress,
        )
        .await
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn an_attachment_is_saved_with_the_bytes_served_and_a_second_save_does_not_overwrite() {
    let s = setup().await;
    let bytes: Vec<u8> = (0..70_000u32).map(|n| (n % 253) as u8).collect();
    let id = s
        .attach(NewAttachment::new(
            &s.conversation,
            "invoice.pdf",
            "application/pdf",
            &bytes,
        ))
        .await;
    let mut heard = Vec::new();
    let first = s.save_counting(&id, &mut heard).await.unwrap();
    assert_eq!(first, s.dir.path().join("invoice.pdf"));
    assert_eq!(std::fs::read(&first).unwrap(), bytes);
    // Progress only grows, and ends at the whole file.
    assert!(heard.windows(2).all(|pair| pair[0] < pair[1]), "{heard:?}");
    assert_eq!(heard.last(), Some(&(bytes.len() as u64)));
    let second = s.save(&id).await.unwrap();
    assert_eq!(second, s.dir.path().join("invoice (2).pdf"));
    assert_eq!(entries(s.dir.path()), ["invoice (2).pdf", "invoice.pdf"]);
    assert_eq!(
        s.control
            .downloads()
            .await
            .unwrap()
            .refused_with_authorization,
        0
    );
}

#[tokio::test]
async fn a_hostile_name_is_saved_inside_the_directory_under_a_plain_name() {
    let s = setup().await;
    let id = s
        .attach(NewAttachment::new(
            &s.conversation,
            "../../.config/autostart/\u{7}evil\u{202e}fdp.desktop",
            "application/pdf",
            b"#!/bin/sh\n",
        ))
        .await;
    let saved = s.save(&id).await.unwrap();
    assert_eq!(saved.parent(), Some(s.dir.path()));
    assert_eq!(entries(s.dir.path()), ["evilfdp.desktop"]);
    let nameless = NewAttachment {
        conversation_id: s.conversation.clone(),
        no_size: true,
        content_base64: "aGk=".into(),
        ..NewAttachment::default()
    };
    let id = s.attach(nameless).await;
    assert_eq!(s.save(&id).await.unwrap(), s.dir.path().join("attachment"));
}

#[tokio::test]
async fn an_expired_url_is_replaced_by_listing_again() {
    let s = setup().await;
    let id = s
        .attach(NewAttachment::new(
            &s.conversation,
            "a.txt",
            "text/plain",
            b"fresh",
        ))
        .await;
    // The first download finds its URL expired, as S3 answers: 403.
    s.control
        .add_fault(
            &FaultSpec {
                count: 1,
                status: Some(403),
                ..FaultSpec::default()
            }
            .under("/_files/"),
        )
        .await
        .unwrap();
    let saved = s.save(&id).await.unwrap();
    assert_eq!(std::fs::read(saved).unwrap(), b"fresh");
    assert_eq!(s.control.downloads().await.unwrap().served, 1);
}

#[tokio::test]
async fn a_body_longer_than_its_size_is_refused_and_no_part_is_left() {
    let s = setup().await;
    let mut liar = NewAttachment::new(
        &s.conversation,
        "statement.pdf",
        "application/pdf",
        &[b'A'; 200_000],
    );
    liar.size_bytes = Some(1024);
    liar.chunked = true;
    let id = s.attach(liar).await;
    let error = s.save(&id).await.unwrap_err();
    assert!(
        matches!(
            error,
            SaveError::Download(DownloadError::LongerThanAnnounced { announced: 1024 })
        ),
        "{error:?}"
    );
    assert!(
        error.user_message().contains("1024 bytes"),
        "{}",
        error.user_message()
    );
    assert!(
        entries(s.dir.path()).is_empty(),
        "{:?}",
        entries(s.dir.path())
    );
}

#[tokio::test]
async fn an_attachment_gone_or_without_url_is_told_as_such() {
    let s = setup().await;
    assert!(matches!(s.save("att-nope").await, Err(SaveError::Gone)));
    let no_url = NewAttachment {
        no_url: true,
        ..NewAttachment::new(&s.conversation, "a.txt", "text/plain", b"x")
    };
    let id = s.attach(no_url).await;
    let error = s.save(&id).await.unwrap_err();
    assert!(
        matches!(error, SaveError::Download(DownloadError::NoUrl)),
        "{error:?}"
    );
    assert!(entries(s.dir.path()).is_empty());
}

#[tokio::test]
async fn save_as_writes_the_chosen_file_whatever_the_customer_called_it_and_may_replace_it() {
    let s = setup().await;
    let id = s
        .attach(NewAttachment::new(
            &s.conversation,
            "../../.bashrc",
            "text/plain",
            b"served bytes",
        ))
        .await;
    let chosen = s.dir.path().join("Chosen by me.txt");
    std::fs::write(&chosen, b"an older file the dialog asked to replace").unwrap();
    let saved = s.save_to(&id, SaveTarget::File(&chosen)).await.unwrap();
    assert_eq!(saved, chosen);
    assert_eq!(std::fs::read(&chosen).unwrap(), b"served bytes");
    assert_eq!(
        entries(s.dir.path()),
        ["Chosen by me.txt"],
        "no part file left"
    );

    let root = SaveTarget::File(Path::new("/"));
    assert!(matches!(
        s.save_to(&id, root).await,
        Err(SaveError::Local(_))
    ));
}
