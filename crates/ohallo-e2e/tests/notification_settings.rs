//! The Notifications section of the settings dialog, in the real window: quiet hours set from
//! the keyboard silence notifications while the window's title still counts, survive a restart,
//! "Do not disturb" says until when, a workspace's rule lets only "needs a human" through, and
//! a repeated "needs a human" comes back on its card until the item is handled.

use std::time::Duration;

use fantoccini::key::Key;
use ohallo_e2e::{AppWindow, World, WorldOptions};
use ohallo_sandbox::control_api::{Attention, Inbound};
use serde_json::{json, Value};

const INTERVAL_SECS: u64 = 1;
const REPEAT_SECS: u64 = 2;

fn options() -> WorldOptions {
    // With a tray, so Ctrl+W hides the window (nothing is being read) rather than minimising it.
    let mut options = WorldOptions::polling_every(INTERVAL_SECS).with_tray_host();
    options.app_env.push((
        "OHALLO_ATTENTION_REPEAT_SECS".into(),
        REPEAT_SECS.to_string(),
    ));
    options
}

/// Two polls after the call have finished and shown nothing more: the proof of silence.
async fn two_polls_pass(world: &World) {
    world
        .wait_for_polls(2, Duration::from_secs(30))
        .await
        .unwrap();
}

/// The notification preferences as Rust holds them.
async fn saved(app: &AppWindow) -> Value {
    app.eval_async(
        "window.__TAURI__.core.invoke('get_preferences').then(done, (e) => done({ error: String(e) }));",
    )
    .await
    .unwrap()
}

