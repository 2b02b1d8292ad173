//! IA bookkeeping: what a server gave us and until when.
//!
//! Lifetimes are stored as the server sent them, counted from the moment
//! the Reply arrived (`Lease::obtained`); `remaining()` turns them into
//! what is left at a given time, which is what the script and the kernel
//! want. Every list has a fixed capacity: a server can't grow our memory.

use core::net::Ipv6Addr;
use core::time::Duration;

use heapless::Vec as HVec;

use super::Duid;
use super::config::MAX_IA_PD;
use crate::time::Instant;

/// 0xffffffff: "infinity" (RFC 9915 §7.7).
pub const INFINITY: u32 = u32::MAX;

pub const MAX_ADDRS: usize = 8;
pub const MAX_PREFIXES: usize = 8;
pub const MAX_SERVERS: usize = 8;
pub const MAX_DOMAINS: usize = 8;
/// RFC 1035 limit for a presentation-format name.
pub const DOMAIN_LEN: usize = 253;
/// Octets of raw options kept for the script: odhcp6c keeps up to 1024
/// per kind (odhcp6c.c `odhcp6c_resize_state`), and the kinds here share
/// one buffer (PASSTHRU, OPTION_<n>, S46, AFTR, SIP, captive portal).
pub const RAW_LEN: usize = 2048;

/// An address (IA_NA, len 128) or a delegated prefix (IA_PD).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leased {
    pub addr: Ipv6Addr,
    pub len: u8,
    pub preferred: u32,
    pub valid: u32,
    /// RFC 6603 prefix exclude, PD only.
    pub excluded: Option<(Ipv6Addr, u8)>,
}

/// Which IA: its type and IAID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IaId {
    pub pd: bool,
    pub iaid: u32,
}

/// A set of IAs (an IA_NA and the IA_PDs).
pub type IaSet = HVec<IaId, { 1 + MAX_IA_PD }>;

/// One IA as bound: its IAID, timers and leases.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Binding {
    pub iaid: u32,
    /// As sent by the server; 0 means "client's choice" (see `Lease::t1`).
    pub t1: u32,
    pub t2: u32,
    pub leases: HVec<Leased, MAX_ADDRS>,
    /// What the latest Reply withdrew (valid lifetime 0): the script lists
    /// such a prefix once with lifetimes 0, as odhcp6c does, so the LAN
    /// side stops announcing it now rather than when it would expire.
    pub withdrawn: HVec<(Ipv6Addr, u8), MAX_ADDRS>,
}

/// Configuration options from a Reply (stateful or stateless).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Info {
    pub dns: HVec<Ipv6Addr, MAX_SERVERS>,
    pub domains: HVec<heapless::String<DOMAIN_LEN>, MAX_DOMAINS>,
    pub ntp_ip: HVec<Ipv6Addr, MAX_SERVERS>,
    pub ntp_fqdn: HVec<heapless::String<DOMAIN_LEN>, MAX_DOMAINS>,
    pub sntp: HVec<Ipv6Addr, MAX_SERVERS>,
    /// OPTION_INFORMATION_REFRESH_TIME, seconds.
    pub refresh: Option<u32>,
    /// The message's own options the script renders from their bytes, as
    /// received (code, length, data; in order): everything but the IAs
    /// and the few odhcp6c neither shows nor passes on (see
    /// `wire::kept_raw`). Whole options only, well-formed.
    pub raw: HVec<u8, RAW_LEN>,
}

impl Info {
    /// No configuration in it: the options of a Reply that carried none
    /// (Client ID, Server ID, Preference and the like in `raw` don't
    /// count; they describe the message, not the link).
    pub fn is_empty(&self) -> bool {
        self.dns.is_empty()
            && self.domains.is_empty()
            && self.ntp_ip.is_empty()
            && self.ntp_fqdn.is_empty()
            && self.sntp.is_empty()
            && self.refresh.is_none()
            && crate::wire::options(&self.raw).all(|(code, _)| crate::wire::bookkeeping(code))
    }
}

/// Reconfigure Key Authentication Protocol state (RFC 9915 §20.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReconfigureKey {
    pub key: [u8; 16],
    /// Highest replay-detection value seen from this server.
    pub replay: u64,
}

/// A stateful binding with one server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lease {
    pub server_id: Duid,
    /// Where the Reply came from (link-local of the server or relay).
    pub server_addr: Ipv6Addr,
    pub obtained: Instant,
    pub ia_na: Option<Binding>,
    /// One binding per `-P`, by IAID.
    pub ia_pd: HVec<Binding, MAX_IA_PD>,
    pub info: Info,
    pub reconfigure_key: Option<ReconfigureKey>,
}

/// Seconds left of `lifetime` (seconds from `obtained`) at `now`.
pub fn remaining(lifetime: u32, obtained: Instant, now: Instant) -> u32 {
    if lifetime == INFINITY {
        return INFINITY;
    }
    let gone = now.since(obtained).as_secs();
    u32::try_from(u64::from(lifetime).saturating_sub(gone)).unwrap_or(0)
}

