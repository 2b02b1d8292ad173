//! The whole client state machine driven by a script of inputs: Router
//! Advertisements, link and DAD events, signals, time passing, and
//! DHCPv6 messages decoded by `wire::decode`, checked after every step.
//!
//! Script (the fuzz input):
//! - byte 0: configuration bits (see `config`), byte 1: RNG seed, whose
//!   top bits also configure (0x80 a second IA_PD with a prefix hint,
//!   0x40 `-t 0`);
//! - then ops, one byte each, low nibble = kind:
//!   0 RA (0x10 M, 0x20 O, 0x40 a PIO with RFC 9762's P flag; 0x80: the
//!   next byte picks the router (low nibble) and the PIO's prefix (bits
//!   4-6) and deprecates it (bit 7), else router 0, prefix 0) ·
//!   1 LinkUp · 2 LinkDown · 3 DadFailed (next byte picks a leased
//!   address) · 4 Renew · 5 Restart · 6 Stop ·
//!   7 Timeout at `poll_at()` · 8 advance time by the next u16 times
//!   1 ms/100 ms/10 s/1000 s (op >> 4 & 3), then Timeout ·
//!   9..=15 a message: u16 length, then the bytes; 15 sent to a multicast
//!   address, the others to our link-local. Flags (op >> 4):
//!   0x1 keep its transaction id (else: the client's last one),
//!   0x2 keep its Client ID (else: the client's own DUID), 0x4 sign it as
//!   a Reconfigure with the lease's key, 0x8 from a global address.
//!
//! Checked after every step, besides no panic: what is sent decodes and
//! is ours; never more than 20 messages in 20 s (RFC 9915 §14.1); a
//! Renew or Rebind exchange the clock starts comes at least 1 s after the
//! Reply it extends; the next deadline is in the future; leases held only
//! while valid and never longer than offered; bounded lists.
#![no_main]

use core::net::Ipv6Addr;
use core::time::Duration;
use std::collections::{HashMap, VecDeque};

use libfuzzer_sys::fuzz_target;
use ra6c::client::auth;
use ra6c::client::lease::{self, INFINITY, Lease};
use ra6c::client::ratelimit;
use ra6c::client::{Client, ClientConfig, Duid, IaNaMode, Input, MAX_IA_PD, PdConfig};
use ra6c::ra::RaPrefix;
use ra6c::time::Instant;
use ra6c::wire;

const MY_DUID: &[u8] = &[0, 3, 0, 1, 2, 0, 0, 0, 0, 1];
/// Start far from zero so nothing saturates below, and far from u64::MAX.
const EPOCH_MS: u64 = 1 << 40;

fn config(bits: u8, seed: u8) -> ClientConfig {
    let mut duid = Duid::new();
    duid.extend_from_slice(MY_DUID).unwrap();
    let mut c = ClientConfig::new(duid);
    // The captures' IAIDs: dhcpcd uses 1 for IA_NA and 2 for IA_PD... and
    // WIDE dhcp6c 0; bit 7 picks between them.
    let (iaid_na, iaid_pd) = if bits & 0x80 != 0 { (0, 0) } else { (1, 2) };
    c.iaid_na = iaid_na;
    if bits & 1 != 0 {
        c = c.with_pd(iaid_pd, if bits & 0x40 != 0 { 0 } else { 56 });
        if seed & 0x80 != 0 {
            let _ = c.ia_pd.push(PdConfig {
                iaid: iaid_pd + 1,
                len: 60,
                prefix: Ipv6Addr::new(0x2001, 0xdb8, 0xff00, 0, 0, 0, 0, 0),
            });
        }
    }
    if seed & 0x40 != 0 {
        c.sol_max_rt = Duration::ZERO;
    }
    c.ia_na = match (bits >> 1) & 3 {
        0 => IaNaMode::None,
        2 => IaNaMode::Force,
        _ => IaNaMode::Try,
    };
    c.rapid_commit = bits & 0x08 != 0;
    c.accept_reconfigure = bits & 0x10 == 0;
    c.startup_solicit = bits & 0x20 != 0;
    c.first_tx_max_delay = if bits & 0x40 != 0 {
        Duration::from_secs(1)
    } else {
        Duration::ZERO
    };
    c
}

