//! Customers' attachments: saved into the user's downloads folder by the inbox core, then
//! opened with the system's handler on request, and images previewed in the thread. The webview
//! never learns a path: it gets the saved file's name, and asks to open (or loads the preview
//! of) an attachment by its id, which this module maps to the file it saved.
//!
//! A preview is served from that saved file over the app's own `preview:` scheme, so the CSP
//! needs no remote origin. Only what the file's own bytes prove to be PNG, JPEG, GIF or WebP
//! (the sender's content type and name are claims) and what decodes to a bounded number of
//! pixels is previewed: a 60 KB PNG can announce 50,000 × 50,000 pixels and take gigabytes to
//! decode.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use tauri::Manager;
use ts_rs::TS;

use crate::file_dialog::{self, Choose};
use crate::ui_error::ShellError;
use crate::ui_events::{self, DownloadProgress, UiEvent};

/// Files saved in this run, by attachment id; the oldest are forgotten beyond this.
const MAX_REMEMBERED: usize = 1000;
/// No image bigger than this is previewed (it is still saved and opened).
const MAX_PREVIEW_BYTES: u64 = 20 * 1024 * 1024;
/// Nor one that decodes to more pixels (about 64 MiB of RGBA), or is longer on a side.
const MAX_PREVIEW_PIXELS: u64 = 16_000_000;
const MAX_PREVIEW_SIDE: usize = 16_384;
/// The URI scheme previews are served on (`preview://localhost/<attachment id>`).
pub const PREVIEW_SCHEME: &str = "preview";

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
    /// The name of the folder it is in (its last component only), to say where it went.
    pub folder: String,
    /// Whether the app will open it (see [`NOT_OPENED`]).
    pub can_open: bool,
    /// Whether `preview://localhost/<attachment id>` shows it.
    pub preview: bool,
}

struct Saved {
    path: PathBuf,
    /// The content type its bytes proved, when it may be previewed.
    preview: Option<&'static str>,
}

static SAVED: LazyLock<Mutex<HashMap<String, Saved>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn saved() -> std::sync::MutexGuard<'static, HashMap<String, Saved>> {
    SAVED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The user's downloads folder (`XDG_DOWNLOAD_DIR`), or their home when there is none.
pub fn download_dir(app: &tauri::AppHandle) -> Result<PathBuf, ShellError> {
    let paths = app.path();
    paths
        .download_dir()
        .or_else(|_| paths.home_dir())
        .map_err(|_| ShellError::NoDownloadDir)
}

/// Asks where to save an attachment with the desktop's own save dialog, opening in the
/// downloads folder with `suggested` (a sanitised name) filled in; `None` when the user
/// cancels.
pub async fn choose_file(
    app: &tauri::AppHandle,
    suggested: &str,
) -> Result<Option<PathBuf>, ShellError> {
    let suggested = suggested.to_owned();
    let folder = download_dir(app)?;
    file_dialog::choose(app, "Save attachment", &folder, Choose::Save { suggested }).await
}

/// How often the window hears of a download's progress: enough for a smooth bar, few enough
/// that a fast download does not flood the IPC.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Tells the window of `attachment_id`'s bytes saved so far, at most every [`PROGRESS_EVERY`].
pub fn progress_reporter(app: &tauri::AppHandle, attachment_id: &str) -> impl FnMut(u64) + Send {
    let app = app.clone();
    let attachment_id = attachment_id.to_owned();
    let mut last: Option<Instant> = None;
    move |received| {
        if last.is_some_and(|at| at.elapsed() < PROGRESS_EVERY) {
            return;
        }
        last = Some(Instant::now());
        ui_events::emit(
            &app,
            UiEvent::DownloadProgress(DownloadProgress {
                attachment_id: attachment_id.clone(),
                received,
            }),
        );
    }
}

/// Remembers where `attachment_id` was saved and says what the webview may know of it.
pub fn remember(attachment_id: &str, path: PathBuf) -> SavedAttachment {
    let preview = preview_type(&path);
    let answer = SavedAttachment {
        file_name: path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        folder: path
            .parent()
            .and_then(Path::file_name)
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        can_open: may_open(&path),
        preview: preview.is_some(),
    };
    let mut remembered = saved();
    if remembered.len() >= MAX_REMEMBERED {
        remembered.clear();
    }
    remembered.insert(attachment_id.to_owned(), Saved { path, preview });
    answer
}