fn secs(s: u32) -> Duration {
    Duration::from_secs(u64::from(s))
}

impl Binding {
    pub fn is_empty(&self) -> bool {
        self.leases.is_empty()
    }

    fn min_preferred(&self) -> Option<u32> {
        self.leases.iter().map(|l| l.preferred).min()
    }

    /// (T1, T2) of this IA. A zero T1 or T2 leaves that one to the client
    /// (RFC 9915 §21.4, §21.21): 0.5 and 0.8 of the shortest preferred
    /// lifetime, or of the shortest valid one when that is 0 (deprecated
    /// addresses must still be renewed before they go), never 0 itself:
    /// Kea answers `renew-timer 0` with an infinite T2, and a zero T1
    /// taken literally renews in a tight loop.
    pub fn timers(&self) -> (u32, u32) {
        let base = match self.min_preferred() {
            Some(0) => self.leases.iter().map(|l| l.valid).min(),
            p => p,
        };
        let choose = |num: u64, den: u64| match base {
            Some(INFINITY) | None => INFINITY,
            Some(b) => ((u64::from(b) * num / den) as u32).max(1),
        };
        let t2 = if self.t2 == 0 { choose(4, 5) } else { self.t2 };
        let t1 = if self.t1 == 0 {
            choose(1, 2).min(t2)
        } else {
            self.t1
        };
        (t1, t2)
    }
}

impl Lease {
    pub fn bindings(&self) -> impl Iterator<Item = &Binding> {
        self.ia_na.iter().chain(self.ia_pd.iter())
    }

    /// The binding of IA `id`, if held.
    pub fn binding(&self, id: IaId) -> Option<&Binding> {
        if id.pd {
            self.ia_pd.iter().find(|b| b.iaid == id.iaid)
        } else {
            self.ia_na.as_ref().filter(|b| b.iaid == id.iaid)
        }
    }

    /// The IAs with leases in them.
    pub fn held(&self) -> IaSet {
        let mut out = IaSet::new();
        for (pd, b) in self
            .ia_na
            .iter()
            .map(|b| (false, b))
            .chain(self.ia_pd.iter().map(|b| (true, b)))
        {
            if !b.is_empty() {
                let _ = out.push(IaId { pd, iaid: b.iaid });
            }
        }
        out
    }

    pub fn has_prefixes(&self) -> bool {
        self.ia_pd.iter().any(|b| !b.is_empty())
    }

    pub fn has_addresses(&self) -> bool {
        self.ia_na.as_ref().is_some_and(|b| !b.is_empty())
    }

    pub fn is_empty(&self) -> bool {
        self.bindings().all(Binding::is_empty)
    }

    /// (T1, T2) in seconds for the whole lease: the earliest of the IAs'.
    pub fn timers(&self) -> (u32, u32) {
        let mut t1 = INFINITY;
        let mut t2 = INFINITY;
        for b in self.bindings().filter(|b| !b.is_empty()) {
            let (b1, b2) = b.timers();
            t1 = t1.min(b1);
            t2 = t2.min(b2);
        }
        (t1, t2.max(t1))
    }

    /// When to Renew (T1), when to Rebind (T2), `None` = never.
    pub fn renew_at(&self) -> Option<Instant> {
        let (t1, _) = self.timers();
        (t1 != INFINITY).then(|| self.obtained + secs(t1))
    }

    pub fn rebind_at(&self) -> Option<Instant> {
        let (_, t2) = self.timers();
        (t2 != INFINITY).then(|| self.obtained + secs(t2))
    }

    /// When the last lease's valid lifetime ends.
    pub fn expires_at(&self) -> Option<Instant> {
        self.expiry_of(self.bindings())
    }

    /// When the first of the IAs `ids` reaches its T2, `None` = never.
    pub fn rebind_at_of(&self, ids: &[IaId]) -> Option<Instant> {
        let t2 = ids
            .iter()
            .filter_map(|id| self.binding(*id))
            .filter(|b| !b.is_empty())
            .map(|b| b.timers().1)
            .min()?;
        (t2 != INFINITY).then(|| self.obtained + secs(t2))
    }

    /// When the last lease of the IAs `ids` ends, `None` = never.
    pub fn expires_at_of(&self, ids: &[IaId]) -> Option<Instant> {
        self.expiry_of(ids.iter().filter_map(|id| self.binding(*id)))
    }