struct Script<'a>(&'a [u8]);

impl<'a> Script<'a> {
    fn u8(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes([self.u8()?, self.u8()?]))
    }
    fn take(&mut self, n: usize) -> &'a [u8] {
        let (a, b) = self.0.split_at(n.min(self.0.len()));
        self.0 = b;
        a
    }
}

/// Top-level options of a DHCPv6 message: (start, end) of each whole
/// option; `None` if the framing is broken.
fn options(m: &[u8]) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    let mut at = 4;
    while at < m.len() {
        let len = usize::from(u16::from_be_bytes([*m.get(at + 2)?, *m.get(at + 3)?]));
        let end = at + 4 + len;
        if end > m.len() {
            return None;
        }
        out.push((at, end));
        at = end;
    }
    Some(out)
}

/// The message with its Client ID option(s) replaced by ours (first).
fn with_our_client_id(m: &[u8]) -> Vec<u8> {
    let Some(opts) = options(m).filter(|_| m.len() >= 4) else {
        return m.to_vec();
    };
    let mut out = m[..4].to_vec();
    out.extend_from_slice(&wire::opt::CLIENTID.to_be_bytes());
    out.extend_from_slice(&(MY_DUID.len() as u16).to_be_bytes());
    out.extend_from_slice(MY_DUID);
    for (s, e) in opts {
        if m[s..s + 2] != wire::opt::CLIENTID.to_be_bytes() {
            out.extend_from_slice(&m[s..e]);
        }
    }
    out
}

/// Sign a Reconfigure with the lease's RKAP key (RFC 9915 §20.4.2), so
/// the fuzzer can get past the HMAC check.
fn sign(raw: &mut [u8], key: &[u8; 16]) {
    let Ok(m) = wire::decode(raw) else {
        return;
    };
    let Some(a) = m.auth else { return };
    let at = a.info_offset + 1;
    if a.info.len() != 17 || raw.len() < at + 16 {
        return;
    }
    raw[at..at + 16].fill(0);
    let d = auth::hmac_md5(key, &[raw]);
    raw[at..at + 16].copy_from_slice(&d);
}

struct World {
    c: Client,
    now: Instant,
    last_xid: [u8; 3],
    /// When the last `ratelimit::LIMIT` messages went out.
    sent_at: VecDeque<Instant>,
    /// Largest valid lifetime any message offered for (addr, len).
    offered: HashMap<(Ipv6Addr, u8), u32>,
    /// (addr, len) → when it was last offered, to bound "remaining".
    stopped: bool,
    /// `obtained` of the lease held at the last link-up: that lease's
    /// Rebind (§18.2.12) goes at once, or when the §14.1 limit lets it.
    link_up_for: Option<Instant>,
}

impl World {
    fn lease(&self) -> Option<&Lease> {
        self.c.lease()
    }

    fn step(&mut self, input: Input<'_>) {
        let timer = matches!(input, Input::Timeout);
        if matches!(input, Input::LinkUp) {
            self.link_up_for = self.lease().map(|l| l.obtained);
        }
        self.c.process(self.now, input);
        self.check(timer);
    }

