//! What the routers on the link advertise, as state with lifetimes: per
//! router (default route, preference, router lifetime), per prefix (the
//! on-link route; the SLAAC address), per Route Information, RDNSS and
//! DNSSL entry, each with its own expiry, merged across routers and across
//! RAs (RFC 4861 §6.2.3: a router may split its options over several RAs;
//! a router with lifetime 0 and RIOs leaves another's default route be).
//!
//! Pure like `client/`: fed `(now, &RaEvent)` on the injected clock, read
//! by script.rs for the RA_* variables, asked for `poll_at()`. Fixed
//! capacities; no allocation per RA; what doesn't fit evicts the least
//! useful entry and is counted.
//!
//! It also decides when the state script must hear (`update_due`): when an
//! entry appears, changes or lapses, and before a lifetime the script
//! reported runs out while the router keeps the entry alive. netifd keeps
//! what the script reports with the remaining lifetime and deletes it when
//! that runs out (netifd interface-ip.c:535-540 sets a route's
//! `valid_until = valid + now`, proto.c:229-241 an address's, and
//! interface-ip.c:1984-2016 deletes every second what is past it), so a
//! router re-sending the same RA must still lead to a new report. odhcp6c
//! does it by calling the script on every RA that moves a lifetime by more
//! than `-m` seconds (odhcp6c.c:1073-1099 `odhcp6c_update_entry`,
//! ra.c:502-777, odhcp6c.c:980-984); ra6c reports once ahead of the lapse.

pub mod iid;
mod table;

#[cfg(test)]
mod netifd;
#[cfg(test)]
mod tests;

use core::net::Ipv6Addr;
use core::time::Duration;

pub use table::{Entry, INFINITY, REFRESH_LEAD, Reported, Until};
use table::{Table, Upsert};

use crate::ra::RaEvent;
use crate::time::Instant;

/// Entries per table (routers, on-link prefixes, SLAAC prefixes, routes,
/// RDNSS): one size, so the tables share one instance of the code.
pub const MAX_ENTRIES: usize = 16;
pub const MAX_DNSSL: usize = 8;

pub type Domain = heapless::String<253>;

/// What an entry is, as odhcp6c keys its RA entries (odhcp6c.h `struct
/// odhcp6c_entry`: router, target, length): a router's default route
/// (router), an on-link or SLAAC prefix (addr/len; router ::, as they are
/// shared), a Route Information route (addr/len via router), an RDNSS
/// server (addr, from router: each router's copy has its own lifetime,
/// capped by its router lifetime).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RaKey {
    pub router: Ipv6Addr,
    pub addr: Ipv6Addr,
    pub len: u8,
}

/// A DNSSL search domain, per advertising router.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainKey {
    pub name: Domain,
    pub router: Ipv6Addr,
}

const ANY: Ipv6Addr = Ipv6Addr::UNSPECIFIED;

fn key(router: Ipv6Addr, addr: Ipv6Addr, len: u8) -> RaKey {
    RaKey { router, addr, len }
}

/// The RA header values odhcp6c reports (RA_HOPLIMIT, RA_MTU,
/// RA_REACHABLE, RA_RETRANSMIT): each keeps the last value in odhcp6c's
/// valid range (ra.c `ra_set_*`); 0 until one is seen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RaParams {
    pub hop_limit: u32,
    pub mtu: u32,
    pub reachable: u32,
    pub retransmit: u32,
}

