//! Local state files are written whole to a temporary sibling and renamed over the old one, so a
//! crash or power cut leaves either the old file or the new one, never half of each.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::LocalError;

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), LocalError> {
    let dir = path
        .parent()
        .ok_or_else(|| LocalError::io(path, "has no parent directory"))?;
    std::fs::create_dir_all(dir).map_err(|e| LocalError::io(dir, e))?;
    let temporary = sibling(path, "tmp");
    let mut file = std::fs::File::create(&temporary).map_err(|e| LocalError::io(&temporary, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| LocalError::io(&temporary, e))?;
    std::fs::rename(&temporary, path).map_err(|e| LocalError::io(path, e))
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
