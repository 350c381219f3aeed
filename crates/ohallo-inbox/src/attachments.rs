//! Saving a customer's attachment into the user's downloads, or where they chose in a save
//! dialog. The file name is the customer's and hostile: it is cut down to one plain name that
//! cannot leave the directory, hide behind bidi controls or claim a device; the bytes go to a
//! temporary file in the target's directory and are renamed into place only when whole, never
//! over an existing file unless the user chose that very file.

use std::path::{Path, PathBuf};

use ohallo_core::{ApiError, Attachment, Client, DownloadError, Downloader};
use tempfile::NamedTempFile;

use crate::LocalError;

/// What a saved name may be at most, in bytes (most file systems allow 255).
const MAX_NAME_BYTES: usize = 150;
/// `name (2).ext` up to `name (999).ext`; then the save fails.
const MAX_COPIES: u32 = 999;
const FALLBACK: &str = "attachment";

/// Why an attachment was not saved. `user_message` names no path and no system text.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Download(#[from] DownloadError),
    #[error("That file is no longer in this conversation.")]
    Gone,
    #[error(transparent)]
    Local(#[from] LocalError),
}

impl SaveError {
    pub fn user_message(&self) -> String {
        match self {
            SaveError::Api(error) => error.user_message(),
            other => other.to_string(),
        }
    }
}

/// Where a saved attachment goes.
#[derive(Debug, Clone, Copy)]
pub enum SaveTarget<'a> {
    /// Into this folder under the attachment's sanitised name, never over a file there.
    Folder(&'a Path),
    /// Exactly this file, chosen by the user in a save dialog (which asked before replacing).
    File(&'a Path),
}

impl SaveTarget<'_> {
    fn dir(&self) -> Result<&Path, SaveError> {
        match *self {
            SaveTarget::Folder(dir) => Ok(dir),
            SaveTarget::File(path) => path
                .parent()
                .filter(|_| path.file_name().is_some())
                .ok_or_else(|| LocalError::io(path, "not a file path").into()),
        }
    }
}

/// Lists the conversation's attachments again (their URLs are short-lived), downloads this one
/// without the key and saves it at `target`; answers the saved path. An
/// expired URL gets one more try with a fresh one. `progress` hears the bytes saved so far (from
/// 0 again on a retry).
pub async fn save(
    client: &Client,
    downloader: &Downloader,
    conversation_id: &str,
    attachment_id: &str,
    target: SaveTarget<'_>,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<PathBuf, SaveError> {
    let mut fresh_tries = 1;
    loop {
        let attachment = client
            .attachments(conversation_id)
            .await?
            .into_iter()
            .find(|attachment| attachment.id == attachment_id)
            .ok_or(SaveError::Gone)?;
        match save_one(downloader, &attachment, target, progress).await {
            Err(SaveError::Download(error)) if error.is_expired() && fresh_tries > 0 => {
                tracing::info!(
                    ?error,
                    "attachment URL expired; listing again for a fresh one"
                );
                fresh_tries -= 1;
            }
            other => return other,
        }
    }
}

