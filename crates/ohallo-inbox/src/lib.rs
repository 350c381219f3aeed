//! The inbox core: what the app shows and keeps around the oHallo API, without any window.

mod account_list;
mod accounts;
mod announce;
mod atomic_file;
mod attachments;
mod attention_repeat;
mod cards;
mod compose;
mod customer;
mod directory;
mod drafts;
mod error;
mod inbox;
mod language;
mod listing;
mod preferences;
mod qualified;
mod quiet_hours;
mod read_marks;
mod snippets;
mod spelling;
mod sync;
mod sync_state;
mod unified;
mod view;

pub use accounts::{
    AccountError, AccountInfo, Accounts, DemoServer, Ended, KeyKeeping, KeySlot, KeyStore,
    KeyStoreError, Opened, SessionId, SessionInfo,
};
pub use announce::{escape_markup, notification_texts, worth_showing, NotificationText};
pub use atomic_file::create_private_dir;
pub use attachments::{safe_file_name, save as save_attachment, SaveError, SaveTarget};
pub use cards::NotificationCards;
pub use compose::{check_new_conversation, is_e164};
pub use customer::{Customer, OTHER_CONVERSATIONS};
pub use directory::Directory;
pub use error::{InboxError, LocalError};
pub use inbox::{Inbox, MissingScope, ReplyOutcome, REPLY_CHECK_FOR};
pub use language::Language;
pub use preferences::{NotificationPreferences, NotificationRules, NotifyFor, Preferences};
pub use qualified::{split as split_qualified, AccountId, Qualify};
pub use quiet_hours::{DoNotDisturb, QuietHours};
pub use read_marks::ReadMarks;
pub use snippets::{Snippet, SnippetBook, SnippetError, Snippets, MAX_SNIPPET_FILE_BYTES};
pub use spelling::{
    active_language, installed_dictionaries, locale_language, Spelling, SpellingChoice,
    SpellingSettings,
};
pub use sync::{
    Announcement, AttentionSummary, InboxChange, SyncEngine, SyncEvent, SyncEvents, SyncSettings,
    SyncStatus, ATTENTION_EVERY, DEFAULT_ATTENTION_REPEAT, DEFAULT_POLL_INTERVAL, PAGE_SIZE,
    SWEEP_PAGES_PER_POLL,
};
pub use unified::{conversations as unified_conversations, workspaces as unified_workspaces};
pub use view::{ConversationPatch, ConversationView};
