//! The command palette and the shortcut sheet in the real window: Ctrl+K and part of a
//! contact's name opens that conversation; "Pause notifications" flips the switch and Rust's
//! preference; `?` lists the shortcuts, and Escape gives the focus back.

use fantoccini::key::Key;
use ohallo_e2e::{AppWindow, World, WorldOptions};
use ohallo_sandbox::control_api::Inbound;
use serde_json::json;

const CONTACT: &str = "Paula Palette";

/// Ctrl+K, then `query`; waits until the highlighted option is `label`.
async fn palette_offers(app: &AppWindow, query: &str, label: &str) {
    app.press_with_ctrl("k").await.unwrap();
    app.field("Command").await.unwrap();
    app.type_here(query).await.unwrap();
    app.wait(&format!(
        "//ul[@aria-label='Commands']/li[@aria-selected='true'][.//*[text()='{label}']]"
    ))
    .await
    .unwrap();
}

/// Runs the highlighted option with Enter and waits for the palette to close.
async fn run_highlighted(app: &AppWindow) {
    app.type_here(&Key::Enter.to_string()).await.unwrap();
    app.wait_until_script("return !document.getElementById('palette').open;")
        .await
        .unwrap();
}

#[tokio::test]
async fn ctrl_k_opens_a_conversation_by_name_pauses_notifications_and_question_mark_lists_shortcuts(
) {
    let world = World::start(WorldOptions::default()).await.unwrap();
    let app = world.launch_app().await.unwrap();
    world
        .control
        .inbound(&Inbound::new("Can I change my address?").from_contact(CONTACT))
        .await
        .unwrap();
    app.sign_in(world.sandbox.key()).await.unwrap();
    app.wait(&format!(
        "//ul[@aria-label='Conversations']/li[.//*[text()='{CONTACT}']]"
    ))
    .await
    .unwrap();
    app.eval("document.getElementById('conversation-list').focus(); return null;")
        .await
        .unwrap();

    palette_offers(&app, "paula pal", CONTACT).await;
    world.screenshot("palette");
    run_highlighted(&app).await;
    app.wait_until_script(&format!(
        "return document.getElementById('thread-contact').textContent === '{CONTACT}';"
    ))
    .await
    .unwrap();
    app.region("Messages").await.unwrap();

    let paused = "return document.getElementById('pause-switch').checked;";
    assert_eq!(app.eval(paused).await.unwrap(), json!(false));
    palette_offers(&app, "pause not", "Pause notifications").await;
    run_highlighted(&app).await;
    app.wait_until_script(paused).await.unwrap();
    let kept = app
        .eval_async("window.__TAURI__.core.invoke('get_preferences').then((p) => done(p.paused));")
        .await
        .unwrap();
    assert_eq!(kept, json!(true), "Rust keeps the pause");
    palette_offers(&app, "resume", "Resume notifications").await;
    run_highlighted(&app).await;
    app.wait_until_script("return !document.getElementById('pause-switch').checked;")
        .await
        .unwrap();

    // Escape closes without running anything and focus goes back.
    app.eval("document.getElementById('conversation-list').focus(); return null;")
        .await
        .unwrap();
    palette_offers(&app, "sign out", "Sign out").await;
    app.type_here(&Key::Escape.to_string()).await.unwrap();
    app.wait_until_script(
        "return !document.getElementById('palette').open && document.activeElement.id === 'conversation-list';",
    )
    .await
    .unwrap();
    assert_eq!(
        app.eval("return document.getElementById('app-view').hidden;")
            .await
            .unwrap(),
        json!(false),
        "still signed in"
    );

    app.type_here("?").await.unwrap();
    let sheet = app
        .wait("//dialog[@id='shortcut-sheet' and @open]")
        .await
        .unwrap();
    let listed = sheet.text().await.unwrap();
    for expected in ["Ctrl+K", "Command palette", "Insert a snippet", "Ctrl+/"] {
        assert!(listed.contains(expected), "{expected} in {listed}");
    }
    world.screenshot("shortcut-sheet");
    app.type_here(&Key::Escape.to_string()).await.unwrap();
    app.wait_until_script(
        "return !document.getElementById('shortcut-sheet').open && document.activeElement.id === 'conversation-list';",
    )
    .await
    .unwrap();
    app.close().await.unwrap();
}
