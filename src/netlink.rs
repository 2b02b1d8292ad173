//! Netlink framing shared by rtnetlink and the kernel hook: messages and
//! attributes in a datagram, and requests built in a fixed buffer.
//! Netlink is host-endian (big-endian on MIPS routers): every field goes
//! through `to_ne_bytes`/`from_ne_bytes`.

use std::io;
use std::os::fd::{AsRawFd, OwnedFd};

use nix::sys::socket::{self, NetlinkAddr, SockFlag};

pub const NLMSG_HDRLEN: usize = 16;
pub const NLMSG_NOOP: u16 = 1;
pub const NLMSG_ERROR: u16 = 2;
pub const NLMSG_DONE: u16 = 3;
pub const NLMSG_OVERRUN: u16 = 4;
pub const NLM_F_REQUEST: u16 = 1;
pub const NLM_F_MULTI: u16 = 2;
pub const NLM_F_ACK: u16 = 4;
const NLA_TYPE_MASK: u16 = 0x3fff;

pub fn align4(n: usize) -> usize {
    (n + 3) & !3
}

pub fn ne16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

pub fn ne32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

pub fn ne64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_ne_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Netlink messages in a datagram: (type, flags, seq, payload). Stops at
/// the first malformed header.
pub fn messages(mut b: &[u8]) -> impl Iterator<Item = (u16, u16, u32, &[u8])> {
    core::iter::from_fn(move || {
        let len = ne32(b, 0)? as usize;
        if len < NLMSG_HDRLEN || len > b.len() {
            return None;
        }
        let m = (ne16(b, 4)?, ne16(b, 6)?, ne32(b, 8)?, &b[NLMSG_HDRLEN..len]);
        b = &b[align4(len).min(b.len())..];
        Some(m)
    })
}

/// Attributes: (type, data). Stops at the first malformed one.
pub fn attrs(mut b: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    core::iter::from_fn(move || {
        let len = usize::from(ne16(b, 0)?);
        if len < 4 || len > b.len() {
            return None;
        }
        let a = (ne16(b, 2)? & NLA_TYPE_MASK, &b[4..len]);
        b = &b[align4(len).min(b.len())..];
        Some(a)
    })
}

/// The errno of an NLMSG_ERROR payload (0 = ack), as a positive number.
pub fn error_code(payload: &[u8]) -> Option<i32> {
    ne32(payload, 0).map(|e| (e as i32).saturating_neg())
}

/// A request under construction in a fixed buffer.
pub struct Req {
    buf: [u8; 256],
    len: usize,
}

impl Req {
    /// `flags` gets NLM_F_REQUEST added.
    pub fn new(ty: u16, flags: u16, seq: u32) -> Req {
        let mut r = Req {
            buf: [0; 256],
            len: NLMSG_HDRLEN,
        };
        r.buf[4..6].copy_from_slice(&ty.to_ne_bytes());
        r.buf[6..8].copy_from_slice(&(flags | NLM_F_REQUEST).to_ne_bytes());
        r.buf[8..12].copy_from_slice(&seq.to_ne_bytes());
        r
    }

    /// Append `b` and pad to 4. An overflow is reported by `bytes()`
    /// instead of panicking.
    pub fn put(&mut self, b: &[u8]) -> &mut Self {
        let end = align4(self.len + b.len());
        if let Some(dst) = self.buf.get_mut(self.len..self.len + b.len()) {
            dst.copy_from_slice(b);
        }
        self.len = end;
        self
    }

    pub fn attr(&mut self, ty: u16, data: &[u8]) -> &mut Self {
        let [l0, l1] = ((4 + data.len()) as u16).to_ne_bytes();
        let [t0, t1] = ty.to_ne_bytes();
        self.put(&[l0, l1, t0, t1]);
        self.put(data)
    }

    pub fn bytes(&mut self) -> io::Result<&[u8]> {
        if self.len > self.buf.len() {
            return Err(io::Error::from(io::ErrorKind::InvalidInput));
        }
        let len = self.len as u32;
        self.buf[..4].copy_from_slice(&len.to_ne_bytes());
        Ok(&self.buf[..self.len])
    }
}

/// A netlink socket of `protocol`, bound with a kernel-chosen port id.
pub fn socket(protocol: i32, flags: SockFlag) -> io::Result<OwnedFd> {
    // nix's SockProtocol has no variant for private units: use libc.
    // SAFETY: plain socket(2); the fd is wrapped at once.
    let fd = unsafe {
        nix::libc::socket(
            nix::libc::AF_NETLINK,
            nix::libc::SOCK_RAW | flags.bits(),
            protocol,
        )
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fd is a fresh descriptor we own.
    let fd = unsafe { <OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(fd) };
    socket::bind(fd.as_raw_fd(), &NetlinkAddr::new(0, 0))?;
    Ok(fd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_and_parse_round_trip() {
        let mut r = Req::new(0x5201, NLM_F_ACK, 7);
        r.attr(3, &42u64.to_ne_bytes()).attr(6, &[1, 2, 3]);
        let b = r.bytes().unwrap().to_vec();
        assert_eq!(b.len(), 16 + 12 + 8);
        let (ty, flags, seq, p) = messages(&b).next().unwrap();
        assert_eq!((ty, flags, seq), (0x5201, NLM_F_ACK | NLM_F_REQUEST, 7));
        let a: Vec<_> = attrs(p).collect();
        assert_eq!(a[0], (3, &42u64.to_ne_bytes()[..]));
        assert_eq!(a[1], (6, &[1u8, 2, 3][..]));
        // Truncations never panic and never yield a partial message.
        for n in 0..b.len() {
            assert!(messages(&b[..n]).all(|(_, _, _, p)| p.len() <= n));
            let _ = attrs(&b[16..n.max(16)]).count();
        }
    }
}
