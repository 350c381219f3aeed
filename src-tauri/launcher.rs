//! The unread count on the launcher icon, as the Unity LauncherEntry signal carries it: Ubuntu's
//! dock, Dash to Dock, Plank and KDE's task manager show it on the app's icon. One task sends
//! each new count in order; a desktop without a session bus just has no badge.

use std::collections::HashMap;
use std::sync::OnceLock;

use tokio::sync::watch;
use zbus::zvariant::Value;

/// The desktop entry the .deb installs (`/usr/share/applications/ohallo.desktop`).
const APP_URI: &str = "application://ohallo.desktop";
const PATH: &str = "/eu/ohallo/desktop/launcher";
const INTERFACE: &str = "com.canonical.Unity.LauncherEntry";

static COUNT: OnceLock<watch::Sender<usize>> = OnceLock::new();

/// Shows `count` on the launcher icon (hidden at 0); a repeat of the last count sends nothing.
pub fn show_unread(count: usize) {
    let sender = COUNT.get_or_init(|| {
        let (sender, receiver) = watch::channel(count);
        tauri::async_runtime::spawn(publish(receiver));
        sender
    });
    sender.send_if_modified(|current| {
        let changed = *current != count;
        *current = count;
        changed
    });
}

async fn publish(mut counts: watch::Receiver<usize>) {
    let connection = match zbus::Connection::session().await {
        Ok(connection) => connection,
        Err(error) => {
            tracing::info!(%error, "no session bus: no count on the launcher icon");
            return;
        }
    };
    loop {
        let count = *counts.borrow_and_update();
        if let Err(error) = update(&connection, count).await {
            tracing::debug!(%error, "the launcher's count was not sent");
        }
        if counts.changed().await.is_err() {
            return;
        }
    }
}

async fn update(connection: &zbus::Connection, count: usize) -> zbus::Result<()> {
    let properties = HashMap::from([
        (
            "count",
            Value::from(i64::try_from(count).unwrap_or(i64::MAX)),
        ),
        ("count-visible", Value::from(count > 0)),
    ]);
    connection
        .emit_signal(
            None::<zbus::names::BusName<'_>>,
            PATH,
            INTERFACE,
            "Update",
            &(APP_URI, properties),
        )
        .await
}
