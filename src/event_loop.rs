//! The thin shell around the client: one thread, one poll(2) over the
//! DHCPv6 socket, the RA source, rtnetlink and a signalfd, sleeping until
//! the client's next deadline. Nothing protocol-ish happens here.

use std::io;
use std::net::Ipv6Addr;
use std::os::fd::{AsFd, BorrowedFd};
use std::time::Duration;

use log::{debug, error, info, warn};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::signal::{SigSet, Signal};
use nix::sys::signalfd::{SfdFlags, SignalFd};
use nix::time::{ClockId, clock_gettime};

use crate::alarm::Alarm;
use crate::args::{Options, TriggerMode};
use crate::client::{Client, Event, Input};
use crate::ra::RaEvent;
use crate::ra_state::iid::{self, interface_id};
use crate::ra_state::{RaConfig, RaState};
use crate::rtnl::{LinkInfo, Rtnl, RtnlEvent};
use crate::script::{PrefixHistory, RaView, ScriptContext, ScriptRunner, ScriptState};
use crate::standalone::Installer;
use crate::time::Instant;
use crate::trigger::{self, Trigger, rs};
use crate::udp::{Marks, Udp};
use crate::wire;

/// CLOCK_BOOTTIME: keeps counting through suspend, and NTP steps don't
/// move it, so lease lifetimes stay true (RFC 9915 §18.2.x timers).
pub fn now() -> Instant {
    let ts = clock_gettime(ClockId::CLOCK_BOOTTIME)
        .unwrap_or_else(|_| clock_gettime(ClockId::CLOCK_MONOTONIC).expect("a monotonic clock"));
    Instant::from_millis(ts.tv_sec() as u64 * 1000 + ts.tv_nsec() as u64 / 1_000_000)
}

/// A seed for the client's PRNG. /dev/urandom works on every kernel we
/// run on (3.10 has no getrandom(2)).
pub fn seed() -> u64 {
    let mut b = [0u8; 8];
    match crate::file::read_exact(std::path::Path::new("/dev/urandom"), &mut b) {
        Ok(()) => u64::from_ne_bytes(b),
        Err(e) => {
            warn!("/dev/urandom: {e}; seeding from the clock");
            let t = clock_gettime(ClockId::CLOCK_REALTIME)
                .map(|t| t.tv_nsec() as u64)
                .unwrap_or(0);
            t ^ u64::from(std::process::id()) << 32
        }
    }
}

/// How long an `ra-updated` may wait for a binding that makes it moot:
/// the first Solicit's RT (1.0-1.1 s, RFC 9915 §18.2.1) during which
/// Advertises are collected, then the Request's round trip. 1 s fired
/// ~10 ms before Kea's `bound` under the lab's RA flood.
const RA_UPDATE_DEFER: Duration = Duration::from_millis(1500);

/// Counters kept by the shell (the client keeps its own).
#[derive(Default, Debug)]
pub struct Counters {
    pub rx_packets: u64,
    pub rx_malformed: u64,
    /// Options dropped from packets otherwise taken (`Message::bad_options`).
    pub rx_bad_options: u64,
    pub ra_events: u64,
    pub tx_packets: u64,
    pub tx_errors: u64,
}

pub struct EventLoop {
    /// The command line: made once, kept for the process's life.
    opts: &'static Options,
    ifname: String,
    ifindex: u32,
    client: Client,
    udp: Udp,
    trigger: Box<dyn Trigger>,
    rtnl: Rtnl,
    signals: SignalFd,
    alarm: Alarm,
    script: ScriptRunner,
    installer: Option<Installer>,
    /// What the routers advertise, for the RA_* variables and ra-updated.
    ra: RaState,
    /// The link-local address RA addresses take their id from (`-i`).
    link_local: Option<Ipv6Addr>,
    /// `-i random`'s identifier, drawn once.
    random_iid: [u8; 8],
    history: PrefixHistory,
    mac: Option<[u8; 6]>,
    solicit: rs::Schedule,
    /// While on the raw fallback after the hook went away: when to look
    /// for it again.
    hook_probe: trigger::hook::Probe,
    /// The interface went away: exit so the supervisor restarts us.
    gone: bool,
    counters: Counters,
    buf: Vec<u8>,
}

