//! The accounts flow against the sandbox over real HTTP, with a key store in memory (the app's
//! is the OS keyring, proven by the E2E suite with a real Secret Service).

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ohallo_core::ApiKey;
use ohallo_core::ConversationQuery;
use ohallo_inbox::{
    split_qualified, unified_conversations, unified_workspaces, AccountError, AccountId, Accounts,
    DemoServer, KeyKeeping, KeySlot, KeyStore, KeyStoreError, Opened, SyncSettings,
};
use ohallo_sandbox::control_api::{Inbound, KeySpec};
use ohallo_sandbox::control_client::ControlClient;
use ohallo_sandbox::{Config, Sandbox};

fn every_100_ms() -> SyncSettings {
    SyncSettings {
        interval: Duration::from_millis(100),
        ..SyncSettings::default()
    }
}

/// Keys by server and account name, as the OS keyring keeps them.
#[derive(Default)]
struct MemoryKeys(Mutex<HashMap<(String, Option<String>), String>>);

fn entry(slot: &KeySlot) -> (String, Option<String>) {
    (slot.base_url.clone(), slot.name.clone())
}

impl MemoryKeys {
    fn stored(&self, base_url: &str, name: Option<&str>) -> Option<String> {
        let entry = (base_url.to_owned(), name.map(str::to_owned));
        self.0.lock().unwrap().get(&entry).cloned()
    }
}

impl KeyStore for MemoryKeys {
    fn load(&self, slot: &KeySlot) -> Result<Option<ApiKey>, KeyStoreError> {
        let stored = self.0.lock().unwrap().get(&entry(slot)).cloned();
        stored
            .map(|key| ApiKey::parse(&key).map_err(|_| KeyStoreError::Corrupt))
            .transpose()
    }

    fn save(&self, slot: &KeySlot, key: &ApiKey) -> Result<(), KeyStoreError> {
        self.0
            .lock()
            .unwrap()
            .insert(entry(slot), key.expose().to_owned());
        Ok(())
    }

    fn delete(&self, slot: &KeySlot) -> Result<(), KeyStoreError> {
        self.0.lock().unwrap().remove(&entry(slot));
        Ok(())
    }
}

struct Setup {
    sandbox: Sandbox,
    keys: Arc<MemoryKeys>,
    data: tempfile::TempDir,
}

impl Setup {
    async fn new() -> Setup {
        Setup {
            sandbox: Sandbox::start("127.0.0.1:0".parse().unwrap(), Config::default())
                .await
                .unwrap(),
            keys: Arc::default(),
            data: tempfile::tempdir().unwrap(),
        }
    }

    fn account(&self) -> Accounts {
        Accounts::new(
            self.sandbox.base_url(),
            self.data.path().to_path_buf(),
            every_100_ms(),
            self.keys.clone(),
        )
    }

    /// The first account's key.
    fn stored_key(&self) -> Option<String> {
        self.keys.stored(&self.sandbox.base_url(), None)
    }

    async fn minted_key(&self) -> String {
        let scopes = KeySpec::with_scopes(&["conversations:read", "conversations:write"]);
        self.control().create_key(&scopes).await.unwrap()
    }

    /// Two brands signed in (two keys that see one workspace would be refused): the first in the
    /// first account's place, the other called "Other"; with the other's key.
    async fn two_brands(&self) -> (Accounts, Opened, Opened, String) {
        let (first_key, other_key) = self.brand_keys().await;
        let accounts = self.account();
        let first = accounts
            .sign_in(&first_key, KeyKeeping::Keyring, None)
            .await
            .unwrap();
        let other = accounts
            .sign_in(&other_key, KeyKeeping::Keyring, Some("Other"))
            .await
            .unwrap();
        (accounts, first, other, other_key)
    }

