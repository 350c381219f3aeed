use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ohallo_sandbox::control_api::FaultSpec;
use ohallo_sandbox::control_client::ControlClient;
use ohallo_sandbox::{Config, Sandbox, WORKSPACE_COUNT};

use crate::artifacts;
use crate::bus::SessionBus;
use crate::display::{Display, WindowManager};
use crate::keyring::Keyring;
use crate::notifications::NotificationCapture;
use crate::process::{free_port, wait_until, Guarded};
use crate::tray_host::TrayHost;
use crate::webdriver::AppWindow;
use crate::HarnessError;

#[derive(Default)]
pub struct WorldOptions {
    pub sandbox: Config,
    /// Extra environment for the app, e.g. a short poll interval.
    pub app_env: Vec<(String, String)>,
    /// The binary `launch_app` starts; the test command's debug build when `None`.
    pub app: Option<PathBuf>,
    /// No Secret Service on the session bus, as on a desktop without a keyring.
    pub no_keyring: bool,
    /// A panel that shows tray icons (a StatusNotifier watcher with a host). Without it the
    /// desktop is stock GNOME's, the least convenient: closing the window minimises it.
    pub tray_host: bool,
    /// A window manager (openbox) on the display, which minimising needs; none otherwise, as
    /// most tests do not need one.
    pub window_manager: bool,
}

impl WorldOptions {
    /// The app looks for new messages every `secs` seconds instead of its default.
    pub fn polling_every(secs: u64) -> WorldOptions {
        WorldOptions {
            app_env: vec![("OHALLO_POLL_INTERVAL_SECS".into(), secs.to_string())],
            ..WorldOptions::default()
        }
    }

    /// On a desktop with a tray, where closing the window hides it and the app runs on unseen.
    pub fn with_tray_host(self) -> WorldOptions {
        WorldOptions {
            tray_host: true,
            ..self
        }
    }
}

/// Everything one end-to-end test runs in. Fields drop in order: the driver (and so the app)
/// goes first, the directories last.
pub struct World {
    _driver: Guarded,
    driver_url: String,
    pub notifications: NotificationCapture,
    /// The panel's watcher, when the options asked for a tray host.
    pub tray_host: Option<TrayHost>,
    _keyring: Option<Keyring>,
    pub bus: zbus::Connection,
    _bus: SessionBus,
    _window_manager: Option<WindowManager>,
    display: Display,
    pub sandbox: Sandbox,
    /// Acts on the sandbox as a customer or a fault would, and reads what it served.
    pub control: ControlClient,
    app: PathBuf,
    env: Vec<(String, String)>,
    dirs: tempfile::TempDir,
}

impl World {
    pub async fn start(options: WorldOptions) -> Result<World, HarnessError> {
        let app = options.app.unwrap_or_else(artifacts::app_binary);
        if !app.exists() {
            return Err(HarnessError::AppMissing(app));
        }
        let dirs = tempfile::Builder::new()
            .prefix("ohallo-e2e-")
            .tempdir()
            .map_err(HarnessError::io("creating the test's home"))?;
        let home = dirs.path();
        let mut env = private_dirs(home)?;

        let loopback: SocketAddr = ([127, 0, 0, 1], 0).into();
        let sandbox = Sandbox::start(loopback, options.sandbox)
            .await
            .map_err(|e| HarnessError::Sandbox(e.to_string()))?;
        let display = Display::start()?;
        let window_manager = if options.window_manager {
            Some(WindowManager::start(&display).await?)
        } else {
            None
        };
        let bus = SessionBus::start()?;
        env.extend([
            ("DISPLAY".into(), display.name.clone()),
            ("DBUS_SESSION_BUS_ADDRESS".into(), bus.address.clone()),
            // The same private bus stands in for the system bus, so tests can play logind and
            // NetworkManager.
            ("DBUS_SYSTEM_BUS_ADDRESS".into(), bus.address.clone()),
            ("OHALLO_API_URL".into(), sandbox.base_url()),
            // WebKit's GPU paths fail on a virtual framebuffer; software rendering is what Xvfb has.
            ("WEBKIT_DISABLE_DMABUF_RENDERER".into(), "1".into()),
            ("LIBGL_ALWAYS_SOFTWARE".into(), "1".into()),
            ("GDK_BACKEND".into(), "x11".into()),
            ("NO_AT_BRIDGE".into(), "1".into()),
        ]);
        if let Some(path) = std::env::var_os("PATH") {
            env.push(("PATH".into(), path.to_string_lossy().into_owned()));
        }
        env.extend(options.app_env);

        let connection = bus.connect().await?;
        let keyring = if options.no_keyring {
            None
        } else {
            Some(Keyring::start(&connection, &env).await?)
        };
        let notifications = NotificationCapture::start(&bus.address).await?;
        let tray_host = if options.tray_host {
            Some(TrayHost::start(&bus.address).await?)
        } else {
            None
        };
        let log = home.join("app.log");
        let (driver, driver_url) = start_driver(&env, &log).await?;
        Ok(World {
            _driver: driver,
            driver_url,
            notifications,
            tray_host,
            _keyring: keyring,
            bus: connection,
            _bus: bus,
            _window_manager: window_manager,
            display,
            control: ControlClient::new(sandbox.base_url()),
            sandbox,
            app,
            env,
            dirs,
        })
    }

