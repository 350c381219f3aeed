//! Every event the shell sends the webview, with its payload: the names live here only, and
//! `ui/ipc.js` is checked against them by a test.

use ohallo_inbox::InboxChange;
use serde_json::{json, Value};
use tauri::{AppHandle, Emitter};

pub enum UiEvent {
    /// The sync engine saw conversations change.
    InboxChanged(InboxChange),
    /// The server answers again, or stopped answering and why.
    ConnectionChanged { reason: Option<String> },
    /// The server stopped accepting the key: back to sign-in, with the reason.
    SessionEnded { reason: String },
    /// The pause switch changed (perhaps from the tray).
    PreferencesChanged { paused: bool },
    /// A notification was clicked: show its conversation, if it had one.
    OpenConversation(Option<String>),
}

impl UiEvent {
    pub const NAMES: [&'static str; 5] = [
        "inbox-changed",
        "connection-changed",
        "session-ended",
        "preferences-changed",
        "open-conversation",
    ];

    fn name(&self) -> &'static str {
        let index = match self {
            UiEvent::InboxChanged(_) => 0,
            UiEvent::ConnectionChanged { .. } => 1,
            UiEvent::SessionEnded { .. } => 2,
            UiEvent::PreferencesChanged { .. } => 3,
            UiEvent::OpenConversation(_) => 4,
        };
        UiEvent::NAMES[index]
    }

    fn payload(self) -> Value {
        match self {
            UiEvent::InboxChanged(change) => json!(change),
            UiEvent::ConnectionChanged { reason: None } => json!({ "online": true }),
            UiEvent::ConnectionChanged {
                reason: Some(reason),
            } => json!({ "online": false, "reason": reason }),
            UiEvent::SessionEnded { reason } => json!({ "reason": reason }),
            UiEvent::PreferencesChanged { paused } => json!(paused),
            UiEvent::OpenConversation(id) => json!(id),
        }
    }
}

/// Sends `event` to the window; a window that cannot hear it is only worth a log line, since
/// the window asks for the state again whenever it loads.
pub fn emit(app: &AppHandle, event: UiEvent) {
    let name = event.name();
    if let Err(error) = app.emit(name, event.payload()) {
        tracing::warn!(%error, event = name, "could not tell the window");
    }
}
