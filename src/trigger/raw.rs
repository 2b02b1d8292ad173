//! The raw ICMPv6 socket RA source: the fallback when no kernel hook is
//! loaded.
//!
//! A raw socket sees RAs before, and independently of, the kernel's ndisc
//! code, so it works with `forwarding=1` and any `accept_ra` (OpenWrt's
//! WAN). The price is that the kernel's RFC 4861 §6.1.2 checks don't apply
//! to what we read: we redo them (hop limit 255 from the control message,
//! arrival interface, link-local source, then `ra::parse`).

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::time::Duration;

use nix::errno::Errno;
use nix::libc;
use nix::sys::socket::{
    AddressFamily, ControlMessageOwned, MsgFlags, SockFlag, SockProtocol, SockType, SockaddrIn6,
    recvmsg, setsockopt, socket, sockopt,
};
use nix::sys::time::TimeSpec;
use nix::time::{ClockId, clock_gettime};

use super::Trigger;
use crate::ra::{self, RaEvent};
use crate::time::Instant;

/// Linux `ICMP6_FILTER` (linux/icmpv6.h); not in the libc crate.
const ICMP6_FILTER: libc::c_int = 1;
/// Requested receive buffer; the kernel doubles it. ~64 KiB holds about
/// 50 RAs (skb truesize ~1.2 KiB each): plenty for real routers, and under
/// a flood the kernel drops the excess before we spend any CPU on it.
const RCVBUF: usize = 32 * 1024;
/// An RA is bounded by the link MTU; larger ones (jumbo links) arrive
/// truncated and are dropped as invalid.
const BUF_LEN: usize = 2048;
/// Packets read per `recv` call, so that a flood can't starve the rest
/// of the event loop; poll reports the socket readable again.
const MAX_PER_CALL: usize = 256;

/// Token bucket for delivered events, in milliseconds of credit.
///
/// Real routers send an unsolicited RA at most every 3 s (RFC 4861
/// MIN_DELAY_BETWEEN_RAS; MinRtrAdvInterval >= 3 s), so even several
/// routers answering a Router Solicitation at once stay well inside a
/// burst of 10. After the burst, one event per 100 ms (10/s) is ~30 times
/// what a link with a few routers legitimately produces, yet bounds what a
/// flood can make the client (and any script it runs) do.
/// An RA identical to the last delivered one within `REPEAT_MS` is
/// dropped without spending a token, so a replayed or looping copy of the
/// real RA can't starve a genuine change.
#[derive(Clone, Debug)]
pub(crate) struct Limiter {
    credit_ms: u64,
    last: Instant,
}

const BURST: u64 = 10;
const COST_MS: u64 = 100;
const REPEAT_MS: u64 = 1000;

impl Limiter {
    pub(crate) fn new(now: Instant) -> Self {
        Limiter {
            credit_ms: BURST * COST_MS,
            last: now,
        }
    }

    /// Refill, then say whether a token is available (without taking it).
    pub(crate) fn ready(&mut self, now: Instant) -> bool {
        let gained = now.as_millis().saturating_sub(self.last.as_millis());
        self.last = self.last.max(now);
        self.credit_ms = self.credit_ms.saturating_add(gained).min(BURST * COST_MS);
        self.credit_ms >= COST_MS
    }

    /// Take one token if there is one.
    pub(crate) fn take(&mut self, now: Instant) -> bool {
        if self.ready(now) {
            self.credit_ms -= COST_MS;
            true
        } else {
            false
        }
    }
}

/// Control-message buffer, aligned for `cmsghdr`. Room for IPV6_PKTINFO
/// (20 bytes) and IPV6_HOPLIMIT (4) with headers, and some spare.
#[repr(C, align(8))]
struct CmsgBuf([u8; 128]);

/// Raw ICMPv6 socket receiving RAs on one interface.
pub struct RawTrigger {
    fd: OwnedFd,
    ifindex: u32,
    buf: [u8; BUF_LEN],
    cmsg: CmsgBuf,
    limiter: Limiter,
    last: Option<(RaEvent, Instant)>,
    received: u64,
    invalid: u64,
    rate_limited: u64,
    /// After dropping RAs (a flood, or a looping copy of the same RA):
    /// don't read the socket again before this. The kernel queue (RCVBUF)
    /// keeps what comes meanwhile and drops the excess, so a flood costs a
    /// few wake-ups a second instead of one per RA.
    paused_until: Option<Instant>,
}

fn now() -> Instant {
    let ts = clock_gettime(ClockId::CLOCK_BOOTTIME).unwrap_or(TimeSpec::new(0, 0));
    let ms = (ts.tv_sec() as u64).saturating_mul(1000) + (ts.tv_nsec() as u64) / 1_000_000;
    Instant::from_millis(ms)
}

