//! Renders the main screens (sign-in, inbox, thread with its customer panel, a thread's files with
//! an image previewed, resolve, approve, the Needs a human queue, a new conversation), in light
//! and dark, to PNG files for a person to look at:
//! `cargo run -p ohallo-e2e --example screenshots` (needs the app built, like the E2E tests).

use std::time::Duration;

use ohallo_e2e::{AppWindow, HarnessError, World, WorldOptions};
use ohallo_sandbox::control_api::{Inbound, NewAttachment};

const PHOTO: &[u8] = include_bytes!("../fixtures/photo-48x32.png");

async fn settle() {
    tokio::time::sleep(Duration::from_millis(800)).await;
}

async fn shoot(world: &World, name: &str) -> Result<(), HarnessError> {
    settle().await;
    match world.screenshot(name) {
        Some(path) => println!("{}", path.display()),
        None => eprintln!("could not capture {name}"),
    }
    Ok(())
}

async fn tour(theme: &str) -> Result<(), HarnessError> {
    let mut options = WorldOptions::default();
    if theme == "dark" {
        options
            .app_env
            .push(("GTK_THEME".into(), "Adwaita:dark".into()));
    }
    let world = World::start(options).await?;
    let app: AppWindow = world.launch_app().await?;
    app.field("API key").await?;
    shoot(&world, &format!("{theme}-1-sign-in")).await?;

    app.sign_in(world.sandbox.key()).await?;
    app.region("Conversations").await?;
    shoot(&world, &format!("{theme}-2-inbox")).await?;

    app.wait("//ul[@aria-label='Conversations']/li[3]")
        .await?
        .click()
        .await?;
    app.region("Messages").await?;
    shoot(&world, &format!("{theme}-3-thread")).await?;

    let written = world
        .control
        .inbound(
            &Inbound::new("Photo of the damaged part, and the invoice").from_contact("Greta Files"),
        )
        .await?;
    for (name, kind, bytes) in [
        ("damaged-part.png", "image/png", PHOTO),
        ("invoice-2291.pdf", "application/pdf", &[b'%'; 180_000][..]),
    ] {
        let file = NewAttachment::new(&written.conversation_id, name, kind, bytes)
            .on_message(&written.message_id);
        world.control.add_attachment(&file).await?;
    }
    app.open_conversation("Greta Files").await?;
    app.button("Save damaged-part.png").await?.click().await?;
    app.wait("//img[@alt='Preview of damaged-part.png']")
        .await?;
    shoot(&world, &format!("{theme}-3b-files")).await?;

    app.button("Approve…").await?.click().await?;
    shoot(&world, &format!("{theme}-3c-approve")).await?;
    app.wait("//button[@id='approve-cancel']")
        .await?
        .click()
        .await?;
    // Back to every conversation, as a user emptying the search box.
    app.eval("const s = document.getElementById('search'); s.value = ''; s.dispatchEvent(new Event('input')); return true;")
        .await?;

    app.button("Resolve").await?.click().await?;
    shoot(&world, &format!("{theme}-4-resolve")).await?;
    app.button("Cancel").await?.click().await?;

    app.wait("//button[@id='tab-attention']")
        .await?
        .click()
        .await?;
    app.wait("//ul[@aria-label='Conversations']/li[1]")
        .await?
        .click()
        .await?;
    app.region("Messages").await?;
    shoot(&world, &format!("{theme}-5-needs-a-human")).await?;

    app.button("New conversation").await?.click().await?;
    app.field("Message").await?;
    shoot(&world, &format!("{theme}-6-new-conversation")).await?;
    app.close().await
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), HarnessError> {
    tour("light").await?;
    tour("dark").await
}
