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

/// A week: more skew than that is a typo, not a clock.
pub(crate) const MAX_CLOCK_SKEW_SECONDS: i64 = 7 * 24 * 3600;

/// The server's view of time ("Microsoft's clock"): an underlying clock, plus how far the control API moved it
/// forward (`POST /sim/control/clock/advance`, so a running `lifeboat-sim` binary can expire device codes too),
/// plus a skew that makes Microsoft's clock disagree with the machine's (scenario `clock_skew_seconds`,
/// `POST /sim/control/clock/skew`).
pub(crate) struct SimClock {
    base: std::sync::Arc<dyn Clock>,
    offsets: Mutex<Offsets>,
}

#[derive(Clone, Copy)]
struct Offsets {
    advanced: Duration,
    skew: Duration,
}

impl SimClock {
    pub(crate) fn new(base: std::sync::Arc<dyn Clock>, skew: Duration) -> Self {
        Self {
            base,
            offsets: Mutex::new(Offsets {
                advanced: Duration::ZERO,
                skew,
            }),
        }
    }

    fn offsets(&self) -> std::sync::MutexGuard<'_, Offsets> {
        self.offsets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn now(&self) -> OffsetDateTime {
        let offsets = *self.offsets();
        self.base.now() + offsets.advanced + offsets.skew
    }

    pub(crate) fn advance(&self, by: Duration) {
        self.offsets().advanced += by;
    }

    /// Replaces the skew (not added to the previous one): the clock may step back by the difference. Kept
    /// within a week either way, so no date arithmetic can overflow.
    pub(crate) fn set_skew(&self, skew: Duration) {
        let limit = Duration::seconds(MAX_CLOCK_SKEW_SECONDS);
        self.offsets().skew = skew.clamp(-limit, limit);
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`: the HTTP `Date` header (RFC 9110 §5.6.7, IMF-fixdate).
pub(crate) fn http_date(at: OffsetDateTime) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[usize::from(at.weekday().number_days_from_monday())],
        at.day(),
        MONTHS[usize::from(u8::from(at.month()) - 1)],
        at.year(),
        at.hour(),
        at.minute(),
        at.second()
    )
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
    fn http_dates_are_imf_fixdates() {
        // RFC 9110's own example, and a date whose day and month need padding and a leap day.
        assert_eq!(
            http_date(datetime!(1994-11-06 08:49:37 UTC)),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
        assert_eq!(
            http_date(datetime!(2028-02-29 23:05:09 +02:00)),
            "Tue, 29 Feb 2028 21:05:09 GMT"
        );
    }

    #[test]
    fn skew_is_replaced_and_advance_accumulates() {
        let base = std::sync::Arc::new(ManualClock::new(datetime!(2026-01-01 00:00 UTC)));
        let clock = SimClock::new(base.clone(), Duration::minutes(-5));
        assert_eq!(clock.now(), datetime!(2025-12-31 23:55 UTC));
        clock.advance(Duration::minutes(10));
        clock.advance(Duration::minutes(10));
        clock.set_skew(Duration::seconds(30));
        assert_eq!(clock.now(), datetime!(2026-01-01 00:20:30 UTC));
        base.advance(Duration::hours(1));
        assert_eq!(clock.now(), datetime!(2026-01-01 01:20:30 UTC));
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::new(datetime!(2026-01-01 00:00 UTC));
        assert_eq!(clock.now(), datetime!(2026-01-01 00:00 UTC));
        clock.advance(Duration::minutes(15));
        assert_eq!(clock.now(), datetime!(2026-01-01 00:15 UTC));
    }
}
