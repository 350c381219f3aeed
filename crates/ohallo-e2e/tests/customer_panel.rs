//! The customer panel beside the thread: who the customer is, their company, and their other
//! conversations, one of which opens from it; the panel's toggle is remembered. The server here
//! embeds the contact and account records in the conversation's detail; the sparser detail (ids
//! only, the sandbox's default) is what every other window test opens threads against.

use std::time::Duration;

use ohallo_e2e::{World, WorldOptions};
use ohallo_sandbox::control_api::Inbound;
use ohallo_sandbox::{Config, ConversationDetail};
use serde_json::json;

const CONTACT: &str = "Ana Ruiz";

#[tokio::test]
async fn the_customer_panel_shows_who_writes_and_opens_their_other_conversation() {
    let options = WorldOptions {
        sandbox: Config {
            conversation_detail: ConversationDetail::Enriched,
            ..Config::default()
        },
        ..WorldOptions::polling_every(1)
    };
    let (world, app) = World::signed_in(options).await.unwrap();
    let first = world
        .control
        .inbound(
            &Inbound::new("Where is my order?")
                .from_contact(CONTACT)
                .on_channel("email"),
        )
        .await
        .unwrap()
        .conversation_id;
    let second = world
        .control
        .inbound(&Inbound::new("Also: the invoice has the wrong VAT number").as_contact_of(&first))
        .await
        .unwrap()
        .conversation_id;
    world
        .wait_for_polls(2, Duration::from_secs(30))
        .await
        .unwrap();

    // Both are hers; open the first by its preview.
    app.search(CONTACT).await.unwrap();
    app.wait(
        "//ul[@aria-label='Conversations']/li[.//*[normalize-space(text())='Where is my order?']]",
    )
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    app.region("Messages").await.unwrap();
    app.wait("//aside[@aria-labelledby='customer-heading']")
        .await
        .unwrap();
    app.wait_until_script(
        "const d = document.getElementById('customer-details'); \
         return [...d.querySelectorAll('dt')].some((t) => t.textContent === 'Email');",
    )
    .await
    .unwrap();
    let name = app
        .eval("return document.querySelector('#customer-details dd')?.textContent ?? null;")
        .await
        .unwrap();
    assert_eq!(name, json!(CONTACT));
    // The other conversation, by its preview: the open one is not listed.
    let other = app
        .wait("//ul[@id='customer-others']//button[.//*[contains(text(), 'wrong VAT number')]]")
        .await
        .unwrap();
    assert_eq!(
        app.eval("return document.querySelectorAll('#customer-others button').length;")
            .await
            .unwrap(),
        json!(1)
    );
    world.screenshot("customer-panel");
    other.click().await.unwrap();
    app.wait_until_script(&format!(
        "return document.querySelector('#messages li.message .message-body')?.textContent === {};",
        json!("Also: the invoice has the wrong VAT number")
    ))
    .await
    .unwrap();
    // From the second conversation, the first is now the other one.
    app.wait("//ul[@id='customer-others']//button[.//*[contains(text(), 'Where is my order?')]]")
        .await
        .unwrap();
    app.wait_until_script(&format!(
        "return document.getElementById({})?.getAttribute('aria-selected') === 'true';",
        // The window names a conversation by its account too: the first account's here.
        json!(format!("conversation-main|{second}"))
    ))
    .await
    .unwrap();

    // Hidden, it stays hidden: for the next conversation and after a reload of the window.
    app.click_button("Customer").await.unwrap();
    app.wait_until_script("return document.getElementById('customer-panel').hidden;")
        .await
        .unwrap();
    app.eval("location.reload(); return null;").await.unwrap();
    app.region("Conversations").await.unwrap();
    app.open_conversation(CONTACT).await.unwrap();
    assert_eq!(
        app.eval(
            "return [document.getElementById('customer-panel').hidden, \
             document.getElementById('customer-button').getAttribute('aria-pressed')];"
        )
        .await
        .unwrap(),
        json!([true, "false"])
    );
    app.close().await.unwrap();
}
