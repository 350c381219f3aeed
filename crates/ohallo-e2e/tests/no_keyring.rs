//! A desktop without a keyring (no Secret Service on the session bus): the app starts without
//! an error, says in plain words what is missing when the key cannot be stored, offers to keep
//! it until it quits, works, and has forgotten it after a restart.

use ohallo_e2e::{World, WorldOptions};
use serde_json::json;

#[tokio::test]
async fn without_a_keyring_the_key_is_kept_until_the_app_quits_when_the_user_says_so() {
    let options = WorldOptions {
        no_keyring: true,
        ..WorldOptions::polling_every(1)
    };
    let world = World::start(options).await.unwrap();
    let app = world.launch_app().await.unwrap();
    app.field("API key").await.unwrap();
    assert_eq!(
        app.eval("return document.getElementById('signin-error').hidden;")
            .await
            .unwrap(),
        json!(true),
        "no error before the user has typed anything"
    );

    app.sign_in(world.sandbox.key()).await.unwrap();
    let alert = app
        .wait("//*[@id='signin-error' and not(@hidden)]")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        alert.contains("no keyring") && alert.contains("GNOME Keyring"),
        "{alert}"
    );
    assert!(
        !alert.contains("Secret Service:"),
        "no library text: {alert}"
    );
    world.screenshot("no-keyring");
    app.click_button("Keep the key until oHallo quits")
        .await
        .unwrap();
    app.region("Conversations").await.unwrap();
    app.wait("//*[@id='key-in-memory' and not(@hidden)]")
        .await
        .unwrap();
    app.close().await.unwrap();

    // A new run knows no key: the sign-in screen, again without an error.
    let app = world.launch_app().await.unwrap();
    app.field("API key").await.unwrap();
    app.wait_until_script(
        "return !document.getElementById('signin-view').hidden \
           && document.getElementById('signin-error').hidden;",
    )
    .await
    .unwrap();
    app.close().await.unwrap();
}
