//! The desktop's own open and save dialogs, shown by Rust (tauri-plugin-dialog): the window
//! has no dialog or file-system permission and never learns a path.

use std::path::{Path, PathBuf};

use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

use crate::ui_error::ShellError;

/// Which dialog to show.
pub enum Choose {
    /// Where to write a new file, `suggested` (a clean name) filled in; the dialog asks before
    /// replacing a file.
    Save { suggested: String },
    /// An existing file to read, of the types in `filter` (name, extensions).
    Open {
        filter: (&'static str, &'static [&'static str]),
    },
}

/// Shows the dialog titled `title` on `folder`, over the main window; `None` when the user
/// cancels.
pub async fn choose(
    app: &tauri::AppHandle,
    title: &str,
    folder: &Path,
    kind: Choose,
) -> Result<Option<PathBuf>, ShellError> {
    let mut dialog: FileDialogBuilder<tauri::Wry> =
        app.dialog().file().set_title(title).set_directory(folder);
    if let Some(window) = crate::window::main_window(app) {
        dialog = dialog.set_parent(&window);
    }
    let (chosen, answer) = tokio::sync::oneshot::channel();
    // The command may be gone (the window reloaded); then nobody waits for the answer.
    let reply = move |path: Option<FilePath>| {
        let _ = chosen.send(path);
    };
    match kind {
        Choose::Save { suggested } => dialog.set_file_name(suggested).save_file(reply),
        Choose::Open {
            filter: (name, extensions),
        } => dialog.add_filter(name, extensions).pick_file(reply),
    }
    match answer.await.map_err(|_| ShellError::FileDialog)? {
        None => Ok(None),
        Some(path) => path
            .into_path()
            .map(Some)
            .map_err(|_| ShellError::NotALocalFolder),
    }
}
