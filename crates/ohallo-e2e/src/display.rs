use std::process::{Command, Stdio};
use std::time::Duration;

use crate::process::{piped_stdout, wait_until, Guarded};
use crate::HarnessError;

/// A private Xvfb server; the server picks a free display number and tells us on stdout.
pub struct Display {
    pub name: String,
    _server: Guarded,
}

impl Display {
    pub fn start() -> Result<Display, HarnessError> {
        let mut server = Guarded::spawn(
            "Xvfb",
            piped_stdout(Command::new("Xvfb").args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])),
        )?;
        let number = server.first_stdout_line()?;
        Ok(Display {
            name: format!(":{number}"),
            _server: server,
        })
    }
}

/// Openbox on the display, for tests that need a window manager: without one nothing minimises
/// a window (iconifying is a request to the window manager).
pub struct WindowManager {
    _process: Guarded,
}

impl WindowManager {
    pub async fn start(display: &Display) -> Result<WindowManager, HarnessError> {
        let process = Guarded::spawn(
            "openbox",
            Command::new("openbox")
                .args(["--sm-disable"])
                .env("DISPLAY", &display.name)
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )?;
        // A window manager announces itself on the root window once it manages windows.
        wait_until("openbox", Duration::from_secs(20), || {
            Command::new("xprop")
                .args(["-root", "_NET_SUPPORTING_WM_CHECK"])
                .env("DISPLAY", &display.name)
                .output()
                .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("window id"))
        })
        .await?;
        Ok(WindowManager { _process: process })
    }
}
