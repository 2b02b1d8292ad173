//! The kernel hook as an RA source: the ra6notify generic netlink family
//! of kmod/include/uapi/linux/ra6notify.h (mirrored in `uapi`). The kernel
//! has already validated the RA (hop limit, source, code, options, no
//! fragments) and sends its header fields and option bytes, so no raw
//! socket is needed.

use std::io;
use std::net::Ipv6Addr;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::time::Duration;

use log::{debug, info, warn};
use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::socket::{self, MsgFlags, SockFlag};

use super::{Trigger, uapi};
use crate::netlink::{self, NLM_F_ACK, NLMSG_ERROR, Req, attrs, messages, ne16, ne32};
use crate::ra::{self, RaEvent};
use crate::time::Instant;

pub struct HookTrigger {
    fd: OwnedFd,
    family: u16,
    ifindex: u32,
    buf: Box<[u8; 8192]>,
    received: u64,
    tally: Tally,
    /// Our receive queue overflowed (ENOBUFS): events were lost.
    overruns: u64,
}

/// What decoding events counts, and whether events were lost.
#[derive(Debug, Default)]
struct Tally {
    invalid: u64,
    /// Events the kernel could not send (rate limit, no memory), as it
    /// reported them.
    kernel_dropped: u64,
    /// Events were lost (here or in the kernel): ask for a fresh RA.
    resync: bool,
}

/// A generic netlink request: the netlink header, then genlmsghdr
/// (command, version 1, reserved 0; the kernel reads only the command).
fn genl_req(family: u16, cmd: u8, flags: u16, seq: u32) -> Req {
    let mut req = Req::new(family, flags, seq);
    req.put(&[cmd, 1, 0, 0]);
    req
}

fn send(fd: &OwnedFd, req: &mut Req) -> io::Result<()> {
    socket::send(fd.as_raw_fd(), req.bytes()?, MsgFlags::empty())?;
    Ok(())
}

/// Wait up to `wait` for the answer to request `seq`: Ok(payload of a
/// `want` message, genl header included), or the kernel's error.
fn answer(fd: &OwnedFd, seq: u32, want: u16, wait: Duration) -> io::Result<Vec<u8>> {
    let mut buf = [0u8; 4096];
    let mut pfd = [PollFd::new(fd.as_fd(), PollFlags::POLLIN)];
    let ms = u16::try_from(wait.as_millis()).unwrap_or(u16::MAX);
    loop {
        if poll(&mut pfd, PollTimeout::from(ms))? == 0 {
            return Err(crate::error::io(
                io::ErrorKind::TimedOut,
                "ra6notify did not answer",
            ));
        }
        let n = socket::recv(fd.as_raw_fd(), &mut buf, MsgFlags::MSG_DONTWAIT)?;
        for (ty, _, s, p) in messages(&buf[..n]) {
            if s != seq {
                continue;
            }
            if ty == NLMSG_ERROR {
                return match netlink::error_code(p) {
                    Some(0) if want == NLMSG_ERROR => Ok(Vec::new()),
                    Some(0) => continue,
                    Some(e) => Err(io::Error::from_raw_os_error(e)),
                    None => Err(crate::error::io(
                        io::ErrorKind::InvalidData,
                        "short netlink error",
                    )),
                };
            }
            if ty == want {
                return Ok(p.to_vec());
            }
        }
    }
}

/// The genl command and attributes of a message's payload.
fn genl_split(p: &[u8]) -> Option<(u8, &[u8])> {
    Some((*p.first()?, p.get(uapi::GENL_HDRLEN..)?))
}

/// A generic netlink socket and ra6notify's family id and version.
fn family(fd: &OwnedFd) -> io::Result<(u16, u32)> {
    let mut req = genl_req(uapi::GENL_ID_CTRL, uapi::CTRL_CMD_GETFAMILY, 0, 1);
    req.attr(uapi::CTRL_ATTR_FAMILY_NAME, uapi::GENL_NAME);
    send(fd, &mut req)?;
    let p = answer(fd, 1, uapi::GENL_ID_CTRL, Duration::from_millis(500)).map_err(|e| {
        // The family only exists while the module (or patched kernel) is there.
        if e.raw_os_error() == Some(nix::libc::ENOENT) {
            crate::error::io(io::ErrorKind::NotFound, "ra6notify is not loaded")
        } else {
            e
        }
    })?;
    let (_, a) = genl_split(&p).unwrap_or_default();
    let id = attrs(a)
        .find(|(t, _)| *t == uapi::CTRL_ATTR_FAMILY_ID)
        .and_then(|(_, d)| ne16(d, 0));
    let version = attrs(a)
        .find(|(t, _)| *t == uapi::CTRL_ATTR_VERSION)
        .and_then(|(_, d)| ne32(d, 0));
    match (id, version) {
        (Some(id), Some(v)) => Ok((id, v)),
        _ => Err(crate::error::io(
            io::ErrorKind::InvalidData,
            "family lookup answer without an id",
        )),
    }
}

