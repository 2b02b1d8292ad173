//! The client against real server bytes: Advertise and Reply messages
//! captured from Kea, dnsmasq, ISC dhcpd and WIDE dhcp6s in the lab
//! (tests/lab/captures, with how each was made). Only the transaction id
//! is rewritten to ours; every other byte is the server's.

use core::time::Duration;

use super::*;
use crate::wire::unhex;

macro_rules! capture {
    ($name:literal) => {
        include_str!(concat!("../../tests/lab/captures/", $name, ".hex"))
    };
}

struct Server {
    name: &'static str,
    advertise: &'static str,
    reply_request: &'static str,
    reply_renew: &'static str,
    reply_release: &'static str,
    reply_rapid: &'static str,
    reply_inforeq: &'static str,
    /// Does the server delegate prefixes (dnsmasq doesn't)?
    pd: bool,
    rapid_prefix: bool,
}

const SERVERS: [Server; 4] = [
    Server {
        name: "kea",
        advertise: capture!("kea-advertise"),
        reply_request: capture!("kea-reply-request"),
        reply_renew: capture!("kea-reply-renew"),
        reply_release: capture!("kea-reply-release"),
        reply_rapid: capture!("kea-reply-rapid"),
        reply_inforeq: capture!("kea-reply-inforeq"),
        pd: true,
        rapid_prefix: true,
    },
    Server {
        name: "dnsmasq",
        advertise: capture!("dnsmasq-advertise"),
        reply_request: capture!("dnsmasq-reply-request"),
        reply_renew: capture!("dnsmasq-reply-renew"),
        reply_release: capture!("dnsmasq-reply-release"),
        reply_rapid: capture!("dnsmasq-reply-rapid"),
        reply_inforeq: capture!("dnsmasq-reply-inforeq"),
        pd: false,
        rapid_prefix: false,
    },
    Server {
        name: "dhcpd",
        advertise: capture!("dhcpd-advertise"),
        reply_request: capture!("dhcpd-reply-request"),
        reply_renew: capture!("dhcpd-reply-renew"),
        reply_release: capture!("dhcpd-reply-release"),
        reply_rapid: capture!("dhcpd-reply-rapid"),
        reply_inforeq: capture!("dhcpd-reply-inforeq"),
        pd: true,
        rapid_prefix: true,
    },
    Server {
        name: "dhcp6s",
        advertise: capture!("dhcp6s-advertise"),
        reply_request: capture!("dhcp6s-reply-request"),
        reply_renew: capture!("dhcp6s-reply-renew"),
        reply_release: capture!("dhcp6s-reply-release"),
        reply_rapid: capture!("dhcp6s-reply-rapid"),
        reply_inforeq: capture!("dhcp6s-reply-inforeq"),
        pd: true,
        rapid_prefix: false,
    },
];

/// A client with the identity of the one the server answered in
/// `capture` (its DUID and IAIDs), so the answer is for us.
fn config(capture: &str) -> ClientConfig {
    let m = wire::decode(&unhex(capture)).expect("a real capture decodes");
    let mut c = ClientConfig::new(m.client_id.clone().expect("captures carry a Client ID"));
    c.iaid_na = m.ia_na.first().map_or(0, |ia| ia.iaid);
    let iaid_pd = m.ia_pd.first().map_or(c.iaid_na, |ia| ia.iaid);
    let mut c = c.with_pd(iaid_pd, 0);
    c.first_tx_max_delay = Duration::ZERO;
    c
}

fn ra(managed: bool, other: bool) -> Input<'static> {
    Input::Ra {
        managed,
        other,
        router: Some("fe80::1".parse().unwrap()),
        prefixes: &[],
    }
}

struct Run {
    c: Client,
    now: Instant,
    sent: Vec<Transmit>,
    events: Vec<Event>,
}

impl Run {
    fn new(cfg: ClientConfig) -> Self {
        Run {
            c: Client::new(cfg, 5, Instant::ZERO),
            now: Instant::ZERO,
            sent: vec![],
            events: vec![],
        }
    }

    fn pump(&mut self, input: Input<'_>) {
        self.c.process(self.now, input);
        while let Some(t) = self.c.poll_transmit() {
            self.sent.push(t);
        }
        while let Some(e) = self.c.poll_event() {
            self.events.push(e);
        }
    }

    fn advance(&mut self, d: Duration) {
        let until = self.now + d;
        while let Some(at) = self.c.poll_at().filter(|at| *at <= until) {
            self.now = self.now.max(at);
            self.pump(Input::Timeout);
        }
        self.now = until;
    }

    /// Deliver a captured answer to the last message we sent.
    fn answer(&mut self, hex: &str) {
        let mut b = unhex(hex);
        let xid = self.sent.last().unwrap().payload[1..4].to_vec();
        b[1..4].copy_from_slice(&xid);
        let m = wire::decode(&b).expect("a real capture decodes");
        let src = "fe80::1".parse().unwrap();
        self.pump(Input::Message {
            msg: &m,
            raw: &b,
            src,
            dst: "fe80::2".parse().unwrap(),
        });
    }

    fn last_type(&self) -> u8 {
        self.sent.last().unwrap().msg_type
    }
}

