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
pub mod ratelimit;
pub mod reply;
pub mod retransmit;
pub mod rng;
pub mod routers;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_modes;
#[cfg(test)]
mod tests_real;
#[cfg(test)]
mod tests_rfc;

use core::net::Ipv6Addr;
use core::time::Duration;

use heapless::{Deque, Vec as HVec};
use log::{debug, info, warn};

pub use config::{ClientConfig, IaNaMode, MAX_IA_PD, PdConfig, RawOption};
use lease::{Binding, IaSet, Leased, MAX_ADDRS, ReconfigureKey};
pub use lease::{Info, Lease};
use ratelimit::RateLimit;
use reply::{Offer, Outcome, Reject};
use retransmit::{Params, Retransmit};
use rng::Rng;
use routers::Routers;

use crate::ra::RaPrefix;
use crate::time::Instant;
use crate::wire::{self, Message, OutIa, Outgoing, msg, opt};

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

/// Room in the ORO we send; the options RFC 9915 requires always fit.
const ORO_CAP: usize = 64;

/// At most one Renew or Information-Request per this long for prefix
/// changes seen in RAs (RFC 9915 §18.2.12 asks to rate-limit them).
pub const PREFIX_CHANGE_INTERVAL: Duration = Duration::from_secs(30);

/// What the outside world tells the client.
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    /// A valid Router Advertisement: its M and O flags, its source (`None`
    /// if the RA source can't tell) and its Prefix Information options.
    Ra {
        managed: bool,
        other: bool,
        router: Option<Ipv6Addr>,
        prefixes: &'a [RaPrefix],
    },
    /// A decoded DHCPv6 message from `src` to `dst` (`::` if the socket
    /// couldn't tell); `raw` are its bytes (the Reconfigure HMAC covers
    /// them).
    Message {
        msg: &'a Message,
        raw: &'a [u8],
        src: Ipv6Addr,
        dst: Ipv6Addr,
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

/// Why received messages were dropped, or sending waited, for logs and
/// benchmarks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub wrong_xid: u64,
    pub no_server_id: u64,
    pub client_id_mismatch: u64,
    pub unexpected: u64,
    pub nothing_offered: u64,
    pub bad_reconfigure: u64,
    /// Replies with an RKAP replay counter below the one we hold (§20.3).
    pub replayed: u64,
    /// Transmissions held back by the §14.1 rate limit.
    pub rate_limited: u64,
}

impl core::fmt::Display for Stats {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "wrong xid {}, no server id {}, client id mismatch {}, unexpected {}, \
             nothing offered {}, bad reconfigure {}, replayed {}, rate limited {}",
            self.wrong_xid,
            self.no_server_id,
            self.client_id_mismatch,
            self.unexpected,
            self.nothing_offered,
            self.bad_reconfigure,
            self.replayed,
            self.rate_limited
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
    /// When this Solicit (re)started: an RA restarts it at most once per RT.
    restarted: Instant,
    /// A server answered, but with nothing we can use: after the first RT,
    /// Information-Request instead (odhcp6c's fallback).
    nothing_usable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Requesting {
    ex: Exchange,
    offer: Offer,
    /// The lease we held when the server said NoBinding, if any.
    held: Option<Lease>,
}

/// An exchange about a lease we hold: Renew or Rebind (`msg_type`), a
/// Confirm, or an Information-Request (Reconfigure while bound).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Extending {
    ex: Exchange,
    msg_type: u8,
    lease: Lease,
    /// IAs not yet renewed by a Reply (§18.2.10.1): the exchange goes on
    /// until none is left.
    outstanding: IaSet,
    /// The Rebind of §18.2.12 after link-up: unanswered, keep the lease.
    on_link: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Declining {
    ex: Exchange,
    lease: Lease,
    declined: heapless::Vec<Leased, MAX_ADDRS>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Informing {
    ex: Exchange,
    /// The server a Reconfigure came from: named in the request (§18.2.6).
    server_id: Option<Duid>,
    /// The Reconfigure key we hold and its server, kept over a refresh
    /// whose Reply doesn't deliver it again.
    key: Option<(Duid, ReconfigureKey)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Informed {
    info: Info,
    server_id: Duid,
    server_addr: Ipv6Addr,
    refresh_at: Instant,
    reconfigure_key: Option<ReconfigureKey>,
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
    /// Renew or Rebind.
    Extending(Extending),
    Confirming(Extending),
    /// Information-Request while bound (a Reconfigure asked for it).
    Refreshing(Extending),
    Declining(Declining),
    Informing(Informing),
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
    /// A PIO of the last RA had RFC 9762's P flag.
    pd_flag: bool,
    routers: Routers,
    link_up: bool,
    sol_max_rt: Duration,
    inf_max_rt: Duration,
    /// A server set SOL_MAX_RT: RAs no longer restart a Solicit, which
    /// would ask it more often than it said (§21.24).
    sol_max_rt_by_server: bool,
    /// A prefix change seen in RAs is acted on at this time (§18.2.12).
    prefix_change_at: Option<Instant>,
    prefix_change_last: Option<Instant>,
    limit: RateLimit,
    transmits: Deque<Transmit, 4>,
    events: Deque<Event, 8>,
    pub stats: Stats,
}

fn secs(s: u32) -> Duration {
    Duration::from_secs(u64::from(s))
}

/// The IAs of one message, borrowing the leases they carry.
type Ias<'a> = (Option<OutIa<'a>>, HVec<OutIa<'a>, MAX_IA_PD>);

fn out_ia<'a>(cfg: &ClientConfig, pd: bool, iaid: u32, leases: &'a [Leased]) -> OutIa<'a> {
    let hint = if pd { cfg.pd(iaid) } else { None };
    OutIa {
        iaid,
        leases,
        hint: hint.map_or(0, |h| h.len),
        hint_prefix: hint.map_or(Ipv6Addr::UNSPECIFIED, |h| h.prefix),
    }
}

/// The IAs of a Solicit: empty ones of every kind configured, IA_PDs with
/// their hints.
fn solicit_ias(cfg: &ClientConfig) -> Ias<'static> {
    let na = (cfg.ia_na != IaNaMode::None).then(|| out_ia(cfg, false, cfg.iaid_na, &[]));
    let pd = cfg
        .ia_pd
        .iter()
        .map(|p| out_ia(cfg, true, p.iaid, &[]))
        .collect();
    (na, pd)
}

