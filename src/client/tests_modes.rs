//! Issue 15 item 2 and the client side of item 3: odhcp6c's modes and
//! flags on the simulated clock. What RAs start (RFC 7084 WPD-4, RFC
//! 9762's P flag), `-N none` without `-P`, the fallback to
//! Information-Request, the §14.1 rate limit under a reject loop, several
//! `-P` with hints, `-t 0`.

use core::net::Ipv6Addr;
use core::time::Duration;

use super::tests::*;
use super::tests_rfc::{count, run_with};
use super::*;
use crate::wire::{self, opt, status};

fn pio(p: &str, pd_preferred: bool) -> RaPrefix {
    RaPrefix {
        prefix: addr(p),
        len: 64,
        on_link: true,
        autonomous: true,
        pd_preferred,
        valid: 7200,
        preferred: 3600,
    }
}

/// RFC 7084 WPD-4: with `-P`, an RA with O (and no M) starts prefix
/// delegation: a Solicit with IA_PD, bound with the prefix. Without `-P`
/// the same RA is stateless, and neither flag starts nothing.
#[test]
fn wpd4_o_only_ra_with_pd_solicits() {
    let mut h = Harness::new(config());
    h.ra(false, false);
    assert!(h.sent.is_empty());
    h.ra(false, true);
    assert_eq!(h.types(), [msg::SOLICIT]);
    let m = h.last_msg();
    assert_eq!(m.ia_pd[0].iaid, 1);
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
    h.deliver(&answer(msg::ADVERTISE, h.last(), &offer));
    h.run_until(h.now + Duration::from_millis(1200));
    h.deliver(&answer(msg::REPLY, h.last(), &offer));
    assert_eq!(h.events, [Event::Bound]);
    assert!(pd_of(h.c.lease().unwrap()).is_some_and(|b| !b.is_empty()));

    let mut h = Harness::new(config_na());
    h.ra(false, true);
    assert_eq!(h.types(), [msg::INFORMATION_REQUEST]);
}

/// RFC 9762: a PIO with the P flag says DHCPv6-PD is available: with
/// `-P`, solicit even when the RA has neither M nor O; without, nothing.
#[test]
fn p_flag_starts_pd() {
    let mut h = Harness::new(config());
    h.ra_from(ROUTER, false, false, &[pio("2001:db8:1::", false)]);
    assert!(h.sent.is_empty());
    h.ra_from(ROUTER, false, false, &[pio("2001:db8:1::", true)]);
    assert_eq!(h.types(), [msg::SOLICIT]);
    assert_eq!(h.last_msg().ia_pd.len(), 1);

    let mut h = Harness::new(config_na());
    h.ra_from(ROUTER, false, false, &[pio("2001:db8:1::", true)]);
    assert!(h.sent.is_empty(), "{:?}", h.types());
    assert_eq!(h.c.state_name(), "idle");
}

/// `-N none` without `-P` is stateless, as odhcp6c's
/// dhcpv6_get_ia_mode() (both modes NONE → DHCPV6_STATELESS): M=1 gives
/// an Information-Request, never a Solicit (it looped Solicit → Request
/// → Solicit, about once a second).
#[test]
fn n_none_without_p_is_stateless() {
    let mut cfg = config_na();
    cfg.ia_na = IaNaMode::None;
    let mut h = Harness::new(cfg.clone());
    h.ra(true, false);
    assert_eq!(h.types(), [msg::INFORMATION_REQUEST]);
    let reply = answer(
        msg::REPLY,
        h.last(),
        &[o(opt::DNS_SERVERS, &addr("2001:db8::53").octets())],
    );
    h.deliver(&reply);
    assert_eq!(h.events, [Event::Informed]);
    h.run_until(t(100_000));
    h.ra(true, true);
    h.input(Input::Renew);
    assert_eq!(count(&h, msg::SOLICIT), 0, "{:?}", h.types());
    // Started with --startup-solicit: the same.
    cfg.startup_solicit = true;
    let mut c = Client::new(cfg, 1, t(0));
    c.process(t(0), Input::Timeout);
    assert_eq!(
        c.poll_transmit().unwrap().msg_type,
        msg::INFORMATION_REQUEST
    );
}

