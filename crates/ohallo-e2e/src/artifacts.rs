use std::path::PathBuf;
use std::process::Command;

const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(WORKSPACE).join("target"))
}

/// The app under test: the debug build the test command makes before running the suite.
pub fn app_binary() -> PathBuf {
    std::env::var_os("OHALLO_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug").join("ohallo-desktop"))
}

/// The .deb `scripts/build-packages.sh` made (the Tauri bundler's output), if there is one.
pub fn deb_package() -> Option<PathBuf> {
    bundled_package("deb")
}

/// The .rpm the same script made from the same release build, if there is one.
pub fn rpm_package() -> Option<PathBuf> {
    bundled_package("rpm")
}

/// The bundler writes each format to `bundle/<format>/`, named `*.<format>`.
fn bundled_package(format: &str) -> Option<PathBuf> {
    std::fs::read_dir(target_dir().join("release").join("bundle").join(format))
        .ok()?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .find(|path| path.extension().is_some_and(|ext| ext == format))
}

fn artifacts_dir() -> PathBuf {
    std::env::var_os("OHALLO_E2E_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("e2e-artifacts"))
}

/// Captures the whole X screen. WebKitWebDriver's own screenshot command can hang, so this asks
/// the X server directly.
pub fn screenshot(display: &str, name: &str) -> Option<PathBuf> {
    let dir = artifacts_dir();
    std::fs::create_dir_all(&dir).ok()?;
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = dir.join(format!("{safe}.png"));
    let status = Command::new("import")
        .args(["-display", display, "-window", "root"])
        .arg(&path)
        .status()
        .ok()?;
    status.success().then_some(path)
}