fn block_signals() -> io::Result<SignalFd> {
    let mut set = SigSet::empty();
    for s in [
        Signal::SIGUSR1,
        Signal::SIGUSR2,
        Signal::SIGTERM,
        Signal::SIGINT,
        Signal::SIGHUP,
        Signal::SIGCHLD,
    ] {
        set.add(s);
    }
    set.thread_block()?;
    Ok(SignalFd::with_flags(
        &set,
        SfdFlags::SFD_NONBLOCK | SfdFlags::SFD_CLOEXEC,
    )?)
}

impl EventLoop {
    pub fn new(
        opts: &'static Options,
        client: Client,
        link: &LinkInfo,
        mut rtnl: Rtnl,
    ) -> io::Result<Self> {
        let ifname = opts.ifname.clone().unwrap_or_default();
        let ifindex = link.ifindex;
        let signals = block_signals()?;
        let marks = Marks::odhcp6c(opts.sk_priority, opts.dscp);
        let udp = Udp::open(&ifname, ifindex, marks)
            .map_err(|e| crate::error::io(e.kind(), format!("UDP port 546 on {ifname}: {e}")))?;
        let trigger = trigger::open(opts, &ifname, ifindex)?;
        info!("RA source: {}", trigger.name());
        let script = ScriptRunner::new(opts.script.clone(), &ifname);
        let installer = opts.standalone.then(Installer::default);
        let ra = RaState::new(RaConfig {
            keep_dns_lifetime: opts.keep_ra_dns_lifetime,
            point_to_point: link.point_to_point,
            holdoff: Duration::from_secs(u64::from(opts.ra_holdoff)),
        });
        let link_local = rtnl.link_local(ifindex).unwrap_or_else(|e| {
            warn!("reading {ifname}'s link-local address: {e}");
            None
        });
        Ok(EventLoop {
            ifname,
            opts,
            ifindex,
            client,
            udp,
            trigger,
            rtnl,
            signals,
            alarm: Alarm::open(),
            script,
            installer,
            ra,
            link_local,
            random_iid: seed().to_ne_bytes(),
            history: PrefixHistory::new(),
            mac: link.mac,
            solicit: rs::Schedule::default(),
            hook_probe: trigger::hook::Probe::default(),
            gone: false,
            counters: Counters::default(),
            buf: vec![0; 2048],
        })
    }

    pub fn run(&mut self) -> io::Result<()> {
        let t = now();
        self.update_iid(t);
        self.call_script(ScriptState::Started, t);
        self.solicit.start(t);
        loop {
            let now0 = now();
            self.client.process(now0, Input::Timeout);
            if self.flush(now0) {
                break;
            }
            if self.gone {
                let e = format!("{} was removed", self.ifname);
                return Err(crate::error::io(io::ErrorKind::NotFound, e));
            }
            self.timers(now0);
            // A pause that has ended is no deadline: as one it stayed in
            // the past and poll returned at once, forever, until the next
            // RA (100 % CPU after two identical RAs within a second).
            let paused = self.trigger.paused_until().filter(|&p| now0 < p);
            let next = [
                self.client.poll_at(),
                self.solicit.poll_at(),
                self.hook_probe.at(),
                paused,
                self.ra.poll_at(),
            ]
            .into_iter()
            .flatten()
            .min();
            let timeout = match next {
                None => PollTimeout::NONE,
                Some(at) => {
                    let ms = at
                        .as_millis()
                        .saturating_sub(now0.as_millis())
                        .min(i32::MAX as u64);
                    PollTimeout::try_from(ms as i32).unwrap_or(PollTimeout::MAX)
                }
            };
            // poll's timeout stops during suspend; the alarm doesn't.
            self.alarm.set(next);
            let ready = self.wait(timeout, paused.is_some())?;
            let t = now();
            if ready[0] {
                self.on_udp(t);
            }
            if ready[1] {
                self.on_trigger(t);
            }
            if ready[2] {
                self.on_rtnl(t);
            }
            if ready[3] {
                self.on_signals(t);
            }
            if self.flush(t) {
                break;
            }
        }
        info!(
            "stopped: {} packets in ({} malformed), {} malformed options dropped, {} out ({} failed), {} RAs",
            self.counters.rx_packets,
            self.counters.rx_malformed,
            self.counters.rx_bad_options,
            self.counters.tx_packets,
            self.counters.tx_errors,
            self.counters.ra_events
        );
        let (ra_in, ra_invalid) = self.trigger.counters();
        info!(
            "{} trigger: {ra_in} in, {ra_invalid} invalid, {} rate-limited",
            self.trigger.name(),
            self.trigger.rate_limited()
        );
        info!("dropped by the client: {}", self.client.stats);
        info!("RA state: {}", self.ra.stats);
        // The "stopped" call must finish before we exit: netifd reads it.
        self.script.wait_idle(Duration::from_secs(3));
        Ok(())
    }

