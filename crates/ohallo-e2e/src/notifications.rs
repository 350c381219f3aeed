use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use zbus::object_server::SignalEmitter;
use zbus::zvariant::OwnedValue;

use crate::HarnessError;

const PATH: &str = "/org/freedesktop/Notifications";
const NAME: &str = "org.freedesktop.Notifications";

/// One `Notify` call as the app made it.
#[derive(Debug, Clone, PartialEq)]
pub struct CapturedNotification {
    pub id: u32,
    /// The card this one replaces in place, 0 for a new card.
    pub replaces_id: u32,
    pub app_name: String,
    pub summary: String,
    pub body: String,
    pub actions: Vec<String>,
    /// When the call reached the capture server, for latency figures.
    pub at: Instant,
}

#[derive(Default)]
struct Recorder {
    calls: Mutex<Vec<CapturedNotification>>,
}

impl Recorder {
    fn calls(&self) -> std::sync::MutexGuard<'_, Vec<CapturedNotification>> {
        self.calls.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

struct Server {
    recorder: Arc<Recorder>,
    /// The spec's (1.3) do-not-disturb, as KDE's server exposes it.
    inhibited: Arc<AtomicBool>,
}

/// The freedesktop notification server, reduced to what a test needs: it records every
/// `Notify` call instead of drawing it, and can click one by emitting `ActionInvoked`.
#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Server {
    fn get_capabilities(&self) -> Vec<String> {
        // Claiming body-markup makes the app's escaping observable: a real server with this
        // capability would render unescaped tags.
        ["actions", "body", "body-markup"]
            .map(String::from)
            .to_vec()
    }

    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        _hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut calls = self.recorder.calls();
        let id = if replaces_id != 0 {
            replaces_id
        } else {
            u32::try_from(calls.len()).map_or(u32::MAX, |n| n + 1)
        };
        calls.push(CapturedNotification {
            id,
            replaces_id,
            app_name,
            summary,
            body,
            actions,
            at: Instant::now(),
        });
        id
    }

    fn close_notification(&self, _id: u32) {}

    #[zbus(property)]
    fn inhibited(&self) -> bool {
        self.inhibited.load(Ordering::SeqCst)
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "ohallo-e2e-capture".into(),
            "oHallo".into(),
            "1.0".into(),
            "1.2".into(),
        )
    }

    #[zbus(signal)]
    async fn action_invoked(
        emitter: &SignalEmitter<'_>,
        id: u32,
        action_key: &str,
    ) -> zbus::Result<()>;
}

pub struct NotificationCapture {
    connection: zbus::Connection,
    recorder: Arc<Recorder>,
    inhibited: Arc<AtomicBool>,
}

impl NotificationCapture {
    pub async fn start(bus_address: &str) -> Result<NotificationCapture, HarnessError> {
        let recorder = Arc::new(Recorder::default());
        let inhibited = Arc::new(AtomicBool::new(false));
        let connection = zbus::connection::Builder::address(bus_address)?
            .name(NAME)?
            .serve_at(
                PATH,
                Server {
                    recorder: recorder.clone(),
                    inhibited: inhibited.clone(),
                },
            )?
            .build()
            .await?;
        Ok(NotificationCapture {
            connection,
            recorder,
            inhibited,
        })
    }

    pub fn notifications(&self) -> Vec<CapturedNotification> {
        self.recorder.calls().clone()
    }

    /// Waits until at least `count` notifications have arrived, and returns them all.
    pub async fn wait_for(
        &self,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<CapturedNotification>, HarnessError> {
        let deadline = Instant::now() + timeout;
        loop {
            let calls = self.notifications();
            if calls.len() >= count {
                return Ok(calls);
            }
            if Instant::now() > deadline {
                return Err(HarnessError::NotReady(format!(
                    "{count} notification(s); got {}: {calls:?}",
                    calls.len()
                )));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Turns the server's do-not-disturb (the `Inhibited` property) on or off.
    pub fn set_inhibited(&self, inhibited: bool) {
        self.inhibited.store(inhibited, Ordering::SeqCst);
    }

    /// Clicks a notification the way a desktop does: the `default` action.
    pub async fn click(&self, id: u32) -> Result<(), HarnessError> {
        let emitter = SignalEmitter::new(&self.connection, PATH)?;
        Server::action_invoked(&emitter, id, "default").await?;
        Ok(())
    }
}
