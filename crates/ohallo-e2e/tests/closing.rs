//! Closing the window never loses the app. On a desktop that shows no tray icon (stock GNOME:
//! no StatusNotifier host, no XEmbed tray) closing minimises the window, which the taskbar or
//! dock keeps; where a panel shows the icon, closing hides the window in the tray. A real window
//! manager (openbox) does the minimising; its ICCCM `WM_STATE` on the app's X window tells
//! minimised (Iconic) from hidden (Withdrawn, or gone) from shown (Normal). The tests' bus
//! services answer the app from other threads while a test waits on the X tools.

use std::process::Command;
use std::time::{Duration, Instant};

use ohallo_e2e::{AppWindow, World, WorldOptions};
use ohallo_sandbox::control_api::Inbound;
use serde_json::json;

fn on_display(world: &World, program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .env_clear()
        .envs(world.env().iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .unwrap_or_else(|e| panic!("running {program}: {e}"));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The app's top-level window: the one with a WM_STATE among those titled oHallo (GTK's
/// helper windows have none).
fn app_window(world: &World) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let ids = on_display(world, "xdotool", &["search", "--name", "^oHallo"]);
        if let Some(id) = ids
            .lines()
            .find(|id| window_state(world, id).as_deref() == Some("Normal"))
        {
            return id.to_owned();
        }
        assert!(Instant::now() < deadline, "no shown oHallo window");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// "Normal", "Iconic" or "Withdrawn"; `None` once the window manager has let go of it.
fn window_state(world: &World, id: &str) -> Option<String> {
    let out = on_display(world, "xprop", &["-id", id, "WM_STATE"]);
    out.lines()
        .find_map(|line| line.trim().strip_prefix("window state: "))
        .map(str::to_owned)
}

fn wait_for_state(world: &World, id: &str, wanted: &[Option<&str>], what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let state = window_state(world, id);
        if wanted.contains(&state.as_deref()) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the window was never {what}: WM_STATE {state:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn minimised(world: &World, id: &str) {
    wait_for_state(world, id, &[Some("Iconic")], "minimised");
    let net = on_display(world, "xprop", &["-id", id, "_NET_WM_STATE"]);
    assert!(net.contains("_NET_WM_STATE_HIDDEN"), "{net}");
}

/// Alt+F4 as a user presses it: the window manager asks the app to close its window.
fn alt_f4(world: &World, id: &str) {
    on_display(world, "xdotool", &["windowactivate", "--sync", id]);
    on_display(world, "xdotool", &["key", "alt+F4"]);
}

/// The app still runs: its page answers and a customer's message is announced.
async fn runs_on(world: &World, app: &AppWindow, contact: &str) {
    assert_eq!(app.eval("return 1 + 1;").await.unwrap(), json!(2));
    let before = world.notifications.notifications().len();
    world
        .control
        .inbound(&Inbound::new("Are you still there?").from_contact(contact))
        .await
        .unwrap();
    let shown = world
        .notifications
        .wait_for(before + 1, Duration::from_secs(20))
        .await
        .unwrap();
    assert!(
        shown.iter().any(|n| n.summary.starts_with(contact)),
        "{shown:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_tray_closing_minimises_the_window_and_the_app_runs_on() {
    let (world, app) = World::signed_in_and_listed(WorldOptions {
        window_manager: true,
        ..WorldOptions::polling_every(1)
    })
    .await
    .unwrap();
    let id = app_window(&world);

    app.hide().await.unwrap();
    minimised(&world, &id);
    runs_on(&world, &app, "Minnie Mised").await;

    on_display(&world, "xdotool", &["windowactivate", "--sync", &id]);
    wait_for_state(&world, &id, &[Some("Normal")], "shown again");
    alt_f4(&world, &id);
    minimised(&world, &id);
    assert_eq!(app.eval("return 1 + 1;").await.unwrap(), json!(2));
    app.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn where_a_panel_shows_the_tray_closing_hides_the_window_in_it() {
    let (world, app) = World::signed_in_and_listed(WorldOptions {
        window_manager: true,
        ..WorldOptions::polling_every(1).with_tray_host()
    })
    .await
    .unwrap();
    let id = app_window(&world);
    let host = world.tray_host.as_ref().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while host.items().is_empty() {
        assert!(
            Instant::now() < deadline,
            "the app never put its icon in the tray"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    alt_f4(&world, &id);
    wait_for_state(&world, &id, &[Some("Withdrawn"), None], "hidden");
    let shown = on_display(
        &world,
        "xdotool",
        &["search", "--onlyvisible", "--name", "^oHallo"],
    );
    assert!(
        shown.trim().is_empty(),
        "no oHallo window is shown: {shown}"
    );
    runs_on(&world, &app, "Tracy Tray").await;
    app.close().await.unwrap();
}
