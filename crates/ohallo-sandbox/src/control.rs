//! The control API under `/_sandbox/`: no auth, so it is only served to loopback peers.

use crate::auth::{KeyRecord, Scope};
use crate::body;
use crate::control_api::{
    Approval, Attention, AttentionRaised, FaultSpec, Inbound as InboundRequest, KeySpec, MintedKey,
    RecordedReply, Revoke, Written,
};
use crate::error::ApiError;
use crate::model::ChannelType;
use crate::state::AppState;
use crate::store::{Inbound, Speaker};
use crate::traffic::TrafficStats;
use crate::views;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::net::SocketAddr;

type ControlResult = Result<Json<Value>, ApiError>;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/_sandbox/inbound", post(inbound))
        .route("/_sandbox/attention", post(raise_attention))
        .route("/_sandbox/approval", post(hold_for_approval))
        .route("/_sandbox/keys", post(create_key))
        .route("/_sandbox/revoke", post(revoke))
        .route("/_sandbox/faults", post(add_fault).delete(clear_faults))
        .route("/_sandbox/replies", get(replies))
        .route("/_sandbox/traffic", get(traffic))
        .route_layer(middleware::from_fn(loopback_only))
}

async fn loopback_only(
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    if peer.ip().to_canonical().is_loopback() {
        Ok(next.run(request).await)
    } else {
        Err(ApiError::Forbidden(
            "the sandbox control API only answers loopback clients".to_owned(),
        ))
    }
}

async fn inbound(State(state): State<AppState>, bytes: Bytes) -> Result<Json<Written>, ApiError> {
    let request: InboundRequest = body::parse(&bytes)?;
    let body = request
        .body
        .filter(|body| !body.trim().is_empty())
        .ok_or_else(|| ApiError::BadRequest("body is required".to_owned()))?;
    let channel = request
        .channel
        .map(|channel| {
            ChannelType::parse(&channel).ok_or_else(|| {
                ApiError::BadRequest("channel must be email, chat, whatsapp or voice".to_owned())
            })
        })
        .transpose()?;
    let speaker = request
        .speaker
        .map(|speaker| match speaker.as_str() {
            "caller" => Ok(Speaker::Caller),
            "ai" => Ok(Speaker::Ai),
            _ => Err(ApiError::BadRequest(
                "speaker must be caller or ai".to_owned(),
            )),
        })
        .transpose()?;
    let (conversation_id, message_id) = state.store().inbound(Inbound {
        conversation_id: request.conversation_id,
        channel,
        speaker,
        contact_name: request.contact_name.filter(|name| !name.trim().is_empty()),
        contact_of: request.contact_of,
        workspace_id: request.workspace_id,
        body,
    })?;
    Ok(Json(Written {
        conversation_id: conversation_id.to_string(),
        message_id,
    }))
}

async fn raise_attention(
    State(state): State<AppState>,
    bytes: Bytes,
) -> Result<Json<AttentionRaised>, ApiError> {
    let request: Attention = body::parse(&bytes)?;
    let reason = request
        .reason
        .filter(|reason| !reason.trim().is_empty())
        .unwrap_or_else(|| "The customer asked to speak to a person.".to_owned());
    let id = state
        .store()
        .raise_attention(&request.conversation_id, reason)?;
    Ok(Json(AttentionRaised {
        attention_item_id: id,
    }))
}

async fn hold_for_approval(
    State(state): State<AppState>,
    bytes: Bytes,
) -> Result<Json<Value>, ApiError> {
    let request: Approval = body::parse(&bytes)?;
    if request.action.trim().is_empty() {
        return Err(ApiError::BadRequest("action must not be empty".to_owned()));
    }
    state
        .store()
        .hold_for_approval(&request.conversation_id, request.action)?;
    Ok(Json(json!({ "ok": true })))
}

async fn create_key(
    State(state): State<AppState>,
    bytes: Bytes,
) -> Result<Json<MintedKey>, ApiError> {
    let request: KeySpec = body::parse(&bytes)?;
    let mut scopes = Vec::new();
    for scope in &request.scopes {
        let parsed = Scope::parse(scope)
            .ok_or_else(|| ApiError::BadRequest(format!("unknown scope {scope}")))?;
        // A body repeating one scope a million times must not be kept a million times.
        if !scopes.contains(&parsed) {
            scopes.push(parsed);
        }
    }
    if let Some(id) = &request.workspace_id {
        if !state.store().workspace_exists(id) {
            return Err(ApiError::BadRequest(format!("unknown workspaceId {id}")));
        }
    }
    let key = state.keys.lock().create(KeyRecord {
        scopes,
        expired: request.expired,
        revoked: false,
        workspace_id: request.workspace_id,
    })?;
    Ok(Json(MintedKey { key }))
}

async fn revoke(State(state): State<AppState>, bytes: Bytes) -> ControlResult {
    let request: Revoke = body::parse(&bytes)?;
    if state.keys.lock().revoke(&request.key) {
        Ok(Json(json!({ "ok": true })))
    } else {
        Err(ApiError::NotFound("key not found".to_owned()))
    }
}

async fn add_fault(State(state): State<AppState>, bytes: Bytes) -> ControlResult {
    let spec: FaultSpec = body::parse(&bytes)?;
    state.faults.add(spec)?;
    Ok(Json(json!({ "ok": true })))
}

async fn clear_faults(State(state): State<AppState>) -> Json<Value> {
    state.faults.clear();
    Json(json!({ "ok": true }))
}

async fn replies(State(state): State<AppState>) -> Json<Vec<RecordedReply>> {
    let store = state.store();
    Json(
        store
            .replies()
            .map(|reply| views::reply(state.render, reply))
            .collect(),
    )
}

/// API requests served so far (control requests are not counted).
async fn traffic(State(state): State<AppState>) -> Json<TrafficStats> {
    Json(state.faults.traffic.stats())
}

#[cfg(test)]
mod tests {
    use crate::server::test_router;
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::{Request, StatusCode};
    use std::net::SocketAddr;
    use tower::ServiceExt;

    async fn replies_status(peer: &str) -> StatusCode {
        let peer: SocketAddr = peer.parse().expect("a socket address");
        let mut request = Request::get("/_sandbox/replies")
            .body(Body::empty())
            .expect("a request");
        request.extensions_mut().insert(ConnectInfo(peer));
        let response = test_router().await.oneshot(request).await;
        match response {
            Ok(response) => response.status(),
            Err(never) => match never {},
        }
    }

    #[tokio::test]
    async fn the_control_api_refuses_peers_that_are_not_loopback() {
        assert_eq!(
            replies_status("192.0.2.7:50000").await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(replies_status("127.0.0.1:50000").await, StatusCode::OK);
        assert_eq!(replies_status("[::1]:50000").await, StatusCode::OK);
    }
}
