//! Issue 19: RFC 9915 deviations found by a line-by-line review, one
//! regression test (or more) per item, on the simulated clock. Each
//! failed on the code before its fix (the commit messages say how).

use core::net::Ipv6Addr;
use core::time::Duration;

use super::tests::*;
use super::*;
use crate::wire::{self, opt, status};

/// The option codes of the ORO in an encoded message.
fn oro_of(payload: &[u8]) -> Vec<u16> {
    let mut at = 4;
    while at + 4 <= payload.len() {
        let code = u16::from_be_bytes([payload[at], payload[at + 1]]);
        let len = usize::from(u16::from_be_bytes([payload[at + 2], payload[at + 3]]));
        let body = &payload[at + 4..at + 4 + len];
        if code == opt::ORO {
            return body
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
        }
        at += 4 + len;
    }
    Vec::new()
}

/// Run the clock to `until`, sending an RA every `every` (`ra(h, n)` for
/// the n-th) and letting `server` answer each message as it goes out.
pub(super) fn run_with(
    h: &mut Harness,
    until: Instant,
    every: Duration,
    mut ra: impl FnMut(&mut Harness, usize),
    server: impl Fn(&Transmit) -> Option<Vec<u8>>,
) {
    let mut answered = h.sent.len();
    let mut next_ra = h.now + every;
    let mut n = 0;
    // A client without a rate limit would loop at one instant forever.
    while h.sent.len() < 5000 {
        while answered < h.sent.len().min(5000) {
            let tx = h.sent[answered].1.clone();
            answered += 1;
            if let Some(b) = server(&tx) {
                h.deliver(&b);
            }
        }
        let at = h.c.poll_at().map_or(next_ra, |a| a.min(next_ra));
        if at > until {
            break;
        }
        h.now = h.now.max(at);
        if h.now >= next_ra {
            n += 1;
            ra(h, n);
            next_ra = next_ra + every;
        } else {
            h.input(Input::Timeout);
        }
    }
    h.now = h.now.max(until);
}

pub(super) fn count(h: &Harness, kind: u8) -> usize {
    h.types().iter().filter(|t| **t == kind).count()
}

// ---------------------------------------------------------------------
// 1. Each RA restarted the Solicit, so backoff and SOL_MAX_RT never took
//    effect.

/// No server; the router repeats its RA every 30 s: the Solicit backs off
/// exactly as with no RA at all (was: a restart from IRT every 30 s).
#[test]
fn item1_repeated_ra_keeps_solicit_backoff() {
    let solicits = |ras: bool| {
        let mut h = Harness::new(config());
        h.ra(true, false);
        run_with(
            &mut h,
            t(900_000),
            Duration::from_secs(if ras { 30 } else { 100_000 }),
            |h, _| h.ra(true, false),
            |_| None,
        );
        count(&h, msg::SOLICIT)
    };
    let (quiet, with_ras) = (solicits(false), solicits(true));
    assert!(quiet <= 11, "{quiet}");
    assert_eq!(with_ras, quiet, "RAs every 30 s restarted the backoff");
}

/// The case: a server answering NoAddrsAvail with SOL_MAX_RT
/// 3600 (`-N force`, so no fallback), RAs every 30 s: 154 Solicits in
/// 900 s before, as many as without RAs (10) now.
#[test]
fn item1_server_sol_max_rt_holds_against_ras() {
    let solicits = |ras: bool| {
        let mut cfg = config();
        cfg.ia_na = IaNaMode::Force;
        let mut h = Harness::new(cfg);
        h.ra(true, false);
        let server = |tx: &Transmit| {
            (tx.msg_type == msg::SOLICIT).then(|| {
                answer(
                    msg::ADVERTISE,
                    tx,
                    &[
                        status_opt(status::NO_ADDRS_AVAIL),
                        o(opt::SOL_MAX_RT, &u32s(&[3600])),
                    ],
                )
            })
        };
        run_with(
            &mut h,
            t(900_000),
            Duration::from_secs(if ras { 30 } else { 100_000 }),
            |h, _| h.ra(true, false),
            server,
        );
        assert_eq!(h.c.sol_max_rt, Duration::from_secs(3600));
        count(&h, msg::SOLICIT)
    };
    let (quiet, with_ras) = (solicits(false), solicits(true));
    assert!(quiet <= 11, "{quiet}");
    assert_eq!(with_ras, quiet, "RAs every 30 s restarted the Solicit");
}