impl RaParams {
    /// Take the RA's values that are valid; true if any changed.
    fn update(&mut self, ev: &RaEvent) -> bool {
        let before = *self;
        let set = |slot: &mut u32, v: u32, lo: u32, hi: u32| {
            if (lo..=hi).contains(&v) {
                *slot = v;
            }
        };
        set(&mut self.hop_limit, u32::from(ev.cur_hop_limit), 1, 255);
        set(&mut self.mtu, ev.mtu.unwrap_or(0), 1280, 65535);
        set(&mut self.reachable, ev.reachable, 1, 3_600_000);
        set(&mut self.retransmit, ev.retrans, 1, 60_000);
        *self != before
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RaConfig {
    /// odhcp6c's `-L`: keep RDNSS/DNSSL lifetimes as sent instead of
    /// capping them to the router lifetime.
    pub keep_dns_lifetime: bool,
    /// The link is point-to-point (IFF_POINTOPOINT: PPP, tun): odhcp6c
    /// adds no on-link routes there (ra.c:662).
    pub point_to_point: bool,
    /// odhcp6c's `-m`: at least this long between `ra-updated` calls.
    pub holdoff: Duration,
}

/// Counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RaStats {
    pub ras: u64,
    /// RAs without a source address (the legacy hook reports only M/O).
    pub no_source: u64,
    /// Entries not kept because a table was full (evicted or refused).
    pub evicted: u64,
    /// Entries that ran out.
    pub lapsed: u64,
    /// RAs whose option list the kernel hook cut (A_OPTIONS_TRUNC).
    pub truncated: u64,
}

impl core::fmt::Display for RaStats {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{} RAs ({} without source, {} options cut by the hook), {} entries lapsed, {} evicted (tables full)",
            self.ras, self.no_source, self.truncated, self.lapsed, self.evicted
        )
    }
}

/// Addresses odhcp6c ignores in RA options (ra.c:624-627, 656-659).
fn unusable(a: &Ipv6Addr) -> bool {
    a.is_unicast_link_local() || a.is_loopback() || a.is_multicast()
}

#[derive(Clone, Debug, Default)]
pub struct RaState {
    cfg: RaConfig,
    // Values: the RFC 4191 preference where there is one, else 0.
    routers: Table<RaKey, i8, MAX_ENTRIES>,
    on_link: Table<RaKey, i8, MAX_ENTRIES>,
    /// /64 prefixes with A=1: one RA address each.
    slaac: Table<RaKey, i8, MAX_ENTRIES>,
    routes: Table<RaKey, i8, MAX_ENTRIES>,
    rdnss: Table<RaKey, i8, MAX_ENTRIES>,
    dnssl: Table<DomainKey, i8, MAX_DNSSL>,
    params: RaParams,
    iid: Option<[u8; 8]>,
    /// The script is to hear of RA updates (odhcp6c: bound, or SLAAC-only
    /// configuration allowed).
    reporting: bool,
    /// Since when the script's view is out of date (an entry appeared,
    /// changed or lapsed).
    changed_at: Option<Instant>,
    /// The last `ra-updated` call, for the hold-off.
    last_update: Option<Instant>,
    /// Updates held back until then (an exchange about to bind).
    deferred: Option<Instant>,
    // Cached after every change: next lapse, next refresh.
    next_lapse: Option<Instant>,
    refresh_at: Option<Instant>,
    pub stats: RaStats,
}

impl RaState {
    pub fn new(cfg: RaConfig) -> Self {
        RaState {
            cfg,
            ..RaState::default()
        }
    }

