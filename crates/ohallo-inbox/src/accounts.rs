//! The accounts the app is signed in to, one API key each: checking a typed key, restoring the
//! stored ones at start, the demo workspace, signing out of one or all, and ending a session
//! whose key the server stopped accepting. Every account runs its own sync engine; the window
//! sees them as one inbox (crate::unified).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ohallo_core::{ApiError, ApiKey, Client, KeyEnvironment};
use parking_lot::Mutex;
use serde::Serialize;
use ts_rs::TS;

use crate::account_list::{AccountList, AccountRecord};
use crate::inbox::{Inbox, MissingScope};
use crate::qualified::{self, AccountId};
use crate::sync::{SyncEngine, SyncEvents, SyncSettings};
use crate::LocalError;

/// The most a sign-in waits for the first sync before showing the inbox anyway.
const FIRST_SYNC_WAIT: Duration = Duration::from_secs(5);

/// Where API keys rest between runs (the OS keyring in the app). Each key is kept under the
/// server it was checked against and its account's name. Calls may block: the accounts make
/// them off the runtime.
pub trait KeyStore: Send + Sync + 'static {
    fn load(&self, slot: &KeySlot) -> Result<Option<ApiKey>, KeyStoreError>;
    fn save(&self, slot: &KeySlot, key: &ApiKey) -> Result<(), KeyStoreError>;
    fn delete(&self, slot: &KeySlot) -> Result<(), KeyStoreError>;
}

/// Which stored key: the server's, and the account's name for every account but the first,
/// whose key keeps the place it had before there could be several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySlot {
    pub base_url: String,
    pub name: Option<String>,
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
    /// An id of an account that is signed out (or not an id the app made).
    #[error("That conversation belongs to an account that is no longer signed in.")]
    UnknownAccount,
    #[error("This key is already signed in as “{0}”.")]
    AlreadySignedIn(String),
    /// Two keys that see one workspace would list and announce its conversations twice.
    #[error("This key sees a workspace that “{0}” already shows; its conversations would be listed and announced twice.")]
    Overlaps(String),
    #[error("An account name is one line of at most 60 characters.")]
    InvalidName,
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

/// What the UI may know about the accounts. Deliberately without any key.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub signed_in: bool,
    pub base_url: String,
    /// In the order they were signed in; the first is the one that was there before the rest.
    pub accounts: Vec<AccountInfo>,
    /// Why the user is looking at the sign-in screen, when it is not their choice.
    pub problem: Option<String>,
}

/// One signed-in account, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountInfo {
    pub id: AccountId,
    /// What the user called it (two brands, live and test): rows and filters name it.
    pub name: String,
    pub environment: KeyEnvironment,
    pub demo: bool,
    /// `false` when the key lacks `conversations:write`; `null` when unknown.
    pub can_write: Option<bool>,
    /// What the key may not do, and what that costs the user.
    pub missing_scopes: Vec<MissingScope>,
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
/// them (tray, notifications, window), which qualify their ids with `account`.
pub struct Opened {
    pub account: AccountId,
    pub session: SessionId,
    pub events: SyncEvents,
}

/// A server started for the demo workspace; `guard` keeps it running as long as the session.
pub struct DemoServer {
    pub base_url: String,
    pub key: String,
    pub guard: Box<dyn Send + Sync>,
}

/// A session ended because its key stopped working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    /// The account's name, for saying which one.
    pub name: String,
    /// Whether another account is still signed in (the window stays in the inbox).
    pub others_remain: bool,
}

