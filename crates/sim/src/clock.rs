//! Time source of the simulator. Expiry rules (codes, tokens, device codes, TAP validity) read the clock
//! through this trait, so tests move time forward instead of sleeping.

use std::sync::Mutex;

use time::{Duration, OffsetDateTime};

/// Where the simulator reads "now" from.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> OffsetDateTime;
}

/// The machine's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that only moves when told to.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<OffsetDateTime>,
}

impl ManualClock {
    pub fn new(start: OffsetDateTime) -> Self {
        Self {
            now: Mutex::new(start),
        }
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *now += by;
    }

    pub fn set(&self, to: OffsetDateTime) {
        *self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The server's view of time: an underlying clock plus the offset that the control API
/// (`POST /sim/control/clock/advance`) adds, so a running `lifeboat-sim` binary can expire device codes too.
pub(crate) struct SimClock {
    base: std::sync::Arc<dyn Clock>,
    offset: Mutex<Duration>,
}

impl SimClock {
    pub(crate) fn new(base: std::sync::Arc<dyn Clock>) -> Self {
        Self {
            base,
            offset: Mutex::new(Duration::ZERO),
        }
    }

    pub(crate) fn now(&self) -> OffsetDateTime {
        self.base.now()
            + *self
                .offset
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn advance(&self, by: Duration) {
        *self
            .offset
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) += by;
    }
}

/// `2026-09-14 08:03:11Z`: the `timestamp` format of Entra error bodies (docs/MICROSOFT.md §1.8).
pub(crate) fn entra_timestamp(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// `2026-09-14T08:03:11`: the `innerError.date` format of Graph error bodies (fixtures graph-error-*.json).
pub(crate) fn graph_error_date(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// `2026-09-14T08:00:00Z`: Graph's DateTimeOffset values.
pub(crate) fn graph_datetime(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!("{}Z", graph_error_date(at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn formats_match_the_fixtures() {
        let at = datetime!(2026-09-14 08:03:11 UTC);
        assert_eq!(entra_timestamp(at), "2026-09-14 08:03:11Z");
        assert_eq!(graph_error_date(at), "2026-09-14T08:03:11");
        assert_eq!(graph_datetime(at), "2026-09-14T08:03:11Z");
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::new(datetime!(2026-01-01 00:00 UTC));
        assert_eq!(clock.now(), datetime!(2026-01-01 00:00 UTC));
        clock.advance(Duration::minutes(15));
        assert_eq!(clock.now(), datetime!(2026-01-01 00:15 UTC));
    }
}
