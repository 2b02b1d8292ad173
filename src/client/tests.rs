//! The client on a simulated clock: every behaviour RFC 9915 and the
//! IPv6 Ready client cases ask for, driven by bytes a server would send.

use core::net::Ipv6Addr;
use core::time::Duration;

use super::*;
use crate::wire::{self, opt, status};

pub(super) use crate::ra::RaPrefix;

pub(super) const SERVER_DUID: &[u8] = &[0, 1, 0, 1, 0x2a, 0xe3, 0xc6, 0xb5, 0x52, 0x54, 0, 0, 0, 1];
pub(super) const OTHER_DUID: &[u8] = &[0, 3, 0, 1, 0x52, 0x54, 0, 0, 0, 9];
pub(super) const MY_DUID: &[u8] = &[0, 3, 0, 1, 2, 0, 0, 0, 0, 1];

pub(super) fn server_ll() -> Ipv6Addr {
    "fe80::5054:ff:fe00:1".parse().unwrap()
}

/// The router of `Harness::ra`, and the client's link-local (where a
/// server unicasts a Reconfigure).
pub(super) const ROUTER: Ipv6Addr = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1);
pub(super) const CLIENT_LL: Ipv6Addr = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 2);

/// Another router on the link.
pub(super) fn router(i: u16) -> Ipv6Addr {
    Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0x100, i)
}

pub(super) fn t(ms: u64) -> Instant {
    Instant::from_millis(ms)
}

/// Option TLV.
pub(super) fn o(code: u16, body: &[u8]) -> Vec<u8> {
    let mut v = code.to_be_bytes().to_vec();
    v.extend_from_slice(&(body.len() as u16).to_be_bytes());
    v.extend_from_slice(body);
    v
}

pub(super) fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

pub(super) fn u32s(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_be_bytes()).collect()
}

pub(super) fn addr(s: &str) -> Ipv6Addr {
    s.parse().unwrap()
}

pub(super) fn iaaddr(a: &str, pref: u32, valid: u32) -> Vec<u8> {
    o(
        opt::IAADDR,
        &cat(&[&addr(a).octets(), &u32s(&[pref, valid])]),
    )
}

pub(super) fn iaprefix(p: &str, len: u8, pref: u32, valid: u32) -> Vec<u8> {
    o(
        opt::IAPREFIX,
        &cat(&[&u32s(&[pref, valid]), &[len], &addr(p).octets()]),
    )
}

pub(super) fn ia(code: u16, iaid: u32, t1: u32, t2: u32, inner: &[Vec<u8>]) -> Vec<u8> {
    let mut b = u32s(&[iaid, t1, t2]);
    for i in inner {
        b.extend_from_slice(i);
    }
    o(code, &b)
}

pub(super) fn status_opt(code: u16) -> Vec<u8> {
    o(opt::STATUS_CODE, &cat(&[&code.to_be_bytes(), b"x"]))
}

/// A server message answering `tx`, with the given extra options.
pub(super) fn answer(kind: u8, tx: &Transmit, opts: &[Vec<u8>]) -> Vec<u8> {
    let mut b = vec![kind];
    b.extend_from_slice(&tx.payload[1..4]);
    b.extend(o(opt::CLIENTID, MY_DUID));
    b.extend(o(opt::SERVERID, SERVER_DUID));
    for x in opts {
        b.extend_from_slice(x);
    }
    b
}

/// The usual offer: one address and one /56, T1 100 s, T2 160 s.
pub(super) fn leases() -> Vec<Vec<u8>> {
    vec![
        ia(
            opt::IA_NA,
            1,
            100,
            160,
            &[iaaddr("2001:db8:1::1000", 200, 300)],
        ),
        ia(
            opt::IA_PD,
            1,
            100,
            160,
            &[iaprefix("2001:db8:100::", 56, 200, 300)],
        ),
        o(opt::DNS_SERVERS, &addr("2001:db8:1::53").octets()),
    ]
}

pub(super) fn config() -> ClientConfig {
    let mut duid = Duid::new();
    duid.extend_from_slice(MY_DUID).unwrap();
    let mut c = ClientConfig::new(duid).with_pd(1, 56);
    c.first_tx_max_delay = Duration::ZERO;
    c
}

/// `config()` without IA_PD: addresses only (no `-P`).
pub(super) fn config_na() -> ClientConfig {
    let mut c = config();
    c.ia_pd.clear();
    c
}

/// The (first) IA_PD binding of a lease.
pub(super) fn pd_of(l: &Lease) -> Option<&lease::Binding> {
    l.ia_pd.first()
}

pub(super) struct Harness {
    pub(super) c: Client,
    pub(super) now: Instant,
    pub(super) sent: Vec<(Instant, Transmit)>,
    pub(super) events: Vec<Event>,
}

impl Harness {
    pub(super) fn new(cfg: ClientConfig) -> Self {
        Harness {
            c: Client::new(cfg, 1, t(0)),
            now: t(0),
            sent: vec![],
            events: vec![],
        }
    }

    pub(super) fn drain(&mut self) {
        while let Some(tx) = self.c.poll_transmit() {
            self.sent.push((self.now, tx));
        }
        while let Some(e) = self.c.poll_event() {
            self.events.push(e);
        }
    }

    pub(super) fn input(&mut self, i: Input<'_>) {
        self.c.process(self.now, i);
        self.drain();
    }

    pub(super) fn ra(&mut self, m: bool, o: bool) {
        self.ra_from(ROUTER, m, o, &[]);
    }

    pub(super) fn ra_from(&mut self, router: Ipv6Addr, m: bool, o: bool, p: &[RaPrefix]) {
        self.input(Input::Ra {
            managed: m,
            other: o,
            router: Some(router),
            prefixes: p,
        });
    }

    /// Run timers until `until`, like the event loop would.
    pub(super) fn run_until(&mut self, until: Instant) {
        while let Some(at) = self.c.poll_at() {
            if at > until {
                break;
            }
            self.now = self.now.max(at);
            self.input(Input::Timeout);
        }
        self.now = self.now.max(until);
    }

    pub(super) fn deliver(&mut self, bytes: &[u8]) {
        self.deliver_to(bytes, CLIENT_LL);
    }

    pub(super) fn deliver_to(&mut self, bytes: &[u8], dst: Ipv6Addr) {
        let m = wire::decode(bytes).expect("test message decodes");
        self.input(Input::Message {
            msg: &m,
            raw: bytes,
            src: server_ll(),
            dst,
        });
    }

