//! A typed client of the control API under `/_sandbox/`, for every test crate that drives a
//! sandbox: customers writing in, keys, injected faults, the replies received and the traffic
//! served. Behind the `client` feature, so the server does not carry an HTTP client.

use crate::control_api::{
    Approval, AttachmentAdded, Attention, AttentionRaised, Downloads, FaultSpec, Inbound, KeySpec,
    MintedKey, NewAttachment, RecordedReply, Revoke, Written,
};
use crate::TrafficStats;
use serde::de::DeserializeOwned;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    #[error("the sandbox control API could not be reached: {0}")]
    Transport(#[source] reqwest::Error),
    /// The sandbox answered with an error: the request was invalid, named something unknown or
    /// reached a cap.
    #[error("the sandbox refused {path}: {status} {message}")]
    Refused {
        path: String,
        status: u16,
        message: String,
    },
    #[error("the sandbox's answer to {path} could not be read: {source}")]
    Decode {
        path: String,
        #[source]
        source: serde_json::Error,
    },
}

/// Talks to one sandbox's control API.
#[derive(Debug, Clone)]
pub struct ControlClient {
    base_url: String,
    http: reqwest::Client,
}

impl ControlClient {
    /// `base_url` as [`crate::Sandbox::base_url`] gives it, without a trailing slash.
    pub fn new(base_url: impl Into<String>) -> ControlClient {
        ControlClient {
            base_url: base_url.into(),
            http: reqwest::Client::new(),
        }
    }

    /// A customer writes in; answers where the message went.
    pub async fn inbound(&self, inbound: &Inbound) -> Result<Written, ControlError> {
        self.post("inbound", inbound).await
    }

    /// Marks a conversation as needing a human; answers the attention item's id.
    pub async fn raise_attention(&self, attention: &Attention) -> Result<String, ControlError> {
        let raised: AttentionRaised = self.post("attention", attention).await?;
        Ok(raised.attention_item_id)
    }

    /// Holds one of the AI's actions in a conversation for a human's approval.
    pub async fn hold_for_approval(&self, approval: &Approval) -> Result<(), ControlError> {
        let _: serde_json::Value = self.post("approval", approval).await?;
        Ok(())
    }

    /// Mints a key.
    pub async fn create_key(&self, spec: &KeySpec) -> Result<String, ControlError> {
        let minted: MintedKey = self.post("keys", spec).await?;
        Ok(minted.key)
    }

    pub async fn revoke(&self, key: &str) -> Result<(), ControlError> {
        let revoke = Revoke {
            key: key.to_owned(),
        };
        self.post::<serde_json::Value>("revoke", &revoke).await?;
        Ok(())
    }

    /// Queues a fault for the next matching API requests.
    pub async fn add_fault(&self, fault: &FaultSpec) -> Result<(), ControlError> {
        self.post::<serde_json::Value>("faults", fault).await?;
        Ok(())
    }

    /// Drops every fault still queued.
    pub async fn clear_faults(&self) -> Result<(), ControlError> {
        let request = self.http.delete(self.url("faults"));
        self.send::<serde_json::Value>("faults", request).await?;
        Ok(())
    }

    /// Every reply the sandbox received, oldest first.
    pub async fn replies(&self) -> Result<Vec<RecordedReply>, ControlError> {
        self.get("replies").await
    }

    /// What the API has served so far (control requests are not counted).
    pub async fn traffic(&self) -> Result<TrafficStats, ControlError> {
        self.get("traffic").await
    }

    /// Attaches a file to a message; answers the attachment's and the message's ids.
    pub async fn add_attachment(
        &self,
        attachment: &NewAttachment,
    ) -> Result<AttachmentAdded, ControlError> {
        self.post("attachments", attachment).await
    }

    /// The ids of the workspaces `key` sees, as the API lists them (`GET /api/workspaces`).
    pub async fn workspace_ids(&self, key: &str) -> Result<Vec<String>, ControlError> {
        let request = self
            .http
            .get(format!("{}/api/workspaces", self.base_url))
            .bearer_auth(key);
        let workspaces: Vec<serde_json::Value> = self.send("workspaces", request).await?;
        Ok(workspaces
            .iter()
            .filter_map(|w| w["id"].as_str().map(str::to_owned))
            .collect())
    }

    /// What the file host served and refused so far.
    pub async fn downloads(&self) -> Result<Downloads, ControlError> {
        self.get("downloads").await
    }

    fn url(&self, path: &str) -> String {
        format!("{}/_sandbox/{path}", self.base_url)
    }

    async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl Serialize,
    ) -> Result<T, ControlError> {
        let request = self.http.post(self.url(path)).json(body);
        self.send(path, request).await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ControlError> {
        self.send(path, self.http.get(self.url(path))).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        path: &str,
        request: reqwest::RequestBuilder,
    ) -> Result<T, ControlError> {
        let response = request.send().await.map_err(ControlError::Transport)?;
        let status = response.status();
        let text = response.text().await.map_err(ControlError::Transport)?;
        if !status.is_success() {
            // Every error of the sandbox is `{"error": "..."}`; anything else is shown as sent.
            let message = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|body| body["error"].as_str().map(str::to_owned))
                .unwrap_or(text);
            return Err(ControlError::Refused {
                path: path.to_owned(),
                status: status.as_u16(),
                message,
            });
        }
        serde_json::from_str(&text).map_err(|source| ControlError::Decode {
            path: path.to_owned(),
            source,
        })
    }
}
