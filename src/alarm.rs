//! Wakes the event loop at the next deadline on CLOCK_BOOTTIME.
//!
//! poll(2)'s timeout runs on CLOCK_MONOTONIC, which stops while the
//! system is suspended: a router that sleeps through T1 would renew that
//! much late, or hold an address past its valid lifetime. A timerfd armed
//! at an absolute CLOCK_BOOTTIME time fires at resume instead. timerfd
//! learned CLOCK_BOOTTIME in Linux 3.15; on older kernels (3.10 vendor
//! trees) `Alarm` is inert and poll's timeout alone wakes the loop, which
//! is right whenever the system doesn't suspend.

use core::time::Duration;
use std::os::fd::{AsFd, BorrowedFd};

use nix::sys::time::TimeSpec;
use nix::sys::timerfd::{ClockId, Expiration, TimerFd, TimerFlags, TimerSetTimeFlags};

use crate::time::Instant;

pub struct Alarm {
    fd: Option<TimerFd>,
    /// The deadline armed now: the loop asks once per wake-up, mostly for
    /// the same one, and that needs no syscall.
    armed: Option<Instant>,
}

impl Alarm {
    pub fn open() -> Self {
        let fd = TimerFd::new(
            ClockId::CLOCK_BOOTTIME,
            TimerFlags::TFD_NONBLOCK | TimerFlags::TFD_CLOEXEC,
        );
        if let Err(e) = &fd {
            let e = std::io::Error::from(*e);
            // Once at start, at the default level: a router that suspends
            // should know its timers will run late (Linux < 3.15: EINVAL).
            log::info!(
                "no CLOCK_BOOTTIME timerfd ({e}): timers follow poll's CLOCK_MONOTONIC, late after a suspend"
            );
        }
        Alarm {
            fd: fd.ok(),
            armed: None,
        }
    }

    /// Arm for `at` (an `event_loop::now()` time, so CLOCK_BOOTTIME), or
    /// disarm. Re-arming also clears an expiry not yet read; an expired
    /// deadline that stays the next one is still due, so the loop handles
    /// it before it could poll again.
    pub fn set(&mut self, at: Option<Instant>) {
        let Some(fd) = &self.fd else { return };
        if at == self.armed {
            return;
        }
        self.armed = at;
        let r = match at {
            // TimeSpec 0 would disarm: an already-due deadline gets 1 ns.
            Some(at) => fd.set(
                Expiration::OneShot(
                    TimeSpec::from_duration(Duration::from_millis(at.as_millis()))
                        .max(TimeSpec::new(0, 1)),
                ),
                TimerSetTimeFlags::TFD_TIMER_ABSTIME,
            ),
            None => fd.unset(),
        };
        if let Err(e) = r {
            log::debug!("timerfd: {}", std::io::Error::from(e));
        }
    }

    /// The descriptor to poll, if there is one.
    pub fn fd(&self) -> Option<BorrowedFd<'_>> {
        self.fd.as_ref().map(|f| f.as_fd())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event_loop::now;
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};

    fn ready(a: &Alarm, ms: u16) -> bool {
        let mut p = [PollFd::new(a.fd().unwrap(), PollFlags::POLLIN)];
        poll(&mut p, PollTimeout::from(ms)).unwrap() == 1
    }

    #[test]
    fn fires_at_the_boottime_deadline_and_rearming_clears_it() {
        let mut a = Alarm::open();
        if a.fd().is_none() {
            // Only kernels before 3.15; CI runs on newer ones.
            panic!("no CLOCK_BOOTTIME timerfd on this kernel");
        }
        a.set(Some(now() + Duration::from_millis(30)));
        assert!(!ready(&a, 5), "fired early");
        assert!(ready(&a, 500), "did not fire");
        // A past deadline fires at once; disarming clears it.
        a.set(Some(now() - Duration::from_millis(1)));
        assert!(ready(&a, 100));
        a.set(None);
        assert!(!ready(&a, 20));
        a.set(Some(now() + Duration::from_secs(3600)));
        assert!(!ready(&a, 20));
    }
}
