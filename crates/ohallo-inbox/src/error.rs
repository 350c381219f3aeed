use std::path::Path;

/// Local state (drafts, read marks) could not be read or written.
#[derive(Debug, thiserror::Error)]
#[error("could not save local data in {path}: {detail}")]
pub struct LocalError {
    path: String,
    detail: String,
}

impl LocalError {
    pub(crate) fn io(path: &Path, detail: impl std::fmt::Display) -> LocalError {
        LocalError {
            path: path.display().to_string(),
            detail: detail.to_string(),
        }
    }
}

/// What the inbox reports: the API's errors, or local storage failing.
#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    #[error(transparent)]
    Api(#[from] ohallo_core::ApiError),
    #[error(transparent)]
    Local(#[from] LocalError),
}

impl InboxError {
    /// One sentence for the person using the app.
    pub fn user_message(&self) -> String {
        match self {
            InboxError::Api(error) => error.user_message(),
            InboxError::Local(error) => error.to_string(),
        }
    }
}