impl RawTrigger {
    /// Open the socket for `ifname` (whose index is `ifindex`). Needs
    /// CAP_NET_RAW.
    pub fn open(ifindex: u32, ifname: &str) -> io::Result<Self> {
        let fd = socket(
            AddressFamily::Inet6,
            SockType::Raw,
            SockFlag::SOCK_NONBLOCK | SockFlag::SOCK_CLOEXEC,
            SockProtocol::IcmpV6,
        )?;
        // Filter first: until it is set, every ICMPv6 message on every
        // interface queues here. Linux semantics: a set bit blocks.
        let mut filter = [u32::MAX; 8];
        filter[134 >> 5] &= !(1u32 << (134 & 31));
        // SAFETY: filter is a valid 32-byte struct icmp6_filter.
        let r = unsafe {
            libc::setsockopt(
                fd.as_raw_fd(),
                libc::IPPROTO_ICMPV6,
                ICMP6_FILTER,
                filter.as_ptr().cast(),
                core::mem::size_of_val(&filter) as libc::socklen_t,
            )
        };
        Errno::result(r)?;
        setsockopt(&fd, sockopt::BindToDevice, &ifname.into())?;
        setsockopt(&fd, sockopt::Ipv6RecvHopLimit, &true)?;
        setsockopt(&fd, sockopt::Ipv6RecvPacketInfo, &true)?;
        setsockopt(&fd, sockopt::RcvBuf, &RCVBUF)?;
        let mut t = RawTrigger {
            fd,
            ifindex,
            buf: [0; BUF_LEN],
            cmsg: CmsgBuf([0; 128]),
            limiter: Limiter::new(now()),
            last: None,
            received: 0,
            invalid: 0,
            rate_limited: 0,
            paused_until: None,
        };
        // Whatever queued before the filter and binding took effect may be
        // from another interface or lack control messages: discard it.
        for _ in 0..MAX_PER_CALL * 4 {
            if t.read_one().is_err() {
                break;
            }
        }
        Ok(t)
    }

    /// Read one packet into `self.buf`. Ok(Some((len, src))) if it passed
    /// the hop-limit, interface and source checks; Ok(None) if it was
    /// dropped as invalid; Err(EAGAIN) when the queue is empty.
    fn read_one(&mut self) -> Result<Option<(usize, std::net::Ipv6Addr)>, Errno> {
        let mut iov = [io::IoSliceMut::new(&mut self.buf)];
        let msg = loop {
            match recvmsg::<SockaddrIn6>(
                self.fd.as_raw_fd(),
                &mut iov,
                Some(&mut self.cmsg.0),
                MsgFlags::MSG_DONTWAIT,
            ) {
                Err(Errno::EINTR) => continue,
                r => break r?,
            }
        };
        if msg.flags.contains(MsgFlags::MSG_TRUNC) {
            return Ok(None);
        }
        let Some(src) = msg.address.map(|a| a.ip()) else {
            return Ok(None);
        };
        let (mut hops, mut ifindex) = (None, None);
        if let Ok(cmsgs) = msg.cmsgs() {
            for c in cmsgs {
                match c {
                    ControlMessageOwned::Ipv6HopLimit(h) => hops = Some(h),
                    ControlMessageOwned::Ipv6PacketInfo(pi) => ifindex = Some(pi.ipi6_ifindex),
                    _ => {}
                }
            }
        }
        // RFC 4861 §6.1.2: hop limit 255 proves the sender is on-link; no
        // control message means we can't tell, so drop.
        if hops != Some(255) || ifindex != Some(self.ifindex) || !ra::valid_source(&src) {
            return Ok(None);
        }
        Ok(Some((msg.bytes, src)))
    }
}

impl Trigger for RawTrigger {
    fn name(&self) -> &'static str {
        "raw"
    }

    fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    fn recv(&mut self, sink: &mut dyn FnMut(RaEvent)) -> io::Result<()> {
        let dropped_before = self.rate_limited;
        let r = self.drain(sink);
        self.paused_until =
            (self.rate_limited > dropped_before).then(|| now() + Duration::from_millis(COST_MS));
        r
    }

    fn paused_until(&self) -> Option<Instant> {
        self.paused_until
    }

    fn counters(&self) -> (u64, u64) {
        (self.received, self.invalid)
    }

    /// Valid RAs not delivered because of the rate limit or because they
    /// repeated the previous one within a second.
    fn rate_limited(&self) -> u64 {
        self.rate_limited
    }
}

