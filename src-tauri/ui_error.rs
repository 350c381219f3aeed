//! Every failure a command can have, mapped once to what the UI shows.

use ohallo_core::ApiError;
use ohallo_inbox::{InboxError, LocalError};
use serde::Serialize;

use crate::key_store::KeyStoreError;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UiError {
    /// Stable name for the UI to branch on (`unauthorized`, `conflict`, `keyring`, …).
    kind: &'static str,
    /// One sentence for the user. Never contains the API key: no error type below carries it.
    message: String,
    missing_scope: Option<String>,
}

impl UiError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> UiError {
        UiError {
            kind,
            message: message.into(),
            missing_scope: None,
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn not_signed_in() -> UiError {
        UiError::new("signedOut", "You are signed out. Sign in to continue.")
    }
}

impl From<ApiError> for UiError {
    fn from(error: ApiError) -> UiError {
        let missing_scope = match &error {
            ApiError::Forbidden { missing_scope, .. } => missing_scope.clone(),
            _ => None,
        };
        UiError {
            kind: error.kind(),
            message: error.user_message(),
            missing_scope,
        }
    }
}

impl From<KeyStoreError> for UiError {
    fn from(error: KeyStoreError) -> UiError {
        UiError::new("keyring", error.to_string())
    }
}

impl From<LocalError> for UiError {
    fn from(error: LocalError) -> UiError {
        UiError::new("localStorage", error.to_string())
    }
}

impl From<InboxError> for UiError {
    fn from(error: InboxError) -> UiError {
        match error {
            InboxError::Api(error) => error.into(),
            InboxError::Local(error) => error.into(),
        }
    }
}
