//! Retransmission timing (RFC 9915 §15) and the protocol constants of §7.6.
//!
//! RT for the first message is IRT + RAND*IRT; each next one is
//! 2*RTprev + RAND*RTprev, capped at MRT + RAND*MRT. RAND is uniform in
//! [-0.1, +0.1], except for the first Solicit, where it is strictly
//! positive so the first RT is strictly greater than IRT (§18.2.1). The
//! exchange ends after MRC transmissions or MRD of time, whichever first.

use core::time::Duration;

use super::rng::Rng;
use crate::time::Instant;

/// IRT, MRT, MRC and MRD of one message type; zero means "no limit".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    pub irt: Duration,
    pub mrt: Duration,
    pub mrc: u32,
    pub mrd: Duration,
}

const fn s(secs: u64) -> Duration {
    Duration::from_secs(secs)
}

const fn p(irt: u64, mrt: u64, mrc: u32, mrd: u64) -> Params {
    Params {
        irt: s(irt),
        mrt: s(mrt),
        mrc,
        mrd: s(mrd),
    }
}

// RFC 9915 §7.6. MRT of Solicit and Information-Request come from the
// client's configuration (SOL_MAX_RT, INF_MAX_RT); Renew and Rebind get
// their MRD from T2 and the valid lifetimes.
pub const SOL_MAX_DELAY: Duration = s(1);
pub const SOLICIT: Params = p(1, 3600, 0, 0);
pub const REQUEST: Params = p(1, 30, 10, 0);
pub const CONFIRM: Params = p(1, 4, 0, 10);
pub const CNF_MAX_DELAY: Duration = s(1);
pub const RENEW: Params = p(10, 600, 0, 0);
pub const REBIND: Params = p(10, 600, 0, 0);
pub const INFORMATION_REQUEST: Params = p(1, 3600, 0, 0);
pub const RELEASE: Params = p(1, 0, 4, 0);
pub const DECLINE: Params = p(1, 0, 4, 0);
/// OPTION_INFORMATION_REFRESH_TIME default and floor (§21.23).
pub const IRT_DEFAULT: u32 = 86400;
pub const IRT_MINIMUM: u32 = 600;
/// Bounds the server may set SOL_MAX_RT / INF_MAX_RT within (§21.24-25).
pub const MAX_RT_RANGE: core::ops::RangeInclusive<u32> = 60..=86400;
/// Where an uncapped RT (MRT 0, odhcp6c's `-t 0`) stops growing: 136
/// years, "never" for a router, and far from overflowing the arithmetic.
const RT_CEILING: Duration = s(u32::MAX as u64);

/// One exchange's retransmission state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retransmit {
    params: Params,
    /// When the first transmission went (or will go) out; Elapsed Time
    /// and MRD count from here.
    pub start: Instant,
    /// When the next transmission is due.
    pub next: Instant,
    /// Current RT.
    pub rt: Duration,
    /// Transmissions so far.
    pub count: u32,
    first_solicit: bool,
}

/// RAND*base for RAND uniform in [-0.1, 0.1] (or (0, 0.1] if `positive`).
fn jitter(base: Duration, rng: &mut Rng, positive: bool) -> (Duration, bool) {
    let ms = crate::time::millis(base);
    let span = ms / 10;
    if positive {
        // (0, 0.1]: at least 1 ms so the first RT is strictly above IRT.
        let j = 1 + rng.below(span.max(1));
        return (Duration::from_millis(j), true);
    }
    let j = rng.below(2 * span + 1);
    if j >= span {
        (Duration::from_millis(j - span), true)
    } else {
        (Duration::from_millis(span - j), false)
    }
}

fn randomize(base: Duration, rng: &mut Rng, positive: bool) -> Duration {
    match jitter(base, rng, positive) {
        (j, true) => base + j,
        (j, false) => base.saturating_sub(j),
    }
}

impl Retransmit {
    /// A new exchange whose first message goes out at `first_tx`.
    pub fn new(params: Params, first_tx: Instant, first_solicit: bool) -> Self {
        Retransmit {
            params,
            start: first_tx,
            next: first_tx,
            rt: Duration::ZERO,
            count: 0,
            first_solicit,
        }
    }

    pub fn params(&self) -> Params {
        self.params
    }