    /// Fold one RA in. Every option updates (or, with lifetime 0, removes)
    /// only its own entry; what the RA doesn't mention stays.
    pub fn ingest(&mut self, now: Instant, ev: &RaEvent) {
        self.stats.ras += 1;
        // A list the hook cut is never taken as complete: an RA only
        // refreshes what it carries, so what was cut keeps its own expiry.
        self.stats.truncated += u64::from(ev.options_truncated);
        let Some(router) = ev.source else {
            self.stats.no_source += 1;
            return;
        };
        let life = u32::from(ev.router_lifetime);
        let up = self
            .routers
            .upsert(now, key(router, ANY, 0), ev.preference, life, life);
        self.note(now, up);
        if self.params.update(ev) {
            self.mark(now);
        }
        for p in ev.prefixes.iter().filter(|p| !unusable(&p.prefix)) {
            let k = key(ANY, p.prefix, p.len);
            if p.on_link && !self.cfg.point_to_point {
                let up = self.on_link.upsert(now, k, 0, p.valid, p.valid);
                self.note(now, up);
            }
            // SLAAC needs A=1 and a /64 (RFC 4862 §5.5.3, ra.c:666-668).
            if p.autonomous && p.len == 64 {
                let up = self.slaac.upsert(now, k, 0, p.valid, p.preferred);
                self.note(now, up);
            }
        }
        for r in ev.routes.iter().filter(|r| !unusable(&r.prefix)) {
            let k = key(router, r.prefix, r.len);
            let up = self
                .routes
                .upsert(now, k, r.preference, r.lifetime, r.lifetime);
            self.note(now, up);
        }
        // odhcp6c caps a router's DNS entries to the router lifetime of
        // its latest RA (ra.c:755-771): those this RA doesn't repeat, and
        // (capped before they go in) those it carries.
        let dns_cap = if self.cfg.keep_dns_lifetime {
            INFINITY
        } else {
            let limit = Until::after(now, life);
            let (cut, gone) = self.rdnss.cap(now, limit, |k| k.router == router);
            let (cut2, gone2) = self.dnssl.cap(now, limit, |k| k.router == router);
            if cut || gone || cut2 || gone2 {
                self.mark(now);
            }
            life
        };
        for &(server, l) in &ev.rdnss {
            let l = l.min(dns_cap);
            let up = self.rdnss.upsert(now, key(router, server, 128), 0, l, l);
            self.note(now, up);
        }
        for (name, l) in ev.dnssl.iter().filter(|(n, _)| !n.is_empty()) {
            let l = (*l).min(dns_cap);
            let k = DomainKey {
                name: name.clone(),
                router,
            };
            let up = self.dnssl.upsert(now, k, 0, l, l);
            self.note(now, up);
        }
        self.recompute();
    }

    /// Drop what ran out by `now`.
    pub fn expire(&mut self, now: Instant) {
        if self.next_lapse.is_none_or(|t| now < t) {
            return;
        }
        let before = self.len();
        let shown = self.routers.expire(now)
            | self.on_link.expire(now)
            | self.slaac.expire(now)
            | self.routes.expire(now)
            | self.rdnss.expire(now)
            | self.dnssl.expire(now);
        self.stats.lapsed += (before - self.len()) as u64;
        if shown {
            self.mark(now);
        }
        self.recompute();
    }

    /// The interface identifier for RA addresses (see `iid`); `None`
    /// leaves RA_ADDRESSES empty.
    pub fn set_iid(&mut self, now: Instant, iid: Option<[u8; 8]>) {
        if self.iid != iid {
            self.iid = iid;
            if !self.slaac.is_empty() {
                self.mark(now);
            }
        }
    }

    /// Whether the script is to hear of RA updates at all.
    pub fn set_reporting(&mut self, on: bool) {
        self.reporting = on;
    }

    /// The script was called at `now` with the RA view (any call that
    /// sets the interface up: bound, updated, ra-updated...): netifd holds
    /// what it showed. `ra_update`: it was `ra-updated` (starts -m).
    pub fn reported(&mut self, now: Instant, ra_update: bool) {
        self.routers.reported(now);
        self.on_link.reported(now);
        self.slaac.reported(now);
        self.routes.reported(now);
        self.rdnss.reported(now);
        self.dnssl.reported(now);
        self.changed_at = None;
        self.deferred = None;
        if ra_update {
            self.last_update = Some(now);
        }
        self.recompute();
    }

    /// The interface was torn down (started, unbound, stopped): netifd
    /// holds nothing; what there is must be reported again.
    pub fn forget_reported(&mut self, now: Instant) {
        self.routers.forget_reported();
        self.on_link.forget_reported();
        self.slaac.forget_reported();
        self.routes.forget_reported();
        self.rdnss.forget_reported();
        self.dnssl.forget_reported();
        if !self.is_empty() {
            self.mark(now);
        }
        self.recompute();
    }

    /// Hold updates back until `at` (once per pending update): an
    /// exchange is about to bind, and its call carries the RA view.
    pub fn defer(&mut self, at: Instant) {
        self.deferred.get_or_insert(at);
    }

    pub fn is_deferred(&self) -> bool {
        self.deferred.is_some()
    }

