//! The few rtnetlink messages ra6c needs, by hand (the rtnetlink crate
//! would pull in tokio).
//!
//! Netlink headers and attributes are host-endian (`to_ne_bytes`), IPv6
//! addresses network order; everything is 4-byte aligned (NLMSG_ALIGN,
//! RTA_ALIGN). Two sockets: a non-blocking one subscribed to link and
//! IPv6 address events, and a blocking one for requests, so ACKs never mix
//! with events.

use std::io;
use std::net::Ipv6Addr;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};

use nix::errno::Errno;
use nix::sys::socket::{
    AddressFamily, MsgFlags, NetlinkAddr, SockFlag, SockProtocol, SockType, bind, recvfrom, send,
    setsockopt, socket, sockopt,
};
use nix::sys::time::TimeVal;

use crate::netlink::{NLM_F_ACK, NLMSG_DONE, NLMSG_ERROR, Req, attrs, messages, ne32};

// linux/netlink.h, linux/rtnetlink.h, linux/if_addr.h, linux/if_link.h
const NLM_F_REPLACE: u16 = 0x100;
const NLM_F_CREATE: u16 = 0x400;
const RTM_NEWLINK: u16 = 16;
const RTM_DELLINK: u16 = 17;
const RTM_GETLINK: u16 = 18;
const RTM_NEWADDR: u16 = 20;
const RTM_DELADDR: u16 = 21;
const RTM_GETADDR: u16 = 22;
const RTM_NEWROUTE: u16 = 24;
const RTM_DELROUTE: u16 = 25;
const RTMGRP_LINK: u32 = 0x1;
const RTMGRP_IPV6_IFADDR: u32 = 0x100;
const AF_UNSPEC: u8 = 0;
const AF_INET6: u8 = 10;
const IFLA_ADDRESS: u16 = 1;
const IFLA_IFNAME: u16 = 3;
const IFLA_MTU: u16 = 4;
const IFLA_EXT_MASK: u16 = 29;
const RTEXT_FILTER_SKIP_STATS: u32 = 1 << 3;
const IFF_UP: u32 = 0x1;
const IFF_POINTOPOINT: u32 = 0x10;
const IFF_RUNNING: u32 = 0x40;
const NLM_F_DUMP: u16 = 0x300;
const IFA_ADDRESS: u16 = 1;
const IFA_LOCAL: u16 = 2;
const IFA_CACHEINFO: u16 = 6;
const IFA_FLAGS: u16 = 8;
const IFA_F_DADFAILED: u32 = 0x08;
const IFA_F_TENTATIVE: u32 = 0x40;
const IFA_F_NOPREFIXROUTE: u32 = 0x200;
const RTA_DST: u16 = 1;
const RTA_OIF: u16 = 4;
const RTA_GATEWAY: u16 = 5;
const RTA_PRIORITY: u16 = 6;
const RTA_EXPIRES: u16 = 23;
const RT_TABLE_MAIN: u8 = 254;
/// `proto dhcp` in `ip route`: marks our routes and limits deletes to them.
const RTPROT_DHCP: u8 = 16;
const RTN_UNICAST: u8 = 1;
const RTN_UNREACHABLE: u8 = 7;

/// Receive buffer: a RTM_NEWLINK with IFLA_AF_SPEC can be several KiB;
/// allocated once per socket.
const RX_LEN: usize = 32 * 1024;

/// What `link()` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkInfo {
    pub ifindex: u32,
    pub mac: Option<[u8; 6]>,
    /// IFF_UP and IFF_RUNNING: administratively up and operationally up
    /// (carrier, not dormant). This is the kernel's own "ready for
    /// addrconf/DAD" test (`netif_oper_up`), so DAD results are meaningful.
    pub up: bool,
    pub mtu: u32,
    /// IFF_POINTOPOINT (PPP, tun): no on-link prefixes, as odhcp6c.
    pub point_to_point: bool,
}

/// Events for one interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RtnlEvent {
    /// Reported on change only (edge), including the first state seen
    /// after `open` or an `Overrun`.
    LinkUp,
    LinkDown,
    LinkRemoved,
    /// RTM_NEWADDR with IFA_F_DADFAILED, or RTM_DELADDR of an address that
    /// was still tentative while the link was up and we hadn't deleted it
    /// ourselves (Linux 3.10 deletes without DADFAILED).
    DadFailed(Ipv6Addr),
    /// RTM_NEWADDR of a usable address: neither tentative nor DAD-failed.
    /// Repeats when the kernel re-announces (lifetime updates).
    AddressAdded(Ipv6Addr),
    AddressRemoved(Ipv6Addr),
    /// The event socket overflowed (ENOBUFS): events were lost. Re-read
    /// the link state with `link()` and re-check installed addresses.
    Overrun,
}

/// A route to install.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteKind {
    Unicast {
        via: Option<Ipv6Addr>,
    },
    /// Blackhole with ICMPv6 unreachable: the CE-router loop protection for
    /// a delegated prefix (RFC 7084 WPD-5). Bound to no interface (the
    /// kernel puts reject routes on `lo`), so `ifindex` is ignored.
    Unreachable,
}

/// A decoded event-socket message before per-interface state is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Raw {
    Link {
        ifindex: u32,
        up: bool,
    },
    LinkGone {
        ifindex: u32,
    },
    Addr {
        ifindex: u32,
        new: bool,
        addr: Ipv6Addr,
        flags: u32,
    },
}

fn addr(b: &[u8]) -> Option<Ipv6Addr> {
    let a: [u8; 16] = b.get(..16)?.try_into().ok()?;
    (b.len() == 16).then(|| Ipv6Addr::from(a))
}

/// ifinfomsg: family u8, pad u8, type u16, index i32, flags u32, change u32.
fn parse_link(p: &[u8]) -> Option<LinkInfo> {
    if p.len() < 16 || p[0] != AF_UNSPEC {
        return None;
    }
    let flags = ne32(p, 8)?;
    let mut li = LinkInfo {
        ifindex: ne32(p, 4)?,
        mac: None,
        up: flags & (IFF_UP | IFF_RUNNING) == IFF_UP | IFF_RUNNING,
        mtu: 0,
        point_to_point: flags & IFF_POINTOPOINT != 0,
    };
    for (ty, d) in attrs(&p[16..]) {
        match ty {
            IFLA_ADDRESS => li.mac = d.try_into().ok(),
            IFLA_MTU => li.mtu = ne32(d, 0).unwrap_or(0),
            _ => {}
        }
    }
    Some(li)
}

