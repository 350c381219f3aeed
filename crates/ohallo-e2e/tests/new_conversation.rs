//! Writing first from the desktop: a new email conversation is checked, sent, found in the list
//! once oHallo lists it (the API answers no id) and opened; a bad number never leaves.

use ohallo_e2e::{World, WorldOptions};
use serde_json::json;

const TEXT: &str = "Hello Lena, your warranty was extended to 2028.";

#[tokio::test]
async fn a_new_email_conversation_is_sent_found_and_opened_and_a_bad_number_is_refused_first() {
    let (world, app) = World::signed_in_and_listed(WorldOptions::polling_every(1))
        .await
        .unwrap();
    app.click_button("New conversation").await.unwrap();
    app.field("To (email, or phone as +45 31 23 45 67)")
        .await
        .unwrap();
    assert_eq!(
        app.eval("return document.activeElement?.id ?? null;")
            .await
            .unwrap(),
        json!("compose-to")
    );
    // An email channel the app has seen in the list.
    let chose = app
        .eval(
            "const s = document.getElementById('compose-channel'); \
             const email = [...s.options].find((o) => o.textContent.endsWith('(Email)')); \
             if (!email) return false; s.value = email.value; s.dispatchEvent(new Event('change')); return true;",
        )
        .await
        .unwrap();
    assert_eq!(chose, json!(true), "an email channel is offered");

    // A phone number in local form is refused before anything is sent: the app's own words,
    // not the server's.
    let to = app
        .field("To (email, or phone as +45 31 23 45 67)")
        .await
        .unwrap();
    to.send_keys("0045 not a number").await.unwrap();
    app.field("Message")
        .await
        .unwrap()
        .send_keys(TEXT)
        .await
        .unwrap();
    app.click_button("Send").await.unwrap();
    app.wait_until_script(
        "const t = document.getElementById('compose-status').textContent; \
         return t.startsWith('Not sent:') && t.includes('international form');",
    )
    .await
    .unwrap();

    to.clear().await.unwrap();
    to.send_keys("lena@example.org").await.unwrap();
    app.field("Name (optional)")
        .await
        .unwrap()
        .send_keys("Lena Neu")
        .await
        .unwrap();
    app.field("Subject")
        .await
        .unwrap()
        .send_keys("Your warranty")
        .await
        .unwrap();
    world.screenshot("new-conversation");
    app.click_button("Send").await.unwrap();
    // Sent, then found at a later poll and opened.
    app.wait_until_script(&format!(
        "return !document.getElementById('thread').hidden && \
           document.getElementById('thread-contact').textContent === 'Lena Neu' && \
           [...document.querySelectorAll('#messages .message-body')].some((b) => b.textContent === {});",
        json!(TEXT)
    ))
    .await
    .unwrap();
    assert_eq!(
        app.eval("return document.getElementById('compose-form').hidden;")
            .await
            .unwrap(),
        json!(true)
    );
    app.close().await.unwrap();
}
