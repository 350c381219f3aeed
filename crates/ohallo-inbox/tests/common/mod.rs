//! The sandbox's control API over HTTP, shared by the integration tests.

// Each test binary compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use serde_json::Value;

pub async fn control(base_url: &str, path: &str, body: Value) -> Value {
    reqwest::Client::new()
        .post(format!("{base_url}/_sandbox/{path}"))
        .json(&body)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub async fn replies(base_url: &str) -> Vec<Value> {
    reqwest::get(format!("{base_url}/_sandbox/replies"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// What a sync engine has published, read in the order it happened.
pub struct Events {
    stream: std::sync::Mutex<ohallo_inbox::SyncEvents>,
    seen: std::sync::Mutex<Vec<ohallo_inbox::SyncEvent>>,
}

impl Events {
    pub fn new(stream: ohallo_inbox::SyncEvents) -> Events {
        Events {
            stream: std::sync::Mutex::new(stream),
            seen: std::sync::Mutex::default(),
        }
    }

    /// Everything published so far. The engine publishes a poll's events before it counts the
    /// poll, so after `wait_for_polls` this holds all of that poll's events.
    pub fn lock(
        &self,
    ) -> std::sync::LockResult<std::sync::MutexGuard<'_, Vec<ohallo_inbox::SyncEvent>>> {
        let mut seen = self.seen.lock().unwrap();
        let mut stream = self.stream.lock().unwrap();
        while let Ok(event) = stream.try_recv() {
            seen.push(event);
        }
        Ok(seen)
    }
}