struct Session {
    id: SessionId,
    inbox: Arc<Inbox>,
    info: AccountInfo,
    /// Whose snippets this account uses (see [`Accounts::owner`]).
    owner: String,
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

/// How a key about to open a session is kept, and under which account.
struct Opening {
    account: AccountId,
    name: String,
    environment: KeyEnvironment,
    keeping: KeyKeeping,
    demo: Option<Box<dyn Send + Sync>>,
    first_sync: FirstSync,
}

/// The configured server, the app's data directory, the key store, and the open sessions.
pub struct Accounts {
    base_url: String,
    data_dir: PathBuf,
    sync: SyncSettings,
    keys: Arc<dyn KeyStore>,
    list: AccountList,
    sessions: Mutex<Vec<Session>>,
    next_id: AtomicU64,
}

impl Accounts {
    pub fn new(
        base_url: String,
        data_dir: PathBuf,
        sync: SyncSettings,
        keys: Arc<dyn KeyStore>,
    ) -> Accounts {
        Accounts {
            list: AccountList::open(data_dir.join("accounts.json")),
            base_url,
            data_dir,
            sync,
            keys,
            sessions: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(1),
        }
    }

    /// The accounts as the UI sees them; signed out (with `problem`) when there is none.
    pub fn info(&self, problem: Option<String>) -> SessionInfo {
        let accounts: Vec<AccountInfo> = self
            .sessions
            .lock()
            .iter()
            .map(|session| session.info.clone())
            .collect();
        SessionInfo {
            signed_in: !accounts.is_empty(),
            base_url: self.base_url.clone(),
            problem: if accounts.is_empty() { problem } else { None },
            accounts,
        }
    }

    /// Every open account's inbox, in sign-in order.
    pub fn inboxes(&self) -> Vec<(AccountId, Arc<Inbox>)> {
        self.sessions
            .lock()
            .iter()
            .map(|session| (session.info.id.clone(), session.inbox.clone()))
            .collect()
    }

    pub fn inbox(&self, account: &AccountId) -> Result<Arc<Inbox>, AccountError> {
        let sessions = self.sessions.lock();
        if sessions.is_empty() {
            return Err(AccountError::SignedOut);
        }
        sessions
            .iter()
            .find(|session| &session.info.id == account)
            .map(|session| session.inbox.clone())
            .ok_or(AccountError::UnknownAccount)
    }

    /// The inbox a qualified id belongs to, and the server's id in it.
    pub fn resolve<'a>(&self, qualified: &'a str) -> Result<(Arc<Inbox>, &'a str), AccountError> {
        let (account, id) = qualified::split(qualified).ok_or(AccountError::UnknownAccount)?;
        Ok((self.inbox(&account)?, id))
    }

    /// Conversations with customer messages not opened yet, in all accounts; 0 when signed out.
    pub fn unread_count(&self) -> usize {
        self.sessions
            .lock()
            .iter()
            .map(|session| session.inbox.unread_count())
            .sum()
    }

    /// Asks every sync engine to read the attention items at once (the user handled one).
    pub fn refresh_attention(&self) {
        for session in self.sessions.lock().iter() {
            session.engine.refresh_attention();
        }
    }

    /// Asks every sync engine for an immediate poll (window focused, network back).
    pub fn poll_now(&self) {
        for session in self.sessions.lock().iter() {
            session.engine.poll_now();
        }
    }

    /// The user opened a conversation: what it had from the customer is read. The file write
    /// runs off the async runtime.
    pub async fn mark_read(&self, qualified: &str) -> Result<(), AccountError> {
        let (inbox, id) = self.resolve(qualified)?;
        let id = id.to_owned();
        Ok(blocking(move || inbox.mark_read(&id)).await??)
    }

    /// Keeps a reply being written, off the async runtime.
    pub async fn save_draft(&self, qualified: &str, text: String) -> Result<(), AccountError> {
        let (inbox, id) = self.resolve(qualified)?;
        let id = id.to_owned();
        Ok(blocking(move || inbox.save_draft(&id, &text)).await??)
    }

