//! The main window's life: hidden instead of closed, brought back on demand.

use tauri::{AppHandle, Manager, WebviewWindow};

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

/// Whether the user is looking at the window: visible and focused.
pub fn is_looked_at(app: &AppHandle) -> bool {
    main_window(app).is_some_and(|window| {
        window.is_visible().unwrap_or(false) && window.is_focused().unwrap_or(false)
    })
}
