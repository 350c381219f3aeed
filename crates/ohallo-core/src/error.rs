//! The one error type every call of this crate returns.

use std::time::Duration;

/// What went wrong talking to oHallo, sorted by what the app should do about it.
///
/// Texts that came from the server are kept for display. No variant ever holds the API key:
/// the client strips URLs from transport errors and redacts the key from server texts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The key is missing, invalid, expired or revoked (401).
    #[error("unauthorized: {message}")]
    Unauthorized { message: String },
    /// The key lacks a scope or may not touch this workspace (403).
    #[error("forbidden: {message}")]
    Forbidden {
        message: String,
        /// The scope the server says is missing, e.g. `conversations:write`, when it names one.
        missing_scope: Option<String>,
    },
    /// The id is unknown (404).
    #[error("not found: {message}")]
    NotFound { message: String },
    /// The conversation is in the wrong state for this action (409).
    #[error("conflict: {message}")]
    Conflict { message: String },
    /// Too many requests (429); `retry_after` comes from the `Retry-After` header.
    #[error("rate limited")]
    RateLimited { retry_after: Option<Duration> },
    /// The server failed (5xx) or answered with a status this client does not expect;
    /// `retry_after` when a 503 says how long to stay away.
    #[error("server error {status}: {message}")]
    Server {
        status: u16,
        message: String,
        retry_after: Option<Duration>,
    },
    /// oHallo could not be reached; nothing was delivered.
    #[error("network error: {0}")]
    Network(String),
    /// oHallo did not answer in time.
    #[error("timed out waiting for oHallo")]
    Timeout,
    /// A write was sent but its answer never came back: it may or may not have been applied.
    /// There are no idempotency keys, so re-read the thread before sending again.
    #[error("outcome unknown: {detail}")]
    OutcomeUnknown { detail: String },
    /// The response could not be read; `detail` names the offending field or path.
    #[error("unreadable response: {detail}")]
    BadResponse { detail: String },
    /// The input was rejected, locally or by the server (400).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The base URL is plain `http://` to a host that is not this machine.
    #[error("insecure URL: only https:// is allowed, or http:// to this machine")]
    InsecureUrl,
}

impl ApiError {
    /// The error for a non-success HTTP status; `message` is the server's `error` text.
    pub(crate) fn from_status(
        status: u16,
        message: String,
        retry_after: Option<Duration>,
    ) -> ApiError {
        match status {
            400 | 422 => ApiError::InvalidInput(message),
            401 => ApiError::Unauthorized { message },
            403 => ApiError::Forbidden {
                missing_scope: scope_named_in(&message),
                message,
            },
            404 => ApiError::NotFound { message },
            409 => ApiError::Conflict { message },
            429 => ApiError::RateLimited { retry_after },
            _ => ApiError::Server {
                status,
                message,
                retry_after,
            },
        }
    }