    /// `timer`: the step was time passing (no packet, no signal).
    fn check(&mut self, timer: bool) {
        let now = self.now;
        // A Renew or Rebind the clock started comes at least a second
        // after the Reply it extends: a zero T1 once made ra6c renew in a
        // loop with Kea (T1 = 0, T2 = infinity).
        let since_reply = self.lease().map(|l| now.since(l.obtained));
        // After a link-up the client Rebinds at once (delegated prefixes,
        // §18.2.12) or Confirms within CNF_MAX_DELAY (§18.2.3), however
        // soon after the Reply; the §14.1 limit may hold that Rebind back
        // to a timer step (the regression input: 119 ms), but it is not
        // a T1/T2 timer's.
        let after_link_up = self
            .lease()
            .is_some_and(|l| self.link_up_for == Some(l.obtained));
        // Drain and check what it sends.
        let mut sent = 0;
        while let Some(t) = self.c.poll_transmit() {
            sent += 1;
            assert!(sent <= 4, "transmit queue longer than its capacity");
            assert!(t.payload.len() <= 1500, "{} octets", t.payload.len());
            let m = wire::decode(&t.payload).unwrap_or_else(|e| {
                panic!(
                    "own message does not decode: {e}: {}",
                    wire::hex(&t.payload)
                )
            });
            assert_eq!(m.msg_type, t.msg_type);
            assert_eq!(m.client_id.as_deref(), Some(MY_DUID));
            assert!(!self.stopped, "sent type {} after Stopped", t.msg_type);
            // A retransmission after a Reply that left an IA out (same
            // xid) may come sooner: "as if no Reply had come".
            if timer
                && !after_link_up
                && m.xid != self.last_xid
                && [wire::msg::RENEW, wire::msg::REBIND].contains(&t.msg_type)
            {
                assert!(
                    since_reply.is_some_and(|d| d >= Duration::from_secs(1)),
                    "type {} sent {since_reply:?} after the Reply; lease (obtained, IA_NA, IA_PDs) {:#?}",
                    t.msg_type,
                    self.c.lease().map(|l| (l.obtained, &l.ia_na, &l.ia_pd))
                );
            }
            self.last_xid = m.xid;
            // §14.1: at most 20 messages in any 20 s.
            if self.sent_at.len() == ratelimit::LIMIT {
                let oldest = self.sent_at.pop_front().unwrap();
                assert!(
                    now.since(oldest) >= ratelimit::WINDOW,
                    "21 messages within {:?}",
                    now.since(oldest)
                );
            }
            self.sent_at.push_back(now);
        }
        let mut events = 0;
        while let Some(e) = self.c.poll_event() {
            events += 1;
            assert!(events <= 8);
            if e == ra6c::client::Event::Stopped {
                self.stopped = true;
            }
        }
        // The next deadline is in the future: everything due at `now` was
        // done (else the event loop would spin on a past deadline).
        if let Some(at) = self.c.poll_at() {
            assert!(
                at > now,
                "deadline {} ms not after now {} ms in state {}",
                at.as_millis(),
                now.as_millis(),
                self.c.state_name()
            );
        }
        if let Some(l) = self.lease() {
            assert!(l.obtained <= now);
            let mut n = 0;
            for b in l.bindings() {
                assert!(b.leases.len() <= lease::MAX_ADDRS);
                for x in &b.leases {
                    n += 1;
                    assert!(x.preferred <= x.valid, "preferred > valid: {x:?}");
                    let sent = self.offered.get(&(x.addr, x.len)).copied();
                    assert!(
                        sent.is_some_and(|s| x.valid <= s),
                        "lease {x:?} longer than offered ({sent:?})"
                    );
                    // Held only while valid.
                    let left = lease::remaining(x.valid, l.obtained, now);
                    assert!(
                        left > 0,
                        "lease {x:?} held past its valid lifetime ({} state)",
                        self.c.state_name()
                    );
                    assert!(x.valid == INFINITY || left <= x.valid);
                }
            }
            assert!(n <= lease::MAX_ADDRS * (1 + MAX_IA_PD));
        }
        if let Some(i) = self.c.info() {
            assert!(i.dns.len() <= lease::MAX_SERVERS);
            assert!(i.domains.len() <= lease::MAX_DOMAINS);
            assert!(i.raw.len() <= lease::RAW_LEN);
        }
    }

    fn dad_target(&self, pick: u8) -> Ipv6Addr {
        let addrs: Vec<Ipv6Addr> = self
            .lease()
            .and_then(|l| l.ia_na.as_ref())
            .map(|b| b.leases.iter().map(|x| x.addr).collect())
            .unwrap_or_default();
        if addrs.is_empty() {
            Ipv6Addr::new(0x2001, 0xdb8, 1, 0, 0, 0, 0, u16::from(pick))
        } else {
            addrs[usize::from(pick) % addrs.len()]
        }
    }

