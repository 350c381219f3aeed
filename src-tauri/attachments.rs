//! Customers' attachments: saved into the user's downloads folder by the inbox core, then
//! opened with the system's handler on request. The webview never learns a path: it gets the
//! saved file's name, and asks to open an attachment by its id, which this module maps to the
//! file it saved.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use serde::Serialize;
use tauri::Manager;
use ts_rs::TS;

use crate::ui_error::ShellError;

/// Files saved in this run, by attachment id; the oldest are forgotten beyond this.
const MAX_REMEMBERED: usize = 1000;

/// Kinds the system would run rather than show: saved, but never opened from the app.
const NOT_OPENED: &[&str] = &[
    "appimage",
    "apk",
    "app",
    "bat",
    "bin",
    "cmd",
    "com",
    "cpl",
    "deb",
    "desktop",
    "dll",
    "dmg",
    "exe",
    "hta",
    "jar",
    "js",
    "jse",
    "lnk",
    "msi",
    "msp",
    "pif",
    "pl",
    "ps1",
    "py",
    "rb",
    "reg",
    "rpm",
    "run",
    "scr",
    "sh",
    "so",
    "url",
    "vb",
    "vbe",
    "vbs",
    "ws",
    "wsf",
    "command",
    "csh",
    "ksh",
    "zsh",
    "bash",
    "fish",
    "php",
    "elf",
    "out",
    "x86_64",
    "snap",
    "flatpakref",
];

/// What the webview is told of a saved attachment.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedAttachment {
    /// The name it was saved under (sanitised, maybe numbered): no directory.
    pub file_name: String,
    /// Whether the app will open it (see [`NOT_OPENED`]).
    pub can_open: bool,
}

static SAVED: LazyLock<Mutex<HashMap<String, PathBuf>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The user's downloads folder (`XDG_DOWNLOAD_DIR`), or their home when there is none.
pub fn download_dir(app: &tauri::AppHandle) -> Result<PathBuf, ShellError> {
    let paths = app.path();
    paths
        .download_dir()
        .or_else(|_| paths.home_dir())
        .map_err(|_| ShellError::NoDownloadDir)
}

/// Remembers where `attachment_id` was saved and says what the webview may know of it.
pub fn remember(attachment_id: &str, path: PathBuf) -> SavedAttachment {
    let saved = SavedAttachment {
        file_name: path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        can_open: may_open(&path),
    };
    let mut remembered = SAVED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if remembered.len() >= MAX_REMEMBERED {
        remembered.clear();
    }
    remembered.insert(attachment_id.to_owned(), path);
    saved
}

fn may_open(path: &Path) -> bool {
    let extension = path
        .extension()
        .map(|extension| extension.to_string_lossy().to_ascii_lowercase());
    !extension.is_some_and(|extension| NOT_OPENED.contains(&extension.as_str()))
}

/// Opens the file saved for `attachment_id` with the system's handler for its type.
pub fn open(attachment_id: &str) -> Result<(), ShellError> {
    let path = SAVED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(attachment_id)
        .cloned()
        .ok_or(ShellError::AttachmentNotSaved)?;
    if !may_open(&path) {
        return Err(ShellError::NotOpenedForSafety);
    }
    // Still the regular file we wrote: not moved away, and not swapped for a link.
    let metadata = std::fs::symlink_metadata(&path).map_err(|_| ShellError::AttachmentNotSaved)?;
    if !metadata.is_file() {
        return Err(ShellError::AttachmentNotSaved);
    }
    open::that_detached(&path).map_err(ShellError::AttachmentNotOpened)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_and_scripts_are_saved_but_not_opened() {
        for refused in ["a.exe", "evil.desktop", "x.SH", "run.AppImage", "setup.msi"] {
            assert!(!may_open(Path::new(refused)), "{refused}");
        }
        for opened in [
            "invoice.pdf",
            "photo.jpg",
            "notes.txt",
            "README",
            "archive.tar.gz",
        ] {
            assert!(may_open(Path::new(opened)), "{opened}");
        }
    }

    #[test]
    fn only_a_remembered_regular_file_is_opened() {
        assert!(matches!(
            open("never-saved"),
            Err(ShellError::AttachmentNotSaved)
        ));
        let dir = std::env::temp_dir().join(format!("ohallo-never-{}", std::process::id()));
        let saved = remember("gone", dir.join("gone.pdf"));
        assert_eq!(saved.file_name, "gone.pdf");
        assert!(matches!(open("gone"), Err(ShellError::AttachmentNotSaved)));
        let script = remember("script", dir.join("run.sh"));
        assert!(!script.can_open);
        assert!(matches!(
            open("script"),
            Err(ShellError::NotOpenedForSafety)
        ));
    }
}
