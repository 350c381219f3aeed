//! Closing the main window (its close button, Ctrl+W, a start at login) keeps the app running:
//! hidden in the tray where the desktop shows the tray icon, else minimised. A hidden window is
//! found again only through the tray, and stock GNOME shows none (it needs the AppIndicator
//! extension); KDE, Xfce, Cinnamon, MATE and GNOME with the extension do. The desktop is asked
//! at each close, so a panel started or stopped since launch counts.

use tauri::AppHandle;

use crate::{tray, window};

/// Hides or minimises the main window, as the desktop allows; off the caller's thread, since
/// asking the desktop is a bus round trip.
pub fn close_main_window(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let icon_built = tray::icon_built(&app);
        let shown = icon_built && desktop::tray_shown().await;
        match closing(icon_built, shown) {
            Closing::Hide => window::hide(&app),
            Closing::Minimise => window::minimise(&app),
        }
    });
}

/// What closing the main window does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// Into the tray: the app keeps running, its icon brings the window back.
    Hide,
    /// To the taskbar or dock, where the app can always be found.
    Minimise,
}

/// Hidden only when the tray icon was built and the desktop shows it.
fn closing(icon_built: bool, tray_shown: bool) -> Closing {
    if icon_built && tray_shown {
        Closing::Hide
    } else {
        Closing::Minimise
    }
}

/// Windows and macOS always show the tray (notification area, menu bar).
#[cfg(not(target_os = "linux"))]
mod desktop {
    pub async fn tray_shown() -> bool {
        true
    }
}

/// ayatana-appindicator shows the icon through a panel registered with the StatusNotifier
/// watcher on the session bus, and falls back to the old XEmbed tray.
#[cfg(target_os = "linux")]
mod desktop {
    use std::time::Duration;

    /// A watcher that does not answer within this is taken for none: closing must not hang.
    const BUS_TIMEOUT: Duration = Duration::from_secs(2);

    pub async fn tray_shown() -> bool {
        match tokio::time::timeout(BUS_TIMEOUT, status_notifier_host()).await {
            Ok(Ok(true)) => return true,
            Ok(Ok(false)) => {}
            Ok(Err(error)) => tracing::debug!(%error, "no StatusNotifier watcher"),
            Err(_) => tracing::info!("the StatusNotifier watcher did not answer"),
        }
        xembed::tray_owned()
    }

    async fn status_notifier_host() -> zbus::Result<bool> {
        let connection = zbus::Connection::session().await?;
        let properties = zbus::fdo::PropertiesProxy::builder(&connection)
            .destination("org.kde.StatusNotifierWatcher")?
            .path("/StatusNotifierWatcher")?
            .build()
            .await?;
        let interface =
            zbus::names::InterfaceName::from_static_str("org.kde.StatusNotifierWatcher")?;
        let registered = properties
            .get(interface, "IsStatusNotifierHostRegistered")
            .await?;
        Ok(bool::try_from(registered)?)
    }

    mod xembed {
        use std::ffi::CString;
        use x11::xlib;

        /// Whether a panel owns the XEmbed system tray selection of the default X screen (none
        /// under Wayland without Xwayland, where there is no X display to ask).
        pub fn tray_owned() -> bool {
            // SAFETY: a private connection, opened, asked two questions and closed here; the
            // pointers passed are that connection and a NUL-terminated string that outlives the
            // calls. XInternAtom with only_if_exists returns 0 (None) for an unknown name.
            unsafe {
                let display = xlib::XOpenDisplay(std::ptr::null());
                if display.is_null() {
                    return false;
                }
                let screen = xlib::XDefaultScreen(display);
                let owned = CString::new(format!("_NET_SYSTEM_TRAY_S{screen}")).is_ok_and(|name| {
                    let atom = xlib::XInternAtom(display, name.as_ptr(), xlib::True);
                    atom != 0 && xlib::XGetSelectionOwner(display, atom) != 0
                });
                xlib::XCloseDisplay(display);
                owned
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{closing, Closing};

    #[test]
    fn only_a_tray_icon_the_desktop_shows_lets_closing_hide_the_window() {
        assert_eq!(
            closing(true, true),
            Closing::Hide,
            "KDE, Xfce, GNOME + extension"
        );
        assert_eq!(closing(true, false), Closing::Minimise, "stock GNOME");
        assert_eq!(closing(false, true), Closing::Minimise, "no icon was built");
        assert_eq!(closing(false, false), Closing::Minimise);
    }
}
