//! Native notifications for what the sync engine announces, and what a click on one does.

use std::sync::atomic::{AtomicI32, Ordering};

use ohallo_inbox::{notification_texts, Announcement, NotificationText};
use tauri::AppHandle;
use tauri_plugin_notification::{ActionPerformed, NotificationExt};

use crate::ui_events::{emit, UiEvent};
use crate::window;

const CONVERSATION_KEY: &str = "conversationId";

static NEXT_ID: AtomicI32 = AtomicI32::new(1);

/// Shows what the sync engine announced and the user wants to see.
pub fn show_all(app: &AppHandle, announcements: &[Announcement]) {
    for text in notification_texts(announcements) {
        show(app, text);
    }
}

fn show(app: &AppHandle, text: NotificationText) {
    let mut builder = app
        .notification()
        .builder()
        .id(NEXT_ID.fetch_add(1, Ordering::Relaxed))
        .title(text.title)
        .body(shown_body(text.body));
    if let Some(id) = text.conversation_id {
        builder = builder.extra(CONVERSATION_KEY, id);
    }
    if let Err(error) = builder.show() {
        tracing::warn!(%error, "could not show a notification");
    }
}

/// freedesktop notification servers may render a subset of HTML in bodies, so customer text is
/// escaped there; macOS and Windows show bodies as plain text, where escaping would show `&amp;`.
#[cfg(target_os = "linux")]
fn shown_body(body: String) -> String {
    ohallo_inbox::escape_markup(&body)
}

#[cfg(not(target_os = "linux"))]
fn shown_body(body: String) -> String {
    body
}

/// A click brings the window forward on the conversation it was about.
pub fn on_action(app: AppHandle) -> impl Fn(&ActionPerformed) + Send + Sync + 'static {
    move |performed| {
        if performed.action_id() != "tap" {
            return;
        }
        let conversation = performed
            .notification()
            .and_then(|n| n.extra().get(CONVERSATION_KEY))
            .and_then(|v| v.as_str())
            .map(str::to_string);
        window::bring_forward(&app);
        emit(&app, UiEvent::OpenConversation(conversation));
    }
}
