//! Start-up time and idle cost, for the bare window and for oHallo with a signed-in inbox.

use std::path::Path;
use std::time::Duration;

use ohallo_e2e::{AppWindow, World, WorldOptions};
use ohallo_sandbox::Config;

use crate::error::BenchError;
use crate::report::quantile;
use crate::window::{self, Idle};

/// The bare window has painted once its one page has loaded.
const BARE_READY: &str = "return document.readyState === 'complete';";
/// oHallo's inbox has painted once the first page of conversations is in the list. The list is
/// virtual (as tall as the rows it has loaded, only those near the view in the DOM), so its
/// height in rows counts them.
pub const INBOX_READY: &str = "const list = document.getElementById('conversation-list'); \
     const row = list.firstElementChild; \
     return row !== null && row.offsetHeight > 0 && list.offsetHeight >= 50 * row.offsetHeight;";

pub struct Startup {
    /// Median start to first paint (bare) or to inbox painted (oHallo), in ms.
    pub start_ms: f64,
    pub idle: Idle,
    /// API requests per minute while idle (oHallo only).
    pub requests_per_minute: Option<f64>,
}

pub async fn bare(binary: &Path, starts: usize, idle_for: Duration) -> Result<Startup, BenchError> {
    let world = World::start(WorldOptions {
        app: Some(binary.into()),
        ..WorldOptions::default()
    })
    .await?;
    let (window, start_ms) = timed_starts(&world, binary, BARE_READY, starts).await?;
    let idle = window::idle(binary, idle_for).await?;
    window.close().await?;
    Ok(Startup {
        start_ms,
        idle,
        requests_per_minute: None,
    })
}

/// Signs in once, then restarts the app `starts` times into its 100-conversation inbox. The
/// world and the last window stay open for the traffic run.
pub async fn app(
    binary: &Path,
    starts: usize,
    idle_for: Duration,
) -> Result<(World, AppWindow, Startup), BenchError> {
    let (world, first) = World::signed_in(WorldOptions {
        sandbox: Config {
            conversations: 100,
            ..Config::default()
        },
        app: Some(binary.into()),
        // The traffic run hides the window in the tray, as on a desktop that shows one.
        tray_host: true,
        ..WorldOptions::default()
    })
    .await?;
    first.close().await?;
    let (window, start_ms) = timed_starts(&world, binary, INBOX_READY, starts).await?;
    let before = world.control.traffic().await?.requests;
    let idle = window::idle(binary, idle_for).await?;
    let requests = world.control.traffic().await?.requests - before;
    let requests_per_minute = Some(requests as f64 * 60.0 / idle_for.as_secs_f64());
    Ok((
        world,
        window,
        Startup {
            start_ms,
            idle,
            requests_per_minute,
        },
    ))
}

/// Starts the program `starts` times and keeps the last window open; returns the median.
async fn timed_starts(
    world: &World,
    binary: &Path,
    ready: &str,
    starts: usize,
) -> Result<(AppWindow, f64), BenchError> {
    let mut times = Vec::new();
    for _ in 1..starts.max(1) {
        let (window, took) = window::launch_timed(world, binary, ready).await?;
        times.push(took.as_secs_f64() * 1000.0);
        window.close().await?;
        // The next start must not find the previous instance still running (a second launch
        // only focuses the first).
        window::wait_for_exit(binary).await?;
    }
    let (window, took) = window::launch_timed(world, binary, ready).await?;
    times.push(took.as_secs_f64() * 1000.0);
    Ok((window, quantile(&times, 0.5)))
}

/// The built-in demo (its sandbox runs inside the app) from a fresh profile, left idle as long
/// as the signed-in inbox was: what trying the app costs beside using it with an account.
pub async fn demo(binary: &Path, idle_for: Duration) -> Result<Idle, BenchError> {
    let world = World::start(WorldOptions {
        app: Some(binary.into()),
        ..WorldOptions::default()
    })
    .await?;
    let app = world.launch_app().await?;
    app.click_button("Try the demo workspace").await?;
    app.wait_until_script(INBOX_READY).await?;
    let idle = window::idle(binary, idle_for).await?;
    app.close().await?;
    Ok(idle)
}
