//! Conversations popped out into windows of their own, in the real app: each window shows its
//! one conversation, follows news in it as the inbox does, replies and acts, and what it does
//! shows in the inbox too; several are open at once, Ctrl+W closes one and leaves the app, and
//! signing out closes them all.
//!
//! WebKitWebDriver finds elements only in the window the app started with (in another window
//! they come back empty and never shown), so the conversation window is driven by script in
//! its page: the same DOM events a click or a key press raises, through the same handlers.

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use ohallo_e2e::{AppWindow, World, WorldOptions};
use ohallo_sandbox::control_api::Inbound;
use serde_json::Value;

const PAULA: &str = "Paula Popout";
const OSKAR: &str = "Oskar Other";

/// Waits until the X server has `count` windows titled after `contact`.
async fn wait_for_windows(world: &World, contact: &str, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let titles = world.window_titles_matching(contact);
        if titles.len() == count {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{count} window(s) titled {contact}: {titles:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until `script` (run in the current window) returns `true`.
async fn eventually(app: &AppWindow, script: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if app.eval(script).await.ok() == Some(Value::Bool(true)) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_popped_out_conversation_follows_the_inbox_replies_acts_and_closes_with_ctrl_w() {
    let (world, app) = World::signed_in_and_listed(WorldOptions::polling_every(1))
        .await
        .unwrap();
    let mut written = Vec::new();
    for (contact, text) in [
        (PAULA, "Can I change my delivery address?"),
        (OSKAR, "Hello?"),
    ] {
        let conversation = world
            .control
            .inbound(&Inbound::new(text).from_contact(contact))
            .await
            .unwrap()
            .conversation_id;
        written.push(conversation);
    }
    let inbox_window = app.client.window().await.unwrap();
    app.open_conversation(PAULA).await.unwrap();
    app.click_button("Pop out into its own window")
        .await
        .unwrap();
    wait_for_windows(&world, PAULA, 1).await;

    let popout = app
        .switch_to_new_window(std::slice::from_ref(&inbox_window))
        .await
        .unwrap();
    eventually(
        &app,
        &format!(
            "return document.getElementById('thread-contact').textContent === '{PAULA}' \
             && document.getElementById('messages').textContent.includes('delivery address');"
        ),
        "the window shows its conversation",
    )
    .await;
    let list_shown = app
        .eval("return document.getElementById('conversation-list').getClientRects().length > 0;")
        .await
        .unwrap();
    assert_eq!(list_shown, false, "a conversation window shows no list");
    world.screenshot("popout-window");

    // News in the conversation reaches its window as it reaches the inbox.
    world
        .control
        .inbound(&Inbound::new("Actually, to Hauptstraße 5").in_conversation(&written[0]))
        .await
        .unwrap();
    eventually(
        &app,
        "return document.getElementById('messages').textContent.includes('Hauptstraße 5');",
        "the window did not follow the news",
    )
    .await;

    // A reply and a take-over from the window: the server has the reply, the inbox the status.
    app.eval(
        "const box = document.getElementById('reply'); box.value = 'Done, changed it for you.'; \
         box.dispatchEvent(new Event('input', { bubbles: true })); \
         document.getElementById('send-button').click(); return true;",
    )
    .await
    .unwrap();
    eventually(
        &app,
        "return [...document.querySelectorAll('#messages .message-body')].some((m) => m.textContent.includes('Done, changed it for you.'));",
        "the reply shows in the window's thread",
    )
    .await;
    let replies = world.control.replies().await.unwrap();
    assert!(replies
        .iter()
        .any(|reply| reply.content == "Done, changed it for you."));
    app.eval("document.getElementById('take-over-button').click(); return true;")
        .await
        .unwrap();
    eventually(
        &app,
        "return !document.getElementById('release-button').hidden;",
        "the window's conversation is taken over",
    )
    .await;

    app.client
        .switch_to_window(inbox_window.clone())
        .await
        .unwrap();
    app.button("Release to AI").await.unwrap();
    app.wait_until_script(
        "return document.getElementById('thread-status').textContent.includes('In progress');",
    )
    .await
    .unwrap();

    // Several at once: a second conversation gets its own window; popping the first out again
    // (from the palette) brings its window forward instead of opening another.
    app.open_conversation(OSKAR).await.unwrap();
    app.click_button("Pop out into its own window")
        .await
        .unwrap();
    wait_for_windows(&world, OSKAR, 1).await;
    app.open_conversation(PAULA).await.unwrap();
    app.press_with_ctrl("k").await.unwrap();
    app.type_here("own window").await.unwrap();
    app.type_here(&Key::Enter.to_string()).await.unwrap();
    app.wait_until_script("return !document.getElementById('palette').open;")
        .await
        .unwrap();
    assert_eq!(app.client.windows().await.unwrap().len(), 3);
    wait_for_windows(&world, PAULA, 1).await;

    // Ctrl+W in Paula's window closes it; the inbox and Oskar's window stay.
    app.client.switch_to_window(popout).await.unwrap();
    // The window may be gone before the script's answer: the X server's titles tell.
    let _ = app
        .eval(
            "document.dispatchEvent(new KeyboardEvent('keydown', { key: 'w', ctrlKey: true, bubbles: true })); \
             return true;",
        )
        .await;
    wait_for_windows(&world, PAULA, 0).await;
    wait_for_windows(&world, OSKAR, 1).await;
    app.client.switch_to_window(inbox_window).await.unwrap();
    app.region("Conversations").await.unwrap();

    // Signed out, a conversation window has nothing left to show: it closes with the account.
    app.click_button("Sign out").await.unwrap();
    app.field("API key").await.unwrap();
    wait_for_windows(&world, OSKAR, 0).await;
}
