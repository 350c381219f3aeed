//! A customer's files, from the real window: listed under their message, saved into the
//! downloads folder byte for byte, a hostile file name saved safely inside it, an image
//! previewed from the saved file (a decompression bomb not), and a saved file opened with the
//! system's handler; Save as… through the desktop's own GTK save dialog, driven with xdotool as
//! a user would type into it. The handler is the one stand-in: an `xdg-open` first on the app's
//! PATH that writes down what it was asked to open, since a real viewer shows nothing a test
//! reads.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ohallo_e2e::{World, WorldOptions};
use ohallo_sandbox::control_api::{Inbound, NewAttachment};
use serde_json::json;

const CONTACT: &str = "Greta Files";
const PHOTO: &[u8] = include_bytes!("../fixtures/photo-48x32.png");
const BOMB: &[u8] = include_bytes!("../fixtures/bomb-60000x60000.png");
const HOSTILE: &str = "../../.config/autostart/\u{7}evil\u{202e}fdp.desktop";

/// Names the downloads folder as xdg-user-dirs would (the app reads it at each save); answers it.
fn name_downloads(world: &World) -> PathBuf {
    std::fs::write(
        world.home().join("config/user-dirs.dirs"),
        "XDG_DOWNLOAD_DIR=\"$HOME/Downloads\"\n",
    )
    .unwrap();
    world.home().join("Downloads")
}

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
    let handler = tempfile::tempdir().unwrap();
    let opened = handler.path().join("opened.txt");
    let xdg_open = handler.path().join("xdg-open");
    std::fs::write(
        &xdg_open,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(
        &xdg_open,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let mut options = WorldOptions::polling_every(1);
    options.app_env.push((
        "PATH".into(),
        format!(
            "{}:{}",
            handler.path().display(),
            std::env::var("PATH").unwrap_or_default()
        ),
    ));
    let (world, app) = World::signed_in_and_listed(options).await.unwrap();
    let downloads = name_downloads(&world);

    let written = world
        .control
        .inbound(&Inbound::new("Here is the invoice and a script").from_contact(CONTACT))
        .await
        .unwrap();
    let invoice: Vec<u8> = (0..300_000u32).map(|n| (n * 31 % 251) as u8).collect();
    let script = b"#!/bin/sh\necho pwned\n".to_vec();
    for (name, kind, bytes) in [
        ("invoice.pdf", "application/pdf", invoice.as_slice()),
        (HOSTILE, "application/pdf", script.as_slice()),
        ("photo.png", "image/png", PHOTO),
        ("huge.png", "image/png", BOMB),
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
         return !!m && m.querySelectorAll('.attachment').length === 4 \
           && document.getElementById('thread-files').textContent === '4 files';",
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
        json!([
            "invoice.pdf",
            "../../.config/autostart/evilfdp.desktop",
            "photo.png",
            "huge.png"
        ])
    );

    app.click_button("Save invoice.pdf").await.unwrap();
    app.wait_for_text("Saved in Downloads as invoice.pdf")
        .await
        .unwrap();
    wait_for_file(&downloads.join("invoice.pdf"), &invoice);
    // Saved, focus is on Open, named for the file; a PDF gets no preview.
    assert_eq!(
        app.eval("return document.activeElement?.getAttribute('aria-label') ?? null;")
            .await
            .unwrap(),
        json!("Open invoice.pdf")
    );
    // Open hands the saved file, and only it, to the system's handler.
    app.click_button("Open invoice.pdf").await.unwrap();
    wait_for_file(
        &opened,
        format!("{}\n", downloads.join("invoice.pdf").display()).as_bytes(),
    );

    // An image is previewed from the file just saved, decoded at its own size.
    app.click_button("Save photo.png").await.unwrap();
    app.wait_until_script(
        "const img = document.querySelector('.attachment img.attachment-preview[alt=\"Preview of photo.png\"]'); \
         return !!img && img.complete && img.naturalWidth === 48 && img.naturalHeight === 32;",
    )
    .await
    .unwrap();
    wait_for_file(&downloads.join("photo.png"), PHOTO);
    // One that claims 60,000 × 60,000 pixels is saved, but never handed to the decoder.
    app.click_button("Save huge.png").await.unwrap();
    app.wait_for_text("Saved in Downloads as huge.png")
        .await
        .unwrap();
    wait_for_file(&downloads.join("huge.png"), BOMB);
    assert_eq!(
        app.eval("return document.querySelectorAll('.attachment-preview').length;")
            .await
            .unwrap(),
        json!(1)
    );

    app.click_button("Save ../../.config/autostart/evilfdp.desktop")
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
    assert_eq!(
        saved,
        ["evilfdp.desktop", "huge.png", "invoice.pdf", "photo.png"]
    );
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
           && document.getElementById('thread-files').textContent === '5 files';",
        json!(later.message_id)
    ))
    .await
    .unwrap();

    // The file host never saw the key: it refuses (and counts) any request carrying one.
    let downloads_served = world.control.downloads().await.unwrap();
    assert_eq!(downloads_served.refused_with_authorization, 0);
    assert_eq!(downloads_served.served, 4);
}

