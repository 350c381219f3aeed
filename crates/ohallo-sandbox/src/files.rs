//! Attachments (`GET /api/conversations/{id}/attachments`) and the file host that serves them
//! at pre-signed, short-lived URLs (`GET /_files/{token}`), standing in for S3: no API key, and
//! a request that carries an `Authorization` header anyway is refused (as S3 refuses a second
//! auth mechanism) and counted, so tests can prove a client never sends its key there.

use crate::auth::{Principal, Scope};
use crate::body;
use crate::control_api::{AttachmentAdded, NewAttachment};
use crate::error::ApiError;
use crate::model::Author;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use rand::Rng;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Attachments added through the control API, at most; beyond it, 429.
pub const MAX_ADDED_ATTACHMENTS: usize = 10_000;
/// Bytes of attachments added through the control API, at most; beyond it, 429.
pub const MAX_ADDED_ATTACHMENT_BYTES: usize = 256 * 1024 * 1024;
/// Live download grants kept at once; the oldest go first beyond it.
const MAX_GRANTS: usize = 100_000;
/// A slow file host is slow, not stuck: no chunk waits longer than this.
const MAX_CHUNK_DELAY_MS: u64 = 1_000;

#[derive(Debug, Clone)]
struct StoredFile {
    id: String,
    conversation_id: Arc<str>,
    message_id: String,
    file_name: Option<String>,
    content_type: Option<String>,
    /// What the listing announces; may lie.
    size_bytes: Option<u64>,
    bytes: Bytes,
    /// Served without a `Content-Length`.
    chunked: bool,
    /// Each 16 KiB chunk waits this long.
    chunk_delay: Option<Duration>,
    /// The listing's `url` is null.
    no_url: bool,
    created_at: DateTime<Utc>,
}

struct Grant {
    file: usize,
    expires: Instant,
}

/// Every attachment, the conversations already seeded and the live download grants.
pub(crate) struct Files {
    files: Vec<StoredFile>,
    by_conversation: HashMap<Arc<str>, Vec<usize>>,
    seeded: HashSet<Arc<str>>,
    grants: HashMap<String, Grant>,
    ttl: Duration,
    nulls: bool,
    hostile: bool,
    added: usize,
    added_bytes: usize,
    refused_with_authorization: u64,
    served: u64,
}

impl Files {
    pub(crate) fn new(ttl: Duration, nulls: bool, hostile: bool) -> Files {
        Files {
            files: Vec::new(),
            by_conversation: HashMap::new(),
            seeded: HashSet::new(),
            grants: HashMap::new(),
            ttl,
            nulls,
            hostile,
            added: 0,
            added_bytes: 0,
            refused_with_authorization: 0,
            served: 0,
        }
    }

    fn push(&mut self, file: StoredFile) -> usize {
        let index = self.files.len();
        self.by_conversation
            .entry(file.conversation_id.clone())
            .or_default()
            .push(index);
        self.files.push(file);
        index
    }

    /// Demo attachments, derived from the conversation id so every run shows the same: about a
    /// third of the threads carry an invoice, another third a photo and a note.
    fn seed(&mut self, conversation: &Arc<str>, messages: &[MessageRef]) {
        if !self.seeded.insert(conversation.clone()) {
            return;
        }
        let customer: Vec<_> = messages
            .iter()
            .filter(|(_, customer, _)| *customer)
            .collect();
        let (Some(first), Some(last)) = (customer.first(), customer.last()) else {
            return;
        };
        let hash = fnv(conversation.as_bytes());
        let add = |files: &mut Files,
                   (message, _, at): &MessageRef,
                   n: u64,
                   name: Option<&str>,
                   kind: Option<&str>,
                   bytes: Vec<u8>,
                   size: Option<u64>| {
            let id = format!("att-{:016x}-{n}", hash);
            files.push(StoredFile {
                id,
                conversation_id: conversation.clone(),
                message_id: message.clone(),
                file_name: name.map(str::to_owned),
                content_type: kind.map(str::to_owned),
                size_bytes: size,
                bytes: Bytes::from(bytes),
                chunked: false,
                chunk_delay: None,
                no_url: false,
                created_at: *at,
            });
        };
        let sized = |bytes: &[u8]| Some(bytes.len() as u64);
        match hash % 3 {
            0 => {
                let pdf = demo_pdf(hash);
                let size = sized(&pdf);
                let name = format!("invoice-{}.pdf", 4000 + hash % 1000);
                add(
                    self,
                    first,
                    0,
                    Some(&name),
                    Some("application/pdf"),
                    pdf,
                    size,
                );
            }
            1 => {
                let jpg = demo_jpeg(hash);
                let size = sized(&jpg);
                add(
                    self,
                    last,
                    0,
                    Some("photo.jpg"),
                    Some("image/jpeg"),
                    jpg,
                    size,
                );
                let txt = b"Order details as discussed:\n- 2 x replacement part\n- delivery to the office\n".to_vec();
                let size = sized(&txt);
                add(
                    self,
                    last,
                    1,
                    Some("notes.txt"),
                    Some("text/plain"),
                    txt,
                    size,
                );
            }
            _ if self.nulls => {
                let bytes = b"an attachment the server knows little about\n".to_vec();
                add(self, first, 0, None, None, bytes, None);
                let index = self.files.len() - 1;
                self.files[index].no_url = true;
                let bytes = b"no name, no type, no size\n".to_vec();
                add(self, last, 1, None, None, bytes, None);
            }
            _ => {}
        }
        if self.hostile && hash % 3 != 2 {
            let script = b"#!/bin/sh\necho this is not a PDF\n".to_vec();
            let size = sized(&script);
            add(
                self,
                first,
                7,
                Some("../../.config/autostart/\u{7}evil\u{202e}fdp.desktop"),
                Some("application/pdf"),
                script,
                size,
            );
            add(
                self,
                last,
                8,
                Some("statement.pdf"),
                Some("application/pdf"),
                vec![b'A'; 64 * 1024],
                Some(1024),
            );
        }
    }

