//! The RA state (`ra_state::RaState`) driven the way the event loop
//! drives it: RAs from a few routers about a small pool of prefixes,
//! routes and DNS entries (so they repeat, merge, shorten and vanish),
//! time passing, script calls, teardowns, interface-id changes, deferrals.
//!
//! After every step: no table beyond its capacity; no entry outlives the
//! lifetime the latest RA gave it; netifd never keeps a report longer than
//! the entry lives without an update being due; the next deadline is after
//! `now` (no busy loop). At every script call: what it shows holds no
//! expired entry.
#![no_main]

use core::net::Ipv6Addr;
use core::time::Duration;
use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use ra6c::ra::{RaEvent, RaPrefix, RaRoute};
use ra6c::ra_state::{INFINITY, RaConfig, RaState, Until};
use ra6c::script::{RaView, ScriptContext, environment};
use ra6c::time::Instant;

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn u8(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes([self.u8()?, self.u8()?]))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes([
            self.u8()?,
            self.u8()?,
            self.u8()?,
            self.u8()?,
        ]))
    }
    /// A lifetime: mostly the interesting ones.
    fn life(&mut self) -> Option<u32> {
        Some(match self.u8()? % 8 {
            0 => 0,
            1 => 1,
            2 => 5,
            3 => 60,
            4 => 1800,
            5 => INFINITY,
            6 => INFINITY - 1,
            _ => self.u32()?,
        })
    }
}

fn router(i: u8) -> Ipv6Addr {
    Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, u16::from(i % 4) + 1)
}

fn pool(i: u8) -> Ipv6Addr {
    match i % 24 {
        0 => Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 9), // unusable
        1 => Ipv6Addr::LOCALHOST,
        2 => Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 1),
        n => Ipv6Addr::new(0x2001, 0xdb8, u16::from(n), 0, 0, 0, 0, 0),
    }
}

const NAMES: [&str; 6] = ["a.example", "b.example", "c", "d.example.", "x.y.z", "lan"];

fn ra(b: &mut Bytes) -> Option<RaEvent> {
    let flags = b.u8()?;
    let mut ev = RaEvent {
        ifindex: 2,
        source: (flags & 0x80 == 0).then(|| router(flags)),
        managed: flags & 0x40 != 0,
        other: flags & 0x20 != 0,
        preference: i8::try_from(flags % 3).unwrap_or(0) - 1,
        cur_hop_limit: b.u8()?,
        router_lifetime: match b.u8()? % 4 {
            0 => 0,
            1 => 30,
            2 => 1800,
            _ => b.u16()?,
        },
        reachable: b.u32()?,
        retrans: b.u32()?,
        mtu: (flags & 0x10 != 0).then_some(b.u32()?),
        ..RaEvent::default()
    };
    let counts = b.u8()?;
    for _ in 0..counts % 9 {
        let (p, f) = (b.u8()?, b.u8()?);
        let valid = b.life()?;
        let preferred = b.life()?.min(valid);
        let _ = ev.prefixes.push(RaPrefix {
            prefix: pool(p),
            len: if f & 1 != 0 { 64 } else { 48 },
            on_link: f & 2 != 0,
            autonomous: f & 4 != 0,
            pd_preferred: f & 8 != 0,
            valid,
            preferred,
        });
    }
    for _ in 0..(counts >> 4) % 9 {
        let (p, f) = (b.u8()?, b.u8()?);
        let _ = ev.routes.push(RaRoute {
            prefix: pool(p),
            len: f % 129,
            preference: i8::try_from(f % 3).unwrap_or(0) - 1,
            lifetime: b.life()?,
        });
    }
    let more = b.u8()?;
    for _ in 0..more % 9 {
        let a = b.u8()?;
        let _ = ev.rdnss.push((pool(a), b.life()?));
    }
    for _ in 0..(more >> 4) % 9 {
        let name = NAMES[usize::from(b.u8()?) % NAMES.len()];
        let _ = ev.dnssl.push((name.try_into().ok()?, b.life()?));
    }
    Some(ev)
}

/// An entry's identity: table, item, length, router (no allocation).
type Key = (u8, Ipv6Addr, u8, Ipv6Addr);

/// The longest each entry may live: the latest RA mentioning it, plus the
/// lifetime it gave.
type Allowed = HashMap<Key, Until>;

const NONE: Ipv6Addr = Ipv6Addr::UNSPECIFIED;

fn name_key(n: &str) -> Ipv6Addr {
    let i = NAMES.iter().position(|x| *x == n).unwrap_or(usize::MAX);
    Ipv6Addr::from(i as u128)
}

fn allow(allowed: &mut Allowed, now: Instant, ev: &RaEvent) {
    let Some(r) = ev.source else { return };
    let set = |a: &mut Allowed, k: Key, l: u32| {
        a.insert(k, Until::after(now, l));
    };
    set(allowed, (0, r, 0, NONE), u32::from(ev.router_lifetime));
    for p in &ev.prefixes {
        if p.on_link {
            set(allowed, (1, p.prefix, p.len, NONE), p.valid);
        }
        if p.autonomous && p.len == 64 {
            set(allowed, (2, p.prefix, 0, NONE), p.valid);
        }
    }
    for t in &ev.routes {
        set(allowed, (3, t.prefix, t.len, r), t.lifetime);
    }
    for (d, l) in &ev.rdnss {
        set(allowed, (4, *d, 0, r), *l);
    }
    for (n, l) in &ev.dnssl {
        set(allowed, (5, name_key(n), 0, r), *l);
    }
}

