//! The app's shared state: the account, the notification preferences, and which conversation
//! the window shows. Commands act on it; it never reaches into the tray or notifications
//! itself, except to keep the tray's count and the window's session in step.

use std::sync::Arc;

use parking_lot::Mutex;

use ohallo_inbox::{
    Account, AttentionSummary, Inbox, KeyKeeping, Language, LocalError, NotificationPreferences,
    Opened, Preferences, SessionId, SessionInfo,
};
use tauri::AppHandle;
use tokio::sync::OnceCell;

use crate::ui_error::{ShellError, UiError};
use crate::ui_events::{emit, SessionEnded, UiEvent};
use crate::{demo, launcher, locale, tray, window};

/// Where a new session's events go (the bridge); given by `lib.rs`, so this module does not
/// depend on the one that depends on it.
pub type Route = fn(&AppHandle, Opened);

pub struct AppState {
    app: AppHandle,
    account: Account,
    route: Route,
    preferences: Preferences,
    open_conversation: Mutex<Option<String>>,
    /// The open attention items of the current session, as the engine last read them.
    attention: Mutex<AttentionSummary>,
    /// The window's language, for the texts made here: the system's until the window says.
    language: Mutex<Language>,
    /// Restoring the stored key happens once, at start; the first status query waits for it.
    restored: OnceCell<Option<String>>,
}

impl AppState {
    pub fn new(
        app: AppHandle,
        account: Account,
        route: Route,
        preferences: Preferences,
    ) -> AppState {
        AppState {
            app,
            account,
            route,
            preferences,
            open_conversation: Mutex::new(None),
            attention: Mutex::default(),
            language: Mutex::new(Language::first_spoken(&locale::system_languages())),
            restored: OnceCell::new(),
        }
    }

    /// Brings back the session of an earlier sign-in; returns why not, when it failed.
    pub async fn restore(&self) -> Option<String> {
        self.restored
            .get_or_init(|| async {
                match self.account.restore().await {
                    Ok(Some(opened)) => {
                        self.opened(opened);
                        None
                    }
                    Ok(None) => None,
                    Err(error) => Some(UiError::from(error).message().to_string()),
                }
            })
            .await
            .clone()
    }

    pub async fn status(&self) -> SessionInfo {
        let problem = self.restore().await;
        self.account.info(problem)
    }

    pub async fn sign_in(&self, key: &str, keeping: KeyKeeping) -> Result<SessionInfo, UiError> {
        self.restore().await;
        let opened = self.account.sign_in(key, keeping).await?;
        Ok(self.opened(opened))
    }

    pub async fn start_demo(&self) -> Result<SessionInfo, UiError> {
        self.restore().await;
        let server = demo::start().await?;
        let opened = self.account.demo(server).await?;
        Ok(self.opened(opened))
    }

    fn opened(&self, opened: Opened) -> SessionInfo {
        let info = opened.info.clone();
        (self.route)(&self.app, opened);
        self.set_attention(AttentionSummary::default());
        info
    }

    /// The server stopped accepting the key of `session` while the app ran: back to sign-in
    /// with the reason. A session already replaced by another sign-in is left alone.
    pub async fn end_session(&self, session: SessionId, reason: String) {
        match self.account.end(session).await {
            Ok(false) => return,
            Ok(true) => {}
            Err(error) => {
                tracing::warn!(
                    error = UiError::from(error).message(),
                    "could not remove the rejected key"
                );
            }
        }
        *self.open_conversation.lock() = None;
        self.set_attention(AttentionSummary::default());
        emit(&self.app, UiEvent::SessionEnded(SessionEnded { reason }));
        // No notification can come any more: the user must see why, even from the tray.
        window::bring_forward(&self.app);
    }

    pub async fn sign_out(&self) -> Result<(), UiError> {
        *self.open_conversation.lock() = None;
        let result = self.account.sign_out().await;
        self.set_attention(AttentionSummary::default());
        Ok(result?)
    }

    pub fn inbox(&self) -> Result<Arc<Inbox>, UiError> {
        Ok(self.account.inbox()?)
    }

    /// Whose snippets the window edits and inserts: the signed-in account's.
    pub fn snippet_owner(&self) -> Result<String, UiError> {
        Ok(self.account.owner()?)
    }

    pub async fn mark_read(&self, conversation_id: &str) -> Result<(), UiError> {
        self.account.mark_read(conversation_id).await?;
        self.refresh_counts();
        Ok(())
    }

    pub async fn save_draft(&self, conversation_id: &str, text: String) -> Result<(), UiError> {
        Ok(self.account.save_draft(conversation_id, text).await?)
    }

    /// Asks the sync engine for an immediate poll (window focused, network back).
    pub fn poll_now(&self) {
        self.account.poll_now();
    }

    /// Asks the sync engine to read the attention items at its next poll, which starts now.
    pub fn refresh_attention(&self) {
        self.account.refresh_attention();
    }

    pub fn attention(&self) -> AttentionSummary {
        self.attention.lock().clone()
    }

    /// The engine read the open attention items: the tray, the window's title and the window
    /// follow.
    pub fn set_attention(&self, summary: AttentionSummary) {
        *self.attention.lock() = summary.clone();
        self.refresh_counts();
        emit(&self.app, UiEvent::AttentionChanged(summary));
    }

    pub fn preferences(&self) -> &Preferences {
        &self.preferences
    }

    pub fn set_paused(&self, paused: bool) -> Result<NotificationPreferences, UiError> {
        self.update_preferences(|preferences| preferences.set_paused(paused))
    }

    /// Saves a change of the notification preferences; the tray and the window follow.
    pub fn update_preferences(
        &self,
        change: impl FnOnce(&Preferences) -> Result<NotificationPreferences, LocalError>,
    ) -> Result<NotificationPreferences, UiError> {
        let preferences = change(&self.preferences).map_err(|error| {
            tracing::warn!(?error, "could not save a notification setting");
            ShellError::SettingNotSaved
        })?;
        self.preferences_changed(&preferences);
        Ok(preferences)
    }

    /// The pause switch from the tray, where there is nobody to show an error to but the log.
    pub fn toggle_paused(&self) {
        let paused = !self.preferences.get().paused;
        if let Err(error) = self.set_paused(paused) {
            tracing::warn!(error = error.message(), "the tray's pause switch failed");
        }
    }

    fn preferences_changed(&self, preferences: &NotificationPreferences) {
        self.refresh_counts();
        emit(&self.app, UiEvent::PreferencesChanged(preferences.paused));
    }

    pub fn open_conversation(&self) -> Option<String> {
        self.open_conversation.lock().clone()
    }

    pub fn set_open_conversation(&self, conversation_id: Option<String>) {
        *self.open_conversation.lock() = conversation_id;
    }

    pub fn language(&self) -> Language {
        *self.language.lock()
    }

    /// The window chose its language: the tray, the title and notifications follow.
    pub fn set_language(&self, language: Language) {
        *self.language.lock() = language;
        tray::set_language(&self.app, language);
        self.refresh_counts();
    }

    /// The tray, the window's title and the launcher icon: each counts what the list marks.
    pub fn refresh_counts(&self) {
        let unread = self.account.unread_count();
        let open_attention = self.attention.lock().open;
        let language = self.language();
        tray::refresh(
            &self.app,
            unread,
            open_attention,
            self.preferences.get().paused,
            language,
        );
        window::show_counts(&self.app, unread, open_attention, language);
        launcher::show_unread(unread);
    }
}
