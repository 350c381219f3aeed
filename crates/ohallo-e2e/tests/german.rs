//! The window in German: started under a German locale (`LANG=de_DE.UTF-8`, not installed on
//! the test machine, so it is the app's own reading of the locale that counts) it signs in,
//! lists and shows a thread in German, with the page's `lang` saying so and a message's time
//! written the German way; switching to English in the settings changes every text at once and
//! keeps the open conversation and its unsent draft. The window's title, made in Rust, follows
//! the window's language. Screenshots in light and dark.

use std::time::{Duration, Instant};

use ohallo_e2e::{AppWindow, World, WorldOptions};
use serde_json::Value;

const DRAFT: &str = "Ein Entwurf, der den Sprachwechsel übersteht";

fn german(theme: &str) -> WorldOptions {
    let mut options = WorldOptions::default();
    options.app_env.push(("LANG".into(), "de_DE.UTF-8".into()));
    if theme == "dark" {
        options
            .app_env
            .push(("GTK_THEME".into(), "Adwaita:dark".into()));
    }
    options
}

/// Waits for a window title (made in Rust, in the window's language) that contains `words`.
async fn title_says(world: &World, words: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        seen = world.window_titles();
        if seen.iter().any(|title| title.contains(words)) {
            return;
        }
        // Not a blocking sleep: the sandbox answers the app on this same runtime.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no window title says {words:?}; titles: {seen:?}");
}

async fn page_lang(app: &AppWindow) -> Value {
    app.eval("return document.documentElement.lang;")
        .await
        .unwrap()
}

/// Signs in through the German form and opens the first conversation of the list.
async fn sign_in_and_open_first(world: &World, app: &AppWindow) {
    app.field("API-Schlüssel")
        .await
        .unwrap()
        .send_keys(world.sandbox.key())
        .await
        .unwrap();
    app.click_button("Anmelden").await.unwrap();
    app.region("Unterhaltungen").await.unwrap();
    app.wait("//ul[@aria-label='Unterhaltungen']/li[1]")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.region("Nachrichten").await.unwrap();
    app.wait("//ol[@aria-label='Nachrichten']/li//time")
        .await
        .unwrap();
}

#[tokio::test]
async fn a_german_session_gets_a_german_window_and_the_settings_switch_it_to_english() {
    let world = World::start(german("light")).await.unwrap();
    let app = world.launch_app().await.unwrap();

    app.wait_for_text("Bei oHallo anmelden").await.unwrap();
    app.button("Demo-Arbeitsbereich ausprobieren")
        .await
        .unwrap();
    assert_eq!(page_lang(&app).await, Value::from("de"));
    world.screenshot("german-signin-light");

    sign_in_and_open_first(&world, &app).await;
    for tab in [
        "Alle",
        "Offen",
        "In Bearbeitung",
        "Wartet auf Kunden",
        "Erledigt",
    ] {
        app.wait(&format!(
            "//div[@id='status-tabs']/button[normalize-space()='{tab}']"
        ))
        .await
        .unwrap_or_else(|error| panic!("no status tab {tab}: {error}"));
    }
    app.button("Kunde").await.unwrap();
    // Some of the sandbox's conversations need a human: the title counts them.
    title_says(&world, "einen Menschen)").await;
    world.screenshot("german-inbox-light");
    // "5. Jan., 09:07": day with a full stop, a 24-hour time; English writes "Jan 5, 09:07 AM".
    let time = app
        .eval("return document.querySelector('#messages time').textContent;")
        .await
        .unwrap();
    let time = time.as_str().unwrap_or_default().to_owned();
    let german_time = app
        .eval(&format!(
            "return /^\\d{{1,2}}\\. [^\\s\\d]+,? \\d{{2}}:\\d{{2}}$/.test({});",
            serde_json::to_string(&time).unwrap()
        ))
        .await
        .unwrap();
    assert_eq!(
        german_time,
        Value::from(true),
        "not a German date: {time:?}"
    );

    app.field("Antwort")
        .await
        .unwrap()
        .send_keys(DRAFT)
        .await
        .unwrap();
    let contact = app
        .eval("return document.getElementById('thread-contact').textContent;")
        .await
        .unwrap();
    app.click_button("Einstellungen").await.unwrap();
    app.field("Sprache").await.unwrap();
    world.screenshot("german-settings-light");

    app.wait("//select[@id='language-select']/option[@value='en']")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The window comes back in English, with the settings open where the change was made.
    app.wait_for_text("This desktop").await.unwrap();
    app.wait_until_script("return document.documentElement.lang === 'en';")
        .await
        .unwrap();
    app.wait_until_script("return document.activeElement?.id === 'language-select';")
        .await
        .unwrap();
    app.click_button("Close").await.unwrap();
    title_says(&world, " a human)").await;
    app.wait("//div[@id='status-tabs']/button[normalize-space()='In progress']")
        .await
        .unwrap();
    app.region("Messages").await.unwrap();
    app.wait_until_script(&format!(
        "return document.getElementById('thread-contact').textContent === {contact} \
           && document.getElementById('reply').value === {};",
        serde_json::to_string(DRAFT).unwrap()
    ))
    .await
    .unwrap();
    assert_eq!(
        app.eval("return localStorage.getItem('ohallo.language');")
            .await
            .unwrap(),
        Value::from("en")
    );
    app.close().await.unwrap();
}

#[tokio::test]
async fn the_german_window_in_dark() {
    let world = World::start(german("dark")).await.unwrap();
    let app = world.launch_app().await.unwrap();
    app.wait_for_text("Bei oHallo anmelden").await.unwrap();
    world.screenshot("german-signin-dark");
    sign_in_and_open_first(&world, &app).await;
    app.button("Kunde").await.unwrap();
    world.screenshot("german-inbox-dark");
    app.click_button("Einstellungen").await.unwrap();
    app.field("Sprache").await.unwrap();
    world.screenshot("german-settings-dark");
    app.close().await.unwrap();
}
