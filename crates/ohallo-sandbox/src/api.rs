//! The oHallo API under `/api/`.

use crate::auth::{Principal, Scope};
use crate::body;
use crate::error::ApiError;
use crate::list_query::{workspace_param, ListQuery};
use crate::state::AppState;
use crate::store::{Compose, Recipient, StoreError};
use crate::views;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

type ApiResult = Result<Json<Value>, ApiError>;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/conversations", get(list_conversations))
        .route("/api/conversations/compose", post(compose))
        .route("/api/conversations/{id}", get(conversation))
        .route("/api/conversations/{id}/messages", get(messages))
        .route("/api/conversations/{id}/reply", post(reply))
        .route("/api/conversations/{id}/take-over", post(take_over))
        .route("/api/conversations/{id}/release", post(release))
        .route("/api/conversations/{id}/resolve", post(resolve))
        .route("/api/workspaces", get(workspaces))
        .route("/api/brands", get(brands))
        .route("/api/channels/{id}", get(channel))
        .route("/api/conversations/{id}/approve", post(approve))
        .route("/api/attention-items", get(attention_items))
        .route("/api/contacts/{id}", get(contact))
        .route("/api/accounts/{id}", get(account))
        .route("/api/attention-items/{id}/resolve", post(resolve_attention))
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound(_) => ApiError::NotFound(error.to_string()),
            StoreError::Conflict(message) => ApiError::Conflict(message.to_owned()),
            StoreError::Invalid(message) => ApiError::BadRequest(message),
            StoreError::Full(message) => ApiError::LimitReached(message),
        }
    }
}

fn ok() -> ApiResult {
    Ok(Json(json!({ "ok": true })))
}

