//! When and how long to wait before trying a call again.

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;
use std::time::{Duration, SystemTime};

/// Retries with exponential backoff and full jitter, on 429, 502, 503, 504
/// and connection failures, honouring `Retry-After`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retries).
    pub max_attempts: u32,
    /// The backoff before the first retry (before jitter).
    pub initial_backoff: Duration,
    /// The longest backoff between two attempts.
    pub max_backoff: Duration,
    /// No retry starts after this much time since the first attempt.
    pub max_elapsed: Duration,
    /// Retry POST and PATCH too (they may not be idempotent).
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Whether attempt number `attempt` (1-based) may be followed by another.
    pub(crate) fn allows(&self, attempt: u32, idempotent: bool) -> bool {
        attempt < self.max_attempts && (idempotent || self.retry_non_idempotent)
    }

    /// The wait after attempt number `attempt`: random, up to the
    /// exponential bound.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        let bound = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        bound.mul_f64(fastrand::f64())
    }
}

/// Statuses worth another try.
pub(crate) fn retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// The longest wait a `Retry-After` header is read as: a day. Longer asks
/// are read as this, which is past any retry budget, so the call ends
/// with the server's answer instead of waiting.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// The wait a `Retry-After` header asks for (seconds or an HTTP date), at
/// most [`MAX_RETRY_AFTER`]: the one place the header is read, and no
/// value a server sends can make the arithmetic after it overflow.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    let wait = match value.parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        Err(_) if value.bytes().all(|b| b.is_ascii_digit()) && !value.is_empty() => MAX_RETRY_AFTER,
        Err(_) => {
            let when = httpdate::parse_http_date(value).ok()?;
            when.duration_since(SystemTime::now()).unwrap_or_default()
        }
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_stays_under_its_bound() {
        let policy = RetryPolicy::default();
        for attempt in 1..10 {
            let bound = (policy.initial_backoff * 2u32.pow(attempt - 1)).min(policy.max_backoff);
            assert!(policy.backoff(attempt) <= bound);
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(2)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn retry_after_is_bounded_whatever_the_server_sends() {
        let mut headers = HeaderMap::new();
        for huge in [
            "18446744073709551615",
            "99999999999999999999999999",
            "Fri, 31 Dec 9999 23:59:59 GMT",
        ] {
            headers.insert(RETRY_AFTER, HeaderValue::from_static(huge));
            assert_eq!(retry_after(&headers), Some(MAX_RETRY_AFTER), "{huge}");
            // What the client adds it to cannot overflow.
            let _ = Duration::from_secs(u64::MAX / 2).saturating_add(MAX_RETRY_AFTER);
        }
    }

    proptest::proptest! {
        // Failures print their input; nothing is written beside the crate.
        #![proptest_config(proptest::test_runner::Config {
            failure_persistence: None,
            ..Default::default()
        })]

        /// Whatever bytes a server puts in `Retry-After`, reading them ends
        /// in no wait or a bounded one, never in a panic.
        #[test]
        fn any_retry_after_is_bounded(value in proptest::collection::vec(proptest::num::u8::ANY, 0..48)) {
            if let Ok(value) = HeaderValue::from_bytes(&value) {
                let mut headers = HeaderMap::new();
                headers.insert(RETRY_AFTER, value);
                if let Some(wait) = retry_after(&headers) {
                    proptest::prop_assert!(wait <= MAX_RETRY_AFTER);
                }
            }
        }

        /// A number of seconds of any size, padded or not, is read as
        /// itself up to the bound.
        #[test]
        fn seconds_of_any_size_are_read_up_to_the_bound(
            seconds in proptest::prop_oneof![
                0u128..200_000,
                proptest::num::u64::ANY.prop_map(u128::from),
                proptest::num::u128::ANY,
            ],
            pad in 0usize..3,
        ) {
            let spaces = " ".repeat(pad);
            let text = format!("{spaces}{seconds}{spaces}");
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, HeaderValue::from_str(&text).unwrap());
            let expected = u64::try_from(seconds)
                .map(Duration::from_secs)
                .unwrap_or(MAX_RETRY_AFTER)
                .min(MAX_RETRY_AFTER);
            proptest::prop_assert_eq!(retry_after(&headers), Some(expected));
        }

        /// An HTTP date, past or as far ahead as the format goes, is read
        /// as the time until it, within the bound.
        #[test]
        fn dates_are_read_as_the_time_until_them(seconds in 0u64..253_402_300_800) {
            let when = SystemTime::UNIX_EPOCH + Duration::from_secs(seconds);
            let mut headers = HeaderMap::new();
            headers.insert(
                RETRY_AFTER,
                HeaderValue::from_str(&httpdate::fmt_http_date(when)).unwrap(),
            );
            let before = when.duration_since(SystemTime::now()).unwrap_or_default();
            let wait = retry_after(&headers).unwrap();
            proptest::prop_assert!(wait <= MAX_RETRY_AFTER);
            proptest::prop_assert!(wait <= before.min(MAX_RETRY_AFTER));
            proptest::prop_assert!(before.min(MAX_RETRY_AFTER).saturating_sub(wait) < Duration::from_secs(2));
        }
    }

    #[test]
    fn only_idempotent_calls_retry_unless_asked() {
        let policy = RetryPolicy::default();
        assert!(policy.allows(1, true));
        assert!(!policy.allows(1, false));
        assert!(!policy.allows(3, true));
        assert!(RetryPolicy {
            retry_non_idempotent: true,
            ..policy
        }
        .allows(1, false));
    }
}
