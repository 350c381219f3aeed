//! Counts what clients ask of the API, so tests and benchmarks can quote exact figures: requests
//! per minute while idle, the share of requests that an injected fault answered, and how often
//! a client has read the first page of the conversation list (a polling client's polls), and
//! which routes the requests went to.

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
    by_route: Mutex<BTreeMap<String, u64>>,
}

/// Routes counted apart; any further path a client makes up is counted under [`OTHER_ROUTES`],
/// so a client cannot grow the map.
const MAX_ROUTES: usize = 48;
const OTHER_ROUTES: &str = "other";

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
    /// Every request outside the control API by method and route, ids written `{id}`:
    /// `GET /api/conversations/{id}/messages`.
    pub by_route: BTreeMap<String, u64>,
}

impl TrafficStats {
    /// First pages served at this page size.
    pub fn first_pages_of(&self, page_size: usize) -> u64 {
        self.first_pages.get(&page_size).copied().unwrap_or(0)
    }
}

impl Traffic {
    pub(crate) fn record(&self, method: &str, path: &str, faulted: bool) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let route = route_of(method, path);
        let mut by_route = self.by_route.lock();
        if by_route.len() < MAX_ROUTES || by_route.contains_key(&route) {
            *by_route.entry(route).or_default() += 1;
        } else {
            *by_route.entry(OTHER_ROUTES.into()).or_default() += 1;
        }
        drop(by_route);
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
            by_route: self.by_route.lock().clone(),
        }
    }
}

/// `GET /api/conversations/c-12/messages` → `GET /api/conversations/{id}/messages`: the third
/// segment of an API path is an id, but for the one fixed word the API puts there.
fn route_of(method: &str, path: &str) -> String {
    let segments = path.trim_start_matches('/').split('/').enumerate();
    let route = segments
        .map(|(index, segment)| match (index, segment) {
            (2, "compose") => segment,
            (2, _) => "{id}",
            _ => segment,
        })
        .collect::<Vec<_>>()
        .join("/");
    format!("{method} /{route}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_route_with_ids_left_out() {
        let traffic = Traffic::default();
        traffic.record("GET", "/api/conversations", false);
        traffic.record("GET", "/api/conversations/c-1/messages", false);
        traffic.record("GET", "/api/conversations/c-2/messages", true);
        traffic.record("POST", "/api/conversations/compose", false);
        let stats = traffic.stats();
        assert_eq!(stats.requests, 4);
        assert_eq!(stats.faulted, 1);
        assert_eq!(stats.by_route["GET /api/conversations"], 1);
        assert_eq!(stats.by_route["GET /api/conversations/{id}/messages"], 2);
        assert_eq!(stats.by_route["POST /api/conversations/compose"], 1);
    }

    #[test]
    fn made_up_paths_cannot_grow_the_route_counts() {
        let traffic = Traffic::default();
        for n in 0..1000 {
            traffic.record("GET", &format!("/made/up/path/{n}"), false);
        }
        let stats = traffic.stats();
        assert_eq!(stats.requests, 1000);
        assert!(stats.by_route.len() <= MAX_ROUTES + 1);
        assert_eq!(stats.by_route.values().sum::<u64>(), 1000);
        assert!(stats.by_route[OTHER_ROUTES] > 0);
    }
}
