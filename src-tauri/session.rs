//! Signing in, restoring the stored key at start, the demo workspace, signing out.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use ohallo_core::{ApiError, ApiKey, Client, KeyEnvironment};
use ohallo_inbox::{Inbox, MissingScope, SyncEngine, SyncEvent, SyncSettings};
use ohallo_sandbox::Sandbox;
use serde::Serialize;

use crate::key_store;
use crate::ui_error::UiError;

/// The most sign-in waits for the first sync before showing the inbox anyway.
const FIRST_SYNC_WAIT: Duration = Duration::from_secs(5);

/// Whether the inbox waits for the engine's first sync: after a sign-in it must (that sync
/// decides what is history), after a restart the engine already knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FirstSync {
    Await,
    InBackground,
}

/// What the UI may know about the session. Deliberately without the key.
#[derive(Debug, Clone, Serialize)]
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
}

pub struct Session {
    pub inbox: Arc<Inbox>,
    pub info: SessionInfo,
    pub engine: SyncEngine,
    /// The in-process sandbox behind the demo workspace; it stops with the session.
    _demo: Option<Sandbox>,
}

/// Where sessions come from: the configured server and the app's data directory.
pub struct SessionFactory {
    pub base_url: String,
    pub data_dir: PathBuf,
    pub poll_interval: Duration,
}

impl SessionFactory {
    pub fn signed_out(&self, problem: Option<String>) -> SessionInfo {
        SessionInfo {
            signed_in: false,
            environment: None,
            demo: false,
            base_url: self.base_url.clone(),
            can_write: None,
            missing_scopes: Vec::new(),
            problem,
        }
    }

    /// Checks a key typed by the user with one cheap call, then keeps it in the keyring.
    pub async fn sign_in(
        &self,
        input: &str,
        on_watch: impl Fn(SyncEvent) + Send + Sync + 'static,
    ) -> Result<Session, UiError> {
        let key = ApiKey::parse(input)?;
        let client = Client::new(&self.base_url, key.clone())?;
        let state_dir = self.account_dir(false);
        // A sign-in may be another account: what the last one had seen is not this one's news.
        SyncEngine::forget(&state_dir)?;
        let inbox = Inbox::open(client, &state_dir)?;
        inbox.check_key().await.map_err(sign_in_error)?;
        let environment = key.environment();
        let base_url = self.base_url.clone();
        run_blocking(move || key_store::save(&base_url, &key)).await??;
        self.open(inbox, environment, None, FirstSync::Await, on_watch)
            .await
    }

    /// The key stored at an earlier sign-in, if any. A key the server now rejects is removed,
    /// and the reason returned for the sign-in screen.
    pub async fn restore(
        &self,
        on_watch: impl Fn(SyncEvent) + Send + Sync + 'static,
    ) -> Result<Option<Session>, UiError> {
        let base_url = self.base_url.clone();
        let Some(key) = run_blocking(move || key_store::load(&base_url)).await?? else {
            return Ok(None);
        };
        let environment = key.environment();
        let client = Client::new(&self.base_url, key)?;
        let inbox = Inbox::open(client, &self.account_dir(false))?;
        // Offline at start is fine: the inbox opens and the watcher reports the outage.
        if let Err(error @ ApiError::Unauthorized { .. }) = inbox.check_key().await {
            self.delete_key().await?;
            return Err(error.into());
        }
        // What was announced before is known: the engine's first poll here is an ordinary one.
        self.open(inbox, environment, None, FirstSync::InBackground, on_watch)
            .await
            .map(Some)
    }

    /// Starts the sandbox in-process with simulated customers: the whole app, no account needed.
    pub async fn demo(
        &self,
        on_watch: impl Fn(SyncEvent) + Send + Sync + 'static,
    ) -> Result<Session, UiError> {
        let config = ohallo_sandbox::Config {
            simulate_every: Some(Duration::from_secs(40)),
            // Unauthenticated, and any local user or web page could reach it; the simulation
            // needs none of it.
            control_api: false,
            ..Default::default()
        };
        let sandbox = Sandbox::start(([127, 0, 0, 1], 0).into(), config)
            .await
            .map_err(|e| {
                UiError::new("demo", format!("The demo workspace could not start: {e}"))
            })?;
        let key = ApiKey::parse(sandbox.key())?;
        let environment = key.environment();
        let client = Client::new(&sandbox.base_url(), key)?;
        let state = self.data_dir.join("demo");
        // Each demo starts from fresh data, so yesterday's drafts and marks would not match.
        if state.exists() {
            std::fs::remove_dir_all(&state).map_err(|e| {
                UiError::new(
                    "localStorage",
                    format!("Could not reset the demo data: {e}"),
                )
            })?;
        }
        let base_url = sandbox.base_url();
        let inbox = Inbox::open(client, &state)?;
        let mut session = self
            .open(
                inbox,
                environment,
                Some(sandbox),
                FirstSync::Await,
                on_watch,
            )
            .await?;
        session.info.base_url = base_url;
        Ok(session)
    }

    async fn open(
        &self,
        inbox: Inbox,
        environment: KeyEnvironment,
        sandbox: Option<Sandbox>,
        first_sync: FirstSync,
        on_watch: impl Fn(SyncEvent) + Send + Sync + 'static,
    ) -> Result<Session, UiError> {
        let demo = sandbox.is_some();
        let settings = SyncSettings {
            interval: self.poll_interval,
        };
        let engine = inbox.start_sync(settings, on_watch)?;
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
            demo,
            base_url: self.base_url.clone(),
            can_write,
            missing_scopes,
            problem: None,
        };
        Ok(Session {
            inbox: Arc::new(inbox),
            info,
            engine,
            _demo: sandbox,
        })
    }

    fn account_dir(&self, demo: bool) -> PathBuf {
        self.data_dir.join(if demo { "demo" } else { "account" })
    }

    /// Forgets a key the server rejected; a demo has none to forget.
    pub async fn forget_key(&self, session: Option<Session>) -> Result<(), UiError> {
        let demo = session.as_ref().is_some_and(|s| s.info.demo);
        drop(session);
        if !demo {
            self.delete_key().await?;
        }
        Ok(())
    }

    /// Forgets the key and this account's local drafts and read marks.
    pub async fn sign_out(&self, session: Option<Session>) -> Result<(), UiError> {
        let demo = session.as_ref().is_some_and(|s| s.info.demo);
        drop(session);
        if !demo {
            self.delete_key().await?;
        }
        remove_dir(&self.account_dir(demo))
    }
}

fn remove_dir(dir: &Path) -> Result<(), UiError> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(UiError::new(
            "localStorage",
            format!("Signed out, but local data could not be removed: {e}"),
        )),
    }
}

impl SessionFactory {
    /// Deletes the key stored for this server only.
    async fn delete_key(&self) -> Result<(), UiError> {
        let base_url = self.base_url.clone();
        run_blocking(move || key_store::delete(&base_url)).await??;
        Ok(())
    }
}

/// Sign-in has its own wording: the user is deciding whether this key works.
fn sign_in_error(error: ApiError) -> UiError {
    match &error {
        ApiError::Unauthorized { .. } => UiError::new(
            "unauthorized",
            "This API key was not accepted: it is invalid, expired or revoked.",
        ),
        ApiError::Network(_) | ApiError::Timeout => UiError::new(
            error.kind(),
            "The oHallo server cannot be reached. Check your connection and try again.",
        ),
        _ => error.into(),
    }
}

/// The keyring talks D-Bus synchronously; keep it off the async runtime's workers.
async fn run_blocking<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, UiError> {
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| UiError::new("internal", format!("A background task failed: {e}")))
}