// ---------------------------------------------------------------------
// 2. A Renew Reply whose IA carries NoPrefixAvail (Kea retiring a
//    prefix: lifetimes 0 plus that status) kept the prefix.

#[test]
fn item2_no_prefix_avail_with_zero_lifetimes_withdraws_the_prefix() {
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
                &[iaaddr("2001:db8:1::1000", 200, 300)],
            ),
            ia(
                opt::IA_PD,
                1,
                0,
                0,
                &[
                    iaprefix("2001:db8:100::", 56, 0, 0),
                    status_opt(status::NO_PREFIX_AVAIL),
                ],
            ),
        ],
    );
    h.deliver(&reply);
    let l = h.c.lease().expect("the address is still bound");
    let pd = pd_of(l);
    assert!(
        pd.is_none_or(|b| b.leases.is_empty()),
        "withdrawn prefix kept: {pd:?}"
    );
    // Kept as withdrawn for one report: PREFIXES lists it with 0s.
    assert!(pd.is_some_and(|b| b.withdrawn.contains(&(addr("2001:db8:100::"), 56))));
    assert_eq!(h.c.state_name(), "bound");
}

// ---------------------------------------------------------------------
// 3. A Renew Reply that omits an IA counted as renewing it.

/// T1 100, valid 200 for the prefix; the Reply to the Renew at T1 renews
/// only the address. The prefix must still be renewed (or rebound)
/// before it runs out at 200 s; it used to expire with no message ever
/// carrying it again.
#[test]
fn item3_ia_left_out_of_a_renew_reply_is_still_renewed() {
    let offer = vec![
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
            &[iaprefix("2001:db8:100::", 56, 150, 200)],
        ),
    ];
    let mut h = Harness::new(config());
    h.bind_with(&offer);
    let bound_at = h.now;
    h.run_until(bound_at + Duration::from_secs(100));
    assert_eq!(h.last().msg_type, msg::RENEW);
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
    let replied = h.sent.len();
    assert_eq!(h.events, [Event::Bound, Event::Updated]);
    h.run_until(bound_at + Duration::from_millis(199_900));
    let carrying: Vec<(u64, u8)> = h.sent[replied..]
        .iter()
        .filter(|(_, tx)| {
            wire::decode(&tx.payload)
                .unwrap()
                .ia_pd
                .iter()
                .any(|ia| ia.leases.iter().any(|l| l.addr == addr("2001:db8:100::")))
        })
        .map(|(at, tx)| (at.since(bound_at).as_secs(), tx.msg_type))
        .collect();
    assert!(
        carrying.iter().any(|(_, k)| *k == msg::RENEW),
        "no Renew carried the prefix after the Reply: {carrying:?}"
    );
    assert!(
        carrying.iter().any(|(s, k)| *k == msg::REBIND && *s >= 160),
        "no Rebind for it at its T2: {carrying:?}"
    );
    // The address was renewed meanwhile and stays.
    let l = h.c.lease().unwrap();
    assert_eq!(l.ia_na.as_ref().unwrap().leases.len(), 1);
}

// ---------------------------------------------------------------------
// 4. Link-up with delegated prefixes: Rebind with every IA, timed as a
//    Confirm (§18.2.12); the first Confirm's delay is CNF_MAX_DELAY's.

#[test]
fn item4_link_up_with_prefixes_rebinds_every_ia_on_confirm_timing() {
    let mut h = Harness::new(config());
    h.bind();
    h.input(Input::LinkDown);
    let up = h.now;
    let n = h.sent.len();
    h.input(Input::LinkUp);
    h.run_until(up + Duration::from_secs(12));
    let sent: Vec<(u64, u8)> = h.sent[n..]
        .iter()
        .map(|(at, tx)| (at.since(up).as_millis() as u64, tx.msg_type))
        .collect();
    assert!(
        !sent.is_empty() && sent.iter().all(|(_, k)| *k == msg::REBIND),
        "{sent:?}"
    );
    let m = wire::decode(&h.sent[n].1.payload).unwrap();
    assert_eq!(m.ia_na[0].leases[0].addr, addr("2001:db8:1::1000"));
    assert_eq!(m.ia_pd[0].leases[0].addr, addr("2001:db8:100::"));
    // CNF_TIMEOUT 1 s, CNF_MAX_RT 4 s, CNF_MAX_RD 10 s.
    assert!(sent.len() >= 4, "{sent:?}");
    assert!(sent.iter().all(|(ms, _)| *ms <= 10_000), "{sent:?}");
    // Unanswered for CNF_MAX_RD: keep using the lease.
    assert_eq!(h.c.state_name(), "bound");
    assert!(!h.events.contains(&Event::Unbound));
}

