//! The app's shared state: the accounts, the notification preferences, and which conversation
//! the window shows. Commands act on it; it never reaches into the tray or notifications
//! itself, except to keep the tray's count and the window's session in step.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use parking_lot::Mutex;

use ohallo_inbox::{
    AccountId, Accounts, AttentionSummary, Inbox, KeyKeeping, Language, LocalError,
    NotificationPreferences, Opened, Preferences, SessionId, SessionInfo,
};
use tauri::AppHandle;
use tokio::sync::OnceCell;

use crate::ui_error::{ShellError, UiError};
use crate::ui_events::{emit, AccountEnded, ConnectionState, SessionEnded, UiEvent};
use crate::{demo, launcher, locale, tray, window};

/// Where a new session's events go (the bridge); given by `lib.rs`, so this module does not
/// depend on the one that depends on it.
pub type Route = fn(&AppHandle, Opened);

pub struct AppState {
    app: AppHandle,
    accounts: Accounts,
    route: Route,
    preferences: Preferences,
    /// The conversation each window shows, by window label (the inbox and conversation
    /// windows), qualified as the windows name it.
    open_conversations: Mutex<HashMap<String, String>>,
    /// The open attention items of each account, as its engine last read them.
    attention: Mutex<BTreeMap<AccountId, AttentionSummary>>,
    /// Why each account that cannot reach the server cannot.
    offline: Mutex<BTreeMap<AccountId, String>>,
    /// The window's language, for the texts made here: the system's until the window says.
    language: Mutex<Language>,
    /// Restoring the stored key happens once, at start; the first status query waits for it.
    restored: OnceCell<Option<String>>,
}

impl AppState {
    pub fn new(
        app: AppHandle,
        accounts: Accounts,
        route: Route,
        preferences: Preferences,
    ) -> AppState {
        AppState {
            app,
            accounts,
            route,
            preferences,
            open_conversations: Mutex::default(),
            attention: Mutex::default(),
            offline: Mutex::default(),
            language: Mutex::new(Language::first_spoken(&locale::system_languages())),
            restored: OnceCell::new(),
        }
    }

    /// Brings back the accounts of earlier sign-ins; returns why one could not be, if any.
    pub async fn restore(&self) -> Option<String> {
        self.restored
            .get_or_init(|| async {
                let mut problem = None;
                for restored in self.accounts.restore().await {
                    match restored {
                        Ok(opened) => self.opened(opened),
                        Err(error) => {
                            problem.get_or_insert(UiError::from(error).message().to_string());
                        }
                    }
                }
                problem
            })
            .await
            .clone()
    }

    pub async fn status(&self) -> SessionInfo {
        let problem = self.restore().await;
        self.accounts.info(problem)
    }

    /// Signs in with `key`: the first account, or one more beside those signed in.
    pub async fn sign_in(
        &self,
        key: &str,
        keeping: KeyKeeping,
        name: Option<&str>,
    ) -> Result<SessionInfo, UiError> {
        self.restore().await;
        // Leaving the demo: its counts were made-up customers'.
        self.attention.lock().remove(&AccountId::demo());
        let opened = self.accounts.sign_in(key, keeping, name).await?;
        self.opened(opened);
        Ok(self.accounts.info(None))
    }

    pub async fn start_demo(&self) -> Result<SessionInfo, UiError> {
        self.restore().await;
        let server = demo::start().await?;
        let opened = self.accounts.demo(server).await?;
        self.attention.lock().clear();
        self.opened(opened);
        Ok(self.accounts.info(None))
    }

    fn opened(&self, opened: Opened) {
        let account = opened.account.clone();
        (self.route)(&self.app, opened);
        self.set_attention(&account, AttentionSummary::default());
    }

    /// The server stopped accepting the key of `session`. With no other account left, back to
    /// sign-in with the reason; otherwise the inbox stays and says which account left. A
    /// session already replaced by another sign-in is left alone.
    pub async fn end_session(&self, session: SessionId, account: &AccountId, reason: String) {
        let ended = match self.accounts.end(session).await {
            Ok(None) => return,
            Ok(Some(ended)) => ended,
            Err(error) => {
                tracing::warn!(
                    error = UiError::from(error).message(),
                    "could not remove the rejected key"
                );
                return;
            }
        };
        self.forget_account(Some(account));
        if ended.others_remain {
            emit(
                &self.app,
                UiEvent::AccountEnded(AccountEnded {
                    name: ended.name,
                    reason,
                    session: self.accounts.info(None),
                }),
            );
        } else {
            emit(&self.app, UiEvent::SessionEnded(SessionEnded { reason }));
        }
        // No notification can come from it any more: the user must see why, even from the
        // tray.
        window::bring_forward(&self.app);
    }