/// The IAs of a Renew, Rebind, or Request after NoBinding: what we hold,
/// and an empty IA for each configured one we don't, asking for it again
/// (§18.2.4-5: a client keeps asking for the IA types it wants).
fn extend_ias<'a>(cfg: &ClientConfig, l: &'a Lease) -> Ias<'a> {
    let na = match (&l.ia_na, cfg.ia_na) {
        (Some(b), _) => Some(out_ia(cfg, false, b.iaid, &b.leases)),
        (None, IaNaMode::None) => None,
        (None, _) => Some(out_ia(cfg, false, cfg.iaid_na, &[])),
    };
    let pd = cfg
        .ia_pd
        .iter()
        .map(|p| {
            let held = l.ia_pd.iter().find(|b| b.iaid == p.iaid);
            out_ia(cfg, true, p.iaid, held.map_or(&[][..], |b| &b.leases))
        })
        .collect();
    (na, pd)
}

/// The IAs of a Release: the leases we hold, nothing else.
fn held_ias<'a>(cfg: &ClientConfig, l: &'a Lease) -> Ias<'a> {
    let ia = |pd, b: &'a Binding| out_ia(cfg, pd, b.iaid, &b.leases);
    let na = l
        .ia_na
        .as_ref()
        .filter(|b| !b.is_empty())
        .map(|b| ia(false, b));
    let pd = l
        .ia_pd
        .iter()
        .filter(|b| !b.is_empty())
        .map(|b| ia(true, b))
        .collect();
    (na, pd)
}