    /// Two brands' keys: each sees one workspace only, the first and the second.
    async fn brand_keys(&self) -> (String, String) {
        let control = self.control();
        let workspaces = control.workspace_ids(self.sandbox.key()).await.unwrap();
        let mut keys = Vec::new();
        for workspace in &workspaces[..2] {
            let spec = KeySpec {
                workspace_id: Some(workspace.clone()),
                ..KeySpec::with_scopes(&["conversations:read", "conversations:write"])
            };
            keys.push(control.create_key(&spec).await.unwrap());
        }
        (keys[0].clone(), keys[1].clone())
    }

    fn control(&self) -> ControlClient {
        common::control(&self.sandbox.base_url())
    }
}

fn account_data(dir: &Path) -> std::path::PathBuf {
    dir.join("account")
}

#[tokio::test]
async fn a_checked_key_is_kept_and_the_inbox_opens_after_the_first_sync() {
    let setup = Setup::new().await;
    let account = setup.account();
    let opened = account
        .sign_in(setup.sandbox.key(), KeyKeeping::Keyring, None)
        .await
        .unwrap();
    assert_eq!(opened.account, AccountId::first());
    let info = account.info(None);
    assert!(info.signed_in && !info.accounts[0].demo);
    assert_eq!(info.accounts[0].can_write, Some(true));
    assert_eq!(setup.stored_key().as_deref(), Some(setup.sandbox.key()));
    // The first sync has run: the listed conversations are history, not news.
    let page = account
        .inbox(&AccountId::first())
        .unwrap()
        .conversations(&Default::default())
        .await
        .unwrap();
    assert!(!page.data.is_empty());
    assert_eq!(account.unread_count(), 0);
}

#[tokio::test]
async fn a_rejected_key_is_not_kept_and_says_so() {
    let setup = Setup::new().await;
    let key = setup.minted_key().await;
    setup.control().revoke(&key).await.unwrap();
    let account = setup.account();
    let error = account
        .sign_in(&key, KeyKeeping::Keyring, None)
        .await
        .err()
        .unwrap();
    assert!(matches!(error, AccountError::KeyNotAccepted), "{error:?}");
    assert_eq!(setup.stored_key(), None);
    assert!(!account.info(None).signed_in);
    assert!(matches!(
        account.inbox(&AccountId::first()),
        Err(AccountError::SignedOut)
    ));
}

#[tokio::test]
async fn a_dead_server_at_sign_in_is_unreachable_not_a_bad_key() {
    let setup = Setup::new().await;
    let key = setup.sandbox.key().to_owned();
    let base_url = setup.sandbox.base_url();
    let Setup {
        sandbox,
        keys,
        data,
    } = setup;
    drop(sandbox);
    let account = Accounts::new(base_url, data.path().to_path_buf(), every_100_ms(), keys);
    let error = account
        .sign_in(&key, KeyKeeping::Keyring, None)
        .await
        .err()
        .unwrap();
    assert!(matches!(error, AccountError::Unreachable(_)), "{error:?}");
    assert!(!error.to_string().contains("127.0.0.1"), "{error}");
}

#[tokio::test]
async fn a_restart_restores_the_stored_key_and_a_revoked_one_is_forgotten() {
    let setup = Setup::new().await;
    let key = setup.minted_key().await;
    setup
        .account()
        .sign_in(&key, KeyKeeping::Keyring, None)
        .await
        .unwrap();

    let restarted = setup.account();
    let restored = restarted.restore().await;
    assert!(matches!(restored[..], [Ok(_)]), "one session");
    assert!(restarted.info(None).signed_in);
    drop(restored);
    drop(restarted);

    setup.control().revoke(&key).await.unwrap();
    let restored = setup.account().restore().await;
    let Some(Err(error)) = restored.into_iter().next() else {
        panic!("the revoked key was restored");
    };
    assert!(matches!(error, AccountError::Api(_)), "{error:?}");
    assert!(error.to_string().contains("revoked"), "{error}");
    assert_eq!(setup.stored_key(), None);
    assert!(setup.account().restore().await.is_empty());
}

