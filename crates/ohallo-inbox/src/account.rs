//! The account the app is signed in to: checking a typed key, restoring the stored one at start,
//! the demo workspace, signing out, and ending a session whose key the server stopped accepting.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;
use std::time::Duration;

use ohallo_core::{ApiError, ApiKey, Client, KeyEnvironment};
use serde::Serialize;
use ts_rs::TS;

use crate::inbox::{Inbox, MissingScope};
use crate::sync::{SyncEngine, SyncEvents, SyncSettings};
use crate::LocalError;

/// The most a sign-in waits for the first sync before showing the inbox anyway.
const FIRST_SYNC_WAIT: Duration = Duration::from_secs(5);

/// Where API keys rest between runs (the OS keyring in the app). Each key is kept under the
/// server it was checked against. Calls may block: the account makes them off the runtime.
pub trait KeyStore: Send + Sync + 'static {
    fn load(&self, base_url: &str) -> Result<Option<ApiKey>, KeyStoreError>;
    fn save(&self, base_url: &str, key: &ApiKey) -> Result<(), KeyStoreError>;
    fn delete(&self, base_url: &str) -> Result<(), KeyStoreError>;
}

#[derive(Debug, thiserror::Error)]
pub enum KeyStoreError {
    /// `detail` is the keyring's own text, for the log only.
    #[error(
        "This desktop has no keyring open, so oHallo cannot keep your key safely between runs. \
         You can keep it until oHallo quits, or install and start a keyring (GNOME Keyring, \
         KeePassXC with its Secret Service integration, or KWallet) and sign in again."
    )]
    Unavailable { detail: String },
    #[error(
        "The key stored in the system keyring is not a valid oHallo key; please sign in again."
    )]
    Corrupt,
}

/// What can go wrong with the account, each with one sentence for the user.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// At sign-in: the user is deciding whether this key works.
    #[error("This API key was not accepted: it is invalid, expired or revoked.")]
    KeyNotAccepted,
    #[error("The oHallo server cannot be reached. Check your connection and try again.")]
    Unreachable(#[source] ApiError),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Local(#[from] LocalError),
    #[error(transparent)]
    KeyStore(#[from] KeyStoreError),
    #[error("Signed out, but this account's local data could not be removed.")]
    DataNotRemoved(#[source] LocalError),
    #[error("You are signed out. Sign in to continue.")]
    SignedOut,
    #[error("A background task of the app failed. Please try again.")]
    Internal,
}

impl From<crate::InboxError> for AccountError {
    fn from(error: crate::InboxError) -> AccountError {
        match error {
            crate::InboxError::Api(error) => AccountError::Api(error),
            crate::InboxError::Local(error) => AccountError::Local(error),
        }
    }
}

/// What the UI may know about the session. Deliberately without the key.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub signed_in: bool,
    pub environment: Option<KeyEnvironment>,
    pub demo: bool,
    pub base_url: String,
    /// `false` when the key lacks `conversations:write`; `null` when unknown.
    pub can_write: Option<bool>,
    /// What the key may not do, and what that costs the user.
    pub missing_scopes: Vec<MissingScope>,
    /// Why the user is looking at the sign-in screen, when it is not their choice.
    pub problem: Option<String>,
    /// The key is in this process's memory only (no keyring): it is gone when the app quits.
    pub key_in_memory: bool,
}

/// Where a checked key is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKeeping {
    /// In the OS keyring, so the next start signs in by itself.
    Keyring,
    /// Only in memory, until the app quits: for a desktop without a keyring, never on disk.
    UntilQuit,
}

/// Which session something belongs to: a late event of an ended session must not end the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionId(u64);

/// A session just opened: what the UI shows, and the sync engine's events for whoever routes
/// them (tray, notifications, window).
pub struct Opened {
    pub info: SessionInfo,
    pub session: SessionId,
    pub events: SyncEvents,
}

/// A server started for the demo workspace; `guard` keeps it running as long as the session.
pub struct DemoServer {
    pub base_url: String,
    pub key: String,
    pub guard: Box<dyn Send + Sync>,
}

struct Session {
    id: SessionId,
    inbox: Arc<Inbox>,
    info: SessionInfo,
    engine: SyncEngine,
    _demo: Option<Box<dyn Send + Sync>>,
}

/// Whether the inbox waits for the engine's first sync: after a sign-in it must (that sync
/// decides what is history), after a restart the engine already knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FirstSync {
    Await,
    InBackground,
}

/// The configured server, the app's data directory, the key store, and the current session.
pub struct Account {
    base_url: String,
    data_dir: PathBuf,
    sync: SyncSettings,
    keys: Arc<dyn KeyStore>,
    current: Mutex<Option<Session>>,
    next_id: AtomicU64,
}