/// The Advertise for a `-N try -P` client that gives nothing usable.
fn nothing_usable() -> Vec<Vec<u8>> {
    vec![
        ia(opt::IA_NA, 1, 0, 0, &[status_opt(status::NO_ADDRS_AVAIL)]),
        ia(opt::IA_PD, 1, 0, 0, &[status_opt(status::NO_PREFIX_AVAIL)]),
    ]
}

/// Every Advertise offers nothing usable: odhcp6c turns IA_NA and IA_PD
/// "try" into "none" (dhcpv6.c, dhcpv6_promote_server_cand) and, both
/// none, sends Information-Request (odhcp6c.c, DHCPV6_SOLICIT:
/// dhcpv6_get_ia_mode() == DHCPV6_STATELESS). ra6c does the same after
/// the first RT instead of soliciting forever. The same RA again doesn't
/// start it over; M turning on again does.
#[test]
fn nothing_usable_falls_back_to_information_request() {
    let mut h = Harness::new(config());
    h.ra(true, false);
    h.deliver(&answer(msg::ADVERTISE, h.last(), &nothing_usable()));
    assert_eq!(h.types(), [msg::SOLICIT], "waits for the first RT");
    h.run_until(t(1200));
    assert_eq!(h.types(), [msg::SOLICIT, msg::INFORMATION_REQUEST]);
    let reply = answer(
        msg::REPLY,
        h.last(),
        &[o(opt::DNS_SERVERS, &addr("2001:db8::53").octets())],
    );
    h.deliver(&reply);
    assert_eq!(h.events, [Event::Informed]);
    for s in 2..100 {
        h.now = t(s * 30_000);
        h.ra(true, false);
    }
    assert_eq!(h.sent.len(), 2, "{:?}", h.types());
    h.ra(false, false);
    h.ra(true, false);
    assert_eq!(h.last().msg_type, msg::SOLICIT);
    assert_eq!(h.events, [Event::Informed, Event::Unbound]);

    // An Advertise arriving after the first RT falls back at once.
    let mut h = Harness::new(config());
    h.ra(true, false);
    h.run_until(t(5000));
    h.deliver(&answer(msg::ADVERTISE, h.last(), &nothing_usable()));
    assert_eq!(h.last().msg_type, msg::INFORMATION_REQUEST);

    // -N force (or -F) refuses such servers and keeps soliciting, as
    // odhcp6c (dhcpv6_handle_advert returns -1 before making it a
    // candidate).
    for force in [IaNaMode::Force, IaNaMode::Try] {
        let mut cfg = config();
        cfg.ia_na = force;
        // -F: the same for a prefix.
        cfg.force_pd = force == IaNaMode::Try;
        let mut h = Harness::new(cfg);
        h.ra(true, false);
        h.deliver(&answer(msg::ADVERTISE, h.last(), &nothing_usable()));
        h.run_until(t(60_000));
        assert!(h.types().iter().all(|t| *t == msg::SOLICIT));
        assert_eq!(h.c.state_name(), "soliciting");
    }
}

/// RFC 9915 §14.1: a reject-and-restart loop (every Request answered
/// with nothing, `-N force`, an eager server) stays within 20 messages
/// in any 20 s; without the limit it sent without end at one instant.
#[test]
fn rate_limit_holds_a_reject_loop_to_20_in_20s() {
    let mut cfg = config();
    cfg.ia_na = IaNaMode::Force;
    let mut h = Harness::new(cfg);
    h.ra(true, false);
    let server = |tx: &Transmit| match tx.msg_type {
        msg::SOLICIT => Some(answer(
            msg::ADVERTISE,
            tx,
            &cat_opts(leases(), o(opt::PREFERENCE, &[255])),
        )),
        msg::REQUEST => Some(answer(
            msg::REPLY,
            tx,
            &[ia(
                opt::IA_NA,
                1,
                0,
                0,
                &[status_opt(status::NO_ADDRS_AVAIL)],
            )],
        )),
        _ => None,
    };
    run_with(
        &mut h,
        t(200_000),
        Duration::from_secs(1),
        |h, n| h.ra_from(router(n as u16), true, false, &[]),
        server,
    );
    let times: Vec<u64> = h.sent.iter().map(|(at, _)| at.as_millis()).collect();
    assert!(times.len() < 5000, "unbounded: {} messages", times.len());
    for (i, &start) in times.iter().enumerate() {
        let n = times[i..]
            .iter()
            .take_while(|&&x| x < start + 20_000)
            .count();
        assert!(n <= 20, "{n} messages in the 20 s from {start} ms");
    }
    // It still works through the loop, at the allowed pace.
    assert!(times.len() >= 150, "{}", times.len());
    assert!(h.c.stats.rate_limited > 0);
}

