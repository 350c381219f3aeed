use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::process::Guarded;
use crate::HarnessError;

const SECRETS_SERVICE: &str = "org.freedesktop.secrets";
/// gnome-keyring creates and unlocks a login keyring only for a non-empty password.
const TEST_PASSWORD: &[u8] = b"ohallo-e2e\n";

/// An unlocked gnome-keyring on the test bus, holding its files in the test's own XDG dirs.
pub struct Keyring {
    _daemon: Guarded,
}

impl Keyring {
    pub async fn start(
        bus: &zbus::Connection,
        env: &[(String, String)],
    ) -> Result<Keyring, HarnessError> {
        let mut command = Command::new("gnome-keyring-daemon");
        command
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut daemon = Guarded::spawn("gnome-keyring-daemon", &mut command)?;
        // Dropping stdin after the password tells the daemon the password is complete.
        daemon
            .stdin()
            .ok_or_else(|| HarnessError::NotReady("gnome-keyring (no stdin)".into()))?
            .write_all(TEST_PASSWORD)
            .map_err(HarnessError::io("unlocking the test keyring"))?;
        let dbus = zbus::fdo::DBusProxy::new(bus).await?;
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let name = zbus::names::BusName::from_static_str(SECRETS_SERVICE)
                .map_err(|e| HarnessError::NotReady(format!("bus name: {e}")))?;
            if dbus.name_has_owner(name).await? {
                return Ok(Keyring { _daemon: daemon });
            }
            if std::time::Instant::now() > deadline {
                return Err(HarnessError::NotReady("gnome-keyring".into()));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
