//! The kernel hook as an RA source: the ra6notify netlink protocol of
//! kmod/include/uapi/linux/ra6notify.h (mirrored in `uapi`). The kernel
//! has already validated the RA (hop limit, source, code, options) and
//! sends its header fields and option bytes, so no raw socket is needed.

use std::io;
use std::net::Ipv6Addr;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::time::Duration;

use log::{debug, info, warn};
use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::socket::{self, MsgFlags, SockFlag};

use super::{Trigger, uapi};
use crate::netlink::{self, NLM_F_ACK, NLMSG_ERROR, Req, attrs, messages, ne32};
use crate::ra::{self, RaEvent};

pub struct HookTrigger {
    fd: OwnedFd,
    ifindex: u32,
    buf: Box<[u8; 8192]>,
    received: u64,
    invalid: u64,
    /// Events the kernel dropped (rate limit) as it reported them.
    kernel_dropped: u64,
    /// Our receive queue overflowed (ENOBUFS): events were lost.
    overruns: u64,
    resync: bool,
}

fn send(fd: &OwnedFd, req: &mut Req) -> io::Result<()> {
    socket::send(fd.as_raw_fd(), req.bytes()?, MsgFlags::empty())?;
    Ok(())
}

/// Wait up to `wait` for the answer to request `seq`: Ok(payload of a
/// `want` message), or the kernel's error.
fn answer(fd: &OwnedFd, seq: u32, want: u16, wait: Duration) -> io::Result<Vec<u8>> {
    let mut buf = [0u8; 1024];
    let mut pfd = [PollFd::new(fd.as_fd(), PollFlags::POLLIN)];
    let ms = u16::try_from(wait.as_millis()).unwrap_or(u16::MAX);
    loop {
        if poll(&mut pfd, PollTimeout::from(ms))? == 0 {
            return Err(io::Error::new(
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
                    None => Err(io::Error::new(
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

fn hook_socket(proto: u32) -> io::Result<OwnedFd> {
    netlink::socket(
        proto as i32,
        SockFlag::SOCK_CLOEXEC | SockFlag::SOCK_NONBLOCK,
    )
    .map_err(|e| {
        // The protocol only exists while the module (or patched kernel) is there.
        if e.raw_os_error() == Some(nix::libc::EPROTONOSUPPORT) {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("no ra6notify on netlink protocol {proto}"),
            )
        } else {
            e
        }
    })
}

/// PING: the module's version and protocol, proving it is there.
pub fn ping(fd: &OwnedFd) -> io::Result<u32> {
    let mut req = Req::new(uapi::MSG_PING, 0, 1);
    req.attr(uapi::A_COOKIE, &0x7261_3663u64.to_ne_bytes());
    send(fd, &mut req)?;
    let p = answer(fd, 1, uapi::MSG_PING, Duration::from_millis(500))?;
    let version = attrs(&p)
        .find(|(t, _)| *t == uapi::A_VERSION)
        .and_then(|(_, d)| ne32(d, 0));
    version
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "PING answer without a version"))
}

impl HookTrigger {
    /// Open the hook's protocol, check it answers, and register our port.
    /// Fails (so the caller falls back) if the module isn't loaded, is of
    /// another version, or refuses us (EPERM without CAP_NET_ADMIN).
    pub fn open(proto: u32, ifindex: u32) -> io::Result<Self> {
        let fd = hook_socket(proto)?;
        let version = ping(&fd)?;
        if version != uapi::VERSION {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                format!("ra6notify speaks version {version}, ra6c {}", uapi::VERSION),
            ));
        }
        let mut req = Req::new(uapi::MSG_REGISTER, NLM_F_ACK, 2);
        send(&fd, &mut req)?;
        answer(&fd, 2, NLMSG_ERROR, Duration::from_millis(500))?;
        // Events can come in bursts; a bigger queue means fewer ENOBUFS.
        let _ = socket::setsockopt(&fd, socket::sockopt::RcvBuf, &(256 * 1024));
        info!("kernel hook: registered on netlink protocol {proto}");
        Ok(HookTrigger {
            fd,
            ifindex,
            buf: Box::new([0; 8192]),
            received: 0,
            invalid: 0,
            kernel_dropped: 0,
            overruns: 0,
            resync: false,
        })
    }
}

/// One EVENT message for `ifindex` as an `RaEvent`; counts what it drops.
fn decode_event(
    ifindex_want: u32,
    invalid: &mut u64,
    kernel_dropped: &mut u64,
    p: &[u8],
) -> Option<RaEvent> {
    let (mut ifindex, mut src, mut flags, mut hop) = (None, None, 0u8, 0u8);
    let (mut lifetime, mut reachable, mut retrans) = (0u32, 0u32, 0u32);
    let mut options: &[u8] = &[];
    let mut tstamp = None;
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
            uapi::A_DROPPED => {
                let n = ne32(d, 0).unwrap_or(0);
                if n > 0 {
                    *kernel_dropped += u64::from(n);
                    debug!("kernel hook: {n} RA events dropped by its rate limit");
                }
            }
            _ => {}
        }
    }
    if ifindex? != ifindex_want {
        return None;
    }
    // CLOCK_MONOTONIC at the hook: lets tests time hook → Solicit.
    if let Some(t) = tstamp {
        debug!("hook event tstamp_ns={t}");
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
        Ok(ev) => Some(ev),
        Err(e) => {
            *invalid += 1;
            debug!("kernel hook: event not understood: {e}");
            None
        }
    }
}

/// Entry points for the fuzzers in `fuzz/`; not an API.
#[doc(hidden)]
pub mod fuzzing {
    use crate::ra::RaEvent;

