//! Starting a window and reading what it costs while it sits there.

use std::path::Path;
use std::time::{Duration, Instant};

use ohallo_e2e::{AppWindow, World};

use crate::error::BenchError;
use crate::procs::{self, Memory};

const START_TIMEOUT: Duration = Duration::from_secs(60);

/// Starts `binary` and polls `ready` (a script returning true once the page shows what it
/// should) as fast as WebDriver answers. Both windows are timed the same way, so the driver's
/// own overhead cancels out of the comparison.
pub async fn launch_timed(
    world: &World,
    binary: &Path,
    ready: &str,
) -> Result<(AppWindow, Duration), BenchError> {
    let started = Instant::now();
    let window = world.launch(binary).await?;
    while started.elapsed() < START_TIMEOUT {
        if window.eval(ready).await? == serde_json::Value::Bool(true) {
            return Ok((window, started.elapsed()));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Err(BenchError::Timeout(format!(
        "{} to show {ready}",
        binary.display()
    )))
}

/// Waits until no process runs `binary` any more.
pub async fn wait_for_exit(binary: &Path) -> Result<(), BenchError> {
    let started = Instant::now();
    while procs::find_by_exe(binary).is_some() {
        if started.elapsed() >= START_TIMEOUT {
            return Err(BenchError::Timeout(format!("{} to exit", binary.display())));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}

/// The program's process and everything it started (WebKit's web and network processes).
pub fn process_tree(binary: &Path) -> Result<Vec<u32>, BenchError> {
    let root = procs::find_by_exe(binary).ok_or_else(|| BenchError::NoProcess(binary.into()))?;
    Ok(procs::tree(root))
}

pub struct Idle {
    pub memory: Memory,
    pub footprint: procs::Footprint,
    /// Percent of one core.
    pub cpu_percent: f64,
}

/// What a program does in its first seconds (the first sync, WebKit compiling scripts) is start-up,
/// not idling: both windows get this long before the idle period begins.
pub const SETTLE: Duration = Duration::from_secs(10);

/// Leaves the program alone to settle and then for `period`; reads its memory at the end and the
/// CPU it used during `period`.
pub async fn idle(binary: &Path, period: Duration) -> Result<Idle, BenchError> {
    tokio::time::sleep(SETTLE).await;
    let before = procs::cpu_ticks(&process_tree(binary)?);
    tokio::time::sleep(period).await;
    let pids = process_tree(binary)?;
    let used = procs::cpu_ticks(&pids).saturating_sub(before);
    let seconds = used as f64 / procs::ticks_per_second() as f64;
    let footprint = procs::Footprint::of(&pids);
    Ok(Idle {
        memory: footprint.total,
        footprint,
        cpu_percent: 100.0 * seconds / period.as_secs_f64(),
    })
}

pub fn memory_now(binary: &Path) -> Result<Memory, BenchError> {
    Ok(procs::memory(&process_tree(binary)?))
}

pub fn footprint_now(binary: &Path) -> Result<procs::Footprint, BenchError> {
    Ok(procs::Footprint::of(&process_tree(binary)?))
}

/// Runs `script` in the page (it calls `done(milliseconds)`) and returns the figure.
pub async fn page_timing(window: &AppWindow, script: &str) -> Result<f64, BenchError> {
    let value = window.eval_async(script).await?;
    value.as_f64().ok_or(BenchError::Page(value))
}
