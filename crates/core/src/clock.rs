//! Time and waiting behind small traits, so rules never read the clock and tests never really sleep.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use time::OffsetDateTime;

/// A boxed future, for the object-safe I/O traits of the sign-in and Graph layers.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where "now" comes from (UTC).
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that always says the same instant (tests, and replaying recorded evidence).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub OffsetDateTime);

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}

/// Waiting: Graph's `Retry-After`, backoff between retries, the device-code polling interval.
pub trait Sleeper: Send + Sync {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()>;
}

/// Sleeps on the tokio timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A sleeper that returns at once and remembers every wait it was asked for, so tests can assert on them.
#[derive(Debug, Default)]
pub struct RecordingSleeper {
    waits: std::sync::Mutex<Vec<Duration>>,
}

impl RecordingSleeper {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every wait requested so far, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.waits
            .lock()
            .map(|waits| waits.clone())
            .unwrap_or_default()
    }
}

impl Sleeper for RecordingSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        if let Ok(mut waits) = self.waits.lock() {
            waits.push(duration);
        }
        // Yield once so a polling loop cannot starve other tasks in a test.
        Box::pin(tokio::task::yield_now())
    }
}

/// Time that moves only when told to (tests): `sleep` moves it by the time asked for, remembers the wait and
/// returns at once; `advance` moves it by hand (a request that takes a while).
#[derive(Debug)]
pub struct ManualClock {
    now: std::sync::Mutex<OffsetDateTime>,
    waits: std::sync::Mutex<Vec<Duration>>,
}

impl ManualClock {
    pub fn new(start: OffsetDateTime) -> Self {
        Self {
            now: std::sync::Mutex::new(start),
            waits: std::sync::Mutex::default(),
        }
    }

    pub fn advance(&self, by: Duration) {
        if let Ok(mut now) = self.now.lock() {
            *now += by;
        }
    }

    /// Every wait requested so far, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.waits
            .lock()
            .map(|waits| waits.clone())
            .unwrap_or_default()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        self.now
            .lock()
            .map(|now| *now)
            .unwrap_or_else(|poisoned| *poisoned.into_inner())
    }
}

impl Sleeper for ManualClock {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        self.advance(duration);
        if let Ok(mut waits) = self.waits.lock() {
            waits.push(duration);
        }
        Box::pin(tokio::task::yield_now())
    }
}
