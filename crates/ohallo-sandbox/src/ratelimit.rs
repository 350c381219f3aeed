//! Fixed one-minute windows per key: simple, and enough to exercise a client's 429 handling.

use std::collections::HashMap;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

pub(crate) struct RateLimiter {
    per_window: u32,
    windows: HashMap<String, Window>,
}

struct Window {
    started: Instant,
    used: u32,
}

impl RateLimiter {
    pub(crate) fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_window: per_minute,
            windows: HashMap::new(),
        }
    }

    /// Counts a request; `Err` carries the whole seconds until the key may try again.
    pub(crate) fn check(&mut self, key: &str, now: Instant) -> Result<(), u64> {
        let window = self.windows.entry(key.to_owned()).or_insert(Window {
            started: now,
            used: 0,
        });
        if now.duration_since(window.started) >= WINDOW {
            *window = Window {
                started: now,
                used: 0,
            };
        }
        if window.used < self.per_window {
            window.used += 1;
            return Ok(());
        }
        let remaining = WINDOW.saturating_sub(now.duration_since(window.started));
        Err(remaining.as_secs_f64().ceil().max(1.0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_limited_until_its_window_ends() {
        let mut limiter = RateLimiter::new(2);
        let start = Instant::now();
        assert!(limiter.check("a", start).is_ok());
        assert!(limiter.check("a", start).is_ok());
        assert_eq!(limiter.check("a", start + Duration::from_secs(15)), Err(45));
        assert!(
            limiter.check("b", start).is_ok(),
            "keys are limited separately"
        );
        assert!(limiter.check("a", start + WINDOW).is_ok());
    }
}
