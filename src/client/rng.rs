//! The client's only source of randomness: a small PRNG the caller seeds
//! (from getrandom/urandom in the daemon, a constant in tests), so every
//! run on a simulated clock is reproducible.

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, good enough for
/// transaction ids and retransmission jitter, which need unpredictability
/// to off-path observers, not cryptographic strength.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    // Not inlined: two 64-bit multiplications are long on a 32-bit CPU.
    #[inline(never)]
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, n); 0 when n is 0.
    #[inline(never)]
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Multiply-shift: bias below 2^-64 * n, irrelevant here.
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A fresh 24-bit transaction id (RFC 9915 §16.1).
    pub fn xid(&mut self) -> [u8; 3] {
        let v = self.next_u64().to_be_bytes();
        [v[0], v[1], v[2]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_is_in_range_and_spread() {
        let mut r = Rng::new(42);
        let mut seen = [0u32; 10];
        for _ in 0..10_000 {
            let v = r.below(10);
            seen[v as usize] += 1;
        }
        assert!(seen.iter().all(|&n| (800..1200).contains(&n)), "{seen:?}");
        assert_eq!(r.below(0), 0);
        assert_ne!(Rng::new(1).xid(), Rng::new(2).xid());
    }
}
