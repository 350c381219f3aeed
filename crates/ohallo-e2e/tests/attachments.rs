//! A customer's files, from the real window: listed under their message, saved into the
//! downloads folder byte for byte, and a hostile file name saved safely inside it.

use std::path::Path;
use std::time::{Duration, Instant};

use ohallo_e2e::{World, WorldOptions};
use ohallo_sandbox::control_api::{Inbound, NewAttachment};
use serde_json::json;

const CONTACT: &str = "Greta Files";
const HOSTILE: &str = "../../.config/autostart/\u{7}evil\u{202e}fdp.desktop";

/// Polls until `path` holds exactly `expected` (or the deadline passes).
fn wait_for_file(path: &Path, expected: &[u8]) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if std::fs::read(path).is_ok_and(|bytes| bytes == expected) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{} never held the {} bytes the sandbox served",
            path.display(),
            expected.len()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test]
async fn files_are_listed_under_their_message_and_saved_into_downloads_safely() {
    let (world, app) = World::signed_in(WorldOptions::polling_every(1))
        .await
        .unwrap();
    world
        .wait_for_first_listing(Duration::from_secs(30))
        .await
        .unwrap();
    // The downloads folder, as xdg-user-dirs would name it; the app reads it at each save.
    let downloads = world.home().join("Downloads");
    std::fs::write(
        world.home().join("config/user-dirs.dirs"),
        "XDG_DOWNLOAD_DIR=\"$HOME/Downloads\"\n",
    )
    .unwrap();

    let written = world
        .control
        .inbound(&Inbound::new("Here is the invoice and a script").from_contact(CONTACT))
        .await
        .unwrap();
    let invoice: Vec<u8> = (0..300_000u32).map(|n| (n * 31 % 251) as u8).collect();
    let script = b"#!/bin/sh\necho pwned\n".to_vec();
    for (name, kind, bytes) in [
        ("invoice.pdf", "application/pdf", &invoice),
        (HOSTILE, "application/pdf", &script),
    ] {
        world
            .control
            .add_attachment(
                &NewAttachment::new(&written.conversation_id, name, kind, bytes)
                    .on_message(&written.message_id),
            )
            .await
            .unwrap();
    }

    let row = format!(
        "return [...document.querySelectorAll('#conversation-list .conversation-name')].some((n) => n.textContent === {});",
        json!(CONTACT)
    );
    app.wait_until_script(&row).await.unwrap();
    app.open_conversation(CONTACT).await.unwrap();
    app.wait_for_text("invoice.pdf").await.unwrap();
    // Under the message they came with, the header counts them.
    app.wait_until_script(&format!(
        "const m = document.querySelector('#messages .message[data-id={}]'); \
         return !!m && m.querySelectorAll('.attachment').length === 2 \
           && document.getElementById('thread-files').textContent === '2 files';",
        json!(written.message_id)
    ))
    .await
    .unwrap();
    // Invisible characters never reach the window.
    let names = app
        .eval(
            "return [...document.querySelectorAll('.attachment-name')].map((n) => n.textContent);",
        )
        .await
        .unwrap();
    assert_eq!(
        names,
        json!(["invoice.pdf", "../../.config/autostart/evilfdp.desktop"])
    );

    app.button("Save invoice.pdf")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_for_text("Saved in Downloads as invoice.pdf")
        .await
        .unwrap();
    wait_for_file(&downloads.join("invoice.pdf"), &invoice);
    // Saved, focus is on Open, named for the file.
    assert_eq!(
        app.eval("return document.activeElement?.getAttribute('aria-label') ?? null;")
            .await
            .unwrap(),
        json!("Open invoice.pdf")
    );

    app.button("Save ../../.config/autostart/evilfdp.desktop")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_for_text("Saved in Downloads as evilfdp.desktop")
        .await
        .unwrap();
    wait_for_file(&downloads.join("evilfdp.desktop"), &script);
    world.screenshot("attachments-thread");
    // Nowhere else: not where the name pointed, and nothing but the two files (no part left).
    for outside in ["config/autostart", ".config/autostart"] {
        assert!(!world.home().join(outside).exists(), "{outside}");
    }
    let mut saved: Vec<String> = std::fs::read_dir(&downloads)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    saved.sort();
    assert_eq!(saved, ["evilfdp.desktop", "invoice.pdf"]);
    // A program is saved but not offered to open.
    assert_eq!(
        app.eval("return document.querySelector('[aria-label=\"Open ../../.config/autostart/evilfdp.desktop\"]')?.hidden ?? null;")
            .await
            .unwrap(),
        json!(true)
    );
    // A file that comes with a later message shows too: new messages list the files again.
    let later = world
        .control
        .inbound(&Inbound::new("And the delivery note").in_conversation(&written.conversation_id))
        .await
        .unwrap();
    world
        .control
        .add_attachment(
            &NewAttachment::new(
                &written.conversation_id,
                "delivery-note.txt",
                "text/plain",
                b"2 parts",
            )
            .on_message(&later.message_id),
        )
        .await
        .unwrap();
    // Another message after it, so whichever poll reads the thread, one comes after the file.
    world
        .control
        .inbound(&Inbound::new("Thanks!").in_conversation(&written.conversation_id))
        .await
        .unwrap();
    app.wait_until_script(&format!(
        "const m = document.querySelector('#messages .message[data-id={}]'); \
         return !!m && m.textContent.includes('delivery-note.txt') \
           && document.getElementById('thread-files').textContent === '3 files';",
        json!(later.message_id)
    ))
    .await
    .unwrap();

    // The file host never saw the key: it refuses (and counts) any request carrying one.
    let downloads_served = world.control.downloads().await.unwrap();
    assert_eq!(downloads_served.refused_with_authorization, 0);
    assert_eq!(downloads_served.served, 2);
}
