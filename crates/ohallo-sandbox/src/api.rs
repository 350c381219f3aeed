//! The oHallo API under `/api/`.

use crate::auth::{Principal, Scope};
use crate::body;
use crate::error::ApiError;
use crate::list_query::{workspace_param, ListQuery};
use crate::state::AppState;
use crate::store::StoreError;
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