async fn list_conversations(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult {
    principal.require(Scope::Read)?;
    let query = ListQuery::parse(
        &params,
        principal.workspace_id.as_deref(),
        state.require_workspace,
    )?;
    let store = state.store();
    let page = store.list(&query.filter, query.cursor.as_ref(), query.limit);
    let data: Vec<Value> = page
        .items
        .iter()
        .map(|conversation| views::conversation(&store, conversation, state.render))
        .collect();
    let mut response = json!({ "data": data });
    if let Some(next) = page.next {
        response["nextCursor"] = json!(next.encode());
    }
    Ok(Json(response))
}

async fn messages(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult {
    principal.require(Scope::Read)?;
    let mut store = state.store();
    let thread = store.thread(&id, principal.workspace_id.as_deref())?;
    Ok(Json(views::messages(&thread, state.render)))
}

async fn conversation(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult {
    principal.require(Scope::Read)?;
    let visible = principal.workspace_id.as_deref();
    let mut store = state.store();
    let attention: Vec<Value> = store
        .attention(visible)
        .filter(|(_, conversation)| *conversation.id == *id)
        .map(|(item, conversation)| views::attention_item(item, conversation, state.render))
        .collect();
    let thread = store.thread(&id, visible)?;
    Ok(Json(views::conversation_detail(
        &thread,
        attention,
        principal.has(Scope::ContactsRead),
        state.render,
    )))
}

async fn reply(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    bytes: Bytes,
) -> ApiResult {
    principal.require(Scope::Write)?;
    let request: Value = body::parse(&bytes)?;
    let content = match request.get("content") {
        Some(Value::String(content)) if !content.trim().is_empty() => content.clone(),
        Some(Value::String(_)) => {
            return Err(ApiError::BadRequest("content must not be empty".to_owned()))
        }
        Some(_) => return Err(ApiError::BadRequest("content must be a string".to_owned())),
        None => return Err(ApiError::BadRequest("content is required".to_owned())),
    };
    state.store().reply(
        &id,
        principal.workspace_id.as_deref(),
        content,
        state.strict_reply,
        principal.key(),
    )?;
    ok()
}

async fn take_over(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult {
    principal.require(Scope::Write)?;
    state
        .store()
        .take_over(&id, principal.workspace_id.as_deref())?;
    ok()
}

async fn release(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult {
    principal.require(Scope::Write)?;
    state
        .store()
        .release(&id, principal.workspace_id.as_deref())?;
    ok()
}

#[derive(Debug, Default, Deserialize)]
struct ResolveRequest {
    outcome: Option<String>,
}

async fn resolve(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    bytes: Bytes,
) -> ApiResult {
    principal.require(Scope::Write)?;
    let request: ResolveRequest = body::parse_optional(&bytes)?;
    let outcome = request.outcome.filter(|outcome| !outcome.trim().is_empty());
    state
        .store()
        .resolve(&id, principal.workspace_id.as_deref(), outcome)?;
    ok()
}

async fn approve(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult {
    principal.require(Scope::Write)?;
    state
        .store()
        .approve(&id, principal.workspace_id.as_deref())?;
    ok()
}

async fn resolve_attention(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult {
    principal.require(Scope::Write)?;
    state
        .store()
        .resolve_attention(&id, principal.workspace_id.as_deref())?;
    ok()
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ComposeRequest {
    workspace_id: Option<String>,
    channel_id: Option<String>,
    contact_id: Option<String>,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    contact_name: Option<String>,
    subject: Option<String>,
    content: Option<String>,
}

/// E.164: a plus, then 8 to 15 digits, the first not 0.
fn is_e164(phone: &str) -> bool {
    let Some(digits) = phone.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

fn present(value: Option<String>) -> Option<String> {
    value
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

async fn compose(State(state): State<AppState>, principal: Principal, bytes: Bytes) -> ApiResult {
    principal.require(Scope::Write)?;
    let request: ComposeRequest = body::parse(&bytes)?;
    let bad = |message: &str| ApiError::BadRequest(message.to_owned());
    let workspace_id =
        present(request.workspace_id).ok_or_else(|| bad("workspaceId is required"))?;
    let channel_id = present(request.channel_id).ok_or_else(|| bad("channelId is required"))?;
    let content = present(request.content).ok_or_else(|| bad("content must not be empty"))?;
    let name = present(request.contact_name);
    let recipient = match (
        present(request.contact_id),
        present(request.contact_email),
        present(request.contact_phone),
    ) {
        (Some(id), None, None) => Recipient::Contact(id),
        (None, Some(email), None)
            if email
                .split_once('@')
                .is_some_and(|(l, d)| !l.is_empty() && d.contains('.')) =>
        {
            Recipient::Email { email, name }
        }
        (None, Some(_), None) => return Err(bad("contactEmail is not an email address")),
        (None, None, Some(phone)) if is_e164(&phone) => Recipient::Phone { phone, name },
        (None, None, Some(_)) => {
            return Err(bad("contactPhone must be in E.164 form, e.g. +4531234567"))
        }
        _ => {
            return Err(bad(
                "give exactly one of contactId, contactEmail and contactPhone",
            ))
        }
    };
    state.store().compose(
        Compose {
            workspace_id,
            channel_id,
            recipient,
            subject: present(request.subject),
            content,
        },
        principal.workspace_id.as_deref(),
    )?;
    ok()
}

/// No scope needed: a key always may learn which workspaces it sees.
async fn workspaces(State(state): State<AppState>, principal: Principal) -> ApiResult {
    let store = state.store();
    let workspaces: Vec<Value> = store
        .workspaces(principal.workspace_id.as_deref())
        .map(|workspace| views::workspace(&store, workspace, state.render))
        .collect();
    Ok(Json(Value::Array(workspaces)))
}

/// No scope needed, and tenant-wide: clients read it to tell the AI's messages from a person's.
async fn brands(State(state): State<AppState>, _principal: Principal) -> ApiResult {
    let store = state.store();
    let brands: Vec<Value> = store
        .brands()
        .iter()
        .map(|brand| views::brand(brand, state.render))
        .collect();
    Ok(Json(Value::Array(brands)))
}

async fn channel(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult {
    principal.require(Scope::ChannelsRead)?;
    let store = state.store();
    let channel = store.find_channel(&id, principal.workspace_id.as_deref())?;
    Ok(Json(views::channel(&store, channel, state.render)))
}

/// The whole history, unpaginated; `workspaceId` is scoped exactly like the conversation list's.
async fn attention_items(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult {
    principal.require(Scope::Read)?;
    let workspace = workspace_param(
        &params,
        principal.workspace_id.as_deref(),
        state.require_workspace,
    )?;
    let store = state.store();
    let items: Vec<Value> = store
        .attention(workspace.as_deref())
        .map(|(item, conversation)| views::attention_item(item, conversation, state.render))
        .collect();
    Ok(Json(Value::Array(items)))
}

async fn contact(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult {
    principal.require(Scope::ContactsRead)?;
    let store = state.store();
    let conversation = store.contact(&id, principal.workspace_id.as_deref())?;
    Ok(Json(views::contact(&store, conversation, state.render)))
}

/// The docs name no scope for accounts: any valid key may read them.
async fn account(_principal: Principal, Path(id): Path<String>) -> ApiResult {
    views::account(&id)
        .map(Json)
        .ok_or_else(|| ApiError::NotFound("Account not found".to_owned()))
}
