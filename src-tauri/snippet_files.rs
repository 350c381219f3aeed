//! Export… and Import… of snippets as a JSON file the user picks in the desktop's own dialog.
//! The window never sees the path, and an import reads at most one byte more than a snippet
//! file may have, so a wrong pick (a video, a device) cannot fill the memory.

use std::io::Read;
use std::path::PathBuf;

use ohallo_inbox::{SnippetBook, MAX_SNIPPET_FILE_BYTES};
use tauri::Manager;

use crate::file_dialog::{self, Choose};
use crate::ui_error::ShellError;

const SUGGESTED_NAME: &str = "ohallo-snippets.json";

/// Asks where to write `book`'s snippets and writes them; `false` when the user cancels.
pub async fn export(app: &tauri::AppHandle, book: &SnippetBook) -> Result<bool, ShellError> {
    let suggested = SUGGESTED_NAME.to_owned();
    let folder = folder(app)?;
    let chosen = file_dialog::choose(app, "Export snippets", &folder, Choose::Save { suggested });
    let Some(path) = chosen.await? else {
        return Ok(false);
    };
    std::fs::write(&path, book.export()).map_err(ShellError::FileNotWritten)?;
    Ok(true)
}

/// Asks for a snippet file and answers its bytes (bounded); `None` when the user cancels.
pub async fn import(app: &tauri::AppHandle) -> Result<Option<Vec<u8>>, ShellError> {
    let filter = ("Snippets (JSON)", &["json"][..]);
    let folder = folder(app)?;
    let chosen = file_dialog::choose(app, "Import snippets", &folder, Choose::Open { filter });
    let Some(path) = chosen.await? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    std::fs::File::open(&path)
        .and_then(|file| {
            file.take(MAX_SNIPPET_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
        })
        .map_err(ShellError::FileNotRead)?;
    Ok(Some(bytes))
}

/// The user's documents folder, or their home when there is none.
fn folder(app: &tauri::AppHandle) -> Result<PathBuf, ShellError> {
    let paths = app.path();
    paths
        .document_dir()
        .or_else(|_| paths.home_dir())
        .map_err(|_| ShellError::NoDocumentsDir)
}