#[test]
fn item4_link_up_with_prefixes_only_rebinds_on_confirm_timing() {
    let mut h = Harness::new(config());
    let offer = vec![ia(
        opt::IA_PD,
        1,
        100,
        160,
        &[iaprefix("2001:db8:100::", 56, 200, 300)],
    )];
    h.bind_with(&offer);
    h.input(Input::LinkDown);
    let up = h.now;
    let n = h.sent.len();
    h.input(Input::LinkUp);
    h.run_until(up + Duration::from_secs(11));
    let rebinds = h.types()[n..].iter().filter(|t| **t == msg::REBIND).count();
    assert!(
        rebinds >= 4,
        "{rebinds} Rebinds in 11 s (Rebind's IRT is 10 s)"
    );
    assert_eq!(h.c.state_name(), "bound");
}

#[test]
fn item4_first_confirm_delay_is_cnf_max_delay_not_solicit_delay() {
    let mut delays = std::collections::BTreeSet::new();
    for seed in 0..30 {
        // config(): --solicit-delay 0.
        let mut h = Harness::new(config_na());
        h.c = Client::new(config_na(), seed, t(0));
        h.bind();
        h.input(Input::LinkDown);
        let up = h.now;
        let n = h.sent.len();
        h.input(Input::LinkUp);
        h.run_until(up + Duration::from_millis(1100));
        let (at, tx) = &h.sent[n];
        assert_eq!(tx.msg_type, msg::CONFIRM);
        let d = at.since(up).as_millis();
        assert!(d <= 1000, "{d} ms");
        delays.insert(d);
    }
    assert!(delays.len() > 10, "not random in [0, 1 s]: {delays:?}");
}

// ---------------------------------------------------------------------
// 5. `-R` dropped SOL_MAX_RT and INF_MAX_RT from the ORO (§21.24-25).

#[test]
fn item5_oro_keeps_sol_and_inf_max_rt_whatever_r_says() {
    // `-R -r 64`.
    let mut cfg = config();
    cfg.request_opts = vec![64];
    let mut h = Harness::new(cfg.clone());
    h.bind();
    h.run_until(h.now + Duration::from_secs(100));
    for (_, tx) in &h.sent {
        let oro = oro_of(&tx.payload);
        assert!(
            oro.contains(&64) && oro.contains(&opt::SOL_MAX_RT),
            "type {}: ORO {oro:?}",
            tx.msg_type
        );
        assert!(!oro.contains(&opt::INFORMATION_REFRESH_TIME));
    }
    assert_eq!(
        h.types(),
        [msg::SOLICIT, msg::REQUEST, msg::RENEW],
        "Solicit, Request and Renew checked"
    );
    let mut cfg = cfg;
    cfg.ia_pd = config_na().ia_pd;
    let mut h = Harness::new(cfg);
    h.ra(false, true);
    assert_eq!(h.last().msg_type, msg::INFORMATION_REQUEST);
    let oro = oro_of(&h.last().payload);
    for c in [64, opt::INF_MAX_RT, opt::INFORMATION_REFRESH_TIME] {
        assert!(oro.contains(&c), "{c} missing: {oro:?}");
    }
}

// ---------------------------------------------------------------------
// 6. Options were kept when a Reply carried none (§18.2.10.5; MUST for
//    NTP). See also tests.rs renew_reply_extends_and_keeps_unlisted_leases.

