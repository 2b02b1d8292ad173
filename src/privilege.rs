//! Dropping privilege once the sockets are open. ra6c keeps only what it
//! still uses: CAP_NET_RAW (reopening the raw socket when the hook goes,
//! Router Solicitations), CAP_NET_ADMIN (addresses and routes in
//! standalone mode, registering with the hook) and CAP_NET_BIND_SERVICE
//! (port 546, should the socket be reopened). With `--user` it also
//! leaves root; the state script then runs as that user too, so use it
//! where the script doesn't need root (netifd's dhcpv6.script does).

use std::io;

use log::info;
use nix::libc;

const CAP_NET_BIND_SERVICE: u32 = 10;
const CAP_NET_ADMIN: u32 = 12;
const CAP_NET_RAW: u32 = 13;
const KEEP: u32 = (1 << CAP_NET_BIND_SERVICE) | (1 << CAP_NET_ADMIN) | (1 << CAP_NET_RAW);
/// _LINUX_CAPABILITY_VERSION_3: two 32-bit words per set (since 2.6.26).
const VERSION_3: u32 = 0x2008_0522;

#[repr(C)]
struct Header {
    version: u32,
    pid: i32,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
struct Data {
    effective: u32,
    permitted: u32,
    inheritable: u32,
}

fn capget() -> io::Result<[Data; 2]> {
    let mut h = Header {
        version: VERSION_3,
        pid: 0,
    };
    let mut d = [Data::default(); 2];
    // SAFETY: capget(2) with a v3 header and two data structs.
    let r = unsafe { libc::syscall(libc::SYS_capget, &mut h as *mut Header, d.as_mut_ptr()) };
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(d)
    }
}

fn capset(d: &[Data; 2]) -> io::Result<()> {
    let mut h = Header {
        version: VERSION_3,
        pid: 0,
    };
    // SAFETY: capset(2) with a v3 header and two data structs.
    let r = unsafe { libc::syscall(libc::SYS_capset, &mut h as *mut Header, d.as_ptr()) };
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// The capability sets we keep, given the ones we have: never more.
fn reduce(have: [Data; 2]) -> [Data; 2] {
    let keep = have[0].permitted & KEEP;
    [
        Data {
            effective: keep,
            permitted: keep,
            inheritable: 0,
        },
        Data::default(),
    ]
}

/// Keep only the capabilities above; with `user`, become that user first
/// (keeping them across setuid).
pub fn drop(user: Option<&str>) -> io::Result<()> {
    if let Some(name) = user {
        let u = nix::unistd::User::from_name(name)
            .map_err(io::Error::from)?
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("no user {name}")))?;
        // SAFETY: prctl(PR_SET_KEEPCAPS, 1): permitted caps survive setuid.
        if unsafe { libc::prctl(libc::PR_SET_KEEPCAPS, 1, 0, 0, 0) } < 0 {
            return Err(io::Error::last_os_error());
        }
        nix::unistd::setgroups(&[u.gid])?;
        nix::unistd::setgid(u.gid)?;
        nix::unistd::setuid(u.uid)?;
        info!("running as {name} ({})", u.uid);
    }
    let d = reduce(capget()?);
    capset(&d)?;
    info!("capabilities kept: {:#x}", d[0].effective);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_the_three_and_never_adds() {
        let all = Data {
            effective: u32::MAX,
            permitted: u32::MAX,
            inheritable: 7,
        };
        let d = reduce([all, all]);
        assert_eq!(d[0].permitted, KEEP);
        assert_eq!(d[0].effective, KEEP);
        assert_eq!(d[0].inheritable, 0);
        assert_eq!(d[1].permitted, 0, "nothing above capability 31");
        let some = Data {
            permitted: 1 << CAP_NET_RAW,
            ..Data::default()
        };
        assert_eq!(reduce([some, some])[0].permitted, 1 << CAP_NET_RAW);
    }

    #[test]
    fn capget_works_here() {
        let d = capget().unwrap();
        // As root the full set; as anyone, a superset of what we'd keep
        // only if we hold it.
        assert_eq!(reduce(d)[0].permitted & !d[0].permitted, 0);
    }
}
