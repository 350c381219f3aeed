//! After a whole session (sign in, browse, reply, an error, sign out), the API key's bytes are
//! nowhere but the keyring: not in any file of the app's dirs, not in what the app logged, not in
//! any IPC answer, not in the app's command line or environment.

use std::path::Path;
use std::time::{Duration, Instant};

use ohallo_e2e::{World, WorldOptions};
use ohallo_sandbox::control_api::Inbound;
use serde_json::json;

/// Every file below `dir`, except the keyring's own encrypted store, where the key belongs.
fn files_below(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.ends_with("keyrings") {
            continue;
        }
        if path.is_dir() {
            files_below(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The command line and environment of each running app of the world whose home is `home`.
fn running_apps(home: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut apps = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        if contains(&cmdline, b"ohallo-desktop") && contains(&environ, home.as_bytes()) {
            apps.push((cmdline, environ));
        }
    }
    apps
}

/// Asks every command that answers with data (and two that fail) and collects the answers, as
/// the page would receive them.
const ASK_EVERY_COMMAND: &str = "
  const invoke = window.__TAURI__.core.invoke;
  const asks = [
    ['session_status', {}],
    ['list_workspaces', {}],
    ['list_conversations', { query: { limit: 5 } }],
    ['get_messages', { conversationId: arguments[0] }],
    ['load_draft', { conversationId: arguments[0] }],
    ['get_preferences', {}],
    ['get_messages', { conversationId: 'main|no-such-conversation' }],
    ['send_reply', { conversationId: arguments[0], content: '' }],
  ];
  const done = arguments[arguments.length - 1];
  Promise.all(asks.map(([cmd, args]) => invoke(cmd, args).then(
    (v) => JSON.stringify(v), (e) => JSON.stringify(e)))).then(done);";

#[tokio::test]
async fn the_key_is_only_in_the_keyring_after_a_whole_session() {
    let mut options = WorldOptions::default();
    options.app_env.push(("RUST_LOG".into(), "debug".into()));
    let world = World::start(options).await.unwrap();
    let key = world.sandbox.key().to_string();
    let app = world.launch_app().await.unwrap();

    app.field("API key")
        .await
        .unwrap()
        .send_keys("sf_test_v1_wrongKey")
        .await
        .unwrap();
    app.click_button("Sign in").await.unwrap();
    app.wait("//*[@id='signin-error' and not(@hidden)]")
        .await
        .unwrap();
    app.field("API key").await.unwrap().clear().await.unwrap();
    app.field("API key")
        .await
        .unwrap()
        .send_keys(&key)
        .await
        .unwrap();
    app.click_button("Sign in").await.unwrap();
    app.region("Conversations").await.unwrap();

    let written = world
        .control
        .inbound(&Inbound::new("Hi!").from_contact("Leak Check"))
        .await
        .unwrap();
    app.open_conversation("Leak Check").await.unwrap();
    let id = written.conversation_id.as_str();
    world.fail_next_reply(id).await.unwrap();
    app.field("Reply")
        .await
        .unwrap()
        .send_keys("First try")
        .await
        .unwrap();
    app.click_button("Send").await.unwrap();
    app.wait("//*[@id='composer-error' and not(@hidden)]")
        .await
        .unwrap();
    app.click_button("Retry").await.unwrap();
    app.wait("//ol[@aria-label='Messages']/li[not(@data-pending)]//*[text()='First try']")
        .await
        .unwrap();

    let answers = app
        .client
        // The window names conversations by their account too (the first account's here).
        .execute_async(ASK_EVERY_COMMAND, vec![json!(format!("main|{id}"))])
        .await
        .unwrap();
    let answers = answers.as_array().unwrap();
    assert_eq!(answers.len(), 8);
    assert!(answers[0].as_str().unwrap().contains("\"signedIn\":true"));
    assert!(
        answers[3].as_str().unwrap().contains("First try"),
        "{:?}",
        answers[3]
    );
    assert!(
        answers[6].as_str().unwrap().contains("notFound"),
        "{:?}",
        answers[6]
    );
    for answer in answers {
        assert!(
            !answer.as_str().unwrap().contains(&key),
            "an IPC answer carried the key"
        );
    }

    // The app's command line and environment, while it runs.
    let home = world.home().to_string_lossy().into_owned();
    let apps = running_apps(&home);
    assert_eq!(apps.len(), 1, "the running app was found");
    for (cmdline, environ) in apps {
        assert!(
            !contains(&environ, key.as_bytes()),
            "the key is in the environment"
        );
        assert!(
            !contains(&cmdline, key.as_bytes()),
            "the key is on the command line"
        );
    }

    app.click_button("Sign out").await.unwrap();
    app.field("API key").await.unwrap();
    app.close().await.unwrap();
    // What the app writes on its way out is checked too.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !running_apps(&home).is_empty() {
        assert!(Instant::now() < deadline, "the app did not exit");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let mut files = Vec::new();
    files_below(world.home(), &mut files);
    assert!(
        files.iter().any(|f| f.ends_with("app.log")),
        "the log is among the files"
    );
    let log = std::fs::read_to_string(world.app_log()).unwrap();
    assert!(
        log.contains("DEBUG") || log.contains("INFO"),
        "the app logged at debug level"
    );
    let leaking: Vec<_> = files
        .iter()
        .filter(|f| contains(&std::fs::read(f).unwrap_or_default(), key.as_bytes()))
        .collect();
    assert!(leaking.is_empty(), "the key's bytes are in {leaking:?}");
    println!("key leakage: {} files and the app's log checked, IPC answers and the process checked, 0 leaks", files.len());
}
