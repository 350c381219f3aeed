//! The whole app against the least convenient server oHallo's docs allow: a key restricted to
//! one workspace with only the two conversations scopes (the Quickstart's key), every nullable
//! field null somewhere, the list in creation order, timestamps at +02:00, the reference message
//! schema, replies delivered 20 s after they are accepted, a lost answer, and a key revoked
//! while the app runs.

use std::time::{Duration, Instant};

use chrono::FixedOffset;
use ohallo_e2e::{AppWindow, World, WorldOptions};
use ohallo_sandbox::control_api::{FaultSpec, Inbound, KeySpec};
use ohallo_sandbox::{Config, ListOrder, MessageSchema};
use serde_json::{json, Value};

const INTERVAL_SECS: u64 = 1;
const REPLY_DELAY: Duration = Duration::from_secs(20);

/// Waits for a script to return `true`, for longer than the harness's usual UI timeout:
/// delivery here lags by design.
async fn eventually(app: &AppWindow, script: &str, limit: Duration) {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if app.eval(script).await.unwrap() == json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("not true within {limit:?}: {script}");
}

/// Every conversation id the list holds (as the server names it: the window qualifies each with
/// its account, the first account's here), read from the top a screen at a time; it ends with
/// the list scrolled back to its top.
async fn listed_ids(app: &AppWindow) -> Vec<String> {
    let ids = app
        .eval_async(
            "const s = document.getElementById('list-scroller'); const ids = new Set(); s.scrollTop = 0; \
             const step = () => { \
               for (const li of document.querySelectorAll('#conversation-list > li[data-id]')) ids.add(li.dataset.id); \
               if (s.scrollTop + s.clientHeight >= s.scrollHeight - 1) { s.scrollTop = 0; return done([...ids]); } \
               s.scrollTop += s.clientHeight / 2; setTimeout(step, 50); \
             }; \
             setTimeout(step, 50);",
        )
        .await
        .unwrap();
    let ids: Vec<String> = serde_json::from_value(ids).unwrap();
    ids.iter()
        .map(|id| id.strip_prefix("main|").unwrap_or(id).to_owned())
        .collect()
}

/// The Quickstart's key (the two conversations scopes), restricted to `workspace`.
async fn quickstart_key(world: &World, workspace: &str) -> String {
    let spec = KeySpec {
        workspace_id: Some(workspace.to_owned()),
        ..KeySpec::with_scopes(&["conversations:read", "conversations:write"])
    };
    world.control.create_key(&spec).await.unwrap()
}

/// The API's own first page for this workspace, read with the full key.
async fn api_page(world: &World, workspace: &str) -> Value {
    reqwest::Client::new()
        .get(format!(
            "{}/api/conversations?workspaceId={workspace}&limit=50",
            world.sandbox.base_url()
        ))
        .bearer_auth(world.sandbox.key())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The last conversation of the workspace's list: in creation order a new message leaves it
/// where it is, far past the first page.
async fn oldest_conversation(world: &World, workspace: &str) -> String {
    // Far more pages than the world's conversations fill: a server repeating a cursor fails
    // the test instead of hanging it.
    const MAX_PAGES: usize = 100;
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let mut url = format!(
            "{}/api/conversations?workspaceId={workspace}&limit=100",
            world.sandbox.base_url()
        );
        if let Some(cursor) = &cursor {
            url.push_str(&format!("&cursor={cursor}"));
        }
        let page: Value = reqwest::Client::new()
            .get(url)
            .bearer_auth(world.sandbox.key())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        match page["nextCursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => {
                let rows = page["data"].as_array().unwrap();
                return rows.last().unwrap()["id"].as_str().unwrap().to_owned();
            }
        }
    }
    panic!("the list did not end within {MAX_PAGES} pages");
}

