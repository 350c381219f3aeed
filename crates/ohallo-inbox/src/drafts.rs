use parking_lot::Mutex;
use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::atomic_file::{read_json, write_json};
use crate::LocalError;

/// Unsent replies, one per conversation, kept on disk so neither a failed send nor a restart
/// loses what the user typed.
pub struct Drafts {
    path: PathBuf,
    drafts: Mutex<BTreeMap<String, String>>,
}

impl Drafts {
    pub fn open(path: PathBuf) -> Result<Drafts, LocalError> {
        let drafts = read_json(&path)?;
        Ok(Drafts {
            path,
            drafts: Mutex::new(drafts),
        })
    }

    pub fn get(&self, conversation_id: &str) -> Option<String> {
        self.drafts.lock().get(conversation_id).cloned()
    }

    /// An empty text removes the draft.
    pub fn set(&self, conversation_id: &str, text: &str) -> Result<(), LocalError> {
        let mut drafts = self.drafts.lock();
        let changed = if text.is_empty() {
            drafts.remove(conversation_id).is_some()
        } else {
            drafts.insert(conversation_id.to_string(), text.to_string()) != Some(text.to_string())
        };
        if changed {
            write_json(&self.path, &*drafts)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_survive_reopening_and_an_empty_text_removes_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("drafts.json");
        let drafts = Drafts::open(path.clone()).unwrap();
        drafts.set("c1", "Hello <b>Jane</b>\nsecond line").unwrap();
        drafts.set("c2", "other").unwrap();
        drafts.set("c2", "").unwrap();

        let reopened = Drafts::open(path).unwrap();
        assert_eq!(
            reopened.get("c1").as_deref(),
            Some("Hello <b>Jane</b>\nsecond line")
        );
        assert_eq!(reopened.get("c2"), None);
    }
}