#[test]
fn binds_renews_and_releases_with_every_server() {
    for s in &SERVERS {
        let mut r = Run::new(config(s.reply_request));
        r.pump(ra(true, false));
        assert_eq!(r.last_type(), msg::SOLICIT, "{}", s.name);
        r.answer(s.advertise);
        r.advance(Duration::from_millis(1200));
        assert_eq!(
            r.last_type(),
            msg::REQUEST,
            "{}: Request after the Advertise",
            s.name
        );
        r.answer(s.reply_request);
        assert_eq!(r.events, [Event::Bound], "{}", s.name);
        let l = r.c.lease().unwrap().clone();
        // What the server's Reply says is what we hold, and it is from
        // the lab's pools (2001:db8:1::1000-2000, /56s of 2001:db8:100::/40).
        let sent = wire::decode(&unhex(s.reply_request)).unwrap();
        let na = &l.ia_na.as_ref().unwrap().leases[0];
        assert_eq!(na.addr, sent.ia_na[0].leases[0].addr, "{}", s.name);
        let a = u128::from(na.addr);
        assert!(
            a >> 16 == 0x2001_0db8_0001_0000_0000_0000_0000
                && (0x1000..=0x2000).contains(&(a & 0xffff)),
            "{}",
            s.name
        );
        if s.pd {
            let pd = &l.ia_pd.first().expect(s.name).leases[0];
            assert_eq!(
                (pd.addr, pd.len),
                (sent.ia_pd[0].leases[0].addr, 56),
                "{}",
                s.name
            );
            assert_eq!(u128::from(pd.addr) >> 88, 0x20_010d_b801, "{}", s.name);
        } else {
            assert!(l.ia_pd.is_empty(), "{}", s.name);
        }
        assert_eq!(l.info.dns[0].to_string(), "2001:db8:1::53", "{}", s.name);
        assert_eq!(l.info.domains[0].as_str(), "lab.example", "{}", s.name);
        assert_eq!(l.info.sntp[0].to_string(), "2001:db8:1::123", "{}", s.name);
        // Renew at T1 (4 s, or dnsmasq's 60 s).
        let t1 = Duration::from_secs(u64::from(l.timers().0));
        r.advance(t1);
        assert_eq!(r.last_type(), msg::RENEW, "{}", s.name);
        r.answer(s.reply_renew);
        assert_eq!(r.events, [Event::Bound, Event::Updated], "{}", s.name);
        // Stop: Release, and the server's Reply ends it.
        r.pump(Input::Stop);
        assert_eq!(r.last_type(), msg::RELEASE, "{}", s.name);
        r.answer(s.reply_release);
        assert_eq!(
            r.events[2..],
            [Event::Unbound, Event::Stopped],
            "{}",
            s.name
        );
    }
}

#[test]
fn rapid_commit_with_every_server() {
    for s in &SERVERS {
        let mut cfg = config(s.reply_rapid);
        cfg.rapid_commit = true;
        let mut r = Run::new(cfg);
        r.pump(ra(true, false));
        r.answer(s.reply_rapid);
        assert_eq!(r.events, [Event::Bound], "{}", s.name);
        let l = r.c.lease().unwrap();
        assert!(l.has_addresses(), "{}", s.name);
        assert_eq!(!l.ia_pd.is_empty(), s.rapid_prefix, "{}", s.name);
        assert_eq!(r.sent.len(), 1, "{}: one Solicit, no Request", s.name);
    }
}

#[test]
fn information_request_with_every_server() {
    for s in &SERVERS {
        // No -P: with it, an O-only RA asks for PD (RFC 7084 WPD-4).
        let mut cfg = config(s.reply_inforeq);
        cfg.ia_pd.clear();
        let mut r = Run::new(cfg);
        r.pump(ra(false, true));
        assert_eq!(r.last_type(), msg::INFORMATION_REQUEST);
        r.answer(s.reply_inforeq);
        assert_eq!(r.events, [Event::Informed], "{}", s.name);
        let info = r.c.info().unwrap();
        assert_eq!(info.dns[0].to_string(), "2001:db8:1::53", "{}", s.name);
        assert_eq!(info.domains[0].as_str(), "lab.example", "{}", s.name);
    }
}

#[test]
fn dhcp6s_advertise_with_message_level_no_prefix_avail_still_binds_the_address() {
    // dhcp6s's answer to an unknown DUID asking for IA_NA and IA_PD: an
    // address, no IA_PD, and NoPrefixAvail at message level. That must
    // not cost the address (RFC 9915 §18.2.9).
    let adv = unhex(capture!("dhcp6s-advertise-noprefixavail"));
    let m = wire::decode(&adv).unwrap();
    assert_eq!(
        m.status.as_ref().map(|s| s.code),
        Some(wire::status::NO_PREFIX_AVAIL)
    );
    let mut d = Duid::new();
    d.extend_from_slice(m.client_id.as_ref().unwrap()).unwrap();
    let mut cfg = ClientConfig::new(d).with_pd(1, 0);
    cfg.iaid_na = m.ia_na[0].iaid;
    cfg.first_tx_max_delay = Duration::ZERO;
    let mut r = Run::new(cfg);
    r.pump(ra(true, false));
    r.answer(capture!("dhcp6s-advertise-noprefixavail"));
    r.advance(Duration::from_millis(1200));
    assert_eq!(r.last_type(), msg::REQUEST);
}