impl RawTrigger {
    fn drain(&mut self, sink: &mut dyn FnMut(RaEvent)) -> io::Result<()> {
        for _ in 0..MAX_PER_CALL {
            let (len, src) = match self.read_one() {
                Ok(Some(p)) => p,
                Ok(None) => {
                    self.received += 1;
                    self.invalid += 1;
                    continue;
                }
                Err(Errno::EAGAIN) => return Ok(()),
                // Transient (memory pressure, a pending socket error): retry.
                Err(Errno::ENOBUFS | Errno::ENOMEM | Errno::ENETDOWN) => continue,
                Err(e) => return Err(e.into()),
            };
            self.received += 1;
            // Empty bucket: nothing could be delivered, so don't even parse
            // (keeps a flood down to the cost of the syscall).
            let t = now();
            if !self.limiter.ready(t) {
                self.rate_limited += 1;
                continue;
            }
            let ev = match ra::parse(self.ifindex, Some(src), &self.buf[..len]) {
                Ok(ev) => ev,
                Err(_) => {
                    self.invalid += 1;
                    continue;
                }
            };
            let repeat = matches!(&self.last, Some((last, at))
                if *last == ev && t.as_millis().saturating_sub(at.as_millis()) < REPEAT_MS);
            if repeat || !self.limiter.take(t) {
                self.rate_limited += 1;
                continue;
            }
            self.last = Some((ev.clone(), t));
            sink(ev);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rtnl::testns::{NsPair, in_ns};
    use std::net::{Ipv6Addr, SocketAddrV6};
    use std::time::Duration;

    #[test]
    fn limiter_burst_then_rate() {
        let t0 = Instant::from_secs(100);
        let mut l = Limiter::new(t0);
        assert_eq!((0..20).filter(|_| l.take(t0)).count(), 10);
        assert!(!l.take(t0 + Duration::from_millis(99)));
        assert!(l.take(t0 + Duration::from_millis(100)));
        // One second later: 10 more, no more.
        let t1 = t0 + Duration::from_millis(1100);
        assert_eq!((0..20).filter(|_| l.take(t1)).count(), 10);
        // Time going backwards doesn't mint tokens.
        assert!(!l.take(t0));
    }

    /// RA header + RDNSS so events differ by `tag`.
    fn ra_bytes(managed: bool, tag: u16) -> Vec<u8> {
        let mut b = vec![134, 0, 0, 0, 64, if managed { 0x80 } else { 0 }, 0x07, 0x08];
        b.extend_from_slice(&[0; 8]);
        b.extend_from_slice(&[25, 3, 0, 0, 0, 0, 0, 60]);
        let mut a = [0u8; 16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[14..].copy_from_slice(&tag.to_be_bytes());
        b.extend_from_slice(&a);
        b
    }

    /// Raw ICMPv6 sender on `ifname` in the current thread's netns.
    fn sender(ifname: &str, hops: i32) -> (OwnedFd, u32) {
        let fd = socket(
            AddressFamily::Inet6,
            SockType::Raw,
            SockFlag::SOCK_CLOEXEC,
            SockProtocol::IcmpV6,
        )
        .unwrap();
        setsockopt(&fd, sockopt::BindToDevice, &ifname.into()).unwrap();
        let v: libc::c_int = hops;
        // SAFETY: plain int option.
        let r = unsafe {
            libc::setsockopt(
                fd.as_raw_fd(),
                libc::IPPROTO_IPV6,
                libc::IPV6_MULTICAST_HOPS,
                (&v as *const libc::c_int).cast(),
                4,
            )
        };
        assert_eq!(r, 0);
        (fd, nix::net::if_::if_nametoindex(ifname).unwrap())
    }

    fn send(fd: &OwnedFd, ifindex: u32, b: &[u8]) {
        let dst = SockaddrIn6::from(SocketAddrV6::new(
            Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 1),
            0,
            0,
            ifindex,
        ));
        nix::sys::socket::sendto(fd.as_raw_fd(), b, &dst, MsgFlags::empty()).unwrap();
    }

    /// Poll `t` until `want` events or `ms` elapse.
    fn collect(t: &mut RawTrigger, want: usize, ms: u64) -> Vec<RaEvent> {
        let mut out = Vec::new();
        let end = std::time::Instant::now() + Duration::from_millis(ms);
        while out.len() < want && std::time::Instant::now() < end {
            let mut pfd = [nix::poll::PollFd::new(
                t.fd.as_fd(),
                nix::poll::PollFlags::POLLIN,
            )];
            let _ = nix::poll::poll(&mut pfd, 50u16);
            t.recv(&mut |e| out.push(e)).unwrap();
        }
        out
    }

    fn open_in(ns: &str, ifname: &'static str) -> RawTrigger {
        in_ns(ns, move || {
            let ix = nix::net::if_::if_nametoindex(ifname).unwrap();
            RawTrigger::open(ix, ifname).unwrap()
        })
    }

    /// forwarding=1 and accept_ra 0, 1 and 2 on the receiver: the raw
    /// socket sees the RA regardless; hop limit 64 is dropped; an RA on a
    /// second link between the same namespaces is not delivered.
    #[test]
    fn netns_receive_hoplimit_other_interface() {
        for accept_ra in [0, 1, 2] {
            let ns = NsPair::new(accept_ra);
            ns.veth("va2", "vb2");
            let mut rx = open_in(&ns.b, "vb");
            let mut rx2 = open_in(&ns.b, "vb2");
            let (tx, txi) = in_ns(&ns.a, || sender("va", 255));
            let (tx64, tx64i) = in_ns(&ns.a, || sender("va", 64));
            let (tx2, tx2i) = in_ns(&ns.a, || sender("va2", 255));

            send(&tx, txi, &ra_bytes(true, 1));
            let evs = collect(&mut rx, 1, 3000);
            assert_eq!(evs.len(), 1, "accept_ra={accept_ra}");
            assert!(evs[0].managed);
            assert!(ra::valid_source(&evs[0].source.unwrap()));
            assert_eq!(evs[0].rdnss[0].0.segments()[7], 1);
            assert_eq!(rx.counters(), (1, 0));

            send(&tx64, tx64i, &ra_bytes(false, 2));
            send(&tx2, tx2i, &ra_bytes(false, 3));
            // rx2 proves the second-link RA was really sent.
            assert_eq!(collect(&mut rx2, 1, 3000).len(), 1);
            assert!(collect(&mut rx, 1, 300).is_empty());
            assert_eq!(rx.counters(), (2, 1), "hop limit 64 counted invalid");

            // Garbage with hop limit 255: counted invalid, not delivered.
            send(&tx, txi, &[134, 0, 0, 0, 1, 2, 3]);
            assert!(collect(&mut rx, 1, 300).is_empty());
            assert_eq!(rx.counters(), (3, 2));
        }
    }

    /// A flood of differing RAs: deliveries stay within the bucket, and
    /// the CPU spent receiving is printed (run with --nocapture to see it).
    #[test]
    fn netns_flood_rate_limited() {
        let ns = NsPair::new(1);
        let mut rx = open_in(&ns.b, "vb");
        let (tx, txi) = in_ns(&ns.a, || sender("va", 255));
        let start = std::time::Instant::now();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop2 = stop.clone();
        // ~10k RAs/s for one second, each different.
        let h = std::thread::spawn(move || {
            let mut sent = 0u32;
            let t0 = std::time::Instant::now();
            while t0.elapsed() < Duration::from_secs(1) {
                for _ in 0..100 {
                    send(&tx, txi, &ra_bytes(true, sent as u16));
                    sent += 1;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            stop2.store(true, std::sync::atomic::Ordering::SeqCst);
            sent
        });
        let cpu0 = clock_gettime(ClockId::CLOCK_THREAD_CPUTIME_ID).unwrap();
        let mut delivered = 0u64;
        while !stop.load(std::sync::atomic::Ordering::SeqCst) {
            let mut pfd = [nix::poll::PollFd::new(
                rx.fd.as_fd(),
                nix::poll::PollFlags::POLLIN,
            )];
            let _ = nix::poll::poll(&mut pfd, 50u16);
            rx.recv(&mut |_| delivered += 1).unwrap();
        }
        std::thread::sleep(Duration::from_millis(100));
        rx.recv(&mut |_| delivered += 1).unwrap();
        let cpu = clock_gettime(ClockId::CLOCK_THREAD_CPUTIME_ID).unwrap() - cpu0;
        let sent = h.join().unwrap();
        let secs = start.elapsed().as_secs_f64();
        let (received, invalid) = rx.counters();
        eprintln!(
            "flood: sent {sent} in {secs:.2}s, received {received}, invalid {invalid}, \
             delivered {delivered}, rate-limited {}, receiver CPU {:.1} ms",
            rx.rate_limited(),
            nix::sys::time::TimeValLike::num_nanoseconds(&cpu) as f64 / 1e6
        );
        assert!(received > 1000, "flood did not arrive");
        assert_eq!(invalid, 0);
        assert!(delivered >= 10);
        assert!(
            delivered as f64 <= 10.0 + secs * 10.0 + 1.0,
            "delivered {delivered}"
        );
        assert_eq!(received, delivered + rx.rate_limited());
    }

    /// Identical RAs within a second are suppressed without using tokens.
    #[test]
    fn netns_repeat_suppressed() {
        let ns = NsPair::new(1);
        let mut rx = open_in(&ns.b, "vb");
        let (tx, txi) = in_ns(&ns.a, || sender("va", 255));
        for _ in 0..30 {
            send(&tx, txi, &ra_bytes(true, 7));
        }
        send(&tx, txi, &ra_bytes(false, 7));
        let evs = collect(&mut rx, 2, 2000);
        assert_eq!(evs.len(), 2);
        assert!(evs[0].managed && !evs[1].managed);
        assert_eq!(rx.rate_limited(), 29);
    }
}
