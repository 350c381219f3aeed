use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use ohallo_core::{
    ApiError, AttentionItem, AttentionStatus, Author, Client, ConversationQuery,
    ConversationStatus, Message, Page, Workspace,
};
use serde::Serialize;
use ts_rs::TS;

use crate::directory::Directory;
use crate::drafts::Drafts;
use crate::listing;
use crate::read_marks::ReadMarks;
use crate::sync::{SyncEngine, SyncEvents, SyncSettings};
use crate::view::{ConversationPatch, ConversationView};
use crate::{InboxError, LocalError};

/// How long a reply whose answer was lost is looked for in the thread. Delivery is
/// asynchronous: an accepted reply may show only seconds later, so "not there yet" is no sign
/// that it is safe to send again.
pub const REPLY_CHECK_FOR: StdDuration = StdDuration::from_secs(60);
const REPLY_CHECK_EVERY: StdDuration = StdDuration::from_secs(3);

/// What became of a reply the server did not refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "state"
)]
pub enum ReplyOutcome {
    /// Accepted by oHallo, or seen in the thread.
    Sent,
    /// The answer was lost after sending: it may have arrived. Check with
    /// [`Inbox::confirm_reply`] before ever sending it again.
    Unknown { sent_at: DateTime<Utc> },
    /// Looked for in the thread for [`REPLY_CHECK_FOR`] and not seen: it may still arrive, so
    /// sending again may deliver it twice.
    NotSeen,
}

