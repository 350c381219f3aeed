//! Polls at once when the machine wakes from sleep or the network comes back, instead of
//! waiting out the interval or a backoff. Both are announced on the system bus (logind and
//! NetworkManager); without a system bus the next regular poll notices instead.

use futures_util::StreamExt;
use tauri::{AppHandle, Manager};
use zbus::message::Type;
use zbus::{MatchRule, MessageStream};

use crate::state::AppState;

/// NetworkManager's NM_STATE_CONNECTED_SITE; anything from there up may reach oHallo.
const NM_CONNECTED: u32 = 60;

pub fn watch(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        if let Err(error) = listen(&app).await {
            tracing::info!(%error, "no wake-up or network signals; regular polls only");
        }
    });
}

async fn listen(app: &AppHandle) -> zbus::Result<()> {
    let connection = zbus::Connection::system().await?;
    let rule =
        |interface: &'static str, member: &'static str| -> zbus::Result<MatchRule<'static>> {
            Ok(MatchRule::builder()
                .msg_type(Type::Signal)
                .interface(interface)?
                .member(member)?
                .build())
        };
    let sleep = MessageStream::for_match_rule(
        rule("org.freedesktop.login1.Manager", "PrepareForSleep")?,
        &connection,
        None,
    )
    .await?;
    let network = MessageStream::for_match_rule(
        rule("org.freedesktop.NetworkManager", "StateChanged")?,
        &connection,
        None,
    )
    .await?;
    let mut signals = futures_util::stream::select(sleep, network);
    while let Some(signal) = signals.next().await {
        let Ok(signal) = signal else { continue };
        let body = signal.body();
        let back = match signal.header().member().map(|m| m.as_str()) {
            // `false` means the machine has just woken up.
            Some("PrepareForSleep") => body.deserialize::<bool>().is_ok_and(|going| !going),
            Some("StateChanged") => body.deserialize::<u32>().is_ok_and(|s| s >= NM_CONNECTED),
            _ => false,
        };
        if back {
            tracing::info!("woke up or back online: polling now");
            app.state::<AppState>().poll_now();
        }
    }
    Ok(())
}
