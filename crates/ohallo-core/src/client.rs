//! The HTTP client for the endpoints the app uses.

use std::net::IpAddr;
use std::time::Duration;

use reqwest::header::{DATE, RETRY_AFTER};
use reqwest::{Method, Response, StatusCode, Url};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tracing::{debug, warn};
use ts_rs::TS;

use crate::api_key::ApiKey;
use crate::decode::{self, MAX_RESPONSE_BYTES};
use crate::error::ApiError;
use crate::models::Attachment;
use crate::models::{
    Account, AttentionItem, Brand, Channel, Contact, Conversation, ConversationDetail,
    ConversationStatus, Message, Page, Workspace,
};
use crate::retry::{parse_retry_after, RetryPolicy};

pub const DEFAULT_BASE_URL: &str = "https://api.ohallo.eu";
/// An error body is only read for its `error` text; anything bigger is not such a body.
const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;
const MAX_PAGE_SIZE: u32 = 100;

/// Timeouts and retrying; the defaults suit the app, tests shorten them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOptions {
    /// For one attempt, from sending to the end of the body.
    pub request_timeout: Duration,
    pub connect_timeout: Duration,
    pub retry: RetryPolicy,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            request_timeout: Duration::from_secs(15),
            connect_timeout: Duration::from_secs(5),
            retry: RetryPolicy::default(),
        }
    }
}

/// Filters and paging for [`Client::list_conversations`]; `None` leaves a filter out.
/// Deserializable so the app can take it straight from its UI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
// Every field may be left out, or be null.
#[ts(optional_fields = nullable)]
pub struct ConversationQuery {
    pub status: Option<ConversationStatus>,
    /// Free text over contact name, email and subject.
    pub q: Option<String>,
    pub workspace_id: Option<String>,
    pub human_managed: Option<bool>,
    pub has_attention: Option<bool>,
    /// One customer's conversations.
    pub contact_id: Option<String>,
    /// 1 to 100; the server's default (50) when `None`.
    pub limit: Option<u32>,
    /// The previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// A conversation the team starts (`POST /api/conversations/compose`): exactly one of the
/// three recipients; `subject` is needed on email channels.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields = nullable)]
pub struct NewConversation {
    pub workspace_id: String,
    pub channel_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    /// E.164, e.g. `+4531234567`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub content: String,
}

/// A client for one oHallo account. Cheap to clone (the connection pool is shared).
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: Url,
    key: ApiKey,
    retry: RetryPolicy,
}

impl Client {
    /// `base_url` is [`DEFAULT_BASE_URL`] in production; plain `http://` is accepted only for
    /// this machine (the sandbox), since the key would otherwise cross the network in clear.
    pub fn new(base_url: &str, key: ApiKey) -> Result<Client, ApiError> {
        Client::with_options(base_url, key, ClientOptions::default())
    }

