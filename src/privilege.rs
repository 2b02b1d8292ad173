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
        let passwd = crate::file::read_to_string(std::path::Path::new("/etc/passwd"))?;
        let (uid, gid) = lookup(&passwd, name)
            .ok_or_else(|| crate::error::io(io::ErrorKind::NotFound, format!("no user {name}")))?;
        // SAFETY: prctl(PR_SET_KEEPCAPS, 1): permitted caps survive setuid.
        if unsafe { libc::prctl(libc::PR_SET_KEEPCAPS, 1, 0, 0, 0) } < 0 {
            return Err(io::Error::last_os_error());
        }
        ids::set(uid, gid)?;
        info!("running as {name} ({uid})");
    }
    let d = reduce(capget()?);
    capset(&d)?;
    info!("capabilities kept: {:#x}", d[0].effective);
    Ok(())
}

/// `name`'s uid and gid in passwd(5) text: what musl's getpwnam() reads
/// on OpenWrt (no NSS; its nscd query finds no daemon), without its stdio
/// and nscd code (~6 KiB on mipsel).
fn lookup(passwd: &str, name: &str) -> Option<(u32, u32)> {
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        if f.next()? != name {
            return None;
        }
        let _password = f.next()?;
        let mut id = || crate::number::parse::<u32>(f.next()?);
        Some((id()?, id()?))
    })
}

/// setgroups, setgid, setuid as the bare system calls. musl's wrappers
/// make every thread of the process change ids (`__synccall`, signalling
/// each); ra6c has one thread, so the calling thread's change is the
/// process's.
mod ids {
    use std::io;

    use nix::libc::{self, c_long};

    #[cfg(target_arch = "arm")]
    use libc::{SYS_setgid32 as SETGID, SYS_setgroups32 as SETGROUPS, SYS_setuid32 as SETUID};
    // 32-bit ids everywhere else ra6c runs (mips o32, aarch64, x86_64).
    #[cfg(not(target_arch = "arm"))]
    use libc::{SYS_setgid as SETGID, SYS_setgroups as SETGROUPS, SYS_setuid as SETUID};

    fn check(r: c_long) -> io::Result<()> {
        if r < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }

    /// Supplementary groups just `gid`, then the gid, then the uid.
    pub fn set(uid: u32, gid: u32) -> io::Result<()> {
        let groups = [gid];
        // SAFETY: plain system calls; `groups` holds one gid_t.
        unsafe {
            check(libc::syscall(SETGROUPS, 1 as c_long, groups.as_ptr()))?;
            check(libc::syscall(SETGID, gid as c_long))?;
            check(libc::syscall(SETUID, uid as c_long))
        }
    }
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
    fn users_as_getpwnam_finds_them() {
        let passwd = "root:x:0:0:root:/root:/bin/ash\n\
                      # not a user\n\
                      broken:x:abc:1:::\n\
                      network:x:101:101:network:/var:/bin/false\n\
                      ra6c:*:1000:65534::/var/run/ra6c:/bin/false\n";
        assert_eq!(lookup(passwd, "root"), Some((0, 0)));
        assert_eq!(lookup(passwd, "network"), Some((101, 101)));
        assert_eq!(lookup(passwd, "ra6c"), Some((1000, 65534)));
        assert_eq!(lookup(passwd, "broken"), None);
        assert_eq!(lookup(passwd, "nobody"), None);
        assert_eq!(lookup(passwd, "ra6"), None);
        // This machine's own file agrees with getpwnam() for root.
        let text = std::fs::read_to_string("/etc/passwd").unwrap();
        let u = nix::unistd::User::from_name("root").unwrap().unwrap();
        assert_eq!(
            lookup(&text, "root"),
            Some((u.uid.as_raw(), u.gid.as_raw()))
        );
    }

    /// The bare system calls change what getpwnam's user would get: in a
    /// forked child (so the test process keeps root), ids and groups.
    #[test]
    fn ids_are_set_by_the_bare_calls() {
        use nix::sys::wait::{WaitStatus, waitpid};
        use nix::unistd::{ForkResult, fork, getgid, getgroups, getuid};
        assert!(
            nix::unistd::geteuid().is_root(),
            "this test needs root (CI runs as root)"
        );
        // SAFETY: the child makes system calls only and leaves by _exit.
        match unsafe { fork() }.unwrap() {
            ForkResult::Child => {
                let ok = ids::set(65534, 65533).is_ok()
                    && getuid().as_raw() == 65534
                    && getgid().as_raw() == 65533
                    && getgroups().is_ok_and(|g| g.len() == 1 && g[0].as_raw() == 65533)
                    // No way back: the uid change was real.
                    && ids::set(0, 0).is_err();
                // SAFETY: leave the forked child without running the harness.
                unsafe { libc::_exit(if ok { 0 } else { 1 }) }
            }
            ForkResult::Parent { child } => {
                assert_eq!(waitpid(child, None).unwrap(), WaitStatus::Exited(child, 0));
            }
        }
    }

    #[test]
    fn capget_works_here() {
        let d = capget().unwrap();
        // As root the full set; as anyone, a superset of what we'd keep
        // only if we hold it.
        assert_eq!(reduce(d)[0].permitted & !d[0].permitted, 0);
    }
}