async fn wait_saved(app: &AppWindow, holds: impl Fn(&Value) -> bool) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let preferences = saved(app).await;
        if holds(&preferences) {
            return preferences;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never saved: {preferences}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Opens the settings with Ctrl+, and tabs to the element with `id`, as a keyboard user would.
async fn tab_to(app: &AppWindow, id: &str) {
    app.wait_until_script("return document.getElementById('settings-dialog').open;")
        .await
        .unwrap();
    let mut trail = Vec::new();
    for _ in 0..60 {
        let at = app
            .eval("const a = document.activeElement; return a ? `${a.tagName}#${a.id}` : null;")
            .await
            .unwrap();
        if at == json!(format!("INPUT#{id}")) || at == json!(format!("BUTTON#{id}")) {
            return;
        }
        trail.push(at);
        app.client
            .active_element()
            .await
            .unwrap()
            .send_keys(&key(Key::Tab))
            .await
            .unwrap();
    }
    panic!("Tab never reached #{id}: {trail:?}");
}

fn key(key: Key) -> String {
    char::from(key).to_string()
}

async fn press(app: &AppWindow, key: &str) {
    app.client
        .active_element()
        .await
        .unwrap()
        .send_keys(key)
        .await
        .unwrap();
}

/// Sets a time input the way its picker does: a value, then `change`.
async fn set_time(app: &AppWindow, id: &str, minutes_from_now: i64) {
    app.eval(&format!(
        "const at = new Date(Date.now() + {minutes_from_now} * 60000); \
         const input = document.getElementById({}); \
         input.value = `${{String(at.getHours()).padStart(2, '0')}}:${{String(at.getMinutes()).padStart(2, '0')}}`; \
         input.dispatchEvent(new Event('change')); return input.value;",
        json!(id)
    ))
    .await
    .unwrap();
}

#[tokio::test]
async fn quiet_hours_from_the_keyboard_silence_notifications_while_the_title_counts_and_persist() {
    let (world, app) = World::signed_in_and_listed(options()).await.unwrap();
    world.wait_for_title_unread(0).await.unwrap();

    app.press_with_ctrl(",").await.unwrap();
    tab_to(&app, "quiet-switch").await;
    press(&app, " ").await;
    // Quiet from an hour ago to an hour from now, on every day (the default days).
    set_time(&app, "quiet-from", -60).await;
    set_time(&app, "quiet-to", 60).await;
    wait_saved(&app, |p| {
        let quiet = &p["rules"]["quietHours"];
        quiet["enabled"] == json!(true)
            && quiet["days"] == json!([true, true, true, true, true, true, true])
            && quiet["fromMinute"] != quiet["toMinute"]
    })
    .await;
    world.screenshot("notification-settings-light");
    press(&app, &key(Key::Escape)).await;

    world
        .control
        .inbound(&Inbound::new("Hello at night").from_contact("Nightly Nora"))
        .await
        .unwrap();
    world.wait_for_title_unread(1).await.unwrap();
    two_polls_pass(&world).await;
    assert!(
        world.notifications.notifications().is_empty(),
        "quiet hours: nothing shown, {:?}",
        world.notifications.notifications()
    );

    // "Do not disturb" says until when, and goes off again.
    app.press_with_ctrl(",").await.unwrap();
    tab_to(&app, "dnd-hour").await;
    press(&app, &key(Key::Enter)).await;
    app.wait_until_script(
        "return document.getElementById('dnd-state').textContent.startsWith('On until ');",
    )
    .await
    .unwrap();
    wait_saved(&app, |p| p["doNotDisturbUntil"].is_string()).await;

    // A restart keeps every choice.
    app.close().await.unwrap();
    let app = world.launch_app().await.unwrap();
    app.region("Conversations").await.unwrap();
    app.press_with_ctrl(",").await.unwrap();
    app.wait_until_script(
        "return document.getElementById('quiet-switch').checked \
         && document.getElementById('quiet-from').value !== '' \
         && document.getElementById('dnd-state').textContent.startsWith('On until ');",
    )
    .await
    .unwrap();
    tab_to(&app, "dnd-off").await;
    press(&app, &key(Key::Enter)).await;
    app.wait_until_script("return document.getElementById('dnd-state').textContent === 'Off';")
        .await
        .unwrap();
    wait_saved(&app, |p| p["doNotDisturbUntil"].is_null()).await;
    app.close().await.unwrap();
}

#[tokio::test]
async fn a_workspace_set_to_needs_a_human_notifies_only_that_and_a_repeat_comes_until_handled() {
    let (world, app) = World::signed_in_and_listed(options()).await.unwrap();
    app.press_with_ctrl(",").await.unwrap();
    app.wait("//select[@data-workspace]").await.unwrap();
    // Repeats on, from the keyboard; then every workspace the key sees: only "needs a human".
    tab_to(&app, "repeat-switch").await;
    press(&app, " ").await;
    wait_saved(&app, |p| p["rules"]["repeatNeedsHuman"] == json!(true)).await;
    app.eval(
        "for (const select of document.querySelectorAll('#notify-rules select')) { \
           select.value = 'needsHuman'; select.dispatchEvent(new Event('change')); } \
         return true;",
    )
    .await
    .unwrap();
    wait_saved(&app, |p| {
        p["rules"]["workspaces"]
            .as_object()
            .is_some_and(|w| !w.is_empty() && w.values().all(|r| r == "needsHuman"))
    })
    .await;
    press(&app, &key(Key::Escape)).await;

    let written = world
        .control
        .inbound(&Inbound::new("Just a question").from_contact("Rules Rita"))
        .await
        .unwrap();
    world.wait_for_title_unread(1).await.unwrap();
    two_polls_pass(&world).await;
    let about_rita = |world: &World| {
        world
            .notifications
            .notifications()
            .into_iter()
            .filter(|n| n.summary.contains("Rules Rita"))
            .collect::<Vec<_>>()
    };
    assert!(
        about_rita(&world).is_empty(),
        "a message is not needs-a-human"
    );

    world
        .control
        .raise_attention(&Attention {
            conversation_id: written.conversation_id.clone(),
            reason: Some("Wants a person".into()),
        })
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while about_rita(&world).len() < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "no repeat: {:?}",
            world.notifications.notifications()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let shown = about_rita(&world);
    assert_eq!(shown[0].summary, "A human is needed · Rules Rita");
    assert_eq!(shown[0].body, "Wants a person");
    assert_eq!(shown[1].summary, shown[0].summary, "repeated");
    assert_eq!(shown[1].replaces_id, shown[0].id, "on the same card");

    // Handled, and the window hidden (a conversation being read never notifies): no more
    // repeats, however many intervals pass.
    app.open_conversation("Rules Rita").await.unwrap();
    app.click_button("Mark handled").await.unwrap();
    app.wait_until_script("return document.querySelectorAll('.attention-item').length === 0;")
        .await
        .unwrap();
    app.hide().await.unwrap();
    app.wait_until_script("return document.hidden;")
        .await
        .unwrap();
    two_polls_pass(&world).await;
    let after_handled = about_rita(&world).len();
    world
        .wait_for_polls(3 * REPEAT_SECS + 6, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(about_rita(&world).len(), after_handled, "handled: quiet");
    app.close().await.unwrap();
}
