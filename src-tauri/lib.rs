mod attachments;
#[cfg(test)]
mod bindings;
mod bridge;
mod closing;
mod commands;
mod demo;
mod file_dialog;
mod freedesktop;
#[cfg(test)]
mod ipc_contract;
mod key_store;
mod launcher;
mod links;
mod locale;
mod notify;
mod popouts;
mod snippet_files;
mod spelling;
mod state;
mod tray;
mod ui_error;
mod ui_events;
#[cfg(target_os = "linux")]
mod wake;
mod webkit_env;
mod window;

use std::sync::Arc;
use std::time::Duration;

use ohallo_inbox::{
    Accounts, Preferences, Snippets, SyncSettings, DEFAULT_ATTENTION_REPEAT, DEFAULT_POLL_INTERVAL,
};
use tauri::{Manager, WindowEvent};

use state::AppState;

/// Given when launched at login: start in the tray, not in the user's face.
const START_HIDDEN: &str = "--hidden";

pub fn run() {
    private_files();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    // Before WebKit, and before any thread that could read the environment meanwhile.
    webkit_env::apply();

    let result = tauri::Builder::default()
        // First, so a second launch hands over to the running app before doing anything else.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            window::bring_forward(app);
        }))
        // The inbox's size and place are remembered; conversation windows open fresh.
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_filter(|label| !popouts::is_popout(label))
                .build(),
        )
        .plugin(
            tauri_plugin_autostart::Builder::new()
                .arg(START_HIDDEN)
                .build(),
        )
        // Rust alone opens the save dialog: the window gets no dialog or file-system permission.
        .plugin(tauri_plugin_dialog::init())
        .plugin(navigation_guard())
        .setup(|app| {
            let data_dir = app.path().app_data_dir()?;
            // Drafts, previews and WebKit's storage are customer text: this user's alone, also
            // where an earlier version left the directories open.
            for dir in [Some(data_dir.clone()), app.path().app_cache_dir().ok()]
                .into_iter()
                .flatten()
            {
                ohallo_inbox::create_private_dir(&dir)?;
            }
            let preferences = Preferences::open(data_dir.join("preferences.json"))?;
            // Started by the first focus of a checked field (spelling.rs says why).
            app.manage(spelling::SpellChecking::open(
                &data_dir,
                app.path().config_dir().ok(),
            )?);
            let paused = preferences.get().paused;
            // Beside the accounts' data directories, not in them: signing out keeps snippets.
            app.manage(Snippets::open(data_dir.join("snippets.json"))?);
            let accounts = Accounts::new(
                base_url(),
                data_dir,
                sync_settings(),
                Arc::new(key_store::OsKeyring),
            );
            app.manage(AppState::new(
                app.handle().clone(),
                accounts,
                bridge::route,
                preferences,
            ));
            app.manage(notify::Notifier::new(app.handle().clone()));
            app.manage(popouts::PopOuts::default());
            #[cfg(target_os = "linux")]
            wake::watch(app.handle().clone());
            // Without a tray host (some desktops) the app still works; it just cannot hide.
            let toggle_pause = |app: &tauri::AppHandle| app.state::<AppState>().toggle_paused();
            let language = app.state::<AppState>().language();
            if let Err(error) = tray::build(app.handle(), paused, language, toggle_pause) {
                tracing::warn!(%error, "no tray icon");
            }
            // After the tray, which decides whether the window may hide.
            if std::env::args().any(|arg| arg == START_HIDDEN) {
                closing::close_main_window(app.handle());
            }
            // Restore the stored key right away, so the background work starts even before
            // the window asks.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                handle.state::<AppState>().restore().await;
            });
            Ok(())
        })
        .on_window_event(|window, event| match event {
            WindowEvent::Focused(true) => window.app_handle().state::<AppState>().poll_now(),
            // A conversation window closes for real; the inbox keeps the app running.
            WindowEvent::CloseRequested { api, .. } if !popouts::is_popout(window.label()) => {
                api.prevent_close();
                closing::close_main_window(window.app_handle());
            }
            WindowEvent::Destroyed if popouts::is_popout(window.label()) => {
                let app = window.app_handle();
                app.state::<popouts::PopOuts>().closed(window.label());
                app.state::<AppState>()
                    .set_open_conversation(window.label(), None);
            }
            _ => {}
        })
        // Off the main thread: a preview is a file read of up to 20 MiB.
        .register_asynchronous_uri_scheme_protocol(
            attachments::PREVIEW_SCHEME,
            |_context, request, responder| {
                let path = request.uri().path().to_owned();
                tauri::async_runtime::spawn_blocking(move || {
                    responder.respond(attachments::preview(&path))
                });
            },
        )
        .invoke_handler(tauri::generate_handler![
            commands::session_status,
            commands::sign_in,
            commands::start_demo,
            commands::sign_out,
            commands::list_workspaces,
            commands::list_conversations,
            commands::get_messages,
            commands::send_reply,
            commands::confirm_reply,
            commands::take_over,
            commands::release,
            commands::resolve,
            commands::get_customer,
            commands::known_channels,
            commands::compose,
            commands::get_attention,
            commands::resolve_attention,
            commands::approve,
            commands::attention_summary,
            commands::list_attachments,
            commands::save_attachment,
            commands::save_attachment_as,
            commands::open_attachment,
            commands::mark_read,
            commands::load_draft,
            commands::save_draft,
            commands::open_link,
            commands::set_open_conversation,
            commands::open_conversation_window,
            commands::popout_conversation,
            commands::get_preferences,
            commands::set_paused,
            commands::set_muted,
            commands::close_window,
            commands::set_notification_rules,
            commands::set_do_not_disturb,
            commands::set_zoom,
            commands::get_spelling,
            commands::set_spelling,
            commands::start_spelling,
            commands::get_launch_at_login,
            commands::set_launch_at_login,
            commands::get_snippets,
            commands::save_snippets,
            commands::export_snippets,
            commands::import_snippets,
            commands::system_languages,
            commands::set_language,
        ])
        .run(tauri::generate_context!("tauri.conf.json"));
    if let Err(error) = result {
        eprintln!("oHallo could not start: {error}");
        std::process::exit(1);
    }
}

