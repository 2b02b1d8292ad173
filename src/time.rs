//! Monotonic time as the client sees it.
//!
//! The event loop reads CLOCK_BOOTTIME (it keeps counting across suspend,
//! and NTP steps don't move it), the tests a simulated clock; the client
//! only ever compares and adds.

use core::ops::{Add, Sub};
use core::time::Duration;

/// `d` in whole milliseconds, saturating: what `Duration::as_millis` gives
/// below 2^64, without its u128 arithmetic (long on a 32-bit CPU).
pub fn millis(d: Duration) -> u64 {
    d.as_secs()
        .saturating_mul(1000)
        .saturating_add(u64::from(d.subsec_millis()))
}

/// Milliseconds since an arbitrary epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(u64);

impl Instant {
    pub const ZERO: Instant = Instant(0);

    pub const fn from_millis(ms: u64) -> Self {
        Instant(ms)
    }

    pub const fn from_secs(s: u64) -> Self {
        Instant(s * 1000)
    }

    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// Time from `earlier` to `self`, zero if `earlier` is later.
    pub fn since(self, earlier: Instant) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0))
    }
}

impl Add<Duration> for Instant {
    type Output = Instant;
    fn add(self, d: Duration) -> Instant {
        Instant(self.0.saturating_add(millis(d)))
    }
}

impl Sub<Duration> for Instant {
    type Output = Instant;
    fn sub(self, d: Duration) -> Instant {
        Instant(self.0.saturating_sub(millis(d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_saturates() {
        let t = Instant::from_secs(5);
        assert_eq!((t + Duration::from_millis(1500)).as_millis(), 6500);
        assert_eq!(t.since(Instant::from_secs(7)), Duration::ZERO);
        assert_eq!((t - Duration::from_secs(9)), Instant::ZERO);
        assert_eq!((t + Duration::MAX).as_millis(), u64::MAX);
        for d in [0, 1, 999, 1000, 1001, 86_400_000, u64::MAX / 1000] {
            let d = Duration::from_millis(d);
            assert_eq!(u128::from(millis(d)), d.as_millis());
        }
        assert_eq!(millis(Duration::from_nanos(1_999_999)), 1);
        assert_eq!(millis(Duration::MAX), u64::MAX);
    }
}
