//! The freedesktop notification server (org.freedesktop.Notifications), spoken to directly:
//! tauri-plugin-notification 2.8 always sends 0 as `replaces_id` and keeps the server's id to
//! itself, so through it a conversation's card could only stack, never update in place. Clicks
//! come back as `ActionInvoked` on the connection that sent the notification (some servers,
//! dunst among them, signal no other), and the server's `Inhibited` property is KDE's (and the
//! spec's, from 1.3) do-not-disturb.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use futures_util::StreamExt;
use parking_lot::Mutex;
use tokio::sync::OnceCell;
use zbus::zvariant::{OwnedValue, Value};
use zbus::{Connection, MatchRule, MessageStream};

const NAME: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";
const INTERFACE: &str = "org.freedesktop.Notifications";
/// The action the spec reports for a click on the notification itself.
const CLICK: &str = "default";
/// The `NotificationClosed` reason for a card the user dismissed.
const DISMISSED: u32 = 2;
/// Cards whose clicks are remembered; a server that never reports them closed cannot grow it
/// past this (the oldest, lowest ids, go first).
const REMEMBERED: usize = 256;

/// What the server reported about one of our cards.
pub enum Reported {
    /// Clicked: the conversation it was about, `None` for a summary.
    Clicked(Option<String>),
    Dismissed(u32),
}

type OnReport = Box<dyn Fn(Reported) + Send + Sync>;

pub struct Notifications {
    connection: OnceCell<Option<Connection>>,
    /// What each card on screen is about, by server id, for its click.
    about: Mutex<BTreeMap<u32, Option<String>>>,
    /// Hears of clicks and dismissals.
    on_report: OnReport,
}

impl Notifications {
    pub fn new(on_report: OnReport) -> Arc<Notifications> {
        Arc::new(Notifications {
            connection: OnceCell::new(),
            about: Mutex::new(BTreeMap::new()),
            on_report,
        })
    }

    /// Shows a card, in place of `replaces` when given (the server's id of a card on screen);
    /// returns the server's id of the card shown.
    pub async fn show(
        self: &Arc<Self>,
        title: &str,
        body: &str,
        replaces: Option<u32>,
        about: Option<String>,
    ) -> zbus::Result<u32> {
        let connection = self.connection().await?;
        let hints: HashMap<&str, Value<'_>> = HashMap::new();
        let id: u32 = connection
            .call_method(
                Some(NAME),
                PATH,
                Some(INTERFACE),
                "Notify",
                &(
                    "oHallo",
                    replaces.unwrap_or(0),
                    "",
                    title,
                    body,
                    vec![CLICK, ""],
                    hints,
                    -1i32,
                ),
            )
            .await?
            .body()
            .deserialize()?;
        let mut remembered = self.about.lock();
        remembered.insert(id, about);
        while remembered.len() > REMEMBERED {
            remembered.pop_first();
        }
        Ok(id)
    }

    /// Whether the server says notifications are inhibited (do not disturb). Unreadable (a server
    /// before spec 1.3, GNOME's) means not.
    pub async fn inhibited(self: &Arc<Self>) -> bool {
        let Ok(connection) = self.connection().await else {
            return false;
        };
        let inhibited = connection
            .call_method(
                Some(NAME),
                PATH,
                Some("org.freedesktop.DBus.Properties"),
                "Get",
                &(INTERFACE, "Inhibited"),
            )
            .await;
        inhibited
            .ok()
            .and_then(|reply| reply.body().deserialize::<OwnedValue>().ok())
            .and_then(|value| bool::try_from(&value).ok())
            .unwrap_or(false)
    }

    async fn connection(self: &Arc<Self>) -> zbus::Result<&Connection> {
        let connection = self
            .connection
            .get_or_init(|| async {
                match listen(self.clone()).await {
                    Ok(connection) => Some(connection),
                    Err(error) => {
                        tracing::warn!(%error, "no notification server on the session bus");
                        None
                    }
                }
            })
            .await;
        connection
            .as_ref()
            .ok_or_else(|| zbus::Error::Failure("no session bus".into()))
    }

    fn report(&self, signal: &zbus::Message) -> Option<Reported> {
        let header = signal.header();
        match header.member()?.as_str() {
            "ActionInvoked" => {
                let (id, action): (u32, String) = signal.body().deserialize().ok()?;
                let about = self.about.lock().get(&id).cloned()?;
                (action == CLICK).then_some(Reported::Clicked(about))
            }
            "NotificationClosed" => {
                let (id, reason): (u32, u32) = signal.body().deserialize().ok()?;
                self.about.lock().remove(&id)?;
                (reason == DISMISSED).then_some(Reported::Dismissed(id))
            }
            _ => None,
        }
    }
}

/// Connects and subscribes to the server's signals before the first card is sent, so no click
/// on it can come before the subscription.
async fn listen(notifications: Arc<Notifications>) -> zbus::Result<Connection> {
    let connection = Connection::session().await?;
    let rule = MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .path(PATH)?
        .interface(INTERFACE)?
        .build();
    let mut signals = MessageStream::for_match_rule(rule, &connection, None).await?;
    tauri::async_runtime::spawn(async move {
        while let Some(signal) = signals.next().await {
            let Ok(signal) = signal else { continue };
            if let Some(report) = notifications.report(&signal) {
                (notifications.on_report)(report);
            }
        }
    });
    Ok(connection)
}