    pub(super) fn last(&self) -> &Transmit {
        &self.sent.last().expect("something was sent").1
    }

    pub(super) fn last_msg(&self) -> wire::Message {
        wire::decode(&self.last().payload).unwrap()
    }

    pub(super) fn types(&self) -> Vec<u8> {
        self.sent.iter().map(|(_, t)| t.msg_type).collect()
    }

    /// RA → Solicit → Advertise → Request → Reply with the usual offer.
    pub(super) fn bind(&mut self) {
        self.bind_with(&leases());
        assert_eq!(self.c.state_name(), "bound");
    }

    /// RA → Solicit → Advertise → Request → Reply, the server offering
    /// (and then giving) `offer`.
    pub(super) fn bind_with(&mut self, offer: &[Vec<u8>]) {
        self.ra(true, false);
        let adv = answer(msg::ADVERTISE, self.last(), offer);
        self.deliver(&adv);
        self.run_until(self.now + Duration::from_millis(1200));
        assert_eq!(self.last().msg_type, msg::REQUEST);
        let reply = answer(msg::REPLY, self.last(), offer);
        self.deliver(&reply);
    }
}

#[test]
fn ra_with_m_solicits_at_once_with_delay_zero() {
    let mut h = Harness::new(config());
    assert_eq!(h.c.poll_at(), None, "idle until an RA");
    h.ra(true, false);
    assert_eq!(h.types(), [msg::SOLICIT]);
    assert_eq!(h.sent[0].0, t(0));
    let tx = h.last();
    assert_eq!(tx.dst, wire::ALL_SERVERS);
    let m = h.last_msg();
    assert_eq!(m.client_id.as_deref(), Some(MY_DUID));
    assert!(m.server_id.is_none());
    assert_eq!(m.ia_na[0].iaid, 1);
    let hint = &m.ia_pd[0].leases[0];
    assert_eq!(
        (hint.addr, hint.len, hint.valid),
        (Ipv6Addr::UNSPECIFIED, 56, 0),
        "a length hint only"
    );
    assert!(m.reconf_accept);
    assert!(!m.rapid_commit);
    // Elapsed Time 0 in the first message of an exchange (§21.9).
    assert!(tx.payload.windows(6).any(|w| w == [0, 8, 0, 2, 0, 0]));
    // The prefix-length hint rides in an IAPREFIX of ::/56.
    let hint = cat(&[&[0, 26, 0, 25], &[0; 8], &[56], &[0; 16]]);
    assert!(tx.payload.windows(hint.len()).any(|w| w == hint));
}

#[test]
fn configured_delay_is_random_and_bounded() {
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..50 {
        let mut cfg = config();
        cfg.first_tx_max_delay = Duration::from_secs(1);
        let mut c = Client::new(cfg, seed, t(0));
        c.process(
            t(0),
            Input::Ra {
                managed: true,
                other: false,
                router: None,
                prefixes: &[],
            },
        );
        let at = c.poll_at().unwrap();
        assert!(at <= t(1000));
        seen.insert(at);
    }
    assert!(seen.len() > 40, "delay is randomised: {seen:?}");
}

#[test]
fn o_only_ra_sends_information_request_and_refreshes() {
    // Without -P: with it, O asks for PD (see tests_modes.rs).
    let mut h = Harness::new(config_na());
    h.ra(false, true);
    assert_eq!(h.types(), [msg::INFORMATION_REQUEST]);
    let m = h.last_msg();
    assert!(m.ia_na.is_empty() && m.ia_pd.is_empty());
    // ORO asks for INFORMATION_REFRESH_TIME only here.
    let oro_has_32 = h.last().payload.windows(2).any(|w| w == [0, 32]);
    assert!(oro_has_32);
    let reply = answer(
        msg::REPLY,
        h.last(),
        &[
            o(opt::DNS_SERVERS, &addr("2001:db8::53").octets()),
            o(opt::INFORMATION_REFRESH_TIME, &u32s(&[700])),
        ],
    );
    h.deliver(&reply);
    assert_eq!(h.events, [Event::Informed]);
    assert_eq!(h.c.info().unwrap().dns[0], addr("2001:db8::53"));
    assert_eq!(h.c.poll_at(), Some(t(700_000)));
    h.run_until(t(700_000));
    assert_eq!(
        h.types(),
        [msg::INFORMATION_REQUEST, msg::INFORMATION_REQUEST]
    );
}

#[test]
fn refresh_time_has_a_floor_and_default() {
    for (sent, want) in [(Some(10u32), 600u64), (None, 86400)] {
        let mut h = Harness::new(config_na());
        h.ra(false, true);
        let extra: Vec<Vec<u8>> = sent
            .iter()
            .map(|s| o(opt::INFORMATION_REFRESH_TIME, &u32s(&[*s])))
            .collect();
        let reply = answer(msg::REPLY, h.last(), &extra);
        h.deliver(&reply);
        assert_eq!(h.c.poll_at(), Some(t(want * 1000)));
    }
}

#[test]
fn solicit_retransmits_with_growing_rt_and_caps_at_sol_max_rt() {
    let mut cfg = config();
    cfg.sol_max_rt = Duration::from_secs(120);
    let mut h = Harness::new(cfg);
    h.ra(true, false);
    h.run_until(t(600_000));
    let times: Vec<u64> = h.sent.iter().map(|(at, _)| at.as_millis()).collect();
    assert!(
        times[1] > 1000 && times[1] <= 1100,
        "first RT strictly > IRT: {times:?}"
    );
    for w in times.windows(3) {
        let (a, b) = (w[1] - w[0], w[2] - w[1]);
        assert!(b <= 132_000, "RT capped near SOL_MAX_RT: {b}");
        assert!(
            b >= 108_000 || (b as f64) >= 1.9 * a as f64 - 2.0,
            "{a} -> {b}"
        );
    }
    // Every Solicit of one exchange keeps the xid; Elapsed Time grows.
    let xids: std::collections::BTreeSet<_> = h
        .sent
        .iter()
        .map(|(_, tx)| tx.payload[1..4].to_vec())
        .collect();
    assert_eq!(xids.len(), 1);
}

