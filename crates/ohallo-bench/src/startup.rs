//! Start-up time and idle cost, for the bare window and for oHallo with a signed-in inbox.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use ohallo_e2e::{AppWindow, World, WorldOptions};
use ohallo_inbox::{ATTENTION_EVERY, DEFAULT_POLL_INTERVAL, PAGE_SIZE};
use ohallo_sandbox::{Config, WORKSPACE_COUNT};

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
    /// API requests while idle (oHallo only).
    pub requests: Option<IdleRequests>,
}

pub struct IdleRequests {
    pub per_minute: f64,
    /// Per minute, by method and route (`GET /api/conversations`).
    pub by_route: BTreeMap<String, f64>,
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
        requests: None,
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
    let (idle, requests) = tokio::join!(
        window::idle(binary, idle_for),
        idle_requests(&world, idle_for)
    );
    let (idle, requests) = (idle?, Some(requests?));
    Ok((
        world,
        window,
        Startup {
            start_ms,
            idle,
            requests,
        },
    ))
}

/// The engine's requests over whole polls, from [`window::SETTLE`] after paint: a window of
/// any other length holds a poll more or fewer than its share (70 s of polls counted as 60
/// gave 24 a minute where 21 is the rate), and every [`ATTENTION_EVERY`]th poll also reads the
/// attention queue, so the count covers a multiple of that many polls, at least `idle_for`.
async fn idle_requests(world: &World, idle_for: Duration) -> Result<IdleRequests, BenchError> {
    tokio::time::sleep(window::SETTLE).await;
    let every = u64::from(ATTENTION_EVERY);
    let polls = (idle_for.as_secs_f64() / DEFAULT_POLL_INTERVAL.as_secs_f64()).ceil() as u64;
    let polls = polls.div_ceil(every).max(1) * every;
    let limit = DEFAULT_POLL_INTERVAL * 2 * (polls as u32 + 1);
    // Starts just after a poll read its first pages, and ends at the same point of a later one.
    world.wait_for_polls(0, limit).await?;
    let (before, from) = (world.control.traffic().await?, Instant::now());
    let target = before.first_pages_of(PAGE_SIZE as usize) + polls * WORKSPACE_COUNT as u64;
    if !world.engine_reads_first_pages(target, limit).await? {
        return Err(BenchError::Timeout(format!(
            "{polls} polls of the sync engine"
        )));
    }
    let (after, took) = (world.control.traffic().await?, from.elapsed());
    let per_minute = |count: u64| count as f64 * 60.0 / took.as_secs_f64();
    let by_route = after
        .by_route
        .iter()
        .map(|(route, count)| {
            let earlier = before.by_route.get(route).copied().unwrap_or(0);
            (route.clone(), per_minute(count - earlier))
        })
        .filter(|(_, rate)| *rate > 0.0)
        .collect();
    Ok(IdleRequests {
        per_minute: per_minute(after.requests - before.requests),
        by_route,
    })
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
