//! Replays recorded packets through ra6c's library on a simulated clock, for
//! `valgrind --tool=callgrind` instruction counts (bench/run.sh, scenario 7).
//!
//!   replay <captures-dir> <ra-hex-file> <section>...
//!
//! Sections, each in its own #[inline(never)] function so callgrind's
//! --toggle-collect='*bench_<section>*' counts only that work:
//!   exchange  RA(M) to an idle client -> Solicit, Kea's Advertise -> Request,
//!             Kea's Reply -> bound (wire::decode + Client::process, encode)
//!   rapid     RA(M) -> Solicit with Rapid Commit, Kea's Reply -> bound
//!   ra        one RA: ra::parse + Client::process(Input::Ra) on a bound client
//!   ra_new    same RA shape with a different prefix (a bound client may
//!             Renew once: RFC 9915 §18.2.12)
//! Before either, the client has seen the usual RA once (not counted).
//! Setup (reading files, building a bound client) happens outside them.
//! Packets are Kea's real bytes from tests/lab/captures; only the transaction
//! id is rewritten to the client's, as in src/client/tests_real.rs.
use std::hint::black_box;
use std::net::Ipv6Addr;
use std::time::Duration;

use ra6c::client::{Client, ClientConfig, Event, Input, Transmit};
use ra6c::time::Instant;
use ra6c::{ra, wire};

fn unhex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex"))
        .collect()
}

fn read_hex(dir: &str, name: &str) -> Vec<u8> {
    let p = format!("{dir}/{name}.hex");
    unhex(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
}

/// The identity of the client Kea answered in the capture (DUID, IAIDs).
fn config(solicit: &[u8], rapid: bool) -> ClientConfig {
    let m = wire::decode(solicit).expect("capture decodes");
    let mut c = ClientConfig::new(m.client_id.clone().expect("Client ID"));
    c.iaid_na = m.ia_na.first().map_or(0, |ia| ia.iaid);
    if let Some(pd) = m.ia_pd.first() {
        c = c.with_pd(pd.iaid, 0);
    }
    c.first_tx_max_delay = Duration::ZERO;
    c.rapid_commit = rapid;
    c
}

struct Sim {
    c: Client,
    now: Instant,
    sent: Vec<Transmit>,
    events: Vec<Event>,
}

impl Sim {
    fn pump(&mut self, input: Input<'_>) {
        self.c.process(self.now, input);
        while let Some(t) = self.c.poll_transmit() {
            self.sent.push(t);
        }
        while let Some(e) = self.c.poll_event() {
            self.events.push(e);
        }
    }
    /// Run timers until something is sent (first-message delay, Advertise
    /// collection), bounded.
    fn until_sent(&mut self, n: usize) {
        for _ in 0..16 {
            if self.sent.len() >= n {
                return;
            }
            match self.c.poll_at() {
                Some(at) => {
                    self.now = self.now.max(at);
                    self.pump(Input::Timeout);
                }
                None => return,
            }
        }
    }
    /// Deliver a captured server message answering our last transmit.
    fn answer(&mut self, captured: &[u8]) {
        let mut b = captured.to_vec();
        let xid = self.sent.last().expect("sent").payload[1..4].to_vec();
        b[1..4].copy_from_slice(&xid);
        let m = wire::decode(&b).expect("decodes");
        let src: Ipv6Addr = "fe80::1".parse().unwrap();
        let dst = "fe80::2".parse().expect("an address");
        self.pump(Input::Message { msg: &m, raw: &b, src, dst });
    }
}

fn sim(cfg: ClientConfig) -> Sim {
    Sim { c: Client::new(cfg, 5, Instant::from_secs(100)), now: Instant::from_secs(100), sent: vec![], events: vec![] }
}

#[inline(never)]
fn bench_exchange(s: &mut Sim, advertise: &[u8], reply: &[u8]) {
    s.pump(Input::Ra { managed: true, other: false, router: None, prefixes: &[] });
    s.until_sent(1);
    s.answer(black_box(advertise));
    s.until_sent(2);
    s.answer(black_box(reply));
}

#[inline(never)]
fn bench_rapid(s: &mut Sim, reply: &[u8]) {
    s.pump(Input::Ra { managed: true, other: false, router: None, prefixes: &[] });
    s.until_sent(1);
    s.answer(black_box(reply));
}

#[inline(never)]
fn bench_ra(s: &mut Sim, ra_bytes: &[u8]) -> bool {
    feed_ra(s, ra_bytes)
}

fn feed_ra(s: &mut Sim, ra_bytes: &[u8]) -> bool {
    let src: Ipv6Addr = "fe80::1".parse().unwrap();
    match ra::parse(2, Some(src), black_box(ra_bytes)) {
        Ok(ev) => {
            s.pump(Input::Ra {
                managed: ev.managed,
                other: ev.other,
                router: ev.source,
                prefixes: &ev.prefixes,
            });
            true
        }
        Err(_) => false,
    }
}

fn bound(dir: &str) -> Sim {
    let mut s = sim(config(&read_hex(dir, "kea-solicit"), false));
    bench_exchange(&mut s, &read_hex(dir, "kea-advertise"), &read_hex(dir, "kea-reply-request"));
    s
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    if a.len() < 4 {
        eprintln!("usage: replay <captures-dir> <ra-hex-file> <exchange|rapid|ra|ra_new>...");
        std::process::exit(2);
    }
    let dir = &a[1];
    let ra_text = std::fs::read_to_string(&a[2]).expect("RA hex file");
    let ras: Vec<Vec<u8>> = ra_text.lines().filter(|l| !l.trim().is_empty()).map(unhex).collect();
    for section in &a[3..] {
        let ok = match section.as_str() {
            "exchange" => {
                let mut s = sim(config(&read_hex(dir, "kea-solicit"), false));
                let adv = read_hex(dir, "kea-advertise");
                let rep = read_hex(dir, "kea-reply-request");
                bench_exchange(&mut s, &adv, &rep);
                s.events.contains(&Event::Bound)
            }
            "rapid" => {
                let mut s = sim(config(&read_hex(dir, "kea-solicit-rapid"), true));
                let rep = read_hex(dir, "kea-reply-rapid");
                bench_rapid(&mut s, &rep);
                s.events.contains(&Event::Bound)
            }
            "ra" | "ra_new" => {
                let mut s = bound(dir);
                // The router's usual RA once, outside the count: "ra" is then
                // a repeat of it, "ra_new" the same router with another prefix.
                let seen = feed_ra(&mut s, &ras[0]);
                let sent = s.sent.len();
                let pkt = if section == "ra" { &ras[0] } else { ras.last().unwrap() };
                let ok = seen && bench_ra(&mut s, pkt) && s.c.lease().is_some();
                // A repeat sends nothing; a new prefix may start one Renew
                // (RFC 9915 §18.2.12, at most one per 30 s).
                let renews = s.sent[sent..].iter().filter(|t| t.payload[0] == 5).count();
                ok && match section.as_str() {
                    "ra" => s.sent.len() == sent,
                    _ => s.sent.len() - sent == renews && renews <= 1,
                }
            }
            other => {
                eprintln!("unknown section {other}");
                std::process::exit(2);
            }
        };
        println!("{section} {}", if ok { "ok" } else { "FAILED" });
        if !ok {
            std::process::exit(1);
        }
    }
}
