//! The main window's life: hidden instead of closed, brought back on demand.

use tauri::{AppHandle, Manager, WebviewWindow};

use crate::state::AppState;

const MAIN: &str = "main";

fn main_window(app: &AppHandle) -> Option<WebviewWindow> {
    app.get_webview_window(MAIN)
}

pub fn bring_forward(app: &AppHandle) {
    if let Some(window) = main_window(app) {
        let shown = window
            .unminimize()
            .and_then(|()| window.show())
            .and_then(|()| window.set_focus());
        if let Err(error) = shown {
            tracing::warn!(%error, "could not bring the window forward");
        }
    }
}

/// Closing the window keeps the app (and its notifications) running in the tray.
pub fn hide(app: &AppHandle) {
    if let Some(window) = main_window(app) {
        if let Err(error) = window.hide() {
            tracing::warn!(%error, "could not hide the window");
        }
    }
}

/// The conversation the user is looking at: open in the thread pane of a visible, focused window.
pub fn conversation_in_view(app: &AppHandle, state: &AppState) -> Option<String> {
    let window = main_window(app)?;
    let looking = window.is_visible().unwrap_or(false) && window.is_focused().unwrap_or(false);
    looking.then(|| state.open_conversation()).flatten()
}