    /// Starts the app (a new WebDriver session) in this world. Calling it again after closing
    /// the previous window is a restart with the same home, keyring and bus.
    pub async fn launch_app(&self) -> Result<AppWindow, HarnessError> {
        self.launch(&self.app).await
    }

    /// Starts another program's window in this world, e.g. the installed app or the bare window
    /// benchmarks compare against.
    pub async fn launch(&self, binary: &Path) -> Result<AppWindow, HarnessError> {
        AppWindow::connect(&self.driver_url, &binary.to_string_lossy()).await
    }

    /// What the app, WebKitWebDriver and tauri-driver printed.
    pub fn app_log(&self) -> PathBuf {
        self.dirs.path().join("app.log")
    }

    pub fn home(&self) -> &Path {
        self.dirs.path()
    }

    pub fn env(&self) -> &[(String, String)] {
        &self.env
    }

    /// The X display the app runs on, for tools that drive what WebDriver cannot see (the
    /// desktop's own dialogs).
    pub fn display_name(&self) -> &str {
        &self.display.name
    }

    /// The titles of the app's windows on this display, as the X server has them (what a
    /// taskbar shows); empty if `xdotool` cannot tell.
    pub fn window_titles(&self) -> Vec<String> {
        self.window_titles_matching("^oHallo")
    }

    /// The titles of the X windows whose title matches the regular expression `pattern`.
    pub fn window_titles_matching(&self, pattern: &str) -> Vec<String> {
        let run = |args: &[&str]| {
            Command::new("xdotool")
                .args(args)
                .env("DISPLAY", &self.display.name)
                .output()
                .ok()
                .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        };
        let ids = run(&["search", "--name", pattern]).unwrap_or_default();
        ids.lines()
            .filter_map(|id| run(&["getwindowname", id]))
            .collect()
    }

    pub fn screenshot(&self, name: &str) -> Option<PathBuf> {
        artifacts::screenshot(&self.display.name, name)
    }

    /// Waits for the app's window title to say `unread` unread conversations, read from the X
    /// server with xdotool as a taskbar would (the open attention items follow in the same
    /// parentheses, and are not looked at).
    pub async fn wait_for_title_unread(&self, unread: usize) -> Result<(), HarnessError> {
        let said = |title: &str| {
            let counts = title
                .strip_prefix("oHallo")
                .unwrap_or_default()
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(')');
            let shown = counts
                .split(" · ")
                .find_map(|part| part.strip_suffix(" unread"))
                .map_or(Some(0), |n| n.parse().ok());
            title.starts_with("oHallo") && shown == Some(unread)
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            seen = self.window_titles();
            if seen.iter().any(|title| said(title)) {
                return Ok(());
            }
            // Not a blocking sleep: the sandbox answers the app on this same runtime.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(HarnessError::NotReady(format!(
            "a window title saying {unread} unread; titles: {seen:?}"
        )))
    }
}