fn open_socket() -> io::Result<OwnedFd> {
    netlink::socket(
        uapi::NETLINK_GENERIC,
        SockFlag::SOCK_CLOEXEC | SockFlag::SOCK_NONBLOCK,
    )
}

/// PING: the module's version, proving it answers.
fn ping(fd: &OwnedFd, family: u16) -> io::Result<u32> {
    let mut req = genl_req(family, uapi::CMD_PING, 0, 2);
    req.attr(uapi::A_COOKIE, &0x7261_3663u64.to_ne_bytes());
    send(fd, &mut req)?;
    let p = answer(fd, 2, family, Duration::from_millis(500))?;
    genl_split(&p)
        .filter(|(cmd, _)| *cmd == uapi::CMD_PING)
        .and_then(|(_, a)| attrs(a).find(|(t, _)| *t == uapi::A_VERSION))
        .and_then(|(_, d)| ne32(d, 0))
        .ok_or_else(|| {
            crate::error::io(io::ErrorKind::InvalidData, "PING answer without a version")
        })
}

impl HookTrigger {
    /// Find the family, check it answers, and register our port. Fails
    /// (so the caller falls back) if the module isn't loaded, is older
    /// than this protocol, or refuses us (EPERM without CAP_NET_ADMIN).
    pub fn open(ifindex: u32) -> io::Result<Self> {
        let fd = open_socket()?;
        let (family, _) = family(&fd)?;
        let version = ping(&fd, family)?;
        // Versions only add things, which we ignore.
        if version < uapi::VERSION {
            return Err(crate::error::io(
                io::ErrorKind::Unsupported,
                format!(
                    "ra6notify speaks version {version}, ra6c needs {}",
                    uapi::VERSION
                ),
            ));
        }
        let mut req = genl_req(family, uapi::CMD_REGISTER, NLM_F_ACK, 3);
        send(&fd, &mut req)?;
        answer(&fd, 3, NLMSG_ERROR, Duration::from_millis(500))?;
        // Events can come in bursts; a bigger queue means fewer ENOBUFS.
        let _ = socket::setsockopt(&fd, socket::sockopt::RcvBuf, &(256 * 1024));
        info!("kernel hook: registered with ra6notify version {version} (generic netlink)");
        Ok(HookTrigger {
            fd,
            family,
            ifindex,
            buf: Box::new([0; 8192]),
            received: 0,
            tally: Tally::default(),
            overruns: 0,
        })
    }
}

