//! Counts what clients ask of the API, so tests and benchmarks can quote exact figures: requests
//! per minute while idle, and the share of requests that an injected fault answered.

use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub(crate) struct Traffic {
    requests: AtomicU64,
    faulted: AtomicU64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrafficStats {
    /// Every request outside the control API, faulted or not.
    pub requests: u64,
    /// Of those, the ones an injected fault delayed, failed, garbled or dropped.
    pub faulted: u64,
}

impl Traffic {
    pub(crate) fn record(&self, faulted: bool) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if faulted {
            self.faulted.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(crate) fn stats(&self) -> TrafficStats {
        TrafficStats {
            requests: self.requests.load(Ordering::Relaxed),
            faulted: self.faulted.load(Ordering::Relaxed),
        }
    }
}