#[tokio::test]
async fn signing_out_forgets_the_key_and_the_local_data() {
    let setup = Setup::new().await;
    let account = setup.account();
    account
        .sign_in(setup.sandbox.key(), KeyKeeping::Keyring, None)
        .await
        .unwrap();
    let first = AccountId::first();
    account
        .inbox(&first)
        .unwrap()
        .save_draft("c1", "half")
        .unwrap();
    assert!(account_data(setup.data.path()).exists());

    assert!(!account.sign_out(None).await.unwrap(), "nobody is left");
    assert_eq!(setup.stored_key(), None);
    assert!(!account_data(setup.data.path()).exists());
    assert!(!account.info(None).signed_in);
}

#[tokio::test]
async fn a_rejected_key_ends_only_its_own_account_and_keeps_the_drafts() {
    let setup = Setup::new().await;
    let (account, first, second, other_key) = setup.two_brands().await;

    account
        .inbox(&first.account)
        .unwrap()
        .save_draft("c1", "half")
        .unwrap();
    let ended = account.end(first.session).await.unwrap().expect("it ended");
    assert!(ended.others_remain, "{ended:?}");
    // A late second KeyRejected of the same session changes nothing.
    assert_eq!(account.end(first.session).await.unwrap(), None);
    let info = account.info(None);
    assert!(info.signed_in);
    assert_eq!(info.accounts.len(), 1);
    assert_eq!(info.accounts[0].id, second.account);
    assert_eq!(setup.stored_key(), None);
    let base_url = setup.sandbox.base_url();
    assert_eq!(
        setup.keys.stored(&base_url, Some("Other")).as_deref(),
        Some(other_key.as_str())
    );
    assert!(account_data(setup.data.path()).join("drafts.json").exists());

    let last = account
        .end(second.session)
        .await
        .unwrap()
        .expect("it ended");
    assert!(!last.others_remain);
    assert!(!account.info(None).signed_in);
}

#[tokio::test]
async fn signing_out_of_one_account_ends_its_events_only() {
    let setup = Setup::new().await;
    let (account, mut first, _second, _) = setup.two_brands().await;
    assert!(account.sign_out(Some(&first.account)).await.unwrap());
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        while first.events.recv().await.is_some() {}
    })
    .await;
    assert!(ended.is_ok(), "the signed-out engine still publishes");
    assert_eq!(setup.stored_key(), None);
    assert!(setup
        .keys
        .stored(&setup.sandbox.base_url(), Some("Other"))
        .is_some());
    assert_eq!(account.info(None).accounts.len(), 1);
}

#[tokio::test]
async fn the_demo_starts_from_fresh_data_and_never_touches_the_stored_key() {
    let setup = Setup::new().await;
    let account = setup.account();
    account
        .sign_in(setup.sandbox.key(), KeyKeeping::Keyring, None)
        .await
        .unwrap();
    let demo_dir = setup.data.path().join("demo");
    std::fs::create_dir_all(&demo_dir).unwrap();
    std::fs::write(demo_dir.join("drafts.json"), "{\"old\":\"draft\"}").unwrap();

    let demo = Sandbox::start("127.0.0.1:0".parse().unwrap(), Config::default())
        .await
        .unwrap();
    let server = DemoServer {
        base_url: demo.base_url(),
        key: demo.key().to_owned(),
        guard: Box::new(()),
    };
    let opened = account.demo(server).await.unwrap();
    assert_eq!(opened.account, AccountId::demo());
    let info = account.info(None);
    assert_eq!(info.accounts.len(), 1, "the demo is alone in the window");
    assert!(info.accounts[0].demo);
    let demo_inbox = account.inbox(&AccountId::demo()).unwrap();
    assert_eq!(demo_inbox.draft("old"), None);
    drop(demo_inbox);

    account.sign_out(None).await.unwrap();
    assert_eq!(setup.stored_key().as_deref(), Some(setup.sandbox.key()));
    assert!(!demo_dir.exists());
}