/// The IAs of a Request: what the chosen Advertise offered.
fn offer_ias<'a>(cfg: &ClientConfig, o: &'a Offer) -> Ias<'a> {
    let na = o
        .ia_na
        .as_ref()
        .map(|ia| out_ia(cfg, false, ia.iaid, &ia.leases));
    let pd = o
        .ia_pd
        .iter()
        .map(|ia| out_ia(cfg, true, ia.iaid, &ia.leases))
        .collect();
    (na, pd)
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
            pd_flag: false,
            routers: Routers::default(),
            link_up: true,
            sol_max_rt_by_server: false,
            prefix_change_at: None,
            prefix_change_last: None,
            limit: RateLimit::default(),
            transmits: Deque::new(),
            events: Deque::new(),
            stats: Stats::default(),
        };
        if c.cfg.startup_solicit {
            c.managed = true;
            c.restart(now);
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
            State::Extending(e) | State::Confirming(e) | State::Refreshing(e) => Some(&e.lease),
            State::Declining(d) => Some(&d.lease),
            State::Requesting(r) => r.held.as_ref(),
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
            State::Refreshing(_) => "refreshing",
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
        let exchange = |ex: &Exchange, l: Option<&Lease>| {
            earliest(Some(ex.rt.next), l.and_then(Lease::next_expiry))
        };
        match &self.state {
            State::Idle | State::Stopped => None,
            State::Soliciting(s) => Some(s.ex.rt.next),
            State::Requesting(r) => exchange(&r.ex, r.held.as_ref()),
            State::Bound(l) => earliest(
                earliest(l.renew_at(), l.next_expiry()),
                self.prefix_change_at,
            ),
            State::Extending(e) | State::Confirming(e) | State::Refreshing(e) => {
                exchange(&e.ex, Some(&e.lease))
            }
            State::Declining(d) => exchange(&d.ex, Some(&d.lease)),
            State::Informing(i) => Some(i.ex.rt.next),
            State::Informed(i) => earliest(Some(i.refresh_at), self.prefix_change_at),
            State::Releasing(r) => Some(r.ex.rt.next),
        }
    }

    pub fn process(&mut self, now: Instant, input: Input<'_>) {
        match input {
            Input::Ra {
                managed,
                other,
                router,
                prefixes,
            } => self.on_ra(now, managed, other, router, prefixes),
            Input::Message { msg, raw, src, dst } => self.on_message(now, msg, raw, src, dst),
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

    /// A random delay in [0, `max`]: before a first Solicit or
    /// Information-Request (SOL_MAX_DELAY, INF_MAX_DELAY, §18.2.1,
    /// §18.2.6; configurable down to zero so the reaction to an RA can be
    /// the kernel's alone), or a first Confirm (CNF_MAX_DELAY, §18.2.3).
    fn first_delay(&mut self, max: Duration) -> Duration {
        Duration::from_millis(self.rng.below(crate::time::millis(max) + 1))
    }

    /// Does an RA with these flags call for stateful DHCPv6? M does; with
    /// `-P` so do O (RFC 7084 WPD-4: a CE router asks for PD when either
    /// is set) and a PIO's P flag (RFC 9762: PD is available).
    fn asks_stateful(&self, managed: bool, other: bool, pd_flag: bool) -> bool {
        self.cfg.stateful() && (managed || (!self.cfg.ia_pd.is_empty() && (other || pd_flag)))
    }

    fn solicit(&mut self, now: Instant) {
        let delay = self.first_delay(self.cfg.first_tx_max_delay);
        let params = Params {
            mrt: self.sol_max_rt,
            ..retransmit::SOLICIT
        };
        let ex = self.exchange(params, now + delay, true);
        debug!("soliciting in {} ms", crate::time::millis(delay));
        self.state = State::Soliciting(Soliciting {
            ex,
            best: None,
            restarted: now,
            nothing_usable: false,
        });
    }

    fn inform(&mut self, now: Instant, delay: bool) {
        self.inform_as(now, delay, None, None);
    }

    fn inform_as(
        &mut self,
        now: Instant,
        delay: bool,
        server_id: Option<Duid>,
        key: Option<(Duid, ReconfigureKey)>,
    ) {
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
        self.state = State::Informing(Informing { ex, server_id, key });
    }

    fn extend(&mut self, now: Instant, lease: Lease, msg_type: u8) {
        let all = lease.held();
        self.extend_ias(now, lease, msg_type, all);
    }

    /// Renew or Rebind the IAs `outstanding` of `lease` (every message
    /// carries all our IAs; these are the ones still to be renewed).
    fn extend_ias(&mut self, now: Instant, lease: Lease, mut msg_type: u8, outstanding: IaSet) {
        // Past T2 already (the system slept through T1 and T2): Renew would
        // only run out at once; go straight to Rebind (§18.2.5).
        if msg_type == msg::RENEW && lease.rebind_at_of(&outstanding).is_some_and(|t2| now >= t2) {
            msg_type = msg::REBIND;
        }
        // Renew runs until T2, Rebind until the leases expire (§18.2.4-5).
        let (params, end) = if msg_type == msg::RENEW {
            (retransmit::RENEW, lease.rebind_at_of(&outstanding))
        } else {
            (retransmit::REBIND, lease.expires_at_of(&outstanding))
        };
        let mut ex = self.exchange(params, now, false);
        match end {
            Some(end) if end > now => ex.rt.set_mrd(end.since(now)),
            Some(_) => ex.rt.set_mrd(Duration::from_millis(1)),
            None => {}
        }
        match end {
            Some(end) => debug!("message type {msg_type} until {} ms", end.as_millis()),
            None => debug!("message type {msg_type}, no end"),
        }
        self.state = State::Extending(Extending {
            ex,
            msg_type,
            lease,
            outstanding,
            on_link: false,
        });
    }

    /// Nothing bound any more: tell the world, then start over the way the
    /// last RA (or the start-up mode) asked for.
    fn lose_lease(&mut self, now: Instant) {
        self.emit(Event::Unbound);
        self.restart(now);
    }

    fn restart(&mut self, now: Instant) {
        if self.asks_stateful(self.managed, self.other, self.pd_flag) {
            self.solicit(now);
        } else if self.managed || self.other {
            // Includes `-N none` without `-P` on an M=1 link: stateless,
            // as odhcp6c.
            self.inform(now, true);
        } else {
            self.state = State::Idle;
        }
    }

    fn on_ra(
        &mut self,
        now: Instant,
        managed: bool,
        other: bool,
        router: Option<Ipv6Addr>,
        prefixes: &[RaPrefix],
    ) {
        let pd_flag = prefixes.iter().any(|p| p.pd_preferred);
        let asks = self.asks_stateful(managed, other, pd_flag);
        let change = self
            .routers
            .note(router.unwrap_or(Ipv6Addr::UNSPECIFIED), asks, prefixes);
        self.managed = managed;
        self.other = other;
        self.pd_flag = pd_flag;
        if change.prefixes {
            self.prefix_changed(now);
        }
        match &self.state {
            State::Idle => self.restart(now),
            // A router now offers stateful service (M turned on, or a new
            // router asking for it): take it. Not on every RA: one whose
            // Advertises offered nothing usable sent us here.
            State::Informing(_) | State::Informed(_) if asks && change.asks_anew => {
                if matches!(self.state, State::Informed(_)) {
                    self.emit(Event::Unbound);
                }
                self.solicit(now);
            }
            // A router that appeared (or started asking) while we back off
            // is answered now, not after SOL_MAX_RT; at most once per RT,
            // and never when a server set SOL_MAX_RT: restarting would ask
            // it more often than it said. Repeats of the same RA change
            // nothing, so the backoff grows as §15 wants.
            State::Soliciting(s)
                if change.asks_anew
                    && s.best.is_none()
                    && s.ex.rt.count > 0
                    && !self.sol_max_rt_by_server
                    && now.since(s.restarted) >= s.ex.rt.rt.max(retransmit::SOLICIT.irt) =>
            {
                debug!("RA from a router that asks for DHCPv6: soliciting again");
                self.solicit(now);
            }
            // Taking part in DHCPv6 already: M/O changes don't restart it
            // (RFC 2462 §5.5.3, as the IPv6 Ready RA-processing cases test).
            _ => {}
        }
    }

    /// RFC 9915 §18.2.12: prefixes on the link changed (one appeared or
    /// was deprecated) without a link change: Renew, or
    /// Information-Request when stateless, at most once per
    /// `PREFIX_CHANGE_INTERVAL`.
    fn prefix_changed(&mut self, now: Instant) {
        let at = self
            .prefix_change_last
            .map_or(now, |t| (t + PREFIX_CHANGE_INTERVAL).max(now));
        self.prefix_change_at = Some(self.prefix_change_at.map_or(at, |a| a.min(at)));
    }

    /// Is the prefix-change deadline here? Takes it if so.
    fn prefix_change_due(&mut self, now: Instant) -> bool {
        if self.prefix_change_at.is_none_or(|t| now < t) {
            return false;
        }
        self.prefix_change_at = None;
        self.prefix_change_last = Some(now);
        info!("prefixes on the link changed: asking the server again (RFC 9915 §18.2.12)");
        true
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
            | State::Confirming(Extending { lease: l, .. })
            | State::Refreshing(Extending { lease: l, .. }) => {
                if l.has_prefixes() {
                    // Delegated prefixes: Rebind with every IA, timed as a
                    // Confirm (IRT 1 s, MRT 4 s, MRD 10 s).
                    let ex = self.exchange(retransmit::CONFIRM, now, false);
                    let outstanding = l.held();
                    self.state = State::Extending(Extending {
                        ex,
                        msg_type: msg::REBIND,
                        lease: l,
                        outstanding,
                        on_link: true,
                    });
                } else {
                    // Addresses only: Confirm, first delayed by up to
                    // CNF_MAX_DELAY (§18.2.3), whatever --solicit-delay says.
                    let delay = self.first_delay(retransmit::CNF_MAX_DELAY);
                    let ex = self.exchange(retransmit::CONFIRM, now + delay, false);
                    self.state = State::Confirming(Extending {
                        ex,
                        msg_type: msg::CONFIRM,
                        outstanding: IaSet::new(),
                        lease: l,
                        on_link: true,
                    });
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
        // Already releasing or stopped: changed in place (moving a state
        // that holds a lease out and back costs code on every target).
        match &mut self.state {
            State::Releasing(r) => {
                // SIGTERM during the Release of a SIGUSR2: stop instead of
                // restarting, and the Release left gets the stop budget
                // from now, not its MRC (1+2+4+8 s): netifd's SIGKILL
                // comes 5 s after SIGTERM.
                if then == AfterRelease::Stop {
                    let limit = now.since(r.ex.rt.start) + self.cfg.stop_release_budget;
                    let mrd = r.ex.rt.params().mrd;
                    if mrd.is_zero() || limit < mrd {
                        r.ex.rt.set_mrd(limit);
                    }
                    r.then = then;
                }
                return;
            }
            State::Stopped => return,
            // odhcp6c says `unbound` on leaving the information too
            // (odhcp6c.c:798-801).
            State::Informed(_) => self.emit(Event::Unbound),
            _ => {}
        }
        match self.take_lease() {
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

    /// The lease of the current state, if any; the state is left Idle.
    fn take_lease(&mut self) -> Option<Lease> {
        match core::mem::replace(&mut self.state, State::Idle) {
            State::Bound(l) => Some(l),
            State::Extending(e) | State::Confirming(e) | State::Refreshing(e) => Some(e.lease),
            State::Declining(d) => Some(d.lease),
            State::Requesting(r) => r.held,
            _ => None,
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

    /// The Reconfigure key we hold and the server it is from.
    fn held_key(&self) -> Option<(&Duid, &ReconfigureKey)> {
        match &self.state {
            State::Informing(i) => i.key.as_ref().map(|(s, k)| (s, k)),
            State::Informed(i) => i.reconfigure_key.as_ref().map(|k| (&i.server_id, k)),
            State::Releasing(r) => r
                .lease
                .reconfigure_key
                .as_ref()
                .map(|k| (&r.lease.server_id, k)),
            _ => self
                .lease()
                .and_then(|l| l.reconfigure_key.as_ref().map(|k| (&l.server_id, k))),
        }
    }

    fn on_message(&mut self, now: Instant, m: &Message, raw: &[u8], src: Ipv6Addr, dst: Ipv6Addr) {
        if m.msg_type == msg::RECONFIGURE {
            return self.on_reconfigure(now, m, raw, dst);
        }
        let (xid, expect) = match &self.state {
            State::Soliciting(s) => (s.ex.xid, [msg::ADVERTISE, msg::REPLY]),
            State::Requesting(r) => (r.ex.xid, [msg::REPLY; 2]),
            State::Extending(e) | State::Confirming(e) | State::Refreshing(e) => {
                (e.ex.xid, [msg::REPLY; 2])
            }
            State::Declining(d) => (d.ex.xid, [msg::REPLY; 2]),
            State::Informing(i) => (i.ex.xid, [msg::REPLY; 2]),
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
        if self
            .held_key()
            .is_some_and(|(sid, k)| reply::replayed(m, sid, Some(k)))
        {
            debug!("Reply with an old replay counter: dropped (RFC 9915 §20.3)");
            self.stats.replayed += 1;
            return;
        }
        // SOL_MAX_RT and INF_MAX_RT count in every Advertise and Reply,
        // whatever else it says (§18.2.9, §18.2.10).
        self.update_max_rt(m);
        match core::mem::replace(&mut self.state, State::Idle) {
            State::Soliciting(s) => self.on_solicit_response(now, s, m, src),
            State::Requesting(r) => self.on_request_reply(now, r, m, src),
            State::Extending(e) => self.on_extend_reply(now, e, m, src),
            State::Confirming(c) => match reply::confirm(m) {
                Some(true) => self.state = State::Bound(c.lease),
                Some(false) => {
                    info!("Confirm: not on link any more");
                    self.lose_lease(now);
                }
                None => self.state = State::Confirming(c),
            },
            State::Refreshing(mut r) => {
                if failed(m) {
                    self.state = State::Refreshing(r);
                    return;
                }
                r.lease.info = m.info.clone();
                r.lease.reconfigure_key = reply::key_update(m, r.lease.reconfigure_key.as_ref());
                self.bind(r.lease, Event::Updated);
            }
            State::Declining(d) => self.declined(now, d.lease),
            State::Informing(mut i) => {
                if failed(m) {
                    i.ex.rt.set_mrt(self.inf_max_rt);
                    self.state = State::Informing(i);
                    return;
                }
                let server_id = m.server_id.clone().unwrap_or_default();
                let held = i.key.as_ref().filter(|(s, _)| *s == server_id);
                let reconfigure_key = reply::key_update(m, held.map(|(_, k)| k));
                let refresh = reply::refresh_secs(&m.info);
                self.prefix_change_at = None;
                self.state = State::Informed(Informed {
                    info: m.info.clone(),
                    server_id,
                    server_addr: src,
                    refresh_at: now + secs(refresh),
                    reconfigure_key,
                });
                self.emit(Event::Informed);
            }
            State::Releasing(r) => self.after_release(now, r.then),
            other => self.state = other,
        }
    }

    fn count(&mut self, r: Reject) {
        debug!("dropped a server message: {}", r.as_str());
        match r {
            Reject::WrongXid => self.stats.wrong_xid += 1,
            Reject::NoServerId => self.stats.no_server_id += 1,
            Reject::ClientIdMismatch => self.stats.client_id_mismatch += 1,
            Reject::NothingOffered => self.stats.nothing_offered += 1,
        }
    }

    /// SOL_MAX_RT and INF_MAX_RT within §21.24-25's bounds; others are
    /// ignored.
    fn update_max_rt(&mut self, m: &Message) {
        if let Some(v) = m
            .sol_max_rt
            .filter(|v| retransmit::MAX_RT_RANGE.contains(v))
        {
            self.sol_max_rt = secs(v);
            self.sol_max_rt_by_server = true;
        }
        if let Some(v) = m
            .inf_max_rt
            .filter(|v| retransmit::MAX_RT_RANGE.contains(v))
        {
            self.inf_max_rt = secs(v);
        }
    }

    /// Solicit found servers, but none offers anything usable: ask for
    /// configuration only, as odhcp6c does (dhcpv6.c,
    /// dhcpv6_promote_server_cand: such a server turns IA_NA and IA_PD
    /// "try" into "none", and with both none it sends Information-Request).
    /// `-N force` (and `-F`) refuse those servers instead and keep
    /// soliciting (dhcpv6_handle_advert returns before they become
    /// candidates).
    fn may_fall_back(&self) -> bool {
        self.cfg.ia_na != IaNaMode::Force && !self.cfg.force_pd
    }

    fn on_solicit_response(&mut self, now: Instant, mut s: Soliciting, m: &Message, src: Ipv6Addr) {
        s.ex.rt.set_mrt(self.sol_max_rt);
        if m.msg_type == msg::REPLY {
            // Only a Reply carrying Rapid Commit ends a Solicit (§18.2.10).
            if self.cfg.rapid_commit && m.rapid_commit {
                match reply::stateful(&self.cfg, m, src, now, msg::SOLICIT, None) {
                    Outcome::Bound(l, _) => return self.bind(l, Event::Bound),
                    Outcome::Restart => {
                        self.stats.nothing_offered += 1;
                        s.nothing_usable = true;
                        self.state = State::Soliciting(s);
                        return;
                    }
                    _ => {}
                }
            }
            self.stats.unexpected += 1;
            self.state = State::Soliciting(s);
            return;
        }
        let offer = match reply::advertise(&self.cfg, m, src) {
            Ok(o) => o,
            Err(r) => {
                self.count(r);
                s.nothing_usable |= r == Reject::NothingOffered;
                if s.nothing_usable && s.ex.rt.count > 1 && self.may_fall_back() {
                    info!("Advertise offers nothing usable: Information-Request instead");
                    return self.inform(now, true);
                }
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

    fn on_request_reply(&mut self, now: Instant, r: Requesting, m: &Message, src: Ipv6Addr) {
        // After NoBinding this re-establishes a lease we hold: merged like
        // a Renew's Reply.
        let sent = if r.held.is_some() {
            msg::RENEW
        } else {
            msg::REQUEST
        };
        match reply::stateful(&self.cfg, m, src, now, sent, r.held.as_ref()) {
            Outcome::Bound(l, _) => {
                let ev = if r.held.is_some() {
                    Event::Updated
                } else {
                    Event::Bound
                };
                self.bind(l, ev);
            }
            Outcome::Retry | Outcome::NeedRequest => self.state = State::Requesting(r),
            Outcome::Restart => {
                if r.held.is_some() {
                    self.emit(Event::Unbound);
                }
                self.solicit(now);
            }
        }
    }

    fn bind(&mut self, lease: Lease, event: Event) {
        // A fresh Reply answers whatever a prefix change asked.
        self.prefix_change_at = None;
        self.state = State::Bound(lease);
        self.emit(event);
    }

    fn on_extend_reply(&mut self, now: Instant, mut e: Extending, m: &Message, src: Ipv6Addr) {
        match reply::stateful(&self.cfg, m, src, now, e.msg_type, Some(&e.lease)) {
            Outcome::Bound(l, answered) => {
                let ev = if e.msg_type == msg::REBIND {
                    Event::Rebound
                } else {
                    Event::Updated
                };
                e.outstanding.retain(|id| {
                    !answered.contains(id) && l.binding(*id).is_some_and(|b| !b.is_empty())
                });
                e.lease = l;
                if e.outstanding.is_empty() {
                    return self.bind(e.lease, ev);
                }
                // §18.2.10.1: use what the Reply gave; an IA it left out
                // (or refused) is asked for again at the normal
                // retransmission time, as if no Reply had come, until its
                // own T2 (Renew) or its leases' end (Rebind).
                info!(
                    "Reply left {} IA(s) out: still renewing them",
                    e.outstanding.len()
                );
                if !e.on_link {
                    let end = if e.msg_type == msg::RENEW {
                        e.lease.rebind_at_of(&e.outstanding)
                    } else {
                        e.lease.expires_at_of(&e.outstanding)
                    };
                    let mrd = end.map_or(Duration::ZERO, |end| {
                        end.since(e.ex.rt.start).max(Duration::from_millis(1))
                    });
                    e.ex.rt.set_mrd(mrd);
                }
                self.state = State::Extending(e);
                self.emit(ev);
            }
            Outcome::Retry => self.state = State::Extending(e),
            Outcome::NeedRequest => {
                // Re-establish the IA with the server that lost it (§18.2.10.1).
                let offer = Offer {
                    server_id: m.server_id.clone().unwrap_or_default(),
                    server_addr: src,
                    preference: 0,
                    ia_na: None,
                    ia_pd: HVec::new(),
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

    fn on_reconfigure(&mut self, now: Instant, m: &Message, raw: &[u8], dst: Ipv6Addr) {
        // §16.11: a Reconfigure that was not unicast to us is discarded.
        if !self.cfg.accept_reconfigure || dst.is_multicast() || dst.is_unspecified() {
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
                    // §18.2.11: Information-request, naming the server.
                    _ => self.refresh(now, l),
                }
            }
            State::Informed(i) => {
                let key = i.reconfigure_key.map(|mut k| {
                    k.replay = replay;
                    (i.server_id.clone(), k)
                });
                self.inform_as(now, false, Some(i.server_id), key);
            }
            other => self.state = other,
        }
    }

    /// Information-Request while bound, to the server of the lease
    /// (§18.2.6: a reply to a Reconfigure names it); gives up at T1, when
    /// the Renew asks for the same options anyway.
    fn refresh(&mut self, now: Instant, lease: Lease) {
        let mut ex = self.exchange(
            Params {
                mrt: self.inf_max_rt,
                ..retransmit::INFORMATION_REQUEST
            },
            now,
            false,
        );
        if let Some(t1) = lease.renew_at() {
            ex.rt.set_mrd(t1.since(now).max(Duration::from_millis(1)));
        }
        self.state = State::Refreshing(Extending {
            ex,
            msg_type: msg::INFORMATION_REQUEST,
            lease,
            outstanding: IaSet::new(),
            on_link: false,
        });
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
                // First RT over with an offer in hand: Request it (§18.2.1);
                // with only useless answers: stateless instead.
                if s.ex.rt.count > 0 {
                    if let Some(best) = s.best.take() {
                        self.request(now, best);
                        return true;
                    }
                    if s.nothing_usable && self.may_fall_back() {
                        info!("no Advertise offers anything usable: Information-Request instead");
                        self.inform(now, true);
                        return true;
                    }
                }
                let (na, pd) = solicit_ias(&self.cfg);
                self.send(now, &mut s.ex, msg::SOLICIT, None, na, &pd);
                self.state = State::Soliciting(s);
                false
            }
            State::Requesting(mut r) => {
                // Leases held over a NoBinding still run out meanwhile.
                if let Some(l) = r.held.as_mut()
                    && l.next_expiry().is_some_and(|t| now >= t)
                    && l.expire(now)
                {
                    if l.is_empty() {
                        self.lose_lease(now);
                        return true;
                    }
                    self.emit(Event::Updated);
                }
                if now < r.ex.rt.next {
                    self.state = State::Requesting(r);
                    return false;
                }
                if r.ex.rt.exhausted(now) {
                    info!("Request unanswered: soliciting again");
                    if r.held.is_some() {
                        self.emit(Event::Unbound);
                    }
                    self.solicit(now);
                    return true;
                }
                let sid = r.offer.server_id.clone();
                {
                    let (na, pd) = match &r.held {
                        Some(l) => extend_ias(&self.cfg, l),
                        None => offer_ias(&self.cfg, &r.offer),
                    };
                    self.send(now, &mut r.ex, msg::REQUEST, Some(&sid), na, &pd);
                }
                self.state = State::Requesting(r);
                false
            }
            State::Bound(mut l) => {
                if self.expire(now, &mut l) {
                    return true;
                }
                if l.renew_at().is_some_and(|t| now >= t) || self.prefix_change_due(now) {
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
                // An IA still to be renewed whose leases all ran out is
                // done with; none left: bound with what was renewed.
                let lease = &e.lease;
                e.outstanding
                    .retain(|id| lease.binding(*id).is_some_and(|b| !b.is_empty()));
                if e.outstanding.is_empty() {
                    self.state = State::Bound(e.lease);
                    return true;
                }
                if now < e.ex.rt.next {
                    self.state = State::Extending(e);
                    return false;
                }
                if e.ex.rt.exhausted(now) {
                    if e.on_link {
                        // No answer: keep using what we have, as after an
                        // unanswered Confirm (§18.2.3).
                        self.state = State::Bound(e.lease);
                    } else if e.msg_type == msg::RENEW {
                        self.extend_ias(now, e.lease, msg::REBIND, e.outstanding);
                    } else {
                        self.lose_lease(now);
                    }
                    return true;
                }
                let sid = (e.msg_type == msg::RENEW).then(|| e.lease.server_id.clone());
                {
                    let (na, pd) = extend_ias(&self.cfg, &e.lease);
                    self.send(now, &mut e.ex, e.msg_type, sid.as_ref(), na, &pd);
                }
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
                let na = c
                    .lease
                    .ia_na
                    .as_ref()
                    .map(|b| out_ia(&self.cfg, false, b.iaid, &b.leases));
                self.send(now, &mut c.ex, msg::CONFIRM, None, na, &[]);
                self.state = State::Confirming(c);
                false
            }
            State::Refreshing(mut r) => {
                if self.expire(now, &mut r.lease) {
                    return true;
                }
                if now < r.ex.rt.next {
                    self.state = State::Refreshing(r);
                    return false;
                }
                if r.ex.rt.exhausted(now) {
                    self.state = State::Bound(r.lease);
                    return true;
                }
                let sid = r.lease.server_id.clone();
                self.send(
                    now,
                    &mut r.ex,
                    msg::INFORMATION_REQUEST,
                    Some(&sid),
                    None,
                    &[],
                );
                self.state = State::Refreshing(r);
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
                let sid = d.lease.server_id.clone();
                let na = out_ia(&self.cfg, false, self.cfg.iaid_na, &d.declined);
                self.send(now, &mut d.ex, msg::DECLINE, Some(&sid), Some(na), &[]);
                self.state = State::Declining(d);
                false
            }
            State::Informing(mut i) if now >= i.ex.rt.next => {
                let sid = i.server_id.clone();
                self.send(
                    now,
                    &mut i.ex,
                    msg::INFORMATION_REQUEST,
                    sid.as_ref(),
                    None,
                    &[],
                );
                self.state = State::Informing(i);
                false
            }
            State::Informed(i) if now >= i.refresh_at || self.prefix_change_due(now) => {
                let key = i.reconfigure_key.map(|k| (i.server_id, k));
                self.inform_as(now, false, None, key);
                true
            }
            State::Releasing(mut r) if now >= r.ex.rt.next => {
                if r.ex.rt.exhausted(now) {
                    self.after_release(now, r.then);
                    return true;
                }
                let sid = r.lease.server_id.clone();
                {
                    let (na, pd) = held_ias(&self.cfg, &r.lease);
                    self.send(now, &mut r.ex, msg::RELEASE, Some(&sid), na, &pd);
                }
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

    /// The ORO of a message: the configured codes, plus what RFC 9915
    /// requires whatever `-R` left: SOL_MAX_RT in Solicit, Request, Renew
    /// and Rebind (§21.24), INF_MAX_RT (§21.25) and the Information
    /// Refresh Time (§21.23, only there) in Information-Request. Confirm,
    /// Release and Decline carry none (§18.2.3, 7-8).
    fn oro(&self, msg_type: u8) -> HVec<u16, ORO_CAP> {
        let stateless = msg_type == msg::INFORMATION_REQUEST;
        let must: &[u16] = match msg_type {
            msg::INFORMATION_REQUEST => &[opt::INF_MAX_RT, opt::INFORMATION_REFRESH_TIME],
            msg::SOLICIT | msg::REQUEST | msg::RENEW | msg::REBIND => &[opt::SOL_MAX_RT],
            _ => return HVec::new(),
        };
        let mut oro = HVec::new();
        for &c in &self.cfg.request_opts {
            if oro.len() + must.len() < ORO_CAP
                && (c != opt::INFORMATION_REFRESH_TIME || stateless)
                && !oro.contains(&c)
            {
                let _ = oro.push(c);
            }
        }
        for &c in must {
            if !oro.contains(&c) {
                let _ = oro.push(c);
            }
        }
        oro
    }

    /// Send one message of `ex` now, unless the §14.1 rate limit says
    /// wait: then `ex`'s next transmission moves to when it may go.
    fn send(
        &mut self,
        now: Instant,
        ex: &mut Exchange,
        msg_type: u8,
        server_id: Option<&Duid>,
        na: Option<OutIa<'_>>,
        pd: &[OutIa<'_>],
    ) {
        if let Some(at) = self.limit.check(now) {
            debug!(
                "rate limit (RFC 9915 §14.1): message type {msg_type} waits {} ms",
                crate::time::millis(at.since(now))
            );
            self.stats.rate_limited += 1;
            ex.rt.next = at;
            return;
        }
        self.limit.record(now);
        let elapsed = ex.rt.elapsed(now);
        ex.rt.on_transmit(now, &mut self.rng);
        let oro = self.oro(msg_type);
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
            oro: &oro,
            ia_na: na,
            ia_pd: pd,
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

/// A Reply that says nothing was done (§18.2.10: keep retransmitting).
fn failed(m: &Message) -> bool {
    matches!(
        m.status.as_ref().map(|s| s.code),
        Some(wire::status::UNSPEC_FAIL)
    )
}

fn earliest(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
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
