//! Resolve asks for an outcome, sends it with the resolution, and offers it again next time.

use ohallo_e2e::{World, WorldOptions};
use ohallo_sandbox::control_api::Inbound;
use ohallo_sandbox::MessageSchema;
use serde_json::json;

#[tokio::test]
async fn resolving_records_the_outcome_and_remembers_it_for_the_next_one() {
    let mut options = WorldOptions::polling_every(1);
    // The reference schema shows the server's system notes, where the outcome is recorded.
    options.sandbox.message_schema = MessageSchema::Reference;
    let world = World::start(options).await.unwrap();
    for name in ["Olga Outcome", "Piet Outcome"] {
        world
            .control
            .inbound(&Inbound::new("My parcel never came").from_contact(name))
            .await
            .unwrap();
    }
    let app = world.launch_app().await.unwrap();
    app.sign_in(world.sandbox.key()).await.unwrap();
    app.region("Conversations").await.unwrap();

    app.open_conversation("Olga Outcome").await.unwrap();
    app.click_button("Resolve").await.unwrap();
    let field = app.field("Outcome (optional)").await.unwrap();
    assert_eq!(
        app.eval("return document.activeElement?.id ?? null;")
            .await
            .unwrap(),
        json!("resolve-outcome"),
        "the outcome field takes the focus"
    );
    field.send_keys("Refund issued").await.unwrap();
    field.send_keys("\u{E007}").await.unwrap(); // Enter
    app.wait_for_text("The conversation was resolved: Refund issued")
        .await
        .unwrap();
    app.wait_until_script(
        "return document.getElementById('thread-status').textContent.startsWith('Resolved');",
    )
    .await
    .unwrap();

    app.open_conversation("Piet Outcome").await.unwrap();
    app.click_button("Resolve").await.unwrap();
    assert_eq!(
        app.eval("return [...document.querySelectorAll('#resolve-outcomes option')].map((o) => o.value);")
            .await
            .unwrap(),
        json!(["Refund issued"]),
        "the last outcome is offered"
    );
    // Escape leaves without resolving.
    app.field("Outcome (optional)")
        .await
        .unwrap()
        .send_keys("\u{E00C}")
        .await
        .unwrap();
    app.wait_until_script("return document.getElementById('resolve-form').hidden;")
        .await
        .unwrap();
    assert_eq!(
        app.eval(
            "return document.getElementById('thread-status').textContent.startsWith('Resolved');"
        )
        .await
        .unwrap(),
        json!(false)
    );
    app.close().await.unwrap();
}