/// One EVENT's attributes for `ifindex` as an `RaEvent`; counts what it
/// drops and notes kernel-side losses.
fn decode_event(ifindex_want: u32, tally: &mut Tally, p: &[u8]) -> Option<RaEvent> {
    let (mut ifindex, mut src, mut flags, mut hop) = (None, None, 0u8, 0u8);
    let (mut lifetime, mut reachable, mut retrans) = (0u32, 0u32, 0u32);
    let mut options: &[u8] = &[];
    let (mut tstamp, mut seq, mut dropped, mut truncated) = (None, 0u32, 0u32, false);
    for (ty, d) in attrs(p) {
        match ty {
            uapi::A_IFINDEX => ifindex = ne32(d, 0),
            uapi::A_SRC => src = <[u8; 16]>::try_from(d).ok().map(Ipv6Addr::from),
            uapi::A_FLAGS => flags = *d.first()?,
            uapi::A_CUR_HOP_LIMIT => hop = *d.first()?,
            uapi::A_ROUTER_LIFETIME => lifetime = ne32(d, 0)?,
            uapi::A_REACHABLE => reachable = ne32(d, 0)?,
            uapi::A_RETRANS => retrans = ne32(d, 0)?,
            uapi::A_OPTIONS => options = d,
            uapi::A_TSTAMP => tstamp = netlink::ne64(d, 0),
            uapi::A_SEQ => seq = ne32(d, 0).unwrap_or(0),
            uapi::A_OPTIONS_TRUNC => truncated = d.first().is_some_and(|&t| t != 0),
            uapi::A_DROPPED => dropped = ne32(d, 0).unwrap_or(0),
            _ => {}
        }
    }
    if ifindex? != ifindex_want {
        return None;
    }
    // The kernel lost events of this interface: what they said is
    // unknown, as after ENOBUFS.
    if dropped > 0 {
        tally.kernel_dropped += u64::from(dropped);
        tally.resync = true;
        debug!("kernel hook: {dropped} RA events lost in the kernel (rate limit or memory)");
    }
    // Rebuild the RA as on the wire so one parser serves every source.
    let mut ra = [0u8; 16 + uapi::OPTIONS_MAX];
    let opts = options.get(..options.len().min(uapi::OPTIONS_MAX))?;
    ra[0] = 134;
    ra[4] = hop;
    ra[5] = flags;
    ra[6..8].copy_from_slice(&u16::try_from(lifetime).unwrap_or(u16::MAX).to_be_bytes());
    ra[8..12].copy_from_slice(&reachable.to_be_bytes());
    ra[12..16].copy_from_slice(&retrans.to_be_bytes());
    ra[16..16 + opts.len()].copy_from_slice(opts);
    match ra::parse(ifindex_want, src, &ra[..16 + opts.len()]) {
        Ok(mut ev) => {
            // The header and flags are whole; the option lists are not.
            ev.options_truncated = truncated;
            // CLOCK_MONOTONIC at the hook lets tests time hook → Solicit;
            // seq and the option length show that no event went missing.
            debug!(
                "hook event seq={seq} options={} truncated={} dropped={dropped} tstamp_ns={}",
                opts.len(),
                u8::from(truncated),
                tstamp.unwrap_or(0)
            );
            Some(ev)
        }
        Err(e) => {
            tally.invalid += 1;
            debug!("kernel hook: event not understood: {e}");
            None
        }
    }
}

/// Entry points for the fuzzers in `fuzz/`; not an API.
#[doc(hidden)]
pub mod fuzzing {
    use crate::ra::RaEvent;

    /// An EVENT message's payload (genl header and attributes) through
    /// the decoder with fresh counters: (event, invalid, kernel_dropped).
    pub fn decode_event(ifindex: u32, payload: &[u8]) -> (Option<RaEvent>, u64, u64) {
        let mut tally = super::Tally::default();
        let ev = super::genl_split(payload)
            .filter(|(cmd, _)| *cmd == super::uapi::CMD_EVENT)
            .and_then(|(_, a)| super::decode_event(ifindex, &mut tally, a));
        (ev, tally.invalid, tally.kernel_dropped)
    }
}