    /// The conversation's attachments as the API lists them, each with a fresh URL.
    fn list(&mut self, conversation: &str, base: &str, render: &crate::views::Render) -> Value {
        let now = Instant::now();
        self.grants.retain(|_, grant| grant.expires > now);
        let indices = self
            .by_conversation
            .get(conversation)
            .cloned()
            .unwrap_or_default();
        let mut items = Vec::with_capacity(indices.len());
        for index in indices {
            let url = if self.files[index].no_url {
                Value::Null
            } else {
                let token = token();
                if self.grants.len() >= MAX_GRANTS {
                    self.grants.clear();
                }
                self.grants.insert(
                    token.clone(),
                    Grant {
                        file: index,
                        expires: now + self.ttl,
                    },
                );
                json!(format!(
                    "{base}/_files/{token}?X-Amz-Expires={}",
                    self.ttl.as_secs()
                ))
            };
            let file = &self.files[index];
            items.push(json!({
                "id": file.id,
                "messageId": file.message_id,
                "fileName": file.file_name,
                "contentType": file.content_type,
                "sizeBytes": file.size_bytes,
                "url": url,
                "createdAt": render.timestamp(file.created_at),
            }));
        }
        Value::Array(items)
    }
}

fn token() -> String {
    let mut rng = rand::rng();
    (0..32)
        .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
        .collect()
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn demo_pdf(hash: u64) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages \
         /Kids [] /Count 0 >> endobj\n% invoice {}\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        4000 + hash % 1000
    )
    .into_bytes()
}

fn demo_jpeg(hash: u64) -> Vec<u8> {
    let mut bytes = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00,
    ];
    bytes.extend((0..2048u64).map(|n| (n.wrapping_mul(hash | 1) >> 3) as u8));
    bytes.extend([0xFF, 0xD9]);
    bytes
}

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/conversations/{id}/attachments", get(attachments))
        .route("/_files/{token}", get(download))
}

pub(crate) fn control_router() -> Router<AppState> {
    Router::new()
        .route("/_sandbox/attachments", post(add_attachment))
        .route("/_sandbox/downloads", get(downloads))
}

/// Where the client reached us; URLs it gets point back there.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// A message as attachments need it: id, whether a customer wrote it, when.
type MessageRef = (String, bool, DateTime<Utc>);

/// The thread's messages.
fn thread_messages(
    state: &AppState,
    id: &str,
    visible: Option<&str>,
) -> Result<(Arc<str>, Vec<MessageRef>), ApiError> {
    let mut store = state.store();
    let thread = store.thread(id, visible)?;
    let messages = thread
        .conversation
        .messages
        .iter()
        .map(|message| {
            (
                message.id.clone(),
                message.author == Author::Customer,
                message.sent_at,
            )
        })
        .collect();
    Ok((thread.conversation.id.clone(), messages))
}

async fn attachments(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    principal.require(Scope::Read)?;
    let (conversation, messages) = thread_messages(&state, &id, principal.workspace_id.as_deref())?;
    let mut files = state.files.lock();
    files.seed(&conversation, &messages);
    Ok(Json(files.list(
        &conversation,
        &base_url(&headers),
        &state.render,
    )))
}

