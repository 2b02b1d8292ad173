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
    pub fn open(ifname: &str, ifindex: u32) -> io::Result<Self> {
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
            log::warn!("IPV6_RECVPKTINFO: {e}; Reconfigure messages will be refused");
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