#[test]
fn server_sol_max_rt_is_honoured_within_bounds() {
    // -N force: Advertises without an address are refused, so this stays
    // a Solicit (with -N try it falls back to Information-Request).
    let mut cfg = config();
    cfg.ia_na = IaNaMode::Force;
    let mut h = Harness::new(cfg);
    h.ra(true, false);
    // An Advertise with nothing to offer still sets SOL_MAX_RT (§18.2.9).
    let adv = answer(
        msg::ADVERTISE,
        h.last(),
        &[
            status_opt(status::NO_ADDRS_AVAIL),
            o(opt::SOL_MAX_RT, &u32s(&[60])),
        ],
    );
    h.deliver(&adv);
    assert_eq!(h.c.sol_max_rt, Duration::from_secs(60));
    let adv = answer(
        msg::ADVERTISE,
        h.last(),
        &[o(opt::SOL_MAX_RT, &u32s(&[10]))],
    );
    h.deliver(&adv);
    assert_eq!(
        h.c.sol_max_rt,
        Duration::from_secs(60),
        "10 s is below the RFC floor"
    );
    h.run_until(t(900_000));
    let gaps: Vec<u64> = h
        .sent
        .windows(2)
        .map(|w| w[1].0.as_millis() - w[0].0.as_millis())
        .collect();
    assert!(gaps.iter().all(|g| *g <= 66_000), "{gaps:?}");
    assert_eq!(h.c.stats.nothing_offered, 2);
}

#[test]
fn advertises_collected_during_first_rt_best_preference_wins() {
    let mut h = Harness::new(config());
    h.ra(true, false);
    let solicit = h.last().clone();
    let low = answer(
        msg::ADVERTISE,
        &solicit,
        &cat_opts(leases(), o(opt::PREFERENCE, &[1])),
    );
    let mut high = answer(
        msg::ADVERTISE,
        &solicit,
        &cat_opts(leases(), o(opt::PREFERENCE, &[200])),
    );
    // A different server for the preferred one.
    let at = high
        .windows(SERVER_DUID.len())
        .position(|w| w == SERVER_DUID)
        .unwrap();
    high[at + SERVER_DUID.len() - 1] = 9;
    h.deliver(&low);
    h.deliver(&high);
    assert_eq!(h.types(), [msg::SOLICIT], "waits for the first RT");
    h.run_until(t(1200));
    assert_eq!(h.types(), [msg::SOLICIT, msg::REQUEST]);
    let req = h.last_msg();
    assert_eq!(req.server_id.unwrap().last(), Some(&9));
    assert_eq!(req.ia_na[0].leases[0].addr, addr("2001:db8:1::1000"));
    assert_ne!(
        h.last().payload[1..4],
        solicit.payload[1..4],
        "fresh xid per exchange"
    );
}

pub(super) fn cat_opts(mut v: Vec<Vec<u8>>, x: Vec<u8>) -> Vec<Vec<u8>> {
    v.push(x);
    v
}

#[test]
fn preference_255_is_taken_at_once_and_late_advertise_too() {
    let mut h = Harness::new(config());
    h.ra(true, false);
    let adv = answer(
        msg::ADVERTISE,
        h.last(),
        &cat_opts(leases(), o(opt::PREFERENCE, &[255])),
    );
    h.deliver(&adv);
    assert_eq!(h.types(), [msg::SOLICIT, msg::REQUEST]);

    // After the first RT, the first valid Advertise ends the Solicit.
    let mut h = Harness::new(config());
    h.ra(true, false);
    h.run_until(t(5000));
    let n = h.sent.len();
    let adv = answer(msg::ADVERTISE, h.last(), &leases());
    h.deliver(&adv);
    assert_eq!(h.sent.len(), n + 1);
    assert_eq!(h.last().msg_type, msg::REQUEST);
}

#[test]
fn invalid_advertises_and_replies_are_dropped_and_counted() {
    let mut h = Harness::new(config());
    h.ra(true, false);
    let good = answer(msg::ADVERTISE, h.last(), &leases());
    let mut wrong_xid = good.clone();
    wrong_xid[1] ^= 0xff;
    h.deliver(&wrong_xid);
    // Client ID of someone else.
    let mut other = good.clone();
    let at = other
        .windows(MY_DUID.len())
        .position(|w| w == MY_DUID)
        .unwrap();
    other[at..at + MY_DUID.len()].copy_from_slice(OTHER_DUID);
    h.deliver(&other);
    // No Server ID at all.
    let mut no_sid = vec![msg::ADVERTISE];
    no_sid.extend_from_slice(&good[1..4]);
    no_sid.extend(o(opt::CLIENTID, MY_DUID));
    no_sid.extend(leases().concat());
    h.deliver(&no_sid);
    // No Client ID at all.
    let mut no_cid = vec![msg::ADVERTISE];
    no_cid.extend_from_slice(&good[1..4]);
    no_cid.extend(o(opt::SERVERID, SERVER_DUID));
    h.deliver(&no_cid);
    // A Reply to a Solicit without Rapid Commit.
    let reply = answer(msg::REPLY, h.last(), &leases());
    h.deliver(&reply);
    h.run_until(t(1500));
    assert!(
        h.types().iter().all(|t| *t == msg::SOLICIT),
        "{:?}",
        h.types()
    );
    let s = &h.c.stats;
    assert_eq!(
        (
            s.wrong_xid,
            s.client_id_mismatch,
            s.no_server_id,
            s.unexpected
        ),
        (1, 2, 1, 1)
    );
}

#[test]
fn request_reply_binds_then_renew_rebind_expire() {
    let mut h = Harness::new(config());
    h.bind();
    assert_eq!(h.events, [Event::Bound]);
    let bound_at = h.now;
    let l = h.c.lease().unwrap();
    assert_eq!(
        l.ia_na.as_ref().unwrap().leases[0].addr,
        addr("2001:db8:1::1000")
    );
    assert_eq!(l.ia_pd[0].leases[0].len, 56);
    assert_eq!(l.info.dns[0], addr("2001:db8:1::53"));
    // Nothing until T1 = 100 s.
    assert_eq!(h.c.poll_at(), Some(bound_at + Duration::from_secs(100)));
    h.run_until(bound_at + Duration::from_secs(100));
    assert_eq!(h.last().msg_type, msg::RENEW);
    let renew = h.last_msg();
    assert_eq!(renew.server_id.as_deref(), Some(SERVER_DUID));
    assert_eq!(renew.ia_na[0].leases[0].addr, addr("2001:db8:1::1000"));
    // No answer: Renew retransmits (IRT 10 s) until T2 = 160 s, then Rebind.
    h.run_until(bound_at + Duration::from_secs(159));
    let renews: Vec<_> = h
        .sent
        .iter()
        .filter(|(_, t)| t.msg_type == msg::RENEW)
        .map(|(at, _)| *at)
        .collect();
    assert!(
        renews.len() >= 3
            && renews
                .iter()
                .all(|at| *at < bound_at + Duration::from_secs(160))
    );
    h.run_until(bound_at + Duration::from_secs(160));
    assert_eq!(h.last().msg_type, msg::REBIND);
    assert!(
        h.last_msg().server_id.is_none(),
        "Rebind goes to any server"
    );
    // No answer: Rebind until the valid lifetime (300 s), then unbound and
    // a new Solicit.
    h.run_until(bound_at + Duration::from_millis(299_900));
    assert_eq!(h.c.state_name(), "rebinding");
    h.run_until(bound_at + Duration::from_secs(300));
    assert_eq!(h.events, [Event::Bound, Event::Unbound]);
    assert!(h.c.lease().is_none());
    assert_eq!(h.last().msg_type, msg::SOLICIT);
}

