use parking_lot::Mutex;
use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::atomic_file::{read_json, write_json};
use crate::LocalError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct NotificationPreferences {
    /// No notifications at all while set; the sync goes on, so nothing is lost meanwhile.
    pub paused: bool,
    /// Conversations that never notify.
    pub muted: BTreeSet<String>,
}

/// The user's notification choices, kept on disk.
pub struct Preferences {
    path: PathBuf,
    current: Mutex<NotificationPreferences>,
}

impl Preferences {
    pub fn open(path: PathBuf) -> Result<Preferences, LocalError> {
        Ok(Preferences {
            current: Mutex::new(read_json(&path)?),
            path,
        })
    }

    pub fn get(&self) -> NotificationPreferences {
        self.current.lock().clone()
    }

    pub fn set_paused(&self, paused: bool) -> Result<NotificationPreferences, LocalError> {
        self.update(|p| p.paused = paused)
    }

    pub fn set_muted(
        &self,
        conversation_id: &str,
        muted: bool,
    ) -> Result<NotificationPreferences, LocalError> {
        self.update(|p| {
            if muted {
                p.muted.insert(conversation_id.to_string());
            } else {
                p.muted.remove(conversation_id);
            }
        })
    }

    /// Whether a notification about this conversation may be shown at all.
    pub fn allows(&self, conversation_id: Option<&str>) -> bool {
        let current = self.current.lock();
        !current.paused && conversation_id.is_none_or(|id| !current.muted.contains(id))
    }

    fn update(
        &self,
        change: impl FnOnce(&mut NotificationPreferences),
    ) -> Result<NotificationPreferences, LocalError> {
        let mut current = self.current.lock();
        change(&mut current);
        write_json(&self.path, &*current)?;
        Ok(current.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pausing_and_muting_are_remembered_and_decide_what_may_notify() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("preferences.json");
        let preferences = Preferences::open(path.clone()).unwrap();
        assert!(preferences.allows(Some("c1")));
        preferences.set_muted("c1", true).unwrap();
        assert!(!preferences.allows(Some("c1")));
        assert!(preferences.allows(Some("c2")));
        preferences.set_paused(true).unwrap();
        assert!(!preferences.allows(Some("c2")));
        assert!(!preferences.allows(None));

        let reopened = Preferences::open(path).unwrap();
        assert!(reopened.get().paused);
        assert!(reopened.get().muted.contains("c1"));
    }
}