impl Drop for World {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let test = std::thread::current()
                .name()
                .unwrap_or("e2e-failure")
                .to_string();
            match self.screenshot(&test) {
                Some(path) => eprintln!("screenshot of the failing test: {}", path.display()),
                None => eprintln!("could not save a screenshot of the failing test"),
            }
            if let Ok(log) = std::fs::read_to_string(self.app_log()) {
                let tail: Vec<&str> = log.lines().rev().take(40).collect();
                eprintln!("last lines of the app's log:");
                for line in tail.iter().rev() {
                    eprintln!("  {line}");
                }
            }
        }
    }
}

fn private_dirs(home: &Path) -> Result<Vec<(String, String)>, HarnessError> {
    let mut env = vec![("HOME".to_string(), home.to_string_lossy().into_owned())];
    for (var, sub) in [
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_RUNTIME_DIR", "runtime"),
    ] {
        let dir = home.join(sub);
        std::fs::create_dir_all(&dir).map_err(HarnessError::io("creating the test's XDG dirs"))?;
        env.push((var.to_string(), dir.to_string_lossy().into_owned()));
    }
    restrict_runtime_dir(&home.join("runtime"))?;
    Ok(env)
}

/// XDG_RUNTIME_DIR must be private to its user, or GLib and gnome-keyring refuse it.
fn restrict_runtime_dir(dir: &Path) -> Result<(), HarnessError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .map_err(HarnessError::io("securing XDG_RUNTIME_DIR"))
}

/// The driver, WebKitWebDriver and the app all write to `log`, so a test can read what the app
/// logged.
async fn start_driver(
    env: &[(String, String)],
    log: &Path,
) -> Result<(Guarded, String), HarnessError> {
    let out = std::fs::File::create(log).map_err(HarnessError::io("creating the app log"))?;
    let err = out
        .try_clone()
        .map_err(HarnessError::io("creating the app log"))?;
    let port = free_port()?;
    let native_port = free_port()?;
    let mut command = Command::new(tauri_driver());
    command
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
            "--native-driver",
            "/usr/bin/WebKitWebDriver",
        ])
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err));
    let driver = Guarded::spawn("tauri-driver", &mut command)?;
    // tauri-driver forwards to WebKitWebDriver, which it starts itself and which may still be
    // coming up on a loaded machine: a session asked for before both listen is refused.
    for (what, port) in [("tauri-driver", port), ("WebKitWebDriver", native_port)] {
        let address: SocketAddr = ([127, 0, 0, 1], port).into();
        wait_until(what, Duration::from_secs(20), || {
            std::net::TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok()
        })
        .await?;
    }
    Ok((driver, format!("http://127.0.0.1:{port}")))
}

