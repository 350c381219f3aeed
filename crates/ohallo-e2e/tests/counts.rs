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

/// Waits for the app's window title to say `unread` unread conversations (the demo data's open
/// attention items follow in the same parentheses, counted by the attention tests).
fn title_reads(world: &World, unread: usize) {
    let said = |title: &str| {
        let counts = title
            .strip_prefix("oHallo")
            .unwrap_or_default()
            .trim()
            .trim_start_matches('(')
            .trim_end_matches(')');
        let shown = counts
            .split(" · ")
            .find_map(|part| part.strip_suffix(" unread"))
            .map_or(Some(0), |n| n.parse().ok());
        title.starts_with("oHallo") && shown == Some(unread)
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        let run = |args: &[&str]| {
            std::process::Command::new("xdotool")
                .args(args)
                .env("DISPLAY", world.display_name())
                .output()
                .ok()
                .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        };
        let ids = run(&["search", "--name", "^oHallo"]).unwrap_or_default();
        seen = ids
            .lines()
            .filter_map(|id| run(&["getwindowname", id]))
            .collect();
        if seen.iter().any(|title| said(title)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no window title says {unread} unread; titles: {seen:?}");
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
    title_reads(&world, 0);

    world
        .control
        .inbound(&Inbound::new("Is anyone there?").from_contact(CONTACT))
        .await
        .unwrap();
    launcher_shows(&mut signals, 1).await;
    title_reads(&world, 1);

    app.open_conversation(CONTACT).await.unwrap();
    launcher_shows(&mut signals, 0).await;
    title_reads(&world, 0);
    app.close().await.unwrap();
}