async fn download(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let mut files = state.files.lock();
    if headers.contains_key(header::AUTHORIZATION) {
        files.refused_with_authorization += 1;
        return ApiError::BadRequest(
            "only one auth mechanism allowed: a pre-signed URL takes no Authorization header"
                .to_owned(),
        )
        .into_response();
    }
    let Some((index, expires)) = files
        .grants
        .get(&token)
        .map(|grant| (grant.file, grant.expires))
    else {
        return ApiError::NotFound("no such file".to_owned()).into_response();
    };
    if expires <= Instant::now() {
        return ApiError::Forbidden("request has expired".to_owned()).into_response();
    }
    files.served += 1;
    let file = files.files[index].clone();
    drop(files);
    let content_type = file
        .content_type
        .as_deref()
        .and_then(|kind| HeaderValue::from_str(kind).ok())
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let chunks = || -> Vec<Result<Bytes, std::io::Error>> {
        file.bytes
            .chunks(16 * 1024)
            .map(|chunk| Ok(file.bytes.slice_ref(chunk)))
            .collect()
    };
    let body = match file.chunk_delay {
        Some(delay) => Body::from_stream(futures_util::stream::iter(chunks()).then(
            move |chunk| async move {
                tokio::time::sleep(delay).await;
                chunk
            },
        )),
        None if file.chunked => Body::from_stream(futures_util::stream::iter(chunks())),
        None => Body::from(file.bytes.clone()),
    };
    let mut response =
        (StatusCode::OK, [(header::CONTENT_TYPE, content_type)], body).into_response();
    // A streamed body has no length of its own; a slow host still says it unless told not to.
    if file.chunk_delay.is_some() && !file.chunked {
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(file.bytes.len()));
    }
    response
}

async fn add_attachment(
    State(state): State<AppState>,
    bytes: Bytes,
) -> Result<Json<AttachmentAdded>, ApiError> {
    let request: NewAttachment = body::parse(&bytes)?;
    let content = base64::engine::general_purpose::STANDARD
        .decode(request.content_base64.as_bytes())
        .map_err(|_| ApiError::BadRequest("contentBase64 must be base64".to_owned()))?;
    let (conversation, messages) = thread_messages(&state, &request.conversation_id, None)?;
    let message_id = match request.message_id {
        Some(id) if messages.iter().any(|(message, _, _)| *message == id) => id,
        Some(_) => return Err(ApiError::NotFound("message not found".to_owned())),
        None => messages
            .iter()
            .rev()
            .find(|(_, customer, _)| *customer)
            .or(messages.last())
            .map(|(id, _, _)| id.clone())
            .ok_or_else(|| ApiError::Conflict("the conversation has no message".to_owned()))?,
    };
    let created_at = messages
        .iter()
        .find(|(id, _, _)| *id == message_id)
        .map_or_else(Utc::now, |(_, _, at)| *at);
    let mut files = state.files.lock();
    if files.added >= MAX_ADDED_ATTACHMENTS
        || files.added_bytes.saturating_add(content.len()) > MAX_ADDED_ATTACHMENT_BYTES
    {
        return Err(ApiError::LimitReached(format!(
            "the sandbox keeps at most {MAX_ADDED_ATTACHMENTS} attachments and {} MiB of them \
             added at run time; restart it to start over",
            MAX_ADDED_ATTACHMENT_BYTES / (1024 * 1024)
        )));
    }
    // A conversation a test gives files to gets no demo files beside them later (one listed
    // before keeps those it has).
    files.seeded.insert(conversation.clone());
    files.added += 1;
    files.added_bytes += content.len();
    let id = format!("att-{}", token());
    let size_bytes = match (request.no_size, request.size_bytes) {
        (true, _) => None,
        (false, Some(size)) => Some(size),
        (false, None) => Some(content.len() as u64),
    };
    files.push(StoredFile {
        id: id.clone(),
        conversation_id: conversation,
        message_id: message_id.clone(),
        file_name: request.file_name,
        content_type: request.content_type,
        size_bytes,
        bytes: Bytes::from(content),
        chunked: request.chunked,
        chunk_delay: request
            .chunk_delay_ms
            .map(|ms| Duration::from_millis(ms.min(MAX_CHUNK_DELAY_MS))),
        no_url: request.no_url,
        created_at,
    });
    Ok(Json(AttachmentAdded {
        attachment_id: id,
        message_id,
    }))
}

async fn downloads(State(state): State<AppState>) -> Json<crate::control_api::Downloads> {
    let files = state.files.lock();
    Json(crate::control_api::Downloads {
        served: files.served,
        refused_with_authorization: files.refused_with_authorization,
    })
}