    /// Record a transmission at `now` and schedule the next one (or, once
    /// MRD is near, the moment the caller gives up).
    pub fn on_transmit(&mut self, now: Instant, rng: &mut Rng) {
        let Params { irt, mrt, mrd, .. } = self.params;
        if self.count == 0 {
            self.start = now;
            self.rt = randomize(irt, rng, self.first_solicit);
        } else {
            let (j, up) = jitter(self.rt, rng, false);
            let doubled = self.rt.saturating_mul(2);
            self.rt = if up {
                doubled.saturating_add(j)
            } else {
                doubled.saturating_sub(j)
            };
            if !mrt.is_zero() && self.rt > mrt {
                self.rt = randomize(mrt, rng, false);
            }
            self.rt = self.rt.min(RT_CEILING);
        }
        self.count = self.count.saturating_add(1);
        self.next = now + self.rt;
        if !mrd.is_zero() {
            let end = self.start + mrd;
            if self.next > end {
                self.next = end;
            }
        }
    }

    /// Is the exchange over at `now` (MRC sent and last RT elapsed, or
    /// MRD elapsed, even if nothing could be sent: a rate-limited Release
    /// at stop must still end within its budget)?
    pub fn exhausted(&self, now: Instant) -> bool {
        let Params { mrc, mrd, .. } = self.params;
        (mrc != 0 && self.count >= mrc && now >= self.next)
            || (!mrd.is_zero() && now >= self.start + mrd)
    }

    /// Elapsed Time option value: hundredths since the first
    /// transmission, 0 for the first one, capped at 0xffff (§21.9).
    pub fn elapsed(&self, now: Instant) -> u16 {
        if self.count == 0 {
            return 0;
        }
        let cs = crate::time::millis(now.since(self.start)) / 10;
        u16::try_from(cs).unwrap_or(u16::MAX)
    }

    pub fn set_mrd(&mut self, mrd: Duration) {
        self.params.mrd = mrd;
    }

    pub fn set_mrt(&mut self, mrt: Duration) {
        self.params.mrt = mrt;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(params: Params, first_solicit: bool, seed: u64, n: usize) -> Vec<Duration> {
        let mut rng = Rng::new(seed);
        let mut r = Retransmit::new(params, Instant::ZERO, first_solicit);
        let mut now = Instant::ZERO;
        let mut rts = Vec::new();
        for _ in 0..n {
            r.on_transmit(now, &mut rng);
            rts.push(r.rt);
            now = r.next;
        }
        rts
    }

    #[test]
    fn first_solicit_rt_strictly_above_irt() {
        for seed in 0..2000 {
            let rt = run(SOLICIT, true, seed, 1)[0];
            assert!(
                rt > SOLICIT.irt && rt <= Duration::from_millis(1100),
                "{rt:?}"
            );
        }
    }

    #[test]
    fn growth_and_cap_within_rand_bounds() {
        let params = Params {
            mrt: Duration::from_secs(120),
            ..SOLICIT
        };
        for seed in 0..200 {
            let rts = run(params, false, seed, 12);
            assert!(rts[0] >= Duration::from_millis(900) && rts[0] <= Duration::from_millis(1100));
            for w in rts.windows(2) {
                let (prev, rt) = (w[0].as_millis() as f64, w[1].as_millis() as f64);
                let capped = (108_000.0..=132_000.0).contains(&rt);
                let grown = rt >= 1.9 * prev - 1.0 && rt <= 2.1 * prev + 1.0;
                assert!(capped || grown, "seed {seed}: {prev} -> {rt}");
                assert!(rt <= 132_000.0);
            }
            assert!(rts[11] >= Duration::from_secs(108));
        }
    }

    #[test]
    fn mrc_ends_request_after_ten() {
        let mut rng = Rng::new(7);
        let mut r = Retransmit::new(REQUEST, Instant::ZERO, false);
        let mut now = Instant::ZERO;
        for i in 0..10 {
            assert!(!r.exhausted(now), "at {i}");
            r.on_transmit(now, &mut rng);
            now = r.next;
        }
        assert!(r.exhausted(now));
        assert!(r.rt <= Duration::from_secs(33));
    }

    #[test]
    fn mrd_bounds_confirm_and_elapsed_caps() {
        let mut rng = Rng::new(3);
        let mut r = Retransmit::new(CONFIRM, Instant::from_secs(5), false);
        let mut now = Instant::from_secs(5);
        assert_eq!(r.elapsed(now), 0);
        while !r.exhausted(now) {
            r.on_transmit(now, &mut rng);
            assert!(r.next <= Instant::from_secs(15));
            now = r.next;
        }
        assert_eq!(now, Instant::from_secs(15));
        assert_eq!(r.elapsed(Instant::from_secs(6)), 100);
        assert_eq!(r.elapsed(Instant::from_secs(5000)), 0xffff);
    }
}
