//! The RA state on the simulated clock, with what netifd makes of the
//! state script's reports (`netifd::Netifd`) checked every second.

use core::net::Ipv6Addr;
use core::time::Duration;

use super::netifd::Netifd;
use super::*;
use crate::ra::{RaEvent, RaPrefix, RaRoute};
use crate::script::{RaView, ScriptContext, environment};

fn a(s: &str) -> Ipv6Addr {
    s.parse().unwrap()
}

fn secs(s: u64) -> Instant {
    Instant::from_secs(s)
}

const R1: &str = "fe80::1";
const R2: &str = "fe80::2";
const IID: [u8; 8] = [0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55];

/// An RA from `router` with `lifetime`, M=1, nothing else.
fn ra(router: &str, lifetime: u16) -> RaEvent {
    RaEvent {
        ifindex: 2,
        source: Some(a(router)),
        managed: true,
        cur_hop_limit: 64,
        router_lifetime: lifetime,
        ..RaEvent::default()
    }
}

fn pio(ev: &mut RaEvent, p: &str, valid: u32, preferred: u32) {
    ev.prefixes
        .push(RaPrefix {
            prefix: a(p),
            len: 64,
            on_link: true,
            autonomous: true,
            pd_preferred: false,
            valid,
            preferred,
        })
        .unwrap();
}

fn rio(ev: &mut RaEvent, p: &str, len: u8, pref: i8, lifetime: u32) {
    ev.routes
        .push(RaRoute {
            prefix: a(p),
            len,
            preference: pref,
            lifetime,
        })
        .unwrap();
}

/// The ISP router of the issue: router lifetime 1800, a /64 for SLAAC,
/// DNS and a search domain.
fn isp_ra() -> RaEvent {
    let mut ev = ra(R1, 1800);
    pio(&mut ev, "2001:db8:1::", 86400, 14400);
    ev.rdnss.push((a("2001:db8:1::53"), 1800)).unwrap();
    ev.dnssl
        .push(("isp.example".try_into().unwrap(), 1800))
        .unwrap();
    ev.mtu = Some(1492);
    ev
}

fn cfg() -> RaConfig {
    RaConfig {
        holdoff: Duration::from_secs(3),
        ..RaConfig::default()
    }
}

fn state() -> RaState {
    let mut s = RaState::new(cfg());
    s.set_iid(Instant::ZERO, Some(IID));
    s.set_reporting(true);
    s
}

fn env_of(s: &RaState, now: Instant) -> Vec<(String, String)> {
    environment(&ScriptContext {
        now,
        bound: true,
        lease: None,
        info: None,
        server: None,
        ra: Some(RaView { state: s }),
        history: None,
    })
    .pairs()
}

