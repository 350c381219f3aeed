//! When and how long to wait before repeating a read. Writes are never repeated: oHallo has no
//! idempotency keys, so a repeated reply could reach the customer twice.

use std::time::Duration;

use chrono::{DateTime, Utc};

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};

use crate::error::ApiError;

/// Retry settings for reads (GETs) that failed with a network error, a timeout, 429 or 5xx.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 disables retrying.
    pub max_attempts: u32,
    /// The first backoff; each later one doubles, with jitter, up to `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// The most a read may spend waiting between attempts. A `Retry-After` longer than what is
    /// left ends the retrying, so the user hears about the rate limit instead of a frozen app.
    pub max_total_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_total_wait: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The waits of one read, from its first failure on.
    pub(crate) fn start(&self) -> Retries {
        // backon's jitter adds up to one step, so steps of half the delay give "equal jitter":
        // half of each wait fixed, half random, and clients that failed together do not retry
        // together.
        let delays = ExponentialBuilder::new()
            .with_min_delay(self.base_delay / 2)
            .with_max_delay(self.max_delay / 2)
            .with_jitter()
            .with_max_times(self.max_attempts.saturating_sub(1) as usize)
            .build();
        Retries {
            delays,
            waited: Duration::ZERO,
            budget: self.max_total_wait,
        }
    }
}

/// Where one read stands in its retrying.
pub(crate) struct Retries {
    delays: ExponentialBackoff,
    waited: Duration,
    budget: Duration,
}

impl Retries {
    /// How long to wait before retrying after a failure with `error`; `None` means give up and
    /// report `error`. A `Retry-After` replaces the backoff step, within the total budget.
    pub(crate) fn wait_before_retry(&mut self, error: &ApiError) -> Option<Duration> {
        if !error.is_retryable() {
            return None;
        }
        let step = self.delays.next()?;
        let wait = error.retry_after().unwrap_or(step);
        let total = self.waited.checked_add(wait)?;
        (total <= self.budget).then(|| {
            self.waited = total;
            wait
        })
    }
}

/// No server gets to silence the app for longer than this, whatever its `Retry-After` says.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// Reads a `Retry-After` value: delay-seconds, or an HTTP date relative to `now`; capped at
/// [`MAX_RETRY_AFTER`], so a huge value can neither overflow a clock nor stall the app.
pub(crate) fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    let wait = if let Ok(seconds) = value.parse::<u64>() {
        Duration::from_secs(seconds)
    } else {
        let date = DateTime::parse_from_rfc2822(value).ok()?;
        (date.with_timezone(&Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO)
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server_error() -> ApiError {
        ApiError::Server {
            status: 503,
            message: String::new(),
            retry_after: None,
        }
    }

    #[test]
    fn backoff_grows_and_stays_within_bounds() {
        let policy = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(400),
            max_total_wait: Duration::from_secs(60),
        };
        for _ in 0..50 {
            let mut retries = policy.start();
            let waits: Vec<Duration> = (0..9)
                .map(|_| retries.wait_before_retry(&server_error()).unwrap())
                .collect();
            let ms = Duration::from_millis;
            assert!(waits[0] >= ms(50) && waits[0] <= ms(100), "{waits:?}");
            assert!(waits[2] >= ms(200) && waits[2] <= ms(400), "{waits:?}");
            assert!(waits.iter().all(|w| *w <= ms(400)), "{waits:?}");
            assert_eq!(retries.wait_before_retry(&server_error()), None);
        }
    }

    #[test]
    fn gives_up_after_the_last_attempt_or_on_permanent_errors() {
        let mut retries = RetryPolicy::default().start();
        assert!(retries.wait_before_retry(&server_error()).is_some());
        assert!(retries.wait_before_retry(&server_error()).is_some());
        assert!(retries.wait_before_retry(&server_error()).is_none());
        let not_found = ApiError::NotFound {
            message: String::new(),
        };
        assert!(RetryPolicy::default()
            .start()
            .wait_before_retry(&not_found)
            .is_none());
        assert!(RetryPolicy::none()
            .start()
            .wait_before_retry(&server_error())
            .is_none());
    }

    #[test]
    fn retry_after_is_honoured_within_the_total_budget() {
        let limited = |secs| ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(secs)),
        };
        let mut retries = RetryPolicy::default().start();
        assert_eq!(
            retries.wait_before_retry(&limited(2)),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            RetryPolicy::default()
                .start()
                .wait_before_retry(&limited(120)),
            None
        );
        let mut retries = RetryPolicy::default().start();
        assert_eq!(
            retries.wait_before_retry(&limited(28)),
            Some(Duration::from_secs(28))
        );
        assert_eq!(retries.wait_before_retry(&limited(5)), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = DateTime::parse_from_rfc3339("2026-03-20T14:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Fri, 20 Mar 2026 14:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Fri, 20 Mar 2026 13:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(
            parse_retry_after(&u64::MAX.to_string(), now),
            Some(MAX_RETRY_AFTER)
        );
    }
}