/// A router that sleeps through T1 and T2 (the event loop's clock is
/// CLOCK_BOOTTIME, so the next timeout comes at resume) wakes to a
/// Rebind, not a Renew that would run out at once (found by the VM's
/// suspend check); through the valid lifetime, to a new Solicit.
#[test]
fn waking_after_t2_rebinds_and_after_expiry_solicits() {
    let mut h = Harness::new(config());
    h.bind();
    let n = h.sent.len();
    h.now = h.now + Duration::from_secs(165);
    h.input(Input::Timeout);
    assert_eq!(h.types()[n..], [msg::REBIND]);
    assert_eq!(h.c.state_name(), "rebinding");

    let mut h = Harness::new(config());
    h.bind();
    let n = h.sent.len();
    h.now = h.now + Duration::from_secs(400);
    h.input(Input::Timeout);
    assert_eq!(h.events, [Event::Bound, Event::Unbound]);
    assert_eq!(h.types()[n..], [msg::SOLICIT]);
}

#[test]
fn renew_reply_extends_and_keeps_unlisted_leases() {
    let mut h = Harness::new(config());
    h.bind();
    h.run_until(h.now + Duration::from_secs(100));
    // The Reply renews only the address; the prefix stays with its old
    // lifetimes (200 s left of 300).
    let reply = answer(
        msg::REPLY,
        h.last(),
        &[ia(
            opt::IA_NA,
            1,
            100,
            160,
            &[iaaddr("2001:db8:1::1000", 500, 600)],
        )],
    );
    h.deliver(&reply);
    assert_eq!(h.events, [Event::Bound, Event::Updated]);
    let l = h.c.lease().unwrap();
    assert_eq!(l.ia_na.as_ref().unwrap().leases[0].valid, 600);
    let p = &l.ia_pd[0].leases[0];
    assert_eq!((p.preferred, p.valid), (100, 200));
    // Issue 19 item 6: a Reply without DNS servers means no DNS servers
    // (§18.2.10.5: stop using options the Reply no longer carries); this
    // asserted the opposite before.
    assert!(l.info.dns.is_empty(), "{:?}", l.info.dns);
    // Issue 19 item 3: the prefix the Reply left out is still being renewed.
    assert_eq!(h.c.state_name(), "renewing");
}

#[test]
fn zero_t1_t2_are_chosen_by_the_client() {
    let mut h = Harness::new(config());
    let offer = vec![ia(
        opt::IA_NA,
        1,
        0,
        0,
        &[iaaddr("2001:db8:1::1000", 1000, 2000)],
    )];
    h.bind_with(&offer);
    let at = h.now;
    assert_eq!(
        h.c.poll_at(),
        Some(at + Duration::from_secs(500)),
        "T1 = 0.5 × preferred"
    );
    h.run_until(at + Duration::from_secs(800));
    assert_eq!(h.last().msg_type, msg::REBIND, "T2 = 0.8 × preferred");
}

#[test]
fn ia_with_t1_above_t2_is_ignored() {
    let mut h = Harness::new(config());
    h.ra(true, false);
    let bad = vec![ia(
        opt::IA_NA,
        1,
        200,
        100,
        &[iaaddr("2001:db8:1::1000", 300, 400)],
    )];
    let adv = answer(msg::ADVERTISE, h.last(), &bad);
    h.deliver(&adv);
    assert_eq!(h.c.stats.nothing_offered, 1);
    // Addresses with preferred > valid are ignored too (§21.6).
    let bad = vec![ia(
        opt::IA_NA,
        1,
        10,
        20,
        &[iaaddr("2001:db8:1::1000", 500, 400)],
    )];
    let adv = answer(msg::ADVERTISE, h.last(), &bad);
    h.deliver(&adv);
    assert_eq!(h.c.stats.nothing_offered, 2);
}

#[test]
fn no_addrs_avail_on_ia_na_keeps_the_offered_ia_pd() {
    let mut h = Harness::new(config());
    h.ra(true, false);
    let offer = vec![
        ia(opt::IA_NA, 1, 0, 0, &[status_opt(status::NO_ADDRS_AVAIL)]),
        ia(
            opt::IA_PD,
            1,
            100,
            160,
            &[iaprefix("2001:db8:100::", 56, 200, 300)],
        ),
    ];
    let adv = answer(msg::ADVERTISE, h.last(), &offer);
    h.deliver(&adv);
    h.run_until(t(1200));
    assert_eq!(h.last().msg_type, msg::REQUEST);
    let reply = answer(msg::REPLY, h.last(), &offer);
    h.deliver(&reply);
    assert_eq!(h.events, [Event::Bound]);
    let l = h.c.lease().unwrap();
    assert!(l.ia_na.is_none());
    assert_eq!(l.ia_pd[0].leases.len(), 1);
    // -N force would have refused that server.
    let mut cfg = config();
    cfg.ia_na = IaNaMode::Force;
    let mut h = Harness::new(cfg);
    h.ra(true, false);
    let adv = answer(msg::ADVERTISE, h.last(), &offer);
    h.deliver(&adv);
    assert_eq!(h.c.stats.nothing_offered, 1);
}

