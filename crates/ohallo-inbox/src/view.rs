use ohallo_core::{ChannelType, Conversation, ConversationStatus};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::qualified::AccountId;

/// A conversation as the inbox shows it: the API's fields plus what the app knows around them.
/// It also comes back from the window, which hands a row to a conversation window it opens.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConversationView {
    #[serde(flatten)]
    pub conversation: Conversation,
    pub channel_type: Option<ChannelType>,
    pub channel_name: Option<String>,
    pub workspace_name: Option<String>,
    pub unread: bool,
    /// The signed-in account it was listed by (not the CRM's `accountName`); set when its ids
    /// are qualified for the window.
    pub account: Option<AccountId>,
}

/// What an action changed, for the UI to apply without re-reading the whole list (the API has
/// no single-conversation read).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConversationPatch {
    pub status: ConversationStatus,
    pub human_managed: bool,
}
