use std::path::Path;

/// Local state (drafts, read marks) could not be read or written. The path and the system's
/// reason are for the log (`Debug`); what the user reads names neither.
#[derive(Debug, thiserror::Error)]
#[error("The app's local data could not be read or saved. Check that your disk is not full.")]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_user_reads_names_no_path_and_no_system_text() {
        let error = LocalError::io(
            Path::new("/home/agent/.local/share/eu.ohallo.desktop/account/drafts.json"),
            "No space left on device (os error 28)",
        );
        let shown = InboxError::from(error).user_message();
        assert!(
            !shown.contains("/home") && !shown.contains("os error"),
            "{shown}"
        );
        let logged = format!(
            "{:?}",
            InboxError::Local(LocalError::io(Path::new("/x"), "full"))
        );
        assert!(logged.contains("/x") && logged.contains("full"), "{logged}");
    }
}