#[test]
fn no_binding_on_renew_sends_request() {
    let mut h = Harness::new(config());
    h.bind();
    h.run_until(h.now + Duration::from_secs(100));
    let reply = answer(
        msg::REPLY,
        h.last(),
        &[ia(opt::IA_NA, 1, 0, 0, &[status_opt(status::NO_BINDING)])],
    );
    h.deliver(&reply);
    assert_eq!(h.last().msg_type, msg::REQUEST);
    let req = h.last_msg();
    assert_eq!(req.ia_na[0].leases[0].addr, addr("2001:db8:1::1000"));
    let reply = answer(msg::REPLY, h.last(), &leases());
    h.deliver(&reply);
    assert_eq!(h.c.state_name(), "bound");
    assert_eq!(h.events, [Event::Bound, Event::Updated]);
}

/// Kea's answer to a Renew after it moved to another prefix: the old
/// address and prefix at lifetimes 0 next to new ones.
#[test]
fn zero_lifetimes_in_a_renew_reply_withdraw_those_leases() {
    let mut h = Harness::new(config());
    h.bind();
    h.run_until(h.now + Duration::from_secs(100));
    assert_eq!(h.last().msg_type, msg::RENEW);
    let reply = answer(
        msg::REPLY,
        h.last(),
        &[
            ia(
                opt::IA_NA,
                1,
                100,
                160,
                &[
                    iaaddr("2001:db8:2::1000", 200, 300),
                    iaaddr("2001:db8:1::1000", 0, 0),
                ],
            ),
            ia(
                opt::IA_PD,
                1,
                100,
                160,
                &[
                    iaprefix("2001:db8:200::", 56, 200, 300),
                    iaprefix("2001:db8:100::", 56, 0, 0),
                ],
            ),
        ],
    );
    h.deliver(&reply);
    assert_eq!(h.events, [Event::Bound, Event::Updated]);
    let l = h.c.lease().unwrap();
    let na = l.ia_na.as_ref().unwrap();
    let pd = &l.ia_pd[0];
    assert_eq!(na.leases.len(), 1);
    assert_eq!(na.leases[0].addr, addr("2001:db8:2::1000"));
    assert_eq!(pd.leases.len(), 1);
    assert_eq!(pd.leases[0].addr, addr("2001:db8:200::"));
    assert_eq!(pd.withdrawn.as_slice(), [(addr("2001:db8:100::"), 56)]);
}

#[test]
fn unspec_fail_and_use_multicast_keep_retransmitting() {
    for code in [status::UNSPEC_FAIL, status::USE_MULTICAST] {
        let mut h = Harness::new(config());
        h.ra(true, false);
        let adv = answer(msg::ADVERTISE, h.last(), &leases());
        h.deliver(&adv);
        h.run_until(t(1200));
        let reply = answer(msg::REPLY, h.last(), &[status_opt(code)]);
        h.deliver(&reply);
        assert_eq!(h.c.state_name(), "requesting");
        let n = h.sent.len();
        h.run_until(h.now + Duration::from_secs(3));
        assert!(h.sent.len() > n && h.last().msg_type == msg::REQUEST);
    }
}

#[test]
fn request_gives_up_after_mrc_and_solicits_again() {
    let mut h = Harness::new(config());
    h.ra(true, false);
    let adv = answer(msg::ADVERTISE, h.last(), &leases());
    h.deliver(&adv);
    h.run_until(t(400_000));
    let reqs = h.types().iter().filter(|t| **t == msg::REQUEST).count();
    assert_eq!(reqs, 10, "REQ_MAX_RC");
    assert_eq!(h.c.state_name(), "soliciting");
}

#[test]
fn m_flag_true_false_true_while_bound_changes_nothing() {
    let mut h = Harness::new(config());
    h.bind();
    let bound_at = h.now;
    let n = h.sent.len();
    h.ra(false, false);
    h.ra(true, false);
    h.ra(false, true);
    h.ra(true, true);
    assert_eq!(h.sent.len(), n, "no new Solicit");
    assert_eq!(h.c.state_name(), "bound");
    h.run_until(bound_at + Duration::from_secs(100));
    assert_eq!(h.last().msg_type, msg::RENEW, "Renew still at T1");
    assert_eq!(
        h.sent.last().unwrap().0,
        bound_at + Duration::from_secs(100)
    );
}

#[test]
fn late_router_restarts_solicit_at_once_but_rate_limited() {
    let mut h = Harness::new(config());
    h.ra(true, false);
    h.run_until(t(200_000));
    let n = h.sent.len();
    let old_xid = h.last().payload[1..4].to_vec();
    // The same router repeating itself changes nothing (issue 19 item 1).
    h.now = t(200_400);
    h.ra(true, false);
    assert_eq!(h.sent.len(), n);
    // A router that wasn't there before: answered at once.
    h.now = t(200_500);
    h.ra_from(router(2), true, false, &[]);
    assert_eq!(h.sent.len(), n + 1, "restart sends at once");
    assert_eq!(h.sent.last().unwrap().0, t(200_500));
    assert_ne!(h.last().payload[1..4], old_xid[..], "fresh xid");
    // An RA flood, even from ever new routers: at most one restart per RT.
    for (i, ms) in (200_501..201_400).step_by(10).enumerate() {
        h.now = t(ms);
        h.ra_from(router(10 + i as u16), true, false, &[]);
    }
    assert_eq!(h.sent.len(), n + 1);
    h.now = t(201_600);
    h.ra_from(router(3), true, false, &[]);
    assert!(h.sent.len() <= n + 3);
}

#[test]
fn informed_client_moves_to_stateful_on_m() {
    let mut h = Harness::new(config());
    h.ra(false, true);
    let reply = answer(msg::REPLY, h.last(), &[]);
    h.deliver(&reply);
    h.ra(true, true);
    assert_eq!(h.last().msg_type, msg::SOLICIT);
}

#[test]
fn rapid_commit_binds_on_a_reply_to_solicit() {
    let mut cfg = config();
    cfg.rapid_commit = true;
    let mut h = Harness::new(cfg);
    h.ra(true, false);
    assert!(h.last_msg().rapid_commit);
    let reply = answer(
        msg::REPLY,
        h.last(),
        &cat_opts(leases(), o(opt::RAPID_COMMIT, &[])),
    );
    h.deliver(&reply);
    assert_eq!(h.events, [Event::Bound]);
    assert_eq!(h.types(), [msg::SOLICIT]);
}