impl Trigger for HookTrigger {
    fn name(&self) -> &'static str {
        "hook"
    }

    fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    fn recv(&mut self, sink: &mut dyn FnMut(RaEvent)) -> io::Result<()> {
        loop {
            let n = match socket::recv(
                self.fd.as_raw_fd(),
                &mut self.buf[..],
                MsgFlags::MSG_DONTWAIT,
            ) {
                Ok(0) => return Ok(()),
                Ok(n) => n,
                Err(Errno::EAGAIN) => return Ok(()),
                Err(Errno::EINTR) => continue,
                Err(Errno::ENOBUFS) => {
                    // Events were lost; the loop asks routers for a fresh RA.
                    self.overruns += 1;
                    self.tally.resync = true;
                    warn!("kernel hook: receive queue overflowed, resyncing");
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            let HookTrigger {
                buf,
                family,
                ifindex,
                received,
                tally,
                ..
            } = self;
            for (ty, _, _, p) in messages(&buf[..n]) {
                let Some((cmd, a)) = genl_split(p).filter(|_| ty == *family) else {
                    continue;
                };
                match cmd {
                    uapi::CMD_EVENT => {
                        *received += 1;
                        if let Some(ev) = decode_event(*ifindex, tally, a) {
                            sink(ev);
                        }
                    }
                    uapi::CMD_GOODBYE => {
                        return Err(crate::error::io(
                            io::ErrorKind::ConnectionAborted,
                            "ra6notify went away",
                        ));
                    }
                    _ => {}
                }
            }
        }
    }

    fn counters(&self) -> (u64, u64) {
        (self.received, self.tally.invalid)
    }

    fn take_resync(&mut self) -> bool {
        core::mem::take(&mut self.tally.resync)
    }
}

/// When to look again for a kernel hook that went away: after 5 s, then
/// twice as long each time it isn't back, at most every 10 min. Looking
/// for a family that isn't there makes the kernel run modprobe.
#[derive(Debug, Default)]
pub struct Probe {
    at: Option<Instant>,
    wait: Duration,
}

impl Probe {
    pub const FIRST: Duration = Duration::from_secs(5);
    pub const MAX: Duration = Duration::from_secs(600);

    /// The hook went away at `t`.
    pub fn start(&mut self, t: Instant) {
        self.wait = Self::FIRST;
        self.at = Some(t + self.wait);
    }

    /// The look at `t` found nothing: wait longer.
    pub fn failed(&mut self, t: Instant) {
        self.wait = (self.wait * 2).clamp(Self::FIRST, Self::MAX);
        self.at = Some(t + self.wait);
    }

    /// The hook is back (or no longer wanted).
    pub fn stop(&mut self) {
        self.at = None;
    }

    pub fn due(&self, t: Instant) -> bool {
        self.at.is_some_and(|at| t >= at)
    }

    /// The next look, for the poll deadline.
    pub fn at(&self) -> Option<Instant> {
        self.at
    }
}

/// The hook's counters and settings (GET_STATS, no privilege needed):
/// `ra6c --hook-status`.
pub fn stats() -> io::Result<uapi::Stats> {
    let fd = open_socket()?;
    let (family, _) = family(&fd)?;
    let mut req = genl_req(family, uapi::CMD_GET_STATS, 0, 2);
    send(&fd, &mut req)?;
    let p = answer(&fd, 2, family, Duration::from_millis(500))?;
    let d = genl_split(&p)
        .filter(|(cmd, _)| *cmd == uapi::CMD_STATS)
        .and_then(|(_, a)| attrs(a).find(|(t, _)| *t == uapi::A_STATS))
        .map(|(_, d)| d)
        .ok_or_else(|| {
            crate::error::io(io::ErrorKind::InvalidData, "STATS answer without stats")
        })?;
    Ok(uapi::Stats::from_bytes(d))
}

/// `--hook-status`: print the counters, one per line.
pub fn print_status() -> io::Result<()> {
    let s = stats()?;
    crate::outln!("version {}", s.version);
    crate::outln!("enabled {}", s.enabled);
    crate::outln!("rate {}/s burst {}", s.rate, s.burst);
    crate::outln!("coalesce {} ms", s.coalesce_ms);
    crate::outln!("legacy mode {} (netlink unit {})", s.legacy, s.proto);
    crate::outln!("listeners {}", s.listeners);
    crate::outln!("ras seen {}", s.ras_seen);
    crate::outln!("ras invalid {}", s.ras_invalid);
    crate::outln!("events sent {}", s.events_sent);
    crate::outln!("coalesced {}", s.coalesced);
    crate::outln!(
        "dropped {} (rate limit {}, no memory {}, listener full {})",
        s.dropped,
        s.dropped_ratelimit,
        s.dropped_nomem,
        s.dropped_unicast
    );
    crate::outln!("legacy sent {}", s.legacy_sent);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(ty: u16, d: &[u8]) -> Vec<u8> {
        let mut v = ((4 + d.len()) as u16).to_ne_bytes().to_vec();
        v.extend_from_slice(&ty.to_ne_bytes());
        v.extend_from_slice(d);
        while !v.len().is_multiple_of(4) {
            v.push(0);
        }
        v
    }

    /// An event's attributes as the module builds them: M=1, an RDNSS
    /// option, 3 events lost before it.
    fn event_attrs(ifindex: u32, options: &[u8], dropped: u32, trunc: u8) -> Vec<u8> {
        let src: Ipv6Addr = "fe80::1".parse().unwrap();
        [
            attr(uapi::A_VERSION, &uapi::VERSION.to_ne_bytes()),
            attr(uapi::A_IFINDEX, &ifindex.to_ne_bytes()),
            attr(uapi::A_SRC, &src.octets()),
            attr(uapi::A_FLAGS, &[0x80]),
            attr(uapi::A_CUR_HOP_LIMIT, &[64]),
            attr(uapi::A_ROUTER_LIFETIME, &1800u32.to_ne_bytes()),
            attr(uapi::A_REACHABLE, &0u32.to_ne_bytes()),
            attr(uapi::A_RETRANS, &0u32.to_ne_bytes()),
            attr(uapi::A_SEQ, &9u32.to_ne_bytes()),
            attr(uapi::A_DROPPED, &dropped.to_ne_bytes()),
            attr(uapi::A_OPTIONS_TRUNC, &[trunc]),
            attr(uapi::A_OPTIONS, options),
            // from a later version: ignored
            attr(uapi::A_MAX + 1, &[1, 2, 3, 4]),
        ]
        .concat()
    }

    const RDNSS: [u8; 24] = [
        25, 3, 0, 0, 0, 0, 0x0e, 0x10, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53,
    ];

    #[test]
    fn decodes_an_event_into_the_same_ra_event_as_the_wire() {
        let mut t = Tally::default();
        let ev = decode_event(7, &mut t, &event_attrs(7, &RDNSS, 0, 0)).unwrap();
        assert!(ev.managed && !ev.other);
        assert_eq!(ev.router_lifetime, 1800);
        assert_eq!(ev.source, Some("fe80::1".parse().unwrap()));
        assert_eq!(ev.rdnss[0].0, "2001:db8::53".parse::<Ipv6Addr>().unwrap());
        assert!(!ev.options_truncated);
        assert!(!t.resync && t.kernel_dropped == 0);
        assert!(
            decode_event(7, &mut t, &event_attrs(8, &RDNSS, 0, 0)).is_none(),
            "another interface"
        );
    }

    #[test]
    fn kernel_side_loss_asks_for_a_resync() {
        let mut t = Tally::default();
        assert!(decode_event(7, &mut t, &event_attrs(7, &RDNSS, 3, 0)).is_some());
        assert_eq!(t.kernel_dropped, 3);
        assert!(core::mem::take(&mut t.resync));
        // Another interface's loss is not ours.
        assert!(decode_event(7, &mut t, &event_attrs(8, &RDNSS, 5, 0)).is_none());
        assert!(!t.resync && t.kernel_dropped == 3);
    }

    #[test]
    fn a_cut_option_list_is_flagged_not_taken_as_complete() {
        let mut t = Tally::default();
        let ev = decode_event(7, &mut t, &event_attrs(7, &RDNSS, 0, 1)).unwrap();
        assert!(ev.options_truncated);
        assert_eq!(ev.rdnss.len(), 1, "what did come is still used");
    }

    #[test]
    fn malformed_events_are_dropped_without_panic() {
        let mut t = Tally::default();
        let full = event_attrs(7, &[25, 3, 0, 0], 0, 0);
        for n in 0..full.len() {
            let _ = decode_event(7, &mut t, &full[..n]);
        }
        // An option with length 0 is invalid (RFC 4861 §4.6).
        assert!(
            decode_event(7, &mut t, &event_attrs(7, &[25, 0, 0, 0, 0, 0, 0, 0], 0, 0)).is_none()
        );
        assert!(t.invalid >= 1);
    }

    #[test]
    fn the_fuzzing_entry_takes_whole_genl_payloads() {
        let mut p = vec![uapi::CMD_EVENT, uapi::VERSION as u8, 0, 0];
        p.extend_from_slice(&event_attrs(7, &RDNSS, 2, 0));
        let (ev, invalid, dropped) = fuzzing::decode_event(7, &p);
        assert!(ev.is_some() && invalid == 0 && dropped == 2);
        p[0] = uapi::CMD_GOODBYE;
        assert!(fuzzing::decode_event(7, &p).0.is_none());
        assert!(fuzzing::decode_event(7, &p[..3]).0.is_none());
    }

    #[test]
    fn probes_back_off_to_ten_minutes() {
        let mut p = Probe::default();
        assert!(!p.due(Instant::from_secs(1_000_000)), "not started");
        let t0 = Instant::from_secs(100);
        p.start(t0);
        assert!(!p.due(t0 + Duration::from_millis(4999)));
        assert!(p.due(t0 + Probe::FIRST));
        let mut t = t0 + Probe::FIRST;
        let mut waits = Vec::new();
        for _ in 0..10 {
            p.failed(t);
            let next = p.at().unwrap();
            waits.push(next.since(t).as_secs());
            t = next;
        }
        assert_eq!(waits, [10, 20, 40, 80, 160, 320, 600, 600, 600, 600]);
        // The first hour without the module: 11 looks (modprobe runs), not 720.
        let mut p = Probe::default();
        p.start(t0);
        let mut looks = 0;
        while let Some(at) = p.at().filter(|&at| at < t0 + Duration::from_secs(3600)) {
            looks += 1;
            p.failed(at);
        }
        assert_eq!(looks, 11);
        p.stop();
        assert!(p.at().is_none());
        // Gone again later: short waits again.
        p.start(t);
        assert_eq!(p.at().unwrap().since(t), Probe::FIRST);
    }
}