#[test]
fn item6_options_a_renew_reply_no_longer_carries_are_dropped() {
    let ntp = o(
        opt::NTP_SERVER,
        &cat(&[&[0, 1, 0, 16], &addr("2001:db8:1::123").octets()]),
    );
    let mut offer = leases();
    offer.push(ntp);
    let mut h = Harness::new(config());
    h.bind_with(&offer);
    let l = h.c.lease().unwrap();
    assert_eq!(l.info.ntp_ip.len(), 1);
    assert_eq!(l.info.dns.len(), 1);
    h.run_until(h.now + Duration::from_secs(100));
    // Both IAs renewed, no DNS, no NTP any more.
    let reply = answer(msg::REPLY, h.last(), &leases()[..2]);
    h.deliver(&reply);
    let i = h.c.info().unwrap();
    assert!(i.ntp_ip.is_empty() && i.dns.is_empty(), "{i:?}");
}

// ---------------------------------------------------------------------
// 7. SOL_MAX_RT/INF_MAX_RT were read from Advertise and Renew/Rebind
//    Replies only; §18.2.10: from every Reply, even a failure.

fn max_rt(sol: u32, inf: u32) -> Vec<Vec<u8>> {
    vec![
        o(opt::SOL_MAX_RT, &u32s(&[sol])),
        o(opt::INF_MAX_RT, &u32s(&[inf])),
    ]
}

#[test]
fn item7_max_rt_from_every_reply() {
    let secs = Duration::from_secs;
    // The Reply to a Request (the Advertise had none).
    let mut h = Harness::new(config());
    h.ra(true, false);
    h.deliver(&answer(msg::ADVERTISE, h.last(), &leases()));
    h.run_until(h.now + Duration::from_millis(1200));
    assert_eq!(h.last().msg_type, msg::REQUEST);
    let mut offer = leases();
    offer.extend(max_rt(120, 121));
    h.deliver(&answer(msg::REPLY, h.last(), &offer));
    assert_eq!(h.c.state_name(), "bound");
    assert_eq!((h.c.sol_max_rt, h.c.inf_max_rt), (secs(120), secs(121)));
    // To a Decline.
    h.input(Input::DadFailed(addr("2001:db8:1::1000")));
    assert_eq!(h.last().msg_type, msg::DECLINE);
    let reply = answer(msg::REPLY, h.last(), &max_rt(130, 131));
    h.deliver(&reply);
    assert_eq!((h.c.sol_max_rt, h.c.inf_max_rt), (secs(130), secs(131)));
    // To a Release (SIGUSR2).
    h.input(Input::Restart);
    assert_eq!(h.last().msg_type, msg::RELEASE);
    let reply = answer(msg::REPLY, h.last(), &max_rt(140, 141));
    h.deliver(&reply);
    assert_eq!((h.c.sol_max_rt, h.c.inf_max_rt), (secs(140), secs(141)));
    // To a Confirm.
    let mut h = Harness::new(config_na());
    h.bind();
    h.input(Input::LinkDown);
    h.input(Input::LinkUp);
    h.run_until(h.now + Duration::from_millis(1000));
    assert_eq!(h.last().msg_type, msg::CONFIRM);
    let mut opts = max_rt(150, 151);
    opts.push(status_opt(status::SUCCESS));
    let reply = answer(msg::REPLY, h.last(), &opts);
    h.deliver(&reply);
    assert_eq!((h.c.sol_max_rt, h.c.inf_max_rt), (secs(150), secs(151)));
    // To an Information-Request, with UnspecFail.
    let mut h = Harness::new(config_na());
    h.ra(false, true);
    let mut opts = max_rt(160, 161);
    opts.push(status_opt(status::UNSPEC_FAIL));
    let reply = answer(msg::REPLY, h.last(), &opts);
    h.deliver(&reply);
    assert_eq!((h.c.sol_max_rt, h.c.inf_max_rt), (secs(160), secs(161)));
    assert_eq!(h.c.state_name(), "informing");
}

// ---------------------------------------------------------------------
// 8. Reconfigure.

/// Bound, the server asks for an Information-request: §18.2.11 says send
/// one (it used to Renew), and §18.2.6 that it names the server.
#[test]
fn item8_information_request_reconfigure_while_bound() {
    let key = [0x42u8; 16];
    let mut h = Harness::new(config());
    let mut offer = leases();
    offer.push(key_option(&key, 5));
    h.bind_with(&offer);
    let n = h.sent.len();
    h.deliver(&reconfigure(&key, 6, msg::INFORMATION_REQUEST));
    assert_eq!(h.types()[n..], [msg::INFORMATION_REQUEST]);
    let m = h.last_msg();
    assert_eq!(m.server_id.as_deref(), Some(SERVER_DUID));
    assert!(m.ia_na.is_empty() && m.ia_pd.is_empty());
    let reply = answer(
        msg::REPLY,
        h.last(),
        &[o(opt::DNS_SERVERS, &addr("2001:db8:1::54").octets())],
    );
    h.deliver(&reply);
    assert_eq!(h.c.state_name(), "bound");
    assert_eq!(h.events.last(), Some(&Event::Updated));
    let l = h.c.lease().unwrap();
    assert_eq!(l.info.dns.as_slice(), [addr("2001:db8:1::54")]);
    assert!(l.has_addresses(), "the binding is kept");
}

