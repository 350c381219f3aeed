//! Weeks of uptime, compressed: customers write every 2 s across 500 conversations while the
//! window is shown for one sample period and hidden for the next, and the app's memory and the
//! size of its state files are sampled each period. What counts is the slope once the first ten
//! minutes (start-up, caches filling) are past: a leak shows as a steady climb, whatever its size.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use ohallo_e2e::{World, WorldOptions};
use ohallo_sandbox::control_api::Inbound;
use rand::Rng;

use crate::error::BenchError;
use crate::procs::{Memory, Role};
use crate::window;

pub const CONVERSATIONS: usize = 500;
pub const MESSAGE_EVERY: Duration = Duration::from_secs(2);
/// The slope is read from the samples after this; before it the app is still warming up.
pub const WARM_UP: Duration = Duration::from_secs(10 * 60);

pub struct Sample {
    pub at: Duration,
    pub memory: Memory,
    pub state_bytes: u64,
}

pub struct Uptime {
    pub samples: Vec<Sample>,
    pub messages: usize,
}

impl Uptime {
    /// Least-squares slope of PSS over the samples after the warm-up, in MiB per hour; `None`
    /// with fewer than two such samples.
    pub fn pss_mib_per_hour(&self) -> Option<f64> {
        slope_per_hour(&self.after_warm_up(|s| s.memory.pss_mib()))
    }

    /// The PSS slope of the second half of the run alone, in MiB per hour: a leak climbs in
    /// both halves; memory given back only by a late collection or a bounded cache, filling for
    /// longer than the warm-up (the web process's climb, see the README), in the first only.
    pub fn second_half_pss_mib_per_hour(&self) -> Option<f64> {
        let half = self.samples.last()?.at / 2;
        slope_per_hour(&self.samples_from(half, |s| s.memory.pss_mib()))
    }

    /// The same for anonymous memory (see [`Memory::anon_kib`]), in MiB per hour.
    pub fn anon_mib_per_hour(&self) -> Option<f64> {
        slope_per_hour(&self.after_warm_up(|s| s.memory.anon_mib()))
    }

    /// The same for the state files, in KiB per hour.
    pub fn state_kib_per_hour(&self) -> Option<f64> {
        slope_per_hour(&self.after_warm_up(|s| s.state_bytes as f64 / 1024.0))
    }

    fn after_warm_up(&self, value: impl Fn(&Sample) -> f64) -> Vec<(f64, f64)> {
        self.samples_from(WARM_UP, value)
    }

    /// `(hours, value)` of the samples taken from `start` on.
    fn samples_from(&self, start: Duration, value: impl Fn(&Sample) -> f64) -> Vec<(f64, f64)> {
        self.samples
            .iter()
            .filter(|s| s.at >= start)
            .map(|s| (s.at.as_secs_f64() / 3600.0, value(s)))
            .collect()
    }
}

fn slope_per_hour(points: &[(f64, f64)]) -> Option<f64> {
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let covariance: f64 = points
        .iter()
        .map(|(x, y)| (x - mean_x) * (y - mean_y))
        .sum();
    let variance: f64 = points.iter().map(|(x, _)| (x - mean_x).powi(2)).sum();
    (variance > 0.0).then(|| covariance / variance)
}

pub async fn run(
    binary: &Path,
    duration: Duration,
    sample_every: Duration,
) -> Result<Uptime, BenchError> {
    let (world, app) = World::signed_in_and_listed(WorldOptions {
        app: Some(binary.into()),
        // Hidden in turn means hidden in the tray, as on a desktop that shows one.
        tray_host: true,
        ..WorldOptions::default()
    })
    .await?;
    let mut conversations = Vec::with_capacity(CONVERSATIONS);
    for n in 0..CONVERSATIONS {
        let message = Inbound::new(format!("Uptime opening {n}"))
            .from_contact(format!("Uptime Customer {n}"));
        conversations.push(world.control.inbound(&message).await?.conversation_id);
    }
    let state_dir = world.home().join("data");
    let started = Instant::now();
    let mut samples = vec![sample(binary, &state_dir, Duration::ZERO)?];
    let mut next_sample = started + sample_every;
    let mut shown = true;
    let mut messages = CONVERSATIONS;
    let mut next_message = Instant::now();
    while started.elapsed() < duration {
        let conversation = &conversations[rand::rng().random_range(0..conversations.len())];
        let message =
            Inbound::new(format!("Uptime message {messages}")).in_conversation(conversation);
        world.control.inbound(&message).await?;
        messages += 1;
        if Instant::now() >= next_sample {
            samples.push(sample(binary, &state_dir, started.elapsed())?);
            next_sample += sample_every;
            // Shown one period, hidden the next: half the run each, as an agent's day goes.
            shown = !shown;
            if shown {
                show(&world, binary).await?;
            } else {
                app.hide().await?;
            }
        }
        next_message += MESSAGE_EVERY;
        tokio::time::sleep_until(next_message.into()).await;
    }
    samples.push(sample(binary, &state_dir, started.elapsed())?);
    app.close().await?;
    Ok(Uptime { samples, messages })
}