impl Account {
    pub fn new(
        base_url: String,
        data_dir: PathBuf,
        sync: SyncSettings,
        keys: Arc<dyn KeyStore>,
    ) -> Account {
        Account {
            base_url,
            data_dir,
            sync,
            keys,
            current: Mutex::new(None),
            next_id: AtomicU64::new(1),
        }
    }

    /// The session as the UI sees it; signed out (with `problem`) when there is none.
    pub fn info(&self, problem: Option<String>) -> SessionInfo {
        match self.current.lock().as_ref() {
            Some(session) => session.info.clone(),
            None => SessionInfo {
                signed_in: false,
                environment: None,
                demo: false,
                base_url: self.base_url.clone(),
                can_write: None,
                missing_scopes: Vec::new(),
                problem,
                key_in_memory: false,
            },
        }
    }

    pub fn inbox(&self) -> Result<Arc<Inbox>, AccountError> {
        self.current
            .lock()
            .as_ref()
            .map(|session| session.inbox.clone())
            .ok_or(AccountError::SignedOut)
    }

    /// Conversations with customer messages not opened yet; 0 when signed out.
    pub fn unread_count(&self) -> usize {
        self.inbox().map_or(0, |inbox| inbox.unread_count())
    }

    /// Asks the sync engine to read the attention items at once (the user handled one).
    pub fn refresh_attention(&self) {
        if let Some(session) = self.current.lock().as_ref() {
            session.engine.refresh_attention();
        }
    }

    /// Asks the sync engine for an immediate poll (window focused, network back).
    pub fn poll_now(&self) {
        if let Some(session) = self.current.lock().as_ref() {
            session.engine.poll_now();
        }
    }

    /// The user opened a conversation: what it had from the customer is read. The file write
    /// runs off the async runtime.
    pub async fn mark_read(&self, conversation_id: &str) -> Result<(), AccountError> {
        let inbox = self.inbox()?;
        let id = conversation_id.to_owned();
        Ok(blocking(move || inbox.mark_read(&id)).await??)
    }

    /// Keeps a reply being written, off the async runtime.
    pub async fn save_draft(
        &self,
        conversation_id: &str,
        text: String,
    ) -> Result<(), AccountError> {
        let inbox = self.inbox()?;
        let id = conversation_id.to_owned();
        Ok(blocking(move || inbox.save_draft(&id, &text)).await??)
    }

    /// Checks a key typed by the user with one cheap call, then keeps it in the key store.
    pub async fn sign_in(&self, input: &str, keeping: KeyKeeping) -> Result<Opened, AccountError> {
        let key = ApiKey::parse(input)?;
        let client = Client::new(&self.base_url, key.clone())?;
        let state_dir = self.data_dir.join("account");
        // A sign-in may be another account: what the last one had seen is not this one's news.
        SyncEngine::forget(&state_dir)?;
        let inbox = Inbox::open(client, &state_dir)?;
        inbox.check_key().await.map_err(sign_in_error)?;
        let environment = key.environment();
        if keeping == KeyKeeping::Keyring {
            let keys = self.keys.clone();
            let base_url = self.base_url.clone();
            blocking(move || keys.save(&base_url, &key)).await??;
        }
        let mut session = self
            .open(inbox, environment, None, FirstSync::Await)
            .await?;
        session.0.info.key_in_memory = keeping == KeyKeeping::UntilQuit;
        Ok(self.replace(session))
    }

    /// The key stored at an earlier sign-in, if any. A key the server now rejects is removed,
    /// and the error says why for the sign-in screen.
    pub async fn restore(&self) -> Result<Option<Opened>, AccountError> {
        let keys = self.keys.clone();
        let base_url = self.base_url.clone();
        let stored = match blocking(move || keys.load(&base_url)).await? {
            Ok(stored) => stored,
            // Nothing can have been stored: the sign-in screen says so when it matters.
            Err(KeyStoreError::Unavailable { detail }) => {
                tracing::info!(%detail, "no keyring to restore a key from");
                None
            }
            Err(error) => return Err(error.into()),
        };
        let Some(key) = stored else {
            return Ok(None);
        };
        let environment = key.environment();
        let client = Client::new(&self.base_url, key)?;
        let inbox = Inbox::open(client, &self.data_dir.join("account"))?;
        // Offline at start is fine: the inbox opens and the engine reports the outage.
        if let Err(error @ ApiError::Unauthorized { .. }) = inbox.check_key().await {
            self.delete_key().await?;
            return Err(error.into());
        }
        // What was announced before is known: the engine's first poll here is an ordinary one.
        let session = self
            .open(inbox, environment, None, FirstSync::InBackground)
            .await?;
        Ok(Some(self.replace(session)))
    }

