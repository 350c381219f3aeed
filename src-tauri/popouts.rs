//! Conversation windows: a conversation popped out of the inbox into a window of its own,
//! several at once. Each loads the same page in its pop-out mode (`index.html?popout`) and asks
//! which conversation it shows; the sync engine's events reach every window, so each follows
//! the inbox by itself.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use ohallo_inbox::{AccountId, ConversationView};
use parking_lot::Mutex;
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};

use crate::ui_error::ShellError;

/// Window labels of conversation windows start so; the capability grants them by this prefix.
pub const LABEL_PREFIX: &str = "conversation-";
/// A customer-chosen name is a title, not a paragraph.
const TITLE_CHARS: usize = 80;

#[derive(Default)]
pub struct PopOuts {
    /// The conversation each open conversation window shows, by window label.
    shown: Mutex<HashMap<String, ConversationView>>,
    next: AtomicU64,
}

impl PopOuts {
    /// Opens `conversation` in a window of its own, or brings forward the one it has.
    pub fn open(&self, app: &AppHandle, conversation: ConversationView) -> Result<(), ShellError> {
        let existing = self
            .shown
            .lock()
            .iter()
            .find(|(_, shown)| shown.conversation.id == conversation.conversation.id)
            .map(|(label, _)| label.clone());
        if let Some(window) = existing.and_then(|label| app.get_webview_window(&label)) {
            return window
                .unminimize()
                .and_then(|()| window.set_focus())
                .map_err(ShellError::Window);
        }
        let label = format!(
            "{LABEL_PREFIX}{}",
            self.next.fetch_add(1, Ordering::Relaxed) + 1
        );
        let title = title(&conversation);
        // Known before the page loads, so its first question has an answer.
        self.shown.lock().insert(label.clone(), conversation);
        let built =
            WebviewWindowBuilder::new(app, &label, WebviewUrl::App("index.html?popout".into()))
                .title(title)
                .inner_size(760.0, 820.0)
                .min_inner_size(480.0, 400.0)
                .build();
        if let Err(error) = built {
            self.shown.lock().remove(&label);
            return Err(ShellError::Window(error));
        }
        Ok(())
    }

    /// The conversation the window `label` shows, if it is a conversation window.
    pub fn shown_in(&self, label: &str) -> Option<ConversationView> {
        self.shown.lock().get(label).cloned()
    }

    /// Closes the windows of conversations of `account` (of every account when `None`): signed
    /// out, they have nothing left to show.
    pub fn close_account(&self, app: &AppHandle, account: Option<&AccountId>) {
        let labels: Vec<String> = self
            .shown
            .lock()
            .iter()
            .filter(|(_, shown)| {
                account.is_none_or(|account| shown.account.as_ref() == Some(account))
            })
            .map(|(label, _)| label.clone())
            .collect();
        for label in labels {
            if let Some(window) = app.get_webview_window(&label) {
                if let Err(error) = window.close() {
                    tracing::warn!(%error, "could not close a conversation window");
                }
            }
        }
    }

    /// The window `label` is gone.
    pub fn closed(&self, label: &str) {
        self.shown.lock().remove(label);
    }
}

pub fn is_popout(label: &str) -> bool {
    label.starts_with(LABEL_PREFIX)
}

/// The contact's name (or address), as a window manager shows a title: one short line.
fn title(conversation: &ConversationView) -> String {
    let c = &conversation.conversation;
    let name = c
        .contact_name
        .as_deref()
        .or(c.contact_email.as_deref())
        .unwrap_or("oHallo");
    let line: String = name
        .chars()
        .filter(|ch| !ch.is_control())
        .take(TITLE_CHARS)
        .collect();
    if line.trim().is_empty() {
        "oHallo".to_owned()
    } else {
        format!("{} · oHallo", line.trim())
    }
}
