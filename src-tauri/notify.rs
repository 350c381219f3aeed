//! Native notifications for what the sync engine announces: one card per conversation that
//! news replaces in place, what a click on one does, and whether the desktop itself is in
//! do-not-disturb.

use std::sync::Arc;
use std::time::Duration;

use ohallo_inbox::{notification_texts, AccountId, Announcement, Language, NotificationCards};
use parking_lot::Mutex;
use tauri::{AppHandle, Manager};

use crate::freedesktop::{Notifications, Reported};
use crate::ui_events::{emit, UiEvent};
use crate::window;

/// What the app shows on the desktop's notification server, and the cards on screen.
pub struct Notifier {
    server: Arc<Notifications>,
    cards: Arc<Mutex<NotificationCards>>,
}

impl Notifier {
    pub fn new(app: AppHandle) -> Notifier {
        let cards = Arc::new(Mutex::new(NotificationCards::default()));
        let dismissed = cards.clone();
        let server = Notifications::new(Box::new(move |report| match report {
            // A click brings the window forward on the conversation it was about.
            Reported::Clicked(conversation) => {
                window::bring_forward(&app);
                emit(&app, UiEvent::OpenConversation(conversation));
            }
            Reported::Dismissed(id) => dismissed.lock().dismissed(id),
        }));
        Notifier { server, cards }
    }

    /// The conversation was opened or read: its next message starts a fresh card.
    pub fn forget(&self, conversation_id: &str) {
        self.cards.lock().forget(conversation_id);
    }

    /// Signed out of `account`, or of all: the cards were theirs.
    pub fn forget_account(&self, account: Option<&AccountId>) {
        match account {
            Some(account) => self.cards.lock().forget_account(account),
            None => self.cards.lock().clear(),
        }
    }
}

/// Shows what the sync engine announced and the user wants to see, replacing the cards of
/// conversations that have one on screen. Called for one batch at a time (the bridge awaits
/// it), so a card's id is known before the next batch asks for it.
pub async fn show_all(app: &AppHandle, announcements: &[Announcement], language: Language) {
    let notifier = app.state::<Notifier>();
    let texts = {
        let cards = notifier.cards.lock();
        notification_texts(announcements, language, |id| cards.messages(id))
    };
    for text in texts {
        let replaces = notifier.cards.lock().replaces(&text);
        let shown = notifier
            .server
            .show(
                &text.title,
                &ohallo_inbox::escape_markup(&text.body),
                replaces,
                text.conversation_id.clone(),
            )
            .await;
        match shown {
            Ok(id) => notifier.cards.lock().shown(&text, id),
            Err(error) => tracing::warn!(%error, "could not show a notification"),
        }
    }
}

/// Whether the desktop itself is in do-not-disturb: GNOME's "show banners" off, or the
/// notification server's `Inhibited` (KDE). Whatever cannot be read means "not quiet".
pub async fn desktop_quiet(app: &AppHandle) -> bool {
    let notifier = app.state::<Notifier>();
    let server = notifier.server.clone();
    gnome_banners_off().await || server.inhibited().await
}

/// GNOME keeps do-not-disturb in GSettings; the `gsettings` tool reads it without linking GIO.
async fn gnome_banners_off() -> bool {
    let read = tokio::process::Command::new("gsettings")
        .args(["get", "org.gnome.desktop.notifications", "show-banners"])
        .kill_on_drop(true)
        .output();
    match tokio::time::timeout(Duration::from_secs(2), read).await {
        Ok(Ok(output)) => output.status.success() && output.stdout.trim_ascii() == b"false",
        _ => false,
    }
}