    /// The shell's own timers: RA entries running out and `ra-updated`
    /// falling due, Router Solicitations, looking for a hook that went
    /// away.
    fn timers(&mut self, t: Instant) {
        self.ra.expire(t);
        let bound = self.client.lease().is_some() || self.client.info().is_some();
        self.ra.set_reporting(bound || self.opts.allow_slaac_only);
        if self.ra.update_due().is_some_and(|at| at <= t) {
            let exchanging = matches!(
                self.client.state_name(),
                "soliciting" | "requesting" | "informing"
            );
            if !bound && exchanging && !self.ra.is_deferred() {
                // Scripts run one at a time: forking `ra-updated` now
                // would hold back the `bound` due in a few ms, which
                // carries the RA_* variables anyway.
                self.ra.defer(t + RA_UPDATE_DEFER);
            } else {
                self.call_script(ScriptState::RaUpdated, t);
            }
        }
        if self.solicit.due(t) {
            match rs::send(&self.ifname, self.ifindex, self.mac) {
                Ok(()) => debug!("sent a Router Solicitation"),
                Err(e) => debug!("Router Solicitation: {e}"),
            }
        }
        if self.hook_probe.due(t) {
            match trigger::hook::HookTrigger::open(self.ifindex) {
                Ok(h) => {
                    info!("kernel hook is back: RA source hook");
                    self.trigger = Box::new(h);
                    self.hook_probe.stop();
                    // What happened while we switched: ask again.
                    self.solicit.start(t);
                }
                Err(_) => self.hook_probe.failed(t),
            }
        }
    }

