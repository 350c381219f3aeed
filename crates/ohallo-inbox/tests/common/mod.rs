//! What the integration tests share: the sandbox's control client and an engine's events.

// Each test binary compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use ohallo_sandbox::control_client::ControlClient;

/// The sandbox's control API, typed.
pub fn control(base_url: &str) -> ControlClient {
    ControlClient::new(base_url)
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
