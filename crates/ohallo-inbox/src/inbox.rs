use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use ohallo_core::{
    ApiError, Author, Client, ConversationQuery, ConversationStatus, Message, Page, Workspace,
};

use crate::directory::Directory;
use crate::drafts::Drafts;
use crate::read_marks::ReadMarks;
use crate::sync::{SyncEngine, SyncEvent, SyncSettings};
use crate::view::{ConversationPatch, ConversationView};
use crate::{InboxError, LocalError};

/// An id no conversation has; acting on it reveals the key's write scope without changing
/// anything (the scope check answers 403 before the lookup could answer 404).
const PROBE_ID: &str = "ohallo-desktop-write-probe";

/// One signed-in account's inbox: the API client plus the local state around it.
pub struct Inbox {
    client: Client,
    directory: Arc<Directory>,
    read_marks: Arc<ReadMarks>,
    drafts: Drafts,
    state_dir: PathBuf,
}

impl Inbox {
    /// `state_dir` holds this account's drafts and read marks.
    pub fn open(client: Client, state_dir: &Path) -> Result<Inbox, LocalError> {
        Ok(Inbox {
            client,
            directory: Arc::new(Directory::default()),
            read_marks: Arc::new(ReadMarks::open(state_dir.join("read-marks.json"))?),
            drafts: Drafts::open(state_dir.join("drafts.json"))?,
            state_dir: state_dir.to_path_buf(),
        })
    }

    /// Starts the background sync for this account; it shares the read marks with the list.
    pub fn start_sync(
        &self,
        settings: SyncSettings,
        on_event: impl Fn(SyncEvent) + Send + Sync + 'static,
    ) -> Result<SyncEngine, LocalError> {
        SyncEngine::spawn(
            self.client.clone(),
            self.directory.clone(),
            self.read_marks.clone(),
            &self.state_dir,
            settings,
            on_event,
        )
    }

    /// Conversations with customer messages the user has not opened (the tray's count).
    pub fn unread_count(&self) -> usize {
        self.read_marks.unread_count()
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// `Some(false)` when the key lacks `conversations:write`; `None` when it cannot be told.
    pub async fn can_write(&self) -> Option<bool> {
        match self.client.resolve(PROBE_ID, None).await {
            Ok(()) | Err(ApiError::NotFound { .. }) | Err(ApiError::Conflict { .. }) => Some(true),
            Err(ApiError::Forbidden { missing_scope, .. }) => {
                Some(missing_scope.as_deref() != Some("conversations:write"))
            }
            Err(_) => None,
        }
    }

    pub async fn workspaces(&self) -> Result<Vec<Workspace>, ApiError> {
        self.directory.workspaces(&self.client).await
    }

    pub async fn conversations(
        &self,
        query: &ConversationQuery,
    ) -> Result<Page<ConversationView>, ApiError> {
        let page = self.client.list_conversations(query).await?;
        let mut views = Vec::with_capacity(page.data.len());
        for conversation in page.data {
            let channel = self
                .directory
                .channel(&self.client, &conversation.channel_id)
                .await;
            let workspace_name = self
                .directory
                .workspace_name(&self.client, &conversation.workspace_id)
                .await;
            views.push(ConversationView {
                unread: self.read_marks.is_unread(&conversation.id),
                channel_type: channel.as_ref().map(|c| c.channel_type.clone()),
                channel_name: channel.map(|c| c.display_name),
                workspace_name,
                conversation,
            });
        }
        Ok(Page {
            data: views,
            next_cursor: page.next_cursor,
        })
    }

    pub async fn messages(&self, conversation_id: &str) -> Result<Vec<Message>, ApiError> {
        self.client.messages(conversation_id).await
    }

    /// Sends a reply once. When the answer is lost after sending, the thread is read back to
    /// learn whether it arrived: there are no idempotency keys, so sending again blindly could
    /// deliver it twice.
    pub async fn send_reply(&self, conversation_id: &str, content: &str) -> Result<(), ApiError> {
        let started = Utc::now();
        match self.client.reply(conversation_id, content).await {
            Err(ApiError::OutcomeUnknown { detail }) => {
                match self.reply_arrived(conversation_id, content, started).await {
                    Ok(true) => Ok(()),
                    Ok(false) => Err(ApiError::OutcomeUnknown {
                        detail: format!(
                            "{detail}; the reply is not in the thread, so it is safe to send again"
                        ),
                    }),
                    Err(_) => Err(ApiError::OutcomeUnknown { detail }),
                }
            }
            other => other,
        }
    }

    async fn reply_arrived(
        &self,
        conversation_id: &str,
        content: &str,
        started: DateTime<Utc>,
    ) -> Result<bool, ApiError> {
        // Clocks differ between here and the server; a generous window still excludes older
        // replies with the same words in any realistic thread.
        let since = started - Duration::minutes(5);
        let messages = self.client.messages(conversation_id).await?;
        Ok(messages.iter().any(|m| {
            m.author != Author::Customer && m.sent_at >= since && m.body.trim() == content.trim()
        }))
    }

    pub async fn take_over(&self, conversation_id: &str) -> Result<ConversationPatch, ApiError> {
        self.client.take_over(conversation_id).await?;
        Ok(ConversationPatch {
            status: ConversationStatus::InProgress,
            human_managed: true,
        })
    }

    pub async fn release(&self, conversation_id: &str) -> Result<ConversationPatch, ApiError> {
        self.client.release(conversation_id).await?;
        Ok(ConversationPatch {
            status: ConversationStatus::Open,
            human_managed: false,
        })
    }

    pub async fn resolve(&self, conversation_id: &str) -> Result<ConversationPatch, ApiError> {
        self.client.resolve(conversation_id, None).await?;
        Ok(ConversationPatch {
            status: ConversationStatus::Resolved,
            human_managed: false,
        })
    }

    pub fn mark_read(&self, conversation_id: &str, at: DateTime<Utc>) -> Result<(), InboxError> {
        Ok(self.read_marks.mark_read(conversation_id, at)?)
    }

    pub fn draft(&self, conversation_id: &str) -> Option<String> {
        self.drafts.get(conversation_id)
    }

    pub fn save_draft(&self, conversation_id: &str, text: &str) -> Result<(), InboxError> {
        Ok(self.drafts.set(conversation_id, text)?)
    }
}
