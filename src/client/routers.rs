//! What the client remembers of Router Advertisements: which routers ask
//! for DHCPv6 and which prefixes are on the link. RAs repeat for days;
//! the client must react to a change (a router appears or starts asking,
//! a prefix comes or is deprecated, RFC 9915 §18.2.12), not to every copy
//! of the same RA. Fixed capacity: the oldest entry makes room.

use core::net::Ipv6Addr;

use heapless::Vec as HVec;

use crate::ra::RaPrefix;

pub const MAX_ROUTERS: usize = 8;
pub const MAX_PREFIXES: usize = 16;

/// What one RA changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// The router is new, or asks for DHCPv6 service where its last RA
    /// didn't.
    pub asks_anew: bool,
    /// A prefix appeared or was deprecated (preferred lifetime 0). The
    /// first RA ever seen changes nothing: there was nothing to compare.
    pub prefixes: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Routers {
    /// (router, whether its last RA asked for DHCPv6 service).
    routers: HVec<(Ipv6Addr, bool), MAX_ROUTERS>,
    /// (prefix, length, deprecated).
    prefixes: HVec<(Ipv6Addr, u8, bool), MAX_PREFIXES>,
    seen_any: bool,
}

fn push_evicting<T, const N: usize>(v: &mut HVec<T, N>, x: T) {
    if v.is_full() {
        v.remove(0);
    }
    let _ = v.push(x);
}

impl Routers {
    /// Record an RA from `router` (`::` when the source isn't known) that
    /// does or doesn't `ask` for DHCPv6 service.
    pub fn note(&mut self, router: Ipv6Addr, asks: bool, prefixes: &[RaPrefix]) -> Change {
        let mut ch = Change::default();
        match self.routers.iter_mut().find(|(r, _)| *r == router) {
            Some((_, a)) => {
                ch.asks_anew = asks && !*a;
                *a = asks;
            }
            None => {
                ch.asks_anew = asks;
                push_evicting(&mut self.routers, (router, asks));
            }
        }
        for p in prefixes {
            let deprecated = p.preferred == 0;
            match self
                .prefixes
                .iter_mut()
                .find(|(a, l, _)| *a == p.prefix && *l == p.len)
            {
                Some((_, _, d)) => {
                    ch.prefixes |= deprecated && !*d;
                    *d = deprecated;
                }
                None => {
                    ch.prefixes |= self.seen_any;
                    push_evicting(&mut self.prefixes, (p.prefix, p.len, deprecated));
                }
            }
        }
        self.seen_any = true;
        ch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pio(p: &str, preferred: u32) -> RaPrefix {
        RaPrefix {
            prefix: p.parse().unwrap(),
            len: 64,
            on_link: true,
            autonomous: true,
            pd_preferred: false,
            valid: 7200,
            preferred,
        }
    }

    #[test]
    fn only_changes_count() {
        let mut r = Routers::default();
        let a: Ipv6Addr = "fe80::1".parse().unwrap();
        let b: Ipv6Addr = "fe80::2".parse().unwrap();
        let p = [pio("2001:db8:1::", 3600)];
        let first = r.note(a, true, &p);
        assert_eq!(
            first,
            Change {
                asks_anew: true,
                prefixes: false
            }
        );
        // The same RA again, for days: nothing.
        for _ in 0..1000 {
            assert_eq!(r.note(a, true, &p), Change::default());
        }
        // Stops asking, asks again.
        assert_eq!(r.note(a, false, &p), Change::default());
        assert!(r.note(a, true, &p).asks_anew);
        // Another router, and a new prefix; a router splitting its options
        // over RAs (no PIO in this one) removes nothing.
        assert!(r.note(b, true, &[]).asks_anew);
        assert!(r.note(b, false, &[pio("2001:db8:2::", 3600)]).prefixes);
        assert!(!r.note(a, true, &[]).prefixes);
        // Deprecated, then again: once.
        assert!(r.note(a, true, &[pio("2001:db8:1::", 0)]).prefixes);
        assert!(!r.note(a, true, &[pio("2001:db8:1::", 0)]).prefixes);
        // Full: the oldest goes, nothing grows.
        for i in 0..100u16 {
            let src = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, i + 10);
            let p = [pio(&format!("2001:db8:{i:x}::"), 100)];
            r.note(src, false, &p);
        }
        assert_eq!(r.routers.len(), MAX_ROUTERS);
        assert_eq!(r.prefixes.len(), MAX_PREFIXES);
    }
}
