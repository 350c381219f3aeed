//! axe-core, the accessibility engine browsers' audit tools use, run inside the real window on
//! each screen (sign-in, the inbox, a thread with its customer panel, files and an attention
//! item, the approve and resolve questions, the settings (notifications, and a snippet being
//! written), the snippet picker, the command palette, the shortcut sheet, a new conversation),
//! in light and dark: no serious or critical violation. Each new screen is photographed in both.

use fantoccini::key::Key;
use ohallo_e2e::{AppWindow, World, WorldOptions};
use serde_json::Value;

/// axe-core as `scripts/setup.sh` installs it (pinned in `tools/package-lock.json`).
fn axe_source() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tools/node_modules/axe-core/axe.min.js"
    );
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("{path}: {error}; run scripts/setup.sh --test"))
}

/// The serious and critical violations on the screen as it is, each with up to five of the
/// elements that fail and why.
async fn audit(app: &AppWindow, axe: &str) -> Vec<Value> {
    let loaded = app
        .eval(&format!(
            "if (typeof window.axe === 'undefined') {{ {axe}\n }} return typeof window.axe;"
        ))
        .await
        .unwrap();
    assert_eq!(loaded, Value::from("object"), "axe-core did not load");
    let found = app
        .eval_async(
            "window.axe.run(document, { resultTypes: ['violations'] }).then((result) => done( \
               result.violations \
                 .filter((v) => v.impact === 'serious' || v.impact === 'critical') \
                 .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, \
                   nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) })))) \
               .catch((error) => done([{ rule: 'axe failed', help: String(error) }]));",
        )
        .await
        .unwrap();
    found.as_array().cloned().unwrap_or_default()
}

async fn tour(theme: &str) -> Vec<(String, Vec<Value>)> {
    let axe = axe_source();
    let mut options = WorldOptions::polling_every(1);
    if theme == "dark" {
        options
            .app_env
            .push(("GTK_THEME".into(), "Adwaita:dark".into()));
    }
    let world = World::start(options).await.unwrap();
    let app = world.launch_app().await.unwrap();
    let mut found = Vec::new();
    app.field("API key").await.unwrap();
    found.push(("sign-in".to_owned(), audit(&app, &axe).await));

    app.sign_in(world.sandbox.key()).await.unwrap();
    app.region("Conversations").await.unwrap();
    app.wait("//ul[@aria-label='Conversations']/li[3]")
        .await
        .unwrap();
    found.push(("inbox".to_owned(), audit(&app, &axe).await));

    app.wait("//button[@id='tab-attention']")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait("//ul[@aria-label='Conversations']/li[1]")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.region("Messages").await.unwrap();
    app.wait("//aside[@aria-labelledby='customer-heading']")
        .await
        .unwrap();
    app.button("Mark handled").await.unwrap();
    found.push(("thread".to_owned(), audit(&app, &axe).await));

    app.click_button("Approve…").await.unwrap();
    found.push(("approve".to_owned(), audit(&app, &axe).await));
    app.wait("//button[@id='approve-cancel']")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    app.click_button("Resolve").await.unwrap();
    found.push(("resolve".to_owned(), audit(&app, &axe).await));
    app.click_button("Cancel").await.unwrap();

    app.click_button("Settings").await.unwrap();
    app.wait("//select[@data-workspace]").await.unwrap();
    app.add_snippet("Thanks", "Hi {contact.firstName}, {cursor}")
        .await
        .unwrap();
    app.click_button("Add snippet").await.unwrap();
    found.push(("settings".to_owned(), audit(&app, &axe).await));
    world.screenshot(&format!("settings-{theme}"));
    app.click_button("Cancel").await.unwrap();
    app.wait("//button[@id='settings-close']")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    app.field("Reply")
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    app.field("Insert snippet").await.unwrap();
    found.push(("snippet picker".to_owned(), audit(&app, &axe).await));
    world.screenshot(&format!("snippet-picker-{theme}"));
    app.type_here(&Key::Escape.to_string()).await.unwrap();

    app.press_with_ctrl("k").await.unwrap();
    app.field("Command").await.unwrap();
    found.push(("command palette".to_owned(), audit(&app, &axe).await));
    world.screenshot(&format!("palette-{theme}"));
    app.type_here(&Key::Escape.to_string()).await.unwrap();
    // Closing gives the focus back to the reply; only then may the list take it.
    app.wait_until_script(
        "return !document.getElementById('palette').open && document.activeElement.id === 'reply';",
    )
    .await
    .unwrap();

    app.eval("document.getElementById('conversation-list').focus(); return null;")
        .await
        .unwrap();
    app.type_here("?").await.unwrap();
    app.wait("//dialog[@id='shortcut-sheet' and @open]")
        .await
        .unwrap();
    found.push(("shortcut sheet".to_owned(), audit(&app, &axe).await));
    world.screenshot(&format!("shortcut-sheet-{theme}"));
    app.type_here(&Key::Escape.to_string()).await.unwrap();

    app.click_button("New conversation").await.unwrap();
    app.field("Message").await.unwrap();
    found.push(("new conversation".to_owned(), audit(&app, &axe).await));
    app.close().await.unwrap();
    found
}

#[tokio::test]
async fn no_screen_has_a_serious_or_critical_accessibility_violation_in_light_or_dark() {
    let mut failures = Vec::new();
    for theme in ["light", "dark"] {
        for (screen, violations) in tour(theme).await {
            if !violations.is_empty() {
                failures.push(format!(
                    "{theme} {screen}: {}",
                    serde_json::to_string_pretty(&violations).unwrap()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
