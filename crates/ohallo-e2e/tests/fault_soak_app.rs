//! The fault soak against the whole app: the real window hidden to the tray as it is all day,
//! notifications counted on the session bus, one API request in ten failing (5xx, 429 with
//! Retry-After, dropped connections, malformed JSON, slow answers), and the app restarted twice
//! while customers keep writing. Every customer message must be notified exactly once, the app
//! must not crash, the offline banner must come and go, and replies sent into faults must arrive
//! once each with the draft kept until they do. Prints the figures.
//!
//! Summaries ("25 new messages in 9 conversations") and per-conversation cards ("3 new
//! messages · …") carry their counts, so the messages notified are counted from the bus itself;
//! a card that replaces another counts what its predecessor did too, so only the difference is
//! new.

use std::time::{Duration, Instant};

use ohallo_e2e::{AppWindow, CapturedNotification, World, WorldOptions};
use ohallo_sandbox::control_api::{FaultSpec, Inbound};
use serde_json::{json, Value};

const MESSAGES: usize = 1000;
const CONTACTS: usize = 40;
const FAULT_SHARE: f64 = 0.10;
/// The app is closed for the messages from the first to the second number, both times.
const DOWN: [(usize, usize); 2] = [(300, 330), (650, 680)];
const REPLIES: usize = 5;

/// How many customer messages one notification counts, with those of the card it replaced.
fn messages_in(notification: &CapturedNotification) -> usize {
    let leading_count = |text: &str, suffix: &str| {
        text.split_once(suffix)
            .and_then(|(count, _)| count.parse::<usize>().ok())
    };
    leading_count(&notification.summary, " new messages in ")
        .or_else(|| leading_count(&notification.body, " new messages · "))
        .unwrap_or(1)
}

fn notified(world: &World) -> usize {
    let mut on_screen = std::collections::HashMap::new();
    let mut total = 0;
    for notification in world.notifications.notifications() {
        let before = match notification.replaces_id {
            0 => 0,
            replaced => on_screen.get(&replaced).copied().unwrap_or(0),
        };
        // "A human is needed" replaces a card without a message of its own.
        let counted = if notification.summary.starts_with("A human is needed") {
            before
        } else {
            messages_in(&notification)
        };
        total += counted.saturating_sub(before);
        on_screen.insert(notification.id, counted);
    }
    total
}

/// Keeps about one request in ten failing: one more fault whenever the faults served plus those
/// still queued fall below the share of the requests so far.
struct FaultKeeper {
    injected: usize,
}

impl FaultKeeper {
    async fn top_up(&mut self, world: &World) {
        let traffic = world.control.traffic().await.unwrap();
        let queued = self.injected.saturating_sub(traffic.faulted as usize);
        if ((traffic.faulted as usize + queued) as f64) < FAULT_SHARE * traffic.requests as f64 {
            world
                .control
                .add_fault(&FaultSpec::rotating(self.injected))
                .await
                .unwrap();
            self.injected += 1;
        }
    }
}

async fn launch_hidden(world: &World) -> AppWindow {
    let app = world.launch_app().await.unwrap();
    app.region("Conversations").await.unwrap();
    app.hide().await.unwrap();
    app
}

async fn offline_banner_comes_and_goes(world: &World, app: &AppWindow, keeper: &mut FaultKeeper) {
    keeper.injected += world.outage().await.unwrap();
    app.offline_banner_comes_and_goes().await.unwrap();
}

