//! The .deb's size on the wire and on disk.

use std::path::PathBuf;
use std::process::Command;

use crate::error::BenchError;

pub struct Package {
    pub path: PathBuf,
    pub bytes: u64,
    pub installed_kib: u64,
}

pub fn measure() -> Result<Package, BenchError> {
    let path = ohallo_e2e::deb_package().ok_or(BenchError::Missing {
        what: "the .deb",
        path: "target/release/bundle/deb".into(),
        hint: "scripts/build-packages.sh makes it",
    })?;
    let bytes = std::fs::metadata(&path)
        .map_err(|source| BenchError::Io {
            what: "reading the .deb's size",
            source,
        })?
        .len();
    let output = Command::new("dpkg-deb")
        .arg("--field")
        .arg(&path)
        .arg("Installed-Size")
        .output()
        .map_err(|source| BenchError::Io {
            what: "running dpkg-deb",
            source,
        })?;
    let installed_kib = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap_or(0);
    Ok(Package {
        path,
        bytes,
        installed_kib,
    })
}
