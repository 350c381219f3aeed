//! Spell checking in the composer: nothing loaded until a checked field is focused, then in the
//! locale's language, then in the language chosen in the settings, or off, and the choice
//! survives a restart. What WebKit's checker was
//! given is read back from WebKit by the app and logged; whether it underlines a misspelt word
//! cannot be read over WebDriver (the marks are painted, not in the DOM).

use std::time::{Duration, Instant};

use ohallo_e2e::{AppWindow, World, WorldOptions};
use ohallo_sandbox::control_api::Inbound;
use serde_json::{json, Value};

/// Both from Debian's hunspell-de-de and hunspell-en-us (`scripts/setup.sh --test`).
const GERMAN: &str = "de_DE";
const ENGLISH: &str = "en_US";

/// The app's log from `from` on, once it holds `needle`: what WebKit's checker says it took.
fn wait_for_log(world: &World, from: usize, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let log = std::fs::read_to_string(world.app_log()).unwrap_or_default();
        let tail = log.get(from..).unwrap_or_default();
        if let Some(line) = tail.lines().find(|line| line.contains(needle)) {
            return line.to_owned();
        }
        assert!(
            Instant::now() < deadline,
            "the app never logged {needle:?}; its log since: {tail}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn log_len(world: &World) -> usize {
    std::fs::read_to_string(world.app_log()).map_or(0, |log| log.len())
}

/// What the settings' select shows, once the settings have loaded it.
async fn shown_choice(app: &AppWindow) -> Value {
    app.click_button("Settings").await.unwrap();
    let select = app.field("Spell checking").await.unwrap();
    app.wait_until_script(
        "return document.getElementById('spelling-language').options.length > 1;",
    )
    .await
    .unwrap();
    let value = select.prop("value").await.unwrap();
    json!(value)
}

/// The customer whose thread the test writes in.
const WRITER: &str = "Sabine Schreiber";

/// Opens the writer's thread and puts the cursor in the reply, as an agent starting to write.
async fn start_writing(app: &AppWindow) {
    app.open_conversation(WRITER).await.unwrap();
    app.eval("document.getElementById('reply').focus(); return null;")
        .await
        .unwrap();
}

async fn choose(app: &AppWindow, value: &str) {
    app.field("Spell checking")
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_composer_checks_spelling_in_the_locales_language_then_the_chosen_one_or_none() {
    let world = World::start(WorldOptions {
        // A German locale with English preferred for messages (gettext's LANGUAGE): the
        // dictionary follows the locale, the window stays English for this test's names.
        app_env: vec![
            ("LANG".into(), "de_DE.UTF-8".into()),
            ("LANGUAGE".into(), "en".into()),
        ],
        ..WorldOptions::default()
    })
    .await
    .unwrap();
    let app = world.launch_app().await.unwrap();
    app.sign_in(world.sandbox.key()).await.unwrap();
    app.region("Conversations").await.unwrap();
    assert_eq!(
        app.eval(
            "return [document.getElementById('reply').spellcheck, \
             document.getElementById('compose-text').spellcheck];"
        )
        .await
        .unwrap(),
        json!([true, true]),
        "the reply and the new conversation's text are checked"
    );

    // Nothing is loaded for a window that only lists: the checker starts when a checked field
    // is first focused (before, the language was set up before the page had loaded).
    assert!(
        !std::fs::read_to_string(world.app_log())
            .unwrap_or_default()
            .contains("spell checking:"),
        "the dictionary was loaded before anyone wrote"
    );
    world
        .control
        .inbound(&Inbound::new("Hallo, wo ist mein Paket?").from_contact(WRITER))
        .await
        .unwrap();
    start_writing(&app).await;
    let started = wait_for_log(&world, 0, "spell checking:");
    assert!(
        started.contains(&format!("spell checking: on in {GERMAN}")),
        "German from the locale: {started}"
    );
    assert_eq!(shown_choice(&app).await, json!(GERMAN));
    let offered = app
        .eval(
            "return [...document.getElementById('spelling-language').options]\
             .map((o) => [o.value, o.textContent]);",
        )
        .await
        .unwrap();
    let offered = offered.as_array().unwrap();
    assert_eq!(offered[0], json!(["", "Off"]), "{offered:?}");
    for language in [GERMAN, ENGLISH] {
        assert!(
            offered.iter().any(|option| option[0] == json!(language)),
            "{language} is offered: {offered:?}"
        );
    }
    world.screenshot("spelling-settings");

    let before = log_len(&world);
    choose(&app, ENGLISH).await;
    let changed = wait_for_log(&world, before, "spell checking:");
    assert!(
        changed.contains(&format!("spell checking: on in {ENGLISH}")),
        "{changed}"
    );
    app.close().await.unwrap();

    let before = log_len(&world);
    let app = world.launch_app().await.unwrap();
    app.region("Conversations").await.unwrap();
    start_writing(&app).await;
    let restarted = wait_for_log(&world, before, "spell checking:");
    assert!(
        restarted.contains(&format!("spell checking: on in {ENGLISH}")),
        "the choice outlives the locale after a restart: {restarted}"
    );
    assert_eq!(shown_choice(&app).await, json!(ENGLISH));

    let before = log_len(&world);
    choose(&app, "").await;
    let off = wait_for_log(&world, before, "spell checking:");
    assert!(off.contains("spell checking: off"), "{off}");
    app.close().await.unwrap();

    let app = world.launch_app().await.unwrap();
    app.region("Conversations").await.unwrap();
    assert_eq!(shown_choice(&app).await, json!(""), "Off is remembered");
    app.close().await.unwrap();
}
