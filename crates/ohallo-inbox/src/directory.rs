use parking_lot::Mutex;
use std::collections::{HashMap, HashSet};

use ohallo_core::{ApiError, Brand, Channel, Client, Workspace};

/// Channels, workspaces and brands change rarely and every list row needs them: ask once, keep
/// the answers, and keep refusals too, so a key without `channels:read` costs one refused
/// request, not one per row. No lock is held across a request: two rows asking at once may
/// both ask, which is cheaper than making every row wait for one slow answer.
#[derive(Default)]
pub struct Directory {
    channels: Mutex<HashMap<String, Option<Channel>>>,
    /// Set once the server refused channel lookups for lack of a scope: none will succeed.
    channels_refused: Mutex<Option<ApiError>>,
    workspaces: Mutex<Option<Vec<Workspace>>>,
    ai_names: Mutex<Option<HashSet<String>>>,
}

impl Directory {
    /// A channel that cannot be looked up is shown without its type, not as an error.
    pub async fn channel(&self, client: &Client, id: &str) -> Option<Channel> {
        if let Some(known) = self.channels.lock().get(id) {
            return known.clone();
        }
        if self.channels_refused.lock().is_some() {
            return None;
        }
        let found = match client.channel(id).await {
            Ok(channel) => Some(channel),
            Err(error @ (ApiError::Forbidden { .. } | ApiError::Unauthorized { .. })) => {
                tracing::warn!(%error, "channel lookups refused; channel names are not shown");
                *self.channels_refused.lock() = Some(error);
                return None;
            }
            // Remembered: an unknown channel stays unknown while the app runs.
            Err(error @ (ApiError::NotFound { .. } | ApiError::BadResponse { .. })) => {
                tracing::warn!(channel = id, %error, "channel lookup failed");
                None
            }
            // Passing trouble: ask again next time.
            Err(error) => {
                tracing::warn!(channel = id, %error, "channel lookup failed");
                return None;
            }
        };
        self.channels.lock().insert(id.to_string(), found.clone());
        found
    }

    /// The channels of `workspace_id` looked up so far.
    pub fn known_channels(&self, workspace_id: &str) -> Vec<Channel> {
        self.channels
            .lock()
            .values()
            .flatten()
            .filter(|channel| channel.workspace_id == workspace_id)
            .cloned()
            .collect()
    }

    /// Why channel lookups are refused, once the server said so.
    pub fn channels_refused(&self) -> Option<ApiError> {
        self.channels_refused.lock().clone()
    }

    pub async fn workspaces(&self, client: &Client) -> Result<Vec<Workspace>, ApiError> {
        if let Some(workspaces) = self.workspaces.lock().as_ref() {
            return Ok(workspaces.clone());
        }
        let workspaces = client.workspaces().await?;
        *self.workspaces.lock() = Some(workspaces.clone());
        Ok(workspaces)
    }

    /// The workspaces already known, without asking.
    pub fn known_workspaces(&self) -> Option<Vec<Workspace>> {
        self.workspaces.lock().clone()
    }

    pub async fn workspace_name(&self, client: &Client, id: &str) -> Option<String> {
        let workspaces = self.workspaces(client).await.ok()?;
        workspaces.into_iter().find(|w| w.id == id).map(|w| w.name)
    }

    /// The names the brands' AI personas sign with. A key that may not read brands gets an
    /// empty set, asked for once: the AI's messages then show as the team's.
    pub async fn ai_sender_names(&self, client: &Client) -> HashSet<String> {
        if let Some(names) = self.ai_names.lock().as_ref() {
            return names.clone();
        }
        let names: HashSet<String> = match client.brands().await {
            Ok(brands) => brands
                .into_iter()
                .filter_map(|brand: Brand| brand.ai_sender_name)
                .map(|name| name.trim().to_string())
                .filter(|name| !name.is_empty())
                .collect(),
            Err(error) if error.is_retryable() => {
                tracing::warn!(%error, "brands could not be read; will ask again");
                return HashSet::new();
            }
            Err(error) => {
                tracing::warn!(%error, "brands could not be read");
                HashSet::new()
            }
        };
        *self.ai_names.lock() = Some(names.clone());
        names
    }
}
