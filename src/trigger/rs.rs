//! Router Solicitation (RFC 4861 §6.3.7): ask routers for an RA now,
//! instead of waiting up to MaxRtrAdvInterval for the next one. With
//! forwarding=1 the kernel sends none itself, so a router's RA client has
//! to: at start, and after a hook lost events.

use std::io;
use std::net::{Ipv6Addr, SocketAddrV6};
use std::os::fd::AsRawFd;
use std::time::Duration;

use nix::libc;
use nix::sys::socket::{
    self, AddressFamily, MsgFlags, SockFlag, SockProtocol, SockType, SockaddrIn6, setsockopt,
    sockopt,
};

use crate::time::Instant;

const ALL_ROUTERS: Ipv6Addr = Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 2);
/// MAX_RTR_SOLICITATIONS and RTR_SOLICITATION_INTERVAL (RFC 4861 §10).
pub const MAX: u8 = 3;
pub const INTERVAL: Duration = Duration::from_secs(4);

/// The message: type 133, code 0, checksum (the kernel fills it in for
/// raw ICMPv6), reserved, and our link-layer address when we have one.
pub fn message(mac: Option<[u8; 6]>) -> heapless::Vec<u8, 16> {
    let mut m = heapless::Vec::new();
    let _ = m.extend_from_slice(&[133, 0, 0, 0, 0, 0, 0, 0]);
    if let Some(mac) = mac {
        let _ = m.extend_from_slice(&[1, 1]);
        let _ = m.extend_from_slice(&mac);
    }
    m
}

/// Send one RS on `ifname`. Needs CAP_NET_RAW; a failure is for the
/// caller to log, never fatal.
pub fn send(ifname: &str, ifindex: u32, mac: Option<[u8; 6]>) -> io::Result<()> {
    let fd = socket::socket(
        AddressFamily::Inet6,
        SockType::Raw,
        SockFlag::SOCK_CLOEXEC,
        SockProtocol::IcmpV6,
    )?;
    setsockopt(&fd, sockopt::BindToDevice, &ifname.into())?;
    // Hop limit 255 or routers drop it (RFC 4861 §6.1.1).
    setsockopt(&fd, sockopt::Ipv6MulticastHops, &255)?;
    // Don't receive on this socket: it only sends.
    let block_all = [u32::MAX; 8];
    // SAFETY: a valid fd and a 32-byte struct icmp6_filter.
    let r = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::IPPROTO_ICMPV6,
            1, // ICMP6_FILTER
            block_all.as_ptr().cast(),
            size_of_val(&block_all) as libc::socklen_t,
        )
    };
    nix::errno::Errno::result(r)?;
    let to = SockaddrIn6::from(SocketAddrV6::new(ALL_ROUTERS, 0, 0, ifindex));
    socket::sendto(fd.as_raw_fd(), &message(mac), &to, MsgFlags::empty())?;
    Ok(())
}

/// When to solicit: up to MAX times, INTERVAL apart, until an RA comes;
/// never two within INTERVAL, however often it is started (a flood of
/// RAs that loses events must not become a flood of RSs).
#[derive(Debug, Default)]
pub struct Schedule {
    sent: u8,
    next: Option<Instant>,
    last: Option<Instant>,
}

impl Schedule {
    /// Start (again) soliciting at `now`, or INTERVAL after the last one.
    pub fn start(&mut self, now: Instant) {
        self.sent = 0;
        self.next = Some(self.last.map_or(now, |l| (l + INTERVAL).max(now)));
    }

    /// An RA arrived: no more solicitations needed.
    pub fn stop(&mut self) {
        self.next = None;
    }

    pub fn poll_at(&self) -> Option<Instant> {
        self.next
    }

    /// True if one should be sent now; schedules the next.
    pub fn due(&mut self, now: Instant) -> bool {
        match self.next {
            Some(at) if now >= at => {
                self.sent += 1;
                self.last = Some(now);
                self.next = (self.sent < MAX).then(|| now + INTERVAL);
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_layout() {
        assert_eq!(&message(None)[..], &[133, 0, 0, 0, 0, 0, 0, 0]);
        let m = message(Some([2, 0, 0, 0, 0, 1]));
        assert_eq!(&m[8..], &[1, 1, 2, 0, 0, 0, 0, 1]);
    }

    #[test]
    fn three_solicitations_four_seconds_apart_until_an_ra() {
        let mut s = Schedule::default();
        assert_eq!(s.poll_at(), None);
        s.start(Instant::ZERO);
        let mut sent = vec![];
        for ms in (0..20_000).step_by(500) {
            if s.due(Instant::from_millis(ms)) {
                sent.push(ms);
            }
        }
        assert_eq!(sent, [0, 4000, 8000]);
        s.start(Instant::from_secs(30));
        assert!(s.due(Instant::from_secs(30)));
        s.stop();
        assert!(!s.due(Instant::from_secs(40)));
    }

    #[test]
    fn restarts_keep_solicitations_four_seconds_apart() {
        // Started again by every event that reports a loss, during a flood.
        let mut s = Schedule::default();
        let mut sent = vec![];
        for ms in (0..10_000).step_by(100) {
            let t = Instant::from_millis(ms);
            s.start(t);
            if s.due(t) {
                sent.push(ms);
            }
        }
        assert_eq!(sent, [0, 4000, 8000]);
    }
}