/// One event-socket message. Bridge-port messages (family AF_BRIDGE: a
/// port leaving a bridge is an RTM_DELLINK) and non-IPv6 are ignored.
fn decode(ty: u16, p: &[u8]) -> Option<Raw> {
    match ty {
        RTM_NEWLINK => parse_link(p).map(|l| Raw::Link {
            ifindex: l.ifindex,
            up: l.up,
        }),
        RTM_DELLINK => parse_link(p).map(|l| Raw::LinkGone { ifindex: l.ifindex }),
        RTM_NEWADDR | RTM_DELADDR => {
            // ifaddrmsg: family, prefixlen, flags, scope u8; index u32.
            if p.len() < 8 || p[0] != AF_INET6 {
                return None;
            }
            let mut flags = u32::from(p[2]);
            let (mut local, mut address) = (None, None);
            for (t, d) in attrs(&p[8..]) {
                match t {
                    IFA_ADDRESS => address = addr(d),
                    IFA_LOCAL => local = addr(d),
                    // 3.14+: the full flags; ifa_flags holds only 8 bits.
                    IFA_FLAGS => flags = ne32(d, 0).unwrap_or(flags),
                    _ => {}
                }
            }
            // With a peer, IFA_LOCAL is ours and IFA_ADDRESS the peer.
            Some(Raw::Addr {
                ifindex: ne32(p, 4)?,
                new: ty == RTM_NEWADDR,
                addr: local.or(address)?,
                flags,
            })
        }
        _ => None,
    }
}

fn usable_link_local(a: &Ipv6Addr, flags: u32) -> bool {
    a.is_unicast_link_local() && flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED) == 0
}

/// Every rtnetlink request here wants an ACK, so errors come back.
fn req(ty: u16, flags: u16, seq: u32) -> Req {
    Req::new(ty, flags | NLM_F_ACK, seq)
}

fn ifaddrmsg(len: u8, ifindex: u32) -> [u8; 8] {
    let i = ifindex.to_ne_bytes();
    [AF_INET6, len, 0, 0, i[0], i[1], i[2], i[3]]
}

fn rtmsg(len: u8, kind: RouteKind) -> [u8; 12] {
    let ty = match kind {
        RouteKind::Unicast { .. } => RTN_UNICAST,
        RouteKind::Unreachable => RTN_UNREACHABLE,
    };
    // family, dst_len, src_len, tos, table, protocol, scope (universe),
    // type; flags u32 = 0.
    [
        AF_INET6,
        len,
        0,
        0,
        RT_TABLE_MAIN,
        RTPROT_DHCP,
        0,
        ty,
        0,
        0,
        0,
        0,
    ]
}

/// The parts of a route request (what `add_route`/`del_route` take).
#[derive(Clone, Copy)]
struct RouteSpec {
    ifindex: u32,
    dst: Ipv6Addr,
    len: u8,
    kind: RouteKind,
    metric: u32,
    lifetime: Option<u32>,
}

fn route_req(ty: u16, flags: u16, seq: u32, rs: RouteSpec) -> Req {
    let RouteSpec {
        ifindex,
        dst,
        len,
        kind,
        metric,
        lifetime,
    } = rs;
    let mut r = req(ty, flags, seq);
    r.put(&rtmsg(len, kind));
    if len > 0 {
        r.attr(RTA_DST, &dst.octets());
    }
    if let RouteKind::Unicast { via } = kind {
        r.attr(RTA_OIF, &ifindex.to_ne_bytes());
        if let Some(gw) = via {
            r.attr(RTA_GATEWAY, &gw.octets());
        }
    }
    r.attr(RTA_PRIORITY, &metric.to_ne_bytes());
    // RTA_EXPIRES for IPv6 exists since Linux 4.9 (older kernels ignore
    // it: the route is then permanent until we delete it).
    if let Some(l) = lifetime.filter(|&l| l != u32::MAX) {
        r.attr(RTA_EXPIRES, &l.to_ne_bytes());
    }
    r
}

fn invalid(what: &str) -> io::Error {
    crate::error::io(io::ErrorKind::InvalidInput, what.to_string())
}

/// Addresses we deleted ourselves, so their RTM_DELADDR isn't taken for
/// a DAD failure when they were still tentative.
const OWN_DELETES: usize = 8;

/// The rtnetlink sockets.
pub struct Rtnl {
    events: OwnedFd,
    requests: OwnedFd,
    seq: u32,
    rx: Box<[u8]>,
    /// Last link state reported per interface (one interface in practice).
    link_state: Option<(u32, bool)>,
    own_deletes: [Option<Ipv6Addr>; OWN_DELETES],
    own_next: usize,
}

fn nl_socket(flags: SockFlag) -> io::Result<OwnedFd> {
    Ok(socket(
        AddressFamily::Netlink,
        SockType::Raw,
        flags | SockFlag::SOCK_CLOEXEC,
        SockProtocol::NetlinkRoute,
    )?)
}

impl Rtnl {
    pub fn open() -> io::Result<Self> {
        let events = nl_socket(SockFlag::SOCK_NONBLOCK)?;
        // Larger than the default so a burst (many interfaces changing at
        // once on a router) doesn't overrun; an overrun is still handled.
        setsockopt(&events, sockopt::RcvBuf, &(256 * 1024))?;
        bind(
            events.as_raw_fd(),
            &NetlinkAddr::new(0, RTMGRP_LINK | RTMGRP_IPV6_IFADDR),
        )?;
        let requests = nl_socket(SockFlag::empty())?;
        // A lost reply must not hang the client forever.
        setsockopt(&requests, sockopt::ReceiveTimeout, &TimeVal::new(5, 0))?;
        bind(requests.as_raw_fd(), &NetlinkAddr::new(0, 0))?;
        Ok(Rtnl {
            events,
            requests,
            seq: 1,
            rx: vec![0; RX_LEN].into_boxed_slice(),
            link_state: None,
            own_deletes: [None; OWN_DELETES],
            own_next: 0,
        })
    }

