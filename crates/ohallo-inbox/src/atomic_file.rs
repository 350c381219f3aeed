//! Local state files are written whole to a temporary sibling and renamed over the old one, so a
//! crash or power cut leaves either the old file or the new one, never half of each.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::LocalError;

/// Writes `bytes` to `path` through a uniquely named temporary file in the same directory
/// (tempfile creates it exclusively, readable by this user only: the files hold customer
/// text), then renames it over `path` and syncs the directory, so the rename itself survives a
/// crash.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), LocalError> {
    let dir = path
        .parent()
        .ok_or_else(|| LocalError::io(path, "has no parent directory"))?;
    create_private_dir(dir)?;
    let mut file = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .map_err(|e| LocalError::io(dir, e))?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| LocalError::io(path, e))?;
    file.persist(path)
        .map_err(|e| LocalError::io(path, e.error))?;
    sync_dir(dir)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<(), LocalError> {
    std::fs::File::open(dir)
        .and_then(|dir| dir.sync_all())
        .map_err(|e| LocalError::io(dir, e))
}

/// Windows cannot open a directory as a file; its rename is as durable as it gets.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<(), LocalError> {
    Ok(())
}

/// The app's directories are this user's alone, whatever an earlier version or the umask made
/// of them.
#[cfg(unix)]
pub fn create_private_dir(dir: &Path) -> Result<(), LocalError> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| LocalError::io(dir, e))?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .map_err(|e| LocalError::io(dir, e))
}

/// Elsewhere a user's profile directory is private already.
#[cfg(not(unix))]
pub fn create_private_dir(dir: &Path) -> Result<(), LocalError> {
    std::fs::create_dir_all(dir).map_err(|e| LocalError::io(dir, e))
}

pub fn read_json<T: DeserializeOwned + Default>(path: &Path) -> Result<T, LocalError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(T::default()),
        Err(e) => return Err(LocalError::io(path, e)),
    };
    match serde_json::from_slice(&bytes) {
        Ok(value) => Ok(value),
        Err(error) => {
            // Keep the unreadable file for inspection rather than failing every start.
            let aside = sibling(path, "corrupt");
            tracing::warn!(path = %path.display(), %error, "local state unreadable; starting afresh");
            std::fs::rename(path, &aside).map_err(|e| LocalError::io(path, e))?;
            Ok(T::default())
        }
    }
}

pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), LocalError> {
    let bytes = serde_json::to_vec(value).map_err(|e| LocalError::io(path, e))?;
    write_atomic(path, &bytes)
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{suffix}"));
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_reads_as_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let value: Vec<String> = read_json(&dir.path().join("absent.json")).unwrap();
        assert!(value.is_empty());
    }

    #[test]
    fn a_written_value_reads_back_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("state.json");
        write_json(&path, &vec!["a".to_string(), "b".to_string()]).unwrap();
        let value: Vec<String> = read_json(&path).unwrap();
        assert_eq!(value, ["a", "b"]);
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [std::ffi::OsString::from("state.json")]);
    }

    #[cfg(unix)]
    #[test]
    fn files_and_their_directory_are_private_to_the_user() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("nested");
        std::fs::create_dir(&nested).unwrap();
        std::fs::set_permissions(&nested, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = nested.join("drafts.json");
        write_json(&path, &vec!["customer text".to_string()]).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&nested), 0o700, "an existing open directory is closed");
    }

    #[test]
    fn a_corrupt_file_is_set_aside_and_reads_as_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, b"{not json").unwrap();
        let value: Vec<String> = read_json(&path).unwrap();
        assert!(value.is_empty());
        assert!(dir.path().join("state.json.corrupt").exists());
        assert!(!path.exists());
    }
}
