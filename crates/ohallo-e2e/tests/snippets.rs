//! Snippets in the real window: made in the settings, inserted with `/` and a filter, their
//! variables filled from the open conversation and the agent's name, the caret where
//! `{cursor}` was, and sent exactly as shown; a variable left unfilled holds Send and says
//! which; and the snippets are still there after a restart and after signing out and in again.

use std::time::Duration;

use fantoccini::key::Key;
use ohallo_e2e::{AppWindow, World, WorldOptions};
use ohallo_sandbox::control_api::Inbound;
use serde_json::{json, Value};

const CONTACT: &str = "Jane Snippet";
const THANKS: &str = "Hi {contact.firstName}, {cursor} Best regards, {agent.name}";
const ORDER: &str = "Your order {order.id} is on its way, {contact.firstName}.";

async fn reply_value(app: &AppWindow) -> Value {
    app.eval("return document.getElementById('reply').value;")
        .await
        .unwrap()
}

/// Opens the settings and waits until they show the snippet `name` and the agent's name.
async fn settings_show(app: &AppWindow, name: &str, agent: &str) {
    app.click_button("Settings").await.unwrap();
    app.wait(&format!(
        "//ul[@aria-label='Your snippets']/li[.//*[text()='{name}']]"
    ))
    .await
    .unwrap();
    app.wait_until_script(&format!(
        "return document.getElementById('agent-name').value === '{agent}';"
    ))
    .await
    .unwrap();
}

#[tokio::test]
async fn a_snippet_is_filled_inserted_at_the_caret_sent_as_shown_and_kept_across_restart_and_sign_out(
) {
    let world = World::start(WorldOptions::polling_every(1)).await.unwrap();
    let app = world.launch_app().await.unwrap();
    app.sign_in(world.sandbox.key()).await.unwrap();
    app.region("Conversations").await.unwrap();
    world
        .control
        .inbound(&Inbound::new("Where is my parcel?").from_contact(CONTACT))
        .await
        .unwrap();

    app.click_button("Settings").await.unwrap();
    app.wait("//p[@id='snippet-list-empty' and contains(., 'No snippets yet')]")
        .await
        .unwrap();
    let agent = app.field("Your name, for {agent.name}").await.unwrap();
    agent.send_keys("Ada Agent").await.unwrap();
    agent.send_keys(&Key::Tab.to_string()).await.unwrap();
    app.wait_for_text("Your name is saved.").await.unwrap();
    app.add_snippet("Thanks", THANKS).await.unwrap();
    app.add_snippet("Order status", ORDER).await.unwrap();
    world.screenshot("snippets-settings");
    app.click_button("Close").await.unwrap();

    app.open_conversation(CONTACT).await.unwrap();
    app.field("Reply")
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    app.field("Insert snippet").await.unwrap();
    app.type_here("than").await.unwrap();
    app.wait("//ul[@aria-label='Snippets']/li[1][@aria-selected='true'][.//*[text()='Thanks']]")
        .await
        .unwrap();
    world.screenshot("snippet-picker");
    app.type_here(&Key::Enter.to_string()).await.unwrap();
    app.wait_until_script("return document.getElementById('snippet-picker').hidden;")
        .await
        .unwrap();
    assert_eq!(
        reply_value(&app).await,
        json!("Hi Jane,  Best regards, Ada Agent")
    );
    let caret = app
        .eval("const r = document.getElementById('reply'); return [document.activeElement === r, r.selectionStart, r.selectionEnd];")
        .await
        .unwrap();
    assert_eq!(
        caret,
        json!([true, 9, 9]),
        "the caret is where {{cursor}} was"
    );

    app.type_here("thanks for waiting.").await.unwrap();
    let sent = "Hi Jane, thanks for waiting. Best regards, Ada Agent";
    assert_eq!(reply_value(&app).await, json!(sent));
    app.press_with_ctrl(&Key::Enter.to_string()).await.unwrap();
    app.wait(&format!(
        "//ol[@aria-label='Messages']/li[not(@data-pending)]//*[text()='{sent}']"
    ))
    .await
    .unwrap();
    let replies = world.control.replies().await.unwrap();
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].content, sent);

    // Ctrl+/ anywhere in the reply; the unknown {order.id} stays, is named, and holds Send.
    app.press_with_ctrl("/").await.unwrap();
    app.field("Insert snippet").await.unwrap();
    app.type_here("order").await.unwrap();
    app.wait(
        "//ul[@aria-label='Snippets']/li[1][@aria-selected='true'][.//*[text()='Order status']]",
    )
    .await
    .unwrap();
    app.type_here(&Key::Enter.to_string()).await.unwrap();
    let warning = app
        .wait("//*[@id='snippet-warning' and not(@hidden)]")
        .await
        .unwrap();
    assert!(
        warning.text().await.unwrap().contains("{order.id}"),
        "the warning names the unfilled variable"
    );
    assert_eq!(
        reply_value(&app).await,
        json!("Your order {order.id} is on its way, Jane.")
    );
    world.screenshot("snippet-unfilled");
    app.press_with_ctrl(&Key::Enter.to_string()).await.unwrap();
    app.wait_until_script("return document.activeElement.id === 'send-anyway-button';")
        .await
        .unwrap();
    world
        .wait_for_polls(2, Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(world.control.replies().await.unwrap().len(), 1, "Send held");
    app.eval("const r = document.getElementById('reply'); r.value = r.value.replace('{order.id}', '42'); r.dispatchEvent(new Event('input')); return null;")
        .await
        .unwrap();
    app.wait_until_script("return document.getElementById('snippet-warning').hidden;")
        .await
        .unwrap();

    // Escape closes the picker and gives back the `/` that opened it.
    app.eval("const r = document.getElementById('reply'); r.value = ''; r.dispatchEvent(new Event('input')); r.focus(); return null;")
        .await
        .unwrap();
    app.type_here("/").await.unwrap();
    app.field("Insert snippet").await.unwrap();
    app.type_here(&Key::Escape.to_string()).await.unwrap();
    app.wait_until_script(
        "return document.getElementById('snippet-picker').hidden && document.activeElement.id === 'reply';",
    )
    .await
    .unwrap();
    assert_eq!(reply_value(&app).await, json!("/"));
    app.close().await.unwrap();

    let app = world.launch_app().await.unwrap();
    app.region("Conversations").await.unwrap();
    settings_show(&app, "Thanks", "Ada Agent").await;
    app.click_button("Close").await.unwrap();
    app.click_button("Sign out").await.unwrap();
    app.sign_in(world.sandbox.key()).await.unwrap();
    app.region("Conversations").await.unwrap();
    settings_show(&app, "Order status", "Ada Agent").await;
    app.close().await.unwrap();
}