/// Runs xdotool against the app's display; its output, or why it failed.
fn xdotool(world: &World, args: &[&str]) -> Result<String, String> {
    let output = std::process::Command::new("xdotool")
        .args(args)
        .env("DISPLAY", world.display_name())
        .output()
        .map_err(|error| format!("xdotool: {error}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// The window of the save dialog, once it is shown; `None` once it is gone, as `shown` asks.
fn wait_for_dialog(world: &World, shown: bool) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = xdotool(
            world,
            &["search", "--onlyvisible", "--name", "^Save attachment$"],
        )
        .ok()
        .and_then(|ids| ids.lines().next().map(str::to_owned));
        if found.is_some() == shown {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "the save dialog was {}",
            if shown { "never shown" } else { "never closed" }
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test]
async fn save_as_writes_where_the_user_chose_in_the_desktop_dialog_and_cancel_writes_nothing() {
    let (world, app) = World::signed_in_and_listed(WorldOptions::polling_every(1))
        .await
        .unwrap();
    let downloads = name_downloads(&world);
    std::fs::create_dir_all(&downloads).unwrap();
    let chosen_dir = world.home().join("Contracts");
    std::fs::create_dir_all(&chosen_dir).unwrap();
    let written = world
        .control
        .inbound(&Inbound::new("The signed contract").from_contact(CONTACT))
        .await
        .unwrap();
    let contract: Vec<u8> = (0..120_000u32).map(|n| (n * 7 % 253) as u8).collect();
    world
        .control
        .add_attachment(
            &NewAttachment::new(
                &written.conversation_id,
                "contract.pdf",
                "application/pdf",
                &contract,
            )
            .on_message(&written.message_id),
        )
        .await
        .unwrap();
    app.open_conversation(CONTACT).await.unwrap();
    app.wait_for_text("contract.pdf").await.unwrap();

    // The dialog opens on the downloads folder with the name filled in; the user types a
    // whole path instead, as GTK's name field allows.
    app.click_button("Save as… contract.pdf").await.unwrap();
    let dialog = wait_for_dialog(&world, true).unwrap();
    world.screenshot("save-as-dialog");
    let target = chosen_dir.join("contract-signed.pdf");
    xdotool(&world, &["windowfocus", "--sync", &dialog]).unwrap();
    xdotool(&world, &["key", "--clearmodifiers", "ctrl+a"]).unwrap();
    xdotool(
        &world,
        &["type", "--delay", "20", &target.display().to_string()],
    )
    .unwrap();
    xdotool(&world, &["key", "Return"]).unwrap();
    app.wait_for_text("Saved in Contracts as contract-signed.pdf")
        .await
        .unwrap();
    wait_for_file(&target, &contract);
    assert!(
        std::fs::read_dir(&downloads).unwrap().next().is_none(),
        "nothing went to the downloads folder"
    );

    // Cancelled, nothing is written and the row says what it said before.
    app.click_button("Save as… contract.pdf").await.unwrap();
    let dialog = wait_for_dialog(&world, true).unwrap();
    xdotool(&world, &["windowfocus", "--sync", &dialog]).unwrap();
    xdotool(&world, &["key", "Escape"]).unwrap();
    wait_for_dialog(&world, false);
    app.wait_until_script(
        "const b = document.querySelector('[aria-label=\"Save as… contract.pdf\"]'); \
         return !!b && !b.disabled;",
    )
    .await
    .unwrap();
    app.wait_for_text("Saved in Contracts as contract-signed.pdf")
        .await
        .unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&chosen_dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["contract-signed.pdf"]);
    assert!(std::fs::read_dir(&downloads).unwrap().next().is_none());
    app.close().await.unwrap();
}

#[tokio::test]
async fn a_slow_download_fills_its_progress_bar_and_then_says_where_the_file_is() {
    let (world, app) = World::signed_in_and_listed(WorldOptions::polling_every(1))
        .await
        .unwrap();
    let downloads = name_downloads(&world);
    let written = world
        .control
        .inbound(&Inbound::new("The scans of every page").from_contact(CONTACT))
        .await
        .unwrap();
    // 1 MiB from a host that sends 16 KiB every 60 ms: about four seconds to watch.
    let scans: Vec<u8> = (0..1024 * 1024u32).map(|n| (n * 13 % 251) as u8).collect();
    let mut slow = NewAttachment::new(
        &written.conversation_id,
        "scans.zip",
        "application/zip",
        &scans,
    )
    .on_message(&written.message_id);
    slow.chunk_delay_ms = Some(60);
    world.control.add_attachment(&slow).await.unwrap();
    app.open_conversation(CONTACT).await.unwrap();
    app.click_button("Save scans.zip").await.unwrap();

    // Part way: the bar, named for the file, is partly filled and the text gives the share.
    app.wait_until_script(
        "const bar = document.querySelector('progress[aria-label=\"Saving scans.zip\"]'); \
         const status = bar?.closest('.attachment')?.querySelector('.attachment-status'); \
         return !!bar && !bar.hidden && bar.value > 0 && bar.value < bar.max \
           && /^Saving… [0-9]+%$/.test(status?.textContent ?? '');",
    )
    .await
    .unwrap();
    world.screenshot("attachment-progress");
    app.wait_for_text("Saved in Downloads as scans.zip")
        .await
        .unwrap();
    wait_for_file(&downloads.join("scans.zip"), &scans);
    assert_eq!(
        app.eval(
            "return document.querySelector('progress[aria-label=\"Saving scans.zip\"]').hidden;"
        )
        .await
        .unwrap(),
        json!(true),
        "the bar goes once the file is saved"
    );
    app.close().await.unwrap();
}
