//! Native notifications on the test's own session bus, captured by our notification server.

use std::time::Duration;

use fantoccini::key::Key;
use ohallo_e2e::{AppWindow, World, WorldOptions};
use ohallo_sandbox::control_api::Inbound;
use serde_json::json;

const INTERVAL_SECS: u64 = 1;

async fn signed_in_world() -> (World, AppWindow) {
    World::signed_in(WorldOptions::polling_every(INTERVAL_SECS).with_tray_host())
        .await
        .unwrap()
}

fn within_two_intervals() -> Duration {
    Duration::from_secs(2 * INTERVAL_SECS + 3)
}

/// A customer writes in.
async fn write(world: &World, inbound: &Inbound) -> ohallo_sandbox::control_api::Written {
    world.control.inbound(inbound).await.unwrap()
}

/// The notifications once there are `count`, within two intervals.
async fn notified(world: &World, count: usize) -> Vec<ohallo_e2e::CapturedNotification> {
    world
        .notifications
        .wait_for(count, within_two_intervals())
        .await
        .unwrap()
}

/// Two polls after the call have finished and announced nothing more: the proof of silence.
async fn two_polls_pass(world: &World) {
    world
        .wait_for_polls(2, Duration::from_secs(30))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_customer_message_notifies_once_escaped_while_hidden_and_a_click_opens_it() {
    let (world, app) = signed_in_world().await;
    two_polls_pass(&world).await;
    assert!(
        world.notifications.notifications().is_empty(),
        "the first sync after sign-in is silent"
    );

    app.client
        .active_element()
        .await
        .unwrap()
        .send_keys(&(Key::Control + "w"))
        .await
        .unwrap();
    // The app asks the desktop whether it shows the tray before it hides the window.
    app.wait_until_script("return document.hidden;")
        .await
        .expect("Ctrl+W hides the window to the tray");

    world
        .control
        .inbound(
            &Inbound::new("<b>Refund</b> & <a href='https://evil.example'>now</a>")
                .on_channel("whatsapp")
                .from_contact("Mona Markup"),
        )
        .await
        .unwrap();
    let shown = world
        .notifications
        .wait_for(1, within_two_intervals())
        .await
        .unwrap();
    assert_eq!(shown[0].summary, "Mona Markup · WhatsApp");
    assert_eq!(
        shown[0].body,
        "&lt;b&gt;Refund&lt;/b&gt; &amp; &lt;a href=&apos;https://evil.example&apos;&gt;now&lt;/a&gt;"
    );
    assert!(
        shown[0].actions.contains(&"default".to_string()),
        "clickable"
    );

    // Out of sight, the window is not brought up to date (it would read pages no one sees):
    // the news waits for the window to be seen.
    const MONA_LISTED: &str =
        "return [...document.querySelectorAll('#conversation-list .conversation-name')]\
         .some((n) => n.textContent === 'Mona Markup');";
    two_polls_pass(&world).await;
    assert_eq!(
        app.eval(MONA_LISTED).await.unwrap(),
        json!(false),
        "the hidden window waits"
    );

    world.notifications.click(shown[0].id).await.unwrap();
    // After the window was hidden and shown again, WebKitWebDriver's element lookups are
    // unreliable; the page itself answers.
    app.wait_until_script(
        "return !document.getElementById('thread').hidden \
         && document.getElementById('thread-contact').textContent === 'Mona Markup';",
    )
    .await
    .unwrap();
    let hidden = app.eval("return document.hidden;").await.unwrap();
    assert_eq!(hidden, json!(false), "the click brought the window back");
    app.wait_until_script(MONA_LISTED).await.unwrap();
    app.wait_until_script(
        "return document.querySelectorAll('#conversation-list li.unread').length === 0;",
    )
    .await
    .unwrap();

    two_polls_pass(&world).await;
    assert_eq!(world.notifications.notifications().len(), 1, "exactly once");

    app.close().await.unwrap();
    let app = world.launch_app().await.unwrap();
    app.region("Conversations").await.unwrap();
    two_polls_pass(&world).await;
    assert_eq!(
        world.notifications.notifications().len(),
        1,
        "a restart repeats nothing"
    );
    app.close().await.unwrap();
}

#[tokio::test]
async fn the_conversation_being_read_and_paused_notifications_stay_quiet() {
    let (world, app) = signed_in_world().await;
    let first = world
        .control
        .inbound(&Inbound::new("Hello there").from_contact("Quiet Quinn"))
        .await
        .unwrap();
    world
        .notifications
        .wait_for(1, within_two_intervals())
        .await
        .unwrap();

    // Reading it in the focused window: more messages there do not notify.
    app.open_conversation("Quiet Quinn").await.unwrap();
    world
        .control
        .inbound(&Inbound::new("Are you reading?").in_conversation(&first.conversation_id))
        .await
        .unwrap();
    app.wait("//ol[@aria-label='Messages']//*[text()='Are you reading?']")
        .await
        .unwrap();
    two_polls_pass(&world).await;
    assert_eq!(world.notifications.notifications().len(), 1);

    // Paused: nothing at all, for any conversation.
    app.wait("//input[@id='pause-switch']")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    world
        .control
        .inbound(&Inbound::new("Anyone?").from_contact("Paused Paula"))
        .await
        .unwrap();
    two_polls_pass(&world).await;
    assert_eq!(world.notifications.notifications().len(), 1);
    app.close().await.unwrap();
}

#[tokio::test]
async fn launch_at_login_is_off_until_chosen_and_then_writes_an_autostart_entry() {
    let (world, app) = signed_in_world().await;
    let switch = app.wait("//input[@id='autostart-switch']").await.unwrap();
    assert!(!switch.is_selected().await.unwrap(), "opt-in");
    // auto-launch writes to ~/.config/autostart whatever XDG_CONFIG_HOME says.
    let autostart = world.home().join(".config").join("autostart");
    let entries = || {
        std::fs::read_dir(&autostart)
            .map(|d| d.count())
            .unwrap_or(0)
    };
    assert_eq!(entries(), 0);

    switch.click().await.unwrap();
    app.wait_until_script("return document.getElementById('autostart-switch').checked;")
        .await
        .unwrap();
    for _ in 0..50 {
        if entries() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        entries(),
        1,
        "an autostart entry in {}",
        autostart.display()
    );
    let entry = std::fs::read_dir(&autostart)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(entry).unwrap();
    assert!(text.contains("--hidden"), "starts in the tray: {text}");

    app.wait("//input[@id='autostart-switch']")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_until_script("return !document.getElementById('autostart-switch').checked;")
        .await
        .unwrap();
    assert_eq!(entries(), 0, "turning it off removes the entry");
    app.close().await.unwrap();
}

#[tokio::test]
async fn the_offline_banner_comes_with_an_outage_and_goes_when_the_server_is_back() {
    let (world, app) = signed_in_world().await;
    app.wait_until_script("return document.getElementById('list-banner').hidden;")
        .await
        .unwrap();
    world.outage().await.unwrap();
    app.offline_banner_comes_and_goes().await.unwrap();
    app.close().await.unwrap();
}

#[tokio::test]
async fn waking_from_sleep_polls_at_once_instead_of_waiting_for_the_interval() {
    // Far longer than the test waits: only the wake-up can explain a prompt notification.
    let (world, app) = World::signed_in_and_listed(WorldOptions::polling_every(120))
        .await
        .unwrap();
    let listed = world.engine_first_pages().await.unwrap();

    world
        .control
        .inbound(&Inbound::new("Good morning!").from_contact("Early Bird"))
        .await
        .unwrap();
    assert_eq!(
        world.engine_first_pages().await.unwrap(),
        listed,
        "no poll is due yet"
    );
    // The app only believes the owner of logind's name; on this private bus, that is us.
    world
        .bus
        .request_name("org.freedesktop.login1")
        .await
        .unwrap();
    world
        .bus
        .emit_signal(
            None::<&str>,
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            &(false,),
        )
        .await
        .unwrap();
    let shown = world
        .notifications
        .wait_for(1, Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(shown[0].summary, "Early Bird · Chat");
    app.close().await.unwrap();
}

#[tokio::test]
async fn news_in_one_conversation_updates_its_card_in_place_until_it_is_read() {
    let (world, app) = signed_in_world().await;
    let first = write(
        &world,
        &Inbound::new("My parcel is late")
            .on_channel("chat")
            .from_contact("Jane Inplace"),
    )
    .await;
    let shown = notified(&world, 1).await;
    assert_eq!(shown[0].replaces_id, 0, "a new card");
    assert_eq!(shown[0].body, "My parcel is late");

    write(
        &world,
        &Inbound::new("Hello??").in_conversation(&first.conversation_id),
    )
    .await;
    let shown = notified(&world, 2).await;
    assert_eq!(shown[1].replaces_id, shown[0].id, "the same card, updated");
    assert_eq!(shown[1].id, shown[0].id);
    assert_eq!(shown[1].summary, "Jane Inplace · Chat");
    assert_eq!(shown[1].body, "2 new messages · Hello??");

    // Read, then left for another conversation: the next message starts a fresh card.
    app.open_conversation("Jane Inplace").await.unwrap();
    write(
        &world,
        &Inbound::new("Elsewhere").from_contact("Other Otto"),
    )
    .await;
    notified(&world, 3).await;
    app.open_conversation("Other Otto").await.unwrap();
    write(
        &world,
        &Inbound::new("Still there?").in_conversation(&first.conversation_id),
    )
    .await;
    let shown = notified(&world, 4).await;
    assert_eq!(shown[3].replaces_id, 0, "a fresh card after reading");
    assert_eq!(shown[3].body, "Still there?");
    app.close().await.unwrap();
}

#[tokio::test]
async fn the_desktops_own_do_not_disturb_keeps_notifications_quiet() {
    let (world, app) = signed_in_world().await;
    world.notifications.set_inhibited(true);
    write(&world, &Inbound::new("Shh").from_contact("Inhibited Ida")).await;
    app.wait_until_script(
        "return [...document.querySelectorAll('#conversation-list li.unread .conversation-name')]\
         .some((n) => n.textContent === 'Inhibited Ida');",
    )
    .await
    .unwrap();
    two_polls_pass(&world).await;
    assert!(world.notifications.notifications().is_empty());

    world.notifications.set_inhibited(false);
    write(&world, &Inbound::new("Now?").from_contact("Awake Abe")).await;
    let shown = notified(&world, 1).await;
    assert_eq!(shown[0].summary, "Awake Abe · Chat");
    app.close().await.unwrap();
}
