//! Sign in, browse and reply in the real window, against the sandbox, with the real keyring.

use std::time::Duration;

use ohallo_e2e::{AppWindow, World, WorldOptions};
use ohallo_sandbox::control_api::Inbound;
use serde_json::json;

/// The conversations the list has loaded. The list is virtual (only the rows near the view are
/// in the DOM, but it is as tall as all loaded rows), so this is its height in rows.
async fn row_count(app: &AppWindow) -> usize {
    let value = app
        .eval(
            "const list = document.getElementById('conversation-list'); const row = list.firstElementChild; \
             return row ? Math.round(list.offsetHeight / row.offsetHeight) : 0;",
        )
        .await
        .unwrap();
    value.as_u64().unwrap() as usize
}

async fn wait_rows(app: &AppWindow, at_least: usize) -> usize {
    for _ in 0..200 {
        let count = row_count(app).await;
        if count >= at_least {
            return count;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the list never reached {at_least} rows");
}

#[tokio::test]
async fn a_bad_key_is_refused_a_good_one_opens_the_inbox_and_a_restart_skips_sign_in() {
    let world = World::start(WorldOptions::default()).await.unwrap();
    let app = world.launch_app().await.unwrap();

    app.sign_in("sf_test_v1_notARealKey").await.unwrap();
    let alert = app
        .wait("//*[@id='signin-error' and not(@hidden)]")
        .await
        .unwrap();
    let text = alert.text().await.unwrap();
    assert!(text.contains("rejected the API key"), "{text}");

    app.field("API key").await.unwrap().clear().await.unwrap();
    app.sign_in(world.sandbox.key()).await.unwrap();
    app.region("Conversations").await.unwrap();
    assert!(wait_rows(&app, 1).await > 0);
    assert!(
        world.stored_key().unwrap().is_some(),
        "the key is in the keyring"
    );
    app.close().await.unwrap();

    let app = world.launch_app().await.unwrap();
    app.region("Conversations").await.unwrap();
    assert!(wait_rows(&app, 1).await > 0);
    let signin_hidden = app
        .eval("return document.getElementById('signin-view').hidden;")
        .await
        .unwrap();
    assert_eq!(signin_hidden, json!(true));
    app.close().await.unwrap();
}

async fn signed_in(options: WorldOptions) -> (World, AppWindow) {
    let (world, app) = World::signed_in(options).await.unwrap();
    wait_rows(&app, 1).await;
    (world, app)
}

#[tokio::test]
async fn scrolling_pages_through_every_conversation_without_duplicates() {
    let mut options = WorldOptions::default();
    options.sandbox.conversations = 130;
    let (_world, app) = signed_in(options).await;
    let mut count = 0;
    for _ in 0..40 {
        app.eval("const s = document.getElementById('list-scroller'); s.scrollTop = s.scrollHeight; return null;")
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        count = row_count(&app).await;
        if count >= 130 {
            break;
        }
    }
    assert_eq!(count, 130, "all 130 conversations load, page after page");
    // Scrolled back through from the top, the rows shown name 130 conversations, once each.
    let distinct = app
        .eval_async(
            "const s = document.getElementById('list-scroller'); const ids = new Map(); s.scrollTop = 0; \
             const step = () => { \
               for (const li of document.querySelectorAll('#conversation-list > li')) ids.set(li.getAttribute('aria-posinset'), li.dataset.id); \
               if (s.scrollTop + s.clientHeight >= s.scrollHeight - 1) return done([ids.size, new Set(ids.values()).size]); \
               s.scrollTop += s.clientHeight / 2; setTimeout(step, 50); \
             }; \
             setTimeout(step, 50);",
        )
        .await
        .unwrap();
    assert_eq!(distinct, json!([130, 130]), "positions, conversations");
    app.close().await.unwrap();
}

#[tokio::test]
async fn search_narrows_the_list_and_a_voice_thread_labels_caller_and_ai() {
    let (world, app) = signed_in(WorldOptions::default()).await;
    let call = world
        .control
        .inbound(
            &Inbound::new("Hi, I am calling about my invoice.")
                .on_channel("voice")
                .spoken_by("caller")
                .from_contact("Vera Voicemail"),
        )
        .await
        .unwrap();
    world
        .control
        .inbound(
            &Inbound::new("Of course, let me look that up.")
                .in_conversation(&call.conversation_id)
                .spoken_by("ai"),
        )
        .await
        .unwrap();

    app.search("Vera Voicemail").await.unwrap();
    for _ in 0..100 {
        if row_count(&app).await == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(row_count(&app).await, 1, "only the match is listed");
    app.open_conversation("Vera Voicemail").await.unwrap();
    app.wait("//ol[@aria-label='Messages']/li[.//*[text()='Caller']]//*[text()='Hi, I am calling about my invoice.']")
        .await
        .unwrap();
    app.wait("//ol[@aria-label='Messages']/li[.//*[text()='AI']]//*[text()='Of course, let me look that up.']")
        .await
        .unwrap();
    app.close().await.unwrap();
}

#[tokio::test]
async fn a_reply_sent_with_ctrl_enter_appears_in_the_thread_and_reaches_the_server() {
    let (world, app) = signed_in(WorldOptions::default()).await;
    world
        .control
        .inbound(&Inbound::new("Is my order shipped?").from_contact("Rita Reply"))
        .await
        .unwrap();
    app.open_conversation("Rita Reply").await.unwrap();

    app.send_reply("It left our warehouse today.")
        .await
        .unwrap();
    app.wait("//ol[@aria-label='Messages']/li[not(@data-pending)]//*[text()='It left our warehouse today.']")
        .await
        .unwrap();
    let sent = world.control.replies().await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].content, "It left our warehouse today.");
    let box_value = app
        .eval("return document.getElementById('reply').value;")
        .await
        .unwrap();
    assert_eq!(box_value, json!(""), "the draft is cleared once sent");
    app.close().await.unwrap();
}

#[tokio::test]
async fn a_failing_send_keeps_the_draft_and_says_why() {
    let (world, app) = signed_in(WorldOptions::default()).await;
    let written = world
        .control
        .inbound(&Inbound::new("Hello?").from_contact("Fay Failure"))
        .await
        .unwrap();
    app.open_conversation("Fay Failure").await.unwrap();
    world
        .fail_next_reply(&written.conversation_id)
        .await
        .unwrap();

    let reply = app.field("Reply").await.unwrap();
    reply.send_keys("Sorry for the wait!").await.unwrap();
    app.click_button("Send").await.unwrap();
    let error = app
        .wait("//*[@id='composer-error' and not(@hidden)]")
        .await
        .unwrap();
    assert!(error.text().await.unwrap().contains("Not sent"));
    let box_value = app
        .eval("return document.getElementById('reply').value;")
        .await
        .unwrap();
    assert_eq!(box_value, json!("Sorry for the wait!"));
    assert!(world.control.replies().await.unwrap().is_empty());

    app.click_button("Retry").await.unwrap();
    app.wait(
        "//ol[@aria-label='Messages']/li[not(@data-pending)]//*[text()='Sorry for the wait!']",
    )
    .await
    .unwrap();
    assert_eq!(
        world.control.replies().await.unwrap().len(),
        1,
        "sent exactly once"
    );
    app.close().await.unwrap();
}

#[tokio::test]
async fn signing_out_removes_the_key_from_the_keyring() {
    let (world, app) = signed_in(WorldOptions::default()).await;
    assert!(world.stored_key().unwrap().is_some());
    app.click_button("Sign out").await.unwrap();
    app.field("API key").await.unwrap();
    assert_eq!(world.stored_key().unwrap(), None);
    app.close().await.unwrap();
}

#[tokio::test]
async fn the_demo_workspace_works_from_a_fresh_profile() {
    let world = World::start(WorldOptions::default()).await.unwrap();
    let app = world.launch_app().await.unwrap();
    app.click_button("Try the demo workspace").await.unwrap();
    app.region("Conversations").await.unwrap();
    assert!(wait_rows(&app, 20).await >= 20);
    app.wait_for_text("Demo workspace").await.unwrap();
    assert_eq!(
        world.stored_key().unwrap(),
        None,
        "the demo key is never stored"
    );
    app.close().await.unwrap();
}

#[tokio::test]
async fn a_reply_refused_as_ai_managed_can_be_taken_over_and_sent() {
    let mut options = WorldOptions::default();
    options.sandbox.strict_reply = true;
    let (world, app) = signed_in(options).await;
    world
        .control
        .inbound(&Inbound::new("Can a human help?").from_contact("Hugo Human"))
        .await
        .unwrap();
    app.open_conversation("Hugo Human").await.unwrap();

    app.field("Reply")
        .await
        .unwrap()
        .send_keys("I am here.")
        .await
        .unwrap();
    app.click_button("Send").await.unwrap();
    app.click_button("Take over and send").await.unwrap();
    app.wait("//ol[@aria-label='Messages']/li[not(@data-pending)]//*[text()='I am here.']")
        .await
        .unwrap();
    assert_eq!(world.control.replies().await.unwrap().len(), 1);
    app.button("Release to AI").await.unwrap();
    app.close().await.unwrap();
}

#[tokio::test]
async fn a_long_thread_shows_its_newest_messages_and_earlier_ones_on_request() {
    let (world, app) = signed_in(WorldOptions::default()).await;
    let first = world
        .control
        .inbound(&Inbound::new("Message 1 of 250").from_contact("Lena Longthread"))
        .await
        .unwrap();
    for n in 2..=250 {
        world
            .control
            .inbound(
                &Inbound::new(format!("Message {n} of 250"))
                    .in_conversation(&first.conversation_id),
            )
            .await
            .unwrap();
    }
    app.open_conversation("Lena Longthread").await.unwrap();
    app.wait("//ol[@aria-label='Messages']//*[text()='Message 250 of 250']")
        .await
        .unwrap();
    let shown = "return Array.from(document.querySelectorAll('#messages > li.message .message-body'), (b) => b.textContent);";
    let bodies = app.eval(shown).await.unwrap();
    let bodies = bodies.as_array().unwrap();
    assert_eq!(bodies.len(), 100, "only the newest page is rendered");
    assert_eq!(bodies[0], json!("Message 151 of 250"));

    app.click_button("Show earlier messages (150 more)")
        .await
        .unwrap();
    app.wait("//ol[@aria-label='Messages']//*[text()='Message 51 of 250']")
        .await
        .unwrap();
    let bodies = app.eval(shown).await.unwrap();
    let bodies = bodies.as_array().unwrap();
    assert_eq!(bodies.len(), 200);
    assert_eq!(bodies[199], json!("Message 250 of 250"));
    app.close().await.unwrap();
}

#[tokio::test]
async fn a_reader_scrolled_up_stays_put_when_a_message_arrives_and_hears_of_it() {
    let (world, app) = signed_in(WorldOptions::default()).await;
    let first = world
        .control
        .inbound(&Inbound::new("Message 1 of 60").from_contact("Rita Reader"))
        .await
        .unwrap();
    for n in 2..=60 {
        world
            .control
            .inbound(
                &Inbound::new(format!("Message {n} of 60")).in_conversation(&first.conversation_id),
            )
            .await
            .unwrap();
    }
    app.open_conversation("Rita Reader").await.unwrap();
    app.wait("//ol[@aria-label='Messages']//*[text()='Message 60 of 60']")
        .await
        .unwrap();
    // The thread opens at its newest message; the reader scrolls back to the top.
    app.wait_until_script(
        "const l = document.getElementById('messages'); \
         return l.scrollHeight > l.clientHeight && l.scrollHeight - l.scrollTop - l.clientHeight < 40;",
    )
    .await
    .unwrap();
    app.eval("document.getElementById('messages').scrollTop = 0; return true;")
        .await
        .unwrap();

    world
        .control
        .inbound(&Inbound::new("One more thing").in_conversation(&first.conversation_id))
        .await
        .unwrap();
    app.wait("//ol[@aria-label='Messages']//*[text()='One more thing']")
        .await
        .unwrap();
    let top = app
        .eval("return document.getElementById('messages').scrollTop;")
        .await
        .unwrap();
    assert_eq!(
        top,
        json!(0),
        "the reader was moved from where they were reading"
    );
    app.wait_until_script(
        "return document.getElementById('thread-live').textContent.includes('Rita Reader');",
    )
    .await
    .unwrap();
    // A button offers the way down, takes the reader there, and goes.
    app.click_button("New messages ↓").await.unwrap();
    app.wait_until_script(
        "const l = document.getElementById('messages'); \
         return l.scrollHeight - l.scrollTop - l.clientHeight < 40 && document.getElementById('new-messages').hidden;",
    )
    .await
    .unwrap();
    app.close().await.unwrap();
}
