//! Routes a session's sync events to the tray, the notifications and the webview: the engine
//! runs in Rust whether or not the window is shown, and knows none of them. Every id leaves
//! here qualified by the session's account, as the window, the cards and the rules name them.

use chrono::Local;
use ohallo_inbox::{worth_showing, AccountId, Opened, Qualify, SessionId, SyncEvent};
use tauri::{AppHandle, Manager};

use crate::state::AppState;
use crate::ui_events::{emit, UiEvent};
use crate::{notify, window};

/// Reads the session's events until its engine stops (sign-out, another sign-in, a rejected
/// key).
pub fn route(app: &AppHandle, opened: Opened) {
    let app = app.clone();
    let Opened {
        account,
        session,
        mut events,
    } = opened;
    tauri::async_runtime::spawn(async move {
        while let Some(event) = events.recv().await {
            deliver(&app, &account, session, event).await;
        }
    });
}

async fn deliver(app: &AppHandle, account: &AccountId, session: SessionId, event: SyncEvent) {
    let state = app.state::<AppState>();
    match event {
        SyncEvent::Changed(change) => {
            state.refresh_counts();
            emit(app, UiEvent::InboxChanged(change.qualified(account)));
        }
        SyncEvent::Announce(batch) => {
            let batch = batch.qualified(account);
            let reading = looked_at(app)
                .await
                .and_then(|window| state.open_conversation(&window));
            let preferences = state.preferences().get();
            let quiet = preferences.quiet(&Local::now(), notify::desktop_quiet(app).await);
            let shown = worth_showing(batch, &preferences, reading.as_deref(), quiet);
            notify::show_all(app, &shown, state.language()).await;
        }
        SyncEvent::Online => state.set_offline(account, None),
        SyncEvent::Offline { reason } => state.set_offline(account, Some(reason)),
        SyncEvent::Attention(summary) => {
            state.set_attention(account, summary.qualified(account));
        }
        SyncEvent::KeyRejected { reason } => state.end_session(session, account, reason).await,
    }
}

/// The window the user is looking at (the inbox or a conversation window), if any. Window
/// queries wait for the main thread; keep that wait off the async runtime's workers.
async fn looked_at(app: &AppHandle) -> Option<String> {
    let app = app.clone();
    match tauri::async_runtime::spawn_blocking(move || window::looked_at(&app)).await {
        Ok(looked_at) => looked_at,
        Err(error) => {
            tracing::warn!(%error, "could not ask whether a window is looked at");
            None
        }
    }
}