#[tokio::test]
async fn a_quickstart_key_restricted_to_a_workspace_works_against_the_least_convenient_server() {
    let options = WorldOptions {
        sandbox: Config {
            conversations: 360,
            require_workspace: true,
            nulls: true,
            list_order: ListOrder::Created,
            timestamp_offset: FixedOffset::east_opt(2 * 3600),
            message_schema: MessageSchema::Reference,
            reply_delay: Some(REPLY_DELAY),
            ..Config::default()
        },
        // The window is hidden while customers write, as on a desktop with a tray.
        tray_host: true,
        ..WorldOptions::polling_every(INTERVAL_SECS)
    };
    let world = World::start(options).await.unwrap();
    let workspace = world
        .control
        .workspace_ids(world.sandbox.key())
        .await
        .unwrap()
        .remove(0);
    let key = quickstart_key(&world, &workspace).await;

    // Sign-in works and says what the key lacks.
    let app = world.launch_app().await.unwrap();
    app.sign_in(&key).await.unwrap();
    app.region("Conversations").await.unwrap();
    eventually(
        &app,
        "const n = document.getElementById('scope-notice'); \
         return !n.hidden && n.textContent.includes('channels:read');",
        Duration::from_secs(20),
    )
    .await;

    // A filled inbox: every row of the API's first page, null rows included.
    let expected = api_page(&world, &workspace).await;
    let rows = expected["data"].as_array().unwrap();
    assert!(
        rows.iter().any(|r| r["contactName"].is_null()),
        "the sandbox serves null names here"
    );
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    // The list is virtual: only rows near the view exist, so it is read a screen at a time.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let listed = listed_ids(&app).await;
        if ids.iter().all(|id| listed.iter().any(|shown| shown == id)) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not every row of the first page is listed: {listed:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let banner = app
        .eval("return document.getElementById('list-banner').textContent;")
        .await
        .unwrap();
    assert!(
        !banner.as_str().unwrap_or("").contains("could not be read"),
        "{banner}"
    );

    // A thread reads, and a reply whose answer is lost while delivery lags is delivered once.
    // Among the first rows, which are in view now that the list is back at its top.
    let target = rows
        .iter()
        .take(6)
        .find(|r| !r["lastMessageAt"].is_null())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    eventually(
        &app,
        &format!(
            "const li = document.querySelector('#conversation-list li[data-id=\"main|{target}\"]'); \
             if (!li) return false; li.click(); return true;"
        ),
        Duration::from_secs(20),
    )
    .await;
    eventually(
        &app,
        "return document.querySelectorAll('#messages li.message').length > 0;",
        Duration::from_secs(20),
    )
    .await;
    let lost_answer = FaultSpec {
        count: 1,
        drop_answer: true,
        ..FaultSpec::default()
    };
    world
        .control
        .add_fault(&lost_answer.under(format!("/api/conversations/{target}/reply")))
        .await
        .unwrap();
    app.send_reply("Your replacement ships today.")
        .await
        .unwrap();
    eventually(
        &app,
        "return [...document.querySelectorAll('#messages li.pending')]\
           .some((li) => li.textContent.includes('Checking whether it arrived'));",
        Duration::from_secs(20),
    )
    .await;
    let send_disabled = app
        .eval("return document.getElementById('send-button').disabled;")
        .await
        .unwrap();
    assert_eq!(send_disabled, json!(true), "no second send while checking");
    eventually(
        &app,
        "return document.querySelectorAll('#messages li.pending').length === 0 \
           && [...document.querySelectorAll('#messages li.message')]\
                .some((li) => li.textContent.includes('Your replacement ships today.')) \
           && document.getElementById('reply').value === '';",
        REPLY_DELAY + Duration::from_secs(40),
    )
    .await;
    let offered_again = app
        .eval(
            "const r = document.getElementById('retry-button'); \
             return !document.getElementById('composer-error').hidden && !r.hidden;",
        )
        .await
        .unwrap();
    assert_eq!(offered_again, json!(false), "never offered to send again");
    assert_eq!(
        world.control.replies().await.unwrap().len(),
        1,
        "delivered once"
    );

    // A customer writing into a conversation far down a list in creation order is announced.
    app.hide().await.unwrap();
    let oldest = oldest_conversation(&world, &workspace).await;
    assert!(!ids.contains(&oldest.as_str()), "not on the first page");
    let before = world.notifications.notifications().len();
    world
        .control
        .inbound(&Inbound::new("Any news on my order?").in_conversation(&oldest))
        .await
        .unwrap();
    let shown = world
        .notifications
        .wait_for(before + 1, Duration::from_secs(30))
        .await
        .unwrap();
    assert!(
        shown[before..]
            .iter()
            .any(|n| n.body.contains("Any news on my order?")),
        "{shown:?}"
    );

    // Revoked while running: back to sign-in, with the reason.
    world.control.revoke(&key).await.unwrap();
    eventually(
        &app,
        "return !document.getElementById('signin-view').hidden \
           && document.getElementById('app-view').hidden \
           && document.getElementById('signin-error').textContent.includes('rejected');",
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(
        world.stored_key().unwrap(),
        None,
        "the dead key left the keyring"
    );

    // And in again with a new key.
    let fresh = quickstart_key(&world, &workspace).await;
    app.sign_in(&fresh).await.unwrap();
    eventually(
        &app,
        "return !document.getElementById('app-view').hidden \
           && document.querySelectorAll('#conversation-list li[data-id]').length > 0;",
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(world.stored_key().unwrap().as_deref(), Some(fresh.as_str()));
}
