//! The DHCPv6 client (RFC 9915) as a pure state machine.
//!
//! It never touches a socket, a clock or a random source: the caller feeds
//! it `(now, Input)` through `process()` and drains `poll_transmit()`,
//! `poll_event()` and `poll_at()`. Randomness (transaction ids, RAND of
//! §15, the first-message delay) comes from a seed the caller provides, so
//! tests run on a simulated clock and replay exactly.

pub mod auth;
pub mod config;
pub mod lease;
pub mod reply;
pub mod retransmit;
pub mod rng;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_real;

use core::net::Ipv6Addr;
use core::time::Duration;

use heapless::Deque;
use log::{debug, info, warn};

pub use config::{ClientConfig, IaNaMode, RawOption};
pub use lease::{Info, Lease};
use lease::{Leased, MAX_ADDRS};
use reply::{Offer, Outcome, Reject};
use retransmit::{Params, Retransmit};
use rng::Rng;

use crate::time::Instant;
use crate::wire::{self, Message, OutIa, Outgoing, msg};

/// A DUID (RFC 9915 §11): at most 128 octets plus the 2-octet type.
pub type Duid = heapless::Vec<u8, 130>;

/// The ORO odhcp6c sends unless `-R` (RFC 9915 §21.7; odhcp6c dhcpv6.c
/// `init_dhcpv6`): SIP domains and addresses (21, 22), DNS (23), domain
/// list (24), SNTP (31), NTP (56), PD exclude (67: Kea sends it only when
/// asked) and the captive portal (103).
pub const DEFAULT_ORO: [u16; 8] = [21, 22, 23, 24, 31, 56, 67, 103];
/// What odhcp6c asks for even with `-R`: INF_MAX_RT and SOL_MAX_RT (the
/// Information Refresh Time is added to Information-Requests when sent).
pub const REQUIRED_ORO: [u16; 2] = [83, 82];

/// Can `-r` put this code in the ORO? odhcp6c leaves out the options of
/// its table without OPT_ORO (odhcp6c.c `opts[]`, dhcpv6.c
/// `dhcpv6_send`): those a client sends or that only nest in others.
pub fn requestable(code: u16) -> bool {
    !matches!(code,
        1..=9 | 11..=16 | 18..=20 | 25 | 26 | 37 | 38 | 43..=48 | 53 | 61 | 66 | 68 | 79..=81
        | 87 | 89..=93 | 100..=102 | 105..=110 | 112 | 114..=135)
}

/// What the outside world tells the client.
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    /// A valid Router Advertisement with these M and O flags.
    Ra {
        managed: bool,
        other: bool,
    },
    /// A decoded DHCPv6 message from `src`; `raw` are its bytes (the
    /// Reconfigure HMAC covers them).
    Message {
        msg: &'a Message,
        raw: &'a [u8],
        src: Ipv6Addr,
    },
    LinkUp,
    LinkDown,
    /// The kernel reports DAD failed for this address.
    DadFailed(Ipv6Addr),
    /// SIGUSR1: Renew now (or Information-Request when stateless).
    Renew,
    /// SIGUSR2: Release and start over.
    Restart,
    /// SIGTERM: Release, then `Event::Stopped`.
    Stop,
    /// Nothing but time passed (`poll_at()` was reached).
    Timeout,
}

/// A datagram to send from port 546 to `dst` port 547.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transmit {
    pub dst: Ipv6Addr,
    pub msg_type: u8,
    pub payload: Vec<u8>,
}

/// Changes the outside world must act on; names follow odhcp6c's script
/// states. The current lease or information is read with `lease()` and
/// `info()` when the event is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Bound,
    Updated,
    Rebound,
    Informed,
    Unbound,
    Stopped,
}

/// Why received messages were dropped, for logs and benchmarks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub wrong_xid: u64,
    pub no_server_id: u64,
    pub client_id_mismatch: u64,
    pub unexpected: u64,
    pub nothing_offered: u64,
    pub bad_reconfigure: u64,
}

impl core::fmt::Display for Stats {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "wrong xid {}, no server id {}, client id mismatch {}, unexpected {}, \
             nothing offered {}, bad reconfigure {}",
            self.wrong_xid,
            self.no_server_id,
            self.client_id_mismatch,
            self.unexpected,
            self.nothing_offered,
            self.bad_reconfigure
        )
    }
}

