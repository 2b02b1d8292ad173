//! The DHCPv6 client socket: UDP port 546 on one interface (RFC 9915 §7.2).

use std::io;
use std::net::{Ipv6Addr, SocketAddrV6};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};

use nix::libc;
use nix::sys::socket::{self, AddressFamily, SockFlag, SockType, SockaddrIn6, setsockopt, sockopt};

use crate::wire::{CLIENT_PORT, SERVER_PORT};

pub struct Udp {
    fd: OwnedFd,
    ifindex: u32,
}

/// How our packets are marked: odhcp6c's `-K` (SO_PRIORITY: the queue
/// and, through a VLAN's egress-qos-map, the 802.1p priority some ISPs
/// require of DHCPv6) and `-C` (DSCP in the traffic class).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    pub priority: u8,
    pub dscp: u8,
}

impl Marks {
    /// From `-K` and `-C` with odhcp6c's ranges (config.c
    /// `config_set_sk_priority`: 0-6, `config_set_dscp`: 0-63): a value
    /// outside is logged and left at 0, as odhcp6c does, so a command line
    /// odhcp6c runs with starts here too.
    pub fn odhcp6c(priority: i64, dscp: i64) -> Self {
        let pick = |v: i64, max: u8, what: &str| match u8::try_from(v) {
            Ok(v) if v <= max => v,
            _ => {
                log::warn!("{what} {v} is outside 0-{max}, using 0 (as odhcp6c)");
                0
            }
        };
        Marks {
            priority: pick(priority, 6, "-K socket priority"),
            dscp: pick(dscp, 63, "-C DSCP"),
        }
    }
}

