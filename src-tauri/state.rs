use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ohallo_inbox::{Inbox, NotificationPreferences, Preferences, SyncEvent};
use serde_json::json;
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::OnceCell;

use crate::session::{Session, SessionFactory, SessionInfo};
use crate::ui_error::UiError;
use crate::{notify, tray, window};

/// The app's shared state: the current session, the notification preferences, and which
/// conversation the window shows.
pub struct AppState {
    app: AppHandle,
    factory: SessionFactory,
    session: Mutex<Option<Session>>,
    preferences: Preferences,
    open_conversation: Mutex<Option<String>>,
    /// Restoring the stored key happens once, at start; the first status query waits for it.
    restored: OnceCell<Option<String>>,
}

/// Nothing here is left half-updated by a panic: each change is one assignment.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl AppState {
    pub fn new(app: AppHandle, factory: SessionFactory, preferences: Preferences) -> AppState {
        AppState {
            app,
            factory,
            session: Mutex::new(None),
            preferences,
            open_conversation: Mutex::new(None),
            restored: OnceCell::new(),
        }
    }

    /// Brings back the session of an earlier sign-in; returns why not, when it failed.
    pub async fn restore(&self) -> Option<String> {
        self.restored
            .get_or_init(|| async {
                match self.factory.restore(self.sync_events()).await {
                    Ok(Some(session)) => {
                        self.replace(session);
                        None
                    }
                    Ok(None) => None,
                    Err(error) => Some(error.message().to_string()),
                }
            })
            .await
            .clone()
    }

    pub async fn status(&self) -> SessionInfo {
        let problem = self.restore().await;
        match lock(&self.session).as_ref() {
            Some(session) => session.info.clone(),
            None => self.factory.signed_out(problem),
        }
    }

    pub async fn sign_in(&self, key: &str) -> Result<SessionInfo, UiError> {
        self.restore().await;
        let session = self.factory.sign_in(key, self.sync_events()).await?;
        Ok(self.replace(session))
    }

    pub async fn start_demo(&self) -> Result<SessionInfo, UiError> {
        self.restore().await;
        let session = self.factory.demo(self.sync_events()).await?;
        Ok(self.replace(session))
    }

    fn replace(&self, session: Session) -> SessionInfo {
        let info = session.info.clone();
        *lock(&self.session) = Some(session);
        self.refresh_tray();
        info
    }

    /// The server stopped accepting the key while the app ran: back to sign-in with the reason.
    /// The key is useless now and leaves the keyring; drafts and marks stay.
    pub async fn end_session(&self, reason: String) {
        let session = lock(&self.session).take();
        *lock(&self.open_conversation) = None;
        if let Err(error) = self.factory.forget_key(session).await {
            tracing::warn!(error = error.message(), "could not remove the rejected key");
        }
        self.refresh_tray();
        if let Err(error) = self.app.emit("session-ended", json!({ "reason": reason })) {
            tracing::warn!(%error, "could not tell the window the session ended");
        }
        // No notification can come any more: the user must see why, even from the tray.
        window::bring_forward(&self.app);
    }

    pub async fn sign_out(&self) -> Result<(), UiError> {
        let session = lock(&self.session).take();
        *lock(&self.open_conversation) = None;
        let result = self.factory.sign_out(session).await;
        self.refresh_tray();
        result
    }

    pub fn inbox(&self) -> Option<Arc<Inbox>> {
        lock(&self.session)
            .as_ref()
            .map(|session| session.inbox.clone())
    }

    /// Asks the sync engine for an immediate poll (window focused, network back).
    pub fn poll_now(&self) {
        if let Some(session) = lock(&self.session).as_ref() {
            session.engine.poll_now();
        }
    }

    pub fn preferences(&self) -> &Preferences {
        &self.preferences
    }

    pub fn set_paused(&self, paused: bool) -> Option<NotificationPreferences> {
        match self.preferences.set_paused(paused) {
            Ok(preferences) => {
                self.preferences_changed(&preferences);
                Some(preferences)
            }
            Err(error) => {
                tracing::warn!(%error, "could not save the pause switch");
                None
            }
        }
    }

    pub fn preferences_changed(&self, preferences: &NotificationPreferences) {
        self.refresh_tray();
        if let Err(error) = self.app.emit("preferences-changed", preferences.paused) {
            tracing::warn!(%error, "could not tell the window about preferences");
        }
    }

    pub fn open_conversation(&self) -> Option<String> {
        lock(&self.open_conversation).clone()
    }

    pub fn set_open_conversation(&self, conversation_id: Option<String>) {
        *lock(&self.open_conversation) = conversation_id;
    }

    pub fn refresh_tray(&self) {
        let unread = self.inbox().map_or(0, |inbox| inbox.unread_count());
        tray::refresh(&self.app, unread, self.preferences.get().paused);
    }

    /// The engine runs in Rust whether or not the window is shown; the UI hears of it by events.
    fn sync_events(&self) -> impl Fn(SyncEvent) + Send + Sync + 'static {
        let app = self.app.clone();
        move |event| {
            let sent = match event {
                SyncEvent::Changed(change) => {
                    app.state::<AppState>().refresh_tray();
                    app.emit("inbox-changed", change)
                }
                SyncEvent::Announce(batch) => {
                    notify::announce(&app, batch);
                    Ok(())
                }
                SyncEvent::Online => app.emit("connection-changed", json!({ "online": true })),
                SyncEvent::Offline { reason } => app.emit(
                    "connection-changed",
                    json!({ "online": false, "reason": reason }),
                ),
                SyncEvent::KeyRejected { reason } => {
                    // Not on the engine's own task: ending the session stops that task.
                    let app = app.clone();
                    tauri::async_runtime::spawn(async move {
                        app.state::<AppState>().end_session(reason).await;
                    });
                    Ok(())
                }
            };
            if let Err(error) = sent {
                tracing::warn!(%error, "could not tell the window about inbox changes");
            }
        }
    }
}