/// `cargo install` puts tauri-driver in ~/.cargo/bin, which is not always on PATH.
fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    match cargo_home.map(|home| home.join("bin").join("tauri-driver")) {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

impl World {
    /// What the app stored in this world's keyring for this world's sandbox (each server has
    /// its own entry), read with libsecret's own tool so the check does not share code with the
    /// app.
    pub fn stored_key(&self) -> Result<Option<String>, HarnessError> {
        self.keyring_entry(&format!("api-key@{}", self.sandbox.base_url()))
    }

    /// The key of the account called `name`, one signed in beside the first.
    pub fn stored_key_named(&self, name: &str) -> Result<Option<String>, HarnessError> {
        self.keyring_entry(&format!("api-key@{}#{name}", self.sandbox.base_url()))
    }

    fn keyring_entry(&self, username: &str) -> Result<Option<String>, HarnessError> {
        let output = Command::new("secret-tool")
            .args([
                "lookup",
                "service",
                "eu.ohallo.desktop",
                "username",
                username,
            ])
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .map_err(|source| HarnessError::Spawn {
                program: "secret-tool".into(),
                source,
            })?;
        let secret = String::from_utf8_lossy(&output.stdout).trim().to_string();
        Ok((output.status.success() && !secret.is_empty()).then_some(secret))
    }
}

impl World {
    /// Fails more list requests in a row than one poll's own retries cover, so the app feels an
    /// outage; answers how many faults it queued.
    pub async fn outage(&self) -> Result<usize, HarnessError> {
        const FAILURES: u32 = 6;
        self.control
            .add_fault(
                &FaultSpec {
                    count: FAILURES,
                    status: Some(503),
                    ..FaultSpec::default()
                }
                .under("/api/conversations"),
            )
            .await?;
        Ok(FAILURES as usize)
    }

    /// The next reply sent to this conversation fails with a 500, once.
    pub async fn fail_next_reply(&self, conversation_id: &str) -> Result<(), HarnessError> {
        let fault = FaultSpec {
            count: 1,
            status: Some(500),
            ..FaultSpec::default()
        };
        self.control
            .add_fault(&fault.under(format!("/api/conversations/{conversation_id}/reply")))
            .await?;
        Ok(())
    }

    /// The first pages of the conversation list the app's sync engine has read so far. The
    /// engine reads each workspace's first page once a poll, at its own page size, which the
    /// window's listings do not use.
    pub async fn engine_first_pages(&self) -> Result<u64, HarnessError> {
        let page_size = ohallo_inbox::PAGE_SIZE as usize;
        Ok(self.control.traffic().await?.first_pages_of(page_size))
    }

    /// Waits until the app's sync engine has finished `polls` polls that began after the call,
    /// so whatever they would announce has been announced: the proof that a first sync is over
    /// or that nothing was announced, where a sleep would only be a guess.
    ///
    /// Seen from the server, a poll reads one first page per workspace (at most
    /// [`WORKSPACE_COUNT`]; a key that sees fewer only makes this wait longer). A poll under
    /// way at the call reads at most that many more; `polls` whole polls follow; and the next
    /// poll's first page shows that the last of them has finished, since polls run one after
    /// another.
    pub async fn wait_for_polls(&self, polls: u64, limit: Duration) -> Result<(), HarnessError> {
        let target = self.engine_first_pages().await? + (polls + 1) * WORKSPACE_COUNT as u64;
        if self.engine_reads_first_pages(target, limit).await? {
            Ok(())
        } else {
            Err(HarnessError::NotReady(format!(
                "{polls} polls of the app's sync engine"
            )))
        }
    }

    /// Waits until the engine's first poll has read every workspace's first page, so a message
    /// written after this is news to it, not history. For a key that sees every workspace, and
    /// a poll interval too long to wait for [`World::wait_for_polls`].
    pub async fn wait_for_first_listing(&self, limit: Duration) -> Result<(), HarnessError> {
        if self
            .engine_reads_first_pages(WORKSPACE_COUNT as u64, limit)
            .await?
        {
            Ok(())
        } else {
            Err(HarnessError::NotReady(
                "the app's first listing of every workspace".to_owned(),
            ))
        }
    }

    /// Whether the engine has read `target` first pages in all before `limit` passed.
    pub async fn engine_reads_first_pages(
        &self,
        target: u64,
        limit: Duration,
    ) -> Result<bool, HarnessError> {
        let deadline = Instant::now() + limit;
        while self.engine_first_pages().await? < target {
            if Instant::now() >= deadline {
                return Ok(false);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(true)
    }

    /// Starts the app with these options and signs in with the sandbox's key.
    pub async fn signed_in(options: WorldOptions) -> Result<(World, AppWindow), HarnessError> {
        let world = World::start(options).await?;
        let app = world.launch_app().await?;
        app.sign_in(world.sandbox.key()).await?;
        app.region("Conversations").await?;
        Ok((world, app))
    }

    /// Signed in, and the engine has listed every workspace's first page once: a test's own
    /// inbound messages then arrive as new, not as part of the first sync.
    pub async fn signed_in_and_listed(
        options: WorldOptions,
    ) -> Result<(World, AppWindow), HarnessError> {
        let (world, app) = World::signed_in(options).await?;
        world
            .wait_for_first_listing(Duration::from_secs(30))
            .await?;
        Ok((world, app))
    }
}