    /// When the script must get `ra-updated`: at once (after the -m
    /// hold-off) when something appeared, changed or lapsed; else just
    /// ahead of the first reported lifetime that would run out while the
    /// router keeps the entry alive. `None`: nothing to report, or not
    /// reporting.
    pub fn update_due(&self) -> Option<Instant> {
        if !self.reporting {
            return None;
        }
        let due = self.changed_at.into_iter().chain(self.refresh_at).min()?;
        let holdoff = self.last_update.map(|t| t + self.cfg.holdoff);
        Some(
            due.max(holdoff.unwrap_or(due))
                .max(self.deferred.unwrap_or(due)),
        )
    }

    /// The next instant `expire` or the script is due.
    pub fn poll_at(&self) -> Option<Instant> {
        self.next_lapse.into_iter().chain(self.update_due()).min()
    }

    // Read by script.rs (entries in arrival order).

    /// Default routes: `key.router`, preference.
    pub fn routers(&self) -> impl Iterator<Item = Entry<'_, RaKey, i8>> {
        self.routers.iter()
    }

    /// On-link prefixes: `key.addr`/`key.len`.
    pub fn on_link(&self) -> impl Iterator<Item = Entry<'_, RaKey, i8>> {
        self.on_link.iter()
    }

    /// /64s with A=1: `key.addr`.
    pub fn slaac(&self) -> impl Iterator<Item = Entry<'_, RaKey, i8>> {
        self.slaac.iter()
    }

    /// Route Information: `key.addr`/`key.len` via `key.router`, preference.
    pub fn routes(&self) -> impl Iterator<Item = Entry<'_, RaKey, i8>> {
        self.routes.iter()
    }

    /// RDNSS servers: `key.addr`, from `key.router`.
    pub fn rdnss(&self) -> impl Iterator<Item = Entry<'_, RaKey, i8>> {
        self.rdnss.iter()
    }

    pub fn dnssl(&self) -> impl Iterator<Item = Entry<'_, DomainKey, i8>> {
        self.dnssl.iter()
    }

    pub fn params(&self) -> RaParams {
        self.params
    }

    pub fn iid(&self) -> Option<[u8; 8]> {
        self.iid
    }

    /// Entries held, all tables.
    pub fn len(&self) -> usize {
        self.routers.len()
            + self.on_link.len()
            + self.slaac.len()
            + self.routes.len()
            + self.rdnss.len()
            + self.dnssl.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Per table (routers, on-link, SLAAC, routes, RDNSS, DNSSL): entries
    /// held and capacity.
    pub fn occupancy(&self) -> [(usize, usize); 6] {
        [
            (self.routers.len(), MAX_ENTRIES),
            (self.on_link.len(), MAX_ENTRIES),
            (self.slaac.len(), MAX_ENTRIES),
            (self.routes.len(), MAX_ENTRIES),
            (self.rdnss.len(), MAX_ENTRIES),
            (self.dnssl.len(), MAX_DNSSL),
        ]
    }

    fn mark(&mut self, now: Instant) {
        self.changed_at.get_or_insert(now);
    }

    fn note(&mut self, now: Instant, up: Upsert) {
        match up {
            Upsert::Added | Upsert::Changed | Upsert::Removed { shown: true } => self.mark(now),
            Upsert::Evicted { .. } | Upsert::Dropped => {
                if self.stats.evicted == 0 {
                    log::warn!(
                        "RA state full: entries not kept are counted (one-off ones go first)"
                    );
                }
                self.stats.evicted += 1;
                if up != Upsert::Dropped {
                    self.mark(now);
                }
            }
            Upsert::Extended | Upsert::Removed { shown: false } | Upsert::Ignored => {}
        }
    }

    fn recompute(&mut self) {
        self.next_lapse = [
            self.routers.next_expiry(),
            self.on_link.next_expiry(),
            self.slaac.next_expiry(),
            self.routes.next_expiry(),
            self.rdnss.next_expiry(),
            self.dnssl.next_expiry(),
        ]
        .into_iter()
        .flatten()
        .min();
        // netifd ages routes and addresses, not DNS (it has no lifetime
        // there): only those need refreshing.
        self.refresh_at = [
            self.routers.refresh_at(),
            self.on_link.refresh_at(),
            self.slaac.refresh_at(),
            self.routes.refresh_at(),
        ]
        .into_iter()
        .flatten()
        .min();
    }
}