fn sample(binary: &Path, state_dir: &Path, at: Duration) -> Result<Sample, BenchError> {
    let footprint = window::footprint_now(binary)?;
    let sample = Sample {
        at,
        memory: footprint.total,
        state_bytes: state_bytes(state_dir),
    };
    // Per process too: a climb in the web process and one in the app are different bugs.
    eprintln!(
        "  uptime {:>4.0} min: PSS {:.1} MiB (app {:.1}, web {:.1}, network {:.1}), anonymous {:.1} MiB, state {:.1} KiB",
        at.as_secs_f64() / 60.0,
        sample.memory.pss_mib(),
        footprint.role(Role::App).pss_mib(),
        footprint.role(Role::Web).pss_mib(),
        footprint.role(Role::Network).pss_mib(),
        sample.memory.anon_mib(),
        sample.state_bytes as f64 / 1024.0
    );
    Ok(sample)
}

/// The app's own state files (not WebKit's caches): everything under its data directory but
/// WebKit's storage.
fn state_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with("webkit"))
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => state_bytes(&entry.path()),
            Ok(_) => entry.metadata().map_or(0, |m| m.len()),
            Err(_) => 0,
        })
        .sum()
}

/// A second launch hands over to the running app, which brings its window forward: what a user
/// does from the launcher.
async fn show(world: &World, binary: &Path) -> Result<(), BenchError> {
    let status = tokio::process::Command::new(binary)
        .env_clear()
        .envs(world.env().iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .await
        .map_err(|source| BenchError::Io {
            what: "starting a second instance to show the window",
            source,
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(BenchError::Timeout(
            "the second instance to hand over and exit".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slope_is_that_of_the_samples_after_the_warm_up() {
        let mib = |pss: f64| Memory {
            rss_kib: 0,
            pss_kib: (pss * 1024.0) as u64,
            anon_kib: (pss * 512.0) as u64,
        };
        let at = |minutes: u64| Duration::from_secs(minutes * 60);
        let uptime = Uptime {
            samples: vec![
                // The warm-up's climb does not count.
                Sample {
                    at: at(0),
                    memory: mib(100.0),
                    state_bytes: 0,
                },
                Sample {
                    at: at(5),
                    memory: mib(150.0),
                    state_bytes: 0,
                },
                Sample {
                    at: at(10),
                    memory: mib(200.0),
                    state_bytes: 1024,
                },
                Sample {
                    at: at(40),
                    memory: mib(201.0),
                    state_bytes: 1024,
                },
                Sample {
                    at: at(70),
                    memory: mib(202.0),
                    state_bytes: 1024,
                },
            ],
            messages: 0,
        };
        let slope = uptime.pss_mib_per_hour().unwrap();
        assert!((slope - 2.0).abs() < 0.01, "{slope}");
        let second_half = uptime.second_half_pss_mib_per_hour().unwrap();
        assert!((second_half - 2.0).abs() < 0.01, "{second_half}");
        let anon = uptime.anon_mib_per_hour().unwrap();
        assert!((anon - 1.0).abs() < 0.01, "{anon}");
        assert_eq!(uptime.state_kib_per_hour(), Some(0.0));
    }

    #[test]
    fn no_slope_from_fewer_than_two_samples() {
        assert_eq!(slope_per_hour(&[(1.0, 2.0)]), None);
    }
}