/// A Reply re-delivering the key with an older replay counter lowered
/// the stored one, so an old Reconfigure (counter 4 < 6 seen) went
/// through again (§20.3).
#[test]
fn item8_reply_cannot_lower_the_replay_counter() {
    let key = [0x42u8; 16];
    let mut h = Harness::new(config());
    let mut offer = leases();
    offer.push(key_option(&key, 5));
    h.bind_with(&offer);
    h.deliver(&reconfigure(&key, 6, msg::RENEW));
    assert_eq!(h.last().msg_type, msg::RENEW);
    let renew = h.last().clone();
    // A Reply from the past, with the key at counter 3: dropped.
    let mut old = leases();
    old.push(key_option(&key, 3));
    h.deliver(&answer(msg::REPLY, &renew, &old));
    // The real Reply.
    h.deliver(&answer(msg::REPLY, &renew, &leases()));
    assert_eq!(h.c.state_name(), "bound");
    let n = h.sent.len();
    h.deliver(&reconfigure(&key, 4, msg::REBIND));
    assert_eq!(
        h.sent.len(),
        n,
        "a Reconfigure older than one seen was taken"
    );
    h.deliver(&reconfigure(&key, 7, msg::REBIND));
    assert_eq!(h.last().msg_type, msg::REBIND);
}

/// Stateless: the key came with the first Reply; a refresh whose Reply
/// doesn't repeat it must not lose it.
#[test]
fn item8_stateless_key_survives_a_refresh() {
    let key = [0x24u8; 16];
    let mut h = Harness::new(config_na());
    h.ra(false, true);
    let reply = answer(
        msg::REPLY,
        h.last(),
        &[
            o(opt::INFORMATION_REFRESH_TIME, &u32s(&[600])),
            key_option(&key, 1),
        ],
    );
    h.deliver(&reply);
    h.run_until(t(600_000));
    assert_eq!(
        h.types(),
        [msg::INFORMATION_REQUEST, msg::INFORMATION_REQUEST]
    );
    let reply = answer(
        msg::REPLY,
        h.last(),
        &[o(opt::INFORMATION_REFRESH_TIME, &u32s(&[600]))],
    );
    h.deliver(&reply);
    assert_eq!(h.c.state_name(), "informed");
    h.deliver(&reconfigure(&key, 2, msg::INFORMATION_REQUEST));
    assert_eq!(h.types().len(), 3, "Reconfigure refused: key lost");
    assert_eq!(h.last().msg_type, msg::INFORMATION_REQUEST);
    assert_eq!(h.last_msg().server_id.as_deref(), Some(SERVER_DUID));
}

// ---------------------------------------------------------------------
// 9. Renew/Rebind never asked again for a missing IA_PD.

#[test]
fn item9_renew_and_rebind_ask_again_for_a_missing_ia_pd() {
    let mut h = Harness::new(config());
    // The server gives an address, no prefix.
    let offer = leases()[..1].to_vec();
    h.bind_with(&offer);
    h.run_until(h.now + Duration::from_secs(160));
    let asked: Vec<(u8, Vec<u32>)> = h
        .sent
        .iter()
        .filter(|(_, tx)| matches!(tx.msg_type, msg::RENEW | msg::REBIND))
        .map(|(_, tx)| {
            let m = wire::decode(&tx.payload).unwrap();
            (tx.msg_type, m.ia_pd.iter().map(|ia| ia.iaid).collect())
        })
        .collect();
    assert!(asked.iter().any(|(k, _)| *k == msg::REBIND), "{asked:?}");
    assert!(
        asked.iter().all(|(_, pd)| pd.as_slice() == [1]),
        "IA_PD 1 not asked for again: {asked:?}"
    );
    // With the prefix-length hint of -P 56.
    let m = h.last_msg();
    assert_eq!(m.ia_pd[0].leases[0].len, 56);
}