    /// `decode_event` with fresh counters: (event, invalid, kernel_dropped).
    pub fn decode_event(ifindex: u32, payload: &[u8]) -> (Option<RaEvent>, u64, u64) {
        let (mut invalid, mut dropped) = (0, 0);
        let ev = super::decode_event(ifindex, &mut invalid, &mut dropped, payload);
        (ev, invalid, dropped)
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
                    self.resync = true;
                    warn!("kernel hook: receive queue overflowed, resyncing");
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            let HookTrigger {
                buf,
                ifindex,
                received,
                invalid,
                kernel_dropped,
                ..
            } = self;
            for (ty, _, _, p) in messages(&buf[..n]) {
                match ty {
                    uapi::MSG_EVENT => {
                        *received += 1;
                        if let Some(ev) = decode_event(*ifindex, invalid, kernel_dropped, p) {
                            sink(ev);
                        }
                    }
                    uapi::MSG_GOODBYE => {
                        return Err(io::Error::new(
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
        (self.received, self.invalid)
    }

    fn take_resync(&mut self) -> bool {
        core::mem::take(&mut self.resync)
    }
}

/// The hook's counters and settings through its socket option (any
/// AF_INET6 socket, no privilege needed to read): `ra6c --hook-status`.
pub fn stats() -> io::Result<uapi::Stats> {
    let fd = socket::socket(
        socket::AddressFamily::Inet6,
        socket::SockType::Datagram,
        SockFlag::SOCK_CLOEXEC,
        None,
    )?;
    let mut st = uapi::Stats::default();
    let mut len = size_of::<uapi::Stats>() as nix::libc::socklen_t;
    // SAFETY: a live fd and a buffer of `len` bytes that outlives the call.
    let r = unsafe {
        nix::libc::getsockopt(
            fd.as_raw_fd(),
            nix::libc::IPPROTO_IPV6,
            uapi::SO_GET_STATS,
            (&mut st as *mut uapi::Stats).cast(),
            &mut len,
        )
    };
    if r < 0 {
        let e = io::Error::last_os_error();
        // Without the module, the option number is unknown to the kernel.
        return Err(if e.raw_os_error() == Some(nix::libc::ENOPROTOOPT) {
            io::Error::new(io::ErrorKind::NotFound, "ra6notify is not loaded")
        } else {
            e
        });
    }
    Ok(st)
}

/// `--hook-status`: print the counters, one per line.
pub fn print_status() -> io::Result<()> {
    let s = stats()?;
    crate::outln!("version {}", s.version);
    crate::outln!("netlink protocol {}", s.proto);
    crate::outln!("enabled {}", s.enabled);
    crate::outln!("rate {}/s burst {}", s.rate, s.burst);
    crate::outln!("legacy mode {}", s.legacy);
    crate::outln!(
        "listeners {} (group members {})",
        s.listeners,
        s.group_listeners
    );
    crate::outln!("ras seen {}", s.ras_seen);
    crate::outln!("ras invalid {}", s.ras_invalid);
    crate::outln!("events sent {}", s.events_sent);
    crate::outln!("coalesced {}", s.coalesced);
    crate::outln!(
        "dropped {} (rate limit {}, no memory {}, unicast {}, multicast {})",
        s.dropped,
        s.dropped_ratelimit,
        s.dropped_nomem,
        s.dropped_unicast,
        s.dropped_mcast
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

    #[derive(Default)]
    struct Fake {
        invalid: u64,
        kernel_dropped: u64,
    }

    impl Fake {
        fn event(&mut self, p: &[u8]) -> Option<RaEvent> {
            decode_event(7, &mut self.invalid, &mut self.kernel_dropped, p)
        }
    }

    /// An event as the module builds it: M=1, an RDNSS option.
    fn event_payload(ifindex: u32, options: &[u8]) -> Vec<u8> {
        let src: Ipv6Addr = "fe80::1".parse().unwrap();
        [
            attr(uapi::A_IFINDEX, &ifindex.to_ne_bytes()),
            attr(uapi::A_SRC, &src.octets()),
            attr(uapi::A_FLAGS, &[0x80]),
            attr(uapi::A_CUR_HOP_LIMIT, &[64]),
            attr(uapi::A_ROUTER_LIFETIME, &1800u32.to_ne_bytes()),
            attr(uapi::A_REACHABLE, &0u32.to_ne_bytes()),
            attr(uapi::A_RETRANS, &0u32.to_ne_bytes()),
            attr(uapi::A_OPTIONS, options),
            attr(uapi::A_DROPPED, &3u32.to_ne_bytes()),
        ]
        .concat()
    }

    #[test]
    fn decodes_an_event_into_the_same_ra_event_as_the_wire() {
        let rdnss = [
            25, 3, 0, 0, 0, 0, 0x0e, 0x10, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0x53,
        ];
        let mut h = Fake::default();
        let ev = h.event(&event_payload(7, &rdnss)).unwrap();
        assert!(ev.managed && !ev.other);
        assert_eq!(ev.router_lifetime, 1800);
        assert_eq!(ev.source, Some("fe80::1".parse().unwrap()));
        assert_eq!(ev.rdnss[0].0, "2001:db8::53".parse::<Ipv6Addr>().unwrap());
        assert_eq!(h.kernel_dropped, 3);
        assert!(
            h.event(&event_payload(8, &rdnss)).is_none(),
            "another interface"
        );
    }

    #[test]
    fn malformed_events_are_dropped_without_panic() {
        let mut h = Fake::default();
        let full = event_payload(7, &[25, 3, 0, 0]);
        for n in 0..full.len() {
            let _ = h.event(&full[..n]);
        }
        // An option with length 0 is invalid (RFC 4861 §4.6).
        assert!(
            h.event(&event_payload(7, &[25, 0, 0, 0, 0, 0, 0, 0]))
                .is_none()
        );
        assert!(h.invalid >= 1);
    }
}
