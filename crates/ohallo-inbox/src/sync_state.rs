//! What the sync engine has already seen and announced, kept on disk so that neither a restart
//! nor a failed poll repeats or loses a notification.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::atomic_file::{read_json, write_atomic};
use crate::LocalError;

/// Per conversation, how many announced message ids are remembered beyond the mark's recent ids.
/// Only messages newer than the conversation's mark can be announced, so a short tail is enough to
/// tell same-second twins apart.
const REMEMBERED_IDS: usize = 64;

/// A conversation quiet for this long is forgotten, so the state does not grow with uptime;
/// what it held is history from then on (see [`SyncState::history_through`]).
pub const FORGET_AFTER_DAYS: i64 = 30;

/// Past this many, the least recently active conversations are forgotten too: the server
/// decides how many conversations the list holds, and the state file (a few hundred bytes per
/// conversation at most) must not grow with it. Forgetting is safe, as for quiet ones.
pub const MAX_REMEMBERED: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Seen {
    /// `None` for a conversation with no message yet.
    #[serde(default)]
    pub last_message_at: Option<DateTime<Utc>>,
    pub preview: String,
    /// Read from state files written before `recent_ids`: the thread's last message then.
    #[serde(default, skip_serializing)]
    pub last_id: Option<String>,
    /// The newest message ids of the thread when it was last read; empty for conversations only
    /// ever seen in the list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recent_ids: Vec<String>,
    /// Read the thread again at the next poll even if its row did not move.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub recheck: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SyncState {
    /// Set by the first successful sync, which announces nothing.
    pub baseline: Option<DateTime<Utc>>,
    pub conversations: HashMap<String, Seen>,
    pub announced: HashMap<String, VecDeque<String>>,
    pub attention_baseline_taken: bool,
    pub attention_announced: HashSet<String>,
    /// The newest activity of any forgotten conversation: a conversation the engine does not
    /// know has news only after this, or a forgotten one would be announced again.
    pub history_through: Option<DateTime<Utc>>,
}

impl SyncState {
    /// Whether a message at `at` in a conversation the engine does not know is news.
    pub fn is_news_when_unknown(&self, at: DateTime<Utc>) -> bool {
        self.baseline.is_some_and(|baseline| at >= baseline)
            && self.history_through.is_none_or(|through| at > through)
    }

    /// Forgets conversations with no activity since `FORGET_AFTER_DAYS` before `now`, then the
    /// least recently active beyond `MAX_REMEMBERED` (those without any message first: they
    /// hold nothing to announce again), and what was announced of them. Quiet conversations
    /// without any message are otherwise kept, having no time to judge them by.
    pub fn prune(&mut self, now: DateTime<Utc>) {
        let horizon = now - chrono::Duration::days(FORGET_AFTER_DAYS);
        let mut through = self.history_through;
        self.conversations
            .retain(|_, seen| match seen.last_message_at {
                Some(at) if at <= horizon => {
                    through = through.max(Some(at));
                    false
                }
                _ => true,
            });
        if self.conversations.len() > MAX_REMEMBERED {
            let mut by_age: Vec<(Option<DateTime<Utc>>, String)> = self
                .conversations
                .iter()
                .map(|(id, seen)| (seen.last_message_at, id.clone()))
                .collect();
            let excess = by_age.len() - MAX_REMEMBERED;
            by_age.select_nth_unstable(excess - 1);
            for (at, id) in &by_age[..excess] {
                self.conversations.remove(id);
                through = through.max(*at);
            }
        }
        self.history_through = through;
        let known = &self.conversations;
        self.announced.retain(|id, _| known.contains_key(id));
    }

    pub fn was_announced(&self, conversation_id: &str, message_id: &str) -> bool {
        self.announced
            .get(conversation_id)
            .is_some_and(|ids| ids.iter().any(|id| id == message_id))
    }

    /// Lets go of the announced ids the conversation's new mark holds among its recent ids: the
    /// mark already keeps them from being announced again, and once newer messages push them out
    /// of it they lie before where news starts. What stays is only the overflow of a burst
    /// larger than the mark, so the state does not grow with every message of a long day.
    pub fn settle_announced(&mut self, conversation_id: &str, recent_ids: &[String]) {
        if let Some(ids) = self.announced.get_mut(conversation_id) {
            ids.retain(|id| !recent_ids.contains(id));
            if ids.is_empty() {
                self.announced.remove(conversation_id);
            }
        }
    }

    pub fn remember_announced(&mut self, conversation_id: &str, message_id: &str) {
        let ids = self
            .announced
            .entry(conversation_id.to_string())
            .or_default();
        ids.push_back(message_id.to_string());
        while ids.len() > REMEMBERED_IDS {
            ids.pop_front();
        }
    }
}

pub struct SyncStore {
    path: PathBuf,
    /// Keyed by this process alone, so a server's text cannot be made to collide with another.
    hashing: RandomState,
    /// The hash of what this store last wrote: a poll that changed nothing writes nothing (the
    /// file is written whole, with two fsyncs, and an idle engine polls every few seconds).
    written: Option<u64>,
}

impl SyncStore {
    pub fn new(state_dir: &Path) -> SyncStore {
        SyncStore {
            path: state_dir.join("sync-state.json"),
            hashing: RandomState::new(),
            written: None,
        }
    }

    pub fn load(&self) -> Result<SyncState, LocalError> {
        read_json(&self.path)
    }

    /// Writes `state` unless the file already holds exactly this.
    pub fn save(&mut self, state: &SyncState) -> Result<(), LocalError> {
        let bytes = serde_json::to_vec(state).map_err(|e| LocalError::io(&self.path, e))?;
        let hash = self.hashing.hash_one(&bytes);
        if self.written == Some(hash) {
            return Ok(());
        }
        write_atomic(&self.path, &bytes)?;
        self.written = Some(hash);
        Ok(())
    }