/// A permission the key lacks, and what the app cannot do without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MissingScope {
    pub scope: &'static str,
    pub effect: &'static str,
}

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
    ) -> Result<(SyncEngine, SyncEvents), LocalError> {
        SyncEngine::spawn(
            self.client.clone(),
            self.directory.clone(),
            self.read_marks.clone(),
            &self.state_dir,
            settings,
        )
    }

    /// Conversations with customer messages the user has not opened (the tray's count).
    pub fn unread_count(&self) -> usize {
        self.read_marks.unread_count()
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

    /// Checks the key as sign-in must: with a workspace named when the key sees any (a
    /// workspace-restricted key must always name its own), and unscoped when the workspace list
    /// is refused.
    pub async fn check_key(&self) -> Result<(), ApiError> {
        let scopes = listing::scopes(&self.directory, &self.client, None).await?;
        let first = scopes.into_iter().next().flatten();
        self.client.validate_key(first.as_deref()).await
    }

    /// What the key cannot do, learnt without side effects: writing (a probe that changes
    /// nothing) and reading channels (one lookup of a listed conversation's channel).
    pub async fn missing_scopes(&self) -> Vec<MissingScope> {
        let mut missing = Vec::new();
        if self.can_write().await == Some(false) {
            missing.push(MissingScope {
                scope: "conversations:write",
                effect: "replies and actions (take over, resolve) are not possible",
            });
        }
        let query = ConversationQuery {
            limit: Some(1),
            ..ConversationQuery::default()
        };
        if let Ok(page) = self.conversations(&query).await {
            if page.data.iter().all(|view| view.channel_type.is_none())
                && self.directory.channels_refused().is_some()
            {
                missing.push(MissingScope {
                    scope: "channels:read",
                    effect: "channel names are not shown",
                });
            }
        }
        missing
    }

    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    pub(crate) fn directory(&self) -> &Directory {
        &self.directory
    }

    pub async fn workspaces(&self) -> Result<Vec<Workspace>, ApiError> {
        self.directory.workspaces(&self.client).await
    }

    /// A page of the list. Without a workspace filter this is every workspace the key sees,
    /// one listing each, behind one cursor.
    pub async fn conversations(
        &self,
        query: &ConversationQuery,
    ) -> Result<Page<ConversationView>, ApiError> {
        let scopes =
            listing::scopes(&self.directory, &self.client, query.workspace_id.as_deref()).await?;
        let page = listing::page(&self.client, scopes, query).await?;
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
                account: None,
            });
        }
        Ok(Page {
            data: views,
            next_cursor: page.next_cursor,
            skipped: page.skipped,
            served_at: page.served_at,
        })
    }

    /// The thread, oldest first. Under the reference schema the AI and a person are both
    /// `role: agent`; the brands' AI sender names tell the AI's messages apart.
    pub async fn messages(&self, conversation_id: &str) -> Result<Vec<Message>, ApiError> {
        let mut messages = self.client.messages(conversation_id).await?;
        if messages.iter().any(|m| m.author == Author::Team) {
            let ai_names = self.directory.ai_sender_names(&self.client).await;
            for message in &mut messages {
                let signed_by_ai = message
                    .sender_name
                    .as_deref()
                    .is_some_and(|name| ai_names.contains(name.trim()));
                if message.author == Author::Team && signed_by_ai {
                    message.author = Author::Ai;
                }
            }
        }
        Ok(messages)
    }

    /// Sends a reply once; never retried, since there are no idempotency keys and a repeated
    /// reply reaches the customer twice. A lost answer is [`ReplyOutcome::Unknown`].
    pub async fn send_reply(
        &self,
        conversation_id: &str,
        content: &str,
    ) -> Result<ReplyOutcome, ApiError> {
        let sent_at = Utc::now();
        match self.client.reply(conversation_id, content).await {
            Ok(()) => Ok(ReplyOutcome::Sent),
            Err(ApiError::OutcomeUnknown { detail }) => {
                tracing::warn!(%detail, "a reply's answer was lost; checking the thread");
                Ok(ReplyOutcome::Unknown { sent_at })
            }
            Err(error) => Err(error),
        }
    }

    /// Looks for a reply of unknown outcome in the thread, again and again for `within` (the app
    /// uses [`REPLY_CHECK_FOR`]): [`ReplyOutcome::Sent`] once it shows, else
    /// [`ReplyOutcome::NotSeen`].
    pub async fn confirm_reply(
        &self,
        conversation_id: &str,
        content: &str,
        sent_at: DateTime<Utc>,
        within: StdDuration,
    ) -> ReplyOutcome {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            match self.reply_arrived(conversation_id, content, sent_at).await {
                Ok(true) => return ReplyOutcome::Sent,
                Ok(false) => {}
                Err(error) => tracing::warn!(%error, "checking for a reply failed"),
            }
            if tokio::time::Instant::now() + REPLY_CHECK_EVERY > deadline {
                return ReplyOutcome::NotSeen;
            }
            tokio::time::sleep(REPLY_CHECK_EVERY).await;
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

    /// Resolves, with the outcome the agent wrote, if any.
    pub async fn resolve(
        &self,
        conversation_id: &str,
        outcome: Option<&str>,
    ) -> Result<ConversationPatch, ApiError> {
        self.client.resolve(conversation_id, outcome).await?;
        Ok(ConversationPatch {
            status: ConversationStatus::Resolved,
            human_managed: false,
        })
    }

    /// The conversation's open attention items ("a human is needed"), oldest first. The API
    /// lists every item of the tenant, so this reads them all and keeps the conversation's.
    pub async fn attention(&self, conversation_id: &str) -> Result<Vec<AttentionItem>, ApiError> {
        let mut open = Vec::new();
        for scope in listing::scopes(&self.directory, &self.client, None).await? {
            open.extend(
                self.client
                    .attention_items(scope.as_deref())
                    .await?
                    .into_iter()
                    .filter(|item| {
                        item.conversation_id == conversation_id
                            && item.status == AttentionStatus::Open
                    }),
            );
        }
        open.sort_by_key(|item| item.created_at);
        Ok(open)
    }

    /// Marks an attention item handled. An item the server no longer knows, or has already
    /// resolved, is handled too: what the user wanted is true either way.
    pub async fn resolve_attention(&self, item_id: &str) -> Result<(), ApiError> {
        match self.client.resolve_attention_item(item_id).await {
            Ok(()) | Err(ApiError::NotFound { .. } | ApiError::Conflict { .. }) => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// Approves the AI action held for a human in this conversation; NotFound when none is.
    pub async fn approve(&self, conversation_id: &str) -> Result<(), ApiError> {
        self.client.approve(conversation_id).await
    }

    /// The user has seen everything announced in this conversation so far.
    /// The conversation's attachments, for the thread to show under their messages.
    pub async fn attachments(
        &self,
        conversation_id: &str,
    ) -> Result<Vec<ohallo_core::Attachment>, ApiError> {
        self.client.attachments(conversation_id).await
    }

    /// Saves an attachment at `target` (see [`crate::save_attachment`]); answers its path.
    pub async fn save_attachment(
        &self,
        conversation_id: &str,
        attachment_id: &str,
        target: crate::SaveTarget<'_>,
        progress: &mut (dyn FnMut(u64) + Send),
    ) -> Result<PathBuf, crate::SaveError> {
        let downloader = ohallo_core::Downloader::new()?;
        crate::save_attachment(
            &self.client,
            &downloader,
            conversation_id,
            attachment_id,
            target,
            progress,
        )
        .await
    }

    pub fn mark_read(&self, conversation_id: &str) -> Result<(), InboxError> {
        Ok(self.read_marks.mark_read(conversation_id)?)
    }

    pub fn draft(&self, conversation_id: &str) -> Option<String> {
        self.drafts.get(conversation_id)
    }

    pub fn save_draft(&self, conversation_id: &str, text: &str) -> Result<(), InboxError> {
        Ok(self.drafts.set(conversation_id, text)?)
    }
}
