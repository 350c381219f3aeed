//! The tray icon: unread count, pause switch, and the way back to the window.

use ohallo_inbox::Language;
use tauri::menu::{CheckMenuItem, Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};

use crate::window;

const TRAY: &str = "main";

pub struct TrayItems {
    open: MenuItem<Wry>,
    unread: MenuItem<Wry>,
    pause: CheckMenuItem<Wry>,
    quit: MenuItem<Wry>,
}

/// `toggle_pause` flips the pause switch: the app's state owns it, and this module stays below
/// that state.
pub fn build(
    app: &AppHandle,
    paused: bool,
    language: Language,
    toggle_pause: fn(&AppHandle),
) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", language.open_app(), true, None::<&str>)?;
    let unread = MenuItem::with_id(
        app,
        "unread",
        language.unread_conversations(0),
        false,
        None::<&str>,
    )?;
    let pause = CheckMenuItem::with_id(
        app,
        "pause",
        language.pause_notifications(),
        true,
        paused,
        None::<&str>,
    )?;
    let quit = MenuItem::with_id(app, "quit", language.quit_app(), true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(app, &[&open, &unread, &separator, &pause, &quit])?;
    let mut builder = TrayIconBuilder::with_id(TRAY)
        .tooltip("oHallo")
        .menu(&menu)
        .on_menu_event(move |app, event| on_menu_event(app, event, toggle_pause));
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    app.manage(TrayItems {
        open,
        unread,
        pause,
        quit,
    });
    Ok(())
}

/// Whether the tray icon exists (building it can fail where the desktop has no tray at all).
pub fn icon_built(app: &AppHandle) -> bool {
    app.try_state::<TrayItems>().is_some()
}

fn on_menu_event(app: &AppHandle, event: MenuEvent, toggle_pause: fn(&AppHandle)) {
    match event.id().as_ref() {
        "open" => window::bring_forward(app),
        "pause" => toggle_pause(app),
        "quit" => app.exit(0),
        _ => {}
    }
}

/// The menu's fixed items in the window's language (the count follows in `refresh`).
pub fn set_language(app: &AppHandle, language: Language) {
    let Some(items) = app.try_state::<TrayItems>() else {
        return;
    };
    let _ = items.open.set_text(language.open_app());
    let _ = items.pause.set_text(language.pause_notifications());
    let _ = items.quit.set_text(language.quit_app());
}

/// Keeps the tray in step with the list's marks, the open attention items and the pause switch.
pub fn refresh(
    app: &AppHandle,
    unread: usize,
    needing_human: usize,
    paused: bool,
    language: Language,
) {
    let Some(items) = app.try_state::<TrayItems>() else {
        return;
    };
    let text = match language.needing_human(needing_human) {
        Some(needing) => format!("{} · {needing}", language.unread_conversations(unread)),
        None => language.unread_conversations(unread),
    };
    let _ = items.unread.set_text(&text);
    let _ = items.pause.set_checked(paused);
    if let Some(tray) = app.tray_by_id(TRAY) {
        let _ = tray.set_tooltip(Some(format!("oHallo: {text}")));
    }
}