fn int_opt(fd: &OwnedFd, level: libc::c_int, name: libc::c_int, v: libc::c_int) -> io::Result<()> {
    // SAFETY: a valid fd and a pointer to a live c_int of the size given.
    let r = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            (&v as *const libc::c_int).cast(),
            size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

impl Udp {
    /// Bound to `[::]:546` on `ifname` only. SO_REUSEADDR with
    /// SO_BINDTODEVICE lets one client per interface share the port, as
    /// odhcp6c instances do.
    pub fn open(ifname: &str, ifindex: u32, marks: Marks) -> io::Result<Self> {
        let fd = socket::socket(
            AddressFamily::Inet6,
            SockType::Datagram,
            SockFlag::SOCK_NONBLOCK | SockFlag::SOCK_CLOEXEC,
            None,
        )?;
        setsockopt(&fd, sockopt::Ipv6V6Only, &true)?;
        setsockopt(&fd, sockopt::ReuseAddr, &true)?;
        setsockopt(
            &fd,
            sockopt::BindToDevice,
            &std::ffi::OsString::from(ifname),
        )?;
        // Belt and braces: `send` scopes every multicast to our interface
        // already, and qemu-user refuses this option (ENOPROTOOPT).
        if let Err(e) = int_opt(
            &fd,
            libc::IPPROTO_IPV6,
            libc::IPV6_MULTICAST_IF,
            ifindex as libc::c_int,
        ) {
            log::debug!("IPV6_MULTICAST_IF: {e}");
        }
        // Our own multicast must not come back to us.
        int_opt(&fd, libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_LOOP, 0)?;
        // The destination of each datagram: a Reconfigure must have been
        // unicast to us (RFC 9915 §16.11). Without it every Reconfigure
        // is refused, nothing else changes.
        if let Err(e) = setsockopt(&fd, sockopt::Ipv6RecvPacketInfo, &true) {
            let e = io::Error::from(e);
            log::warn!("IPV6_RECVPKTINFO: {e}; Reconfigure messages will be refused");
        }
        // As odhcp6c (dhcpv6.c `init_dhcpv6`), on this socket only: RS and
        // the rest keep the defaults. Set only when asked for.
        if marks.priority != 0 {
            int_opt(
                &fd,
                libc::SOL_SOCKET,
                libc::SO_PRIORITY,
                marks.priority.into(),
            )?;
        }
        if marks.dscp != 0 {
            let tclass = libc::c_int::from(marks.dscp) << 2;
            int_opt(&fd, libc::IPPROTO_IPV6, libc::IPV6_TCLASS, tclass)?;
        }
        let any = SockaddrIn6::from(SocketAddrV6::new(Ipv6Addr::UNSPECIFIED, CLIENT_PORT, 0, 0));
        socket::bind(fd.as_raw_fd(), &any)?;
        Ok(Udp { fd, ifindex })
    }

    pub fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    /// Send to `dst` port 547; link-local and multicast destinations get
    /// our interface as scope.
    pub fn send(&self, dst: Ipv6Addr, payload: &[u8]) -> io::Result<()> {
        let scoped = dst.is_multicast() || dst.is_unicast_link_local();
        let scope = if scoped { self.ifindex } else { 0 };
        let to = SockaddrIn6::from(SocketAddrV6::new(dst, SERVER_PORT, 0, scope));
        socket::sendto(self.fd.as_raw_fd(), payload, &to, socket::MsgFlags::empty())?;
        Ok(())
    }

    /// One datagram as (length, source, destination), or `None` when
    /// drained; the destination is `::` if the kernel didn't say. Only
    /// datagrams to port 546 reach this socket; the source port is the
    /// server's business (WIDE dhcp6s answers from an ephemeral one).
    pub fn recv(&self, buf: &mut [u8]) -> io::Result<Option<(usize, Ipv6Addr, Ipv6Addr)>> {
        // Room for IPV6_PKTINFO with its header, aligned for cmsghdr.
        #[repr(C, align(8))]
        struct Cmsg([u8; 64]);
        let mut cmsg = Cmsg([0; 64]);
        loop {
            let mut iov = [io::IoSliceMut::new(&mut *buf)];
            let r = socket::recvmsg::<SockaddrIn6>(
                self.fd.as_raw_fd(),
                &mut iov,
                Some(&mut cmsg.0),
                socket::MsgFlags::MSG_DONTWAIT,
            );
            let msg = match r {
                Ok(m) => m,
                Err(nix::errno::Errno::EAGAIN) => return Ok(None),
                Err(nix::errno::Errno::EINTR) => continue,
                Err(e) => return Err(e.into()),
            };
            let Some(from) = msg.address else { continue };
            let dst = msg
                .cmsgs()
                .ok()
                .and_then(|mut c| {
                    c.find_map(|c| match c {
                        socket::ControlMessageOwned::Ipv6PacketInfo(pi) => {
                            Some(Ipv6Addr::from(pi.ipi6_addr.s6_addr))
                        }
                        _ => None,
                    })
                })
                .unwrap_or(Ipv6Addr::UNSPECIFIED);
            return Ok(Some((msg.bytes, from.ip(), dst)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rtnl::testns::{NsPair, in_ns};
    use nix::sys::socket::{ControlMessageOwned, MsgFlags, getsockopt, recvmsg};
    use std::io::IoSliceMut;

    #[test]
    fn marks_take_odhcp6cs_ranges() {
        let m = |p, d| Marks::odhcp6c(p, d);
        assert_eq!(
            m(5, 46),
            Marks {
                priority: 5,
                dscp: 46
            }
        );
        assert_eq!(
            m(6, 63),
            Marks {
                priority: 6,
                dscp: 63
            }
        );
        // Out of range: logged, 0, and ra6c still starts (odhcp6c does).
        assert_eq!(m(7, 64), Marks::default());
        assert_eq!(m(-1, -1), Marks::default());
        assert_eq!(m(1 << 40, 300), Marks::default());
    }

    /// -K 5 -C 46 on the real socket: SO_PRIORITY 5, and the Solicit
    /// arrives with traffic class 46 << 2 (what odhcp6c's IPV6_TCLASS
    /// sets); without them, class 0.
    #[test]
    fn netns_priority_and_dscp_on_the_wire() {
        let ns = NsPair::new(1);
        let rx = in_ns(&ns.a, || {
            let fd = socket::socket(
                AddressFamily::Inet6,
                SockType::Datagram,
                SockFlag::SOCK_CLOEXEC,
                None,
            )
            .unwrap();
            setsockopt(&fd, sockopt::Ipv6RecvTClass, &true).unwrap();
            let ix = nix::net::if_::if_nametoindex("va").unwrap();
            let req = libc::ipv6_mreq {
                ipv6mr_multiaddr: libc::in6_addr {
                    s6_addr: ALL_SERVERS_ADDR.octets(),
                },
                ipv6mr_interface: ix,
            };
            // SAFETY: a valid fd and a live ipv6_mreq of the size given.
            let r = unsafe {
                libc::setsockopt(
                    fd.as_raw_fd(),
                    libc::IPPROTO_IPV6,
                    libc::IPV6_ADD_MEMBERSHIP,
                    (&req as *const libc::ipv6_mreq).cast(),
                    size_of::<libc::ipv6_mreq>() as libc::socklen_t,
                )
            };
            assert_eq!(r, 0, "join ff02::1:2 on va");
            let any =
                SockaddrIn6::from(SocketAddrV6::new(Ipv6Addr::UNSPECIFIED, SERVER_PORT, 0, 0));
            socket::bind(fd.as_raw_fd(), &any).unwrap();
            fd
        });
        let recv_tclass = || {
            let mut buf = [0u8; 64];
            let mut iov = [IoSliceMut::new(&mut buf)];
            let mut cmsg = nix::cmsg_space!(libc::c_int);
            let m = recvmsg::<SockaddrIn6>(
                rx.as_raw_fd(),
                &mut iov,
                Some(&mut cmsg),
                MsgFlags::empty(),
            )
            .unwrap();
            m.cmsgs()
                .unwrap()
                .find_map(|c| match c {
                    ControlMessageOwned::Ipv6TClass(t) => Some(t),
                    _ => None,
                })
                .expect("a traffic class")
        };
        for (marks, prio, tclass) in [
            (
                Marks {
                    priority: 5,
                    dscp: 46,
                },
                5,
                46 << 2,
            ),
            (Marks::default(), 0, 0),
        ] {
            let udp = in_ns(&ns.b, move || {
                let ix = nix::net::if_::if_nametoindex("vb").unwrap();
                Udp::open("vb", ix, marks).unwrap()
            });
            assert_eq!(getsockopt(&udp.fd, sockopt::Priority).unwrap(), prio);
            udp.send(ALL_SERVERS_ADDR, b"\x01\x00\x00\x01").unwrap();
            assert_eq!(recv_tclass(), tclass, "{marks:?}");
        }
    }

    const ALL_SERVERS_ADDR: Ipv6Addr = crate::wire::ALL_SERVERS;
}
