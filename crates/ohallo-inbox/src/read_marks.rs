use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::atomic_file::{read_json, write_json};
use crate::{lock, LocalError};

#[derive(Default, Serialize, Deserialize)]
struct Marks {
    /// When this account was first opened here: what happened before is not news.
    baseline: Option<DateTime<Utc>>,
    /// Per conversation, the `lastMessageAt` the user has seen.
    opened: HashMap<String, DateTime<Utc>>,
}

/// Which conversations the user has read. The API has no read state, so it lives here.
pub struct ReadMarks {
    path: PathBuf,
    marks: Mutex<Marks>,
}

impl ReadMarks {
    /// Opens the marks; the first time, everything up to `now` counts as read.
    pub fn open(path: PathBuf, now: DateTime<Utc>) -> Result<ReadMarks, LocalError> {
        let mut marks: Marks = read_json(&path)?;
        if marks.baseline.is_none() {
            marks.baseline = Some(now);
            write_json(&path, &marks)?;
        }
        Ok(ReadMarks {
            path,
            marks: Mutex::new(marks),
        })
    }

    pub fn is_unread(&self, conversation_id: &str, last_message_at: DateTime<Utc>) -> bool {
        let marks = lock(&self.marks);
        let seen = marks
            .opened
            .get(conversation_id)
            .copied()
            .max(marks.baseline);
        seen.is_none_or(|seen| last_message_at > seen)
    }

    pub fn mark_read(&self, conversation_id: &str, at: DateTime<Utc>) -> Result<(), LocalError> {
        let mut marks = lock(&self.marks);
        let current = marks.opened.get(conversation_id).copied();
        if current.is_some_and(|current| current >= at) {
            return Ok(());
        }
        marks.opened.insert(conversation_id.to_string(), at);
        write_json(&self.path, &*marks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn only_messages_after_the_first_start_or_the_last_read_are_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("read.json");
        let start = Utc::now();
        let marks = ReadMarks::open(path.clone(), start).unwrap();
        assert!(!marks.is_unread("c1", start - Duration::hours(1)));
        assert!(marks.is_unread("c1", start + Duration::minutes(1)));

        marks.mark_read("c1", start + Duration::minutes(1)).unwrap();
        assert!(!marks.is_unread("c1", start + Duration::minutes(1)));

        let reopened = ReadMarks::open(path, start + Duration::days(1)).unwrap();
        assert!(!reopened.is_unread("c1", start + Duration::minutes(1)));
        assert!(reopened.is_unread("c1", start + Duration::minutes(2)));
        assert!(reopened.is_unread("c2", start + Duration::minutes(2)));
    }
}
