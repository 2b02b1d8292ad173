//! RFC 9915 §14.1: a client MUST rate-limit what it sends, so a logic
//! loop (an answer it doesn't like, back to Solicit, the same answer…)
//! can't become a flood. At most `LIMIT` messages in any `WINDOW`: the
//! times of the last `LIMIT` transmissions are kept, and the next one
//! waits until the oldest of them is `WINDOW` old.

use core::time::Duration;

use heapless::Deque;

use crate::time::Instant;

pub const LIMIT: usize = 20;
pub const WINDOW: Duration = Duration::from_secs(20);

#[derive(Clone, Debug, Default)]
pub struct RateLimit {
    sent: Deque<Instant, LIMIT>,
}

impl RateLimit {
    /// `None` if a message may go at `now`, else the first moment it may.
    pub fn check(&self, now: Instant) -> Option<Instant> {
        let oldest = *self.sent.front().filter(|_| self.sent.is_full())?;
        let free = oldest + WINDOW;
        (now < free).then_some(free)
    }

    /// A message went out at `now`.
    pub fn record(&mut self, now: Instant) {
        if self.sent.is_full() {
            self.sent.pop_front();
        }
        let _ = self.sent.push_back(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_in_any_twenty_seconds() {
        let mut r = RateLimit::default();
        let ms = Instant::from_millis;
        for i in 0..20 {
            let now = ms(100_000 + i * 100);
            assert_eq!(r.check(now), None, "message {i}");
            r.record(now);
        }
        // The 21st waits until the first is 20 s old, the 22nd until the
        // second is: the window slides.
        assert_eq!(r.check(ms(102_000)), Some(ms(120_000)));
        assert_eq!(r.check(ms(120_000)), None);
        r.record(ms(120_000));
        assert_eq!(r.check(ms(120_050)), Some(ms(120_100)));
        // Sparse traffic never waits.
        let mut r = RateLimit::default();
        for s in 0..100 {
            let now = Instant::from_secs(s * 2);
            assert_eq!(r.check(now), None);
            r.record(now);
        }
    }
}