/// One message exchange in progress.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Exchange {
    xid: [u8; 3],
    rt: Retransmit,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Soliciting {
    ex: Exchange,
    best: Option<Offer>,
    /// Last time an RA restarted us, so an RA flood can't become a
    /// Solicit flood.
    restarted: Instant,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Requesting {
    ex: Exchange,
    offer: Offer,
    /// The lease we held when the server said NoBinding, if any.
    held: Option<Lease>,
}

/// Renew or Rebind (which one is `ex`'s message type).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Extending {
    ex: Exchange,
    msg_type: u8,
    lease: Lease,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Declining {
    ex: Exchange,
    lease: Lease,
    declined: heapless::Vec<Leased, MAX_ADDRS>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Informed {
    info: Info,
    server_id: Duid,
    server_addr: Ipv6Addr,
    refresh_at: Instant,
    reconfigure_key: Option<lease::ReconfigureKey>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AfterRelease {
    Stop,
    Restart,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Releasing {
    ex: Exchange,
    lease: Lease,
    then: AfterRelease,
}

// Every state holds fixed-size data (no heap): the size of the largest is
// the price of bounded memory, paid once per client.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    /// Waiting for an RA (or a signal) to say what to do.
    Idle,
    Soliciting(Soliciting),
    Requesting(Requesting),
    Bound(Lease),
    Extending(Extending),
    Confirming(Extending),
    Declining(Declining),
    Informing(Exchange),
    Informed(Informed),
    Releasing(Releasing),
    Stopped,
}

pub struct Client {
    cfg: ClientConfig,
    rng: Rng,
    state: State,
    /// What the last RA asked for; decides what a lost lease restarts.
    managed: bool,
    other: bool,
    link_up: bool,
    sol_max_rt: Duration,
    inf_max_rt: Duration,
    transmits: Deque<Transmit, 4>,
    events: Deque<Event, 8>,
    pub stats: Stats,
}

fn secs(s: u32) -> Duration {
    Duration::from_secs(u64::from(s))
}

impl Client {
    pub fn new(cfg: ClientConfig, seed: u64, now: Instant) -> Self {
        let mut c = Client {
            sol_max_rt: cfg.sol_max_rt,
            inf_max_rt: cfg.inf_max_rt,
            cfg,
            rng: Rng::new(seed),
            state: State::Idle,
            managed: false,
            other: false,
            link_up: true,
            transmits: Deque::new(),
            events: Deque::new(),
            stats: Stats::default(),
        };
        if c.cfg.startup_solicit {
            c.managed = true;
            c.solicit(now);
        }
        c
    }

    pub fn config(&self) -> &ClientConfig {
        &self.cfg
    }

    /// The stateful lease, while we hold one.
    pub fn lease(&self) -> Option<&Lease> {
        match &self.state {
            State::Bound(l) => Some(l),
            State::Extending(e) | State::Confirming(e) => Some(&e.lease),
            State::Declining(d) => Some(&d.lease),
            _ => None,
        }
    }

    /// Configuration from the server: the lease's, or a stateless Reply's.
    pub fn info(&self) -> Option<&Info> {
        match &self.state {
            State::Informed(i) => Some(&i.info),
            _ => self.lease().map(|l| &l.info),
        }
    }

    /// The server we're bound to or were informed by.
    pub fn server(&self) -> Option<Ipv6Addr> {
        match &self.state {
            State::Informed(i) => Some(i.server_addr),
            _ => self.lease().map(|l| l.server_addr),
        }
    }

    /// A short name of the current state, for logs and tests.
    pub fn state_name(&self) -> &'static str {
        match &self.state {
            State::Idle => "idle",
            State::Soliciting(_) => "soliciting",
            State::Requesting(_) => "requesting",
            State::Bound(_) => "bound",
            State::Extending(e) if e.msg_type == msg::RENEW => "renewing",
            State::Extending(_) => "rebinding",
            State::Confirming(_) => "confirming",
            State::Declining(_) => "declining",
            State::Informing(_) => "informing",
            State::Informed(_) => "informed",
            State::Releasing(_) => "releasing",
            State::Stopped => "stopped",
        }
    }

    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When `process(now, Input::Timeout)` must be called next; `None`
    /// = only an input can change anything.
    pub fn poll_at(&self) -> Option<Instant> {
        match &self.state {
            State::Idle | State::Stopped => None,
            State::Soliciting(s) => Some(s.ex.rt.next),
            State::Requesting(r) => Some(r.ex.rt.next),
            State::Bound(l) => earliest(l.renew_at(), l.next_expiry()),
            State::Extending(e) | State::Confirming(e) => {
                Some(earliest(Some(e.ex.rt.next), e.lease.next_expiry()).unwrap_or(e.ex.rt.next))
            }
            State::Declining(d) => {
                Some(earliest(Some(d.ex.rt.next), d.lease.next_expiry()).unwrap_or(d.ex.rt.next))
            }
            State::Informing(ex) => Some(ex.rt.next),
            State::Informed(i) => Some(i.refresh_at),
            State::Releasing(r) => Some(r.ex.rt.next),
        }
    }

    pub fn process(&mut self, now: Instant, input: Input<'_>) {
        match input {
            Input::Ra { managed, other } => self.on_ra(now, managed, other),
            Input::Message { msg, raw, src } => self.on_message(now, msg, raw, src),
            Input::LinkUp => self.on_link(now, true),
            Input::LinkDown => self.on_link(now, false),
            Input::DadFailed(a) => self.on_dad_failed(now, a),
            Input::Renew => self.on_renew_signal(now),
            Input::Restart => self.release(now, AfterRelease::Restart),
            Input::Stop => self.release(now, AfterRelease::Stop),
            Input::Timeout => {}
        }
        self.drive(now);
    }

    fn emit(&mut self, e: Event) {
        info!(
            "{}",
            match e {
                Event::Bound => "bound",
                Event::Updated => "updated",
                Event::Rebound => "rebound",
                Event::Informed => "informed",
                Event::Unbound => "unbound",
                Event::Stopped => "stopped",
            }
        );
        if self.events.push_back(e).is_err() {
            // The loop drains events after every call; eight pending means
            // it stopped doing so. Keep the newest, which describe now.
            self.events.pop_front();
            let _ = self.events.push_back(e);
        }
    }

    fn exchange(&mut self, params: Params, first_tx: Instant, first_solicit: bool) -> Exchange {
        Exchange {
            xid: self.rng.xid(),
            rt: Retransmit::new(params, first_tx, first_solicit),
        }
    }

    /// The random delay before a first Solicit or Information-Request
    /// (SOL_MAX_DELAY, INF_MAX_DELAY, §18.2.1, §18.2.6), configurable down
    /// to zero so the reaction to an RA can be the kernel's alone.
    fn first_delay(&mut self, max: Duration) -> Duration {
        Duration::from_millis(self.rng.below(max.as_millis() as u64 + 1))
    }

    fn solicit(&mut self, now: Instant) {
        let delay = self.first_delay(self.cfg.first_tx_max_delay);
        let params = Params {
            mrt: self.sol_max_rt,
            ..retransmit::SOLICIT
        };
        let ex = self.exchange(params, now + delay, true);
        debug!("soliciting in {} ms", delay.as_millis());
        self.state = State::Soliciting(Soliciting {
            ex,
            best: None,
            restarted: now,
        });
    }

    fn inform(&mut self, now: Instant, delay: bool) {
        let d = if delay {
            self.first_delay(self.cfg.first_tx_max_delay)
        } else {
            Duration::ZERO
        };
        let params = Params {
            mrt: self.inf_max_rt,
            ..retransmit::INFORMATION_REQUEST
        };
        let ex = self.exchange(params, now + d, false);
        self.state = State::Informing(ex);
    }

    fn extend(&mut self, now: Instant, lease: Lease, mut msg_type: u8) {
        // Past T2 already (the system slept through T1 and T2): Renew would
        // only run out at once; go straight to Rebind (§18.2.5).
        if msg_type == msg::RENEW && lease.rebind_at().is_some_and(|t2| now >= t2) {
            msg_type = msg::REBIND;
        }
        // Renew runs until T2, Rebind until the last lease expires (§18.2.4-5).
        let (params, end) = if msg_type == msg::RENEW {
            (retransmit::RENEW, lease.rebind_at())
        } else {
            (retransmit::REBIND, lease.expires_at())
        };
        let mut ex = self.exchange(params, now, false);
        match end {
            Some(end) if end > now => ex.rt.set_mrd(end.since(now)),
            Some(_) => ex.rt.set_mrd(Duration::from_millis(1)),
            None => {}
        }
        debug!(
            "{} until {:?}",
            if msg_type == msg::RENEW {
                "renewing"
            } else {
                "rebinding"
            },
            end
        );
        self.state = State::Extending(Extending {
            ex,
            msg_type,
            lease,
        });
    }

    /// Nothing bound any more: tell the world, then start over the way the
    /// last RA (or the start-up mode) asked for.
    fn lose_lease(&mut self, now: Instant) {
        self.emit(Event::Unbound);
        self.restart(now);
    }

    fn restart(&mut self, now: Instant) {
        if self.managed {
            self.solicit(now);
        } else if self.other {
            self.inform(now, true);
        } else {
            self.state = State::Idle;
        }
    }

    fn on_ra(&mut self, now: Instant, managed: bool, other: bool) {
        self.managed = managed;
        self.other = other;
        match &mut self.state {
            State::Idle => {
                if managed {
                    self.solicit(now);
                } else if other {
                    self.inform(now, true);
                }
            }
            // The router now offers stateful service: take it.
            State::Informing(_) | State::Informed(_) if managed => self.solicit(now),
            // A router that appeared while we back off is answered now, not
            // after SOL_MAX_RT, but at most once per IRT.
            State::Soliciting(s)
                if managed
                    && s.best.is_none()
                    && s.ex.rt.count > 0
                    && now.since(s.restarted) >= retransmit::SOLICIT.irt =>
            {
                debug!("RA while soliciting: starting over");
                self.solicit(now);
            }
            // Taking part in DHCPv6 already: M/O changes don't restart it
            // (RFC 2462 §5.5.3, as the IPv6 Ready RA-processing cases test).
            _ => {}
        }
    }

    fn on_link(&mut self, now: Instant, up: bool) {
        let was_up = self.link_up;
        self.link_up = up;
        if !up || was_up {
            return;
        }
        // Back on a link that may be another one (§18.2.12).
        match core::mem::replace(&mut self.state, State::Idle) {
            State::Bound(l)
            | State::Extending(Extending { lease: l, .. })
            | State::Confirming(Extending { lease: l, .. }) => {
                if l.has_addresses() {
                    let delay = self
                        .first_delay(retransmit::CNF_MAX_DELAY.min(self.cfg.first_tx_max_delay));
                    let ex = self.exchange(retransmit::CONFIRM, now + delay, false);
                    self.state = State::Confirming(Extending {
                        ex,
                        msg_type: msg::CONFIRM,
                        lease: l,
                    });
                } else {
                    self.extend(now, l, msg::REBIND);
                }
            }
            State::Soliciting(_) => self.solicit(now),
            State::Informing(_) | State::Informed(_) => self.inform(now, true),
            other => self.state = other,
        }
    }

    fn on_dad_failed(&mut self, now: Instant, addr: Ipv6Addr) {
        let held = |l: &Lease| {
            l.ia_na
                .as_ref()
                .is_some_and(|b| b.leases.iter().any(|x| x.addr == addr))
        };
        match core::mem::replace(&mut self.state, State::Idle) {
            State::Bound(mut l) | State::Extending(Extending { lease: mut l, .. }) if held(&l) => {
                let declined = take_addr(&mut l, addr);
                warn!("DAD failed for {addr}: declining it");
                let ex = self.exchange(retransmit::DECLINE, now, false);
                let mut d = heapless::Vec::new();
                let _ = d.extend_from_slice(&declined);
                self.state = State::Declining(Declining {
                    ex,
                    lease: l,
                    declined: d,
                });
                self.emit(Event::Updated);
            }
            State::Declining(mut d) if held(&d.lease) => {
                for x in take_addr(&mut d.lease, addr) {
                    let _ = d.declined.push(x);
                }
                self.state = State::Declining(d);
                self.emit(Event::Updated);
            }
            other => self.state = other,
        }
    }

    fn on_renew_signal(&mut self, now: Instant) {
        match core::mem::replace(&mut self.state, State::Idle) {
            State::Bound(l) => self.extend(now, l, msg::RENEW),
            State::Informed(_) | State::Informing(_) => self.inform(now, false),
            State::Idle | State::Soliciting(_) => {
                self.managed |= !self.other;
                self.restart(now);
            }
            other => self.state = other,
        }
    }

    fn release(&mut self, now: Instant, then: AfterRelease) {
        let lease = match core::mem::replace(&mut self.state, State::Idle) {
            State::Bound(l) => Some(l),
            State::Extending(e) | State::Confirming(e) => Some(e.lease),
            State::Declining(d) => Some(d.lease),
            State::Releasing(r) => {
                // Already releasing: a stop overrides a restart.
                let then = if then == AfterRelease::Stop {
                    then
                } else {
                    r.then
                };
                self.state = State::Releasing(Releasing { then, ..r });
                return;
            }
            State::Stopped => {
                self.state = State::Stopped;
                return;
            }
            _ => None,
        };
        match lease {
            Some(l) if self.cfg.release_on_stop || then == AfterRelease::Restart => {
                self.emit(Event::Unbound);
                let mut ex = self.exchange(retransmit::RELEASE, now, false);
                if then == AfterRelease::Stop {
                    // netifd kills us 5 s after SIGTERM (NOTES.md).
                    ex.rt.set_mrd(self.cfg.stop_release_budget);
                }
                self.state = State::Releasing(Releasing { ex, lease: l, then });
            }
            held => {
                if held.is_some() {
                    self.emit(Event::Unbound);
                }
                self.after_release(now, then);
            }
        }
    }

    fn after_release(&mut self, now: Instant, then: AfterRelease) {
        match then {
            AfterRelease::Stop => {
                self.state = State::Stopped;
                self.emit(Event::Stopped);
            }
            AfterRelease::Restart => self.restart(now),
        }
    }

    fn on_message(&mut self, now: Instant, m: &Message, raw: &[u8], src: Ipv6Addr) {
        if m.msg_type == msg::RECONFIGURE {
            return self.on_reconfigure(now, m, raw);
        }
        let (xid, expect) = match &self.state {
            State::Soliciting(s) => (s.ex.xid, [msg::ADVERTISE, msg::REPLY]),
            State::Requesting(r) => (r.ex.xid, [msg::REPLY; 2]),
            State::Extending(e) | State::Confirming(e) => (e.ex.xid, [msg::REPLY; 2]),
            State::Declining(d) => (d.ex.xid, [msg::REPLY; 2]),
            State::Informing(ex) => (ex.xid, [msg::REPLY; 2]),
            State::Releasing(r) => (r.ex.xid, [msg::REPLY; 2]),
            _ => {
                self.stats.unexpected += 1;
                return;
            }
        };
        if !expect.contains(&m.msg_type) {
            self.stats.unexpected += 1;
            return;
        }
        // Information-Request Replies need no Client ID match if we sent
        // none, but we always send one, so the common checks apply.
        if let Err(r) = reply::check_common(m, xid, &self.cfg.duid) {
            self.count(r);
            return;
        }
        match core::mem::replace(&mut self.state, State::Idle) {
            State::Soliciting(s) => self.on_solicit_response(now, s, m, src),
            State::Requesting(r) => {
                let sent = if r.held.is_some() {
                    msg::RENEW
                } else {
                    msg::REQUEST
                };
                match reply::stateful(&self.cfg, m, src, now, sent, r.held.as_ref()) {
                    Outcome::Bound(l) => self.bind(
                        l,
                        if r.held.is_some() {
                            Event::Updated
                        } else {
                            Event::Bound
                        },
                    ),
                    Outcome::Retry | Outcome::NeedRequest => self.state = State::Requesting(r),
                    Outcome::Restart => {
                        if r.held.is_some() {
                            self.emit(Event::Unbound);
                        }
                        self.solicit(now);
                    }
                }
            }
            State::Extending(e) => self.on_extend_reply(now, e, m, src),
            State::Confirming(c) => match reply::confirm(m) {
                Some(true) => self.state = State::Bound(c.lease),
                Some(false) => {
                    info!("Confirm: not on link any more");
                    self.lose_lease(now);
                }
                None => self.state = State::Confirming(c),
            },
            State::Declining(d) => self.declined(now, d.lease),
            State::Informing(ex) => {
                if matches!(
                    m.status.as_ref().map(|s| s.code),
                    Some(wire::status::UNSPEC_FAIL)
                ) {
                    self.state = State::Informing(ex);
                    return;
                }
                self.update_max_rt(m);
                let refresh = reply::refresh_secs(&m.info);
                self.state = State::Informed(Informed {
                    info: m.info.clone(),
                    server_id: m.server_id.clone().unwrap_or_default(),
                    server_addr: src,
                    refresh_at: now + secs(refresh),
                    reconfigure_key: reply::reconfigure_key(m),
                });
                self.emit(Event::Informed);
            }
            State::Releasing(r) => self.after_release(now, r.then),
            other => self.state = other,
        }
    }

    fn count(&mut self, r: Reject) {
        debug!("dropped a server message: {r:?}");
        match r {
            Reject::WrongXid => self.stats.wrong_xid += 1,
            Reject::NoServerId => self.stats.no_server_id += 1,
            Reject::ClientIdMismatch => self.stats.client_id_mismatch += 1,
            Reject::NothingOffered => self.stats.nothing_offered += 1,
        }
    }

    /// SOL_MAX_RT and INF_MAX_RT from any Advertise or Reply, within
    /// §21.24-25's bounds; others are ignored.
    fn update_max_rt(&mut self, m: &Message) {
        if let Some(v) = m
            .sol_max_rt
            .filter(|v| retransmit::MAX_RT_RANGE.contains(v))
        {
            self.sol_max_rt = secs(v);
        }
        if let Some(v) = m
            .inf_max_rt
            .filter(|v| retransmit::MAX_RT_RANGE.contains(v))
        {
            self.inf_max_rt = secs(v);
        }
    }

    fn on_solicit_response(&mut self, now: Instant, mut s: Soliciting, m: &Message, src: Ipv6Addr) {
        self.update_max_rt(m);
        s.ex.rt.set_mrt(self.sol_max_rt);
        if m.msg_type == msg::REPLY {
            // Only a Reply carrying Rapid Commit ends a Solicit (§18.2.10).
            if self.cfg.rapid_commit
                && m.rapid_commit
                && let Outcome::Bound(l) =
                    reply::stateful(&self.cfg, m, src, now, msg::SOLICIT, None)
            {
                return self.bind(l, Event::Bound);
            }
            self.stats.unexpected += 1;
            self.state = State::Soliciting(s);
            return;
        }
        let offer = match reply::advertise(&self.cfg, m, src) {
            Ok(o) => o,
            Err(r) => {
                self.count(r);
                self.state = State::Soliciting(s);
                return;
            }
        };
        // Preference 255, or the first RT already over: take it now.
        if offer.preference == 255 || s.ex.rt.count > 1 {
            return self.request(now, offer);
        }
        if s.best.as_ref().is_none_or(|b| offer.rank() > b.rank()) {
            s.best = Some(offer);
        }
        self.state = State::Soliciting(s);
    }

    fn request(&mut self, now: Instant, offer: Offer) {
        let ex = self.exchange(retransmit::REQUEST, now, false);
        self.state = State::Requesting(Requesting {
            ex,
            offer,
            held: None,
        });
    }

    fn bind(&mut self, lease: Lease, event: Event) {
        self.state = State::Bound(lease);
        self.emit(event);
    }

    fn on_extend_reply(&mut self, now: Instant, e: Extending, m: &Message, src: Ipv6Addr) {
        self.update_max_rt(m);
        match reply::stateful(&self.cfg, m, src, now, e.msg_type, Some(&e.lease)) {
            Outcome::Bound(l) => {
                let ev = if e.msg_type == msg::REBIND {
                    Event::Rebound
                } else {
                    Event::Updated
                };
                self.bind(l, ev);
            }
            Outcome::Retry => self.state = State::Extending(e),
            Outcome::NeedRequest => {
                // Re-establish the IA with the server that lost it (§18.2.10.1).
                let offer = Offer {
                    server_id: m.server_id.clone().unwrap_or_default(),
                    server_addr: src,
                    preference: 0,
                    ia_na: None,
                    ia_pd: None,
                };
                let ex = self.exchange(retransmit::REQUEST, now, false);
                self.state = State::Requesting(Requesting {
                    ex,
                    offer,
                    held: Some(e.lease),
                });
            }
            Outcome::Restart => self.lose_lease(now),
        }
    }

    fn declined(&mut self, now: Instant, lease: Lease) {
        if lease.is_empty() {
            self.lose_lease(now);
        } else {
            self.state = State::Bound(lease);
        }
    }

    fn on_reconfigure(&mut self, now: Instant, m: &Message, raw: &[u8]) {
        if !self.cfg.accept_reconfigure {
            self.stats.bad_reconfigure += 1;
            return;
        }
        let (server_id, key) = match &self.state {
            State::Bound(l) => (&l.server_id, l.reconfigure_key.as_ref()),
            State::Informed(i) => (&i.server_id, i.reconfigure_key.as_ref()),
            _ => (&Duid::new(), None),
        };
        let Some(key) = key else {
            self.stats.bad_reconfigure += 1;
            return;
        };
        let Some((kind, replay)) = reply::reconfigure(m, raw, &self.cfg.duid, server_id, key)
        else {
            debug!("Reconfigure rejected (not ours, bad digest or replayed)");
            self.stats.bad_reconfigure += 1;
            return;
        };
        info!("Reconfigure: server asks for message type {kind}");
        match core::mem::replace(&mut self.state, State::Idle) {
            State::Bound(mut l) => {
                if let Some(k) = l.reconfigure_key.as_mut() {
                    k.replay = replay;
                }
                match kind {
                    msg::REBIND => self.extend(now, l, msg::REBIND),
                    msg::RENEW => self.extend(now, l, msg::RENEW),
                    // Information-Request while bound: a Renew refreshes
                    // the same options without losing the binding.
                    _ => self.extend(now, l, msg::RENEW),
                }
            }
            State::Informed(_) => self.inform(now, false),
            other => self.state = other,
        }
    }

    /// Fire every due timer and send what is due.
    fn drive(&mut self, now: Instant) {
        // Each pass either sends, moves to another state, or stops; a
        // bounded loop guards against a state that keeps itself due.
        for _ in 0..8 {
            if !self.step(now) {
                break;
            }
        }
    }

    /// One timer step; true if the state changed and timers need another look.
    fn step(&mut self, now: Instant) -> bool {
        match core::mem::replace(&mut self.state, State::Idle) {
            State::Soliciting(mut s) if now >= s.ex.rt.next => {
                // First RT over with an offer in hand: Request it (§18.2.1).
                if s.ex.rt.count > 0
                    && let Some(best) = s.best.take()
                {
                    self.request(now, best);
                    return true;
                }
                self.send(now, &mut s.ex, msg::SOLICIT, None, None);
                self.state = State::Soliciting(s);
                false
            }
            State::Requesting(mut r) if now >= r.ex.rt.next => {
                if r.ex.rt.exhausted(now) {
                    info!("Request unanswered: soliciting again");
                    if r.held.is_some() {
                        self.emit(Event::Unbound);
                    }
                    self.solicit(now);
                    return true;
                }
                let (na, pd) = match &r.held {
                    Some(l) => (l.ia_na.clone(), l.ia_pd.clone()),
                    None => (
                        ia_binding(r.offer.ia_na.as_ref()),
                        ia_binding(r.offer.ia_pd.as_ref()),
                    ),
                };
                let sid = r.offer.server_id.clone();
                self.send_ias(
                    now,
                    &mut r.ex,
                    msg::REQUEST,
                    Some(&sid),
                    na.as_ref(),
                    pd.as_ref(),
                );
                self.state = State::Requesting(r);
                false
            }
            State::Bound(mut l) => {
                if self.expire(now, &mut l) {
                    return true;
                }
                if l.renew_at().is_some_and(|t| now >= t) {
                    self.extend(now, l, msg::RENEW);
                    return true;
                }
                self.state = State::Bound(l);
                false
            }
            State::Extending(mut e) => {
                if self.expire(now, &mut e.lease) {
                    return true;
                }
                if now < e.ex.rt.next {
                    self.state = State::Extending(e);
                    return false;
                }
                if e.ex.rt.exhausted(now) {
                    if e.msg_type == msg::RENEW {
                        self.extend(now, e.lease, msg::REBIND);
                    } else {
                        self.lose_lease(now);
                    }
                    return true;
                }
                let sid = (e.msg_type == msg::RENEW).then(|| e.lease.server_id.clone());
                let (na, pd) = (self.na_for_extend(&e.lease), e.lease.ia_pd.clone());
                self.send_ias(
                    now,
                    &mut e.ex,
                    e.msg_type,
                    sid.as_ref(),
                    na.as_ref(),
                    pd.as_ref(),
                );
                self.state = State::Extending(e);
                false
            }
            State::Confirming(mut c) => {
                // poll_at() wakes us for the next expiry: act on it, or the
                // deadline stays in the past and the event loop spins.
                if self.expire(now, &mut c.lease) {
                    return true;
                }
                if now < c.ex.rt.next {
                    self.state = State::Confirming(c);
                    return false;
                }
                if c.ex.rt.exhausted(now) {
                    // No answer: keep using what we have (§18.2.3).
                    self.state = State::Bound(c.lease);
                    return true;
                }
                let na = c.lease.ia_na.clone();
                self.send_ias(now, &mut c.ex, msg::CONFIRM, None, na.as_ref(), None);
                self.state = State::Confirming(c);
                false
            }
            State::Declining(mut d) => {
                // Leases we keep still expire while the Decline runs.
                if d.lease.next_expiry().is_some_and(|t| now >= t) && d.lease.expire(now) {
                    self.emit(Event::Updated);
                }
                if now < d.ex.rt.next {
                    self.state = State::Declining(d);
                    return false;
                }
                if d.ex.rt.exhausted(now) {
                    self.declined(now, d.lease);
                    return true;
                }
                let na = lease::Binding {
                    iaid: self.cfg.iaid_na,
                    leases: d.declined.clone(),
                    ..Default::default()
                };
                let sid = d.lease.server_id.clone();
                self.send_ias(now, &mut d.ex, msg::DECLINE, Some(&sid), Some(&na), None);
                self.state = State::Declining(d);
                false
            }
            State::Informing(mut ex) if now >= ex.rt.next => {
                self.send(now, &mut ex, msg::INFORMATION_REQUEST, None, None);
                self.state = State::Informing(ex);
                false
            }
            State::Informed(i) if now >= i.refresh_at => {
                self.inform(now, false);
                true
            }
            State::Releasing(mut r) if now >= r.ex.rt.next => {
                if r.ex.rt.exhausted(now) {
                    self.after_release(now, r.then);
                    return true;
                }
                let sid = r.lease.server_id.clone();
                let (na, pd) = (r.lease.ia_na.clone(), r.lease.ia_pd.clone());
                self.send_ias(
                    now,
                    &mut r.ex,
                    msg::RELEASE,
                    Some(&sid),
                    na.as_ref(),
                    pd.as_ref(),
                );
                self.state = State::Releasing(r);
                false
            }
            other => {
                self.state = other;
                false
            }
        }
    }

    /// Drop the leases whose valid lifetime ended (`Updated`); true if
    /// none is left, in which case the lease is lost and we start over.
    fn expire(&mut self, now: Instant, l: &mut Lease) -> bool {
        if !(l.next_expiry().is_some_and(|t| now >= t) && l.expire(now)) {
            return false;
        }
        if l.is_empty() {
            self.lose_lease(now);
            return true;
        }
        self.emit(Event::Updated);
        false
    }

    /// IA_NA for Renew/Rebind: the addresses we hold, or an empty IA_NA
    /// asking for new ones if a Decline or expiry emptied it (§18.2.4).
    fn na_for_extend(&self, l: &Lease) -> Option<lease::Binding> {
        match (&l.ia_na, self.cfg.ia_na) {
            (Some(b), _) => Some(b.clone()),
            (None, IaNaMode::None) => None,
            (None, _) => Some(lease::Binding {
                iaid: self.cfg.iaid_na,
                ..Default::default()
            }),
        }
    }

    /// Solicit and Information-Request: the IAs come from configuration.
    fn send(
        &mut self,
        now: Instant,
        ex: &mut Exchange,
        msg_type: u8,
        na: Option<&lease::Binding>,
        pd: Option<&lease::Binding>,
    ) {
        let stateless = msg_type == msg::INFORMATION_REQUEST;
        let cfg_na = (!stateless && self.cfg.ia_na != IaNaMode::None).then(|| lease::Binding {
            iaid: self.cfg.iaid_na,
            ..Default::default()
        });
        let cfg_pd = (!stateless && self.cfg.ia_pd.is_some()).then(|| lease::Binding {
            iaid: self.cfg.iaid_pd,
            ..Default::default()
        });
        self.send_ias(
            now,
            ex,
            msg_type,
            None,
            na.or(cfg_na.as_ref()),
            pd.or(cfg_pd.as_ref()),
        );
    }

    fn send_ias(
        &mut self,
        now: Instant,
        ex: &mut Exchange,
        msg_type: u8,
        server_id: Option<&Duid>,
        na: Option<&lease::Binding>,
        pd: Option<&lease::Binding>,
    ) {
        let elapsed = ex.rt.elapsed(now);
        ex.rt.on_transmit(now, &mut self.rng);
        let stateless = msg_type == msg::INFORMATION_REQUEST;
        let mut oro: heapless::Vec<u16, 40> = heapless::Vec::new();
        for &c in &self.cfg.request_opts {
            // Only Information-Request may ask for a refresh time (§21.23).
            if (c != wire::opt::INFORMATION_REFRESH_TIME || stateless) && !oro.contains(&c) {
                let _ = oro.push(c);
            }
        }
        if stateless && !oro.contains(&wire::opt::INFORMATION_REFRESH_TIME) {
            let _ = oro.push(wire::opt::INFORMATION_REFRESH_TIME);
        }
        // Release and Decline carry no ORO; Confirm neither (§18.2.3, 7-8).
        let bare = matches!(msg_type, msg::RELEASE | msg::DECLINE | msg::CONFIRM);
        let reconf = self.cfg.accept_reconfigure
            && matches!(
                msg_type,
                msg::SOLICIT | msg::REQUEST | msg::RENEW | msg::REBIND | msg::INFORMATION_REQUEST
            );
        let out = Outgoing {
            msg_type,
            xid: ex.xid,
            client_id: &self.cfg.duid,
            server_id: server_id.map(|d| d.as_slice()),
            elapsed,
            oro: if bare { &[] } else { &oro },
            ia_na: na.map(|b| OutIa {
                iaid: b.iaid,
                leases: &b.leases,
                hint: 0,
            }),
            ia_pd: pd.map(|b| OutIa {
                iaid: b.iaid,
                leases: &b.leases,
                hint: self.cfg.ia_pd.unwrap_or(0),
            }),
            rapid_commit: msg_type == msg::SOLICIT && self.cfg.rapid_commit,
            reconf_accept: reconf,
            extra: if bare { &[] } else { &self.cfg.send_opts },
            fqdn: self.cfg.fqdn.as_deref().filter(|_| {
                matches!(
                    msg_type,
                    msg::SOLICIT | msg::REQUEST | msg::RENEW | msg::REBIND
                )
            }),
        };
        let payload = wire::encode(&out);
        debug!(
            "sending message type {msg_type}, {} octets, elapsed {elapsed}",
            payload.len()
        );
        let t = Transmit {
            dst: wire::ALL_SERVERS,
            msg_type,
            payload,
        };
        if self.transmits.push_back(t).is_err() {
            warn!("transmit queue full; dropping message type {msg_type}");
        }
    }
}

fn earliest(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The IA of an offer as the IA we put in a Request.
fn ia_binding(ia: Option<&wire::Ia>) -> Option<lease::Binding> {
    let ia = ia?;
    Some(lease::Binding {
        iaid: ia.iaid,
        leases: ia.leases.clone(),
        ..Default::default()
    })
}

/// Remove `addr` from the IA_NA of `l`, returning what was removed.
fn take_addr(l: &mut Lease, addr: Ipv6Addr) -> heapless::Vec<Leased, MAX_ADDRS> {
    let mut out = heapless::Vec::new();
    if let Some(b) = l.ia_na.as_mut() {
        for x in b.leases.iter().filter(|x| x.addr == addr) {
            let _ = out.push(x.clone());
        }
        b.leases.retain(|x| x.addr != addr);
        if b.leases.is_empty() {
            l.ia_na = None;
        }
    }
    out
}