fn var(env: &[(String, String)], k: &str) -> String {
    env.iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// The event loop's part, in small: RAs in, `ra-updated` when due, and
/// netifd's copy of what the script said, aged every second.
struct Sim {
    ra: RaState,
    netifd: Netifd,
    now: Instant,
    /// When each `ra-updated` ran.
    calls: Vec<Instant>,
    /// The old event loop: a script call only for an RA that differs from
    /// the one before (what lost the default route, issue 15).
    changes_only: bool,
    last_ev: Option<RaEvent>,
}

impl Sim {
    fn new() -> Sim {
        let mut sim = Sim {
            ra: state(),
            netifd: Netifd::default(),
            now: Instant::ZERO,
            calls: Vec::new(),
            changes_only: false,
            last_ev: None,
        };
        // Bound at 0 (T1 a day away: DHCPv6 says nothing more).
        sim.call("bound");
        sim
    }

    fn call(&mut self, state: &str) {
        let env = env_of(&self.ra, self.now);
        self.netifd.script(self.now, state, &env);
        self.ra.reported(self.now, state == "ra-updated");
        if state == "ra-updated" {
            self.calls.push(self.now);
        }
    }

    fn ra(&mut self, ev: &RaEvent) {
        self.ra.ingest(self.now, ev);
        if self.changes_only && self.last_ev.as_ref() != Some(ev) {
            self.call("ra-updated");
        }
        self.last_ev = Some(ev.clone());
    }

    /// Run the timers due by `now` (the loop's `timers()`).
    fn timers(&mut self) {
        self.ra.expire(self.now);
        if !self.changes_only && self.ra.update_due().is_some_and(|t| t <= self.now) {
            self.call("ra-updated");
        }
    }

    /// Advance to `until`, delivering `feed`'s RAs at their times and
    /// waking at `poll_at()`, with netifd's tick every second; `check`
    /// looks at netifd after each tick.
    fn run(
        &mut self,
        until: Instant,
        mut feed: impl FnMut(Instant) -> Option<(Instant, Vec<RaEvent>)>,
        mut check: impl FnMut(&Netifd, Instant),
    ) {
        let mut next = feed(self.now);
        let mut tick = Instant::from_secs(self.now.as_millis() / 1000 + 1);
        while tick <= until {
            let mut spins = 0;
            loop {
                let ra_at = next.as_ref().map(|(t, _)| *t);
                let wake = ra_at.into_iter().chain(self.ra.poll_at()).min();
                match wake {
                    Some(w) if w <= tick => {
                        self.now = self.now.max(w);
                        if ra_at.is_some_and(|t| t <= self.now) {
                            let (_, evs) = next.take().unwrap();
                            for ev in &evs {
                                self.ra(ev);
                            }
                            next = feed(self.now);
                        }
                        self.timers();
                    }
                    _ => break,
                }
                spins += 1;
                assert!(spins < 1000, "poll_at() stuck at {:?}", self.now);
            }
            self.now = tick;
            self.timers();
            self.netifd.tick(tick);
            check(&self.netifd, tick);
            tick = tick + Duration::from_secs(1);
        }
    }
}

/// radvd's spacing: MaxRtrAdvInterval 600, MinRtrAdvInterval 198 (its
/// default 0.33 × max), uniformly between (xorshift, fixed seed).
fn radvd_interval(x: &mut u32) -> Duration {
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    Duration::from_millis(198_000 + u64::from(*x) % 402_000)
}

const ADDR: &str = "2001:db8:1:0:211:22ff:fe33:4455/64";

/// The case: identical RAs for 24 h, router lifetime 1800 s, no
/// DHCPv6 event (T1 86400 s). netifd must never lose `::/0`, the SLAAC
/// address or the on-link route.
#[test]
fn day_of_identical_ras_netifd_never_loses_the_default_route() {
    let mut sim = Sim::new();
    let ev = isp_ra();
    let mut x = 7;
    let mut ras = 0;
    let mut lost = Vec::new();
    let mut at = Instant::ZERO;
    sim.run(
        secs(86400),
        |_| {
            ras += 1;
            let this = at;
            at = at + radvd_interval(&mut x);
            Some((this, vec![ev.clone()]))
        },
        |n, t| {
            if t > secs(600)
                && !(n.has_route_via("::/0", R1)
                    && n.has_addr(ADDR)
                    && n.has_route("2001:db8:1::/64"))
            {
                lost.push(t);
            }
        },
    );
    assert!(lost.is_empty(), "netifd lost entries at {:?}", &lost[..1]);
    // One report per refresh, not per RA.
    let calls = sim.calls.len();
    assert!(
        calls > 40 && calls < ras,
        "{calls} ra-updated for {ras} RAs"
    );
    // The last report is current: lifetimes counted from its time.
    let env = env_of(&sim.ra, sim.now);
    assert!(var(&env, "RA_ROUTES").starts_with("::/0,fe80::1,"));
    assert_eq!(var(&env, "RA_DNS"), "2001:db8:1::53");
    assert_eq!(var(&env, "RA_DOMAINS"), "isp.example");
    assert_eq!(var(&env, "RA_MTU"), "1492");
}

/// The same run with the old loop (a call only when the RA differs):
/// netifd drops the default route 1800 s after the one report. Shows the
/// check above can fail.
#[test]
fn changes_only_policy_loses_the_default_route() {
    let mut sim = Sim::new();
    sim.changes_only = true;
    sim.ra.set_reporting(false);
    let ev = isp_ra();
    let mut x = 7;
    let mut first_loss = None;
    let mut at = Instant::ZERO;
    sim.run(
        secs(7200),
        |_| {
            let this = at;
            at = at + radvd_interval(&mut x);
            Some((this, vec![ev.clone()]))
        },
        |n, t| {
            if t > secs(1) && !n.has_route("::/0") && first_loss.is_none() {
                first_loss = Some(t);
            }
        },
    );
    let lost = first_loss.expect("the old policy must lose ::/0");
    assert!(lost > secs(1799) && lost <= secs(1802), "lost at {lost:?}");
    assert_eq!(sim.calls.len(), 1);
}

/// A Thread border router beside the ISP's: router lifetime 0 and RIOs.
/// It must not take the ISP's default route away, and its RIOs (via it)
/// and its prefix come in; its DNS goes with its zero router lifetime
/// (odhcp6c's cap), unless -L.
#[test]
fn second_router_with_lifetime_zero_and_rios() {
    let mut br = ra(R2, 0);
    br.managed = false;
    rio(&mut br, "fd00:1::", 64, 1, 1800);
    rio(&mut br, "fd00:2::", 48, 0, 1800);
    pio(&mut br, "fd00:3::", 1800, 1800);
    br.rdnss.push((a("fd00:3::53"), 1800)).unwrap();

    let mut sim = Sim::new();
    let isp = isp_ra();
    // ISP every 600 s, BR every 200 s, interleaved.
    let mut n = 0u64;
    let mut missing = Vec::new();
    sim.run(
        secs(7200),
        |now| {
            n += 1;
            let ev = if n % 4 == 1 { isp.clone() } else { br.clone() };
            Some((now + Duration::from_secs(150), vec![ev]))
        },
        |nf, t| {
            let ok = nf.has_route_via("::/0", R1)
                && !nf.has_route_via("::/0", R2)
                && nf.has_route_via("fd00:1::/64", R2)
                && nf.has_route_via("fd00:2::/48", R2)
                && nf.has_route("fd00:3::/64")
                && nf.has_addr("fd00:3::211:22ff:fe33:4455/64");
            if t > secs(400) && !ok {
                missing.push((t, nf.routes.clone()));
            }
        },
    );
    assert!(missing.is_empty(), "{:?}", &missing[..1]);
    let env = env_of(&sim.ra, sim.now);
    let routes = var(&env, "RA_ROUTES");
    // The RIO's preference high → metric 384, medium → 512.
    assert!(routes.contains("fd00:1::/64,fe80::2,"), "{routes}");
    assert!(
        routes
            .split(' ')
            .any(|r| r.starts_with("fd00:1::/64,fe80::2,") && r.ends_with(",384")),
        "{routes}"
    );
    assert_eq!(var(&env, "RA_DNS"), "2001:db8:1::53");

    // -L: the BR's DNS stays.
    let mut s = RaState::new(RaConfig {
        keep_dns_lifetime: true,
        ..cfg()
    });
    s.ingest(secs(0), &isp);
    s.ingest(secs(1), &br);
    assert_eq!(
        var(&env_of(&s, secs(2)), "RA_DNS"),
        "2001:db8:1::53 fd00:3::53"
    );
}

/// RFC 4861 §6.2.3: a router may split its options over several RAs.
/// Each RA updates what it carries; the rest stays.
#[test]
fn options_split_over_several_ras_merge() {
    let mut s = state();
    let mut ra1 = ra(R1, 1800);
    pio(&mut ra1, "2001:db8:1::", 3600, 3600);
    ra1.rdnss.push((a("2001:db8::53"), 1800)).unwrap();
    let mut ra2 = ra(R1, 1800);
    pio(&mut ra2, "2001:db8:2::", 3600, 3600);
    ra2.dnssl
        .push(("b.example".try_into().unwrap(), 1800))
        .unwrap();
    s.ingest(secs(0), &ra1);
    s.ingest(secs(1), &ra2);
    let env = env_of(&s, secs(2));
    assert_eq!(
        var(&env, "RA_ADDRESSES"),
        "2001:db8:1:0:211:22ff:fe33:4455/64,3598,3598,0,0 \
         2001:db8:2:0:211:22ff:fe33:4455/64,3599,3599,0,0"
    );
    assert_eq!(
        var(&env, "RA_ROUTES"),
        "::/0,fe80::1,1799,512 2001:db8:1::/64,,3598,256 2001:db8:2::/64,,3599,256"
    );
    assert_eq!(var(&env, "RA_DNS"), "2001:db8::53");
    assert_eq!(var(&env, "RA_DOMAINS"), "b.example");
}

/// The hook cut an RA's options at 1024 octets (A_OPTIONS_TRUNC): the
/// cut RA refreshes what it carries and drops nothing it left out.
#[test]
fn truncated_option_list_is_not_taken_as_complete() {
    let mut s = state();
    let mut full = ra(R1, 1800);
    pio(&mut full, "2001:db8:1::", 3600, 3600);
    pio(&mut full, "2001:db8:2::", 3600, 3600);
    s.ingest(secs(0), &full);
    let mut cut = ra(R1, 1800);
    pio(&mut cut, "2001:db8:1::", 7200, 7200);
    cut.options_truncated = true;
    s.ingest(secs(10), &cut);
    assert_eq!(s.stats.truncated, 1);
    let env = env_of(&s, secs(10));
    assert_eq!(
        var(&env, "RA_ADDRESSES"),
        "2001:db8:1:0:211:22ff:fe33:4455/64,7200,7200,0,0 \
         2001:db8:2:0:211:22ff:fe33:4455/64,3590,3590,0,0"
    );
}

/// A prefix and an RDNSS the router stops sending lapse, each at its own
/// time, and the script hears both times; when they come back, it hears
/// at once.
#[test]
fn prefix_and_rdnss_lapse_and_return() {
    let mut sim = Sim::new();
    let mut ev = ra(R1, 1800);
    pio(&mut ev, "2001:db8:7::", 120, 60);
    ev.rdnss.push((a("2001:db8::53"), 40)).unwrap();
    sim.ra(&ev);
    sim.timers();
    assert_eq!(sim.calls, [secs(0)]);
    assert_eq!(sim.netifd.dns, ["2001:db8::53"]);
    // Only the router itself from 10 s on.
    let bare = ra(R1, 1800);
    let mut dns_gone = None;
    let mut pfx_gone = None;
    sim.run(
        secs(200),
        |now| Some((now + Duration::from_secs(10), vec![bare.clone()])),
        |n, t| {
            if n.dns.is_empty() && dns_gone.is_none() {
                dns_gone = Some(t);
            }
            if !n.has_route("2001:db8:7::/64") && pfx_gone.is_none() {
                pfx_gone = Some(t);
            }
        },
    );
    // netifd has no lifetime on DNS: it goes when the script says so.
    assert_eq!(dns_gone, Some(secs(40)));
    assert!(sim.calls.contains(&secs(40)), "{:?}", sim.calls);
    assert!(sim.calls.contains(&secs(120)), "{:?}", sim.calls);
    assert!(pfx_gone.is_some_and(|t| t <= secs(121)), "{pfx_gone:?}");
    assert!(!sim.netifd.has_addr("2001:db8:7:0:211:22ff:fe33:4455/64"));
    assert!(sim.netifd.has_route_via("::/0", R1));
    // Back: reported at once (the hold-off has long passed).
    sim.ra(&ev);
    sim.timers();
    assert_eq!(sim.calls.last(), Some(&secs(200)));
    assert_eq!(sim.netifd.dns, ["2001:db8::53"]);
    assert!(sim.netifd.has_addr("2001:db8:7:0:211:22ff:fe33:4455/64"));
}

/// A new prefix in every RA (the lab's flood, 10/s after the trigger's
/// rate limit, 8 prefixes each): the tables stay within capacity, what
/// doesn't fit is counted, the real router's repeated prefix stays, and
/// the script is called at most once per hold-off.
#[test]
fn new_prefix_flood_stays_within_capacity() {
    let mut sim = Sim::new();
    let real = isp_ra();
    sim.ra(&real);
    sim.ra(&real); // seen twice: a prefix the router keeps sending
    sim.timers();
    let mut n: u32 = 0;
    let mut worst = 0;
    sim.run(
        secs(1000),
        |now| {
            n += 1;
            let mut ev = ra(R1, 1800);
            for i in 0..8u32 {
                let k = n * 8 + i;
                let p = Ipv6Addr::new(
                    0x2001,
                    0xdb8,
                    0xf000 | (k >> 16) as u16,
                    k as u16,
                    0,
                    0,
                    0,
                    0,
                );
                pio(&mut ev, &p.to_string(), 86400, 86400);
            }
            let mut evs = vec![ev];
            if n.is_multiple_of(3000) {
                evs.push(real.clone());
            }
            Some((now + Duration::from_millis(100), evs))
        },
        |_, _| {},
    );
    for (held, cap) in sim.ra.occupancy() {
        assert!(held <= cap);
        worst = worst.max(held);
    }
    assert_eq!(worst, MAX_ENTRIES);
    // 8 new prefixes per RA into full on-link and SLAAC tables.
    let fed = u64::from(n - 1) * 8;
    assert!(sim.ra.stats.evicted >= 2 * (fed - 32), "{:?}", sim.ra.stats);
    assert!(sim.netifd.has_route("2001:db8:1::/64"));
    assert!(sim.netifd.has_addr(ADDR));
    assert!(sim.netifd.has_route_via("::/0", R1));
    // At most one ra-updated per 3 s hold-off.
    for w in sim.calls.windows(2) {
        assert!(w[1].since(w[0]) >= Duration::from_secs(3), "{:?}", w);
    }
    assert!(sim.calls.len() <= 1000 / 3 + 1, "{}", sim.calls.len());
}

/// A change within the hold-off waits for its end; a cut lifetime is a
/// change (netifd must not keep the longer one); values outside odhcp6c's
/// ranges leave the last valid one.
#[test]
fn holdoff_cut_lifetime_and_params() {
    let mut s = state();
    let mut ev = ra(R1, 1800);
    ev.mtu = Some(1500);
    ev.reachable = 30000;
    ev.retrans = 1000;
    s.ingest(secs(0), &ev);
    assert_eq!(s.update_due(), Some(secs(0)));
    s.reported(secs(0), true);
    assert_eq!(s.update_due(), None);
    // Same RA a second later: nothing to say until the refresh ahead of
    // the reported router lifetime.
    s.ingest(secs(1), &ev);
    assert_eq!(s.update_due(), Some(secs(1790)));
    // New MTU at 1 s: due when the 3 s hold-off ends.
    ev.mtu = Some(1400);
    s.ingest(secs(1), &ev);
    assert_eq!(s.update_due(), Some(secs(3)));
    assert_eq!(s.poll_at(), Some(secs(3)));
    s.reported(secs(3), true);
    // Invalid values keep the last valid ones.
    let mut odd = ev.clone();
    odd.mtu = Some(1200);
    odd.cur_hop_limit = 0;
    odd.reachable = 3_600_001;
    odd.retrans = 0;
    s.ingest(secs(10), &odd);
    assert_eq!(s.update_due(), Some(secs(1791)), "no change, a refresh");
    assert_eq!(
        s.params(),
        RaParams {
            hop_limit: 64,
            mtu: 1400,
            reachable: 30000,
            retransmit: 1000
        }
    );
    // Router lifetime cut from 1800 to 60: at once.
    let short = ra(R1, 60);
    s.ingest(secs(20), &short);
    assert_eq!(s.update_due(), Some(secs(20)));
    s.reported(secs(20), true);
    // Router lifetime 0: its default route goes, reported.
    s.ingest(secs(30), &ra(R1, 0));
    assert_eq!(s.update_due(), Some(secs(30)));
    assert_eq!(var(&env_of(&s, secs(30)), "RA_ROUTES"), "");
}

/// Not reporting (not bound, -S): nothing due, only lapses wake us; a
/// deferral holds an update back once; a teardown makes it due again.
#[test]
fn reporting_deferral_and_teardown() {
    let mut s = RaState::new(cfg());
    s.ingest(secs(0), &isp_ra());
    assert_eq!(s.update_due(), None);
    assert_eq!(
        s.poll_at(),
        Some(secs(1800)),
        "the first lapse (DNS, router)"
    );
    s.set_reporting(true);
    assert_eq!(s.update_due(), Some(secs(0)));
    s.defer(secs(2));
    s.defer(secs(9)); // once
    assert!(s.is_deferred());
    assert_eq!(s.update_due(), Some(secs(2)));
    s.reported(secs(1), false); // bound carried it
    assert!(!s.is_deferred());
    assert_eq!(s.update_due(), None);
    // No hold-off from a call that wasn't ra-updated.
    s.ingest(secs(1), &ra(R2, 600));
    assert_eq!(s.update_due(), Some(secs(1)));
    s.forget_reported(secs(5));
    assert_eq!(s.update_due(), Some(secs(1)));
    s.reported(secs(5), false);
    s.forget_reported(secs(6));
    assert_eq!(s.update_due(), Some(secs(6)));
}

/// The interface id: none → no RA_ADDRESSES; set or changed → the script
/// hears; on a point-to-point link no on-link routes (odhcp6c).
#[test]
fn interface_id_and_point_to_point() {
    let mut s = RaState::new(RaConfig {
        point_to_point: true,
        ..cfg()
    });
    s.set_reporting(true);
    s.ingest(secs(0), &isp_ra());
    s.reported(secs(0), true);
    let env = env_of(&s, secs(0));
    assert_eq!(var(&env, "RA_ADDRESSES"), "");
    assert_eq!(var(&env, "RA_ROUTES"), "::/0,fe80::1,1800,512");
    s.set_iid(secs(5), Some([0, 0, 0, 0, 0, 0, 0, 9]));
    assert_eq!(s.update_due(), Some(secs(5)));
    assert_eq!(
        var(&env_of(&s, secs(5)), "RA_ADDRESSES"),
        "2001:db8:1::9/64,14395,86395,0,0"
    );
    s.reported(secs(5), true);
    s.set_iid(secs(6), Some([0, 0, 0, 0, 0, 0, 0, 9]));
    assert_eq!(s.update_due(), None, "same id: nothing new");
}

/// Lifetimes the script reports never exceed what is left, and an entry
/// with less than a second left isn't shown.
#[test]
fn reported_lifetimes_round_down() {
    let mut s = state();
    let mut ev = ra(R1, 10);
    pio(&mut ev, "2001:db8:1::", 10, 5);
    s.ingest(Instant::from_millis(500), &ev);
    let env = env_of(&s, Instant::from_millis(3900));
    assert_eq!(
        var(&env, "RA_ROUTES"),
        "::/0,fe80::1,6,512 2001:db8:1::/64,,6,256"
    );
    assert_eq!(
        var(&env, "RA_ADDRESSES"),
        "2001:db8:1:0:211:22ff:fe33:4455/64,1,6,0,0"
    );
    let env = env_of(&s, Instant::from_millis(10_000));
    assert_eq!(var(&env, "RA_ROUTES"), "");
    // Infinite lifetimes are reported as such, never refreshed.
    let mut inf = ra(R1, 1800);
    pio(&mut inf, "2001:db8:2::", INFINITY, INFINITY);
    let mut s = state();
    s.ingest(secs(0), &inf);
    s.reported(secs(0), true);
    s.ingest(secs(100), &inf);
    let env = env_of(&s, secs(100));
    assert!(var(&env, "RA_ROUTES").contains("2001:db8:2::/64,,4294967295,256"));
    assert_eq!(
        s.update_due(),
        Some(secs(1790)),
        "only the router's refresh"
    );
}
