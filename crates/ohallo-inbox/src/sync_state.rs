//! What the sync engine has already seen and announced, kept on disk so that neither a restart
//! nor a failed poll repeats or loses a notification.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::atomic_file::{read_json, write_json};
use crate::LocalError;

/// Per conversation, how many announced message ids are remembered. Only messages newer than the
/// conversation's mark can be announced, so a short tail is enough to tell same-second twins apart.
const REMEMBERED_IDS: usize = 64;

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
}

impl SyncState {
    pub fn was_announced(&self, conversation_id: &str, message_id: &str) -> bool {
        self.announced
            .get(conversation_id)
            .is_some_and(|ids| ids.iter().any(|id| id == message_id))
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
}

impl SyncStore {
    pub fn new(state_dir: &Path) -> SyncStore {
        SyncStore {
            path: state_dir.join("sync-state.json"),
        }
    }

    pub fn load(&self) -> Result<SyncState, LocalError> {
        read_json(&self.path)
    }

    pub fn save(&self, state: &SyncState) -> Result<(), LocalError> {
        write_json(&self.path, state)
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