/// Several `-P`, each its own IA_PD and IAID; `-P <prefix>/<len>` sends
/// its prefix as the hint (it was dropped). Both bound, both renewed.
#[test]
fn several_pd_with_hints() {
    let mut cfg = config();
    let _ = cfg.ia_pd.push(PdConfig {
        iaid: 2,
        len: 60,
        prefix: addr("2001:db8:ff00::"),
    });
    let mut h = Harness::new(cfg);
    h.ra(true, false);
    let m = h.last_msg();
    let hints: Vec<(u32, Ipv6Addr, u8)> = m
        .ia_pd
        .iter()
        .map(|ia| (ia.iaid, ia.leases[0].addr, ia.leases[0].len))
        .collect();
    assert_eq!(hints.len(), 2);
    assert!(hints.contains(&(1, Ipv6Addr::UNSPECIFIED, 56)), "{hints:?}");
    assert!(
        hints.contains(&(2, addr("2001:db8:ff00::"), 60)),
        "{hints:?}"
    );
    let mut offer = leases();
    offer.push(ia(
        opt::IA_PD,
        2,
        100,
        160,
        &[iaprefix("2001:db8:ff00::", 60, 200, 300)],
    ));
    h.bind_with(&offer);
    let l = h.c.lease().unwrap();
    let got: Vec<(u32, Ipv6Addr)> = l.ia_pd.iter().map(|b| (b.iaid, b.leases[0].addr)).collect();
    assert_eq!(
        got,
        [(1, addr("2001:db8:100::")), (2, addr("2001:db8:ff00::"))]
    );
    h.run_until(h.now + Duration::from_secs(100));
    let renew = h.last_msg();
    assert_eq!(renew.msg_type, msg::RENEW);
    assert_eq!(renew.ia_pd.len(), 2);
    // The Reply renews one prefix only: the other is still renewed.
    let reply = answer(msg::REPLY, h.last(), &leases());
    h.deliver(&reply);
    assert_eq!(h.c.state_name(), "renewing");
    let reply = answer(msg::REPLY, h.last(), &offer);
    h.deliver(&reply);
    assert_eq!(h.c.state_name(), "bound");
    assert_eq!(wire::decode(&h.last().payload).unwrap().ia_pd.len(), 2);
}

/// `-t 0`: odhcp6c leaves the Solicit RT without a cap (dhcpv6.c,
/// dhcpv6_send_request: the cap applies only `if (retx->max_timeo ...)`),
/// so it keeps doubling past an hour.
#[test]
fn t0_leaves_solicit_rt_uncapped() {
    let mut cfg = config();
    cfg.sol_max_rt = Duration::ZERO;
    let mut h = Harness::new(cfg);
    h.ra(true, false);
    h.run_until(t(40_000_000));
    let gaps: Vec<u64> = h
        .sent
        .windows(2)
        .map(|w| w[1].0.since(w[0].0).as_secs())
        .collect();
    assert!(gaps.len() >= 14, "{gaps:?}");
    assert!(*gaps.last().unwrap() > 8000, "{gaps:?}");
    // RT doubles ± RAND·RT (§15) every time, never capped.
    for w in gaps.windows(2).skip(2) {
        assert!(w[1] * 10 >= w[0] * 18, "not doubling: {gaps:?}");
    }
}