    /// Signs out of `account`, or of every account; answers what is still signed in.
    pub async fn sign_out(&self, account: Option<&AccountId>) -> Result<SessionInfo, UiError> {
        let result = self.accounts.sign_out(account).await;
        self.forget_account(account);
        result?;
        Ok(self.accounts.info(None))
    }

    /// What the app held for an account (or all) that left: its open conversation, its
    /// attention items.
    fn forget_account(&self, account: Option<&AccountId>) {
        self.open_conversations.lock().retain(|_, id| {
            account.is_some_and(|account| {
                ohallo_inbox::split_qualified(id).is_none_or(|(owner, _)| &owner != account)
            })
        });
        match account {
            Some(account) => {
                self.attention.lock().remove(account);
                self.offline.lock().remove(account);
            }
            None => {
                self.attention.lock().clear();
                self.offline.lock().clear();
            }
        }
        self.attention_changed();
        self.connection_changed();
    }

    /// An account's engine reached the server again (`None`) or could not, and why. The window
    /// shows one banner: offline while any account is.
    pub fn set_offline(&self, account: &AccountId, reason: Option<String>) {
        match reason {
            Some(reason) => self.offline.lock().insert(account.clone(), reason),
            None => self.offline.lock().remove(account),
        };
        self.connection_changed();
    }

    fn connection_changed(&self) {
        let reason = self.offline.lock().values().next().cloned();
        let state = match reason {
            Some(reason) => ConnectionState::offline(reason),
            None => ConnectionState::online(),
        };
        emit(&self.app, UiEvent::ConnectionChanged(state));
    }

    /// The inbox a qualified id belongs to, and the server's id in it.
    pub fn resolve<'a>(&self, qualified: &'a str) -> Result<(Arc<Inbox>, &'a str), UiError> {
        Ok(self.accounts.resolve(qualified)?)
    }

    /// Every open account's inbox, for what spans them all (the list, the workspaces).
    pub fn inboxes(&self) -> Vec<(AccountId, Arc<Inbox>)> {
        self.accounts.inboxes()
    }

    /// Whose snippets the window edits and inserts for `account`.
    pub fn snippet_owner(&self, account: &AccountId) -> Result<String, UiError> {
        Ok(self.accounts.owner(account)?)
    }

    pub async fn mark_read(&self, conversation_id: &str) -> Result<(), UiError> {
        self.accounts.mark_read(conversation_id).await?;
        self.refresh_counts();
        Ok(())
    }

    pub async fn save_draft(&self, conversation_id: &str, text: String) -> Result<(), UiError> {
        Ok(self.accounts.save_draft(conversation_id, text).await?)
    }

    /// Asks the sync engines for an immediate poll (window focused, network back).
    pub fn poll_now(&self) {
        self.accounts.poll_now();
    }

    /// Asks the sync engines to read the attention items at their next poll, which starts now.
    pub fn refresh_attention(&self) {
        self.accounts.refresh_attention();
    }

    /// Every account's open attention items as one summary, with qualified ids.
    pub fn attention(&self) -> AttentionSummary {
        let attention = self.attention.lock();
        let mut all = AttentionSummary::default();
        for summary in attention.values() {
            all.open += summary.open;
            all.conversation_ids
                .extend(summary.conversation_ids.iter().cloned());
        }
        all.conversation_ids.sort();
        all
    }

    /// An engine read its account's open attention items (ids qualified): the tray, the
    /// window's title and the window follow.
    pub fn set_attention(&self, account: &AccountId, summary: AttentionSummary) {
        self.attention.lock().insert(account.clone(), summary);
        self.attention_changed();
    }

    fn attention_changed(&self) {
        self.refresh_counts();
        emit(&self.app, UiEvent::AttentionChanged(self.attention()));
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

    /// The conversation the window `label` shows, if any.
    pub fn open_conversation(&self, label: &str) -> Option<String> {
        self.open_conversations.lock().get(label).cloned()
    }

    /// The window `label` shows `conversation_id` now (or none, or it closed).
    pub fn set_open_conversation(&self, label: &str, conversation_id: Option<String>) {
        let mut open = self.open_conversations.lock();
        match conversation_id {
            Some(id) => open.insert(label.to_owned(), id),
            None => open.remove(label),
        };
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
        let unread = self.accounts.unread_count();
        let open_attention = self.attention().open;
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
