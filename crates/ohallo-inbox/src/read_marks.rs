use parking_lot::Mutex;
use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::atomic_file::{read_json, write_json};
use crate::LocalError;

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct Marks {
    /// Per conversation, the `lastMessageAt` the user has seen.
    opened: HashMap<String, DateTime<Utc>>,
    /// Per conversation, when a customer last wrote something new, as the sync engine announced
    /// it (its first sync announces nothing, so history is never unread). Server time, like
    /// `opened`, so the two compare without clock skew.
    customer: HashMap<String, DateTime<Utc>>,
}

/// Which conversations hold customer messages the user has not opened. The API has no read
/// state, so it lives here; the list's marks and the tray's count both come from it.
pub struct ReadMarks {
    path: PathBuf,
    marks: Mutex<Marks>,
}

impl ReadMarks {
    pub fn open(path: PathBuf) -> Result<ReadMarks, LocalError> {
        let marks: Marks = read_json(&path)?;
        Ok(ReadMarks {
            path,
            marks: Mutex::new(marks),
        })
    }

    pub fn is_unread(&self, conversation_id: &str) -> bool {
        unread(&self.marks.lock(), conversation_id)
    }

    pub fn unread_count(&self) -> usize {
        let marks = self.marks.lock();
        marks
            .customer
            .keys()
            .filter(|id| unread(&marks, id))
            .count()
    }

    /// Records when customers last wrote, one write for the whole batch.
    pub fn note_customer_messages(
        &self,
        latest: &[(String, DateTime<Utc>)],
    ) -> Result<(), LocalError> {
        if latest.is_empty() {
            return Ok(());
        }
        let mut marks = self.marks.lock();
        for (id, at) in latest {
            let entry = marks.customer.entry(id.clone()).or_insert(*at);
            *entry = (*entry).max(*at);
        }
        write_json(&self.path, &*marks)
    }

    /// Marks read what the sync engine has announced so far; the time comes from here (server
    /// time, as the engine noted it), not from the window.
    pub fn mark_read(&self, conversation_id: &str) -> Result<(), LocalError> {
        let mut marks = self.marks.lock();
        let Some(at) = marks.customer.get(conversation_id).copied() else {
            return Ok(());
        };
        let current = marks.opened.get(conversation_id).copied();
        if current.is_some_and(|current| current >= at) {
            return Ok(());
        }
        marks.opened.insert(conversation_id.to_string(), at);
        write_json(&self.path, &*marks)
    }
}

fn unread(marks: &Marks, conversation_id: &str) -> bool {
    let Some(customer) = marks.customer.get(conversation_id) else {
        return false;
    };
    marks
        .opened
        .get(conversation_id)
        .is_none_or(|seen| customer > seen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn a_conversation_is_unread_from_a_new_customer_message_until_it_is_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("read.json");
        let start = Utc::now();
        let marks = ReadMarks::open(path.clone()).unwrap();
        assert!(!marks.is_unread("never-written"));

        let later = start + Duration::minutes(1);
        marks
            .note_customer_messages(&[("c1".into(), later)])
            .unwrap();
        assert!(marks.is_unread("c1"));
        assert_eq!(marks.unread_count(), 1);

        marks.mark_read("c1").unwrap();
        assert!(!marks.is_unread("c1"));
        assert_eq!(marks.unread_count(), 0);

        let reopened = ReadMarks::open(path).unwrap();
        assert!(!reopened.is_unread("c1"));
        reopened
            .note_customer_messages(&[("c1".into(), later + Duration::minutes(1))])
            .unwrap();
        assert!(reopened.is_unread("c1"));
    }
}
