//! Every failure a command can have, mapped once to what the UI shows: `{kind, message}`, and
//! the missing scope of a refusal. Paths, OS and library texts go to the log, never to the UI.

use ohallo_core::ApiError;
use ohallo_inbox::{AccountError, InboxError, KeyStoreError, LocalError, SaveError, SnippetError};
use serde::Serialize;
use ts_rs::TS;

/// The shell's own failures; those of the layers below arrive as their own types.
#[derive(Debug, thiserror::Error)]
pub enum ShellError {
    #[error("That conversation id is not valid.")]
    InvalidId,
    #[error("This reply is too long to keep as a draft.")]
    DraftTooLong,
    #[error("This outcome is too long: keep it under 2,000 characters.")]
    OutcomeTooLong,
    #[error("Only web links (http or https) can be opened.")]
    NotAWebLink,
    #[error("The link could not be opened in your browser.")]
    LinkNotOpened(#[source] std::io::Error),
    #[error("The setting could not be saved.")]
    SettingNotSaved,
    #[error("The launch-at-login setting could not be changed.")]
    Autostart(#[source] tauri_plugin_autostart::Error),
    #[error("The demo workspace could not start.")]
    DemoNotStarted(#[source] ohallo_sandbox::SandboxError),
    #[error("There is no folder to save downloads in.")]
    NoDownloadDir,
    #[error("There is no documents or home folder to open the file dialog in.")]
    NoDocumentsDir,
    #[error("That zoom is out of range.")]
    ZoomOutOfRange,
    #[error("Quiet hours need a start and an end within the day.")]
    InvalidQuietHours,
    #[error("The window could not be zoomed.")]
    ZoomFailed,
    #[error("No dictionary for that language is installed.")]
    NoSuchDictionary,
    #[error("The file dialog could not be shown.")]
    FileDialog,
    #[error("The file could not be read.")]
    FileNotRead(#[source] std::io::Error),
    #[error(
        "The file could not be written. Check that the folder is writable and the disk not full."
    )]
    FileNotWritten(#[source] std::io::Error),
    #[error("Files can only be saved in a folder on this computer.")]
    NotALocalFolder,
    #[error("Save the file first: it is not where it was saved any more.")]
    AttachmentNotSaved,
    #[error("For safety, programs and scripts are saved but not opened from the app. You find it where it was saved.")]
    NotOpenedForSafety,
    #[error("The file could not be opened. You find it where it was saved.")]
    AttachmentNotOpened(#[source] std::io::Error),
    #[error("The conversation window could not be opened.")]
    Window(#[source] tauri::Error),
}

impl ShellError {
    fn kind(&self) -> &'static str {
        match self {
            ShellError::InvalidId
            | ShellError::DraftTooLong
            | ShellError::OutcomeTooLong
            | ShellError::NotAWebLink => "invalidInput",
            ShellError::LinkNotOpened(_) => "openLink",
            ShellError::SettingNotSaved => "localStorage",
            ShellError::Autostart(_) => "autostart",
            ShellError::DemoNotStarted(_) => "demo",
            ShellError::NoDownloadDir
            | ShellError::NoDocumentsDir
            | ShellError::NotALocalFolder => "localStorage",
            ShellError::FileDialog => "dialog",
            ShellError::FileNotRead(_) | ShellError::FileNotWritten(_) => "file",
            ShellError::ZoomOutOfRange => "invalidInput",
            ShellError::InvalidQuietHours => "quietHours",
            ShellError::ZoomFailed => "zoom",
            ShellError::NoSuchDictionary => "noDictionary",
            ShellError::AttachmentNotSaved => "notSaved",
            ShellError::NotOpenedForSafety => "notOpened",
            ShellError::AttachmentNotOpened(_) => "openFile",
            ShellError::Window(_) => "window",
        }
    }
}

/// Every command's failure, as the webview receives it.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UiError {
    /// Stable name for the UI to branch on (`unauthorized`, `conflict`, `keyring`, …).
    kind: &'static str,
    /// One sentence for the user. Never contains the API key: no error type below carries it.
    message: String,
    missing_scope: Option<String>,
}

impl UiError {
    fn new(kind: &'static str, message: String) -> UiError {
        UiError {
            kind,
            message,
            missing_scope: None,
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

/// What the user is not shown, the log keeps.
fn logged(error: &impl std::error::Error) {
    tracing::warn!(?error, "{error}");
}

impl From<ShellError> for UiError {
    fn from(error: ShellError) -> UiError {
        logged(&error);
        UiError::new(error.kind(), error.to_string())
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
        logged(&error);
        UiError::new("keyring", error.to_string())
    }
}

impl From<LocalError> for UiError {
    fn from(error: LocalError) -> UiError {
        logged(&error);
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

/// The download's texts name no URL, path or system error; the log keeps them.
impl From<SaveError> for UiError {
    fn from(error: SaveError) -> UiError {
        match error {
            SaveError::Api(error) => error.into(),
            SaveError::Local(error) => error.into(),
            SaveError::Download(error) => {
                logged(&error);
                UiError::new(error.kind(), error.to_string())
            }
            SaveError::Gone => UiError::new("notFound", error.to_string()),
        }
    }
}

impl From<AccountError> for UiError {
    fn from(error: AccountError) -> UiError {
        match error {
            AccountError::Api(error) => error.into(),
            AccountError::Local(error) => error.into(),
            AccountError::KeyStore(error) => error.into(),
            AccountError::KeyNotAccepted => UiError::new("unauthorized", error.to_string()),
            AccountError::Unreachable(ref cause) => UiError::new(cause.kind(), error.to_string()),
            AccountError::DataNotRemoved(_) => {
                logged(&error);
                UiError::new("localStorage", error.to_string())
            }
            AccountError::SignedOut => UiError::new("signedOut", error.to_string()),
            AccountError::UnknownAccount => UiError::new("unknownAccount", error.to_string()),
            AccountError::AlreadySignedIn(_) => UiError::new("alreadySignedIn", error.to_string()),
            AccountError::Overlaps(_) => UiError::new("overlaps", error.to_string()),
            AccountError::InvalidName => UiError::new("accountName", error.to_string()),
            AccountError::Internal => UiError::new("internal", error.to_string()),
        }
    }
}

/// A refused snippet or import file says what to fix; the parser's own text goes to the log.
impl From<SnippetError> for UiError {
    fn from(error: SnippetError) -> UiError {
        match error {
            SnippetError::Local(error) => error.into(),
            SnippetError::NotASnippetFile(_) => {
                logged(&error);
                UiError::new("notASnippetFile", error.to_string())
            }
            // Each its own kind, so the window says it in its language.
            SnippetError::NameMissing => UiError::new("snippetNameMissing", error.to_string()),
            SnippetError::NameInvalid => UiError::new("snippetNameInvalid", error.to_string()),
            SnippetError::DuplicateName(_) => UiError::new("snippetDuplicate", error.to_string()),
            SnippetError::TextTooLong => UiError::new("snippetTooLong", error.to_string()),
            SnippetError::AgentNameInvalid => UiError::new("agentName", error.to_string()),
            SnippetError::TooMany => UiError::new("snippetsTooMany", error.to_string()),
            SnippetError::FileTooLarge => UiError::new("snippetFileTooLarge", error.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_failures_reach_the_ui_without_their_path_or_system_text() {
        let io = std::io::Error::other("No space left on device (os error 28)");
        let shown = UiError::from(ShellError::LinkNotOpened(io));
        assert_eq!(shown.kind, "openLink");
        assert!(!shown.message.contains("os error"), "{}", shown.message);

        let unavailable = KeyStoreError::Unavailable {
            detail: "org.freedesktop.DBus.Error.ServiceUnknown".into(),
        };
        let shown = UiError::from(AccountError::KeyStore(unavailable));
        assert_eq!(shown.kind, "keyring");
        assert!(!shown.message.contains("DBus"), "{}", shown.message);

        let full = std::io::Error::other("No space left on device (os error 28)");
        let shown = UiError::from(SaveError::Download(ohallo_core::DownloadError::Write(full)));
        assert_eq!(shown.kind, "localStorage");
        assert!(!shown.message.contains("os error"), "{}", shown.message);
        let network = ohallo_core::DownloadError::Network("dns error for s3.example".into());
        let shown = UiError::from(SaveError::Download(network));
        assert!(!shown.message.contains("s3.example"), "{}", shown.message);
    }
}
