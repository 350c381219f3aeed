use std::collections::HashMap;

use ohallo_core::{ApiError, Channel, Client, Workspace};
use tokio::sync::Mutex;

/// Channels and workspaces change rarely and every list row needs them: ask once, keep them.
#[derive(Default)]
pub struct Directory {
    channels: Mutex<HashMap<String, Channel>>,
    workspaces: Mutex<Option<Vec<Workspace>>>,
}

impl Directory {
    /// A channel that cannot be looked up is shown without its type, not as an error.
    pub async fn channel(&self, client: &Client, id: &str) -> Option<Channel> {
        let mut channels = self.channels.lock().await;
        if let Some(channel) = channels.get(id) {
            return Some(channel.clone());
        }
        match client.channel(id).await {
            Ok(channel) => {
                channels.insert(id.to_string(), channel.clone());
                Some(channel)
            }
            Err(error) => {
                tracing::warn!(channel = id, %error, "channel lookup failed");
                None
            }
        }
    }

    pub async fn workspaces(&self, client: &Client) -> Result<Vec<Workspace>, ApiError> {
        let mut cached = self.workspaces.lock().await;
        if let Some(workspaces) = cached.as_ref() {
            return Ok(workspaces.clone());
        }
        let workspaces = client.workspaces().await?;
        *cached = Some(workspaces.clone());
        Ok(workspaces)
    }

    pub async fn workspace_name(&self, client: &Client, id: &str) -> Option<String> {
        let workspaces = self.workspaces(client).await.ok()?;
        workspaces.into_iter().find(|w| w.id == id).map(|w| w.name)
    }
}
