//! Vendor BSPs' "RA received" netlink patch, as an RA source: the client
//! sends its pid once on a private netlink protocol and the kernel
//! unicasts a bare message of one type to that pid for every RA. The
//! message says nothing about the RA, so each one is taken as the vendor
//! clients take it: M set, start (or keep) stateful DHCPv6. Protocol
//! number and message type are configurable because every BSP picked its
//! own; ra6notify's `legacy=1` mode speaks the same protocol.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};

use log::info;
use nix::errno::Errno;
use nix::sys::socket::{self, MsgFlags, SockFlag};

use super::Trigger;
use crate::netlink::{self, Req, messages};
use crate::ra::RaEvent;

pub struct LegacyTrigger {
    fd: OwnedFd,
    ifindex: u32,
    msg_type: u16,
    received: u64,
    ignored: u64,
}

impl LegacyTrigger {
    pub fn open(proto: u32, msg_type: u16, ifindex: u32) -> io::Result<Self> {
        let fd = netlink::socket(
            proto as i32,
            SockFlag::SOCK_CLOEXEC | SockFlag::SOCK_NONBLOCK,
        )?;
        // The registration: our pid as the payload, no ack in this protocol.
        let mut req = Req::new(msg_type, 0, 0);
        req.put(&std::process::id().to_ne_bytes());
        socket::send(fd.as_raw_fd(), req.bytes()?, MsgFlags::empty())?;
        info!("legacy hook: registered on netlink protocol {proto}, message type {msg_type}");
        Ok(LegacyTrigger {
            fd,
            ifindex,
            msg_type,
            received: 0,
            ignored: 0,
        })
    }
}

impl Trigger for LegacyTrigger {
    fn name(&self) -> &'static str {
        "legacy"
    }

    fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    fn recv(&mut self, sink: &mut dyn FnMut(RaEvent)) -> io::Result<()> {
        let mut buf = [0u8; 512];
        loop {
            let n = match socket::recv(self.fd.as_raw_fd(), &mut buf, MsgFlags::MSG_DONTWAIT) {
                Ok(n) => n,
                Err(Errno::EAGAIN) => return Ok(()),
                Err(Errno::EINTR | Errno::ENOBUFS) => continue,
                Err(e) => return Err(e.into()),
            };
            for (ty, _, _, _) in messages(&buf[..n]) {
                if ty != self.msg_type {
                    self.ignored += 1;
                    continue;
                }
                self.received += 1;
                sink(RaEvent {
                    ifindex: self.ifindex,
                    managed: true,
                    ..RaEvent::default()
                });
            }
        }
    }

    fn counters(&self) -> (u64, u64) {
        (self.received, self.ignored)
    }
}
