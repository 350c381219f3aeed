//! Customers writing in while the window is hidden: how fast each notification comes, what the
//! polling costs, and whether memory stays flat.

use std::path::Path;
use std::time::{Duration, Instant};

use ohallo_e2e::{AppWindow, World};
use ohallo_sandbox::control_api::Inbound;
use rand::Rng;

use crate::error::BenchError;
use crate::procs::Memory;
use crate::window;

/// Beyond the poll interval, what a notification or a poll may take on a loaded machine.
const WAIT_SLACK: Duration = Duration::from_secs(10);

pub struct Traffic {
    pub latencies_ms: Vec<f64>,
    pub messages: usize,
    pub notifications: usize,
    pub missed: usize,
    pub elapsed: Duration,
    pub requests: u64,
    /// One sample a minute, the first taken before any traffic.
    pub memory: Vec<Memory>,
}

pub async fn run(
    world: &World,
    app: &AppWindow,
    binary: &Path,
    interval: Duration,
    at_least: usize,
    for_at_least: Duration,
) -> Result<Traffic, BenchError> {
    app.hide().await?;
    let requests_before = world.control.traffic().await?.requests;
    let shown_before = world.notifications.notifications().len();
    let mut memory = vec![window::memory_now(binary)?];
    let started = Instant::now();
    let mut next_sample = started + Duration::from_secs(60);
    let (mut latencies_ms, mut missed, mut messages) = (Vec::new(), 0, 0);
    while messages < at_least || started.elapsed() < for_at_least {
        let before = world.notifications.notifications().len();
        let message = Inbound::new(format!("Benchmark message {messages}"))
            .from_contact(format!("Bench Customer {messages}"));
        world.control.inbound(&message).await?;
        let accepted = Instant::now();
        messages += 1;
        match world
            .notifications
            .wait_for(before + 1, 2 * interval + WAIT_SLACK)
            .await
        {
            Ok(shown) => latencies_ms.push(
                shown[before]
                    .at
                    .saturating_duration_since(accepted)
                    .as_secs_f64()
                    * 1000.0,
            ),
            Err(_) => missed += 1,
        }
        // A random pause puts the next message at a random point of the poll cycle.
        let pause = rand::rng().random_range(0..interval.as_millis() as u64);
        tokio::time::sleep(Duration::from_millis(pause)).await;
        if Instant::now() >= next_sample {
            memory.push(window::memory_now(binary)?);
            next_sample += Duration::from_secs(60);
        }
    }
    let elapsed = started.elapsed();
    // Two more polls, so a late duplicate would be counted.
    world.wait_for_polls(2, 4 * interval + WAIT_SLACK).await?;
    memory.push(window::memory_now(binary)?);
    Ok(Traffic {
        latencies_ms,
        messages,
        notifications: world.notifications.notifications().len() - shown_before,
        missed,
        elapsed,
        requests: world.control.traffic().await?.requests - requests_before,
        memory,
    })
}
