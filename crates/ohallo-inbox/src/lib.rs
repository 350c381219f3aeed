//! The inbox core: what the app shows and keeps around the oHallo API, without any window.

mod atomic_file;
mod directory;
mod drafts;
mod error;
mod inbox;
mod read_marks;
mod view;
mod watch;

use std::sync::{Mutex, MutexGuard, PoisonError};

pub use error::{InboxError, LocalError};
pub use inbox::Inbox;
pub use view::{ConversationPatch, ConversationView};
pub use watch::{InboxChange, WatchEvent, Watcher};

/// A panic elsewhere must not make local state unreachable; the data itself stays consistent
/// because every update is a single assignment.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
