//! The end-to-end harness. Each test gets a private world: its own HOME and XDG dirs, X display,
//! session bus, unlocked keyring, notification capture server, sandbox and WebDriver front, so
//! nothing leaks between tests or into the developer's own desktop.

mod artifacts;
mod bus;
mod display;
mod error;
mod keyring;
mod notifications;
mod process;
mod tray_host;
mod webdriver;
mod world;

pub use artifacts::{deb_package, rpm_package};
pub use error::HarnessError;
pub use notifications::{CapturedNotification, NotificationCapture};
pub use tray_host::TrayHost;
pub use webdriver::AppWindow;
pub use world::{World, WorldOptions};