    pub fn with_options(
        base_url: &str,
        key: ApiKey,
        options: ClientOptions,
    ) -> Result<Client, ApiError> {
        let base_url = parse_base_url(base_url)?;
        // A redirect would carry the Authorization header to wherever it points, even over
        // plain HTTP: the key only ever goes to the server it was checked against.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .https_only(base_url.scheme() == "https")
            .timeout(options.request_timeout)
            .connect_timeout(options.connect_timeout)
            .user_agent(concat!("ohallo-desktop/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| ApiError::Network(describe_transport_error(error)))?;
        Ok(Client {
            http,
            base_url,
            key,
            retry: options.retry,
        })
    }

    /// Whether this client sends `key`.
    pub fn uses(&self, key: &ApiKey) -> bool {
        self.key.same_as(key)
    }

    /// Checks the key with the cheapest call there is (oHallo has no "who am I"), scoped to a
    /// workspace when one is known: a workspace-restricted key must always name it.
    pub async fn validate_key(&self, workspace_id: Option<&str>) -> Result<(), ApiError> {
        let query = ConversationQuery {
            limit: Some(1),
            workspace_id: workspace_id.map(str::to_owned),
            ..ConversationQuery::default()
        };
        self.list_conversations(&query).await.map(drop)
    }

    pub async fn list_conversations(
        &self,
        query: &ConversationQuery,
    ) -> Result<Page<Conversation>, ApiError> {
        if let Some(limit) = query.limit {
            if !(1..=MAX_PAGE_SIZE).contains(&limit) {
                return Err(ApiError::InvalidInput(format!(
                    "The page size must be between 1 and {MAX_PAGE_SIZE}"
                )));
            }
        }
        let filters = [
            (
                "status",
                query.status.as_ref().map(|s| s.as_str().to_owned()),
            ),
            ("q", query.q.clone()),
            ("workspaceId", query.workspace_id.clone()),
            ("humanManaged", query.human_managed.map(|b| b.to_string())),
            ("hasAttention", query.has_attention.map(|b| b.to_string())),
            ("contactId", query.contact_id.clone()),
            ("limit", query.limit.map(|n| n.to_string())),
            ("cursor", query.cursor.clone()),
        ];
        // An empty text box means "no filter", not "match the empty string".
        let pairs: Vec<(&str, String)> = filters
            .into_iter()
            .filter_map(|(name, value)| Some((name, value?)))
            .filter(|(_, value)| !value.trim().is_empty())
            .collect();
        let mut url = self.endpoint(&["conversations"])?;
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        let (mut page, served_at) = self.read(url, decode::conversations_page).await?;
        page.served_at = served_at;
        Ok(page)
    }

    /// The whole thread, oldest first.
    pub async fn messages(&self, conversation_id: &str) -> Result<Vec<Message>, ApiError> {
        let url = self.endpoint(&["conversations", id(conversation_id)?, "messages"])?;
        self.read_data(url, decode::messages).await
    }

    /// Sends `content` on the conversation's own channel. Never retried: on
    /// [`ApiError::OutcomeUnknown`] re-read the thread before offering to send again.
    pub async fn reply(&self, conversation_id: &str, content: &str) -> Result<(), ApiError> {
        if content.trim().is_empty() {
            return Err(ApiError::InvalidInput("A reply cannot be empty".to_owned()));
        }
        let url = self.endpoint(&["conversations", id(conversation_id)?, "reply"])?;
        self.write(url, json!({ "content": content })).await
    }

    /// A person takes the conversation over from the AI.
    pub async fn take_over(&self, conversation_id: &str) -> Result<(), ApiError> {
        self.action(conversation_id, "take-over", json!({})).await
    }

    /// Hands the conversation back to the AI.
    pub async fn release(&self, conversation_id: &str) -> Result<(), ApiError> {
        self.action(conversation_id, "release", json!({})).await
    }

    /// Answers [`ApiError::Conflict`] when the conversation is already resolved.
    pub async fn resolve(
        &self,
        conversation_id: &str,
        outcome: Option<&str>,
    ) -> Result<(), ApiError> {
        let body = match outcome.map(str::trim).filter(|text| !text.is_empty()) {
            Some(outcome) => json!({ "outcome": outcome }),
            None => json!({}),
        };
        self.action(conversation_id, "resolve", body).await
    }

    pub async fn workspaces(&self) -> Result<Vec<Workspace>, ApiError> {
        let url = self.endpoint(&["workspaces"])?;
        self.read_data(url, decode::workspaces).await
    }

    /// The tenant's brands, for their AI sender names.
    pub async fn brands(&self) -> Result<Vec<Brand>, ApiError> {
        let url = self.endpoint(&["brands"])?;
        self.read_data(url, decode::brands).await
    }

    /// Channels rarely change: callers should cache the answer.
    pub async fn channel(&self, channel_id: &str) -> Result<Channel, ApiError> {
        let url = self.endpoint(&["channels", id(channel_id)?])?;
        self.read_data(url, decode::channel).await
    }

    /// Who the conversation is with: its contact's and account's ids, and perhaps their records.
    pub async fn conversation(
        &self,
        conversation_id: &str,
    ) -> Result<ConversationDetail, ApiError> {
        let url = self.endpoint(&["conversations", id(conversation_id)?])?;
        self.read_data(url, decode::conversation_detail).await
    }

    /// A customer as the CRM knows them; needs `contacts:read`.
    pub async fn contact(&self, contact_id: &str) -> Result<Contact, ApiError> {
        let url = self.endpoint(&["contacts", id(contact_id)?])?;
        self.read_data(url, decode::contact).await
    }

    /// The company a customer belongs to.
    pub async fn account(&self, account_id: &str) -> Result<Account, ApiError> {
        let url = self.endpoint(&["accounts", id(account_id)?])?;
        self.read_data(url, decode::account).await
    }

    /// Every attention item, open and resolved (the whole history, unpaginated), of one
    /// workspace or, with `None`, of all the key may see.
    pub async fn attention_items(
        &self,
        workspace_id: Option<&str>,
    ) -> Result<Vec<AttentionItem>, ApiError> {
        let mut url = self.endpoint(&["attention-items"])?;
        if let Some(workspace_id) = workspace_id {
            url.query_pairs_mut()
                .append_pair("workspaceId", workspace_id);
        }
        self.read_data(url, decode::attention_items).await
    }

    /// The conversation's attachments, each with a fresh pre-signed URL (see
    /// [`crate::Downloader`]: URLs are short-lived, so list again right before downloading).
    pub async fn attachments(&self, conversation_id: &str) -> Result<Vec<Attachment>, ApiError> {
        let url = self.endpoint(&["conversations", id(conversation_id)?, "attachments"])?;
        self.read_data(url, decode::attachments).await
    }

    /// Starts a conversation; the API answers no id, so the caller finds it in the list.
    pub async fn compose(&self, conversation: &NewConversation) -> Result<(), ApiError> {
        let url = self.endpoint(&["conversations", "compose"])?;
        let body = serde_json::to_value(conversation).map_err(|error| {
            ApiError::InvalidInput(format!("The message cannot be sent: {error}"))
        })?;
        self.write(url, body).await
    }

    /// Approves the AI action an approval guardrail holds in the conversation. Answers
    /// [`ApiError::NotFound`] when nothing is held (or the conversation is unknown).
    pub async fn approve(&self, conversation_id: &str) -> Result<(), ApiError> {
        self.action(conversation_id, "approve", json!({})).await
    }

    /// Marks an attention item handled; the conversation itself is left as it is. Answers
    /// [`ApiError::NotFound`] for an unknown item; a server may answer [`ApiError::Conflict`]
    /// for one already resolved (the docs are silent).
    pub async fn resolve_attention_item(&self, item_id: &str) -> Result<(), ApiError> {
        let url = self.endpoint(&["attention-items", id(item_id)?, "resolve"])?;
        self.write(url, json!({})).await
    }

    async fn action(
        &self,
        conversation_id: &str,
        verb: &str,
        body: serde_json::Value,
    ) -> Result<(), ApiError> {
        let url = self.endpoint(&["conversations", id(conversation_id)?, verb])?;
        self.write(url, body).await
    }

    /// `/api/` plus `segments`, each percent-encoded so an id can never change the path.
    fn endpoint(&self, segments: &[&str]) -> Result<Url, ApiError> {
        let mut url = self.base_url.clone();
        url.path_segments_mut()
            .map_err(|()| ApiError::InvalidInput("The server address cannot take a path".into()))?
            .pop_if_empty()
            .push("api")
            .extend(segments);
        Ok(url)
    }

    async fn read_data<T>(
        &self,
        url: Url,
        decode: fn(&[u8]) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.read(url, decode).await.map(|(value, _)| value)
    }

    /// A GET, retried per the policy, then decoded; with the server's clock at answering.
    async fn read<T>(
        &self,
        url: Url,
        decode: fn(&[u8]) -> Result<T, ApiError>,
    ) -> Result<(T, Option<chrono::DateTime<chrono::Utc>>), ApiError> {
        let mut retries = self.retry.start();
        let mut attempt = 1;
        let (body, served_at) = loop {
            let error = match self.exchange(Method::GET, &url, None).await {
                Ok(answer) => break answer,
                Err(error) => self.redact(error),
            };
            let Some(wait) = retries.wait_before_retry(&error) else {
                return Err(error);
            };
            warn!(path = url.path(), attempt, ?wait, error = %error, "retrying read");
            tokio::time::sleep(wait).await;
            attempt += 1;
        };
        let value = decode(&body).map_err(|error| self.redact(error))?;
        Ok((value, served_at))
    }

    /// A POST, sent once. Failures after the request may have reached oHallo become
    /// [`ApiError::OutcomeUnknown`].
    async fn write(&self, url: Url, body: serde_json::Value) -> Result<(), ApiError> {
        self.exchange(Method::POST, &url, Some(body))
            .await
            .map(drop)
            .map_err(|error| self.redact(error))
    }

    /// One request. Returns the body of a success (empty for writes, whose `{"ok": true}`
    /// carries nothing) and its `Date`, or the error the status or transport failure stands for.
    async fn exchange(
        &self,
        method: Method,
        url: &Url,
        body: Option<serde_json::Value>,
    ) -> Result<(Vec<u8>, Option<chrono::DateTime<chrono::Utc>>), ApiError> {
        debug!(%method, path = url.path(), "request");
        let is_write = method != Method::GET;
        let mut request = self
            .http
            .request(method, url.clone())
            .bearer_auth(self.key.expose());
        if let Some(body) = body {
            request = request.json(&body);
        }
        let transport_error = |error: reqwest::Error| transport_error(error, is_write);
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status();
        if status.is_success() {
            let served_at = response
                .headers()
                .get(DATE)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| chrono::DateTime::parse_from_rfc2822(value).ok())
                .map(|date| date.with_timezone(&chrono::Utc));
            if is_write {
                return Ok((Vec::new(), served_at));
            }
            let body = read_body(response, MAX_RESPONSE_BYTES)
                .await?
                .ok_or_else(decode::too_large)?;
            return Ok((body, served_at));
        }
        Err(status_error(status, response).await)
    }

    fn redact(&self, error: ApiError) -> ApiError {
        error.redacted(self.key.expose(), &self.key.redacted())
    }
}

fn parse_base_url(input: &str) -> Result<Url, ApiError> {
    let mut url = Url::parse(input.trim()).map_err(|error| {
        ApiError::InvalidInput(format!("The server address is not a valid URL ({error})"))
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => return Err(ApiError::InsecureUrl),
        _ => {
            return Err(ApiError::InvalidInput(
                "The server address must start with https://".to_owned(),
            ))
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ApiError::InvalidInput(
            "The server address must not contain a user name or password".to_owned(),
        ));
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

pub(crate) fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// An id as one path segment. `.` and `..` would be dropped from the path by URL rules,
/// silently addressing another resource, so they are refused like an empty id.
fn id(value: &str) -> Result<&str, ApiError> {
    if matches!(value.trim(), "" | "." | "..") {
        return Err(ApiError::InvalidInput("The id is missing".to_owned()));
    }
    Ok(value)
}

/// Reads a body up to `limit` bytes; `None` when it is longer.
async fn read_body(mut response: Response, limit: usize) -> Result<Option<Vec<u8>>, ApiError> {
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Ok(None);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| transport_error(error, false))?
    {
        if body.len() + chunk.len() > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

async fn status_error(status: StatusCode, response: Response) -> ApiError {
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| parse_retry_after(value, chrono::Utc::now()));
    let body = read_body(response, MAX_ERROR_BODY_BYTES)
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let message = decode::server_error_text(&body).unwrap_or_else(|| {
        status
            .canonical_reason()
            .unwrap_or("no details given")
            .to_owned()
    });
    ApiError::from_status(status.as_u16(), message, retry_after)
}

/// A failure before any status arrived. A write that failed after connecting may have been
/// applied, so it is reported as `OutcomeUnknown` rather than as something safe to resend.
fn transport_error(error: reqwest::Error, is_write: bool) -> ApiError {
    if error.is_connect() {
        ApiError::Network(describe_transport_error(error))
    } else if is_write {
        let detail = if error.is_timeout() {
            "no answer before the timeout".to_owned()
        } else {
            describe_transport_error(error)
        };
        ApiError::OutcomeUnknown { detail }
    } else if error.is_timeout() {
        ApiError::Timeout
    } else {
        ApiError::Network(describe_transport_error(error))
    }
}

/// The error and its causes on one line. The URL is removed first: error texts are shown and
/// logged, and should carry nothing about the request but its failure.
pub(crate) fn describe_transport_error(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut text = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> ApiKey {
        ApiKey::parse("sf_test_v1_unit").unwrap()
    }

    #[test]
    fn plain_http_is_refused_except_to_this_machine() {
        for accepted in [
            DEFAULT_BASE_URL,
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://localhost:3000/",
            "http://[::1]:9000",
            "https://proxy.example.com/ohallo",
        ] {
            assert!(Client::new(accepted, key()).is_ok(), "{accepted}");
        }
        for refused in [
            "http://api.ohallo.eu",
            "http://10.0.0.5",
            "http://localhost.example.com",
        ] {
            assert_eq!(
                Client::new(refused, key()).unwrap_err(),
                ApiError::InsecureUrl,
                "{refused}"
            );
        }
        for invalid in [
            "ftp://api.ohallo.eu",
            "api.ohallo.eu",
            "https://user:pw@api.ohallo.eu",
        ] {
            assert!(matches!(
                Client::new(invalid, key()).unwrap_err(),
                ApiError::InvalidInput(_)
            ));
        }
    }

    #[test]
    fn ids_are_percent_encoded_into_one_segment() {
        let client = Client::new("https://api.ohallo.eu/base/", key()).unwrap();
        let url = client
            .endpoint(&["conversations", "a/b?c#d e%", "messages"])
            .unwrap();
        assert_eq!(
            url.as_str(),
            "https://api.ohallo.eu/base/api/conversations/a%2Fb%3Fc%23d%20e%25/messages"
        );
        assert!(id("..").is_err());
        assert!(id(" ").is_err());
    }
}
