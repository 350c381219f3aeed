//! A fault soak: a thousand customer messages while about one request in ten fails (5xx, 429
//! with Retry-After, dropped connections, malformed JSON, slow answers) and the engine is
//! restarted twice. Every message must be announced exactly once, and every reply sent during
//! the faults must arrive exactly once. Prints the figures.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ohallo_core::{ApiKey, Client, ClientOptions, RetryPolicy};
use ohallo_inbox::{Inbox, ReplyOutcome, SyncEngine, SyncEvent, SyncSettings};
use ohallo_sandbox::control_api::{FaultSpec, Inbound};
use ohallo_sandbox::{Config, Sandbox};

const MESSAGES: usize = 1000;
const REPLIES: usize = 20;

fn client(sandbox: &Sandbox) -> Client {
    let options = ClientOptions {
        request_timeout: Duration::from_secs(2),
        retry: RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(100),
            max_total_wait: Duration::from_secs(2),
        },
        ..ClientOptions::default()
    };
    Client::with_options(
        &sandbox.base_url(),
        ApiKey::parse(sandbox.key()).unwrap(),
        options,
    )
    .unwrap()
}

type Counts = Arc<Mutex<HashMap<String, usize>>>;

/// The engine, and the task counting its events: that task ends once the engine is dropped and
/// everything it published is counted.
fn start(
    inbox: &Inbox,
    counts: &Counts,
    outages: &Arc<Mutex<usize>>,
) -> (SyncEngine, tokio::task::JoinHandle<()>) {
    let counts = counts.clone();
    let outages = outages.clone();
    let (engine, mut events) = inbox
        .start_sync(SyncSettings {
            interval: Duration::from_millis(100),
            ..SyncSettings::default()
        })
        .unwrap();
    let counting = tokio::spawn(async move {
        while let Some(event) = events.recv().await {
            match event {
                SyncEvent::Announce(batch) => {
                    let mut counts = counts.lock().unwrap();
                    for message in batch.into_iter().flat_map(|a| a.messages) {
                        *counts.entry(message).or_default() += 1;
                    }
                }
                SyncEvent::Offline { .. } => *outages.lock().unwrap() += 1,
                _ => {}
            }
        }
    });
    (engine, counting)
}

/// Sends like a careful user: again only when the server refused it, or the app looked for it
/// in the thread as long as delivery may take and never saw it.
async fn send_until_sent(inbox: &Inbox, conversation: &str, content: &str) -> usize {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(300);
    let mut attempts = 0;
    while tokio::time::Instant::now() < deadline {
        attempts += 1;
        match inbox.send_reply(conversation, content).await {
            Ok(ReplyOutcome::Sent) => return attempts,
            Ok(ReplyOutcome::Unknown { sent_at }) => {
                // The sandbox delivers at once: a short look tells as much as the app's 90 s.
                let within = Duration::from_secs(3);
                if inbox
                    .confirm_reply(conversation, content, sent_at, within)
                    .await
                    == ReplyOutcome::Sent
                {
                    return attempts;
                }
            }
            Ok(ReplyOutcome::NotSeen) | Err(_) => {}
        }
    }
    panic!("the reply was not sent within 300 s ({attempts} attempts)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_messages_through_faults_and_restarts_are_each_announced_once() {
    let sandbox = Sandbox::start("127.0.0.1:0".parse().unwrap(), Config::default())
        .await
        .unwrap();
    let control = common::control(&sandbox.base_url());
    let dir = tempfile::tempdir().unwrap();
    let counts: Counts = Arc::default();
    let outages = Arc::new(Mutex::new(0));
    let inbox = Arc::new(Inbox::open(client(&sandbox), dir.path()).unwrap());
    let (mut engine, mut counting) = start(&inbox, &counts, &outages);
    // The first sync takes the baseline; messages written before it ends would be history.
    assert!(engine.wait_for_polls(1, Duration::from_secs(30)).await);

    let conversations: Vec<String> = (0..40).map(|n| format!("soak-{n}")).collect();
    let mut ids = Vec::new();
    for name in &conversations {
        let created = control
            .inbound(&Inbound::new(format!("{name} opens")).from_contact(name))
            .await
            .unwrap();
        ids.push(created.conversation_id);
    }

    let replies = {
        let inbox = inbox.clone();
        let ids = ids.clone();
        tokio::spawn(async move {
            let mut attempts = 0;
            for n in 0..REPLIES {
                attempts +=
                    send_until_sent(&inbox, &ids[n % ids.len()], &format!("reply {n}")).await;
                // Pacing, not proof: replies spread over the run, so faults meet them too.
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
            attempts
        })
    };

    let started = Instant::now();
    let mut faults = 0;
    for n in 0..MESSAGES {
        let id = &ids[n % ids.len()];
        control
            .inbound(&Inbound::new(format!("message {n}")).in_conversation(id))
            .await
            .unwrap();
        if n % 5 == 0 {
            control
                .add_fault(&FaultSpec::rotating(n / 5))
                .await
                .unwrap();
            faults += 1;
        }
        if n == MESSAGES / 3 || n == 2 * MESSAGES / 3 {
            drop(engine);
            (engine, counting) = start(&inbox, &counts, &outages);
        }
        // Pacing, not proof: news spread over many polls; the counts are waited for below.
        tokio::time::sleep(Duration::from_millis(8)).await;
    }
    let reply_attempts = replies.await.unwrap();
    // Faults still queued would only delay the end; the soak is over.
    control.clear_faults().await.unwrap();

    let expected = MESSAGES + conversations.len();
    let deadline = Instant::now() + Duration::from_secs(60);
    while counts.lock().unwrap().len() < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // A duplicate would come from a later poll: two more must pass announcing nothing twice.
    assert!(engine.wait_for_polls(2, Duration::from_secs(30)).await);
    drop(engine);
    counting.await.unwrap();

    let counts = counts.lock().unwrap().clone();
    let missed: Vec<String> = (0..MESSAGES)
        .map(|n| format!("message {n}"))
        .chain(conversations.iter().map(|c| format!("{c} opens")))
        .filter(|m| !counts.contains_key(m))
        .collect();
    let duplicated: Vec<(&String, &usize)> = counts.iter().filter(|(_, n)| **n > 1).collect();
    let received = control.replies().await.unwrap();
    let mut reply_counts: HashMap<String, usize> = HashMap::new();
    for reply in &received {
        *reply_counts.entry(reply.content.clone()).or_default() += 1;
    }
    println!(
        "fault soak: {} customer messages, {faults} faults injected, 2 restarts, {} outages seen, \
         {} announced, {} missed, {} duplicated; {REPLIES} replies in {reply_attempts} attempts, \
         {} arrived, {} twice; {:.1} s",
        expected,
        outages.lock().unwrap(),
        counts.len(),
        missed.len(),
        duplicated.len(),
        reply_counts.len(),
        reply_counts.values().filter(|n| **n > 1).count(),
        started.elapsed().as_secs_f64()
    );
    assert!(missed.is_empty(), "missed: {missed:?}");
    assert!(duplicated.is_empty(), "duplicated: {duplicated:?}");
    assert!(*outages.lock().unwrap() > 0, "the faults were felt");
    assert_eq!(reply_counts.len(), REPLIES, "every reply arrived");
    assert!(
        reply_counts.values().all(|n| *n == 1),
        "none twice: {reply_counts:?}"
    );
}
