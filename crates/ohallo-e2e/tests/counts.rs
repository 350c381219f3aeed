//! The unread count where the desktop shows it: the launcher icon (the Unity LauncherEntry
//! signal, recorded on the app's session bus) and the window's title (read from the X server
//! with xdotool, as a taskbar would) follow the list's marks, up when a customer writes and
//! down when the conversation is read.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use ohallo_e2e::{World, WorldOptions};
use ohallo_sandbox::control_api::Inbound;
use zbus::message::Type;
use zbus::zvariant::OwnedValue;
use zbus::{MatchRule, MessageStream};

const CONTACT: &str = "Carla Counts";

/// Waits for the app to put `count` on its launcher icon.
async fn launcher_shows(signals: &mut MessageStream, count: i64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let signal = tokio::time::timeout(left, signals.next())
            .await
            .unwrap_or_else(|_| panic!("the launcher never showed {count}"))
            .expect("the bus closed")
            .unwrap();
        let (uri, properties): (String, HashMap<String, OwnedValue>) =
            signal.body().deserialize().unwrap();
        assert_eq!(uri, "application://ohallo.desktop");
        let shown = i64::try_from(&properties["count"]).unwrap();
        let visible = bool::try_from(&properties["count-visible"]).unwrap();
        assert_eq!(visible, shown > 0, "{properties:?}");
        if shown == count {
            return;
        }
    }
}

#[tokio::test]
async fn the_launcher_icon_and_the_title_count_unread_conversations_up_and_down() {
    let (world, app) = World::signed_in_and_listed(WorldOptions::polling_every(1))
        .await
        .unwrap();
    let rule = MatchRule::builder()
        .msg_type(Type::Signal)
        .interface("com.canonical.Unity.LauncherEntry")
        .unwrap()
        .member("Update")
        .unwrap()
        .build();
    let mut signals = MessageStream::for_match_rule(rule, &world.bus, None)
        .await
        .unwrap();
    world.wait_for_title_unread(0).await.unwrap();

    world
        .control
        .inbound(&Inbound::new("Is anyone there?").from_contact(CONTACT))
        .await
        .unwrap();
    launcher_shows(&mut signals, 1).await;
    world.wait_for_title_unread(1).await.unwrap();

    app.open_conversation(CONTACT).await.unwrap();
    launcher_shows(&mut signals, 0).await;
    world.wait_for_title_unread(0).await.unwrap();
    app.close().await.unwrap();
}