#[test]
fn stop_releases_then_stops_within_budget() {
    let mut h = Harness::new(config());
    h.bind();
    let at = h.now;
    h.input(Input::Stop);
    assert_eq!(h.last().msg_type, msg::RELEASE);
    let rel = h.last_msg();
    assert_eq!(rel.server_id.as_deref(), Some(SERVER_DUID));
    assert_eq!(rel.ia_na[0].leases[0].addr, addr("2001:db8:1::1000"));
    assert_eq!(h.events, [Event::Bound, Event::Unbound]);
    // Unanswered: gives up within the stop budget (3 s).
    h.run_until(at + Duration::from_secs(10));
    assert_eq!(h.events.last(), Some(&Event::Stopped));
    assert!(
        h.sent
            .iter()
            .all(|(t, _)| *t <= at + Duration::from_secs(3))
    );
    // Answered: stops at once.
    let mut h = Harness::new(config());
    h.bind();
    h.input(Input::Stop);
    let reply = answer(msg::REPLY, h.last(), &[status_opt(status::SUCCESS)]);
    h.deliver(&reply);
    assert_eq!(h.events, [Event::Bound, Event::Unbound, Event::Stopped]);
    assert_eq!(h.c.poll_at(), None);
}

#[test]
fn stop_without_release_when_told() {
    let mut cfg = config();
    cfg.release_on_stop = false;
    let mut h = Harness::new(cfg);
    h.bind();
    let n = h.sent.len();
    h.input(Input::Stop);
    assert_eq!(h.sent.len(), n);
    assert_eq!(h.events, [Event::Bound, Event::Unbound, Event::Stopped]);
}

#[test]
fn link_up_confirms_addresses() {
    // Addresses only: Confirm (with delegated prefixes it is a Rebind,
    // tests_rfc.rs), after a random delay of up to CNF_MAX_DELAY.
    let mut h = Harness::new(config_na());
    h.bind();
    h.input(Input::LinkDown);
    h.input(Input::LinkUp);
    h.run_until(h.now + Duration::from_millis(1000));
    assert_eq!(h.last().msg_type, msg::CONFIRM);
    let c = h.last_msg();
    assert!(c.server_id.is_none());
    assert_eq!(c.ia_na[0].leases[0].addr, addr("2001:db8:1::1000"));
    // NotOnLink: the binding is gone, Solicit again.
    let reply = answer(msg::REPLY, h.last(), &[status_opt(status::NOT_ON_LINK)]);
    h.deliver(&reply);
    assert_eq!(h.events, [Event::Bound, Event::Unbound]);
    assert_eq!(h.last().msg_type, msg::SOLICIT);

    // Success keeps it; silence for CNF_MAX_RD (10 s) keeps it too.
    let mut h = Harness::new(config_na());
    h.bind();
    h.input(Input::LinkDown);
    h.input(Input::LinkUp);
    let at = h.now;
    h.run_until(at + Duration::from_secs(12));
    assert_eq!(h.c.state_name(), "bound");
    let confirms = h.types().iter().filter(|t| **t == msg::CONFIRM).count();
    assert!(confirms >= 3, "{confirms}");
}

#[test]
fn dad_failure_declines_the_address() {
    let mut h = Harness::new(config());
    h.bind();
    h.input(Input::DadFailed(addr("2001:db8:1::1000")));
    assert_eq!(h.last().msg_type, msg::DECLINE);
    let d = h.last_msg();
    assert_eq!(d.server_id.as_deref(), Some(SERVER_DUID));
    assert_eq!(d.ia_na[0].leases[0].addr, addr("2001:db8:1::1000"));
    assert!(
        h.c.lease().unwrap().ia_na.is_none(),
        "declined address is no longer ours"
    );
    assert_eq!(h.events, [Event::Bound, Event::Updated]);
    let reply = answer(msg::REPLY, h.last(), &[status_opt(status::SUCCESS)]);
    h.deliver(&reply);
    // The prefix remains; the next Renew asks for a new address.
    assert_eq!(h.c.state_name(), "bound");
    h.run_until(h.now + Duration::from_secs(100));
    let renew = h.last_msg();
    assert_eq!(renew.msg_type, msg::RENEW);
    assert!(renew.ia_na[0].leases.is_empty());
    // A DAD failure for an address that isn't ours means nothing.
    let n = h.sent.len();
    h.input(Input::DadFailed(addr("2001:db8:1::99")));
    assert_eq!(h.sent.len(), n);
}

/// An address for 300 s and a prefix valid for only 2 s.
pub(super) fn short_prefix_offer() -> Vec<Vec<u8>> {
    vec![
        ia(
            opt::IA_NA,
            1,
            100,
            160,
            &[iaaddr("2001:db8:1::1000", 200, 300)],
        ),
        ia(
            opt::IA_PD,
            1,
            100,
            160,
            &[iaprefix("2001:db8:100::", 56, 1, 2)],
        ),
    ]
}

#[test]
fn leases_expire_while_declining() {
    // Found by fuzz/ (client target): a prefix whose valid lifetime ended
    // while the Decline of an address was still retransmitted stayed in
    // the lease (no timer for it) until the Decline was over.
    let mut h = Harness::new(config());
    h.bind_with(&short_prefix_offer());
    assert_eq!(h.c.state_name(), "bound");
    let bound_at = h.now;
    h.input(Input::DadFailed(addr("2001:db8:1::1000")));
    assert_eq!(h.c.state_name(), "declining");
    // The Decline is not answered; its retransmissions outlast the prefix.
    let expiry = bound_at + Duration::from_secs(2);
    assert!(h.c.poll_at().unwrap() <= expiry, "no timer for the prefix");
    h.run_until(expiry);
    assert_eq!(h.c.state_name(), "declining");
    let l = h.c.lease().unwrap();
    assert!(l.ia_pd.iter().all(|b| b.leases.is_empty()), "{l:?}");
    assert_eq!(h.events.last(), Some(&Event::Updated));
    assert!(h.c.poll_at().unwrap() > h.now);
}

