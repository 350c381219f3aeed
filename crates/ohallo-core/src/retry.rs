//! When and how long to wait before repeating a read. Writes are never repeated: oHallo has no
//! idempotency keys, so a repeated reply could reach the customer twice.

use std::time::Duration;

use chrono::{DateTime, Utc};

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

    /// How long to wait before retrying after `attempt` (1-based) failed with `error`, having
    /// already waited `waited` in total; `None` means give up and report `error`.
    pub(crate) fn wait_before_retry(
        &self,
        attempt: u32,
        error: &ApiError,
        waited: Duration,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !error.is_retryable() {
            return None;
        }
        let wait = error.retry_after().unwrap_or_else(|| self.backoff(attempt));
        waited
            .checked_add(wait)
            .is_some_and(|total| total <= self.max_total_wait)
            .then_some(wait)
    }

    /// Exponential backoff with "equal jitter": half the step is fixed, half random, so
    /// clients that failed together do not retry together.
    fn backoff(&self, attempt: u32) -> Duration {
        let doubling = 2u32.saturating_pow(attempt.saturating_sub(1));
        let step = self.base_delay.saturating_mul(doubling).min(self.max_delay);
        step / 2 + (step / 2).mul_f64(rand::random::<f64>())
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
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = policy.backoff(3);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            assert!(policy.backoff(30) <= Duration::from_millis(400));
        }
    }

    #[test]
    fn gives_up_after_the_last_attempt_or_on_permanent_errors() {
        let policy = RetryPolicy::default();
        assert!(policy
            .wait_before_retry(1, &server_error(), Duration::ZERO)
            .is_some());
        assert!(policy
            .wait_before_retry(3, &server_error(), Duration::ZERO)
            .is_none());
        let not_found = ApiError::NotFound {
            message: String::new(),
        };
        assert!(policy
            .wait_before_retry(1, &not_found, Duration::ZERO)
            .is_none());
        assert!(RetryPolicy::none()
            .wait_before_retry(1, &server_error(), Duration::ZERO)
            .is_none());
    }

    #[test]
    fn retry_after_is_honoured_within_the_total_budget() {
        let policy = RetryPolicy::default();
        let limited = |secs| ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(secs)),
        };
        assert_eq!(
            policy.wait_before_retry(1, &limited(2), Duration::ZERO),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.wait_before_retry(1, &limited(120), Duration::ZERO),
            None
        );
        assert_eq!(
            policy.wait_before_retry(2, &limited(5), Duration::from_secs(28)),
            None
        );
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
