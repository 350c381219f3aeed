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
    /// Read from files of earlier versions, which kept what the user had opened; folded into
    /// `customer` at open.
    #[serde(skip_serializing)]
    opened: HashMap<String, DateTime<Utc>>,
    /// Unread conversations: when a customer last wrote something new, as the sync engine
    /// announced it (its first sync announces nothing, so history is never unread). Opening a
    /// conversation removes it, so the file holds only what is unread and never grows with
    /// uptime.
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
        let mut marks: Marks = read_json(&path)?;
        let opened = std::mem::take(&mut marks.opened);
        marks
            .customer
            .retain(|id, customer| opened.get(id).is_none_or(|seen| *customer > *seen));
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
        marks.customer.len()
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
        if marks.customer.remove(conversation_id).is_none() {
            return Ok(());
        }
        write_json(&self.path, &*marks)
    }
}

fn unread(marks: &Marks, conversation_id: &str) -> bool {
    marks.customer.contains_key(conversation_id)
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

    #[test]
    fn a_file_of_an_earlier_version_keeps_what_was_read_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("read.json");
        std::fs::write(
            &path,
            r#"{"opened": {"read": "2026-03-20T10:00:00Z", "again": "2026-03-20T10:00:00Z"},
                "customer": {"read": "2026-03-20T10:00:00Z", "again": "2026-03-20T11:00:00Z",
                             "new": "2026-03-20T09:00:00Z"}}"#,
        )
        .unwrap();
        let marks = ReadMarks::open(path.clone()).unwrap();
        assert!(!marks.is_unread("read"));
        assert!(marks.is_unread("again") && marks.is_unread("new"));
        assert_eq!(marks.unread_count(), 2);
        marks.mark_read("new").unwrap();
        let saved = std::fs::read_to_string(&path).unwrap();
        assert!(
            !saved.contains("opened") && !saved.contains("\"read\""),
            "{saved}"
        );
    }
}
