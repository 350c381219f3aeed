use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use ohallo_core::{ApiError, Client, ConversationQuery};
use serde::Serialize;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// The most a failing server is left alone between polls.
const MAX_BACKOFF: Duration = Duration::from_secs(300);

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InboxChange {
    /// Conversations that are new or whose `lastMessageAt` moved since the previous poll.
    pub conversation_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum WatchEvent {
    Changed(InboxChange),
    Online,
    Offline { reason: String },
}

/// Polls the first page of conversations in the background (the API has no push) and reports
/// what moved. Stops when dropped.
pub struct Watcher {
    wake: Arc<Notify>,
    task: JoinHandle<()>,
}

impl Watcher {
    pub fn spawn(
        client: Client,
        interval: Duration,
        on_event: impl Fn(WatchEvent) + Send + Sync + 'static,
    ) -> Watcher {
        let wake = Arc::new(Notify::new());
        let task = tokio::spawn(run(client, interval, wake.clone(), on_event));
        Watcher { wake, task }
    }

    /// Polls at once, e.g. when the window gains focus or the network comes back.
    pub fn poll_now(&self) {
        self.wake.notify_one();
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn run(
    client: Client,
    interval: Duration,
    wake: Arc<Notify>,
    on_event: impl Fn(WatchEvent) + Send + Sync + 'static,
) {
    let mut seen: Option<HashMap<String, DateTime<Utc>>> = None;
    let mut failures: u32 = 0;
    loop {
        let delay = match poll(&client).await {
            Ok(latest) => {
                if failures > 0 {
                    on_event(WatchEvent::Online);
                }
                failures = 0;
                if let Some(previous) = &seen {
                    let changed = changed_ids(previous, &latest);
                    if !changed.is_empty() {
                        on_event(WatchEvent::Changed(InboxChange {
                            conversation_ids: changed,
                        }));
                    }
                }
                // Conversations that drop off the first page keep their last known time, so
                // one that climbs back with an old timestamp is not news.
                let mut merged = seen.take().unwrap_or_default();
                merged.extend(latest);
                seen = Some(merged);
                interval
            }
            Err(error) => {
                if failures == 0 {
                    on_event(WatchEvent::Offline {
                        reason: error.user_message(),
                    });
                }
                failures = failures.saturating_add(1);
                backoff(interval, failures, &error)
            }
        };
        tokio::select! {
            () = tokio::time::sleep(delay) => {}
            () = wake.notified() => {}
        }
    }
}

async fn poll(client: &Client) -> Result<HashMap<String, DateTime<Utc>>, ApiError> {
    let page = client
        .list_conversations(&ConversationQuery::default())
        .await?;
    Ok(page
        .data
        .into_iter()
        .map(|c| (c.id, c.last_message_at))
        .collect())
}

fn changed_ids(
    previous: &HashMap<String, DateTime<Utc>>,
    latest: &HashMap<String, DateTime<Utc>>,
) -> Vec<String> {
    let mut changed: Vec<String> = latest
        .iter()
        .filter(|(id, at)| previous.get(*id).is_none_or(|before| *at > before))
        .map(|(id, _)| id.clone())
        .collect();
    changed.sort();
    changed
}

/// Exponential backoff with jitter, never sooner than the server's `Retry-After`.
fn backoff(interval: Duration, failures: u32, error: &ApiError) -> Duration {
    let exponential = interval.saturating_mul(2u32.saturating_pow(failures.min(8)));
    let capped = exponential.min(MAX_BACKOFF);
    let jittered = capped.mul_f64(0.5 + rand::random::<f64>() / 2.0);
    match error {
        ApiError::RateLimited {
            retry_after: Some(wait),
        } => jittered.max(*wait),
        _ => jittered,
    }
}
