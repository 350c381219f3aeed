//! The account flow against the sandbox over real HTTP, with a key store in memory (the app's is
//! the OS keyring, proven by the E2E suite with a real Secret Service).

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ohallo_core::ApiKey;
use ohallo_inbox::{
    Account, AccountError, DemoServer, KeyKeeping, KeyStore, KeyStoreError, Opened, SyncSettings,
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

#[derive(Default)]
struct MemoryKeys(Mutex<HashMap<String, String>>);

impl MemoryKeys {
    fn stored(&self, base_url: &str) -> Option<String> {
        self.0.lock().unwrap().get(base_url).cloned()
    }
}

impl KeyStore for MemoryKeys {
    fn load(&self, base_url: &str) -> Result<Option<ApiKey>, KeyStoreError> {
        self.stored(base_url)
            .map(|key| ApiKey::parse(&key).map_err(|_| KeyStoreError::Corrupt))
            .transpose()
    }

    fn save(&self, base_url: &str, key: &ApiKey) -> Result<(), KeyStoreError> {
        self.0
            .lock()
            .unwrap()
            .insert(base_url.to_owned(), key.expose().to_owned());
        Ok(())
    }

    fn delete(&self, base_url: &str) -> Result<(), KeyStoreError> {
        self.0.lock().unwrap().remove(base_url);
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

    fn account(&self) -> Account {
        Account::new(
            self.sandbox.base_url(),
            self.data.path().to_path_buf(),
            every_100_ms(),
            self.keys.clone(),
        )
    }

    fn stored_key(&self) -> Option<String> {
        self.keys.stored(&self.sandbox.base_url())
    }

    async fn minted_key(&self) -> String {
        let scopes = KeySpec::with_scopes(&["conversations:read", "conversations:write"]);
        self.control().create_key(&scopes).await.unwrap()
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
        .sign_in(setup.sandbox.key(), KeyKeeping::Keyring)
        .await
        .unwrap();
    assert!(opened.info.signed_in && !opened.info.demo);
    assert_eq!(opened.info.can_write, Some(true));
    assert_eq!(setup.stored_key().as_deref(), Some(setup.sandbox.key()));
    assert_eq!(account.info(None), opened.info);
    // The first sync has run: the listed conversations are history, not news.
    let page = account
        .inbox()
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
        .sign_in(&key, KeyKeeping::Keyring)
        .await
        .err()
        .unwrap();
    assert!(matches!(error, AccountError::KeyNotAccepted), "{error:?}");
    assert_eq!(setup.stored_key(), None);
    assert!(!account.info(None).signed_in);
    assert!(matches!(account.inbox(), Err(AccountError::SignedOut)));
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
    let account = Account::new(base_url, data.path().to_path_buf(), every_100_ms(), keys);
    let error = account
        .sign_in(&key, KeyKeeping::Keyring)
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
        .sign_in(&key, KeyKeeping::Keyring)
        .await
        .unwrap();

    let restarted = setup.account();
    let restored = restarted.restore().await.unwrap().expect("a session");
    assert!(restored.info.signed_in);
    drop(restarted);

    setup.control().revoke(&key).await.unwrap();
    let error = setup.account().restore().await.err().unwrap();
    assert!(matches!(error, AccountError::Api(_)), "{error:?}");
    assert!(error.to_string().contains("revoked"), "{error}");
    assert_eq!(setup.stored_key(), None);
    assert!(setup.account().restore().await.unwrap().is_none());
}

#[tokio::test]
async fn signing_out_forgets_the_key_and_the_local_data() {
    let setup = Setup::new().await;
    let account = setup.account();
    account
        .sign_in(setup.sandbox.key(), KeyKeeping::Keyring)
        .await
        .unwrap();
    account.inbox().unwrap().save_draft("c1", "half").unwrap();
    assert!(account_data(setup.data.path()).exists());

    account.sign_out().await.unwrap();
    assert_eq!(setup.stored_key(), None);
    assert!(!account_data(setup.data.path()).exists());
    assert!(!account.info(None).signed_in);
}

#[tokio::test]
async fn a_rejected_key_ends_only_its_own_session_and_keeps_the_drafts() {
    let setup = Setup::new().await;
    let account = setup.account();
    let first: Opened = account
        .sign_in(setup.sandbox.key(), KeyKeeping::Keyring)
        .await
        .unwrap();
    let second = account
        .sign_in(setup.sandbox.key(), KeyKeeping::Keyring)
        .await
        .unwrap();
    // A late KeyRejected of the replaced session must not sign the user out of the new one.
    assert!(!account.end(first.session).await.unwrap());
    assert!(account.info(None).signed_in);

    account.inbox().unwrap().save_draft("c1", "half").unwrap();
    assert!(account.end(second.session).await.unwrap());
    assert!(!account.info(None).signed_in);
    assert_eq!(setup.stored_key(), None);
    assert!(account_data(setup.data.path()).join("drafts.json").exists());
}

#[tokio::test]
async fn the_replaced_sessions_events_end_with_it() {
    let setup = Setup::new().await;
    let account = setup.account();
    let mut first = account
        .sign_in(setup.sandbox.key(), KeyKeeping::Keyring)
        .await
        .unwrap();
    account
        .sign_in(setup.sandbox.key(), KeyKeeping::Keyring)
        .await
        .unwrap();
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        while first.events.recv().await.is_some() {}
    })
    .await;
    assert!(ended.is_ok(), "the old engine still publishes");
}

#[tokio::test]
async fn the_demo_starts_from_fresh_data_and_never_touches_the_stored_key() {
    let setup = Setup::new().await;
    let account = setup.account();
    account
        .sign_in(setup.sandbox.key(), KeyKeeping::Keyring)
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
    assert!(opened.info.demo);
    assert_eq!(opened.info.base_url, demo.base_url());
    assert_eq!(account.inbox().unwrap().draft("old"), None);

    account.sign_out().await.unwrap();
    assert_eq!(setup.stored_key().as_deref(), Some(setup.sandbox.key()));
    assert!(!demo_dir.exists());
}

#[tokio::test]
async fn marking_read_needs_a_session_and_clears_the_trays_count() {
    let setup = Setup::new().await;
    let account = setup.account();
    assert!(matches!(
        account.mark_read("c1").await,
        Err(AccountError::SignedOut)
    ));
    let mut opened = account
        .sign_in(setup.sandbox.key(), KeyKeeping::Keyring)
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
    account.mark_read(id).await.unwrap();
    assert_eq!(account.unread_count(), 0);
}

/// A desktop without a Secret Service: every call fails as the keyring crate's would.
struct NoKeyring;

impl KeyStore for NoKeyring {
    fn load(&self, _: &str) -> Result<Option<ApiKey>, KeyStoreError> {
        Err(no_keyring())
    }

    fn save(&self, _: &str, _: &ApiKey) -> Result<(), KeyStoreError> {
        Err(no_keyring())
    }

    fn delete(&self, _: &str) -> Result<(), KeyStoreError> {
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
    let account = Account::new(
        setup.sandbox.base_url(),
        setup.data.path().to_path_buf(),
        every_100_ms(),
        Arc::new(NoKeyring),
    );
    // Nothing could have been stored: no error before the user has typed anything.
    assert!(account.restore().await.unwrap().is_none());

    let refused = account
        .sign_in(setup.sandbox.key(), KeyKeeping::Keyring)
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
        .sign_in(setup.sandbox.key(), KeyKeeping::UntilQuit)
        .await
        .unwrap();
    assert!(opened.info.signed_in && opened.info.key_in_memory);
    assert!(account.inbox().is_ok());
    // Nothing to remove from a keyring that never held it.
    account.sign_out().await.unwrap();
    assert!(!account.info(None).signed_in);
}
