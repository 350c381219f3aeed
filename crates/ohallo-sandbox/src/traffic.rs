//! Counts what clients ask of the API, so tests and benchmarks can quote exact figures: requests
//! per minute while idle, the share of requests that an injected fault answered, and how often
//! a client has read the first page of the conversation list (a polling client's polls).

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub(crate) struct Traffic {
    requests: AtomicU64,
    faulted: AtomicU64,
    /// At most one entry per valid `limit`, so a client cannot grow it.
    first_pages: Mutex<BTreeMap<usize, u64>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficStats {
    /// Every request outside the control API, faulted or not.
    pub requests: u64,
    /// Of those, the ones an injected fault delayed, failed, garbled or dropped.
    pub faulted: u64,
    /// First pages of `GET /api/conversations` (no `cursor`) answered 200 and intact, by the
    /// page size served. Clients that list with different page sizes (a sync engine and a
    /// window, say) are told apart by it, so a test can count one client's polls.
    pub first_pages: BTreeMap<usize, u64>,
}

impl TrafficStats {
    /// First pages served at this page size.
    pub fn first_pages_of(&self, page_size: usize) -> u64 {
        self.first_pages.get(&page_size).copied().unwrap_or(0)
    }
}

impl Traffic {
    pub(crate) fn record(&self, faulted: bool) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if faulted {
            self.faulted.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(crate) fn record_first_page(&self, page_size: usize) {
        *self.first_pages.lock().entry(page_size).or_default() += 1;
    }

    pub(crate) fn stats(&self) -> TrafficStats {
        TrafficStats {
            requests: self.requests.load(Ordering::Relaxed),
            faulted: self.faulted.load(Ordering::Relaxed),
            first_pages: self.first_pages.lock().clone(),
        }
    }
}
