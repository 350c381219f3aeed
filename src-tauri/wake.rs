//! Polls at once when the machine wakes from sleep or the network comes back, instead of
//! waiting out the interval or a backoff. Both are announced on the system bus (logind and
//! NetworkManager); without a system bus the next regular poll notices instead.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use tauri::{AppHandle, Manager};
use zbus::fdo::DBusProxy;
use zbus::message::Type;
use zbus::names::BusName;
use zbus::{MatchRule, MessageStream};

use crate::state::AppState;

/// NetworkManager's NM_STATE_CONNECTED_SITE; anything from there up may reach oHallo.
const NM_CONNECTED: u32 = 60;
/// Any process on the system bus can send a signal that looks like logind's: a flood of them
/// must not become a flood of polls.
const MIN_BETWEEN_FORCED_POLLS: Duration = Duration::from_secs(5);

/// Who may tell us the machine woke or the network came back: the service's well-known name,
/// and the object it speaks for.
const SOURCES: [(&str, &str, &str, &str); 2] = [
    (
        "org.freedesktop.login1",
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager",
        "PrepareForSleep",
    ),
    (
        "org.freedesktop.NetworkManager",
        "/org/freedesktop/NetworkManager",
        "org.freedesktop.NetworkManager",
        "StateChanged",
    ),
];

pub fn watch(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        if let Err(error) = listen(&app).await {
            tracing::info!(%error, "no wake-up or network signals; regular polls only");
        }
    });
}

async fn listen(app: &AppHandle) -> zbus::Result<()> {
    let connection = zbus::Connection::system().await?;
    let bus = DBusProxy::new(&connection).await?;
    let mut streams = Vec::new();
    for (_, path, interface, member) in SOURCES {
        let rule = MatchRule::builder()
            .msg_type(Type::Signal)
            .path(path)?
            .interface(interface)?
            .member(member)?
            .build();
        streams.push(MessageStream::for_match_rule(rule, &connection, None).await?);
    }
    let mut signals = futures_util::stream::select_all(streams);
    let mut last_forced: Option<Instant> = None;
    while let Some(signal) = signals.next().await {
        let Ok(signal) = signal else { continue };
        let header = signal.header();
        let member = header.member().map(|m| m.as_str());
        let Some(&(service, ..)) = SOURCES
            .iter()
            .find(|(_, _, _, source_member)| member == Some(*source_member))
        else {
            continue;
        };
        // The bus says who sent it; only the current owner of the service's name counts.
        let owner = match BusName::try_from(service) {
            Ok(name) => bus.get_name_owner(name).await.ok(),
            Err(_) => None,
        };
        let genuine = owner
            .as_ref()
            .zip(header.sender())
            .is_some_and(|(owner, sender)| owner.as_str() == sender.as_str());
        if !genuine {
            tracing::warn!(service, "ignored a look-alike signal from another sender");
            continue;
        }
        let body = signal.body();
        let back = match member {
            // `false` means the machine has just woken up.
            Some("PrepareForSleep") => body.deserialize::<bool>().is_ok_and(|going| !going),
            Some("StateChanged") => body.deserialize::<u32>().is_ok_and(|s| s >= NM_CONNECTED),
            _ => false,
        };
        let due = last_forced.is_none_or(|at| at.elapsed() >= MIN_BETWEEN_FORCED_POLLS);
        if back && due {
            last_forced = Some(Instant::now());
            tracing::info!("woke up or back online: polling now");
            app.state::<AppState>().poll_now();
        }
    }
    Ok(())
}