    /// How long the server asked to be left alone (`Retry-After` on a 429 or a 5xx).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ApiError::RateLimited { retry_after } | ApiError::Server { retry_after, .. } => {
                *retry_after
            }
            _ => None,
        }
    }

    /// Whether repeating the same read could succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::RateLimited { .. } | ApiError::Network(_) | ApiError::Timeout => true,
            ApiError::Server { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// A stable machine-readable name for the variant, for the UI to branch on.
    pub fn kind(&self) -> &'static str {
        match self {
            ApiError::Unauthorized { .. } => "unauthorized",
            ApiError::Forbidden { .. } => "forbidden",
            ApiError::NotFound { .. } => "notFound",
            ApiError::Conflict { .. } => "conflict",
            ApiError::RateLimited { .. } => "rateLimited",
            ApiError::Server { .. } => "server",
            ApiError::Network(_) => "network",
            ApiError::Timeout => "timeout",
            ApiError::OutcomeUnknown { .. } => "outcomeUnknown",
            ApiError::BadResponse { .. } => "badResponse",
            ApiError::InvalidInput(_) => "invalidInput",
            ApiError::InsecureUrl => "insecureUrl",
        }
    }

    /// One clear sentence for the person using the app.
    pub fn user_message(&self) -> String {
        match self {
            ApiError::Unauthorized { .. } => {
                "oHallo rejected the API key: it is invalid, expired or revoked. \
                 Enter a new key to continue."
                    .to_owned()
            }
            ApiError::Forbidden {
                missing_scope: Some(scope),
                ..
            } => format!(
                "This API key does not have the \"{scope}\" permission. \
                 Create a key with that scope in the oHallo dashboard."
            ),
            ApiError::Forbidden { message, .. } => {
                format!("This API key is not allowed to do that ({message}).")
            }
            ApiError::NotFound { .. } => {
                "That item no longer exists in oHallo. Refresh to see the current list.".to_owned()
            }
            ApiError::Conflict { message } => {
                format!("oHallo refused because of the conversation's state: {message}.")
            }
            ApiError::RateLimited {
                retry_after: Some(wait),
            } => format!(
                "oHallo is receiving too many requests. Try again in {} seconds.",
                wait.as_secs().max(1)
            ),
            ApiError::RateLimited { retry_after: None } => {
                "oHallo is receiving too many requests. Try again shortly.".to_owned()
            }
            ApiError::Server { status, .. } => {
                format!("oHallo had a problem (HTTP {status}). Try again in a moment.")
            }
            ApiError::Network(_) => {
                "Could not reach oHallo. Check your internet connection.".to_owned()
            }
            ApiError::Timeout => "oHallo did not answer in time. Try again.".to_owned(),
            ApiError::OutcomeUnknown { .. } => {
                "The connection broke after sending, so it is unclear whether oHallo received it. \
                 Check the conversation before sending again."
                    .to_owned()
            }
            ApiError::BadResponse { detail } => {
                format!("oHallo sent an answer this app cannot read ({detail}).")
            }
            ApiError::InvalidInput(message) => format!("{message}."),
            ApiError::InsecureUrl => {
                "The server address must start with https:// (plain http:// is only allowed \
                 for this computer)."
                    .to_owned()
            }
        }
    }

    /// Replaces every occurrence of `secret` in the texts this error carries, in case a server
    /// echoes the key back in a message.
    pub(crate) fn redacted(self, secret: &str, replacement: &str) -> ApiError {
        let scrub = |text: String| text.replace(secret, replacement);
        match self {
            ApiError::Unauthorized { message } => ApiError::Unauthorized {
                message: scrub(message),
            },
            ApiError::Forbidden {
                message,
                missing_scope,
            } => ApiError::Forbidden {
                message: scrub(message),
                missing_scope,
            },
            ApiError::NotFound { message } => ApiError::NotFound {
                message: scrub(message),
            },
            ApiError::Conflict { message } => ApiError::Conflict {
                message: scrub(message),
            },
            ApiError::Server {
                status,
                message,
                retry_after,
            } => ApiError::Server {
                status,
                message: scrub(message),
                retry_after,
            },
            ApiError::Network(detail) => ApiError::Network(scrub(detail)),
            ApiError::OutcomeUnknown { detail } => ApiError::OutcomeUnknown {
                detail: scrub(detail),
            },
            ApiError::BadResponse { detail } => ApiError::BadResponse {
                detail: scrub(detail),
            },
            ApiError::InvalidInput(message) => ApiError::InvalidInput(scrub(message)),
            other @ (ApiError::RateLimited { .. } | ApiError::Timeout | ApiError::InsecureUrl) => {
                other
            }
        }
    }
}

/// Finds a scope name such as `conversations:write` in a server's 403 text, so the UI can say
/// which permission the key lacks. The server's wording is not documented, hence the search.
pub(crate) fn scope_named_in(message: &str) -> Option<String> {
    let is_word = |part: &str| {
        part.starts_with(|c: char| c.is_ascii_lowercase())
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-' || c == '.')
    };
    message
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '[' | ']'))
        .map(|token| token.trim_matches(|c: char| matches!(c, '"' | '\'' | '`' | '.')))
        .find(|token| {
            token
                .split_once(':')
                .is_some_and(|(resource, access)| is_word(resource) && is_word(access))
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_scope_in_common_phrasings() {
        for text in [
            "Missing required scope: conversations:write",
            "API key lacks scope 'conversations:read'.",
            "scope `conversations:write` required",
            "insufficient scope (needs conversations:read)",
        ] {
            assert!(scope_named_in(text).is_some(), "{text}");
        }
        assert_eq!(
            scope_named_in("Missing required scope: conversations:write").as_deref(),
            Some("conversations:write")
        );
    }

    #[test]
    fn finds_no_scope_where_none_is_named() {
        assert_eq!(scope_named_in("Workspace mismatch: access denied"), None);
        assert_eq!(scope_named_in("error: at 12:30"), None);
        assert_eq!(scope_named_in(""), None);
    }

    #[test]
    fn only_transient_failures_are_retryable() {
        assert!(ApiError::Timeout.is_retryable());
        assert!(ApiError::Server {
            status: 503,
            message: String::new(),
            retry_after: None,
        }
        .is_retryable());
        assert!(!ApiError::Server {
            status: 418,
            message: String::new(),
            retry_after: None,
        }
        .is_retryable());
        assert!(!ApiError::OutcomeUnknown {
            detail: String::new()
        }
        .is_retryable());
        assert!(!ApiError::Unauthorized {
            message: String::new()
        }
        .is_retryable());
    }

    #[test]
    fn redaction_removes_the_secret_from_server_texts() {
        let error = ApiError::Unauthorized {
            message: "key sf_test_v1_abc is revoked".into(),
        }
        .redacted("sf_test_v1_abc", "sf_test_v1_…");
        assert!(!error.to_string().contains("sf_test_v1_abc"));
    }

    #[test]
    fn a_rate_limit_has_a_kind_and_says_how_long_to_wait() {
        let error = ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(2)),
        };
        assert_eq!(error.kind(), "rateLimited");
        assert!(error.is_retryable());
        assert!(error.user_message().contains("2 seconds"));
    }
}
