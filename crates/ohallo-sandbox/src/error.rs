use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// Why a [`crate::Sandbox`] could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("at most {max} conversations are supported, {requested} were requested")]
    TooManyConversations { requested: usize, max: usize },
    #[error("the sandbox key must not be empty")]
    EmptyKey,
    #[error("a rate limit must allow at least one request per minute")]
    ZeroRateLimit,
    #[error("the simulation interval must be longer than zero")]
    ZeroSimulationInterval,
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("generating the demo data failed: {0}")]
    DataGeneration(#[from] tokio::task::JoinError),
}

/// Every failure the HTTP API reports; rendered as `{"error": "<message>"}`.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(&'static str),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// A cap of [`crate::limits`] is reached. 429 without `Retry-After`: sending less would
    /// help, waiting would not (only a restart or clearing faults makes room).
    #[error("{0}")]
    LimitReached(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::RateLimited { .. } | ApiError::LimitReached(_) => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry_after = match self {
            ApiError::RateLimited { retry_after_secs } => Some(retry_after_secs),
            _ => None,
        };
        error_response(self.status(), &self.to_string(), retry_after)
    }
}

/// The one place that shapes error bodies, shared by handlers, injected faults and rejections.
pub(crate) fn error_response(
    status: StatusCode,
    message: &str,
    retry_after_secs: Option<u64>,
) -> Response {
    let mut response =
        (status, axum::Json(serde_json::json!({ "error": message }))).into_response();
    if let Some(secs) = retry_after_secs {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// Turns every non-JSON error response (axum's rejections, 405s) into our `{"error"}` shape.
pub(crate) async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, REJECTION_BODY_LIMIT)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("request failed")
            .to_lowercase()
    } else {
        text
    };
    let mut converted = error_response(status, &message, None);
    if let Some(allow) = parts.headers.get(header::ALLOW) {
        converted.headers_mut().insert(header::ALLOW, allow.clone());
    }
    converted
}

/// Rejection texts are one line; anything longer is not worth echoing.
const REJECTION_BODY_LIMIT: usize = 64 * 1024;

pub(crate) async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::NotFound(format!("no endpoint at {}", uri.path()))
}