    fn expiry_of<'a>(&self, bs: impl Iterator<Item = &'a Binding>) -> Option<Instant> {
        let max = bs.flat_map(|b| b.leases.iter()).map(|l| l.valid).max()?;
        (max != INFINITY).then(|| self.obtained + secs(max))
    }

    /// When the next single lease's valid lifetime ends.
    pub fn next_expiry(&self) -> Option<Instant> {
        let min = self
            .bindings()
            .flat_map(|b| b.leases.iter())
            .map(|l| l.valid)
            .min()?;
        (min != INFINITY).then(|| self.obtained + secs(min))
    }

    /// Drop every lease whose valid lifetime has ended; true if any went.
    pub fn expire(&mut self, now: Instant) -> bool {
        let obtained = self.obtained;
        let mut changed = false;
        for b in self.ia_na.iter_mut().chain(self.ia_pd.iter_mut()) {
            let before = b.leases.len();
            b.leases.retain(|l| remaining(l.valid, obtained, now) > 0);
            changed |= b.leases.len() != before;
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leased(addr: &str, preferred: u32, valid: u32) -> Leased {
        Leased {
            addr: addr.parse().unwrap(),
            len: 128,
            preferred,
            valid,
            excluded: None,
        }
    }

    fn lease(t1: u32, t2: u32, ls: &[Leased]) -> Lease {
        let mut b = Binding {
            iaid: 1,
            t1,
            t2,
            ..Binding::default()
        };
        for l in ls {
            b.leases.push(l.clone()).unwrap();
        }
        Lease {
            server_id: Duid::new(),
            server_addr: Ipv6Addr::UNSPECIFIED,
            obtained: Instant::from_secs(100),
            ia_na: Some(b),
            ia_pd: HVec::new(),
            info: Info::default(),
            reconfigure_key: None,
        }
    }

    #[test]
    fn zero_timers_are_client_choice() {
        let l = lease(
            0,
            0,
            &[
                leased("2001:db8::1", 1000, 2000),
                leased("2001:db8::2", 600, 700),
            ],
        );
        assert_eq!(l.timers(), (300, 480));
        assert_eq!(l.renew_at(), Some(Instant::from_secs(400)));
        assert_eq!(l.rebind_at(), Some(Instant::from_secs(580)));
        assert_eq!(l.expires_at(), Some(Instant::from_secs(2100)));
    }

    #[test]
    fn server_timers_and_infinity() {
        let l = lease(50, 80, &[leased("2001:db8::1", INFINITY, INFINITY)]);
        assert_eq!(l.timers(), (50, 80));
        assert_eq!(l.expires_at(), None);
        let l = lease(0, 0, &[leased("2001:db8::1", INFINITY, INFINITY)]);
        assert_eq!(l.renew_at(), None);
    }

    /// Found in the lab: Kea configured with renew-timer 0 and infinite
    /// lifetimes sends T1 = 0, T2 = 0xffffffff; T1 was taken literally
    /// and ra6c renewed ~1,000 times a second.
    #[test]
    fn zero_timers_are_chosen_one_at_a_time_and_never_zero() {
        let l = lease(0, INFINITY, &[leased("2001:db8::1", INFINITY, INFINITY)]);
        assert_eq!(l.timers(), (INFINITY, INFINITY));
        assert_eq!(l.renew_at(), None);
        // Zero T1 with a server T2: ours stays below it.
        let l = lease(0, 100, &[leased("2001:db8::1", 1000, 2000)]);
        assert_eq!(l.timers(), (100, 100));
        let l = lease(0, 900, &[leased("2001:db8::1", 1000, 2000)]);
        assert_eq!(l.timers(), (500, 900));
        // Zero T2 with a server T1.
        let l = lease(300, 0, &[leased("2001:db8::1", 1000, 2000)]);
        assert_eq!(l.timers(), (300, 800));
        // Deprecated (preferred 0): from the valid lifetime instead.
        let l = lease(0, 0, &[leased("2001:db8::1", 0, 10)]);
        assert_eq!(l.timers(), (5, 8));
        // Tiny lifetimes: never a zero timer.
        let l = lease(0, 0, &[leased("2001:db8::1", 1, 1)]);
        assert_eq!(l.timers(), (1, 1));
        let l = lease(0, 0, &[leased("2001:db8::1", 0, 0)]);
        assert!(l.timers().0 >= 1);
    }

    #[test]
    fn remaining_counts_down_and_expire_drops() {
        let mut l = lease(
            5,
            8,
            &[leased("2001:db8::1", 10, 20), leased("2001:db8::2", 10, 40)],
        );
        assert_eq!(remaining(20, l.obtained, Instant::from_secs(115)), 5);
        assert_eq!(remaining(20, l.obtained, Instant::from_secs(130)), 0);
        assert_eq!(
            remaining(INFINITY, l.obtained, Instant::from_secs(1 << 40)),
            INFINITY
        );
        assert!(!l.expire(Instant::from_secs(119)));
        assert!(l.expire(Instant::from_secs(120)));
        assert_eq!(l.ia_na.as_ref().unwrap().leases.len(), 1);
        assert!(l.expire(Instant::from_secs(140)));
        assert!(l.is_empty());
    }
}