/// Sends a reply into a fault the way a user would: Send, and Retry while the app says it was
/// not sent, checking each time that the draft is still in the box.
async fn reply_through_a_fault(
    world: &World,
    app: &AppWindow,
    keeper: &mut FaultKeeper,
    id: &str,
    text: &str,
) {
    let fault =
        FaultSpec::rotating(keeper.injected).under(format!("/api/conversations/{id}/reply"));
    world.control.add_fault(&fault).await.unwrap();
    keeper.injected += 1;
    app.send_reply(text).await.unwrap();
    // A dropped connection leaves the outcome unknown: the app looks for the reply in the
    // thread for a minute before it offers to send again.
    let deadline = Instant::now() + Duration::from_secs(150);
    let state = format!(
        "const sent = [...document.querySelectorAll('#messages > li:not([data-pending]) .message-body')].some((b) => b.textContent === {text:?});
         const failed = !document.getElementById('composer-error').hidden && !document.getElementById('retry-button').hidden;
         return sent ? 'sent' : failed ? document.getElementById('reply').value : 'waiting';"
    );
    loop {
        assert!(Instant::now() < deadline, "reply {text:?} never confirmed");
        match app.eval(&state).await.unwrap() {
            Value::String(s) if s == "sent" => return,
            Value::String(s) if s == "waiting" => {}
            kept => {
                assert_eq!(kept, json!(text), "the draft survives a failed send");
                // Labelled Retry, or Send again after an unconfirmed send.
                app.eval("document.getElementById('retry-button').click(); return true;")
                    .await
                    .unwrap();
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_thousand_messages_through_faults_and_two_app_restarts_are_each_notified_once() {
    let (world, app) = World::signed_in(WorldOptions::polling_every(1).with_tray_host())
        .await
        .unwrap();
    // The first sync after sign-in is silent by design; let it pass.
    world
        .wait_for_polls(1, Duration::from_secs(30))
        .await
        .unwrap();
    let started = Instant::now();
    let mut keeper = FaultKeeper { injected: 0 };

    // Replies first, while the window is shown; this customer's message is notified too.
    let target = world
        .control
        .inbound(&Inbound::new("Can someone answer?").from_contact("Reply target"))
        .await
        .unwrap();
    let expected = MESSAGES + 1;
    world
        .notifications
        .wait_for(1, Duration::from_secs(10))
        .await
        .unwrap();
    app.open_conversation("Reply target").await.unwrap();
    let target = target.conversation_id.as_str();
    for n in 0..REPLIES {
        let text = format!("Soak reply {n}");
        reply_through_a_fault(&world, &app, &mut keeper, target, &text).await;
    }
    app.hide().await.unwrap();

    let mut app = Some(app);
    let mut conversations: Vec<String> = Vec::new();

    for n in 0..MESSAGES {
        let contact = n % CONTACTS;
        let message = Inbound::new(format!("Soak message {n}"));
        let message = match conversations.get(contact) {
            Some(id) => message.in_conversation(id),
            None => message.from_contact(format!("Soak customer {contact}")),
        };
        let written = world.control.inbound(&message).await.unwrap();
        if conversations.len() == contact {
            conversations.push(written.conversation_id);
        }
        if DOWN.iter().any(|&(down, _)| down == n) {
            app.take().unwrap().close().await.unwrap();
        }
        if DOWN.iter().any(|&(_, up)| up == n) {
            let restarted = launch_hidden(&world).await;
            if n == DOWN[1].1 {
                offline_banner_comes_and_goes(&world, &restarted, &mut keeper).await;
            }
            app = Some(restarted);
        }
        if app.is_some() {
            keeper.top_up(&world).await;
        }
        // Pacing, not proof: the messages spread over many polls, so faults and restarts meet
        // polls in flight; the counts are waited for below, with a deadline.
        tokio::time::sleep(Duration::from_millis(60)).await;
    }

    let deadline = Instant::now() + Duration::from_secs(90);
    while notified(&world) < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // A late duplicate would show within two more polls; faults still queued would only slow
    // them down.
    world.control.clear_faults().await.unwrap();
    world
        .wait_for_polls(2, Duration::from_secs(60))
        .await
        .unwrap();
    let total = notified(&world);
    let notifications = world.notifications.notifications().len();
    let traffic = world.control.traffic().await.unwrap();
    let app = app.unwrap();
    assert_eq!(
        app.eval("return 1 + 1;").await.unwrap(),
        json!(2),
        "the app is still alive"
    );
    let replies = world.control.replies().await.unwrap();
    let log = std::fs::read_to_string(world.app_log()).unwrap_or_default();
    println!(
        "app fault soak: {expected} customer messages, {total} notified in {notifications} \
         notifications, {} of {} requests faulted ({:.1} %), 2 app restarts, {REPLIES} replies \
         through faults, {} replies received, {:.0} s",
        traffic.faulted,
        traffic.requests,
        100.0 * traffic.faulted as f64 / traffic.requests as f64,
        replies.len(),
        started.elapsed().as_secs_f64()
    );
    assert_eq!(total, expected, "every message notified exactly once");
    assert!(!log.contains("panicked"), "the app never panicked");
    for n in 0..REPLIES {
        let text = format!("Soak reply {n}");
        let times = replies.iter().filter(|r| r.content == text).count();
        assert_eq!(times, 1, "{text:?} arrived exactly once");
    }
    app.close().await.unwrap();
}
