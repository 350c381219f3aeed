//! The .deb as a user gets it: dpkg installs it, the installed binary opens the sign-in window
//! under Xvfb, and dpkg removes every file again. It needs root (CI runs as root; elsewhere it
//! asks `sudo -n`) and the package `scripts/build-deb.sh` makes, which the test command runs
//! first.

use std::path::Path;
use std::process::{Command, Output};

use ohallo_e2e::{deb_package, World, WorldOptions};

const PACKAGE: &str = "ohallo";
const BINARY: &str = "/usr/bin/ohallo-desktop";
const DESKTOP_ENTRY: &str = "/usr/share/applications/ohallo.desktop";
const ICON_SIZES: [&str; 8] = [
    "16x16", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256", "512x512",
];

fn as_root(program: &str, args: &[&str]) -> Output {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0");
    let mut command = if is_root {
        Command::new(program)
    } else {
        let mut sudo = Command::new("sudo");
        sudo.args(["-n", program]);
        sudo
    };
    command
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running {program}: {e}"))
}

fn deb_field(deb: &Path, field: &str) -> String {
    let out = Command::new("dpkg-deb")
        .arg("--field")
        .arg(deb)
        .arg(field)
        .output()
        .expect("dpkg-deb runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn is_installed() -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", PACKAGE])
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("install ok installed"))
}

fn remove() -> Output {
    as_root("dpkg", &["--remove", PACKAGE])
}

/// Removes the package even when an assertion fails halfway, so the machine stays clean.
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        if is_installed() {
            remove();
        }
    }
}

#[tokio::test]
async fn the_deb_installs_opens_the_sign_in_window_and_removes_every_file() {
    let deb = deb_package()
        .expect("no .deb in target/release/bundle/deb: scripts/build-deb.sh makes it (the test command runs it)");
    assert_eq!(deb_field(&deb, "Package"), PACKAGE);
    let depends = deb_field(&deb, "Depends");
    for runtime in ["libwebkit2gtk-4.1-0", "libgtk-3-0", "libdbus-1-3"] {
        assert!(
            depends.contains(runtime),
            "Depends names {runtime}: {depends}"
        );
    }
    if is_installed() {
        // A run that was killed halfway leaves it behind; start from a clean state.
        remove();
    }
    assert!(!Path::new(BINARY).exists(), "nothing installed before");

    let install = as_root("dpkg", &["--install", &deb.to_string_lossy()]);
    let _installed = Installed;
    assert!(
        install.status.success(),
        "dpkg --install: {}",
        String::from_utf8_lossy(&install.stderr)
    );
    assert!(is_installed());
    let listed = Command::new("dpkg").args(["-L", PACKAGE]).output().unwrap();
    let files: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .filter(|path| Path::new(path).is_file())
        .map(String::from)
        .collect();
    assert!(files.iter().any(|f| f == BINARY), "{files:?}");

    let entry = std::fs::read_to_string(DESKTOP_ENTRY).expect("the desktop entry is installed");
    for line in [
        "Name=oHallo",
        "Exec=ohallo-desktop",
        "Icon=ohallo-desktop",
        "Categories=Network;InstantMessaging;Chat;",
    ] {
        assert!(entry.lines().any(|l| l == line), "{line} in {entry}");
    }
    for size in ICON_SIZES {
        let icon = format!("/usr/share/icons/hicolor/{size}/apps/ohallo-desktop.png");
        assert!(Path::new(&icon).is_file(), "{icon} is installed");
    }

    let world = World::start(WorldOptions {
        app: Some(BINARY.into()),
        ..WorldOptions::default()
    })
    .await
    .unwrap();
    let app = world.launch_app().await.unwrap();
    app.field("API key").await.unwrap();
    assert!(app
        .button("Sign in")
        .await
        .unwrap()
        .is_enabled()
        .await
        .unwrap());
    assert_eq!(app.client.title().await.unwrap(), "oHallo");
    app.close().await.unwrap();
    drop(world);

    let removed = remove();
    assert!(
        removed.status.success(),
        "dpkg --remove: {}",
        String::from_utf8_lossy(&removed.stderr)
    );
    assert!(!is_installed());
    let left: Vec<&String> = files.iter().filter(|f| Path::new(f).exists()).collect();
    assert!(left.is_empty(), "dpkg --remove left {left:?}");
}