// ---------------------------------------------------------------------
// 11. Smaller ones (the script's NUL is tested in script.rs, the help
//     text in args.rs).

/// The lease was hidden during the Request after a NoBinding, so an
/// `ra-updated` then had no PREFIXES.
#[test]
fn item11_lease_visible_while_requesting_after_no_binding() {
    let mut h = Harness::new(config());
    h.bind();
    h.run_until(h.now + Duration::from_secs(100));
    let reply = answer(
        msg::REPLY,
        h.last(),
        &[ia(opt::IA_PD, 1, 0, 0, &[status_opt(status::NO_BINDING)])],
    );
    h.deliver(&reply);
    assert_eq!(h.c.state_name(), "requesting");
    let l = h.c.lease().expect("lease hidden while re-requesting");
    assert!(pd_of(l).is_some_and(|b| !b.leases.is_empty()));
    assert!(h.c.info().is_some() && h.c.server().is_some());
}

/// Informed, then M=1: the stateless information was dropped without an
/// event; odhcp6c says `unbound` before soliciting.
#[test]
fn item11_informed_to_stateful_says_unbound() {
    let mut h = Harness::new(config_na());
    h.ra(false, true);
    let reply = answer(msg::REPLY, h.last(), &[]);
    h.deliver(&reply);
    h.ra(true, true);
    assert_eq!(h.last().msg_type, msg::SOLICIT);
    assert_eq!(h.events, [Event::Informed, Event::Unbound]);
}

/// Stopped or restarted while informed: odhcp6c says `unbound` first
/// (odhcp6c.c:798-801 and :819-822, `bound` being set by an
/// Information-request's Reply too); its fixture informed.env has it.
#[test]
fn informed_then_stop_or_restart_says_unbound() {
    for (input, last) in [
        (Input::Stop, Event::Stopped),
        (Input::Restart, Event::Unbound),
    ] {
        let mut h = Harness::new(config_na());
        h.ra(false, true);
        let reply = answer(msg::REPLY, h.last(), &[]);
        h.deliver(&reply);
        h.input(input);
        assert_eq!(h.events.first(), Some(&Event::Informed));
        assert_eq!(h.events.get(1), Some(&Event::Unbound));
        assert_eq!(h.events.last(), Some(&last));
    }
}

/// SIGTERM during the Release of a SIGUSR2: that Release ran its whole
/// MRC (1+2+4+8 s), past netifd's SIGKILL at 5 s.
#[test]
fn item11_stop_during_a_restart_release_keeps_the_budget() {
    let mut h = Harness::new(config());
    h.bind();
    h.input(Input::Restart);
    assert_eq!(h.last().msg_type, msg::RELEASE);
    h.run_until(h.now + Duration::from_millis(500));
    let stop = h.now;
    h.input(Input::Stop);
    h.run_until(stop + Duration::from_secs(20));
    assert_eq!(h.events.last(), Some(&Event::Stopped));
    let last = h.sent.last().unwrap().0;
    assert!(last <= stop + Duration::from_secs(3), "Release at {last:?}");
    assert_eq!(h.c.state_name(), "stopped");
}

// ---------------------------------------------------------------------
// Tests below use inputs the client didn't have before these fixes (the
// RA's source and prefixes, a message's destination).

fn pio(p: &str, preferred: u32) -> RaPrefix {
    RaPrefix {
        prefix: addr(p),
        len: 64,
        on_link: true,
        autonomous: true,
        pd_preferred: false,
        valid: 7200,
        preferred,
    }
}