    /// Checks a key typed by the user with one cheap call, then keeps it. The first key takes
    /// the first account's place; any other is added beside the accounts already signed in,
    /// under `name` (or one made from what the key sees).
    pub async fn sign_in(
        &self,
        input: &str,
        keeping: KeyKeeping,
        name: Option<&str>,
    ) -> Result<Opened, AccountError> {
        let name = checked_name(name)?;
        let key = ApiKey::parse(input)?;
        if let Some(existing) = self.signed_in_with(&key) {
            return Err(AccountError::AlreadySignedIn(existing));
        }
        // Signing in ends the demo: its made-up customers do not belong beside real ones.
        self.sessions.lock().retain(|session| !session.info.demo);
        let account = self.free_account();
        let client = Client::new(&self.base_url, key.clone())?;
        let state_dir = self.state_dir(&account);
        // What another account kept here before is not this one's news.
        SyncEngine::forget(&state_dir)?;
        let inbox = Inbox::open(client, &state_dir)?;
        inbox.check_key().await.map_err(sign_in_error)?;
        if let Some(other) = self.overlapping(&inbox).await {
            return Err(AccountError::Overlaps(other));
        }
        let position = self.sessions.lock().len() + 1;
        let name = match name {
            Some(name) => name,
            None => default_name(&inbox, position).await,
        };
        let name = self.unique(name);
        let environment = key.environment();
        if keeping == KeyKeeping::Keyring {
            let keys = self.keys.clone();
            let slot = self.slot(&account, &name);
            blocking(move || keys.save(&slot, &key)).await??;
            self.list.add(AccountRecord {
                id: account.clone(),
                name: name.clone(),
            })?;
        }
        let opening = Opening {
            account,
            name,
            environment,
            keeping,
            demo: None,
            first_sync: FirstSync::Await,
        };
        self.open(inbox, opening).await
    }

    /// The keys stored at earlier sign-ins. A key the server now rejects is removed, and the
    /// error says why for the sign-in screen; the other accounts open all the same.
    pub async fn restore(&self) -> Vec<Result<Opened, AccountError>> {
        let mut opened = Vec::new();
        for record in self.list.to_restore() {
            opened.push(self.restore_one(record).await);
        }
        opened
            .into_iter()
            .filter_map(|result| match result {
                Ok(Some(opened)) => Some(Ok(opened)),
                Ok(None) => None,
                Err(error) => Some(Err(error)),
            })
            .collect()
    }