/// The content type to preview `path` as: what its header proves it to be, if that is an image
/// the webview decodes safely and the size is within bounds.
fn preview_type(path: &Path) -> Option<&'static str> {
    let metadata = std::fs::symlink_metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() > MAX_PREVIEW_BYTES {
        return None;
    }
    let mut header = Vec::with_capacity(64 * 1024);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::fs::File::open(path).ok()?, 64 * 1024),
        &mut header,
    )
    .ok()?;
    let mime = match imagesize::image_type(&header).ok()? {
        imagesize::ImageType::Png => "image/png",
        imagesize::ImageType::Jpeg => "image/jpeg",
        imagesize::ImageType::Gif => "image/gif",
        imagesize::ImageType::Webp => "image/webp",
        _ => return None,
    };
    // The whole file, as the dimensions of a JPEG can sit after its first 64 KiB of metadata.
    let size = imagesize::size(path).ok()?;
    let pixels = (size.width as u64).saturating_mul(size.height as u64);
    let bounded = size.width > 0
        && size.height > 0
        && size.width <= MAX_PREVIEW_SIDE
        && size.height <= MAX_PREVIEW_SIDE
        && pixels <= MAX_PREVIEW_PIXELS;
    bounded.then_some(mime)
}

/// The answer to `preview://localhost/<attachment id>`: the saved image with the type its bytes
/// proved, or 404 for anything not saved in this run as a previewable image.
pub fn preview(uri_path: &str) -> tauri::http::Response<Vec<u8>> {
    use tauri::http::{header, Response, StatusCode};
    let not_found = || {
        Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Vec::new())
            .unwrap_or_default()
    };
    let id = uri_path.trim_start_matches('/');
    let Some((path, mime)) = saved()
        .get(id)
        .and_then(|saved| Some((saved.path.clone(), saved.preview?)))
    else {
        return not_found();
    };
    // Read again, bounded: the file may have changed since it was checked.
    let mut bytes = Vec::new();
    let read = std::fs::File::open(&path).and_then(|file| {
        std::io::Read::read_to_end(
            &mut std::io::Read::take(file, MAX_PREVIEW_BYTES + 1),
            &mut bytes,
        )
    });
    if read.is_err() || bytes.len() as u64 > MAX_PREVIEW_BYTES {
        return not_found();
    }
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, mime)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::CACHE_CONTROL, "no-store")
        .body(bytes)
        .unwrap_or_else(|_| not_found())
}

fn may_open(path: &Path) -> bool {
    let extension = path
        .extension()
        .map(|extension| extension.to_string_lossy().to_ascii_lowercase());
    !extension.is_some_and(|extension| NOT_OPENED.contains(&extension.as_str()))
}

/// Opens the file saved for `attachment_id` with the system's handler for its type.
pub fn open(attachment_id: &str) -> Result<(), ShellError> {
    let path = saved()
        .get(attachment_id)
        .map(|saved| saved.path.clone())
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

    const PHOTO: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/ohallo-e2e/fixtures/photo-48x32.png"
    ));
    const BOMB: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/ohallo-e2e/fixtures/bomb-60000x60000.png"
    ));

    #[test]
    fn only_an_image_its_bytes_prove_and_of_bounded_pixels_is_previewed() {
        let dir = std::env::temp_dir().join(format!("ohallo-previews-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let cases: [(&str, &[u8], Option<&str>); 4] = [
            ("photo.png", PHOTO, Some("image/png")),
            // Named and typed a photo, but a page: not an image.
            ("lies.png", b"<html><script>alert(1)</script>", None),
            // A real image with a misleading name is still one.
            ("photo.txt", PHOTO, Some("image/png")),
            ("bomb.png", BOMB, None),
        ];
        for (name, bytes, expected) in cases {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            let id = format!("preview-{name}");
            let saved = remember(&id, path);
            assert_eq!(saved.preview, expected.is_some(), "{name}");
            let response = preview(&format!("/{id}"));
            match expected {
                Some(mime) => {
                    assert_eq!(response.status(), 200, "{name}");
                    assert_eq!(response.headers()["content-type"], mime);
                    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
                    assert_eq!(response.body().as_slice(), bytes);
                }
                None => assert_eq!(response.status(), 404, "{name}"),
            }
        }
        assert_eq!(preview("/never-saved").status(), 404);
        std::fs::remove_dir_all(&dir).unwrap();
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