    /// Opens the demo workspace on `server`, from fresh local data each time (yesterday's
    /// drafts and marks would not match its new conversations).
    pub async fn demo(&self, server: DemoServer) -> Result<Opened, AccountError> {
        let key = ApiKey::parse(&server.key)?;
        let environment = key.environment();
        let client = Client::new(&server.base_url, key)?;
        let state_dir = self.data_dir.join("demo");
        remove_dir(&state_dir).map_err(AccountError::Local)?;
        let inbox = Inbox::open(client, &state_dir)?;
        let mut session = self
            .open(inbox, environment, Some(server.guard), FirstSync::Await)
            .await?;
        session.0.info.base_url = server.base_url;
        Ok(self.replace(session))
    }

    /// Whose snippets the session uses: the demo's own, or else the server the key was checked
    /// against, which is how the key store tells accounts apart too.
    pub fn owner(&self) -> Result<String, AccountError> {
        let current = self.current.lock();
        let session = current.as_ref().ok_or(AccountError::SignedOut)?;
        Ok(if session.info.demo {
            "demo".to_owned()
        } else {
            self.base_url.clone()
        })
    }

    /// Forgets the key and this account's local drafts and read marks. Its snippets stay
    /// ([`crate::Snippets`] keeps them outside this directory): they are the agent's own work.
    pub async fn sign_out(&self) -> Result<(), AccountError> {
        let info = self.take_session();
        let demo = info.as_ref().is_some_and(|info| info.demo);
        if !info.is_some_and(|info| info.demo || info.key_in_memory) {
            self.delete_key().await?;
        }
        let dir = self.data_dir.join(if demo { "demo" } else { "account" });
        remove_dir(&dir).map_err(AccountError::DataNotRemoved)
    }

    /// The server stopped accepting the key of `session`: the key is useless now and leaves the
    /// key store; drafts and marks stay. Whether that session was still the current one.
    pub async fn end(&self, session: SessionId) -> Result<bool, AccountError> {
        let ended = {
            let mut current = self.current.lock();
            match current.as_ref() {
                Some(open) if open.id == session => current.take(),
                _ => None,
            }
        };
        let Some(ended) = ended else {
            return Ok(false);
        };
        let stored = !ended.info.demo && !ended.info.key_in_memory;
        drop(ended);
        if stored {
            self.delete_key().await?;
        }
        Ok(true)
    }

    fn take_session(&self) -> Option<SessionInfo> {
        let session = self.current.lock().take();
        session.map(|session| session.info.clone())
    }

    fn replace(&self, (session, events): (Session, SyncEvents)) -> Opened {
        let opened = Opened {
            info: session.info.clone(),
            session: session.id,
            events,
        };
        // The previous session's engine stops here, and its event stream ends.
        *self.current.lock() = Some(session);
        opened
    }

    async fn open(
        &self,
        inbox: Inbox,
        environment: KeyEnvironment,
        demo: Option<Box<dyn Send + Sync>>,
        first_sync: FirstSync,
    ) -> Result<(Session, SyncEvents), AccountError> {
        let (engine, events) = inbox.start_sync(self.sync)?;
        // The inbox lists after the engine's first sync has, so whatever arrives from then on
        // is either in the list or news; an outage only delays the window, not forever. The
        // scope probes run meanwhile.
        let first_poll = async {
            if first_sync == FirstSync::Await {
                engine.wait_for_polls(1, FIRST_SYNC_WAIT).await;
            }
        };
        let (missing_scopes, ()) = tokio::join!(inbox.missing_scopes(), first_poll);
        let can_write = Some(
            !missing_scopes
                .iter()
                .any(|missing| missing.scope == "conversations:write"),
        );
        let info = SessionInfo {
            signed_in: true,
            environment: Some(environment),
            demo: demo.is_some(),
            base_url: self.base_url.clone(),
            can_write,
            missing_scopes,
            problem: None,
            key_in_memory: false,
        };
        let session = Session {
            id: SessionId(self.next_id.fetch_add(1, Ordering::Relaxed)),
            inbox: Arc::new(inbox),
            info,
            engine,
            _demo: demo,
        };
        Ok((session, events))
    }

    /// Deletes the key stored for this server only.
    async fn delete_key(&self) -> Result<(), AccountError> {
        let keys = self.keys.clone();
        let base_url = self.base_url.clone();
        blocking(move || keys.delete(&base_url)).await??;
        Ok(())
    }
}

fn remove_dir(dir: &Path) -> Result<(), LocalError> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(LocalError::io(dir, e)),
    }
}

fn sign_in_error(error: ApiError) -> AccountError {
    match error {
        ApiError::Unauthorized { .. } => AccountError::KeyNotAccepted,
        ApiError::Network(_) | ApiError::Timeout => AccountError::Unreachable(error),
        error => AccountError::Api(error),
    }
}

/// Key stores may talk D-Bus synchronously; keep them off the async runtime's workers.
async fn blocking<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AccountError> {
    tokio::task::spawn_blocking(job).await.map_err(|error| {
        tracing::error!(%error, "a blocking task failed");
        AccountError::Internal
    })
}