fn check(s: &RaState, allowed: &Allowed, now: Instant, reporting: bool) {
    for (held, cap) in s.occupancy() {
        assert!(held <= cap, "{held} > {cap}");
    }
    let reported = |r: Option<ra6c::ra_state::Reported>| r.map(|r| r.valid);
    let mut entries: Vec<(Key, Until, Option<Until>)> = Vec::with_capacity(96);
    for (t, es) in [
        (0, s.routers().collect::<Vec<_>>()),
        (1, s.on_link().collect()),
        (2, s.slaac().collect()),
        (3, s.routes().collect()),
    ] {
        for e in es {
            let k = match t {
                0 => (0, e.key.router, 0, NONE),
                2 => (2, e.key.addr, 0, NONE),
                _ => (t, e.key.addr, e.key.len, e.key.router),
            };
            entries.push((k, e.valid, reported(e.reported)));
        }
    }
    for e in s.rdnss() {
        entries.push(((4, e.key.addr, 0, e.key.router), e.valid, None));
    }
    for e in s.dnssl() {
        let k = (5, name_key(&e.key.name), 0, e.key.router);
        entries.push((k, e.valid, None));
    }
    for (k, valid, reported) in &entries {
        let max = allowed
            .get(k)
            .unwrap_or_else(|| panic!("{k:?} was never advertised"));
        assert!(
            valid <= max,
            "{k:?} lives to {valid:?}, its RA said {max:?}"
        );
        assert!(
            *valid > Until::At(now),
            "{k:?} expired at {valid:?}, still held at {now:?}"
        );
        // netifd keeps a report longer than the entry lives: the script
        // must be due to hear (a cut lifetime is a change).
        let held_longer = reported.is_some_and(|r| r > *valid && r.secs_left(now) > 0);
        if reporting && held_longer {
            assert!(
                s.update_due().is_some(),
                "{k:?}: reported {reported:?}, lives to {valid:?}"
            );
        }
    }
}

/// A script call at `now`: what it shows holds nothing expired (RA_ROUTES
/// and RA_ADDRESSES list no 0 lifetime); then netifd holds it.
fn report(s: &mut RaState, now: Instant, ra_update: bool) {
    let env = environment(&ScriptContext {
        now,
        bound: true,
        lease: None,
        info: None,
        server: None,
        ra: Some(RaView { state: s }),
        history: None,
    });
    for (k, v) in env.entries().filter_map(|e| e.split_once('=')) {
        if k == "RA_ROUTES" || k == "RA_ADDRESSES" {
            for e in v.split_whitespace() {
                let valid: u32 = e
                    .split(',')
                    .nth(2)
                    .and_then(|x| x.parse().ok())
                    .unwrap_or_else(|| panic!("{k} entry {e}"));
                assert!(valid > 0, "{k} shows {e}");
            }
        }
    }
    s.reported(now, ra_update);
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data);
    let Some(cfg_byte) = b.u8() else { return };
    let mut s = RaState::new(RaConfig {
        keep_dns_lifetime: cfg_byte & 1 != 0,
        point_to_point: cfg_byte & 2 != 0,
        holdoff: Duration::from_secs(u64::from(cfg_byte >> 4)),
    });
    let mut now = Instant::from_secs(1000);
    let mut allowed = Allowed::new();
    let mut reporting = cfg_byte & 4 != 0;
    s.set_reporting(reporting);
    for _ in 0..64 {
        let Some(op) = b.u8() else { break };
        match op % 8 {
            0..=2 => {
                let Some(ev) = ra(&mut b) else { break };
                allow(&mut allowed, now, &ev);
                s.ingest(now, &ev);
            }
            3 => {
                let Some(step) = b.u16() else { break };
                now = now
                    + Duration::from_millis(u64::from(step) * if op & 8 != 0 { 1000 } else { 1 });
            }
            4 => {
                // Wake at the next deadline, as the loop does.
                if let Some(at) = s.poll_at() {
                    now = now.max(at);
                }
            }
            5 => {
                if op & 16 != 0 {
                    s.forget_reported(now);
                } else {
                    report(&mut s, now, op & 32 != 0);
                }
            }
            6 => {
                let Some(i) = b.u8() else { break };
                s.set_iid(now, (i != 0).then_some([i; 8]));
            }
            _ => {
                reporting = op & 8 != 0;
                s.set_reporting(reporting);
            }
        }
        // The loop's timers(): lapse, then the script if due (or a
        // deferral once, as while an exchange is about to bind).
        s.expire(now);
        if s.update_due().is_some_and(|t| t <= now) {
            if op & 64 != 0 && !s.is_deferred() {
                s.defer(now + Duration::from_millis(1500));
            } else {
                report(&mut s, now, true);
            }
        }
        check(&s, &allowed, now, reporting);
        if let Some(at) = s.poll_at() {
            assert!(at > now, "poll_at {at:?} not after now {now:?}: would spin");
        }
    }
});
