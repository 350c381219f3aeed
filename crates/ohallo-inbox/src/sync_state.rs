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
    pub last_message_at: DateTime<Utc>,
    pub preview: String,
    /// The last message of the thread when it was last read; what follows it is new. Absent
    /// for conversations only ever seen in the list.
    #[serde(default)]
    pub last_id: Option<String>,
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
}
