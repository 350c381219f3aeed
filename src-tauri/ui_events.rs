//! Every event the shell sends the webview, with its payload: the names and payload types live
//! here only. `ui/ipc.js` is checked against the names by a test, and `ui/bindings.d.ts` gets
//! each name's payload type from [`UiEvent::payload_types`].

use ohallo_inbox::{AttentionSummary, ConversationPatch, InboxChange, SessionInfo};
use serde::Serialize;
use serde_json::Value;
use tauri::{AppHandle, Emitter};
use ts_rs::TS;

/// The `connection-changed` payload: the server answers again, or stopped answering and why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionState {
    pub online: bool,
    /// Only when offline.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<String>,
}

impl ConnectionState {
    pub fn online() -> ConnectionState {
        ConnectionState {
            online: true,
            reason: None,
        }
    }

    pub fn offline(reason: String) -> ConnectionState {
        ConnectionState {
            online: false,
            reason: Some(reason),
        }
    }
}

/// The `session-ended` payload.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionEnded {
    /// Why the user is back at sign-in, in one sentence.
    pub reason: String,
}

/// The `account-ended` payload: one account's key stopped working while others stay.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountEnded {
    /// The account's name, for saying which one left.
    pub name: String,
    /// Why, in one sentence.
    pub reason: String,
    /// The accounts still signed in.
    pub session: SessionInfo,
}

/// The `conversation-updated` payload: an action or a read in one window, for the others (the
/// inbox and conversation windows) to show too.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConversationUpdated {
    pub conversation_id: String,
    /// What take over, release or resolve changed.
    pub patch: Option<ConversationPatch>,
    /// The conversation was read.
    pub read: bool,
}

/// The `download-progress` payload: how far the saving of an attachment is.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DownloadProgress {
    pub attachment_id: String,
    /// Bytes saved so far; the window knows the announced size from the listing.
    #[ts(type = "number")]
    pub received: u64,
}

/// One list makes the enum, its names and its payload types, so none can leave the others.
macro_rules! ui_events {
    ($($(#[$doc:meta])* $variant:ident($payload:ty) => $name:literal,)+) => {
        pub enum UiEvent {
            $($(#[$doc])* $variant($payload),)+
        }

        impl UiEvent {
            #[cfg(test)]
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            fn name(&self) -> &'static str {
                match self {
                    $(UiEvent::$variant(_) => $name,)+
                }
            }

            fn payload(self) -> Value {
                let value = match self {
                    $(UiEvent::$variant(payload) => serde_json::to_value(payload),)+
                };
                value.unwrap_or(Value::Null)
            }

            /// Each event's name and the TypeScript type of its payload.
            #[cfg(test)]
            pub fn payload_types() -> Vec<(&'static str, String)> {
                vec![$(($name, <$payload as TS>::name()),)+]
            }
        }
    };
}

ui_events! {
    /// The sync engine saw conversations change.
    InboxChanged(InboxChange) => "inbox-changed",
    /// The server answers again, or stopped answering and why.
    ConnectionChanged(ConnectionState) => "connection-changed",
    /// The server stopped accepting the key: back to sign-in, with the reason.
    SessionEnded(SessionEnded) => "session-ended",
    /// One account's key stopped working; the others are still signed in.
    AccountEnded(AccountEnded) => "account-ended",
    /// The pause switch changed (perhaps from the tray): whether notifications are paused.
    PreferencesChanged(bool) => "preferences-changed",
    /// A notification was clicked: show its conversation, if it had one.
    OpenConversation(Option<String>) => "open-conversation",
    /// The open attention items changed: how many, and in which conversations.
    AttentionChanged(AttentionSummary) => "attention-changed",
    /// A conversation was acted on or read in one of the app's windows.
    ConversationUpdated(ConversationUpdated) => "conversation-updated",
    /// An attachment being saved got more bytes (at most a few times a second).
    DownloadProgress(DownloadProgress) => "download-progress",
}

/// Sends `event` to the window; a window that cannot hear it is only worth a log line, since
/// the window asks for the state again whenever it loads.
pub fn emit(app: &AppHandle, event: UiEvent) {
    let name = event.name();
    if let Err(error) = app.emit(name, event.payload()) {
        tracing::warn!(%error, event = name, "could not tell the window");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_keep_their_wire_shape() {
        let payload = |event: UiEvent| event.payload().to_string();
        assert_eq!(
            payload(UiEvent::ConnectionChanged(ConnectionState::online())),
            r#"{"online":true}"#
        );
        assert_eq!(
            payload(UiEvent::ConnectionChanged(ConnectionState::offline(
                "down".into()
            ))),
            r#"{"online":false,"reason":"down"}"#
        );
        let ended = SessionEnded {
            reason: "gone".into(),
        };
        assert_eq!(
            payload(UiEvent::SessionEnded(ended)),
            r#"{"reason":"gone"}"#
        );
        assert_eq!(payload(UiEvent::PreferencesChanged(true)), "true");
        assert_eq!(payload(UiEvent::OpenConversation(None)), "null");
    }
}
