//! Monotonic time as the client sees it.
//!
//! The event loop reads CLOCK_BOOTTIME (it keeps counting across suspend,
//! and NTP steps don't move it), the tests a simulated clock; the client
//! only ever compares and adds.

use core::ops::{Add, Sub};
use core::time::Duration;

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
        let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        Instant(self.0.saturating_add(ms))
    }
}

impl Sub<Duration> for Instant {
    type Output = Instant;
    fn sub(self, d: Duration) -> Instant {
        let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        Instant(self.0.saturating_sub(ms))
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
    }
}
