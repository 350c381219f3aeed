//! The .deb as a user gets it: dpkg installs it, the installed binary opens the sign-in window
//! under Xvfb, and dpkg removes every file again. It needs root (CI runs as root; elsewhere it
//! asks `sudo -n`) and the packages `scripts/build-packages.sh` makes, which the test command
//! runs first. The .rpm from the same build cannot be installed on Debian (no Fedora runtime to
//! satisfy it), so Debian's `rpm` reads it, and installs and removes it in a scratch root with
//! its own database, without its dependencies: that proves the payload, not the dependencies.

use std::path::Path;
use std::process::{Command, Output};

use ohallo_e2e::{deb_package, rpm_package, World, WorldOptions};

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
        .expect("no .deb in target/release/bundle/deb: scripts/build-packages.sh makes it (the test command runs it)");
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

fn rpm(args: &[&str]) -> String {
    let out = Command::new("rpm")
        .args(args)
        .output()
        .expect("rpm runs (scripts/setup.sh --test installs it)");
    assert!(
        out.status.success(),
        "rpm {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One file of the .deb's payload, read without installing it.
fn deb_file(deb: &Path, path: &str) -> Vec<u8> {
    let tar = Command::new("dpkg-deb")
        .arg("--fsys-tarfile")
        .arg(deb)
        .output()
        .expect("dpkg-deb runs");
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("data.tar");
    std::fs::write(&archive, tar.stdout).unwrap();
    // The bundler's archive names its members without a leading `./`.
    let out = Command::new("tar")
        .arg("-xOf")
        .arg(&archive)
        .arg(path.trim_start_matches('/'))
        .output()
        .expect("tar runs");
    assert!(out.status.success(), "{path} is in the .deb");
    out.stdout
}

#[test]
fn the_rpm_holds_what_the_deb_does_needs_the_webkitgtk_runtime_and_unpacks() {
    let rpm_file = rpm_package().expect(
        "no .rpm in target/release/bundle/rpm: scripts/build-packages.sh makes it (the test command runs it)",
    );
    let deb = deb_package().expect("the .deb of the same build");
    let package = rpm_file.to_string_lossy();
    assert_eq!(rpm(&["-qp", "--queryformat", "%{NAME}", &package]), PACKAGE);

    let listed = rpm(&["-qlp", &package]);
    let files: Vec<&str> = listed.lines().collect();
    assert!(files.contains(&BINARY), "{files:?}");
    assert!(files.contains(&DESKTOP_ENTRY), "{files:?}");
    for size in ICON_SIZES {
        let icon = format!("/usr/share/icons/hicolor/{size}/apps/ohallo-desktop.png");
        assert!(files.contains(&icon.as_str()), "{icon} in {files:?}");
    }

    // Fedora's package names from tauri.conf.json (the bundler adds only the libraries' sonames).
    let requires = rpm(&["-qp", "--requires", &package]);
    for runtime in [
        "webkit2gtk4.1",
        "gtk3",
        "libayatana-appindicator-gtk3",
        "dbus-libs",
    ] {
        assert!(
            requires.lines().any(|line| line.trim() == runtime),
            "Requires names {runtime}: {requires}"
        );
    }
    let recommends = rpm(&["-qp", "--recommends", &package]);
    assert!(recommends.contains("hunspell-en-US"), "{recommends}");

    let root = tempfile::tempdir().unwrap();
    let root_dir = root.path().to_string_lossy();
    rpm(&["--root", &root_dir, "--initdb"]);
    rpm(&["--root", &root_dir, "--install", "--nodeps", &package]);
    let installed = |path: &str| root.path().join(path.trim_start_matches('/'));
    assert_eq!(
        std::fs::read(installed(DESKTOP_ENTRY)).unwrap(),
        deb_file(&deb, DESKTOP_ENTRY),
        "the same desktop entry as the .deb's"
    );
    // One release build in both: the bundler only stamps each copy with its package type
    // ("DEB" or "RPM", Tauri's bundle-type marker), so the copies differ there and nowhere else.
    let from_rpm = std::fs::read(installed(BINARY)).unwrap();
    let from_deb = deb_file(&deb, BINARY);
    assert_eq!(from_rpm.len(), from_deb.len(), "the .deb's binary, stamped");
    let stamped = from_rpm
        .iter()
        .zip(&from_deb)
        .filter(|(a, b)| a != b)
        .count();
    assert!(
        stamped <= 3,
        "{stamped} bytes differ from the .deb's binary"
    );
    rpm(&["--root", &root_dir, "--erase", "--nodeps", PACKAGE]);
    let left: Vec<&&str> = files.iter().filter(|f| installed(f).is_file()).collect();
    assert!(left.is_empty(), "rpm --erase left {left:?}");
}