    async fn restore_one(&self, record: AccountRecord) -> Result<Option<Opened>, AccountError> {
        let keys = self.keys.clone();
        let slot = self.slot(&record.id, &record.name);
        let stored = match blocking(move || keys.load(&slot)).await? {
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
        let inbox = Inbox::open(client, &self.state_dir(&record.id))?;
        // Offline at start is fine: the inbox opens and the engine reports the outage.
        if let Err(error @ ApiError::Unauthorized { .. }) = inbox.check_key().await {
            self.forget_key(&record.id, &record.name).await?;
            return Err(error.into());
        }
        let name = if record.name.is_empty() {
            let position = self.sessions.lock().len() + 1;
            let name = default_name(&inbox, position).await;
            self.list.add(AccountRecord {
                id: record.id.clone(),
                name: name.clone(),
            })?;
            name
        } else {
            record.name
        };
        // What was announced before is known: the engine's first poll here is an ordinary one.
        let opening = Opening {
            account: record.id,
            name,
            environment,
            keeping: KeyKeeping::Keyring,
            demo: None,
            first_sync: FirstSync::InBackground,
        };
        Ok(Some(self.open(inbox, opening).await?))
    }

    /// Opens the demo workspace on `server`, from fresh local data each time (yesterday's
    /// drafts and marks would not match its new conversations), instead of any account.
    pub async fn demo(&self, server: DemoServer) -> Result<Opened, AccountError> {
        let key = ApiKey::parse(&server.key)?;
        let environment = key.environment();
        let client = Client::new(&server.base_url, key)?;
        let account = AccountId::demo();
        let state_dir = self.state_dir(&account);
        remove_dir(&state_dir).map_err(AccountError::Local)?;
        let inbox = Inbox::open(client, &state_dir)?;
        self.sessions.lock().clear();
        let opening = Opening {
            account,
            name: "Demo".to_owned(),
            environment,
            keeping: KeyKeeping::UntilQuit,
            demo: Some(server.guard),
            first_sync: FirstSync::Await,
        };
        self.open(inbox, opening).await
    }

    /// Whose snippets an account uses: the demo's own; the first account's are the server's
    /// (as they were before there could be several); any other's are its name's on the server.
    pub fn owner(&self, account: &AccountId) -> Result<String, AccountError> {
        let sessions = self.sessions.lock();
        sessions
            .iter()
            .find(|session| &session.info.id == account)
            .map(|session| session.owner.clone())
            .ok_or(AccountError::UnknownAccount)
    }

    /// Forgets the key and the local drafts and read marks of `account`, or of every account.
    /// Snippets stay ([`crate::Snippets`] keeps them outside these directories): they are the
    /// agent's own work. Whether any account is still signed in.
    pub async fn sign_out(&self, account: Option<&AccountId>) -> Result<bool, AccountError> {
        let leaving: Vec<Session> = {
            let mut sessions = self.sessions.lock();
            let (leaving, staying) = std::mem::take(&mut *sessions)
                .into_iter()
                .partition(|session| account.is_none_or(|account| &session.info.id == account));
            *sessions = staying;
            leaving
        };
        if leaving.is_empty() && account.is_some() {
            return Err(AccountError::UnknownAccount);
        }
        let mut result = Ok(());
        for session in leaving {
            let info = session.info.clone();
            // The engine stops here, and its event stream ends.
            drop(session);
            if !info.demo && !info.key_in_memory {
                self.forget_key(&info.id, &info.name).await?;
            }
            if let Err(error) = remove_dir(&self.state_dir(&info.id)) {
                result = Err(AccountError::DataNotRemoved(error));
            }
        }
        result?;
        Ok(!self.sessions.lock().is_empty())
    }

    /// The server stopped accepting the key of `session`: the key is useless now and leaves the
    /// key store; drafts and marks stay. `None` when that session had ended already.
    pub async fn end(&self, session: SessionId) -> Result<Option<Ended>, AccountError> {
        let (ended, others_remain) = {
            let mut sessions = self.sessions.lock();
            let Some(index) = sessions.iter().position(|open| open.id == session) else {
                return Ok(None);
            };
            let ended = sessions.remove(index);
            (ended, !sessions.is_empty())
        };
        let info = ended.info.clone();
        drop(ended);
        if !info.demo && !info.key_in_memory {
            self.forget_key(&info.id, &info.name).await?;
        }
        Ok(Some(Ended {
            name: info.name,
            others_remain,
        }))
    }

    /// The name of the open account this key is already signed in to.
    fn signed_in_with(&self, key: &ApiKey) -> Option<String> {
        self.sessions
            .lock()
            .iter()
            .find(|session| !session.info.demo && session.inbox.client().uses(key))
            .map(|session| session.info.name.clone())
    }

    /// The open account that sees a workspace `inbox` sees too, if any. A key whose workspaces
    /// cannot be listed cannot be compared, and is let in.
    async fn overlapping(&self, inbox: &Inbox) -> Option<String> {
        let theirs = inbox.workspaces().await.ok()?;
        let others: Vec<(String, Arc<Inbox>)> = self
            .sessions
            .lock()
            .iter()
            .filter(|session| !session.info.demo)
            .map(|session| (session.info.name.clone(), session.inbox.clone()))
            .collect();
        for (name, other) in others {
            let Ok(workspaces) = other.workspaces().await else {
                continue;
            };
            if workspaces
                .iter()
                .any(|seen| theirs.iter().any(|w| w.id == seen.id))
            {
                return Some(name);
            }
        }
        None
    }

    /// The first account's place when nobody holds it, else the lowest number free.
    fn free_account(&self) -> AccountId {
        let sessions = self.sessions.lock();
        let records = self.list.records();
        let taken = |id: &AccountId| {
            sessions.iter().any(|session| &session.info.id == id)
                || records.iter().any(|record| &record.id == id)
        };
        std::iter::once(AccountId::first())
            .chain((2..).map(AccountId::numbered))
            .find(|id| !taken(id))
            .unwrap_or_else(AccountId::first)
    }

    /// Two accounts of one name could not be told apart in the list, nor in the keyring.
    fn unique(&self, name: String) -> String {
        let sessions = self.sessions.lock();
        let records = self.list.records();
        let used = |candidate: &str| {
            sessions
                .iter()
                .any(|session| session.info.name.eq_ignore_ascii_case(candidate))
                || records
                    .iter()
                    .any(|record| record.name.eq_ignore_ascii_case(candidate))
        };
        if !used(&name) {
            return name;
        }
        (2..)
            .map(|n| format!("{name} ({n})"))
            .find(|candidate| !used(candidate))
            .unwrap_or(name)
    }

    fn state_dir(&self, account: &AccountId) -> PathBuf {
        if *account == AccountId::first() {
            // Where the one account kept its drafts before there could be several.
            self.data_dir.join("account")
        } else if *account == AccountId::demo() {
            self.data_dir.join("demo")
        } else {
            self.data_dir.join("accounts").join(account.as_str())
        }
    }

    fn slot(&self, account: &AccountId, name: &str) -> KeySlot {
        KeySlot {
            base_url: self.base_url.clone(),
            name: (*account != AccountId::first()).then(|| name.to_owned()),
        }
    }

    async fn open(&self, inbox: Inbox, opening: Opening) -> Result<Opened, AccountError> {
        let (engine, events) = inbox.start_sync(self.sync)?;
        // The inbox lists after the engine's first sync has, so whatever arrives from then on
        // is either in the list or news; an outage only delays the window, not forever. The
        // scope probes run meanwhile.
        let first_poll = async {
            if opening.first_sync == FirstSync::Await {
                engine.wait_for_polls(1, FIRST_SYNC_WAIT).await;
            }
        };
        let (missing_scopes, ()) = tokio::join!(inbox.missing_scopes(), first_poll);
        let can_write = Some(
            !missing_scopes
                .iter()
                .any(|missing| missing.scope == "conversations:write"),
        );
        let demo = opening.demo.is_some();
        let owner = if demo {
            "demo".to_owned()
        } else if opening.account == AccountId::first() {
            self.base_url.clone()
        } else {
            format!("{}#{}", self.base_url, opening.name)
        };
        let info = AccountInfo {
            id: opening.account.clone(),
            name: opening.name,
            environment: opening.environment,
            demo,
            can_write,
            missing_scopes,
            key_in_memory: opening.keeping == KeyKeeping::UntilQuit && !demo,
        };
        let session = SessionId(self.next_id.fetch_add(1, Ordering::Relaxed));
        let mut sessions = self.sessions.lock();
        // A restore racing a sign-in of the same account: the later one stands.
        sessions.retain(|open| open.info.id != opening.account);
        sessions.push(Session {
            id: session,
            inbox: Arc::new(inbox),
            info,
            owner,
            engine,
            _demo: opening.demo,
        });
        Ok(Opened {
            account: opening.account,
            session,
            events,
        })
    }

    /// Deletes the stored key of this account only, and its place in the list.
    async fn forget_key(&self, account: &AccountId, name: &str) -> Result<(), AccountError> {
        let keys = self.keys.clone();
        let slot = self.slot(account, name);
        blocking(move || keys.delete(&slot)).await??;
        self.list.remove(account)?;
        Ok(())
    }
}

/// A name the user typed: trimmed, one line, short; blank means "make one up".
fn checked_name(name: Option<&str>) -> Result<Option<String>, AccountError> {
    let Some(name) = name.map(str::trim).filter(|name| !name.is_empty()) else {
        return Ok(None);
    };
    if name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err(AccountError::InvalidName);
    }
    Ok(Some(name.to_owned()))
}

/// A key restricted to one workspace (a brand) is best called by that workspace's name;
/// otherwise the account's place in the list names it.
async fn default_name(inbox: &Inbox, position: usize) -> String {
    match inbox.workspaces().await {
        Ok(workspaces) if workspaces.len() == 1 => workspaces[0].name.trim().to_owned(),
        _ => format!("Account {position}"),
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