async fn save_one(
    downloader: &Downloader,
    attachment: &Attachment,
    target: SaveTarget<'_>,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<PathBuf, SaveError> {
    let url = attachment.url.as_deref().ok_or(DownloadError::NoUrl)?;
    let dir = target.dir()?;
    std::fs::create_dir_all(dir).map_err(|e| LocalError::io(dir, e))?;
    let temp = tempfile::Builder::new()
        .prefix(".ohallo-download-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| LocalError::io(dir, e))?;
    let handle = temp
        .as_file()
        .try_clone()
        .map_err(|e| LocalError::io(temp.path(), e))?;
    let mut out = tokio::fs::File::from_std(handle);
    // On any error `temp` is dropped, and with it the part written.
    downloader
        .fetch_with_progress(url, attachment.size_bytes, &mut out, progress)
        .await?;
    out.sync_all()
        .await
        .map_err(|e| LocalError::io(temp.path(), e))?;
    drop(out);
    match target {
        SaveTarget::Folder(dir) => {
            persist_unique(temp, dir, &safe_file_name(attachment.file_name.as_deref()))
        }
        SaveTarget::File(path) => match temp.persist(path) {
            Ok(_) => Ok(path.to_owned()),
            Err(error) => Err(LocalError::io(path, error.error).into()),
        },
    }
}

/// Renames `temp` to `name` in `dir`, or `name (2)`, `name (3)`, … : never over a file.
fn persist_unique(mut temp: NamedTempFile, dir: &Path, name: &str) -> Result<PathBuf, SaveError> {
    let (stem, extension) = split_extension(name);
    for copy in 1..=MAX_COPIES {
        let candidate = if copy == 1 {
            name.to_owned()
        } else {
            format!("{stem} ({copy}){extension}")
        };
        let path = dir.join(&candidate);
        // The sanitiser guarantees one plain component; this keeps it so whatever changes.
        if path.parent() != Some(dir) || path.file_name() != Some(candidate.as_ref()) {
            return Err(LocalError::io(&path, "not a plain file name").into());
        }
        match temp.persist_noclobber(&path) {
            Ok(_) => return Ok(path),
            Err(error) if error.error.kind() == std::io::ErrorKind::AlreadyExists => {
                temp = error.file;
            }
            Err(error) => return Err(LocalError::io(&path, error.error).into()),
        }
    }
    Err(LocalError::io(dir, "too many files of that name").into())
}

/// `("report", ".pdf")`; a leading dot or no dot is no extension.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot) if dot > 0 && name.len() - dot <= 16 => name.split_at(dot),
        _ => (name, ""),
    }
}

