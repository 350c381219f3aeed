use std::sync::Arc;

use ohallo_inbox::{Inbox, WatchEvent};
use serde_json::json;
use tauri::{AppHandle, Emitter};
use tokio::sync::{Mutex, OnceCell};

use crate::session::{Session, SessionFactory, SessionInfo};
use crate::ui_error::UiError;

/// The app's one piece of shared state: the current session, if any.
pub struct AppState {
    app: AppHandle,
    factory: SessionFactory,
    session: Mutex<Option<Session>>,
    /// Restoring the stored key happens once, at start; the first status query waits for it.
    restored: OnceCell<Option<String>>,
}

impl AppState {
    pub fn new(app: AppHandle, factory: SessionFactory) -> AppState {
        AppState {
            app,
            factory,
            session: Mutex::new(None),
            restored: OnceCell::new(),
        }
    }

    /// Brings back the session of an earlier sign-in; returns why not, when it failed.
    pub async fn restore(&self) -> Option<String> {
        self.restored
            .get_or_init(|| async {
                match self.factory.restore(self.watch_events()).await {
                    Ok(Some(session)) => {
                        *self.session.lock().await = Some(session);
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
        match self.session.lock().await.as_ref() {
            Some(session) => session.info.clone(),
            None => self.factory.signed_out(problem),
        }
    }

    pub async fn sign_in(&self, key: &str) -> Result<SessionInfo, UiError> {
        self.restore().await;
        let session = self.factory.sign_in(key, self.watch_events()).await?;
        Ok(self.replace(session).await)
    }

    pub async fn start_demo(&self) -> Result<SessionInfo, UiError> {
        self.restore().await;
        let session = self.factory.demo(self.watch_events()).await?;
        Ok(self.replace(session).await)
    }

    async fn replace(&self, session: Session) -> SessionInfo {
        let info = session.info.clone();
        *self.session.lock().await = Some(session);
        info
    }

    pub async fn sign_out(&self) -> Result<(), UiError> {
        let session = self.session.lock().await.take();
        self.factory.sign_out(session).await
    }

    pub async fn inbox(&self) -> Option<Arc<Inbox>> {
        self.session
            .lock()
            .await
            .as_ref()
            .map(|session| session.inbox.clone())
    }

    /// Asks the watcher for an immediate poll (window focused, network back).
    pub async fn poll_now(&self) {
        if let Some(session) = self.session.lock().await.as_ref() {
            session.watcher.poll_now();
        }
    }

    /// The watcher runs in Rust whether or not the window is shown; the UI hears of it by events.
    fn watch_events(&self) -> impl Fn(WatchEvent) + Send + Sync + 'static {
        let app = self.app.clone();
        move |event| {
            let sent = match event {
                WatchEvent::Changed(change) => app.emit("inbox-changed", change),
                WatchEvent::Online => app.emit("connection-changed", json!({ "online": true })),
                WatchEvent::Offline { reason } => app.emit(
                    "connection-changed",
                    json!({ "online": false, "reason": reason }),
                ),
            };
            if let Err(error) = sent {
                tracing::warn!(%error, "could not tell the window about inbox changes");
            }
        }
    }
}
