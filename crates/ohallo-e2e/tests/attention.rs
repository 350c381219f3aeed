//! "A human is needed", from the desktop: the queue of conversations with open attention items,
//! each item's reason in the thread, marking it handled, and approving an action the AI holds.

use ohallo_e2e::{AppWindow, World, WorldOptions};
use ohallo_sandbox::control_api::{Approval, Attention, Inbound};
use serde_json::json;

const CONTACT: &str = "Nadia Manager";
const REASON: &str = "Asked for a manager about a double charge";

/// The "Needs a human" tab's count, or null while there is none.
const TAB_COUNT: &str =
    "return document.querySelector('#tab-attention .tab-count')?.textContent ?? null;";

/// "Approve…", then the confirmation's "Approve".
async fn approve(app: &AppWindow) {
    app.click_button("Approve…").await.unwrap();
    app.click_button("Approve").await.unwrap();
}

#[tokio::test]
async fn a_conversation_needing_a_human_is_queued_explained_handled_and_its_action_approved() {
    let (world, app) = World::signed_in_and_listed(WorldOptions::polling_every(1))
        .await
        .unwrap();
    let before: Option<u64> = app
        .eval(TAB_COUNT)
        .await
        .unwrap()
        .as_str()
        .and_then(|count| count.parse().ok());

    let written = world
        .control
        .inbound(&Inbound::new("I was charged twice, I want a manager").from_contact(CONTACT))
        .await
        .unwrap();
    let id = written.conversation_id.clone();
    world
        .control
        .raise_attention(&Attention {
            conversation_id: id.clone(),
            reason: Some(REASON.into()),
        })
        .await
        .unwrap();

    // The engine reads the items every few polls; the tab counts one more once it has.
    let expected = before.unwrap_or(0) + 1;
    app.wait_until_script(&format!(
        "return document.querySelector('#tab-attention .tab-count')?.textContent === '{expected}';"
    ))
    .await
    .unwrap();

    // Her row says so, in any view.
    app.wait_until_script(&format!(
        "return document.getElementById({})?.querySelector('.needs-human')?.textContent === 'Needs a human';",
        // The window names a conversation by its account too: the first account's here.
        json!(format!("conversation-main|{id}"))
    ))
    .await
    .unwrap();

    // The queue: the server filters it (hasAttention), so Nadia is in it.
    app.wait("//button[@id='tab-attention']")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let row = format!(
        "return [...document.querySelectorAll('#conversation-list .conversation-name')].some((n) => n.textContent === {});",
        json!(CONTACT)
    );
    app.wait_until_script(&row).await.unwrap();
    assert_eq!(
        app.eval("return document.getElementById('tab-attention').getAttribute('aria-selected');")
            .await
            .unwrap(),
        json!("true")
    );

    app.open_conversation(CONTACT).await.unwrap();
    app.wait_for_text("The customer asked for a person")
        .await
        .unwrap();
    app.wait_for_text(REASON).await.unwrap();
    world.screenshot("attention-thread");

    app.click_button("Mark handled").await.unwrap();
    app.wait_until_script(
        "return document.getElementById('thread-attention').hidden && \
         document.querySelectorAll('#attention-items li').length === 0;",
    )
    .await
    .unwrap();
    // Nothing left to handle: focus is on the reply, ready for the next step.
    assert_eq!(
        app.eval("return document.activeElement?.id ?? null;")
            .await
            .unwrap(),
        json!("reply")
    );
    // The server resolved it: the queue (read again when the engine sees the change) drops her.
    app.wait_until_script(&format!(
        "return ![...document.querySelectorAll('#conversation-list .conversation-name')].some((n) => n.textContent === {});",
        json!(CONTACT)
    ))
    .await
    .unwrap();
    let after = app.eval(TAB_COUNT).await.unwrap();
    assert_eq!(
        after.as_str().and_then(|count| count.parse::<u64>().ok()),
        before,
        "the count is back to what it was"
    );

    // Approving: nothing held yet, then an action held by a guardrail.
    approve(&app).await;
    app.wait_for_text("Nothing in this conversation is waiting for approval.")
        .await
        .unwrap();
    world
        .control
        .hold_for_approval(&Approval {
            conversation_id: id.clone(),
            action: "Refund the double charge (49.00 EUR)".into(),
        })
        .await
        .unwrap();
    approve(&app).await;
    app.wait_for_text("Approved: the AI carries out the action it was waiting on.")
        .await
        .unwrap();
    assert_eq!(
        app.eval("return document.activeElement?.id ?? null;")
            .await
            .unwrap(),
        json!("approve-button"),
        "focus returns to the button that asked"
    );
    world.screenshot("attention-approved");
    app.close().await.unwrap();
}
