use std::process::Command;

use crate::process::{piped_stdout, Guarded};
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
