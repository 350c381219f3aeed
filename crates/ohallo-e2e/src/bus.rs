use std::process::Command;

use crate::process::{piped_stdout, Guarded};
use crate::HarnessError;

/// A private D-Bus session bus carrying the test's keyring and notification server.
pub struct SessionBus {
    pub address: String,
    _daemon: Guarded,
}

impl SessionBus {
    pub fn start() -> Result<SessionBus, HarnessError> {
        let mut daemon = Guarded::spawn(
            "dbus-daemon",
            piped_stdout(Command::new("dbus-daemon").args([
                "--session",
                "--nofork",
                "--nopidfile",
                "--print-address=1",
            ])),
        )?;
        let address = daemon.first_stdout_line()?;
        Ok(SessionBus {
            address,
            _daemon: daemon,
        })
    }

    pub async fn connect(&self) -> Result<zbus::Connection, HarnessError> {
        let connection = zbus::connection::Builder::address(self.address.as_str())?
            .build()
            .await?;
        Ok(connection)
    }
}