#[test]
fn leases_expire_while_confirming() {
    // Found by fuzz/ (client target): poll_at() included the lease's
    // expiry while confirming, but a Timeout then did nothing, so the
    // deadline stayed in the past and the event loop spun until the next
    // Confirm retransmission.
    let mut h = Harness::new(config_na());
    let offer = vec![ia(
        opt::IA_NA,
        1,
        100,
        160,
        &[
            iaaddr("2001:db8:1::1000", 200, 300),
            iaaddr("2001:db8:1::2000", 1, 2),
        ],
    )];
    h.bind_with(&offer);
    let bound_at = h.now;
    h.input(Input::LinkDown);
    h.input(Input::LinkUp);
    assert_eq!(h.c.state_name(), "confirming");
    let expiry = bound_at + Duration::from_secs(2);
    assert!(h.c.poll_at().unwrap() <= expiry);
    // Step by hand: run_until would loop forever on a stuck deadline.
    h.now = expiry;
    h.input(Input::Timeout);
    assert!(h.c.poll_at().unwrap() > h.now, "deadline left in the past");
    assert_eq!(h.c.state_name(), "confirming");
    let na = h.c.lease().unwrap().ia_na.as_ref().unwrap();
    assert_eq!(na.leases.len(), 1, "{na:?}");
    assert_eq!(h.events.last(), Some(&Event::Updated));
}

/// A Reconfigure signed with `key`, replay counter `replay`.
pub(super) fn reconfigure(key: &[u8; 16], replay: u64, kind: u8) -> Vec<u8> {
    let mut b = vec![msg::RECONFIGURE, 0, 0, 0];
    b.extend(o(opt::CLIENTID, MY_DUID));
    b.extend(o(opt::SERVERID, SERVER_DUID));
    b.extend(o(opt::RECONF_MSG, &[kind]));
    let mut auth = vec![3, 1, 0];
    auth.extend_from_slice(&replay.to_be_bytes());
    auth.push(2);
    auth.extend_from_slice(&[0; 16]);
    b.extend(o(opt::AUTH, &auth));
    let at = b.len() - 16;
    let d = auth::hmac_md5(key, &[&b]);
    b[at..].copy_from_slice(&d);
    b
}

pub(super) fn key_option(key: &[u8; 16], replay: u64) -> Vec<u8> {
    let mut auth = vec![3, 1, 0];
    auth.extend_from_slice(&replay.to_be_bytes());
    auth.push(1);
    auth.extend_from_slice(key);
    o(opt::AUTH, &auth)
}

#[test]
fn reconfigure_needs_the_right_key_and_a_fresh_counter() {
    let key = [0x42u8; 16];
    let mut h = Harness::new(config());
    h.ra(true, false);
    let adv = answer(msg::ADVERTISE, h.last(), &leases());
    h.deliver(&adv);
    h.run_until(t(1200));
    let reply = answer(
        msg::REPLY,
        h.last(),
        &cat_opts(leases(), key_option(&key, 5)),
    );
    h.deliver(&reply);
    let n = h.sent.len();
    // Wrong key.
    h.deliver(&reconfigure(&[0x43; 16], 6, msg::RENEW));
    // Replayed counter.
    h.deliver(&reconfigure(&key, 5, msg::RENEW));
    // Tampered after signing.
    let mut tampered = reconfigure(&key, 6, msg::RENEW);
    let at = tampered.iter().rposition(|b| *b == msg::RENEW).unwrap();
    tampered[at] = msg::REBIND;
    h.deliver(&tampered);
    assert_eq!(h.sent.len(), n);
    assert_eq!(h.c.stats.bad_reconfigure, 3);
    // The real thing: Renew at once, before T1.
    h.deliver(&reconfigure(&key, 6, msg::RENEW));
    assert_eq!(h.last().msg_type, msg::RENEW);
    let reply = answer(msg::REPLY, h.last(), &leases());
    h.deliver(&reply);
    // The same message again is a replay now.
    h.deliver(&reconfigure(&key, 6, msg::REBIND));
    assert_eq!(h.c.stats.bad_reconfigure, 4);
    h.deliver(&reconfigure(&key, 7, msg::REBIND));
    assert_eq!(h.last().msg_type, msg::REBIND);
}

#[test]
fn reconfigure_refused_without_key_or_when_disabled() {
    let mut cfg = config();
    cfg.accept_reconfigure = false;
    let mut h = Harness::new(cfg);
    h.bind();
    assert!(
        !h.sent
            .iter()
            .any(|(_, t)| wire::decode(&t.payload).unwrap().reconf_accept)
    );
    let n = h.sent.len();
    h.deliver(&reconfigure(&[0; 16], 1, msg::RENEW));
    assert_eq!(h.sent.len(), n);
    let mut h = Harness::new(config());
    h.bind();
    let n = h.sent.len();
    h.deliver(&reconfigure(&[0; 16], 1, msg::RENEW));
    assert_eq!(h.sent.len(), n, "no key was delivered");
}

#[test]
fn renew_signal_and_restart_signal() {
    let mut h = Harness::new(config());
    h.bind();
    h.input(Input::Renew);
    assert_eq!(h.last().msg_type, msg::RENEW);
    let reply = answer(msg::REPLY, h.last(), &leases());
    h.deliver(&reply);
    h.input(Input::Restart);
    assert_eq!(h.last().msg_type, msg::RELEASE);
    let reply = answer(msg::REPLY, h.last(), &[]);
    h.deliver(&reply);
    assert_eq!(h.last().msg_type, msg::SOLICIT, "M was seen: start over");
}

#[test]
fn startup_mode_solicits_without_an_ra() {
    let mut cfg = config();
    cfg.startup_solicit = true;
    let mut c = Client::new(cfg, 9, t(0));
    assert_eq!(c.poll_at(), Some(t(0)));
    c.process(t(0), Input::Timeout);
    assert_eq!(c.poll_transmit().unwrap().msg_type, msg::SOLICIT);
}

#[test]
fn addresses_expire_individually() {
    let mut h = Harness::new(config());
    let offer = vec![ia(
        opt::IA_NA,
        1,
        1000,
        1600,
        &[
            iaaddr("2001:db8:1::1", 10, 20),
            iaaddr("2001:db8:1::2", 3000, 4000),
        ],
    )];
    h.bind_with(&offer);
    h.run_until(h.now + Duration::from_secs(21));
    assert_eq!(h.events, [Event::Bound, Event::Updated]);
    assert_eq!(h.c.lease().unwrap().ia_na.as_ref().unwrap().leases.len(), 1);
}