    fn message(&mut self, flags: u8, bytes: &[u8], multicast: bool) {
        let mut raw = if flags & 0x2 == 0 {
            with_our_client_id(bytes)
        } else {
            bytes.to_vec()
        };
        if flags & 0x1 == 0 && raw.len() >= 4 && raw[0] != wire::msg::RECONFIGURE {
            raw[1..4].copy_from_slice(&self.last_xid);
        }
        if flags & 0x4 != 0 {
            if let Some(k) = self.lease().and_then(|l| l.reconfigure_key.as_ref()) {
                let key = k.key;
                sign(&mut raw, &key);
            }
        }
        let Ok(m) = wire::decode(&raw) else {
            return;
        };
        for ia in m.ia_na.iter().chain(m.ia_pd.iter()) {
            for x in &ia.leases {
                let e = self.offered.entry((x.addr, x.len)).or_insert(0);
                *e = (*e).max(x.valid);
            }
        }
        let src = if flags & 0x8 != 0 {
            Ipv6Addr::new(0x2001, 0xdb8, 1, 0, 0, 0, 0, 0x53)
        } else {
            Ipv6Addr::new(0xfe80, 0, 0, 0, 0x5054, 0xff, 0xfe00, 1)
        };
        let dst = if multicast {
            wire::ALL_SERVERS
        } else {
            Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 2)
        };
        self.step(Input::Message {
            msg: &m,
            raw: &raw,
            src,
            dst,
        });
    }

    /// An RA: flags from the op's high nibble, router and prefix from
    /// `pick` (see the module comment).
    fn ra(&mut self, hi: u8, pick: u8) {
        let router = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0x100 + u16::from(pick & 0x0f));
        let prefix = RaPrefix {
            prefix: Ipv6Addr::new(0x2001, 0xdb8, u16::from(pick >> 4 & 7), 0, 0, 0, 0, 0),
            len: 64,
            on_link: true,
            autonomous: true,
            pd_preferred: hi & 4 != 0,
            valid: 7200,
            preferred: if pick & 0x80 != 0 { 0 } else { 3600 },
        };
        self.step(Input::Ra {
            managed: hi & 1 != 0,
            other: hi & 2 != 0,
            router: Some(router),
            prefixes: &[prefix],
        });
    }
}

fuzz_target!(|data: &[u8]| {
    let mut s = Script(data);
    let (Some(bits), Some(seed)) = (s.u8(), s.u8()) else {
        return;
    };
    let now = Instant::from_millis(EPOCH_MS);
    let c = Client::new(config(bits, seed), u64::from(seed), now);
    let mut w = World {
        c,
        now,
        last_xid: [0; 3],
        sent_at: VecDeque::new(),
        offered: HashMap::new(),
        stopped: false,
        link_up_for: None,
    };
    // No check here: with --startup-solicit and no delay, poll_at() is
    // `now` until the loop's first process(now, Timeout) sends.
    let mut ops = 0;
    while let Some(op) = s.u8() {
        ops += 1;
        if ops > 4096 {
            break;
        }
        let hi = op >> 4;
        match op & 0x0f {
            0 => {
                let pick = if hi & 8 != 0 { s.u8().unwrap_or(0) } else { 0 };
                w.ra(hi, pick);
            }
            1 => w.step(Input::LinkUp),
            2 => w.step(Input::LinkDown),
            3 => {
                let a = w.dad_target(s.u8().unwrap_or(0));
                w.step(Input::DadFailed(a));
            }
            4 => w.step(Input::Renew),
            5 => w.step(Input::Restart),
            6 => w.step(Input::Stop),
            7 => {
                if let Some(at) = w.c.poll_at() {
                    w.now = w.now.max(at);
                }
                w.step(Input::Timeout);
            }
            8 => {
                let unit = [1u64, 100, 10_000, 1_000_000][usize::from(hi & 3)];
                let d = u64::from(s.u16().unwrap_or(1)) * unit;
                w.now = w.now + Duration::from_millis(d);
                w.step(Input::Timeout);
            }
            kind => {
                let len = usize::from(s.u16().unwrap_or(0));
                let bytes = s.take(len);
                w.message(hi, bytes, kind == 15);
            }
        }
    }
});
