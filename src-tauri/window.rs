//! The main window's life: hidden or minimised instead of closed, brought back on demand; and
//! which of the app's windows the user is looking at.

use ohallo_inbox::Language;
use tauri::{AppHandle, Manager, WebviewWindow};

const MAIN: &str = "main";
/// The title in tauri.conf.json, which the unread and attention counts extend.
const TITLE: &str = "oHallo";

pub fn main_window(app: &AppHandle) -> Option<WebviewWindow> {
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

/// Out of sight, found again through the tray icon; the app and its notifications run on.
pub fn hide(app: &AppHandle) {
    if let Some(window) = main_window(app) {
        if let Err(error) = window.hide() {
            tracing::warn!(%error, "could not hide the window");
        }
    }
}

/// To the taskbar or dock, for a desktop where a hidden window could not be found again.
pub fn minimise(app: &AppHandle) {
    if let Some(window) = main_window(app) {
        if let Err(error) = window.minimize() {
            tracing::warn!(%error, "could not minimise the window");
        }
    }
}

/// The label of the window the user is looking at: visible and focused, the inbox or a
/// conversation window.
pub fn looked_at(app: &AppHandle) -> Option<String> {
    app.webview_windows()
        .into_iter()
        .find(|(_, window)| {
            window.is_visible().unwrap_or(false) && window.is_focused().unwrap_or(false)
        })
        .map(|(label, _)| label)
}

/// "oHallo (3 unread · 1 needs a human)", or just "oHallo" when nothing waits.
fn title(unread: usize, open_attention: usize, language: Language) -> String {
    let counts: Vec<String> = [
        (unread > 0).then(|| language.unread(unread)),
        language.needing_human(open_attention),
    ]
    .into_iter()
    .flatten()
    .collect();
    if counts.is_empty() {
        TITLE.to_owned()
    } else {
        format!("{TITLE} ({})", counts.join(" · "))
    }
}

/// The title counts what the list marks unread and the open attention items, so a glance at
/// the taskbar tells.
pub fn show_counts(app: &AppHandle, unread: usize, open_attention: usize, language: Language) {
    let title = title(unread, open_attention, language);
    if let Some(window) = main_window(app) {
        if let Err(error) = window.set_title(&title) {
            tracing::warn!(%error, "could not set the window's title");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::title;
    use ohallo_inbox::Language::{English, German};

    #[test]
    fn the_title_counts_unread_conversations_and_those_needing_a_human() {
        assert_eq!(title(0, 0, English), "oHallo");
        assert_eq!(title(3, 0, English), "oHallo (3 unread)");
        assert_eq!(title(0, 2, English), "oHallo (2 need a human)");
        assert_eq!(title(3, 1, English), "oHallo (3 unread · 1 needs a human)");
    }

    #[test]
    fn a_german_window_has_a_german_title() {
        assert_eq!(title(0, 0, German), "oHallo");
        assert_eq!(
            title(3, 1, German),
            "oHallo (3 ungelesen · 1 braucht einen Menschen)"
        );
    }
}