    fn wait(&mut self, timeout: PollTimeout, trigger_paused: bool) -> io::Result<[bool; 4]> {
        let fds: [BorrowedFd<'_>; 5] = [
            self.udp.fd(),
            self.trigger.fd(),
            self.rtnl.fd(),
            self.signals.as_fd(),
            // Only wakes us: the deadlines are re-read after every wake-up.
            self.alarm.fd().unwrap_or(self.signals.as_fd()),
        ];
        // A fixed array: no allocation per wake-up.
        let mut pfds = fds.map(|fd| PollFd::new(fd, PollFlags::POLLIN));
        if trigger_paused {
            pfds[1].set_events(PollFlags::empty());
        }
        if self.alarm.fd().is_none() {
            pfds[4].set_events(PollFlags::empty());
        }
        loop {
            match poll(&mut pfds, timeout) {
                Ok(_) => break,
                Err(nix::errno::Errno::EINTR) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        let mut out = [false; 4];
        for (o, p) in out.iter_mut().zip(&pfds) {
            *o = p.revents().is_some_and(|r| !r.is_empty());
        }
        Ok(out)
    }

    fn on_udp(&mut self, t: Instant) {
        loop {
            let (n, src, dst) = match self.udp.recv(&mut self.buf) {
                Ok(Some(x)) => x,
                Ok(None) => return,
                Err(e) => {
                    warn!("UDP receive: {e}");
                    return;
                }
            };
            self.counters.rx_packets += 1;
            let bytes = &self.buf[..n];
            match wire::decode(bytes) {
                Ok(m) => {
                    if m.bad_options > 0 {
                        self.counters.rx_bad_options += u64::from(m.bad_options);
                        debug!("{} malformed option(s) from {src} dropped", m.bad_options);
                    }
                    self.client.process(
                        t,
                        Input::Message {
                            msg: &m,
                            raw: bytes,
                            src,
                            dst,
                        },
                    )
                }
                Err(e) => {
                    self.counters.rx_malformed += 1;
                    debug!("dropped {n} octets from {src}: {e}");
                }
            }
        }
    }

    fn on_trigger(&mut self, t: Instant) {
        let mut events: heapless::Vec<RaEvent, 4> = heapless::Vec::new();
        let ra = &mut self.ra;
        let r = self.trigger.recv(&mut |ev| {
            // The client reacts to the latest few; the RA state takes
            // every one (two routers' RAs may come in one burst).
            if events.is_full() {
                ra.ingest(t, &events.remove(0));
            }
            let _ = events.push(ev);
        });
        if let Err(e) = r {
            let was = self.trigger.name();
            warn!("RA source {was} failed: {e}; falling back to the raw socket");
            match trigger::fallback(&self.ifname, self.ifindex) {
                Ok(tr) => {
                    info!("RA source: {}", tr.name());
                    self.trigger = tr;
                    // The hook may come back (module reloaded): look for it.
                    if was == "hook" && self.opts.trigger == TriggerMode::Auto {
                        self.hook_probe.start(t);
                    }
                    self.solicit.start(t);
                }
                Err(e) => error!("no RA source left: {e}"),
            }
        }
        // Events were lost (ENOBUFS, or the kernel's A_DROPPED): ask for
        // fresh RAs even though this batch brought some, which otherwise
        // end the solicitations.
        if self.trigger.take_resync() {
            self.solicit.start(t);
        } else if !events.is_empty() {
            self.solicit.stop();
        }
        for ev in events {
            self.counters.ra_events += 1;
            if let Some(src) = ev.source {
                debug!("RA from {src}: M={} O={}", ev.managed, ev.other);
            } else {
                debug!("RA: M={} O={}", ev.managed, ev.other);
            }
            self.client.process(
                t,
                Input::Ra {
                    managed: ev.managed,
                    other: ev.other,
                    router: ev.source,
                    prefixes: &ev.prefixes,
                },
            );
            // The reaction to an RA is what ra6c exists for: send before
            // anything slower (a script fork) happens.
            self.send_pending();
            // The script hears of it from timers(), when the RA state
            // says it's due.
            self.ra.ingest(t, &ev);
        }
    }

    fn on_rtnl(&mut self, t: Instant) {
        let mut events: heapless::Vec<RtnlEvent, 16> = heapless::Vec::new();
        let r = self.rtnl.recv(self.ifindex, &mut |ev| {
            let _ = events.push(ev);
        });
        if let Err(e) = r {
            warn!("rtnetlink: {e}; re-reading link state");
            if let Ok(link) = self.rtnl.link(&self.ifname) {
                let _ = events.push(if link.up {
                    RtnlEvent::LinkUp
                } else {
                    RtnlEvent::LinkDown
                });
            }
        }
        for ev in events {
            match ev {
                RtnlEvent::LinkUp => self.client.process(t, Input::LinkUp),
                RtnlEvent::LinkDown => self.client.process(t, Input::LinkDown),
                RtnlEvent::DadFailed(a) => self.client.process(t, Input::DadFailed(a)),
                // A link-local (again): RA addresses take its id.
                RtnlEvent::AddressAdded(a)
                    if iid::is_link_local(&a) && self.link_local.is_none() =>
                {
                    self.link_local = Some(a);
                    self.update_iid(t);
                }
                RtnlEvent::AddressRemoved(a) if self.link_local == Some(a) => {
                    // Keep its id until another comes: what was built on
                    // it stays valid.
                    self.link_local = None;
                }
                RtnlEvent::Overrun => {
                    // Events were lost: what matters is the state now.
                    if let Ok(ll) = self.rtnl.link_local(self.ifindex) {
                        self.link_local = ll.or(self.link_local);
                        self.update_iid(t);
                    }
                    if let Ok(link) = self.rtnl.link(&self.ifname) {
                        let input = if link.up {
                            Input::LinkUp
                        } else {
                            Input::LinkDown
                        };
                        self.client.process(t, input);
                    }
                }
                RtnlEvent::LinkRemoved => {
                    // Sockets are bound to the old ifindex; a new link of
                    // the same name is another interface. Exit, and let
                    // netifd or procd start us again cleanly.
                    warn!("{} was removed", self.ifname);
                    self.gone = true;
                }
                _ => {}
            }
        }
    }

    fn on_signals(&mut self, t: Instant) {
        while let Ok(Some(si)) = self.signals.read_signal() {
            let (input, what) = match Signal::try_from(si.ssi_signo as i32) {
                Ok(Signal::SIGUSR1) => (Input::Renew, "Renew"),
                Ok(Signal::SIGUSR2) => (Input::Restart, "Restart"),
                Ok(Signal::SIGTERM | Signal::SIGINT | Signal::SIGHUP) => (Input::Stop, "Stop"),
                Ok(Signal::SIGCHLD) => {
                    self.script.reap();
                    continue;
                }
                _ => continue,
            };
            info!("signal {}: {what}", si.ssi_signo);
            self.client.process(t, input);
        }
    }

    /// Send what the client queued and act on its events. True once the
    /// client has stopped.
    fn flush(&mut self, t: Instant) -> bool {
        self.send_pending();
        self.handle_events(t)
    }

    fn send_pending(&mut self) {
        while let Some(tx) = self.client.poll_transmit() {
            match self.udp.send(tx.dst, &tx.payload) {
                Ok(()) => self.counters.tx_packets += 1,
                Err(e) => {
                    self.counters.tx_errors += 1;
                    warn!("sending message type {} to {}: {e}", tx.msg_type, tx.dst);
                }
            }
        }
    }

    fn handle_events(&mut self, t: Instant) -> bool {
        let mut stopped = false;
        while let Some(ev) = self.client.poll_event() {
            if let Some(inst) = self.installer.as_mut() {
                inst.sync(&mut self.rtnl, self.ifindex, self.client.lease(), t);
            }
            let state = match ev {
                Event::Bound => ScriptState::Bound,
                Event::Updated => ScriptState::Updated,
                Event::Rebound => ScriptState::Rebound,
                Event::Informed => ScriptState::Informed,
                Event::Unbound => ScriptState::Unbound,
                Event::Stopped => {
                    stopped = true;
                    ScriptState::Stopped
                }
            };
            self.call_script(state, t);
        }
        stopped
    }

    fn call_script(&mut self, state: ScriptState, t: Instant) {
        let lease = self.client.lease();
        let bound = lease.is_some() || self.client.info().is_some();
        let ctx = ScriptContext {
            now: t,
            bound,
            lease,
            info: self.client.info(),
            server: self.client.server(),
            ra: Some(RaView { state: &self.ra }),
            history: Some(&self.history),
        };
        let env = crate::script::environment(&ctx);
        self.history.record(lease, bound, t);
        self.script.call(state, env);
        // What netifd holds of the RA state now (dhcpv6.script: these
        // three tear the interface down, the others set it up).
        match state {
            ScriptState::Started | ScriptState::Unbound | ScriptState::Stopped => {
                self.ra.forget_reported(t)
            }
            _ => self.ra.reported(t, state == ScriptState::RaUpdated),
        }
    }

    /// The RA addresses' interface id from `-i`, the MAC and the
    /// link-local; kept when there's none (yet).
    fn update_iid(&mut self, t: Instant) {
        let id = interface_id(
            self.opts.iface_id,
            self.mac,
            self.link_local,
            self.random_iid,
        );
        if id.is_some() {
            self.ra.set_iid(t, id);
        }
    }
}