/// Item 1: new routers appearing every 30 s restart a Solicit at most
/// once per RT, and not at all once the server set SOL_MAX_RT.
#[test]
fn item1_new_routers_never_beat_the_server_sol_max_rt() {
    let mut cfg = config();
    cfg.ia_na = IaNaMode::Force;
    let mut h = Harness::new(cfg);
    h.ra(true, false);
    let server = |tx: &Transmit| {
        (tx.msg_type == msg::SOLICIT).then(|| {
            answer(
                msg::ADVERTISE,
                tx,
                &[
                    status_opt(status::NO_ADDRS_AVAIL),
                    o(opt::SOL_MAX_RT, &u32s(&[3600])),
                ],
            )
        })
    };
    run_with(
        &mut h,
        t(900_000),
        Duration::from_secs(30),
        |h, n| h.ra_from(router(n as u16), true, false, &[]),
        server,
    );
    let n = count(&h, msg::SOLICIT);
    assert!(n <= 11, "{n} Solicits: new routers beat SOL_MAX_RT");
    // Without a server's SOL_MAX_RT, a new router is answered at once.
    let mut h = Harness::new(config());
    h.ra(true, false);
    h.run_until(t(300_000));
    let n = h.sent.len();
    h.ra_from(router(1), true, false, &[]);
    assert_eq!(h.sent.len(), n + 1);
}

/// Item 8: §16.11, a Reconfigure not unicast to us is discarded.
#[test]
fn item8_multicast_reconfigure_is_refused() {
    let key = [0x42u8; 16];
    let mut h = Harness::new(config());
    let mut offer = leases();
    offer.push(key_option(&key, 5));
    h.bind_with(&offer);
    let n = h.sent.len();
    let all_nodes = addr("ff02::1");
    h.deliver_to(&reconfigure(&key, 6, msg::RENEW), all_nodes);
    h.deliver_to(&reconfigure(&key, 7, msg::RENEW), wire::ALL_SERVERS);
    h.deliver_to(&reconfigure(&key, 8, msg::RENEW), Ipv6Addr::UNSPECIFIED);
    assert_eq!(h.sent.len(), n);
    assert_eq!(h.c.stats.bad_reconfigure, 3);
    h.deliver(&reconfigure(&key, 9, msg::RENEW));
    assert_eq!(h.last().msg_type, msg::RENEW);
}

/// Item 10: §18.2.12, a significant prefix change in RAs while bound:
/// Renew (informed: Information-Request), at most once per 30 s. The
/// same RA repeated, or a router splitting its PIOs, is no change.
#[test]
fn item10_prefix_change_in_ras_renews_rate_limited() {
    let mut h = Harness::new(config());
    h.ra_from(ROUTER, true, false, &[pio("2001:db8:1::", 3600)]);
    let adv = answer(msg::ADVERTISE, h.last(), &leases());
    h.deliver(&adv);
    h.run_until(h.now + Duration::from_millis(1200));
    let reply = answer(msg::REPLY, h.last(), &leases());
    h.deliver(&reply);
    assert_eq!(h.c.state_name(), "bound");
    let bound = h.now;
    let n = h.sent.len();
    for s in 1..10 {
        h.now = bound + Duration::from_secs(s);
        h.ra_from(ROUTER, true, false, &[pio("2001:db8:1::", 3600)]);
        h.ra_from(router(2), false, false, &[]);
    }
    assert_eq!(h.sent.len(), n, "same prefixes: nothing to ask");
    // A new prefix: Renew at once.
    h.now = bound + Duration::from_secs(20);
    h.ra_from(ROUTER, true, false, &[pio("2001:db8:2::", 3600)]);
    assert_eq!(h.types()[n..], [msg::RENEW]);
    let renew = h.last().clone();
    h.deliver(&answer(msg::REPLY, &renew, &leases()));
    // Deprecated 5 s later: held back until 30 s after the last one.
    h.now = bound + Duration::from_secs(25);
    h.ra_from(ROUTER, true, false, &[pio("2001:db8:1::", 0)]);
    assert_eq!(h.sent.len(), n + 1);
    assert_eq!(h.c.poll_at(), Some(bound + Duration::from_secs(50)));
    h.run_until(bound + Duration::from_secs(50));
    assert_eq!(h.types()[n..], [msg::RENEW, msg::RENEW]);
    assert_eq!(h.sent.last().unwrap().0, bound + Duration::from_secs(50));

    // Stateless: Information-Request instead.
    let mut h = Harness::new(config_na());
    h.ra_from(ROUTER, false, true, &[pio("2001:db8:1::", 3600)]);
    let reply = answer(msg::REPLY, h.last(), &[]);
    h.deliver(&reply);
    h.now = h.now + Duration::from_secs(60);
    h.ra_from(ROUTER, false, true, &[pio("2001:db8:3::", 3600)]);
    assert_eq!(
        h.types(),
        [msg::INFORMATION_REQUEST, msg::INFORMATION_REQUEST]
    );
}