/// A name safe to create in a directory on any platform: the last component of whatever path
/// the sender wrote, without control, format (bidi) or separator characters, characters
/// Windows forbids, runs of dots, leading dots (hidden files) or trailing dots and spaces, not
/// a Windows device name, at most [`MAX_NAME_BYTES`]; `attachment` when nothing is left.
pub fn safe_file_name(name: Option<&str>) -> String {
    let name = name.unwrap_or_default();
    let last = name
        .rsplit(['/', '\\'])
        .map(str::trim)
        .find(|part| !part.is_empty() && part.chars().any(|c| c != '.'))
        .unwrap_or_default();
    let mut clean = String::with_capacity(last.len());
    for c in last.chars() {
        if c.is_control() || is_format(c) {
            continue;
        }
        let c = match c {
            ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        // No "..": a run of dots is one dot.
        if c == '.' && clean.ends_with('.') {
            continue;
        }
        clean.push(c);
    }
    let trimmed = clean
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let mut name = cap(trimmed);
    if name.is_empty() {
        return FALLBACK.to_owned();
    }
    if is_windows_device(&name) {
        name.insert(0, '_');
    }
    name
}

/// Cuts to [`MAX_NAME_BYTES`] on a character boundary, keeping a short extension.
fn cap(name: &str) -> String {
    if name.len() <= MAX_NAME_BYTES {
        return name.to_owned();
    }
    let (stem, extension) = split_extension(name);
    let mut cut = MAX_NAME_BYTES
        .saturating_sub(extension.len())
        .min(stem.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    let stem = stem[..cut].trim_end_matches(['.', ' ']);
    format!("{stem}{extension}")
}

/// Unicode's format characters (Cf) that matter here, and the line and paragraph separators:
/// bidi controls and isolates (which make `fdp.exe` read as `exe.pdf`), zero-width characters,
/// the soft hyphen, Arabic number marks, tags and interlinear annotations.
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{600}'..='\u{605}' | '\u{61C}' | '\u{6DD}' | '\u{70F}' | '\u{890}'
        | '\u{891}' | '\u{8E2}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{110BD}' | '\u{110CD}' | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
}

/// `CON`, `nul.txt`, `COM1.tar.gz`, …: Windows opens the device whatever the extension.
fn is_windows_device(name: &str) -> bool {
    let base = name
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end()
        .to_ascii_uppercase();
    matches!(
        base.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || (base.chars().count() == 4
        && (base.starts_with("COM") || base.starts_with("LPT"))
        && base
            .chars()
            .nth(3)
            .is_some_and(|digit| matches!(digit, '0'..='9' | '¹' | '²' | '³')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(name: &str) -> String {
        safe_file_name(Some(name))
    }

    #[test]
    fn plain_names_are_kept() {
        assert_eq!(safe("invoice-4521.pdf"), "invoice-4521.pdf");
        assert_eq!(safe("Foto vom Schaden.JPG"), "Foto vom Schaden.JPG");
        assert_eq!(safe("résumé – 2026.docx"), "résumé – 2026.docx");
        assert_eq!(safe("archive.tar.gz"), "archive.tar.gz");
    }

    #[test]
    fn paths_leave_only_their_last_component() {
        assert_eq!(safe("../../.bashrc"), "bashrc");
        assert_eq!(safe("/etc/passwd"), "passwd");
        assert_eq!(safe("C:\\Users\\bob\\invoice.pdf"), "invoice.pdf");
        assert_eq!(safe("..\\..\\evil.exe"), "evil.exe");
        assert_eq!(safe("report.pdf/.."), "report.pdf");
        assert_eq!(safe("a..b...c"), "a.b.c");
        for nothing in ["..", ".", "../..", "/", "\\", "", "   ", "...."] {
            assert_eq!(safe(nothing), "attachment", "{nothing:?}");
        }
        assert_eq!(safe_file_name(None), "attachment");
    }

    #[test]
    fn control_format_and_reserved_characters_go() {
        assert_eq!(safe("a\u{7}b\nc\td\u{0}.txt"), "abcd.txt");
        assert_eq!(safe("two\u{3000}words.txt"), "two words.txt");
        // Right-to-left override: "evil\u{202e}fdp.exe" reads as "evilexe.pdf".
        assert_eq!(safe("evil\u{202e}fdp.exe"), "evilfdp.exe");
        assert_eq!(
            safe("x\u{200b}\u{2066}\u{feff}\u{e0041}\u{ad}y.txt"),
            "xy.txt"
        );
        assert_eq!(safe("what?<now>|\"*:.txt"), "what__now_____.txt");
        assert_eq!(safe("\u{85}\u{9b}name.txt"), "name.txt");
        assert_eq!(safe("\u{202e}\u{7}"), "attachment");
    }

    #[test]
    fn hidden_and_trailing_dot_names_are_not_made() {
        assert_eq!(safe(".bashrc"), "bashrc");
        assert_eq!(safe("  . name.txt . . "), "name.txt");
        assert_eq!(safe("notes.txt."), "notes.txt");
    }

    #[test]
    fn windows_device_names_are_prefixed() {
        for device in [
            "CON",
            "con.txt",
            "Nul.tar.gz",
            "COM1",
            "lpt9.pdf",
            "AUX",
            "COM¹.x",
        ] {
            assert!(safe(device).starts_with('_'), "{device}");
        }
        for fine in ["CONTRACT.pdf", "COM10", "console.log", "aux-notes.txt"] {
            assert!(!safe(fine).starts_with('_'), "{fine}");
        }
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary_keeping_the_extension() {
        let long = format!("{}.pdf", "é".repeat(400));
        let cut = safe(&long);
        assert!(cut.len() <= MAX_NAME_BYTES, "{}", cut.len());
        assert!(cut.ends_with("é.pdf"), "{cut}");
    }

    #[test]
    fn a_taken_name_gets_a_number_and_nothing_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.pdf"), b"mine").unwrap();
        std::fs::write(dir.path().join("a (2).pdf"), b"mine too").unwrap();
        let mut temp = NamedTempFile::new_in(dir.path()).unwrap();
        std::io::Write::write_all(&mut temp, b"new").unwrap();
        let saved = persist_unique(temp, dir.path(), "a.pdf").unwrap();
        assert_eq!(saved, dir.path().join("a (3).pdf"));
        assert_eq!(std::fs::read(dir.path().join("a.pdf")).unwrap(), b"mine");
        assert_eq!(std::fs::read(saved).unwrap(), b"new");
        let temp = NamedTempFile::new_in(dir.path()).unwrap();
        let saved = persist_unique(temp, dir.path(), "README").unwrap();
        assert_eq!(saved, dir.path().join("README"));
        let temp = NamedTempFile::new_in(dir.path()).unwrap();
        assert_eq!(
            persist_unique(temp, dir.path(), "README").unwrap(),
            dir.path().join("README (2)")
        );
    }
}