/// Every file the app and its WebKit processes create is readable by this user only.
#[cfg(unix)]
fn private_files() {
    // SAFETY: umask only swaps the process's file-creation mask; it cannot fail and touches no
    // memory. Called first, before any other thread exists.
    unsafe {
        libc::umask(0o077);
    }
}

#[cfg(not(unix))]
fn private_files() {}

/// `OHALLO_API_URL` points the app at another server (the sandbox); production otherwise.
fn base_url() -> String {
    std::env::var("OHALLO_API_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| ohallo_core::DEFAULT_BASE_URL.to_string())
}

/// `OHALLO_POLL_INTERVAL_SECS` and `OHALLO_ATTENTION_REPEAT_SECS` (how often an open "needs a
/// human" item is said again, when the user asked for repeats) change the engine's clocks.
fn sync_settings() -> SyncSettings {
    SyncSettings {
        interval: seconds_from("OHALLO_POLL_INTERVAL_SECS").unwrap_or(DEFAULT_POLL_INTERVAL),
        attention_repeat: seconds_from("OHALLO_ATTENTION_REPEAT_SECS")
            .unwrap_or(DEFAULT_ATTENTION_REPEAT),
    }
}

fn seconds_from(variable: &str) -> Option<Duration> {
    std::env::var(variable)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|&secs| secs > 0)
        .map(Duration::from_secs)
}

/// A link that slips past the UI's click handler must not turn the app window into a browser.
fn navigation_guard<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_webview, url| links::is_app_page(url))
        .build()
}