#[tokio::test]
async fn marking_read_needs_a_session_and_clears_the_trays_count() {
    let setup = Setup::new().await;
    let account = setup.account();
    assert!(matches!(
        account.mark_read("main|c1").await,
        Err(AccountError::SignedOut)
    ));
    let mut opened = account
        .sign_in(setup.sandbox.key(), KeyKeeping::Keyring, None)
        .await
        .unwrap();
    let written = setup
        .control()
        .inbound(&Inbound::new("Where is my parcel?").from_contact("Nina"))
        .await
        .unwrap();
    let id = &written.conversation_id;
    account.poll_now();
    let announced = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(event) = opened.events.recv().await {
            if matches!(event, ohallo_inbox::SyncEvent::Announce(_)) {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(announced, Ok(true), "the message was announced");
    assert_eq!(account.unread_count(), 1);
    account
        .mark_read(&AccountId::first().qualify(id))
        .await
        .unwrap();
    assert_eq!(account.unread_count(), 0);
}

/// A desktop without a Secret Service: every call fails as the keyring crate's would.
struct NoKeyring;

impl KeyStore for NoKeyring {
    fn load(&self, _: &KeySlot) -> Result<Option<ApiKey>, KeyStoreError> {
        Err(no_keyring())
    }

    fn save(&self, _: &KeySlot, _: &ApiKey) -> Result<(), KeyStoreError> {
        Err(no_keyring())
    }

    fn delete(&self, _: &KeySlot) -> Result<(), KeyStoreError> {
        Err(no_keyring())
    }
}

fn no_keyring() -> KeyStoreError {
    KeyStoreError::Unavailable {
        detail: "Secret Service: no result found".into(),
    }
}

#[tokio::test]
async fn without_a_keyring_the_start_is_quiet_and_a_key_kept_until_quit_signs_in_and_out() {
    let setup = Setup::new().await;
    let account = Accounts::new(
        setup.sandbox.base_url(),
        setup.data.path().to_path_buf(),
        every_100_ms(),
        Arc::new(NoKeyring),
    );
    // Nothing could have been stored: no error before the user has typed anything.
    assert!(account.restore().await.is_empty());

    let refused = account
        .sign_in(setup.sandbox.key(), KeyKeeping::Keyring, None)
        .await
        .err()
        .unwrap();
    let said = refused.to_string();
    assert!(
        said.contains("no keyring") && said.contains("GNOME Keyring"),
        "{said}"
    );
    assert!(
        !said.contains("Secret Service: no result"),
        "no library text: {said}"
    );
    assert!(!account.info(None).signed_in);

    let opened = account
        .sign_in(setup.sandbox.key(), KeyKeeping::UntilQuit, None)
        .await
        .unwrap();
    let info = account.info(None);
    assert!(info.signed_in && info.accounts[0].key_in_memory);
    assert!(account.inbox(&opened.account).is_ok());
    // Nothing to remove from a keyring that never held it.
    account.sign_out(None).await.unwrap();
    assert!(!account.info(None).signed_in);
}

/// Two brands' keys, each restricted to its workspace: one inbox shows both, each reply goes
/// out with its own conversation's key, both come back after a restart, and signing out of one
/// keeps the other.
#[tokio::test]
async fn two_accounts_share_one_inbox_and_each_replies_with_its_own_key() {
    let setup = Setup::new().await;
    let workspaces = setup
        .control()
        .workspace_ids(setup.sandbox.key())
        .await
        .unwrap();
    let (key_a, key_b) = setup.brand_keys().await;
    let accounts = setup.account();
    let a = accounts
        .sign_in(&key_a, KeyKeeping::Keyring, Some("Brand A"))
        .await
        .unwrap()
        .account;
    let b = accounts
        .sign_in(&key_b, KeyKeeping::Keyring, None)
        .await
        .unwrap()
        .account;
    assert_ne!(a, b);
    let info = accounts.info(None);
    let names: Vec<&str> = info.accounts.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names[0], "Brand A");
    assert!(!names[1].is_empty() && names[1] != "Brand A", "{names:?}");

    // Each key is kept apart: the first in the first account's place, the other by its name.
    let base_url = setup.sandbox.base_url();
    assert_eq!(setup.stored_key().as_deref(), Some(key_a.as_str()));
    assert_eq!(
        setup.keys.stored(&base_url, Some(names[1])).as_deref(),
        Some(key_b.as_str())
    );

    // One list, qualified ids from both accounts, merged newest first.
    let query = ConversationQuery {
        limit: Some(100),
        ..ConversationQuery::default()
    };
    let page = unified_conversations(accounts.inboxes(), None, &query)
        .await
        .unwrap();
    let of = |account: &AccountId| {
        page.data
            .iter()
            .find(|view| view.account.as_ref() == Some(account))
            .unwrap_or_else(|| panic!("no conversation of {account}"))
            .conversation
            .clone()
    };
    let (from_a, from_b) = (of(&a), of(&b));
    for view in &page.data {
        let (owner, _) = split_qualified(&view.conversation.id).expect("a qualified id");
        assert_eq!(Some(&owner), view.account.as_ref());
        assert!(view
            .conversation
            .workspace_id
            .starts_with(&format!("{owner}|")));
    }
    let times: Vec<_> = page
        .data
        .iter()
        .map(|view| view.conversation.last_message_at)
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let only_b = unified_conversations(accounts.inboxes(), Some(&b), &query)
        .await
        .unwrap();
    assert!(!only_b.data.is_empty());
    assert!(only_b
        .data
        .iter()
        .all(|view| view.account.as_ref() == Some(&b)));
    let listed = unified_workspaces(accounts.inboxes()).await.unwrap();
    assert!(listed.iter().any(|w| w.id == a.qualify(&workspaces[0])));
    assert!(listed.iter().any(|w| w.id == b.qualify(&workspaces[1])));

    for (conversation, text) in [
        (&from_a, "Reply from brand A"),
        (&from_b, "Reply from brand B"),
    ] {
        let (inbox, id) = accounts.resolve(&conversation.id).unwrap();
        inbox.send_reply(id, text).await.unwrap();
    }
    let replies = setup.control().replies().await.unwrap();
    let sent_with = |text: &str| {
        replies
            .iter()
            .find(|reply| reply.content == text)
            .map(|reply| reply.key.clone())
    };
    assert_eq!(sent_with("Reply from brand A"), Some(key_a.clone()));
    assert_eq!(sent_with("Reply from brand B"), Some(key_b.clone()));

    // A key that sees brand A's workspace too would list and announce it twice.
    let overlapping = accounts
        .sign_in(setup.sandbox.key(), KeyKeeping::Keyring, Some("Everything"))
        .await
        .err()
        .unwrap();
    assert!(
        matches!(overlapping, AccountError::Overlaps(ref name) if name == "Brand A"),
        "{overlapping:?}"
    );
    // The same key again would notify twice for every message.
    let again = accounts
        .sign_in(&key_b, KeyKeeping::Keyring, Some("Again"))
        .await
        .err()
        .unwrap();
    assert!(
        matches!(again, AccountError::AlreadySignedIn(_)),
        "{again:?}"
    );
    drop(accounts);

    let restarted = setup.account();
    let restored = restarted.restore().await;
    assert_eq!(restored.iter().filter(|r| r.is_ok()).count(), 2);
    drop(restored);
    let info = restarted.info(None);
    let restored_names: Vec<&str> = info.accounts.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(restored_names, names);

    assert!(restarted.sign_out(Some(&b)).await.unwrap(), "brand A stays");
    assert_eq!(setup.keys.stored(&base_url, Some(names[1])), None);
    assert_eq!(setup.stored_key().as_deref(), Some(key_a.as_str()));
    assert!(matches!(
        restarted.resolve(&from_b.id),
        Err(AccountError::UnknownAccount)
    ));
    assert!(restarted.resolve(&from_a.id).is_ok());
}