    /// The event socket, to poll for readability.
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.events.as_fd()
    }

    fn next_seq(&mut self) -> u32 {
        self.seq = self.seq.wrapping_add(1).max(1);
        self.seq
    }

    /// Send a request and read until its ACK, calling `on_reply` for every
    /// other message with our sequence number. A NACK becomes the io::Error
    /// for its errno (e.g. EEXIST, EADDRNOTAVAIL, ESRCH, ENODEV).
    fn transact(&mut self, req: &[u8], on_reply: &mut dyn FnMut(u16, &[u8])) -> io::Result<()> {
        let seq = ne32(req, 8).unwrap_or(0);
        send(self.requests.as_raw_fd(), req, MsgFlags::empty())?;
        loop {
            let (n, from) = match recvfrom::<NetlinkAddr>(self.requests.as_raw_fd(), &mut self.rx) {
                Ok(r) => r,
                Err(Errno::EINTR) => continue,
                Err(Errno::EAGAIN) => return Err(io::ErrorKind::TimedOut.into()),
                Err(e) => return Err(e.into()),
            };
            if from.is_some_and(|a| a.pid() != 0) {
                continue;
            }
            let rx = &self.rx[..n.min(self.rx.len())];
            for (ty, _flags, s, p) in messages(rx) {
                if s != seq {
                    continue; // a late reply to an earlier, timed-out request
                }
                match ty {
                    NLMSG_ERROR => {
                        let code = ne32(p, 0).map(|c| c as i32).unwrap_or(-(Errno::EIO as i32));
                        return if code == 0 {
                            Ok(())
                        } else {
                            Err(io::Error::from_raw_os_error(code.saturating_neg()))
                        };
                    }
                    NLMSG_DONE => return Ok(()),
                    _ => on_reply(ty, p),
                }
            }
        }
    }

    /// RTM_GETLINK by name.
    pub fn link(&mut self, ifname: &str) -> io::Result<LinkInfo> {
        if ifname.is_empty() || ifname.len() > 15 || ifname.contains('\0') {
            return Err(invalid("bad interface name"));
        }
        let seq = self.next_seq();
        let mut r = req(RTM_GETLINK, 0, seq);
        r.put(&[0u8; 16]); // ifinfomsg, AF_UNSPEC, index 0: look up by name
        let mut name = [0u8; 16];
        name[..ifname.len()].copy_from_slice(ifname.as_bytes());
        r.attr(IFLA_IFNAME, &name[..=ifname.len()]);
        // Smaller reply; kernels that don't know the mask ignore it.
        r.attr(IFLA_EXT_MASK, &RTEXT_FILTER_SKIP_STATS.to_ne_bytes());
        let mut found = None;
        let req = r.bytes()?;
        self.transact(req, &mut |ty, p| {
            if ty == RTM_NEWLINK {
                found = found.or(parse_link(p));
            }
        })?;
        let li = found.ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?;
        if self.link_state.is_none_or(|(i, _)| i == li.ifindex) {
            self.link_state = Some((li.ifindex, li.up));
        }
        Ok(li)
    }

    /// The interface's link-local address once usable (DAD done): the
    /// first in the kernel's list, as odhcp6c takes its source address
    /// for the routers' group. Changes arrive later as `AddressAdded`.
    pub fn link_local(&mut self, ifindex: u32) -> io::Result<Option<Ipv6Addr>> {
        let seq = self.next_seq();
        let mut r = req(RTM_GETADDR, NLM_F_DUMP, seq);
        r.put(&ifaddrmsg(0, ifindex));
        let mut found = None;
        let req = r.bytes()?;
        self.transact(req, &mut |ty, p| {
            // Older kernels dump every interface's: filter here.
            if let Some(Raw::Addr {
                ifindex: i,
                addr,
                flags,
                ..
            }) = decode(ty, p)
                && i == ifindex
                && usable_link_local(&addr, flags)
            {
                found = found.or(Some(addr));
            }
        })?;
        Ok(found)
    }

    /// Drain the event socket, calling `sink` for events about `ifindex`.
    pub fn recv(&mut self, ifindex: u32, sink: &mut dyn FnMut(RtnlEvent)) -> io::Result<()> {
        loop {
            let (n, from) = match recvfrom::<NetlinkAddr>(self.events.as_raw_fd(), &mut self.rx) {
                Ok(r) => r,
                Err(Errno::EINTR) => continue,
                Err(Errno::EAGAIN) => return Ok(()),
                Err(Errno::ENOBUFS) => {
                    self.link_state = None;
                    sink(RtnlEvent::Overrun);
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            // Only the kernel multicasts rtnetlink events; drop anything a
            // privileged process might inject.
            if from.is_some_and(|a| a.pid() != 0) {
                continue;
            }
            // Borrow the buffer out so `apply` can update state (no copy).
            let rx = core::mem::take(&mut self.rx);
            let len = n.min(rx.len());
            for (t, _, _, p) in messages(&rx[..len]) {
                if let Some(ev) = decode(t, p).and_then(|raw| self.apply(ifindex, raw)) {
                    sink(ev);
                }
            }
            self.rx = rx;
        }
    }

    /// Turn a decoded message into an event for `ifindex`, updating state.
    fn apply(&mut self, ifindex: u32, raw: Raw) -> Option<RtnlEvent> {
        match raw {
            Raw::Link { ifindex: i, up } if i == ifindex => {
                if self.link_state == Some((i, up)) {
                    return None;
                }
                self.link_state = Some((i, up));
                Some(if up {
                    RtnlEvent::LinkUp
                } else {
                    RtnlEvent::LinkDown
                })
            }
            Raw::LinkGone { ifindex: i } if i == ifindex => {
                self.link_state = None;
                Some(RtnlEvent::LinkRemoved)
            }
            Raw::Addr {
                ifindex: i,
                new,
                addr,
                flags,
            } if i == ifindex => {
                if new {
                    if flags & IFA_F_DADFAILED != 0 {
                        Some(RtnlEvent::DadFailed(addr))
                    } else if flags & IFA_F_TENTATIVE == 0 {
                        Some(RtnlEvent::AddressAdded(addr))
                    } else {
                        None // DAD running: wait for its outcome
                    }
                } else {
                    let ours = self.own_deletes.iter_mut().find(|a| **a == Some(addr));
                    let own = ours.map(|a| a.take()).is_some();
                    let link_down = self.link_state == Some((i, false));
                    let failed = flags & IFA_F_DADFAILED != 0
                        || (flags & IFA_F_TENTATIVE != 0 && !own && !link_down);
                    Some(if failed {
                        RtnlEvent::DadFailed(addr)
                    } else {
                        RtnlEvent::AddressRemoved(addr)
                    })
                }
            }
            _ => None,
        }
    }

    /// Add or update an address (RTM_NEWADDR, NLM_F_CREATE|NLM_F_REPLACE:
    /// a renewal only updates lifetimes, DAD isn't re-run). `u32::MAX` is
    /// infinite. DAD runs (no IFA_F_NODAD) so a duplicate shows up as
    /// `DadFailed` and can be Declined; with a finite `valid` the kernel
    /// deletes the address on failure.
    ///
    /// IFA_F_NOPREFIXROUTE (Linux 3.14+, ignored before): an IA_NA address
    /// says nothing about which prefix is on-link (RFC 9915 §21.6 leaves
    /// that to RAs' PIO L flag, RFC 5942); without it the kernel would add
    /// a `len` route (for a /128, a useless host route in the main table).
    pub fn add_address(
        &mut self,
        ifindex: u32,
        addr: Ipv6Addr,
        len: u8,
        preferred: u32,
        valid: u32,
    ) -> io::Result<()> {
        if len > 128 || valid == 0 || preferred > valid {
            return Err(invalid("bad address length or lifetimes"));
        }
        let seq = self.next_seq();
        let mut r = req(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, seq);
        r.put(&ifaddrmsg(len, ifindex));
        r.attr(IFA_ADDRESS, &addr.octets());
        // ifa_cacheinfo: preferred, valid, cstamp, tstamp.
        let mut ci = [0u8; 16];
        ci[..4].copy_from_slice(&preferred.to_ne_bytes());
        ci[4..8].copy_from_slice(&valid.to_ne_bytes());
        r.attr(IFA_CACHEINFO, &ci);
        r.attr(IFA_FLAGS, &IFA_F_NOPREFIXROUTE.to_ne_bytes());
        let req = r.bytes()?;
        self.transact(req, &mut |_, _| {})
    }

    /// Remove an address; `len` must match the one it was added with.
    /// Absent: EADDRNOTAVAIL.
    pub fn del_address(&mut self, ifindex: u32, addr: Ipv6Addr, len: u8) -> io::Result<()> {
        if len > 128 {
            return Err(invalid("bad prefix length"));
        }
        let seq = self.next_seq();
        let mut r = req(RTM_DELADDR, 0, seq);
        r.put(&ifaddrmsg(len, ifindex));
        r.attr(IFA_ADDRESS, &addr.octets());
        let req = r.bytes()?;
        // Record first: the RTM_DELADDR event may be read before the ACK.
        self.own_deletes[self.own_next] = Some(addr);
        self.own_next = (self.own_next + 1) % OWN_DELETES;
        self.transact(req, &mut |_, _| {})
    }

    /// Add or replace a route in the main table, `proto dhcp`. `lifetime`
    /// (seconds; None or u32::MAX = permanent) becomes RTA_EXPIRES where the
    /// kernel supports it (4.9+).
    pub fn add_route(
        &mut self,
        ifindex: u32,
        dst: Ipv6Addr,
        len: u8,
        kind: RouteKind,
        metric: u32,
        lifetime: Option<u32>,
    ) -> io::Result<()> {
        if len > 128 {
            return Err(invalid("bad prefix length"));
        }
        let seq = self.next_seq();
        let flags = NLM_F_CREATE | NLM_F_REPLACE;
        let rs = RouteSpec {
            ifindex,
            dst,
            len,
            kind,
            metric,
            lifetime,
        };
        let mut r = route_req(RTM_NEWROUTE, flags, seq, rs);
        let req = r.bytes()?;
        self.transact(req, &mut |_, _| {})
    }

    /// Remove a route added by `add_route` (same arguments). Absent: ESRCH.
    pub fn del_route(
        &mut self,
        ifindex: u32,
        dst: Ipv6Addr,
        len: u8,
        kind: RouteKind,
        metric: u32,
    ) -> io::Result<()> {
        if len > 128 {
            return Err(invalid("bad prefix length"));
        }
        let seq = self.next_seq();
        let rs = RouteSpec {
            ifindex,
            dst,
            len,
            kind,
            metric,
            lifetime: None,
        };
        let mut r = route_req(RTM_DELROUTE, 0, seq, rs);
        let req = r.bytes()?;
        self.transact(req, &mut |_, _| {})
    }
}

/// Network-namespace helpers for the root-only tests (also used by
/// `trigger::raw`).
#[cfg(test)]
pub(crate) mod testns {
    use std::process::Command;
    use std::sync::atomic::{AtomicU32, Ordering};

    static NEXT: AtomicU32 = AtomicU32::new(0);

    pub(crate) fn sh(args: &[&str]) -> String {
        let out = Command::new(args[0])
            .args(&args[1..])
            .output()
            .expect("spawn");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Two namespaces `a` and `b` joined by veth `va` (in a) – `vb` (in b),
    /// both up, forwarding=1 everywhere (OpenWrt), `accept_ra` on `vb` as
    /// given, DAD off for addresses (so link-locals are usable at once).
    /// Deleted on drop.
    pub(crate) struct NsPair {
        pub a: String,
        pub b: String,
    }

    impl NsPair {
        /// Two fresh namespaces joined by a veth pair. Needs root, which
        /// CI has: without it the test fails here, it doesn't skip.
        pub(crate) fn new(accept_ra: u8) -> NsPair {
            assert!(
                nix::unistd::geteuid().is_root(),
                "this test needs root (CI runs as root)"
            );
            let n = NEXT.fetch_add(1, Ordering::SeqCst);
            let pid = std::process::id();
            let p = NsPair {
                a: format!("ra6c-t{pid}-{n}a"),
                b: format!("ra6c-t{pid}-{n}b"),
            };
            for ns in [&p.a, &p.b] {
                sh(&["ip", "netns", "add", ns]);
                sh(&[
                    "ip",
                    "netns",
                    "exec",
                    ns,
                    "sysctl",
                    "-qw",
                    "net.ipv6.conf.all.forwarding=1",
                    "net.ipv6.conf.default.forwarding=1",
                    "net.ipv6.conf.all.accept_dad=0",
                    "net.ipv6.conf.default.accept_dad=0",
                ]);
                sh(&["ip", "-n", ns, "link", "set", "lo", "up"]);
            }
            p.veth("va", "vb");
            let s = format!("net.ipv6.conf.vb.accept_ra={accept_ra}");
            sh(&["ip", "netns", "exec", &p.b, "sysctl", "-qw", &s]);
            p
        }

        /// Another veth pair between the two, up.
        pub(crate) fn veth(&self, a_if: &str, b_if: &str) {
            sh(&[
                "ip", "link", "add", a_if, "netns", &self.a, "type", "veth", "peer", "name", b_if,
                "netns", &self.b,
            ]);
            sh(&["ip", "-n", &self.a, "link", "set", a_if, "up"]);
            sh(&["ip", "-n", &self.b, "link", "set", b_if, "up"]);
            // Until linkwatch sees the carrier the qdisc drops everything;
            // and the link-local must exist (the RA source) before sending.
            for (ns, dev) in [(&self.a, a_if), (&self.b, b_if)] {
                let end = std::time::Instant::now() + std::time::Duration::from_secs(5);
                loop {
                    let l = sh(&["ip", "-n", ns, "-o", "link", "show", "dev", dev]);
                    let a = sh(&[
                        "ip", "-n", ns, "-o", "-6", "addr", "show", "dev", dev, "scope", "link",
                    ]);
                    if l.contains("state UP") && a.contains("fe80") && !a.contains("tentative") {
                        break;
                    }
                    assert!(
                        std::time::Instant::now() < end,
                        "{ns}/{dev} not up: {l} {a}"
                    );
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
            }
        }
    }

    impl Drop for NsPair {
        fn drop(&mut self) {
            for ns in [&self.a, &self.b] {
                let _ = Command::new("ip").args(["netns", "del", ns]).status();
            }
        }
    }

    /// Run `f` on a new thread that has entered netns `ns` (setns affects
    /// only the calling thread; sockets keep the namespace they were made in).
    pub(crate) fn in_ns<T: Send + 'static>(ns: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
        let path = format!("/var/run/netns/{ns}");
        std::thread::spawn(move || {
            use std::os::fd::AsRawFd;
            let file = std::fs::File::open(&path).expect("netns file");
            // SAFETY: plain syscall on a valid fd.
            let r = unsafe { nix::libc::setns(file.as_raw_fd(), nix::libc::CLONE_NEWNET) };
            assert_eq!(r, 0, "setns {path}");
            f()
        })
        .join()
        .expect("netns thread")
    }
}

#[cfg(test)]
mod tests {
    use super::testns::{NsPair, in_ns, sh};
    use super::*;
    use std::time::{Duration, Instant};

    use crate::wire::unhex as hex;

    fn a(s: &str) -> Ipv6Addr {
        s.parse().unwrap()
    }

    // Captured from Linux 6.18 (x86_64, so little-endian host order) with a
    // NETLINK_ROUTE socket bound to RTMGRP_IPV6_IFADDR, ifindex 2:
    /// `ip addr add 2001:db8::5/64 valid_lft 600 preferred_lft 300 nodad`
    const NEWADDR_NODAD: &str = "480000001400000000000000000000000a400200020000001400010020010db8000000000000000000000005140006002c01000058020000a4840100a48401000800080002000000";
    /// Same address as the peer's, with DAD: first tentative...
    const NEWADDR_TENTATIVE: &str = "480000001400000000000000000000000a804000020000001400010020010db8000000000000000000000099140006005802000058020000a5840100a58401000800080040000000";
    /// ...then deleted with tentative|dadfailed (finite lifetime).
    const DELADDR_DADFAILED: &str = "480000001500000000000000000000000a804800020000001400010020010db8000000000000000000000099140006005802000058020000a5840100a58401000800080048000000";

    fn decode_all(b: &[u8]) -> Vec<Raw> {
        messages(b)
            .filter_map(|(t, _, _, p)| decode(t, p))
            .collect()
    }

    #[cfg(target_endian = "little")]
    #[test]
    fn captured_kernel_messages() {
        let r = decode_all(&hex(NEWADDR_NODAD));
        assert_eq!(
            r,
            [Raw::Addr {
                ifindex: 2,
                new: true,
                addr: a("2001:db8::5"),
                flags: 0x02
            }]
        );
        let mut all = hex(NEWADDR_TENTATIVE);
        all.extend(hex(DELADDR_DADFAILED));
        let mut rt = Rtnl::open().unwrap();
        let evs: Vec<_> = decode_all(&all)
            .into_iter()
            .filter_map(|r| rt.apply(2, r))
            .collect();
        assert_eq!(evs, [RtnlEvent::DadFailed(a("2001:db8::99"))]);
        // Other interface: nothing.
        assert!(
            decode_all(&all)
                .into_iter()
                .all(|r| rt.apply(3, r).is_none())
        );
    }

    /// The DAD-failure rules without a kernel (endian-neutral).
    #[test]
    fn apply_rules() {
        let mut rt = Rtnl::open().unwrap();
        let x = a("2001:db8::1");
        let del = |flags| Raw::Addr {
            ifindex: 4,
            new: false,
            addr: x,
            flags,
        };
        let new = |flags| Raw::Addr {
            ifindex: 4,
            new: true,
            addr: x,
            flags,
        };
        // 3.10: deleted while tentative, no DADFAILED.
        assert_eq!(
            rt.apply(4, del(IFA_F_TENTATIVE)),
            Some(RtnlEvent::DadFailed(x))
        );
        assert_eq!(rt.apply(4, del(0)), Some(RtnlEvent::AddressRemoved(x)));
        assert_eq!(rt.apply(4, new(IFA_F_TENTATIVE)), None);
        assert_eq!(
            rt.apply(4, new(IFA_F_TENTATIVE | IFA_F_DADFAILED)),
            Some(RtnlEvent::DadFailed(x))
        );
        assert_eq!(rt.apply(4, new(0x80)), Some(RtnlEvent::AddressAdded(x)));
        // Link known down: a tentative delete is just a removal.
        assert_eq!(
            rt.apply(
                4,
                Raw::Link {
                    ifindex: 4,
                    up: false
                }
            ),
            Some(RtnlEvent::LinkDown)
        );
        assert_eq!(
            rt.apply(
                4,
                Raw::Link {
                    ifindex: 4,
                    up: false
                }
            ),
            None
        );
        assert_eq!(
            rt.apply(4, del(IFA_F_TENTATIVE)),
            Some(RtnlEvent::AddressRemoved(x))
        );
        assert_eq!(
            rt.apply(
                4,
                Raw::Link {
                    ifindex: 4,
                    up: true
                }
            ),
            Some(RtnlEvent::LinkUp)
        );
        assert_eq!(rt.apply(4, Raw::LinkGone { ifindex: 5 }), None);
        assert_eq!(
            rt.apply(4, Raw::LinkGone { ifindex: 4 }),
            Some(RtnlEvent::LinkRemoved)
        );
    }

    /// Every truncation of real messages (and byte flips) decodes without
    /// panicking.
    #[test]
    fn truncated_and_garbage() {
        let mut all = hex(NEWADDR_NODAD);
        all.extend(hex(NEWADDR_TENTATIVE));
        all.extend(hex(DELADDR_DADFAILED));
        for n in 0..=all.len() {
            let _ = decode_all(&all[..n]);
            for (t, _, _, p) in messages(&all[..n]) {
                for m in 0..=p.len() {
                    let _ = decode(t, &p[..m]);
                    let _ = parse_link(&p[..m]);
                }
            }
        }
        let mut x = 0x9e37_79b9u32;
        for _ in 0..5000 {
            let mut b = all.clone();
            for _ in 0..3 {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                let i = x as usize % b.len();
                b[i] = (x >> 24) as u8;
            }
            let _ = decode_all(&b);
        }
    }

    /// Build with host-endian helpers, parse back: holds on either endian.
    #[test]
    fn build_and_parse_roundtrip() {
        let mut r = req(RTM_NEWADDR, NLM_F_CREATE, 77);
        r.put(&ifaddrmsg(64, 9));
        r.attr(IFA_ADDRESS, &a("2001:db8::7").octets());
        r.attr(
            IFA_FLAGS,
            &(IFA_F_TENTATIVE | IFA_F_DADFAILED).to_ne_bytes(),
        );
        let b = r.bytes().unwrap().to_vec();
        assert_eq!(b.len() % 4, 0);
        assert_eq!(ne32(&b, 0), Some(b.len() as u32));
        let m: Vec<_> = messages(&b).collect();
        assert_eq!(m.len(), 1);
        assert_eq!(
            (m[0].0, m[0].1, m[0].2),
            (
                RTM_NEWADDR,
                NLM_F_CREATE | crate::netlink::NLM_F_REQUEST | NLM_F_ACK,
                77
            )
        );
        assert_eq!(
            decode(m[0].0, m[0].3),
            Some(Raw::Addr {
                ifindex: 9,
                new: true,
                addr: a("2001:db8::7"),
                flags: 0x48
            })
        );
        // Attribute with odd length is padded; next one still found.
        let mut r = req(RTM_GETLINK, 0, 1);
        r.put(&[0; 16])
            .attr(IFLA_IFNAME, b"eth0\0")
            .attr(IFLA_MTU, &1500u32.to_ne_bytes());
        let b = r.bytes().unwrap().to_vec();
        let (_, _, _, p) = messages(&b).next().unwrap();
        let at: Vec<_> = attrs(&p[16..]).collect();
        assert_eq!(
            at,
            [
                (IFLA_IFNAME, &b"eth0\0"[..]),
                (IFLA_MTU, &1500u32.to_ne_bytes()[..])
            ]
        );
        // Route message: unreachable carries no OIF.
        let rs = RouteSpec {
            ifindex: 5,
            dst: a("2001:db8::"),
            len: 48,
            kind: RouteKind::Unreachable,
            metric: 1,
            lifetime: Some(60),
        };
        let mut r = route_req(RTM_NEWROUTE, 0, 1, rs);
        let b = r.bytes().unwrap().to_vec();
        let (_, _, _, p) = messages(&b).next().unwrap();
        assert_eq!(p[7], RTN_UNREACHABLE);
        let types: Vec<u16> = attrs(&p[12..]).map(|(t, _)| t).collect();
        assert_eq!(types, [RTA_DST, RTA_PRIORITY, RTA_EXPIRES]);
    }

    fn wait_for(
        rt: &mut Rtnl,
        ifindex: u32,
        ms: u64,
        mut done: impl FnMut(&RtnlEvent) -> bool,
    ) -> Vec<RtnlEvent> {
        let mut got = Vec::new();
        let end = Instant::now() + Duration::from_millis(ms);
        while Instant::now() < end {
            let mut pfd = [nix::poll::PollFd::new(
                rt.events.as_fd(),
                nix::poll::PollFlags::POLLIN,
            )];
            let _ = nix::poll::poll(&mut pfd, 50u16);
            let mut hit = false;
            rt.recv(ifindex, &mut |e| {
                hit |= done(&e);
                got.push(e)
            })
            .unwrap();
            if hit {
                break;
            }
        }
        got
    }

    #[test]
    fn netns_link_addresses_routes() {
        let ns = NsPair::new(1);
        let b = ns.b.clone();
        in_ns(&ns.b, move || {
            let mut rt = Rtnl::open().unwrap();
            let li = rt.link("vb").unwrap();
            let ix = nix::net::if_::if_nametoindex("vb").unwrap();
            assert_eq!(li.ifindex, ix);
            assert!(li.up);
            assert_eq!(li.mtu, 1500);
            assert!(li.mac.is_some_and(|m| m != [0; 6]));
            assert_eq!(
                rt.link("nosuch0").unwrap_err().raw_os_error(),
                Some(libc_enodev())
            );

            rt.add_address(ix, a("2001:db8:1::5"), 128, 300, 600)
                .unwrap();
            // Replace (renew) is fine.
            rt.add_address(ix, a("2001:db8:1::5"), 128, 400, 800)
                .unwrap();
            let out = sh(&["ip", "-6", "addr", "show", "dev", "vb"]);
            assert!(out.contains("2001:db8:1::5/128"), "{out}");
            assert!(
                out.contains("valid_lft 800sec preferred_lft 400sec"),
                "{out}"
            );
            // No prefix route for it.
            let routes = sh(&["ip", "-6", "route", "show", "dev", "vb"]);
            assert!(!routes.contains("2001:db8:1::5"), "{routes}");
            // Usable (accept_dad=0): AddressAdded.
            let evs = wait_for(&mut rt, ix, 1000, |e| {
                matches!(e, RtnlEvent::AddressAdded(_))
            });
            assert!(
                evs.contains(&RtnlEvent::AddressAdded(a("2001:db8:1::5"))),
                "{evs:?}"
            );

            rt.add_route(
                ix,
                a("2001:db8:2::"),
                56,
                RouteKind::Unicast {
                    via: Some(a("fe80::1")),
                },
                10,
                Some(100),
            )
            .unwrap();
            rt.add_route(
                ix,
                a("2001:db8:3::"),
                48,
                RouteKind::Unreachable,
                2000,
                None,
            )
            .unwrap();
            let out = sh(&["ip", "-6", "route", "show", "table", "main"]);
            assert!(
                out.contains("2001:db8:2::/56 via fe80::1 dev vb proto dhcp metric 10 expires"),
                "{out}"
            );
            assert!(
                out.contains("unreachable 2001:db8:3::/48 dev lo proto dhcp metric 2000"),
                "{out}"
            );

            rt.del_route(
                ix,
                a("2001:db8:2::"),
                56,
                RouteKind::Unicast {
                    via: Some(a("fe80::1")),
                },
                10,
            )
            .unwrap();
            rt.del_route(ix, a("2001:db8:3::"), 48, RouteKind::Unreachable, 2000)
                .unwrap();
            let e = rt
                .del_route(ix, a("2001:db8:3::"), 48, RouteKind::Unreachable, 2000)
                .unwrap_err();
            assert_eq!(e.raw_os_error(), Some(Errno::ESRCH as i32));
            let out = sh(&["ip", "-6", "route", "show", "table", "main"]);
            assert!(
                !out.contains("2001:db8:2::") && !out.contains("2001:db8:3::"),
                "{out}"
            );

            rt.del_address(ix, a("2001:db8:1::5"), 128).unwrap();
            let e = rt.del_address(ix, a("2001:db8:1::5"), 128).unwrap_err();
            assert_eq!(e.raw_os_error(), Some(Errno::EADDRNOTAVAIL as i32));
            let evs = wait_for(&mut rt, ix, 1000, |e| {
                matches!(e, RtnlEvent::AddressRemoved(_))
            });
            assert!(
                evs.contains(&RtnlEvent::AddressRemoved(a("2001:db8:1::5"))),
                "{evs:?}"
            );
            assert!(rt.add_address(ix, a("2001:db8::1"), 64, 10, 5).is_err());

            // Link down / up edges; bridge-less, so AF_UNSPEC messages only.
            sh(&["ip", "link", "set", "vb", "down"]);
            let evs = wait_for(&mut rt, ix, 1000, |e| *e == RtnlEvent::LinkDown);
            assert_eq!(
                evs.iter().filter(|e| **e == RtnlEvent::LinkDown).count(),
                1,
                "{evs:?}"
            );
            sh(&["ip", "link", "set", "vb", "up"]);
            let evs = wait_for(&mut rt, ix, 1000, |e| *e == RtnlEvent::LinkUp);
            assert!(evs.contains(&RtnlEvent::LinkUp), "{evs:?}");
            sh(&["ip", "link", "del", "vb"]);
            let evs = wait_for(&mut rt, ix, 1000, |e| *e == RtnlEvent::LinkRemoved);
            assert!(evs.contains(&RtnlEvent::LinkRemoved), "{evs:?}");
            let _ = b;
        });
    }

    /// The link-local (the RA addresses' interface id): read at start,
    /// none while tentative, the new one seen as AddressAdded; a tun
    /// device has no MAC and is point-to-point.
    #[test]
    fn netns_link_local() {
        let ns = NsPair::new(1);
        in_ns(&ns.b, move || {
            let mut rt = Rtnl::open().unwrap();
            let ix = nix::net::if_::if_nametoindex("vb").unwrap();
            let shown = sh(&[
                "ip", "-6", "-o", "addr", "show", "dev", "vb", "scope", "link",
            ]);
            let ll = rt.link_local(ix).unwrap().expect("vb has a link-local");
            assert!(shown.contains(&format!("{ll}/64")), "{ll} vs {shown}");
            assert!(!rt.link("vb").unwrap().point_to_point);
            // No link-local (addrgenmode none): None, not another
            // interface's.
            sh(&[
                "ip", "link", "add", "d0", "type", "veth", "peer", "name", "d1",
            ]);
            sh(&["ip", "link", "set", "d0", "addrgenmode", "none"]);
            sh(&["ip", "link", "set", "d1", "addrgenmode", "none", "up"]);
            sh(&["ip", "link", "set", "d0", "up"]);
            let d0 = nix::net::if_::if_nametoindex("d0").unwrap();
            assert_eq!(rt.link_local(d0).unwrap(), None);
            // Tentative (DAD on for d0) is not usable yet.
            sh(&["sysctl", "-qw", "net.ipv6.conf.d0.accept_dad=1"]);
            sh(&["sysctl", "-qw", "net.ipv6.conf.d0.dad_transmits=1"]);
            sh(&["ip", "addr", "add", "fe80::d0/64", "dev", "d0"]);
            let out = sh(&["ip", "-6", "addr", "show", "dev", "d0"]);
            if out.contains("tentative") {
                assert_eq!(rt.link_local(d0).unwrap(), None, "{out}");
            }
            let evs = wait_for(&mut rt, d0, 3000, |e| {
                *e == RtnlEvent::AddressAdded(a("fe80::d0"))
            });
            assert!(
                evs.contains(&RtnlEvent::AddressAdded(a("fe80::d0"))),
                "{evs:?}"
            );
            assert_eq!(rt.link_local(d0).unwrap(), Some(a("fe80::d0")));
            sh(&["ip", "tuntap", "add", "dev", "tn0", "mode", "tun"]);
            let tun = rt.link("tn0").unwrap();
            sh(&["ip", "link", "del", "tn0"]);
            assert!(tun.point_to_point && tun.mac.is_none(), "{tun:?}");
        });
    }

    /// The peer already has the address (nodad); ours adds it with DAD and
    /// a finite lifetime: the kernel deletes it, and we see DadFailed.
    #[test]
    fn netns_dad_failure() {
        let ns = NsPair::new(1);
        sh(&[
            "ip",
            "-n",
            &ns.a,
            "-6",
            "addr",
            "add",
            "2001:db8:9::99/64",
            "dev",
            "va",
            "nodad",
        ]);
        let s = "net.ipv6.conf.vb.accept_dad=1";
        sh(&["ip", "netns", "exec", &ns.b, "sysctl", "-qw", s]);
        for (valid, what) in [(600u32, "finite"), (u32::MAX, "infinite")] {
            let evs = in_ns(&ns.b, move || {
                let mut rt = Rtnl::open().unwrap();
                let ix = nix::net::if_::if_nametoindex("vb").unwrap();
                rt.add_address(ix, a("2001:db8:9::99"), 128, valid, valid)
                    .unwrap();
                let evs = wait_for(&mut rt, ix, 5000, |e| matches!(e, RtnlEvent::DadFailed(_)));
                let _ = rt.del_address(ix, a("2001:db8:9::99"), 128);
                evs
            });
            assert!(
                evs.contains(&RtnlEvent::DadFailed(a("2001:db8:9::99"))),
                "{what}: {evs:?}"
            );
            assert!(
                !evs.iter().any(|e| matches!(e, RtnlEvent::AddressAdded(_))),
                "{what}: {evs:?}"
            );
        }
    }

    /// Our own delete of a still-tentative address is not a DAD failure.
    #[test]
    fn netns_own_delete_while_tentative() {
        let ns = NsPair::new(1);
        let s = "net.ipv6.conf.vb.accept_dad=1";
        sh(&["ip", "netns", "exec", &ns.b, "sysctl", "-qw", s]);
        let evs = in_ns(&ns.b, || {
            let mut rt = Rtnl::open().unwrap();
            let ix = nix::net::if_::if_nametoindex("vb").unwrap();
            rt.add_address(ix, a("2001:db8:8::1"), 128, 60, 60).unwrap();
            rt.del_address(ix, a("2001:db8:8::1"), 128).unwrap();
            wait_for(&mut rt, ix, 500, |e| {
                matches!(e, RtnlEvent::AddressRemoved(_))
            })
        });
        assert_eq!(evs, [RtnlEvent::AddressRemoved(a("2001:db8:8::1"))]);
    }

    /// Taking the link down while DAD runs deletes the tentative address;
    /// RTM_NEWLINK (down) comes first, so it is not a DAD failure.
    #[test]
    fn netns_link_down_during_dad() {
        let ns = NsPair::new(1);
        let s = "net.ipv6.conf.vb.accept_dad=1";
        sh(&["ip", "netns", "exec", &ns.b, "sysctl", "-qw", s]);
        let evs = in_ns(&ns.b, || {
            let mut rt = Rtnl::open().unwrap();
            let ix = nix::net::if_::if_nametoindex("vb").unwrap();
            assert!(rt.link("vb").unwrap().up);
            rt.add_address(ix, a("2001:db8:7::1"), 128, 60, 60).unwrap();
            let out = sh(&["ip", "-6", "addr", "show", "dev", "vb"]);
            assert!(
                out.contains("2001:db8:7::1/128 scope global tentative"),
                "{out}"
            );
            sh(&["ip", "link", "set", "vb", "down"]);
            wait_for(&mut rt, ix, 500, |e| {
                matches!(e, RtnlEvent::AddressRemoved(_))
            })
        });
        // (The link-local's removal follows.)
        assert_eq!(
            evs[..2],
            [
                RtnlEvent::LinkDown,
                RtnlEvent::AddressRemoved(a("2001:db8:7::1"))
            ]
        );
    }

    /// A full event socket reports Overrun, then keeps working.
    #[test]
    fn netns_overrun() {
        let ns = NsPair::new(1);
        let evs = in_ns(&ns.b, || {
            let mut rt = Rtnl::open().unwrap();
            setsockopt(&rt.events, sockopt::RcvBuf, &1024).unwrap();
            let ix = nix::net::if_::if_nametoindex("vb").unwrap();
            for i in 1..=40u16 {
                let x = Ipv6Addr::new(0x2001, 0xdb8, 6, 0, 0, 0, 0, i);
                rt.add_address(ix, x, 128, 60, 60).unwrap();
            }
            let mut evs = wait_for(&mut rt, ix, 300, |_| false);
            rt.add_address(ix, a("2001:db8:6::ffff"), 128, 60, 60)
                .unwrap();
            evs.extend(wait_for(&mut rt, ix, 1000, |e| {
                matches!(e, RtnlEvent::AddressAdded(_))
            }));
            evs
        });
        assert!(evs.contains(&RtnlEvent::Overrun), "{evs:?}");
        assert_eq!(
            evs.last(),
            Some(&RtnlEvent::AddressAdded(a("2001:db8:6::ffff")))
        );
    }

    fn libc_enodev() -> i32 {
        Errno::ENODEV as i32
    }
}
