//! When and how long to wait before trying a Graph call again (docs/MICROSOFT.md §5.2): 429 waits `Retry-After`
//! (seconds, fractional allowed); 5xx and lost connections back off exponentially with jitter, capped.

use std::time::Duration;

use crate::config::RetryPolicy;

/// `Retry-After` as seconds (`2.128`) or an HTTP date; only the seconds form is used by Graph. Negative,
/// non-finite and unparsable values are ignored.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let seconds: f64 = value.trim().parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds.min(86_400.0)))
}

/// Backoff before retry number `retry` (1 for the first retry): `base · 2^(retry-1)`, capped at `max_delay`,
/// then scaled by `jitter` in [0, 1] into [half, full] of that step ("equal jitter"), so many accounts that
/// failed together do not retry together.
pub fn backoff(policy: &RetryPolicy, retry: u32, jitter: f64) -> Duration {
    let exponent = retry.saturating_sub(1).min(20);
    let step = policy
        .base_delay
        .saturating_mul(1u32 << exponent)
        .min(policy.max_delay);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        1.0
    };
    step.mul_f64(0.5 + 0.5 * jitter)
}

/// Whether a status is worth another attempt.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// A random number in [0, 1) from the OS; 1.0 (no jitter reduction) if the OS has none to give.
pub fn random_jitter() -> f64 {
    let mut bytes = [0u8; 4];
    match getrandom::fill(&mut bytes) {
        Ok(()) => f64::from(u32::from_le_bytes(bytes)) / (f64::from(u32::MAX) + 1.0),
        Err(_) => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn retry_after_accepts_fractional_seconds() {
        assert_eq!(
            parse_retry_after("2.128"),
            Some(Duration::from_millis(2128))
        );
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("0"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("NaN"), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(4),
            ..RetryPolicy::default()
        };
        assert_eq!(backoff(&policy, 1, 1.0), Duration::from_millis(500));
        assert_eq!(backoff(&policy, 2, 1.0), Duration::from_secs(1));
        assert_eq!(backoff(&policy, 3, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(&policy, 4, 1.0), Duration::from_secs(4));
        assert_eq!(backoff(&policy, 30, 1.0), Duration::from_secs(4));
        assert_eq!(backoff(&policy, 1, 0.0), Duration::from_millis(250));
    }

    proptest! {
        #[test]
        fn backoff_stays_between_half_step_and_cap(retry in 1u32..100, jitter in proptest::num::f64::ANY) {
            let policy = RetryPolicy::default();
            let delay = backoff(&policy, retry, jitter);
            prop_assert!(delay <= policy.max_delay);
            prop_assert!(delay >= policy.base_delay / 2);
        }

        #[test]
        fn retry_after_never_panics(text in "\\PC{0,40}") {
            let _ = parse_retry_after(&text);
        }
    }

    #[test]
    fn jitter_is_a_fraction() {
        for _ in 0..100 {
            let jitter = random_jitter();
            assert!((0.0..=1.0).contains(&jitter));
        }
    }
}
