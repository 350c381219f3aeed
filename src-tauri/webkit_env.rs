//! WebKitGTK's DMA-BUF renderer draws a blank window with NVIDIA's proprietary driver, on Wayland
//! and on X11 (tauri-apps/tauri#9304, #10702). Where that driver is loaded and the user has not
//! chosen either way, the app turns the renderer off before WebKit starts; the older renderer
//! costs a little speed and works everywhere.

use std::path::Path;

const VARIABLE: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// Whether to turn the renderer off: only for NVIDIA's driver, and never over the user's own
/// setting (`=0` keeps the renderer on).
fn wanted(user_setting: Option<&std::ffi::OsStr>, nvidia_driver: bool) -> bool {
    user_setting.is_none() && nvidia_driver
}

/// NVIDIA's proprietary kernel driver announces itself here once loaded.
fn nvidia_driver_loaded() -> bool {
    Path::new("/proc/driver/nvidia/version").exists() || Path::new("/sys/module/nvidia").exists()
}

/// Must run before any thread starts (the environment is shared, unsynchronised state).
pub fn apply() {
    if !cfg!(target_os = "linux") {
        return;
    }
    if wanted(
        std::env::var_os(VARIABLE).as_deref(),
        nvidia_driver_loaded(),
    ) {
        std::env::set_var(VARIABLE, "1");
        tracing::info!(
            "NVIDIA driver found: WebKit's DMA-BUF renderer is off (set {VARIABLE}=0 to keep it)"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn only_nvidia_without_a_user_setting_turns_the_renderer_off() {
        assert!(wanted(None, true));
        assert!(!wanted(None, false));
        assert!(!wanted(Some(OsStr::new("0")), true), "the user's =0 wins");
        assert!(!wanted(Some(OsStr::new("1")), true), "already off");
    }
}