#[test]
fn nothing_panics_on_garbage_in_any_state() {
    // A cheap in-tree stand-in for the fuzzer: random bytes and random
    // inputs never panic and never leave a deadline in the past.
    let mut rng = rng::Rng::new(0xfeed);
    for round in 0..200 {
        let mut h = Harness::new(config());
        if round % 2 == 0 {
            h.bind();
        }
        for _ in 0..50 {
            let len = rng.below(120) as usize;
            let mut b: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
            if b.len() > 4 && rng.below(2) == 0 {
                b[0] = [2, 7, 10][rng.below(3) as usize];
            }
            if let Ok(m) = wire::decode(&b) {
                h.input(Input::Message {
                    msg: &m,
                    raw: &b,
                    src: server_ll(),
                    dst: CLIENT_LL,
                });
            }
            h.now = h.now + Duration::from_millis(rng.below(5000));
            h.input(Input::Timeout);
            if let Some(at) = h.c.poll_at() {
                assert!(
                    at >= h.now - Duration::from_millis(1) || h.c.state_name() == "bound",
                    "{}",
                    h.c.state_name()
                );
            }
        }
    }
}

#[test]
fn renew_reply_with_valid_zero_withdraws_that_lease() {
    let mut h = Harness::new(config());
    h.bind();
    h.run_until(h.now + Duration::from_secs(100));
    let reply = answer(
        msg::REPLY,
        h.last(),
        &[
            ia(opt::IA_NA, 1, 100, 160, &[iaaddr("2001:db8:1::1000", 0, 0)]),
            ia(
                opt::IA_PD,
                1,
                100,
                160,
                &[iaprefix("2001:db8:100::", 56, 200, 300)],
            ),
        ],
    );
    h.deliver(&reply);
    let l = h.c.lease().unwrap();
    assert!(
        l.ia_na.is_none(),
        "valid 0 withdraws the address (§18.2.10.1)"
    );
    assert_eq!(l.ia_pd[0].leases.len(), 1);
}

#[test]
fn infinite_lifetimes_never_renew_and_never_expire() {
    let mut h = Harness::new(config());
    let offer = vec![ia(
        opt::IA_NA,
        1,
        0xffff_ffff,
        0xffff_ffff,
        &[iaaddr("2001:db8:1::1000", 0xffff_ffff, 0xffff_ffff)],
    )];
    h.bind_with(&offer);
    assert_eq!(h.c.state_name(), "bound");
    assert_eq!(
        h.c.poll_at(),
        None,
        "no timer at all: 0 wake-ups while idle"
    );
}

#[test]
fn messages_while_idle_are_counted_and_ignored() {
    // Even a well-formed Reply means nothing when no exchange is running.
    // (A second Server ID would not get this far: wire::decode refuses it.)
    let mut h = Harness::new(config());
    let mut b = vec![msg::REPLY, 1, 2, 3];
    b.extend(o(opt::CLIENTID, MY_DUID));
    b.extend(o(opt::SERVERID, SERVER_DUID));
    h.deliver(&b);
    assert_eq!(h.c.state_name(), "idle");
    assert_eq!(h.c.stats.unexpected, 1);
    assert!(h.sent.is_empty() && h.events.is_empty());
}

/// Option codes of a message the client sent.
fn sent_codes(tx: &Transmit) -> Vec<u16> {
    wire::options(&tx.payload[4..]).map(|(c, _)| c).collect()
}

/// odhcp6c's Client FQDN (dhcpv6.c `dhcpv6_send`, RFC 4704 §5): in
/// Solicit, Request, Renew and Rebind, as configured; never in
/// Information-Request, Confirm, Release or Decline.
#[test]
fn client_fqdn_only_where_rfc_4704_allows_it() {
    let fqdn = b"\x00\x07OpenWrt\x00";
    // Addresses only: with a prefix, link-up is a Rebind, and an O-only
    // RA a Solicit (RFC 7084 WPD-4).
    let mut cfg = config_na();
    cfg.fqdn = Some(fqdn.to_vec());
    let mut h = Harness::new(cfg.clone());
    h.bind();
    h.run_until(h.now + Duration::from_secs(161)); // Renew at T1, Rebind at T2
    h.input(Input::LinkDown);
    h.input(Input::LinkUp);
    h.run_until(h.now + Duration::from_secs(1)); // Confirm (CNF_MAX_DELAY)
    h.input(Input::Stop); // Release
    let mut seen = vec![];
    for (_, tx) in &h.sent {
        let with = sent_codes(tx).contains(&opt::CLIENT_FQDN);
        let should = matches!(
            tx.msg_type,
            msg::SOLICIT | msg::REQUEST | msg::RENEW | msg::REBIND
        );
        assert_eq!(with, should, "message type {}", tx.msg_type);
        if with {
            let body = wire::options(&tx.payload[4..])
                .find(|(c, _)| *c == opt::CLIENT_FQDN)
                .unwrap()
                .1;
            assert_eq!(body, fqdn);
        }
        seen.push(tx.msg_type);
    }
    for t in [
        msg::SOLICIT,
        msg::REQUEST,
        msg::RENEW,
        msg::REBIND,
        msg::CONFIRM,
        msg::RELEASE,
    ] {
        assert!(seen.contains(&t), "no message type {t} in {seen:?}");
    }
    // Stateless: none in the Information-Request.
    let mut h = Harness::new(cfg);
    h.ra(false, true);
    assert_eq!(h.last().msg_type, msg::INFORMATION_REQUEST);
    assert!(!sent_codes(h.last()).contains(&opt::CLIENT_FQDN));
    // -f: none at all.
    let mut h = Harness::new(config());
    h.bind();
    assert!(
        h.sent
            .iter()
            .all(|(_, tx)| !sent_codes(tx).contains(&opt::CLIENT_FQDN))
    );
}

/// odhcp6c's -F (IA_PD mode "force", dhcpv6.c:1380): an Advertise that
/// offers no prefix is no offer; one that does is taken.
#[test]
fn force_pd_ignores_advertises_without_a_prefix() {
    let mut cfg = config();
    cfg.force_pd = true;
    let no_pd = vec![ia(
        opt::IA_NA,
        1,
        100,
        160,
        &[iaaddr("2001:db8:1::1000", 200, 300)],
    )];
    let mut h = Harness::new(cfg.clone());
    h.ra(true, false);
    let adv = answer(msg::ADVERTISE, h.last(), &no_pd);
    h.deliver(&adv);
    h.run_until(t(1200));
    assert_eq!(h.c.stats.nothing_offered, 1);
    assert_ne!(h.last().msg_type, msg::REQUEST);
    // Without -F the same Advertise is taken (IA_NA only).
    let mut h = Harness::new(config());
    h.bind_with(&no_pd);
    assert_eq!(h.c.state_name(), "bound");
    // With -F a prefix offer binds as usual.
    let mut h = Harness::new(cfg);
    h.bind();
}