    /// Another account's notion of what is news must never be this one's.
    pub fn forget(&self) -> Result<(), LocalError> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(LocalError::io(&self.path, error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-01-{day:02}T12:00:00Z"))
            .unwrap()
            .with_timezone(&Utc)
    }

    #[cfg(unix)]
    #[test]
    fn a_state_the_file_already_holds_is_not_written_again() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let mut store = SyncStore::new(dir.path());
        // Every write is a new file renamed over the old one: a new inode.
        let inode = || {
            std::fs::metadata(dir.path().join("sync-state.json"))
                .unwrap()
                .ino()
        };
        let mut state = SyncState {
            baseline: Some(at(1)),
            ..SyncState::default()
        };
        store.save(&state).unwrap();
        let first = inode();
        store.save(&state).unwrap();
        assert_eq!(inode(), first, "nothing changed, nothing written");
        state.remember_announced("c1", "m1");
        store.save(&state).unwrap();
        assert_ne!(inode(), first, "a change is written");
        let loaded = SyncStore::new(dir.path()).load().unwrap();
        assert!(loaded.was_announced("c1", "m1"));
    }

    fn quiet_since(day: u32) -> Seen {
        Seen {
            last_message_at: Some(at(day)),
            preview: String::new(),
            last_id: None,
            recent_ids: Vec::new(),
            recheck: false,
        }
    }

    #[test]
    fn quiet_conversations_are_forgotten_and_their_history_stays_history() {
        let mut state = SyncState {
            baseline: Some(at(1)),
            ..SyncState::default()
        };
        state.conversations.insert("old".into(), quiet_since(2));
        state.conversations.insert("recent".into(), quiet_since(20));
        let mut empty = quiet_since(1);
        empty.last_message_at = None;
        state.conversations.insert("empty".into(), empty);
        state.remember_announced("old", "m1");
        state.remember_announced("recent", "m2");

        // 30 days after the 3rd: "old" (the 2nd) is past the horizon, "recent" is not.
        state.prune(at(3) + chrono::Duration::days(FORGET_AFTER_DAYS));
        let mut kept: Vec<&str> = state.conversations.keys().map(String::as_str).collect();
        kept.sort();
        assert_eq!(kept, ["empty", "recent"]);
        assert!(!state.announced.contains_key("old"));
        assert!(state.was_announced("recent", "m2"));
        assert_eq!(state.history_through, Some(at(2)));

        // What the forgotten conversation held is not news if it shows up again; later is.
        assert!(!state.is_news_when_unknown(at(2)));
        assert!(state.is_news_when_unknown(at(2) + chrono::Duration::seconds(1)));
    }

    #[test]
    fn past_the_cap_the_least_recently_active_are_forgotten_and_stay_history() {
        let mut state = SyncState {
            baseline: Some(at(1)),
            ..SyncState::default()
        };
        // Spread over days 2..=21 of the month, all within the horizon.
        for n in 0..MAX_REMEMBERED + 100 {
            let seen = quiet_since(2 + (n % 20) as u32);
            state.conversations.insert(format!("conv_{n}"), seen);
            state.remember_announced(&format!("conv_{n}"), "m");
        }
        let mut empty = quiet_since(1);
        empty.last_message_at = None;
        state.conversations.insert("empty".into(), empty);

        state.prune(at(22));
        assert_eq!(state.conversations.len(), MAX_REMEMBERED);
        assert!(
            !state.conversations.contains_key("empty"),
            "no message: forgotten first"
        );
        assert_eq!(
            state.announced.len(),
            MAX_REMEMBERED,
            "announced ids follow"
        );
        // 101 forgotten: the empty one and 100 of day 2's; the rest of day 2 and all later stay.
        assert_eq!(state.history_through, Some(at(2)));
        assert!(state
            .conversations
            .values()
            .all(|seen| seen.last_message_at >= Some(at(2))));
        assert!(state
            .conversations
            .values()
            .any(|seen| seen.last_message_at == Some(at(21))));
        assert!(!state.is_news_when_unknown(at(2)));
        assert!(state.is_news_when_unknown(at(3)));
    }

    #[test]
    fn announced_ids_the_mark_holds_are_let_go_and_only_a_bursts_overflow_stays() {
        let mut state = SyncState::default();
        for id in ["m1", "m2", "m3"] {
            state.remember_announced("c", id);
        }
        state.settle_announced("c", &["m2".to_string(), "m3".to_string()]);
        assert!(state.was_announced("c", "m1"), "beyond the mark: kept");
        assert!(!state.was_announced("c", "m2"));
        state.settle_announced("c", &["m1".to_string()]);
        assert!(!state.announced.contains_key("c"), "nothing left, no entry");
    }

    #[test]
    fn the_state_file_stays_small_at_ten_thousand_conversations() {
        let mut state = SyncState {
            baseline: Some(at(1)),
            ..SyncState::default()
        };
        for n in 0..10_000 {
            let mut seen = quiet_since(20);
            seen.preview = "p".repeat(160);
            seen.recent_ids = (0..16).map(|m| format!("msg_{n}_{m}")).collect();
            state.conversations.insert(format!("conv_{n}"), seen);
            state.remember_announced(&format!("conv_{n}"), &format!("msg_{n}_0"));
        }
        let size = serde_json::to_vec(&state).unwrap().len();
        println!("sync state at 10,000 conversations: {} KiB", size / 1024);
        // Every field is capped: 160 preview chars, 16 recent ids and a burst's overflow apiece.
        assert!(size < 10_000 * 1024, "{size} bytes");
    }
}
