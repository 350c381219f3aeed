//! Two accounts in one window: a second key added from Settings → Accounts, one inbox with
//! both accounts' conversations and an account filter, notifications from both, a reply sent
//! under each key, and signing out of one account while the other stays.

use std::time::Duration;

use ohallo_e2e::{AppWindow, World, WorldOptions};
use ohallo_sandbox::control_api::{Inbound, KeySpec};
use serde_json::Value;

const BRAND_B: &str = "Brand B";

/// A key that sees one workspace only, as one brand's key does.
async fn brand_key(world: &World, workspace_id: &str) -> String {
    let spec = KeySpec {
        workspace_id: Some(workspace_id.to_owned()),
        ..KeySpec::with_scopes(&["conversations:read", "conversations:write"])
    };
    world.control.create_key(&spec).await.unwrap()
}

/// The account ids of the rows in the list (the part before `|` of each row's id).
async fn row_accounts(app: &AppWindow) -> Vec<String> {
    let accounts = app
        .eval(
            "return [...document.querySelectorAll('#conversation-list > li[data-id]')] \
             .map((li) => li.dataset.id.split('|')[0]);",
        )
        .await
        .unwrap();
    serde_json::from_value(accounts).unwrap()
}

#[tokio::test]
async fn two_accounts_share_one_inbox_notify_and_reply_each_with_its_own_key() {
    let world = World::start(WorldOptions::polling_every(1)).await.unwrap();
    let workspaces = world
        .control
        .workspace_ids(world.sandbox.key())
        .await
        .unwrap();
    let key_a = brand_key(&world, &workspaces[0]).await;
    let key_b = brand_key(&world, &workspaces[1]).await;

    let app = world.launch_app().await.unwrap();
    app.sign_in(&key_a).await.unwrap();
    app.region("Conversations").await.unwrap();

    app.click_button("Settings").await.unwrap();
    app.add_account(BRAND_B, &key_b).await.unwrap();
    app.wait("//ul[@aria-label='Signed-in accounts']/li[.//*[text()='Brand B']]")
        .await
        .unwrap();
    world.screenshot("accounts-settings");
    app.click_button("Close").await.unwrap();

    // Each key in the keyring under its own entry: the first where one key always was.
    assert_eq!(world.stored_key().unwrap().as_deref(), Some(key_a.as_str()));
    assert_eq!(
        world.stored_key_named(BRAND_B).unwrap().as_deref(),
        Some(key_b.as_str())
    );

    // One list with both accounts' conversations, and news from both notifies.
    app.wait_until_script(
        "const ids = [...document.querySelectorAll('#conversation-list > li[data-id]')].map((li) => li.dataset.id); \
         return ids.some((id) => id.startsWith('main|')) && ids.some((id) => id.startsWith('a2|'));",
    )
    .await
    .unwrap();
    let before = world.notifications.notifications().len();
    for (workspace, contact, text) in [
        (
            &workspaces[0],
            "Ada Alpha",
            "Alpha here, where is my order?",
        ),
        (
            &workspaces[1],
            "Bea Brand",
            "Brand B question about my invoice",
        ),
    ] {
        world
            .control
            .inbound(
                &Inbound::new(text)
                    .from_contact(contact)
                    .in_workspace(workspace.as_str()),
            )
            .await
            .unwrap();
    }
    let shown = world
        .notifications
        .wait_for(before + 2, Duration::from_secs(30))
        .await
        .unwrap();
    for contact in ["Ada Alpha", "Bea Brand"] {
        assert!(
            shown[before..].iter().any(|n| n.summary.contains(contact)),
            "no notification from {contact}: {shown:?}"
        );
    }
    world.screenshot("accounts-inbox");

    // A reply under each account goes out with that account's key.
    for (contact, reply) in [("Ada Alpha", "Hello from A"), ("Bea Brand", "Hello from B")] {
        app.open_conversation(contact).await.unwrap();
        app.send_reply(reply).await.unwrap();
        app.wait(&format!(
            "//*[@aria-label='Messages']//*[normalize-space(text())='{reply}']"
        ))
        .await
        .unwrap();
    }
    let thread_meta = app
        .eval("return document.getElementById('thread-meta').textContent;")
        .await
        .unwrap();
    assert!(
        thread_meta.as_str().unwrap().contains(BRAND_B),
        "the thread names its account: {thread_meta}"
    );
    let replies = world.control.replies().await.unwrap();
    let key_of = |text: &str| {
        replies
            .iter()
            .find(|r| r.content == text)
            .map(|r| r.key.clone())
    };
    assert_eq!(key_of("Hello from A"), Some(key_a.clone()));
    assert_eq!(key_of("Hello from B"), Some(key_b.clone()));

    // The account filter keeps to one account.
    app.eval(
        "const q = document.getElementById('search'); q.value = ''; \
         q.dispatchEvent(new Event('input')); return true;",
    )
    .await
    .unwrap();
    app.eval(
        "const s = document.getElementById('account-select'); s.value = 'a2'; \
         s.dispatchEvent(new Event('change')); return true;",
    )
    .await
    .unwrap();
    app.wait_until_script(
        "const ids = [...document.querySelectorAll('#conversation-list > li[data-id]')].map((li) => li.dataset.id); \
         return ids.length > 0 && ids.every((id) => id.startsWith('a2|'));",
    )
    .await
    .unwrap();

    // Signing out of Brand B keeps the first account, its key and its conversations.
    app.click_button("Settings").await.unwrap();
    app.click_button("Sign out of Brand B").await.unwrap();
    app.wait_for_text("Signed out of Brand B.").await.unwrap();
    app.click_button("Close").await.unwrap();
    app.wait_until_script(
        "const ids = [...document.querySelectorAll('#conversation-list > li[data-id]')].map((li) => li.dataset.id); \
         return ids.length > 0 && ids.every((id) => id.startsWith('main|')) \
           && document.getElementById('account-filter').hidden;",
    )
    .await
    .unwrap();
    assert!(row_accounts(&app).await.iter().all(|a| a == "main"));
    assert_eq!(world.stored_key_named(BRAND_B).unwrap(), None);
    assert_eq!(world.stored_key().unwrap().as_deref(), Some(key_a.as_str()));
}

/// The new screens in dark: Settings → Accounts with two accounts, and the inbox naming them.
#[tokio::test]
async fn the_accounts_settings_and_a_two_account_inbox_in_dark() {
    let mut options = WorldOptions::default();
    options
        .app_env
        .push(("GTK_THEME".into(), "Adwaita:dark".into()));
    let world = World::start(options).await.unwrap();
    let workspaces = world
        .control
        .workspace_ids(world.sandbox.key())
        .await
        .unwrap();
    let (first, second) = (
        brand_key(&world, &workspaces[0]).await,
        brand_key(&world, &workspaces[1]).await,
    );
    let app = world.launch_app().await.unwrap();
    app.sign_in(&first).await.unwrap();
    app.region("Conversations").await.unwrap();
    let dark = app
        .eval("return matchMedia('(prefers-color-scheme: dark)').matches;")
        .await
        .unwrap();
    assert_eq!(dark, Value::Bool(true), "the window is dark");
    app.click_button("Settings").await.unwrap();
    app.add_account("Test tenant", &second).await.unwrap();
    world.screenshot("accounts-settings-dark");
    app.click_button("Close").await.unwrap();
    app.wait_until_script(
        "return [...document.querySelectorAll('#conversation-list > li .conversation-meta, #conversation-list > li')] \
           .some((row) => row.textContent.includes('Test tenant'));",
    )
    .await
    .unwrap();
    world.screenshot("accounts-inbox-dark");
}
